/*
 * Unit tests for the Arm ID-register field properties as one CPU sets
 * them (target/arm/cpu-idpropset.c): one field set once, values under a
 * limit, the fields older properties own
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "../../target/arm/cpu-idpropset.h"

static const ArmIdProp *find(const char *name)
{
    const ArmIdProp *p = arm_idprop_find(name);

    if (!p) {
        g_test_message("no property %s", name);
    }
    g_assert_nonnull(p);
    return p;
}

static void test_state(void)
{
    ArmIdPropState st = { 0 };
    uint64_t regs[ARM_IDREG_NUM] = { 0 };
    uint64_t v[2] = { 1, 0 };
    Error *err = NULL;

    g_assert_true(arm_idprop_state_set(&st, find("feat_AES"), v, &error_abort));
    v[0] = 2;
    g_assert_true(arm_idprop_state_set(&st, find("feat_AES"), v, &error_abort));
    g_assert_false(arm_idprop_state_set(&st,
                                        find("SYSREG_ID_AA64ISAR0_EL1_AES"),
                                        v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Properties 'feat_AES' and 'SYSREG_ID_AA64ISAR0_EL1_AES' "
                    "both set ID_AA64ISAR0_EL1.AES; set it once");
    error_free(err);
    err = NULL;
    g_assert_true(arm_idprop_state_owner(&st, ARM_IDF_ID_AA64ISAR0_EL1_AES) ==
                  find("feat_AES"));
    g_assert_null(arm_idprop_state_owner(&st, ARM_IDF_ID_AA64ISAR0_EL1_SHA1));

    /* a fractional property owns both of its fields */
    v[0] = 1;
    v[1] = 1;
    g_assert_true(arm_idprop_state_set(&st, find("feat_CSV2"), v,
                                       &error_abort));
    g_assert_false(arm_idprop_state_set(
                       &st, find("SYSREG_ID_AA64PFR1_EL1_CSV2_frac"), v, &err));
    error_free(err);

    regs[ARM_IDREG_ID_AA64ISAR0_EL1] = 0x1111111111111111ULL;
    arm_idprop_state_apply(&st, regs);
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64ISAR0_EL1], ==,
                    0x1111111111111121ULL);
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64PFR0_EL1], ==, 1ULL << 56);
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64PFR1_EL1], ==, 1ULL << 32);
}

/* The kernel's safe-value rules, per field type */
static void test_value_ok(void)
{
    /* LOWER, unsigned: ID_AA64ISAR0_EL1.AES */
    g_assert_true(arm_idfield_value_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2));
    g_assert_true(arm_idfield_value_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 2));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 1));
    /* LOWER, signed: ID_AA64PFR0_EL1.FP, 0xf (not implemented) is lowest */
    g_assert_true(arm_idfield_value_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 0xf, 0));
    g_assert_true(arm_idfield_value_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 0, 1));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 0, 0xf));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 1, 0));
    /* HIGHER: ID_AA64MMFR1_EL1.SpecSEI */
    g_assert_true(arm_idfield_value_ok(ARM_IDF_ID_AA64MMFR1_EL1_SpecSEI,
                                       1, 0));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_ID_AA64MMFR1_EL1_SpecSEI,
                                        0, 1));
    /* HIGHER_OR_ZERO: CTR_EL0.CWG, where 0 ("not given") is above all */
    g_assert_true(arm_idfield_value_ok(ARM_IDF_CTR_EL0_CWG, 5, 4));
    g_assert_true(arm_idfield_value_ok(ARM_IDF_CTR_EL0_CWG, 0, 4));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_CTR_EL0_CWG, 3, 4));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_CTR_EL0_CWG, 4, 0));
    /* EXACT: MIDR_EL1.PartNum takes the host's value or the safe value */
    g_assert_true(arm_idfield_value_ok(ARM_IDF_MIDR_EL1_PartNum, 0xd4f, 0xd4f));
    g_assert_true(arm_idfield_value_ok(ARM_IDF_MIDR_EL1_PartNum, 0, 0xd4f));
    g_assert_false(arm_idfield_value_ok(ARM_IDF_MIDR_EL1_PartNum, 0xd40,
                                        0xd4f));
}

