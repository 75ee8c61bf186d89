/*
 * Arm ID registers: what an accelerator can provide
 *
 * See cpu-idaccel.h.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idaccel.h"

static bool reg_is_identification(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_IDENTIFICATION);
}

bool arm_idaccel_field_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit,
                          ArmIdLimitRule rule)
{
    const ArmIdField *fl = &arm_idfields[f];

    switch (rule) {
    case ARM_ID_LIMIT_TCG:
        if (reg_is_identification(fl->reg) ||
            fl->safe == ARM_ID_SAFE_HIGHER ||
            fl->safe == ARM_ID_SAFE_HIGHER_OR_ZERO) {
            return true;
        }
        return arm_idfield_order(f, v) <= arm_idfield_order(f, limit);
    case ARM_ID_LIMIT_KERNEL:
        return arm_idfield_value_ok(f, v, limit);
    case ARM_ID_LIMIT_EXACT:
        return v == limit;
    }
    g_assert_not_reached();
}

unsigned arm_idaccel_limit_blockers(const uint64_t *want, const uint64_t *limit,
                                    ArmIdLimitRule rule, const uint64_t *skip,
                                    ArmIdBlocker *out, unsigned max)
{
    unsigned i, n = 0;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *fl = &arm_idfields[i];
        const ArmIdProp *p = arm_idprop_of_field(i);
        uint64_t v = arm_idfield_get(want, i), l = arm_idfield_get(limit, i);

        if (skip && (skip[fl->reg] & arm_idfield_mask(fl))) {
            continue;
        }
        if (p && p->kind == ARM_IDPROP_FRAC && (int)i == p->frac &&
            arm_idfield_get(want, p->field) !=
            arm_idfield_get(limit, p->field)) {
            continue;   /* base.fraction: a different base decides alone */
        }
        if (arm_idaccel_field_ok(i, v, l, rule)) {
            continue;
        }
        if (out && n < max) {
            out[n] = (ArmIdBlocker) { .field = i, .want = v, .have = l };
        }
        n++;
    }
    return n;
}

/*
 * The pointer-authentication algorithm is a choice of the pauth
 * properties, not a limit: TCG implements QARMA5, QARMA3 and its own
 * algorithm at max's level, so any algorithm's address field may take
 * that level, and its generic field 1 with it
 */
static void tcg_pauth_limit(uint64_t *regs)
{
    uint64_t level = 0;
    unsigned i;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *r = arm_idfield_role(i, ARM_IDROLE_PAUTH);

        if (r && g_str_has_prefix(r->arg, "address ")) {
            level = MAX(level, arm_idfield_get(regs, i));
        }
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *r = arm_idfield_role(i, ARM_IDROLE_PAUTH);

        if (r) {
            arm_idfield_set(regs, i, g_str_has_prefix(r->arg, "address ")
                                     ? level : level ? 1 : 0);
        }
    }
}

void arm_idaccel_tcg_limit(uint64_t *regs)
{
    uint64_t ras = arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS);
    bool v1p1 = ras >= 2 ||
        (ras == 1 &&
         arm_idfield_get(regs, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac) == 1);

    /* RAS 1 with RAS_frac 1 is FEAT_RASv1p1, which RAS 2 also says */
    if (ras == 1 && v1p1) {
        arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    }
    /*
     * TCG's RAS registers (minimal_ras_reginfo in target/arm/helper.c) are
     * the same in both states: AArch32 has the AArch64 level
     */
    if (v1p1 && arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS) == 1) {
        arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 2);
    }
    /*
     * AuxReg 2 adds AIFSR and ADFSR to ACTLR: TCG defines them (RAZ/WI,
     * AFSR0_EL1 and AFSR1_EL1 in target/arm/helper.c) for every v7 and
     * later CPU, whatever ID_MMFR0 says
     */
    if (arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg) == 1) {
        arm_idfield_set(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg, 2);
    }
    tcg_pauth_limit(regs);
}

void arm_idaccel_kvm_writable(const uint64_t *masks, bool imp_id_regs,
                              uint64_t *writable)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        writable[r] = reg_is_identification(r) && !imp_id_regs ? 0 : masks[r];
    }
}

/* KVM lets a VMM lower field F although the host's rule is EXACT */
bool arm_idaccel_kvm_lower(ArmIdFieldIdx f)
{
    return arm_idfield_role(f, ARM_IDROLE_KVM_LOWER);
}

