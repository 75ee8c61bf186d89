/*
 * Unit tests for what an accelerator provides of the Arm ID registers
 * (target/arm/cpu-idaccel.c): the TCG and kernel limits, blockers, the
 * KVM write plan and its verification against what the nested harness's
 * kernels offered, and the values query-arm-cpu-props-info reports
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idprops.h"
#include "../../target/arm/cpu-idaccel.h"
#include "arm-cpu-models-kvm-snapshot.c.inc"

/* The accelerator rules, field by field */
static void test_limit_rules(void)
{
    /* TCG: at or below max's value, signed fields as signed */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 1,
                                        ARM_ID_LIMIT_TCG));
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 0xf, 1,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 1, 0xf,
                                        ARM_ID_LIMIT_TCG));
    /* TCG: a lower value of an EXACT field too (the kernel says no) */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8,
                                       0xa, ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8,
                                        0xa, ARM_ID_LIMIT_KERNEL));
    /* TCG: sizes with a HIGHER rule and the identification take any value */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_CTR_EL0_CWG, 9, 4,
                                       ARM_ID_LIMIT_TCG));
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_MIDR_EL1_PartNum, 0xd4f, 0,
                                       ARM_ID_LIMIT_TCG));
    /* kernel: HIGHER_OR_ZERO, EXACT or its safe value */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_CTR_EL0_CWG, 0, 4,
                                       ARM_ID_LIMIT_KERNEL));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_CTR_EL0_CWG, 3, 4,
                                        ARM_ID_LIMIT_KERNEL));
    /* exact: nothing but the accelerator's own value */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 2,
                                       ARM_ID_LIMIT_EXACT));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2,
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
    g_assert_cmpuint(arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_EXACT,
                                                NULL, NULL, 0), ==, 0);

    /* the host lacks SM4 and SHA3: two blockers, in table order */
    arm_idfield_set(limit, ARM_IDF_ID_AA64ISAR0_EL1_SM4, 0);
    arm_idfield_set(limit, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 0);
    n = arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG, NULL, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SM4);
    g_assert_cmphex(b[0].want, ==, 1);
    g_assert_cmphex(b[0].have, ==, 0);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* counted even when OUT has no room */
    g_assert_cmpuint(arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG,
                                                NULL, b, 1), ==, 2);

    /* skipped bits are not looked at */
    memset(skip, 0, sizeof(skip));
    skip[ARM_IDREG_ID_AA64ISAR0_EL1] =
        arm_idfield_mask(&arm_idfields[ARM_IDF_ID_AA64ISAR0_EL1_SM4]);
    n = arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG, skip, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* a fractional pair compares as base.fraction: 1.1 fits under 2.0 */
    memcpy(limit, want, sizeof(limit));
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 1);
    arm_idfield_set(limit, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    arm_idfield_set(limit, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 0);
    g_assert_cmpuint(arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG,
                                                NULL, NULL, 0), ==, 0);
    /* but 2.1 does not fit under 2.0 */
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    n = arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG, NULL, b,
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
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 2);

    /* FEAT_RASv1p1 as RAS 1 and RAS_frac 1 */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 1);
    arm_idfield_set(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg, 1);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg), ==, 2);
    /* RASv1p1 written either way fits; RASv2 does not */
    ras = arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS);
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_RAS, 2, ras,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_RAS, 3, ras,
                                        ARM_ID_LIMIT_TCG));

    /*
     * What TCG does not implement at all is hidden before this limit is
     * taken (arm_idregs_hide_tcg_unimplemented(), test-arm-cpu-idregs)
     */

    /* max's algorithm level (QEMU's own, API) is every algorithm's */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_API, 5);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPI, 1);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_APA), ==, 5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR2_EL1_APA3), ==,
                    5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA), ==, 1);

    /* plain RAS, or no ACTLR, stays as it is */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg), ==, 0);
}

/* The two harness kernels differ in what they let a VMM change */
static void test_kvm_snapshots(void)
{
    KvmSnapshot k612, k72;
    uint64_t w[ARM_IDREG_NUM];

    load_snapshot("kvm-6.12.txt", &k612);
    load_snapshot("kvm-7.2.txt", &k72);
    g_assert_true(g_str_has_prefix(k612.kernel, "6.12."));
    g_assert_true(g_str_has_prefix(k72.kernel, "7.2."));
    g_assert_false(k612.imp_id_regs);
    g_assert_true(k72.imp_id_regs);

    /* 7.2 reports MIDR writable; without the capability it is not */
    g_assert_cmphex(k72.mask[ARM_IDREG_MIDR_EL1], !=, 0);
    arm_idaccel_kvm_writable(k72.mask, false, w);
    g_assert_cmphex(w[ARM_IDREG_MIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_REVIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_AIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_ID_AA64ISAR0_EL1], ==,
                    k72.mask[ARM_IDREG_ID_AA64ISAR0_EL1]);
    arm_idaccel_kvm_writable(k72.mask, true, w);
    g_assert_cmphex(w[ARM_IDREG_MIDR_EL1], ==, k72.mask[ARM_IDREG_MIDR_EL1]);
    g_assert_cmphex(k612.mask[ARM_IDREG_MIDR_EL1], ==, 0);
}

