/*
 * Unit tests for KVM's rules and the write-back plan of the Arm ID
 * registers (target/arm/cpu-idkvm.c), against what the nested harness's
 * kernels offered: writable masks, the kernel's safe rules and its
 * set_id_*() handlers' rules, a vCPU without SVE or pointer
 * authentication, the plan and its verification
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idkvm.h"
#include "arm-cpu-models-kvm-snapshot.c.inc"


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
    arm_idkvm_writable(k72.mask, false, w);
    g_assert_cmphex(w[ARM_IDREG_MIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_REVIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_AIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_ID_AA64ISAR0_EL1], ==,
                    k72.mask[ARM_IDREG_ID_AA64ISAR0_EL1]);
    arm_idkvm_writable(k72.mask, true, w);
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
    arm_idkvm_writable(k->mask, k->imp_id_regs, w);
    memcpy(host, k->value, sizeof(host));

    /* the host's own values: nothing to block, nothing to write */
    g_assert_cmpuint(arm_idkvm_blockers(host, host, w, k->unread,
                                              NULL, 0), ==, 0);
    g_assert_cmpuint(arm_idkvm_plan(host, host, w, plan, NULL), ==, 0);

    /* lowering a LOWER field: one write, of that register only */
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==,
                    2);
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    g_assert_cmpuint(arm_idkvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    n = arm_idkvm_plan(want, host, w, plan, expect);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(plan[0].reg, ==, ARM_IDREG_ID_AA64ISAR0_EL1);
    g_assert_cmphex(plan[0].value, ==, want[ARM_IDREG_ID_AA64ISAR0_EL1]);
    g_assert_cmpmem(expect, sizeof(expect), want, sizeof(want));

    /* raising it above the host: a blocker naming both values */
    arm_idfield_set(host, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 2);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
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
    g_assert_cmpuint(arm_idkvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);

    /* both kernels keep FP and AdvSIMD as they are: fixed */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64PFR0_EL1_FP), ==, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_FP, 0);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);

    /*
     * CTR_EL0: a smaller DminLine is safe (LOWER); CWG (HIGHER) is outside
     * both kernels' masks, so even a safe larger value is fixed
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_CTR_EL0_DminLine), >, 1);
    arm_idfield_set(want, ARM_IDF_CTR_EL0_DminLine, 1);
    g_assert_cmpuint(arm_idkvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    arm_idfield_set(want, ARM_IDF_CTR_EL0_DminLine, 0xf);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_false(b[0].fixed);
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_CTR_EL0_CWG,
                    arm_idfield_get(host, ARM_IDF_CTR_EL0_CWG) + 1);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);

    /* a field outside the writable mask: fixed, whatever its rule */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_MIDR_EL1_PartNum, 0xd4f);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, k->imp_id_regs ? 0 : 1);
    if (n) {
        g_assert_cmpuint(b[0].field, ==, ARM_IDF_MIDR_EL1_PartNum);
        g_assert_true(b[0].fixed);
    }

    /* the kernel refuses a debug architecture below Armv8 */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_DFR0_EL1_CopDbg), >=, 6);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_CopDbg, 0);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
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
    g_assert_cmpuint(arm_idkvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 0xf);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_DebugVer,
                    arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_DebugVer) +
                    1);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
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
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64PFR0_EL1_EL1);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64PFR0_EL1_EL0);
    g_assert_false(b[0].fixed);
    {
        g_autofree char *rule = arm_idkvm_rule(&b[0]);

        g_assert_cmpstr(rule, ==,
                        "KVM refuses 0 there, set_id_aa64pfr0_el1()");
    }

    /* set_id_dfr0_el1(): an AArch32 PMU other than PMUv3, below it */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 2);
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpint(b[0].rule->kind, ==, ARM_IDROLE_KVM_REFUSES);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 0);
    g_assert_cmpuint(arm_idkvm_blockers(want, host, w, k->unread,
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
    n = arm_idkvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_PFR0_EL1_RAS);
    g_assert_false(b[0].fixed);
    {
        g_autofree char *rule = arm_idkvm_rule(&b[0]);

        g_assert_cmpstr(rule, ==, "KVM takes only the host's value of a field "
                        "the kernel has no rule for, arm64_check_features()");
    }

    /* verification finds a register that does not read back as planned */
    memcpy(readback, host, sizeof(readback));
    g_assert_cmpuint(arm_idkvm_verify(host, readback, k->read, bad,
                                            ARRAY_SIZE(bad)), ==, 0);
    readback[ARM_IDREG_ID_AA64ISAR1_EL1] ^= 0xf0;
    g_assert_cmpuint(arm_idkvm_verify(host, readback, k->read, bad,
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
    arm_idkvm_writable(k.mask, true, w);
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
    n = arm_idkvm_blockers(want, host, w, k.unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, >=, 3);
    g_assert_true(b[0].fixed);

    /* against the vCPU that QEMU creates without them: nothing */
    arm_idkvm_vcpu_view(host, false, false);
    g_assert_cmpuint(arm_idkvm_blockers(want, host, w, k.unread,
                                              NULL, 0), ==, 0);

    /* with the features, the view is the probe */
    memcpy(host, k.value, sizeof(host));
    arm_idkvm_vcpu_view(host, true, true);
    g_assert_cmpmem(host, sizeof(host), k.value, sizeof(k.value));
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

/*
 * SVE vector lengths: KVM caps the largest and gives every length the
 * host has below it (bit N-1: N quadwords, N * 128 bits)
 */
static void test_kvm_sve_vls(void)
{
    const uint32_t all16 = MAKE_64BIT_MASK(0, 16);    /* 128-2048 */
    const uint32_t pow2 = 0x808b;                     /* 128-2048, 2^n */

    /* a Neoverse V2 (128) on a host with every length: exactly 128 */
    g_assert_cmphex(arm_idkvm_sve_vls(0x1, all16), ==, 0x1);
    /* a Neoverse V1 (128, 256) there: exactly those */
    g_assert_cmphex(arm_idkvm_sve_vls(0x3, all16), ==, 0x3);
    /* 128, 256 and 512 (no 384) where the host has 384: KVM shows it */
    g_assert_cmphex(arm_idkvm_sve_vls(0xb, all16), ==, 0xf);
    /* ... and where it has only the powers of two: exactly those */
    g_assert_cmphex(arm_idkvm_sve_vls(0xb, pow2), ==, 0xb);
    /* a V1 on a 128-bit host (a V2): 256 is missing */
    g_assert_cmphex(arm_idkvm_sve_vls(0x3, 0x1), ==, 0x1);
    /* a length the host lacks below its largest stays missing */
    g_assert_cmphex(arm_idkvm_sve_vls(0x7, 0xb), ==, 0x3);
    /* no SVE on either side: nothing */
    g_assert_cmphex(arm_idkvm_sve_vls(0, all16), ==, 0);
    g_assert_cmphex(arm_idkvm_sve_vls(0x3, 0), ==, 0);
    /* the widest lengths */
    g_assert_cmphex(arm_idkvm_sve_vls(all16, all16), ==, all16);
    g_assert_cmphex(arm_idkvm_sve_vls(pow2, all16), ==, all16);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-idkvm/kvm-snapshots", test_kvm_snapshots);
    g_test_add_func("/arm-cpu-idkvm/kvm-rules", test_kvm_rules);
    g_test_add_func("/arm-cpu-idkvm/kvm-vcpu-view", test_kvm_vcpu_view);
    g_test_add_func("/arm-cpu-idkvm/kvm-sve-vls", test_kvm_sve_vls);
    return g_test_run();
}
