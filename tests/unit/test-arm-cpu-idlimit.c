/*
 * Unit tests for the limit rules of the Arm ID registers
 * (target/arm/cpu-idlimit.c): TCG's and the kernel's rule field by
 * field, blockers, and the TCG limit made from max's values
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idlimit.h"

/* The accelerator rules, field by field */
static void test_limit_rules(void)
{
    /* TCG: at or below max's value, signed fields as signed */
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 1,
                                        ARM_ID_LIMIT_TCG));
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 0xf, 1,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 1, 0xf,
                                        ARM_ID_LIMIT_TCG));
    /* TCG: a lower value of an EXACT field too (the kernel says no) */
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8,
                                       0xa, ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8,
                                        0xa, ARM_ID_LIMIT_KERNEL));
    /* TCG: sizes with a HIGHER rule and the identification take any value */
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_CTR_EL0_CWG, 9, 4,
                                       ARM_ID_LIMIT_TCG));
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_MIDR_EL1_PartNum, 0xd4f, 0,
                                       ARM_ID_LIMIT_TCG));
    /* kernel: HIGHER_OR_ZERO, EXACT or its safe value */
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_CTR_EL0_CWG, 0, 4,
                                       ARM_ID_LIMIT_KERNEL));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_CTR_EL0_CWG, 3, 4,
                                        ARM_ID_LIMIT_KERNEL));
    /* exact: nothing but the accelerator's own value */
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 2,
                                       ARM_ID_LIMIT_EXACT));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2,
                                        ARM_ID_LIMIT_EXACT));
}

/* Blockers: the fields a limit lacks, in table order, with skips */
static void test_blockers(void)
{
    uint64_t want[ARM_IDREG_NUM], limit[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    unsigned n;

    /* a CPU with SM4 and SHA3 */
    arm_idregs_reset(want);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_SM4, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 1);
    memcpy(limit, want, sizeof(limit));
    g_assert_cmpuint(arm_idlimit_blockers(want, limit, ARM_ID_LIMIT_EXACT,
                                                NULL, NULL, 0), ==, 0);

    /* the host lacks SM4 and SHA3: two blockers, in table order */
    arm_idfield_set(limit, ARM_IDF_ID_AA64ISAR0_EL1_SM4, 0);
    arm_idfield_set(limit, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 0);
    n = arm_idlimit_blockers(want, limit, ARM_ID_LIMIT_TCG, NULL, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SM4);
    g_assert_cmphex(b[0].want, ==, 1);
    g_assert_cmphex(b[0].have, ==, 0);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* counted even when OUT has no room */
    g_assert_cmpuint(arm_idlimit_blockers(want, limit, ARM_ID_LIMIT_TCG,
                                                NULL, b, 1), ==, 2);

    /* skipped bits are not looked at */
    memset(skip, 0, sizeof(skip));
    skip[ARM_IDREG_ID_AA64ISAR0_EL1] =
        arm_idfield_mask(&arm_idfields[ARM_IDF_ID_AA64ISAR0_EL1_SM4]);
    n = arm_idlimit_blockers(want, limit, ARM_ID_LIMIT_TCG, skip, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* a fractional pair compares as base.fraction: 1.1 fits under 2.0 */
    memcpy(limit, want, sizeof(limit));
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 1);
    arm_idfield_set(limit, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    arm_idfield_set(limit, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 0);
    g_assert_cmpuint(arm_idlimit_blockers(want, limit, ARM_ID_LIMIT_TCG,
                                                NULL, NULL, 0), ==, 0);
    /* but 2.1 does not fit under 2.0 */
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    n = arm_idlimit_blockers(want, limit, ARM_ID_LIMIT_TCG, NULL, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac);
}

/* Where max's values understate TCG, the TCG limit says what TCG does */
static void test_tcg_limit(void)
{
    uint64_t regs[ARM_IDREG_NUM], ras;

    /* max: FEAT_RASv1p1 as RAS 2 in AArch64, FEAT_RAS in AArch32 */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    arm_idlimit_tcg(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 2);

    /* FEAT_RASv1p1 as RAS 1 and RAS_frac 1 */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 1);
    arm_idfield_set(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg, 1);
    arm_idlimit_tcg(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg), ==, 2);
    /* RASv1p1 written either way fits; RASv2 does not */
    ras = arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS);
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_ID_AA64PFR0_EL1_RAS, 2, ras,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_ID_AA64PFR0_EL1_RAS, 3, ras,
                                        ARM_ID_LIMIT_TCG));

    /*
     * What TCG does not implement at all is hidden before this limit is
     * taken (arm_idregs_hide_tcg_unimplemented(), test-arm-cpu-idregs)
     */

    /* max's algorithm level (QEMU's own, API) is every algorithm's */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_API, 5);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPI, 1);
    arm_idlimit_tcg(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_APA), ==, 5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR2_EL1_APA3), ==,
                    5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA), ==, 1);

    /* DC ZVA blocks up to 1 KiB: A64FX's 256 bytes */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_DCZID_EL0_BS, 4);
    arm_idlimit_tcg(regs);
    g_assert_true(arm_idlimit_field_ok(ARM_IDF_DCZID_EL0_BS, 6,
                                       arm_idfield_get(regs,
                                                       ARM_IDF_DCZID_EL0_BS),
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idlimit_field_ok(ARM_IDF_DCZID_EL0_BS, 9,
                                        arm_idfield_get(regs,
                                                        ARM_IDF_DCZID_EL0_BS),
                                        ARM_ID_LIMIT_TCG));

    /* any cache line size and granule is true of TCG */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_CTR_EL0_DminLine, 4);
    arm_idfield_set(regs, ARM_IDF_CTR_EL0_CWG, 4);
    arm_idlimit_tcg(regs);
    for (uint64_t v = 0; v <= 15; v++) {
        g_assert_true(arm_idlimit_field_ok(ARM_IDF_CTR_EL0_DminLine, v,
                                           arm_idfield_get(regs,
                                               ARM_IDF_CTR_EL0_DminLine),
                                           ARM_ID_LIMIT_TCG));
        g_assert_true(arm_idlimit_field_ok(ARM_IDF_CTR_EL0_CWG, v,
                                           arm_idfield_get(regs,
                                               ARM_IDF_CTR_EL0_CWG),
                                           ARM_ID_LIMIT_TCG));
    }

    /* plain RAS, or no ACTLR, stays as it is */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idlimit_tcg(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg), ==, 0);
}