static void check_kvm_rules(const KvmSnapshot *k)
{
    uint64_t w[ARM_IDREG_NUM], want[ARM_IDREG_NUM], host[ARM_IDREG_NUM];
    uint64_t expect[ARM_IDREG_NUM], readback[ARM_IDREG_NUM];
    ArmIdWrite plan[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    uint16_t bad[4];
    unsigned n;

    g_test_message("kernel %s", k->kernel);
    arm_idaccel_kvm_writable(k->mask, k->imp_id_regs, w);
    memcpy(host, k->value, sizeof(host));

    /* the host's own values: nothing to block, nothing to write */
    g_assert_cmpuint(arm_idaccel_kvm_blockers(host, host, w, k->unread,
                                              NULL, 0), ==, 0);
    g_assert_cmpuint(arm_idaccel_kvm_plan(host, host, w, plan, NULL), ==, 0);

    /* lowering a LOWER field: one write, of that register only */
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==,
                    2);
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    n = arm_idaccel_kvm_plan(want, host, w, plan, expect);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(plan[0].reg, ==, ARM_IDREG_ID_AA64ISAR0_EL1);
    g_assert_cmphex(plan[0].value, ==, want[ARM_IDREG_ID_AA64ISAR0_EL1]);
    g_assert_cmpmem(expect, sizeof(expect), want, sizeof(want));

    /* raising it above the host: a blocker naming both values */
    arm_idfield_set(host, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 2);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_AES);
    g_assert_cmphex(b[0].want, ==, 2);
    g_assert_cmphex(b[0].have, ==, 1);
    g_assert_false(b[0].fixed);
    memcpy(host, k->value, sizeof(host));

    /*
     * a signed LOWER field: TGran4 "not implemented" (0xf, -1) is below
     * the host's 52-bit 4KB granule (1), though 0xf > 1 unsigned
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64MMFR0_EL1_TGRAN4),
                    ==, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64MMFR0_EL1_TGRAN4, 0xf);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);

    /* both kernels keep FP and AdvSIMD as they are: fixed */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64PFR0_EL1_FP), ==, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_FP, 0);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);

    /*
     * CTR_EL0: a smaller DminLine is safe (LOWER); CWG (HIGHER) is outside
     * both kernels' masks, so even a safe larger value is fixed
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_CTR_EL0_DminLine), >, 1);
    arm_idfield_set(want, ARM_IDF_CTR_EL0_DminLine, 1);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    arm_idfield_set(want, ARM_IDF_CTR_EL0_DminLine, 0xf);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_false(b[0].fixed);
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_CTR_EL0_CWG,
                    arm_idfield_get(host, ARM_IDF_CTR_EL0_CWG) + 1);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);

    /* a field outside the writable mask: fixed, whatever its rule */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_MIDR_EL1_PartNum, 0xd4f);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, k->imp_id_regs ? 0 : 1);
    if (n) {
        g_assert_cmpuint(b[0].field, ==, ARM_IDF_MIDR_EL1_PartNum);
        g_assert_true(b[0].fixed);
    }

    /* the kernel refuses a debug architecture below Armv8 */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_DFR0_EL1_CopDbg), >=, 6);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_CopDbg, 0);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_DFR0_EL1_CopDbg);
    g_assert_false(b[0].fixed);

    /*
     * KVM lets a VMM lower the PMU and debug versions, which the host
     * kernel calls EXACT; not below Armv8 debug, not to an IMPDEF PMU
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_DebugVer),
                    >, 8);
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_PMUVer),
                    >, 4);
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_DFR0_EL1_PerfMon), >, 4);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 4);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 4);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 0xf);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_DebugVer,
                    arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_DebugVer) +
                    1);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64DFR0_EL1_PMUVer);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64DFR0_EL1_DebugVer);

    /*
     * set_id_aa64pfr0_el1() refuses no AArch64 at EL0 or EL1, though EL0
     * and EL1 are writable LOWER fields (Linux 7.2; QEMU checks it for
     * every kernel), and the rule names the kernel function
     */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_EL0, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_EL1, 0);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64PFR0_EL1_EL1);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64PFR0_EL1_EL0);
    g_assert_false(b[0].fixed);
    {
        g_autofree char *rule = arm_idaccel_rule(&b[0]);

        g_assert_cmpstr(rule, ==,
                        "KVM refuses 0 there, set_id_aa64pfr0_el1()");
    }

    /* set_id_dfr0_el1(): an AArch32 PMU other than PMUv3, below it */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 2);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpint(b[0].rule->kind, ==, ARM_IDROLE_KVM_REFUSES);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 0);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);

    /*
     * A field without a rule in cpufeature.c, inside the writable mask:
     * only the host's value, not even the table's safe value
     * (arm64_check_features()); ID_PFR0_EL1.RAS is one
     */
    memcpy(want, host, sizeof(want));
    g_assert_nonnull(arm_idfield_role(ARM_IDF_ID_PFR0_EL1_RAS,
                                      ARM_IDROLE_NO_KERNEL_RULE));
    g_assert_cmphex(w[ARM_IDREG_ID_PFR0_EL1] &
                    arm_idfield_mask(&arm_idfields[ARM_IDF_ID_PFR0_EL1_RAS]),
                    !=, 0);
    arm_idfield_set(want, ARM_IDF_ID_PFR0_EL1_RAS,
                    arm_idfield_get(host, ARM_IDF_ID_PFR0_EL1_RAS) ? 0 : 1);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_PFR0_EL1_RAS);
    g_assert_false(b[0].fixed);
    {
        g_autofree char *rule = arm_idaccel_rule(&b[0]);

        g_assert_cmpstr(rule, ==, "KVM takes only the host's value of a field "
                        "the kernel has no rule for, arm64_check_features()");
    }

    /* verification finds a register that does not read back as planned */
    memcpy(readback, host, sizeof(readback));
    g_assert_cmpuint(arm_idaccel_kvm_verify(host, readback, k->read, bad,
                                            ARRAY_SIZE(bad)), ==, 0);
    readback[ARM_IDREG_ID_AA64ISAR1_EL1] ^= 0xf0;
    g_assert_cmpuint(arm_idaccel_kvm_verify(host, readback, k->read, bad,
                                            ARRAY_SIZE(bad)), ==, 1);
    g_assert_cmpuint(bad[0], ==, ARM_IDREG_ID_AA64ISAR1_EL1);
}

