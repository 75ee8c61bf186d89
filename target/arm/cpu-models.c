/*
 * Arm named CPU models: the model table and its pure helpers
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idprops.h"
#include "cpu-models.h"

#define ARM_CPU_MODEL(NAME, PARENT, NOTE, ABSTRACT, SVE_VQ, FIRST_SET, \
                      N_SETS, RELEASED) \
    { NAME, PARENT, NOTE, ABSTRACT, SVE_VQ, FIRST_SET, N_SETS, RELEASED },
#define ARM_CPU_MODEL_SET(REG, FIELD, VALUE)
#define ARM_CPU_MODEL_ALIAS(NAME, MODEL)
const ArmCpuModel arm_cpu_models[] = {
#include "cpu-models.h.inc"
};
#undef ARM_CPU_MODEL
#undef ARM_CPU_MODEL_SET

const unsigned arm_cpu_models_num = ARRAY_SIZE(arm_cpu_models);

#define ARM_CPU_MODEL(NAME, PARENT, NOTE, ABSTRACT, SVE_VQ, FIRST_SET, \
                      N_SETS, RELEASED)
#define ARM_CPU_MODEL_SET(REG, FIELD, VALUE) \
    { ARM_IDF_##REG##_##FIELD, VALUE },
const ArmCpuModelSet arm_cpu_model_sets[] = {
#include "cpu-models.h.inc"
};
#undef ARM_CPU_MODEL_SET
#undef ARM_CPU_MODEL_ALIAS

#define ARM_CPU_MODEL_SET(REG, FIELD, VALUE)
#define ARM_CPU_MODEL_ALIAS(NAME, MODEL) { NAME, MODEL },
const ArmCpuModelAlias arm_cpu_model_aliases[] = {
#include "cpu-models.h.inc"
};
#undef ARM_CPU_MODEL
#undef ARM_CPU_MODEL_SET
#undef ARM_CPU_MODEL_ALIAS

const unsigned arm_cpu_model_aliases_num = ARRAY_SIZE(arm_cpu_model_aliases);

int arm_cpu_model_find(const char *name)
{
    unsigned i;

    for (i = 0; i < arm_cpu_models_num; i++) {
        if (!strcmp(arm_cpu_models[i].name, name)) {
            return i;
        }
    }
    for (i = 0; i < arm_cpu_model_aliases_num; i++) {
        if (!strcmp(arm_cpu_model_aliases[i].name, name)) {
            return arm_cpu_model_aliases[i].model;
        }
    }
    return -1;
}

const char *arm_cpu_model_alias_of(int m)
{
    unsigned i;

    for (i = 0; i < arm_cpu_model_aliases_num; i++) {
        if (arm_cpu_model_aliases[i].model == m) {
            return arm_cpu_model_aliases[i].name;
        }
    }
    return NULL;
}

static void replay(int m, uint64_t *regs)
{
    const ArmCpuModel *model = &arm_cpu_models[m];
    unsigned i;

    if (model->parent >= 0) {
        replay(model->parent, regs);
    }
    for (i = 0; i < model->n_sets; i++) {
        const ArmCpuModelSet *s = &arm_cpu_model_sets[model->first_set + i];
        bool ok = arm_idfield_set(regs, s->field, s->value);

        /* the generator checked every value against the field's width */
        g_assert(ok);
    }
}

void arm_cpu_model_resolve(int m, uint64_t regs[ARM_IDREG_NUM])
{
    g_assert(m >= 0 && m < (int)arm_cpu_models_num);
    arm_idregs_reset(regs);
    replay(m, regs);
}

const uint64_t *arm_cpu_model_regs(int m)
{
    static uint64_t *resolved;
    static bool *done;

    g_assert(m >= 0 && m < (int)arm_cpu_models_num);
    if (!resolved) {
        resolved = g_new0(uint64_t, arm_cpu_models_num * ARM_IDREG_NUM);
        done = g_new0(bool, arm_cpu_models_num);
    }
    if (!done[m]) {
        arm_cpu_model_resolve(m, &resolved[m * ARM_IDREG_NUM]);
        done[m] = true;
    }
    return &resolved[m * ARM_IDREG_NUM];
}