/*
 * Does value V of field F pass the rules KVM applies beyond the safe-value
 * rules, in its set_id_*() handlers (the KVM_REFUSES and KVM_REWRITES
 * roles, each naming the kernel function)? Else *RULE says which.
 */
static bool kvm_field_ok(ArmIdFieldIdx f, uint64_t v,
                         const ArmIdRole **rule)
{
    const ArmIdRole *r = arm_idfield_role(f, ARM_IDROLE_KVM_REFUSES);
    const ArmIdRole *w = arm_idfield_role(f, ARM_IDROLE_KVM_REWRITES);
    char *end;

    if (r) {
        uint64_t lo = g_ascii_strtoull(r->arg, &end, 0), hi = lo;

        if (*end == '-') {
            hi = g_ascii_strtoull(end + 1, NULL, 0);
        }
        if (v >= lo && v <= hi) {
            *rule = r;
            return false;
        }
    }
    /* a value KVM stores as 0: the guest would not read it */
    if (w && v != 0 && v == g_ascii_strtoull(w->arg, NULL, 0)) {
        *rule = w;
        return false;
    }
    return true;
}

unsigned arm_idaccel_kvm_blockers(const uint64_t *want, const uint64_t *host,
                                  const uint64_t *writable,
                                  const uint64_t *skip,
                                  ArmIdBlocker *out, unsigned max)
{
    unsigned i, n = 0;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *fl = &arm_idfields[i];
        uint64_t mask = arm_idfield_mask(fl);
        uint64_t v = arm_idfield_get(want, i), h = arm_idfield_get(host, i);
        bool fixed = (writable[fl->reg] & mask) != mask;
        const ArmIdRole *rule;

        if (v == h || (skip && (skip[fl->reg] & mask))) {
            continue;
        }
        /*
         * With KVM_CAP_ARM_WRITABLE_IMP_ID_REGS the identification
         * registers take any value; the kernel checks every other field
         * on its own, _frac ones too, and a field it has no rule for only
         * at the host's value (arm64_check_features())
         */
        rule = NULL;
        if (!fixed && kvm_field_ok(i, v, &rule) &&
            (reg_is_identification(fl->reg) ||
             (!arm_idfield_role(i, ARM_IDROLE_NO_KERNEL_RULE) &&
              (arm_idaccel_kvm_lower(i) ? v <= h
                                        : arm_idfield_value_ok(i, v, h))))) {
            continue;
        }
        if (!rule && !fixed && !reg_is_identification(fl->reg)) {
            rule = arm_idfield_role(i, ARM_IDROLE_NO_KERNEL_RULE);
        }
        if (out && n < max) {
            out[n] = (ArmIdBlocker) {
                .field = i, .want = v, .have = h, .fixed = fixed,
                .rule = rule,
            };
        }
        n++;
    }
    return n;
}

char *arm_idaccel_rule(const ArmIdBlocker *b)
{
    g_auto(GStrv) w = NULL;

    if (!b->rule) {
        return NULL;
    }
    w = g_strsplit(b->rule->arg, " ", 2);
    switch (b->rule->kind) {
    case ARM_IDROLE_KVM_REFUSES:
        return g_strdup_printf("KVM refuses %s there, %s()", w[0], w[1]);
    case ARM_IDROLE_KVM_REWRITES:
        return g_strdup_printf("KVM stores 0 for %s there, %s()", w[0], w[1]);
    default:
        return g_strdup_printf("KVM takes only the host's value of a field "
                               "the kernel has no rule for, %s()",
                               b->rule->text);
    }
}

void arm_idaccel_kvm_vcpu_view(uint64_t *host, bool sve, bool pauth)
{
    if (!sve) {
        arm_idregs_clear_owned(host, "sve");
    }
    if (!pauth) {
        arm_idregs_clear_owned(host, "pauth");
    }
}

unsigned arm_idaccel_kvm_plan(const uint64_t *want, const uint64_t *host,
                              const uint64_t *writable, ArmIdWrite *out,
                              uint64_t *expect)
{
    unsigned r, n = 0;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        uint64_t v = (host[r] & ~writable[r]) | (want[r] & writable[r]);

        if (expect) {
            expect[r] = v;
        }
        if (v != host[r]) {
            out[n++] = (ArmIdWrite) { .reg = r, .value = v };
        }
    }
    return n;
}

