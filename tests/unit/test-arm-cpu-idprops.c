/*
 * Unit tests for the Arm ID-register field properties
 * (target/arm/cpu-idprops.c): naming rules, parsing, validation, errors
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "../../target/arm/cpu-idprops.h"

static const ArmIdProp *find(const char *name)
{
    const ArmIdProp *p = arm_idprop_find(name);

    if (!p) {
        g_test_message("no property %s", name);
    }
    g_assert_nonnull(p);
    return p;
}

/* Names follow the rules of cpu-idprops.h; one example of each */
static void test_names(void)
{
    static const struct {
        const char *name;
        ArmIdPropKind kind;
        ArmIdFieldIdx field;
    } cases[] = {
        /* unique or primary: bare name; named values: feat_ */
        { "feat_AES", ARM_IDPROP_NAMED, ARM_IDF_ID_AA64ISAR0_EL1_AES },
        { "feat_DIT", ARM_IDPROP_NAMED, ARM_IDF_ID_AA64PFR0_EL1_DIT },
        { "feat_SVEver", ARM_IDPROP_NAMED, ARM_IDF_ID_AA64ZFR0_EL1_SVEver },
        /* the same names elsewhere: qualified by QEMU's register name */
        { "feat_ID_ISAR5_AES", ARM_IDPROP_NAMED, ARM_IDF_ID_ISAR5_EL1_AES },
        { "feat_ID_AA64ZFR0_AES", ARM_IDPROP_NAMED,
          ARM_IDF_ID_AA64ZFR0_EL1_AES },
        { "feat_ID_PFR0_DIT", ARM_IDPROP_NAMED, ARM_IDF_ID_PFR0_EL1_DIT },
        /* no named values: hw_prop_, a number */
        { "hw_prop_CWG", ARM_IDPROP_NUMBER, ARM_IDF_CTR_EL0_CWG },
        { "hw_prop_BRPs", ARM_IDPROP_NUMBER, ARM_IDF_ID_AA64DFR0_EL1_BRPs },
        { "hw_prop_ID_AA64DFR1_BRPs", ARM_IDPROP_NUMBER,
          ARM_IDF_ID_AA64DFR1_EL1_BRPs },
        { "hw_prop_DCZID_EL0_BS", ARM_IDPROP_NUMBER, ARM_IDF_DCZID_EL0_BS },
        { "hw_prop_PartNum", ARM_IDPROP_NUMBER, ARM_IDF_MIDR_EL1_PartNum },
        /* one bit: a bool */
        { "hw_prop_DIC", ARM_IDPROP_BOOL, ARM_IDF_CTR_EL0_DIC },
        /* a field and its _frac partner */
        { "feat_CSV2", ARM_IDPROP_FRAC, ARM_IDF_ID_AA64PFR0_EL1_CSV2 },
        { "feat_RAS", ARM_IDPROP_FRAC, ARM_IDF_ID_AA64PFR0_EL1_RAS },
        { "feat_ID_PFR0_RAS", ARM_IDPROP_FRAC, ARM_IDF_ID_PFR0_EL1_RAS },
        /* the raw alias of every field */
        { "SYSREG_ID_AA64ISAR0_EL1_AES", ARM_IDPROP_RAW,
          ARM_IDF_ID_AA64ISAR0_EL1_AES },
        { "SYSREG_ID_AA64PFR1_EL1_CSV2_frac", ARM_IDPROP_RAW,
          ARM_IDF_ID_AA64PFR1_EL1_CSV2_frac },
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const ArmIdProp *p = find(cases[i].name);

        g_assert_cmpstr(p->name, ==, cases[i].name);
        g_assert_cmpint(p->kind, ==, cases[i].kind);
        g_assert_cmpint(p->field, ==, cases[i].field);
    }
    g_assert_cmpint(find("feat_CSV2")->frac, ==,
                    ARM_IDF_ID_AA64PFR1_EL1_CSV2_frac);
    g_assert_cmpstr(arm_idprop_type(find("feat_AES")), ==, "str");
    g_assert_cmpstr(arm_idprop_type(find("hw_prop_DIC")), ==, "bool");
    g_assert_cmpstr(arm_idprop_type(find("hw_prop_CWG")), ==, "uint64");
    g_assert_cmpstr(find("feat_AES")->description, ==,
                    "ID_AA64ISAR0_EL1.AES [7:4]");

    /* Names that do not exist */
    g_assert_null(arm_idprop_find("feat_aes"));
    g_assert_null(arm_idprop_find("feat_CSV2_frac"));      /* via feat_CSV2 */
    g_assert_null(arm_idprop_find("hw_prop_LineSize"));    /* cache geometry */
    g_assert_null(arm_idprop_find("SYSREG_CLIDR_EL1_LoC"));
    g_assert_null(arm_idprop_find(""));
}