bool arm_cpu_model_derives(int a, int b)
{
    for (; a >= 0; a = arm_cpu_models[a].parent) {
        if (a == b) {
            return true;
        }
    }
    return false;
}

char *arm_cpu_model_runnable_below(int m)
{
    GString *s = g_string_new(NULL);
    unsigned i;

    for (i = 0; i < arm_cpu_models_num; i++) {
        if (!arm_cpu_models[i].abstract && arm_cpu_model_derives(i, m)) {
            g_string_append_printf(s, "%s%s", s->len ? ", " : "",
                                   arm_cpu_models[i].name);
        }
    }
    if (!s->len) {
        g_string_free(s, true);
        return NULL;
    }
    return g_string_free(s, false);
}

static bool reg_is_identification(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_IDENTIFICATION);
}

bool arm_idfield_limit_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit,
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

unsigned arm_idregs_blockers(const uint64_t *want, const uint64_t *limit,
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
        if (arm_idfield_limit_ok(i, v, l, rule)) {
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

void arm_idregs_tcg_limit(uint64_t *regs)
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

void arm_idregs_kvm_writable(const uint64_t *masks, bool imp_id_regs,
                             uint64_t *writable)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        writable[r] = reg_is_identification(r) && !imp_id_regs ? 0 : masks[r];
    }
}

/* KVM lets a VMM lower field F although the host's rule is EXACT */
static bool kvm_field_lower(ArmIdFieldIdx f)
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

unsigned arm_idregs_kvm_blockers(const uint64_t *want, const uint64_t *host,
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
              (kvm_field_lower(i) ? v <= h
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

ArmPauthAlgorithm arm_idregs_pauth_algorithm(const uint64_t *regs)
{
    static const char *const names[] = {
        [ARM_PAUTH_QARMA5] = "address qarma5",
        [ARM_PAUTH_IMPDEF] = "address impdef",
        [ARM_PAUTH_QARMA3] = "address qarma3",
    };
    unsigned i, a;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *r = arm_idfield_role(i, ARM_IDROLE_PAUTH);

        for (a = ARM_PAUTH_QARMA5; r && a < ARRAY_SIZE(names); a++) {
            if (!strcmp(r->arg, names[a]) && arm_idfield_get(regs, i)) {
                return a;
            }
        }
    }
    return ARM_PAUTH_NONE;
}

void arm_idregs_clear_owned(uint64_t *regs, const char *owner)
{
    unsigned i, r;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *o = arm_idfield_role(i, ARM_IDROLE_OWNED_BY);

        if (o && !strcmp(o->arg, owner)) {
            arm_idfield_set(regs, i, 0);
        }
    }
    /* and the registers that describe what it owned */
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        int feature = arm_idreg_feature(r);
        const ArmIdRole *o = feature < 0 ? NULL :
                             arm_idfield_role(feature, ARM_IDROLE_OWNED_BY);

        if (o && !strcmp(o->arg, owner)) {
            regs[r] = 0;
        }
    }
}

char *arm_idblocker_rule(const ArmIdBlocker *b)
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

void arm_idregs_kvm_vcpu_view(uint64_t *host, bool sve, bool pauth)
{
    if (!sve) {
        arm_idregs_clear_owned(host, "sve");
    }
    if (!pauth) {
        arm_idregs_clear_owned(host, "pauth");
    }
}

unsigned arm_idregs_kvm_plan(const uint64_t *want, const uint64_t *host,
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

unsigned arm_idregs_kvm_verify(const uint64_t *expect,
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
        return arm_idregs_kvm_blockers(want, a->value, a->writable, all, out,
                                       max);
    }
    return arm_idregs_blockers(want, a->value, a->rule, all, out, max);
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

char **arm_idprop_supported(const ArmIdProp *p, const ArmIdAccel *a)
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

/* V where LIMIT is, as KVM judges it (the PMU and debug versions LOWER) */
static bool compare_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit)
{
    return kvm_field_lower(f) ? v <= limit : arm_idfield_value_ok(f, v, limit);
}