/* A fractional property compares base.fraction as one number */
static void test_frac_value_ok(void)
{
    const ArmIdProp *p = find("feat_CSV2");
    uint64_t v[ARM_IDREG_NUM] = { 0 }, lim[ARM_IDREG_NUM] = { 0 };

    arm_idfield_set(lim, ARM_IDF_ID_AA64PFR0_EL1_CSV2, 2);
    arm_idfield_set(v, ARM_IDF_ID_AA64PFR0_EL1_CSV2, 1);
    arm_idfield_set(v, ARM_IDF_ID_AA64PFR1_EL1_CSV2_frac, 2);
    g_assert_true(arm_idprop_value_ok(p, v, lim));          /* 1.2 < 2.0 */
    arm_idfield_set(v, ARM_IDF_ID_AA64PFR0_EL1_CSV2, 2);
    g_assert_false(arm_idprop_value_ok(p, v, lim));         /* 2.2 > 2.0 */
    arm_idfield_set(v, ARM_IDF_ID_AA64PFR1_EL1_CSV2_frac, 0);
    g_assert_true(arm_idprop_value_ok(p, v, lim));          /* 2.0 */
    arm_idfield_set(v, ARM_IDF_ID_AA64PFR0_EL1_CSV2, 3);
    g_assert_false(arm_idprop_value_ok(p, v, lim));         /* 3.0 > 2.0 */
    /* a plain property is its field's rule */
    g_assert_true(arm_idprop_value_ok(find("hw_prop_CWG"), v, lim));
}

/*
 * The cost of one property as a -cpu option: find it by name, parse its
 * value, record it, check it against a limit. Run with -m perf (make
 * bench); ARM_IDPROPS_BENCH_ROUNDS sets the number of rounds over every
 * property (default 2000).
 */
static void bench_parse_validate(void)
{
    const char *env = g_getenv("ARM_IDPROPS_BENCH_ROUNDS");
    unsigned rounds = env ? atoi(env) : 2000;
    unsigned n, i, r, done = 0;
    const ArmIdProp *all = arm_idprops(&n);
    g_autofree char **values = g_new0(char *, n);
    g_autofree uint64_t *numbers = g_new0(uint64_t, n);
    uint64_t regs[ARM_IDREG_NUM], limit[ARM_IDREG_NUM];
    ArmIdPropState st;
    double secs;

    arm_idregs_reset(regs);
    memcpy(limit, regs, sizeof(limit));
    for (i = 0; i < n; i++) {
        if (all[i].kind == ARM_IDPROP_NAMED || all[i].kind == ARM_IDPROP_FRAC) {
            values[i] = arm_idprop_format(&all[i], regs);
        } else {
            numbers[i] = arm_idfield_get(regs, all[i].field);
        }
    }
    g_test_timer_start();
    for (r = 0; r < rounds; r++) {
        /* SYSREG_ aliases set the same fields: a state of their own */
        for (int raw = 0; raw < 2; raw++) {
            memset(&st, 0, sizeof(st));
            for (i = 0; i < n; i++) {
                const ArmIdProp *p;
                uint64_t v[2] = { numbers[i], 0 };

                if ((all[i].kind == ARM_IDPROP_RAW) != raw) {
                    continue;
                }
                p = arm_idprop_find(all[i].name);
                if (values[i]) {
                    g_assert_true(arm_idprop_parse(p, values[i], v, NULL));
                } else {
                    g_assert_true(arm_idprop_check_number(p, v[0], NULL));
                }
                g_assert_true(arm_idprop_state_set(&st, p, v, NULL));
                g_assert_true(arm_idprop_value_ok(p, regs, limit));
                done++;
            }
        }
    }
    secs = g_test_timer_elapsed();
    for (i = 0; i < n; i++) {
        g_free(values[i]);
    }
    g_test_message("parse+validate: %u properties x %u rounds in %.3f s: "
                   "%.0f ns per property", n, rounds, secs,
                   secs * 1e9 / MAX(done, 1));
    printf("BENCH parse-validate-ns-per-property %.1f (%u properties)\n",
           secs * 1e9 / MAX(done, 1), n);
}

