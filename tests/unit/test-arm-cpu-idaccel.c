/*
 * Unit tests for what an accelerator provides of the Arm ID registers
 * (target/arm/cpu-idaccel.c): the check of a CPU against TCG's or KVM's
 * description, and the values query-arm-cpu-props-info reports, on what
 * the nested harness's kernels offered
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idaccel.h"
#include "arm-cpu-models-kvm-snapshot.c.inc"


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
    g_assert_cmpuint(arm_idkvm_blockers(k.value, k.value, w, k.unread,
                                              NULL, 0), ==, 0);
    g_assert_cmpuint(arm_idkvm_plan(k.value, k.value, w, plan, NULL),
                     ==, 0);

    /* a lower AES: the property check refuses it, so would the write-back */
    memcpy(want, k.value, sizeof(want));
    g_assert_cmphex(arm_idfield_get(want, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==,
                    2);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    n = arm_idaccel_blockers(&a, want, NULL, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_AES);
    n = arm_idkvm_blockers(want, k.value, w, k.unread, b, ARRAY_SIZE(b));
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
    arm_idkvm_writable(k.mask, true, w);
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
    arm_idkvm_writable(k.mask, false, w);
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-idaccel/kvm-no-masks", test_kvm_no_masks);
    g_test_add_func("/arm-cpu-idaccel/supported-values",
                    test_supported_values);
    return g_test_run();
}
