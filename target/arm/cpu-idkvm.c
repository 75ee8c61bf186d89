/*
 * Arm ID registers: what KVM lets a VMM change, and the write-back plan
 *
 * See cpu-idkvm.h.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "cpu-idkvm.h"

static bool reg_is_identification(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_IDENTIFICATION);
}

void arm_idkvm_writable(const uint64_t *masks, bool imp_id_regs,
                              uint64_t *writable)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        writable[r] = reg_is_identification(r) && !imp_id_regs ? 0 : masks[r];
    }
}

/* KVM lets a VMM lower field F although the host's rule is EXACT */
bool arm_idkvm_lower(ArmIdFieldIdx f)
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

unsigned arm_idkvm_blockers(const uint64_t *want, const uint64_t *host,
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
              (arm_idkvm_lower(i) ? v <= h
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

char *arm_idkvm_rule(const ArmIdBlocker *b)
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

void arm_idkvm_vcpu_view(uint64_t *host, bool sve, bool pauth)
{
    if (!sve) {
        arm_idregs_clear_owned(host, "sve");
    }
    if (!pauth) {
        arm_idregs_clear_owned(host, "pauth");
    }
}

unsigned arm_idkvm_plan(const uint64_t *want, const uint64_t *host,
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

unsigned arm_idkvm_verify(const uint64_t *expect,
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

uint32_t arm_idkvm_sve_vls(uint32_t want, uint32_t host)
{
    unsigned top;

    if (!want || !host) {
        return 0;
    }
    top = MIN(32 - clz32(want), 32 - clz32(host));
    return host & MAKE_64BIT_MASK(0, top);
}