/* What TCG cannot run although every field is within its limit */
static void test_tcg_refusal(void)
{
    uint64_t regs[ARM_IDREG_NUM] = { 0 };
    g_autofree char *no_bs = NULL, *two = NULL, *dcz = NULL;

    g_assert_null(arm_idlimit_tcg_refusal(regs));
    /* FEAT_MTE (instructions only) has no GMID_EL1 */
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR1_EL1_MTE, 1);
    g_assert_null(arm_idlimit_tcg_refusal(regs));
    /* FEAT_MTE2 needs a block size TCG implements */
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR1_EL1_MTE, 2);
    no_bs = arm_idlimit_tcg_refusal(regs);
    g_assert_cmpstr(no_bs, ==, "ID_AA64PFR1_EL1.MTE 2 (FEAT_MTE2) needs "
                    "GMID_EL1.BS from 3 to 6, which TCG implements; it is 0");
    arm_idfield_set(regs, ARM_IDF_GMID_EL1_BS, 2);
    two = arm_idlimit_tcg_refusal(regs);
    g_assert_nonnull(two);
    arm_idfield_set(regs, ARM_IDF_DCZID_EL0_BS, 3);
    for (uint64_t bs = 3; bs <= 6; bs++) {
        arm_idfield_set(regs, ARM_IDF_GMID_EL1_BS, bs);
        g_assert_null(arm_idlimit_tcg_refusal(regs));
    }
    /* and a DC ZVA block of two tag granules (32 bytes) */
    arm_idfield_set(regs, ARM_IDF_DCZID_EL0_BS, 2);
    dcz = arm_idlimit_tcg_refusal(regs);
    g_assert_cmpstr(dcz, ==, "ID_AA64PFR1_EL1.MTE 2 (FEAT_MTE2) needs a DC "
                    "ZVA block of two tag granules at least, DCZID_EL0.BS 3 "
                    "or more; it is 2");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-idlimit/limit-rules", test_limit_rules);
    g_test_add_func("/arm-cpu-idlimit/blockers", test_blockers);
    g_test_add_func("/arm-cpu-idlimit/tcg-limit", test_tcg_limit);
    g_test_add_func("/arm-cpu-idlimit/tcg-refusal", test_tcg_refusal);
    return g_test_run();
}