/*
 * A vCPU without SVE or pointer authentication, on a host whose probe had
 * both: "off" is no blocker, though neither field is writable
 */
static void test_kvm_vcpu_view(void)
{
    uint64_t w[ARM_IDREG_NUM], host[ARM_IDREG_NUM], want[ARM_IDREG_NUM];
    ArmIdBlocker b[8];
    KvmSnapshot k;
    unsigned n;

    load_snapshot("kvm-7.2.txt", &k);
    arm_idaccel_kvm_writable(k.mask, true, w);
    memcpy(host, k.value, sizeof(host));
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64PFR0_EL1_SVE), ==, 1);
    g_assert_cmphex(host[ARM_IDREG_ID_AA64ZFR0_EL1], !=, 0);
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64ISAR1_EL1_API), !=, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_SVE, 0);
    want[ARM_IDREG_ID_AA64ZFR0_EL1] = 0;
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_API, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_GPI, 0);

    /* against the probe: SVE and pauth cannot be changed */
    n = arm_idaccel_kvm_blockers(want, host, w, k.unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, >=, 3);
    g_assert_true(b[0].fixed);

    /* against the vCPU that QEMU creates without them: nothing */
    arm_idaccel_kvm_vcpu_view(host, false, false);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k.unread,
                                              NULL, 0), ==, 0);

    /* with the features, the view is the probe */
    memcpy(host, k.value, sizeof(host));
    arm_idaccel_kvm_vcpu_view(host, true, true);
    g_assert_cmpmem(host, sizeof(host), k.value, sizeof(k.value));
}

/*
 * Linux 6.1 has no writable masks: QEMU's checks use the host's values as
 * an EXACT limit (arm-cpu-props.c), and the write-back, with nothing
 * writable, accepts only the vCPU's own values and writes nothing
 */