/* Every field a user may set has one property of its kind and one alias */
static void test_table(void)
{
    unsigned n, i, kinds = 0, raw = 0, fracs = 0;
    const ArmIdProp *all = arm_idprops(&n);
    unsigned per_field[ARM_IDFIELD_NUM] = { 0 };

    for (i = 0; i < n; i++) {
        g_assert_true(arm_idprop_find(all[i].name) == &all[i]);
        g_assert_nonnull(all[i].description);
        per_field[all[i].field]++;
        if (all[i].kind == ARM_IDPROP_RAW) {
            raw++;
        } else {
            kinds++;
        }
        if (all[i].frac >= 0) {
            per_field[all[i].frac]++;
            fracs++;
        }
    }
    /* The RFC's floor: over 130 single-field properties */
    g_assert_cmpuint(kinds, >, 130);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        unsigned reg = arm_idfields[i].reg;

        if (reg == ARM_IDREG_CCSIDR_EL1 || reg == ARM_IDREG_CCSIDR2_EL1 ||
            reg == ARM_IDREG_CLIDR_EL1) {
            g_assert_cmpuint(per_field[i], ==, 0);
        } else {
            g_assert_cmpuint(per_field[i], ==, 2);
        }
    }
    /* a _frac field has only its raw alias */
    g_assert_cmpuint(raw, ==, kinds + fracs);
}

/* Lower-casing and NI/IMP -> off/on never make two values of a field alike */
static void test_value_names_unique(void)
{
    unsigned i, a, b;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];

        for (a = f->first_val; a < f->first_val + f->n_vals; a++) {
            g_autofree char *na = arm_idprop_value_name(i,
                                                        arm_idvals[a].value);

            for (b = a + 1; b < f->first_val + f->n_vals; b++) {
                uint64_t vb = arm_idvals[b].value;
                g_autofree char *nb = arm_idprop_value_name(i, vb);

                g_assert_cmpstr(na, !=, nb);
            }
        }
    }
}