/*
 * A field an older property owns: its level through a field property while
 * the property is on, never 0 where it announces the feature, and for
 * pointer authentication only in the algorithm in use
 */
static void test_owned(void)
{
    uint64_t regs[ARM_IDREG_NUM] = { 0 }, want[ARM_IDREG_NUM];
    g_autofree char *off = NULL, *zero = NULL, *algo = NULL;

    g_assert_null(arm_idprop_owned_refusal(ARM_IDF_ID_AA64ISAR1_EL1_SB, regs,
                                           false, regs));
    /* PMUv3.5 (AArch64) and PMUv3.5 (AArch32) */
    arm_idfield_set(regs, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 6);
    arm_idfield_set(regs, ARM_IDF_ID_DFR0_EL1_PerfMon, 6);
    memcpy(want, regs, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 1);
    g_assert_null(arm_idprop_owned_refusal(ARM_IDF_ID_AA64DFR0_EL1_PMUVer,
                                           regs, true, want));
    off = arm_idprop_owned_refusal(ARM_IDF_ID_AA64DFR0_EL1_PMUVer, regs,
                                   false, want);
    g_assert_cmpstr(off, ==, "it belongs to the 'pmu' property, which is "
                    "off: its field properties need pmu=on");
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 0);
    zero = arm_idprop_owned_refusal(ARM_IDF_ID_AA64DFR0_EL1_PMUVer, regs,
                                    true, want);
    g_assert_cmpstr(zero, ==, "it belongs to the 'pmu' property: pmu=off "
                    "removes the feature");
    /* an AArch64-only CPU: no AArch32 PMU, with a PMU */
    memcpy(want, regs, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 0);
    g_assert_null(arm_idprop_owned_refusal(ARM_IDF_ID_DFR0_EL1_PerfMon, regs,
                                           true, want));

    /* QARMA5 in use: its level may change, impdef's fields not be set */
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_APA, 5);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA, 1);
    memcpy(want, regs, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_APA, 1);
    g_assert_null(arm_idprop_owned_refusal(ARM_IDF_ID_AA64ISAR1_EL1_APA, regs,
                                           true, want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_API, 1);
    algo = arm_idprop_owned_refusal(ARM_IDF_ID_AA64ISAR1_EL1_API, regs, true,
                                    want);
    g_assert_cmpstr(algo, ==, "it announces the impdef algorithm, and this "
                    "CPU's pointer authentication uses qarma5 "
                    "(pauth-impdef=on chooses it, but not on -cpu host "
                    "under KVM)");
    /* 0 in another algorithm's field changes nothing; in QARMA5's, all */
    memcpy(want, regs, sizeof(want));
    g_assert_null(arm_idprop_owned_refusal(ARM_IDF_ID_AA64ISAR1_EL1_API, regs,
                                           true, want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_GPA, 0);
    g_assert_null(arm_idprop_owned_refusal(ARM_IDF_ID_AA64ISAR1_EL1_GPA, regs,
                                           true, want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_APA, 0);
    g_assert_nonnull(arm_idprop_owned_refusal(ARM_IDF_ID_AA64ISAR1_EL1_APA,
                                              regs, true, want));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm/idpropset/state", test_state);
    g_test_add_func("/arm/idpropset/value-ok", test_value_ok);
    g_test_add_func("/arm/idpropset/frac-value-ok", test_frac_value_ok);
    g_test_add_func("/arm/idpropset/owned", test_owned);
    if (g_test_perf()) {
        g_test_add_func("/arm/idpropset/perf/parse-validate",
                        bench_parse_validate);
    }
    return g_test_run();
}