static void test_kvm_no_masks(void)
{
    uint64_t w[ARM_IDREG_NUM] = { 0 }, want[ARM_IDREG_NUM];
    ArmIdWrite plan[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    ArmIdAccel a;
    KvmSnapshot k;
    unsigned n;

    load_snapshot("kvm-6.1.txt", &k);
    g_assert_true(g_str_has_prefix(k.kernel, "6.1."));
    g_assert_false(k.have_masks);
    g_assert_false(k.imp_id_regs);
    a = (ArmIdAccel) {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = k.value,
        .unknown = k.unread,
    };
    g_assert_cmpuint(arm_idaccel_blockers(&a, k.value, NULL, NULL, 0), ==,
                     0);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(k.value, k.value, w, k.unread,
                                              NULL, 0), ==, 0);
    g_assert_cmpuint(arm_idaccel_kvm_plan(k.value, k.value, w, plan, NULL),
                     ==, 0);

    /* a lower AES: the property check refuses it, so would the write-back */
    memcpy(want, k.value, sizeof(want));
    g_assert_cmphex(arm_idfield_get(want, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==,
                    2);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    n = arm_idaccel_blockers(&a, want, NULL, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_AES);
    n = arm_idaccel_kvm_blockers(want, k.value, w, k.unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);
}

static char *supported(const char *prop, const ArmIdAccel *a)
{
    const ArmIdProp *p = arm_idprop_find(prop);
    g_auto(GStrv) v = NULL;

    g_assert_nonnull(p);
    v = arm_idaccel_supported(p, a);
    return g_strjoinv(",", v);
}

/* query-arm-cpu-props-info's values, from the check of a user's property */
static void test_supported_values(void)
{
    uint64_t w[ARM_IDREG_NUM];
    ArmIdAccel a;
    KvmSnapshot k;
    char *s;

    load_snapshot("kvm-7.2.txt", &k);
    arm_idaccel_kvm_writable(k.mask, true, w);
    a = (ArmIdAccel) {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = k.value,
        .writable = w, .unknown = k.unread,
    };

    /* LOWER, the host has pmull: all three */
    s = supported("feat_AES", &a);
    g_assert_cmpstr(s, ==, "off,aes,pmull");
    g_free(s);
    /* LOWER number: CTR_EL0.DminLine up to the host's */
    g_assert_cmphex(arm_idfield_get(k.value, ARM_IDF_CTR_EL0_DminLine), ==,
                    4);
    s = supported("hw_prop_DminLine", &a);
    g_assert_cmpstr(s, ==, "0-4");
    g_free(s);
    /* not writable: the host's value only */
    s = supported("feat_FP", &a);
    g_assert_cmpstr(s, ==, "fp16");
    g_free(s);
    /* MIDR with KVM_CAP_ARM_WRITABLE_IMP_ID_REGS: any; 64-bit: a range */
    s = supported("hw_prop_PartNum", &a);
    g_assert_cmpstr(s, ==, "0-4095");
    g_free(s);
    s = supported("hw_prop_REVIDR_EL1_IMPDEF", &a);
    g_assert_cmpstr(s, ==, "0-18446744073709551615");
    g_free(s);
    /* GMID_EL1 is not read under KVM: nothing */
    s = supported("hw_prop_GMID_EL1_BS", &a);
    g_assert_cmpstr(s, ==, "");
    g_free(s);
    /* a fractional pair, each field on its own: CSV2 up to the host's */
    s = supported("feat_CSV2", &a);
    g_assert_nonnull(strstr(s, "0.0"));
    g_free(s);

    /* without the capability MIDR and REVIDR keep the host's values */
    arm_idaccel_kvm_writable(k.mask, false, w);
    s = supported("hw_prop_PartNum", &a);
    g_assert_cmpstr(s, ==, "81");
    g_free(s);
    s = supported("hw_prop_REVIDR_EL1_IMPDEF", &a);
    g_assert_cmpstr(s, ==, "0");
    g_free(s);

    /* without masks (6.1): every property its host value only */
    load_snapshot("kvm-6.1.txt", &k);
    a = (ArmIdAccel) {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = k.value,
        .unknown = k.unread,
    };
    s = supported("feat_AES", &a);
    g_assert_cmpstr(s, ==, "pmull");
    g_free(s);
}

/* The kernel's rules against what each harness kernel offered */
static void test_kvm_rules(void)
{
    KvmSnapshot k;

    load_snapshot("kvm-6.12.txt", &k);
    check_kvm_rules(&k);
    load_snapshot("kvm-7.2.txt", &k);
    check_kvm_rules(&k);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-idaccel/limit-rules", test_limit_rules);
    g_test_add_func("/arm-cpu-idaccel/blockers", test_blockers);
    g_test_add_func("/arm-cpu-idaccel/tcg-limit", test_tcg_limit);
    g_test_add_func("/arm-cpu-idaccel/kvm-snapshots", test_kvm_snapshots);
    g_test_add_func("/arm-cpu-idaccel/kvm-rules", test_kvm_rules);
    g_test_add_func("/arm-cpu-idaccel/kvm-vcpu-view", test_kvm_vcpu_view);
    g_test_add_func("/arm-cpu-idaccel/kvm-no-masks", test_kvm_no_masks);
    g_test_add_func("/arm-cpu-idaccel/supported-values",
                    test_supported_values);
    return g_test_run();
}
