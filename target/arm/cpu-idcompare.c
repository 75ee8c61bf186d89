/*
 * Arm ID registers: comparing two CPUs, and what both can run
 *
 * See cpu-idcompare.h.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idkvm.h"
#include "cpu-idcompare.h"

/* V where LIMIT is, as KVM judges it (the PMU and debug versions LOWER) */
static bool compare_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit)
{
    return arm_idkvm_lower(f) ? v <= limit
                                    : arm_idfield_value_ok(f, v, limit);
}

ArmIdCompare arm_idcompare(const uint64_t *a, const uint64_t *b,
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
        if (arm_idreg_role(fl->reg, ARM_IDROLE_IDENTIFICATION)) {
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

/* Do X and Y have the same bits in MASK? */
static bool regs_equal_in(const uint64_t *x, const uint64_t *y,
                          const uint64_t *mask)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if ((x[r] ^ y[r]) & mask[r]) {
            return false;
        }
    }
    return true;
}

void arm_idcompare_baseline(const uint64_t *a, const uint64_t *b,
                            const uint64_t *skip, uint64_t *out)
{
    uint64_t mask[ARM_IDREG_NUM];
    const char *const *o;
    unsigned i;

    memcpy(out, a, sizeof(uint64_t) * ARM_IDREG_NUM);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *fl = &arm_idfields[i];
        uint64_t va = arm_idfield_get(a, i), vb = arm_idfield_get(b, i), v;
        int64_t oa = arm_idfield_order(i, va), ob = arm_idfield_order(i, vb);

        if (va == vb || arm_idreg_role(fl->reg, ARM_IDROLE_IDENTIFICATION) ||
            (skip && (skip[fl->reg] & arm_idfield_mask(fl)))) {
            continue;
        }
        switch (arm_idkvm_lower(i) ? ARM_ID_SAFE_LOWER : fl->safe) {
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
    /*
     * A feature that an older property owns is on or off through that
     * property only: a mix of A's and B's (two pointer-authentication
     * algorithms) is neither, so the feature is off
     */
    for (o = arm_idfield_owners(); *o; o++) {
        arm_idregs_owned_mask(*o, mask);
        if (!regs_equal_in(out, a, mask) && !regs_equal_in(out, b, mask)) {
            arm_idregs_clear_owned(out, *o);
        }
    }
}