ArmIdCompare arm_idregs_compare(const uint64_t *a, const uint64_t *b,
                                const uint64_t *skip, uint16_t *out,
                                unsigned max, unsigned *n)
{
    bool a_in_b = true, b_in_a = true;
    unsigned i, count = 0;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *fl = &arm_idfields[i];
        uint64_t va = arm_idfield_get(a, i), vb = arm_idfield_get(b, i);

        if (va == vb || (skip && (skip[fl->reg] & arm_idfield_mask(fl)))) {
            continue;
        }
        if (out && count < max) {
            out[count] = i;
        }
        count++;
        if (reg_is_identification(fl->reg)) {
            continue;
        }
        a_in_b &= compare_ok(i, va, vb);
        b_in_a &= compare_ok(i, vb, va);
    }
    *n = count;
    if (!count) {
        return ARM_ID_COMPARE_IDENTICAL;
    }
    if (a_in_b) {
        return ARM_ID_COMPARE_SUBSET;
    }
    return b_in_a ? ARM_ID_COMPARE_SUPERSET : ARM_ID_COMPARE_INCOMPATIBLE;
}

void arm_idregs_baseline(const uint64_t *a, const uint64_t *b,
                         const uint64_t *skip, uint64_t *out)
{
    unsigned i;

    memcpy(out, a, sizeof(uint64_t) * ARM_IDREG_NUM);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *fl = &arm_idfields[i];
        uint64_t va = arm_idfield_get(a, i), vb = arm_idfield_get(b, i), v;
        int64_t oa = arm_idfield_order(i, va), ob = arm_idfield_order(i, vb);

        if (va == vb || reg_is_identification(fl->reg) ||
            (skip && (skip[fl->reg] & arm_idfield_mask(fl)))) {
            continue;
        }
        switch (kvm_field_lower(i) ? ARM_ID_SAFE_LOWER : fl->safe) {
        case ARM_ID_SAFE_LOWER:
            v = oa <= ob ? va : vb;
            break;
        case ARM_ID_SAFE_HIGHER:
            v = oa >= ob ? va : vb;
            break;
        case ARM_ID_SAFE_HIGHER_OR_ZERO:
            v = !va || !vb ? 0 : oa >= ob ? va : vb;
            break;
        case ARM_ID_SAFE_EXACT:
        default:
            v = fl->safe_val;
            break;
        }
        arm_idfield_set(out, i, v);
    }
}

int arm_cpu_model_closest(const uint64_t *regs, const uint64_t *skip,
                          const uint64_t *match)
{
    unsigned m, i, r, best_n = UINT_MAX;
    int best = -1;

    for (m = 0; m < arm_cpu_models_num; m++) {
        const uint64_t *mr;
        unsigned n = 0;

        if (arm_cpu_models[m].abstract) {
            continue;
        }
        mr = arm_cpu_model_regs(m);
        for (r = 0; match && r < ARM_IDREG_NUM; r++) {
            if ((mr[r] ^ regs[r]) & match[r]) {
                break;
            }
        }
        if (match && r < ARM_IDREG_NUM) {
            continue;
        }
        for (i = 0; i < ARM_IDFIELD_NUM; i++) {
            const ArmIdField *fl = &arm_idfields[i];

            if (!(skip && (skip[fl->reg] & arm_idfield_mask(fl))) &&
                arm_idfield_get(mr, i) != arm_idfield_get(regs, i)) {
                n++;
            }
        }
        if (n < best_n) {
            best_n = n;
            best = m;
        }
    }
    return best;
}

uint64_t arm_idreg_machine_bits(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_CACHE_GEOMETRY) ? UINT64_MAX :
           arm_idreg_role_bits(reg, ARM_IDROLE_DECIDED_BY);
}

uint64_t arm_idreg_el_bits(unsigned reg)
{
    return arm_idreg_role_bits(reg, ARM_IDROLE_PRESENT_IF);
}

void arm_idregs_machine_mask(uint64_t *mask)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        mask[r] = arm_idreg_machine_bits(r) | arm_idreg_el_bits(r);
    }
}

uint64_t arm_idreg_mig_encoding(unsigned reg)
{
    const ArmIdReg *r = &arm_idregs[reg];

    return (uint64_t)r->op0 << 14 | r->op1 << 11 | r->crn << 7 | r->crm << 3 |
           r->op2;
}