unsigned arm_idaccel_kvm_verify(const uint64_t *expect,
                                const uint64_t *readback, const bool *read,
                                uint16_t *out, unsigned max)
{
    unsigned r, n = 0;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (read[r] && readback[r] != expect[r]) {
            if (out && n < max) {
                out[n] = r;
            }
            n++;
        }
    }
    return n;
}

unsigned arm_idaccel_blockers(const ArmIdAccel *a, const uint64_t *want,
                              const uint64_t *skip, ArmIdBlocker *out,
                              unsigned max)
{
    uint64_t all[ARM_IDREG_NUM];
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        all[r] = (skip ? skip[r] : 0) | (a->unknown ? a->unknown[r] : 0);
    }
    if (a->writable) {
        return arm_idaccel_kvm_blockers(want, a->value, a->writable, all, out,
                                        max);
    }
    return arm_idaccel_limit_blockers(want, a->value, a->rule, all, out, max);
}

/* Would -cpu ...,P=V0[.V1] pass the check against A? */
static bool prop_value_ok(const ArmIdProp *p, const ArmIdAccel *a,
                          uint64_t v0, uint64_t v1)
{
    uint64_t want[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    const ArmIdField *f = &arm_idfields[p->field];

    memcpy(want, a->value, sizeof(want));
    memset(skip, 0xff, sizeof(skip));
    arm_idfield_set(want, p->field, v0);
    skip[f->reg] &= ~arm_idfield_mask(f);
    if (p->kind == ARM_IDPROP_FRAC) {
        const ArmIdField *fr = &arm_idfields[p->frac];

        arm_idfield_set(want, p->frac, v1);
        skip[fr->reg] &= ~arm_idfield_mask(fr);
    }
    return arm_idaccel_blockers(a, want, skip, NULL, 0) == 0;
}

static void add_run(GPtrArray *out, uint64_t lo, uint64_t hi)
{
    g_ptr_array_add(out, lo == hi ? g_strdup_printf("%" PRIu64, lo) :
                    g_strdup_printf("%" PRIu64 "-%" PRIu64, lo, hi));
}

char **arm_idaccel_supported(const ArmIdProp *p, const ArmIdAccel *a)
{
    const ArmIdField *f = &arm_idfields[p->field];
    GPtrArray *out = g_ptr_array_new();
    uint64_t max = MAKE_64BIT_MASK(0, f->width), v, lo = 0;
    bool in_run = false;
    unsigned i, j;

    if (a->unknown && (a->unknown[f->reg] & arm_idfield_mask(f))) {
        goto done;
    }
    switch (p->kind) {
    case ARM_IDPROP_NAMED:
        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            v = arm_idvals[i].value;
            if (prop_value_ok(p, a, v, 0)) {
                g_ptr_array_add(out, arm_idprop_value_name(p->field, v));
            }
        }
        break;
    case ARM_IDPROP_FRAC: {
        const ArmIdField *fr = &arm_idfields[p->frac];

        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            for (j = fr->first_val; j < fr->first_val + fr->n_vals; j++) {
                if (prop_value_ok(p, a, arm_idvals[i].value,
                                  arm_idvals[j].value)) {
                    g_ptr_array_add(out, g_strdup_printf(
                                        "%" PRIu64 ".%" PRIu64,
                                        arm_idvals[i].value,
                                        arm_idvals[j].value));
                }
            }
        }
        break;
    }
    case ARM_IDPROP_BOOL:
        for (v = 0; v <= 1; v++) {
            if (prop_value_ok(p, a, v, 0)) {
                g_ptr_array_add(out, g_strdup(v ? "on" : "off"));
            }
        }
        break;
    default:
        if (f->width > 16) {
            if (prop_value_ok(p, a, 0, 0) && prop_value_ok(p, a, max, 0)) {
                add_run(out, 0, max);
            } else if (prop_value_ok(p, a, arm_idfield_get(a->value, p->field),
                                     0)) {
                v = arm_idfield_get(a->value, p->field);
                add_run(out, v, v);
            }
            break;
        }
        for (v = 0; v <= max; v++) {
            bool ok = prop_value_ok(p, a, v, 0);

            if (ok && !in_run) {
                lo = v;
            } else if (!ok && in_run) {
                add_run(out, lo, v - 1);
            }
            in_run = ok;
        }
        if (in_run) {
            add_run(out, lo, max);
        }
        break;
    }
done:
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, false);
}