static void test_parse_named(void)
{
    const ArmIdProp *p = find("feat_AES");
    uint64_t v[2] = { 9, 9 };
    Error *err = NULL;

    g_assert_true(arm_idprop_parse(p, "pmull", v, &error_abort));
    g_assert_cmphex(v[0], ==, 2);
    g_assert_true(arm_idprop_parse(p, "off", v, &error_abort));
    g_assert_cmphex(v[0], ==, 0);
    g_assert_true(arm_idprop_parse(p, "aes", v, &error_abort));
    g_assert_cmphex(v[0], ==, 1);
    g_assert_true(arm_idprop_parse(find("feat_DIT"), "on", v, &error_abort));
    g_assert_cmphex(v[0], ==, 1);

    g_assert_false(arm_idprop_parse(p, "PMULL", v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not "
                    "accept 'PMULL'; accepted values: off, aes, pmull");
    error_free(err);
    err = NULL;
    g_assert_false(arm_idprop_parse(p, "", v, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_false(arm_idprop_parse(p, "2", v, &err));
    g_assert_nonnull(err);
    error_free(err);
}

static void test_parse_frac(void)
{
    const ArmIdProp *p = find("feat_CSV2");
    uint64_t regs[ARM_IDREG_NUM] = { 0 };
    uint64_t v[2];
    Error *err = NULL;
    g_autofree char *s = NULL;
    static const char *const bad[] = { "1", "1.", ".1", "1.1.1", "x.y", "1.9",
                                       "9.0", "-1.0", "" };
    unsigned i;

    g_assert_true(arm_idprop_parse(p, "1.1", v, &error_abort));
    g_assert_cmphex(v[0], ==, 1);
    g_assert_cmphex(v[1], ==, 1);
    arm_idprop_apply(p, regs, v);
    /* both fields, in their registers: PFR0.CSV2 [59:56], PFR1 [35:32] */
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64PFR0_EL1], ==, 1ULL << 56);
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64PFR1_EL1], ==, 1ULL << 32);
    s = arm_idprop_format(p, regs);
    g_assert_cmpstr(s, ==, "1.1");

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_false(arm_idprop_parse(p, bad[i], v, &err));
        g_assert_nonnull(strstr(error_get_pretty(err),
                                "accepted values: 0.0,"));
        error_free(err);
        err = NULL;
    }
}

static void test_numbers(void)
{
    const ArmIdProp *p = find("hw_prop_CWG");
    Error *err = NULL;

    g_assert_true(arm_idprop_check_number(p, 15, &error_abort));
    g_assert_false(arm_idprop_check_number(p, 16, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'hw_prop_CWG' (CTR_EL0.CWG, 4 bits) does not "
                    "accept 16; accepted values: 0 to 15");
    error_free(err);
    err = NULL;
    /* -1 arrives as 2^64 - 1: the message names what was typed */
    g_assert_false(arm_idprop_check_number(p, UINT64_MAX, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'hw_prop_CWG' (CTR_EL0.CWG, 4 bits) does not "
                    "accept -1 (read as 18446744073709551615); accepted "
                    "values: 0 to 15");
    error_free(err);
    /* a 64-bit field takes any number */
    g_assert_true(arm_idprop_check_number(find("hw_prop_REVIDR_EL1_IMPDEF"),
                                          UINT64_MAX, &error_abort));
}

/* A value without a name still reads back, as a number */
static void test_format_total(void)
{
    uint64_t regs[ARM_IDREG_NUM] = { 0 };
    g_autofree char *named = NULL;
    g_autofree char *unnamed = NULL;

    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES, 2);
    named = arm_idprop_format(find("feat_AES"), regs);
    g_assert_cmpstr(named, ==, "pmull");
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES, 7);
    unnamed = arm_idprop_format(find("feat_AES"), regs);
    g_assert_cmpstr(unnamed, ==, "0x7");
}

/* One field through two names is an error; one name twice is last-wins */
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
    g_test_add_func("/arm/idprops/owned", test_owned);
    g_test_add_func("/arm/idprops/names", test_names);
    g_test_add_func("/arm/idprops/table", test_table);
    g_test_add_func("/arm/idprops/value-names-unique", test_value_names_unique);
    g_test_add_func("/arm/idprops/parse/named", test_parse_named);
    g_test_add_func("/arm/idprops/parse/frac", test_parse_frac);
    g_test_add_func("/arm/idprops/numbers", test_numbers);
    g_test_add_func("/arm/idprops/format-total", test_format_total);
    g_test_add_func("/arm/idprops/state", test_state);
    g_test_add_func("/arm/idprops/value-ok", test_value_ok);
    g_test_add_func("/arm/idprops/frac-value-ok", test_frac_value_ok);
    if (g_test_perf()) {
        g_test_add_func("/arm/idprops/perf/parse-validate",
                        bench_parse_validate);
    }
    return g_test_run();
}