unsigned arm_idregs_mig_pack(const uint64_t *regs, uint64_t *enc,
                             uint64_t *val)
{
    unsigned r, n = 0;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        uint64_t machine = arm_idreg_machine_bits(r);

        if (machine != UINT64_MAX) {
            enc[n] = arm_idreg_mig_encoding(r);
            val[n] = regs[r] & ~machine;
            n++;
        }
    }
    return n;
}

/* The bits of register REG that no field describes */
static uint64_t reserved_bits(unsigned reg)
{
    const ArmIdReg *r = &arm_idregs[reg];
    uint64_t fields = 0;
    unsigned i;

    for (i = r->first_field; i < r->first_field + r->n_fields; i++) {
        fields |= arm_idfield_mask(&arm_idfields[i]);
    }
    return ~fields;
}

char *arm_idregs_mig_unpack(unsigned n, const uint64_t *enc,
                            const uint64_t *val, const uint64_t *here,
                            uint64_t *src)
{
    bool seen[ARM_IDREG_NUM] = { false };
    unsigned i;

    memset(src, 0, sizeof(uint64_t) * ARM_IDREG_NUM);
    if (n > ARM_IDSPACE_SLOTS) {
        return g_strdup_printf("the source sent %u ID registers; the ID "
                               "space has %d", n, ARM_IDSPACE_SLOTS);
    }
    for (i = 0; i < n; i++) {
        unsigned op0 = extract64(enc[i], 14, 2);
        unsigned op1 = extract64(enc[i], 11, 3);
        unsigned crn = extract64(enc[i], 7, 4);
        unsigned crm = extract64(enc[i], 3, 4);
        unsigned op2 = extract64(enc[i], 0, 3);
        int r = arm_idreg_by_encoding(op0, op1, crn, crm, op2);
        uint64_t bad;

        if (enc[i] >> 16 || arm_idspace_slot(op0, op1, crn, crm, op2) < 0) {
            return g_strdup_printf("the source sent 0x%" PRIx64 " as the "
                                   "encoding of an ID register", enc[i]);
        }
        if (r < 0) {
            if (val[i]) {
                return g_strdup_printf("the source's register op0=%u "
                                       "op1=%u crn=%u crm=%u op2=%u, 0x%"
                                       PRIx64 ", is unknown here (the guest "
                                       "would read 0)", op0, op1, crn, crm,
                                       op2, val[i]);
            }
            continue;
        }
        if (seen[r]) {
            return g_strdup_printf("the source sent %s twice",
                                   arm_idregs[r].name);
        }
        seen[r] = true;
        bad = val[i] & arm_idreg_machine_bits(r);
        if (bad) {
            return g_strdup_printf("the source sent bits 0x%" PRIx64 " of "
                                   "%s, which the machine decides and a "
                                   "source leaves out", bad,
                                   arm_idregs[r].name);
        }
        bad = (val[i] ^ here[r]) & reserved_bits(r);
        if (bad) {
            return g_strdup_printf("the source's %s, 0x%" PRIx64 ", differs "
                                   "from this one's in bits 0x%" PRIx64
                                   " that no field describes",
                                   arm_idregs[r].name, val[i], bad);
        }
        src[r] = val[i];
    }
    return NULL;
}

unsigned arm_idregs_mig_diff(const uint64_t *src, const uint64_t *regs,
                             ArmIdBlocker *out, unsigned max)
{
    unsigned i, count = 0;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t mine = arm_idfield_get(regs, i);
        uint64_t theirs = arm_idfield_get(src, i);

        if ((arm_idreg_machine_bits(f->reg) & arm_idfield_mask(f)) ||
            theirs == mine) {
            continue;
        }
        if (out && count < max) {
            out[count] = (ArmIdBlocker) {
                .field = i, .want = theirs, .have = mine,
            };
        }
        count++;
    }
    return count;
}

bool arm_idregs_mig_name_ok(const uint8_t *name, size_t len)
{
    size_t i = 0;

    while (i < len && name[i] >= 0x20 && name[i] < 0x7f) {
        i++;
    }
    if (i == 0 || i == len) {
        return false;           /* empty, or no NUL */
    }
    for (; i < len; i++) {
        if (name[i]) {
            return false;
        }
    }
    return true;
}
