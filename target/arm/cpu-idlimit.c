/*
 * Arm ID registers: what an accelerator's values allow, field by field
 *
 * See cpu-idlimit.h.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idlimit.h"

static bool reg_is_identification(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_IDENTIFICATION);
}

bool arm_idlimit_field_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit,
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

unsigned arm_idlimit_blockers(const uint64_t *want, const uint64_t *limit,
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
        if (arm_idlimit_field_ok(i, v, l, rule)) {
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
    uint64_t one[ARM_IDREG_NUM], all[ARM_IDREG_NUM] = { 0 };
    unsigned r;

    /* each algorithm in use in turn: their fields together, the rest same */
    for (ArmPauthAlgorithm a = ARM_PAUTH_QARMA5; a <= ARM_PAUTH_QARMA3; a++) {
        memcpy(one, regs, sizeof(one));
        arm_idregs_pauth_use(one, a);
        for (r = 0; r < ARM_IDREG_NUM; r++) {
            all[r] |= one[r];
        }
    }
    memcpy(regs, all, sizeof(all));
}

/*
 * TCG has no caches: its cache maintenance instructions do nothing (DC ZVA
 * follows DCZID_EL0, not these), so any line size and granule CTR_EL0
 * states is true of it. Under ARM_ID_LIMIT_TCG a value passes when it is
 * not above the limit's: the largest.
 */
static void tcg_cache_type_limit(uint64_t *regs)
{
    static const ArmIdFieldIdx fields[] = {
        ARM_IDF_CTR_EL0_IminLine, ARM_IDF_CTR_EL0_DminLine,
        ARM_IDF_CTR_EL0_ERG, ARM_IDF_CTR_EL0_CWG, ARM_IDF_CTR_EL0_TminLine,
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(fields); i++) {
        arm_idfield_set(regs, fields[i],
                        MAKE_64BIT_MASK(0, arm_idfields[fields[i]].width));
    }
}

void arm_idlimit_tcg(uint64_t *regs)
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
    tcg_cache_type_limit(regs);
    /*
     * DC ZVA zeroes the block DCZID_EL0 states, which must fit in a page:
     * up to 1 KiB, TCG's smallest (virt-2.7), whatever max's 64 bytes
     */
    arm_idfield_set(regs, ARM_IDF_DCZID_EL0_BS, 8);
    /*
     * CCSIDR in either format: realize keeps the CPU's cache geometry in
     * the one its CCIDX says (arm-cpu-check.c)
     */
    arm_idfield_set(regs, ARM_IDF_ID_AA64MMFR2_EL1_CCIDX, 1);
    arm_idfield_set(regs, ARM_IDF_ID_MMFR4_EL1_CCIDX, 1);
}

char *arm_idlimit_tcg_refusal(const uint64_t *regs)
{
    uint64_t mte = arm_idfield_get(regs, ARM_IDF_ID_AA64PFR1_EL1_MTE);
    uint64_t bs = arm_idfield_get(regs, ARM_IDF_GMID_EL1_BS);

    uint64_t dcz = arm_idfield_get(regs, ARM_IDF_DCZID_EL0_BS);

    if (mte >= 2 && (bs < 3 || bs > 6)) {
        return g_strdup_printf("ID_AA64PFR1_EL1.MTE %" PRIu64 " (FEAT_MTE2) "
                               "needs GMID_EL1.BS from 3 to 6, which TCG "
                               "implements; it is %" PRIu64, mte, bs);
    }
    if (mte >= 2 && dcz < 3) {
        return g_strdup_printf("ID_AA64PFR1_EL1.MTE %" PRIu64 " (FEAT_MTE2) "
                               "needs a DC ZVA block of two tag granules at "
                               "least, DCZID_EL0.BS 3 or more; it is %"
                               PRIu64, mte, dcz);
    }
    return NULL;
}
