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
int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm/idprops/names", test_names);
    g_test_add_func("/arm/idprops/table", test_table);
    g_test_add_func("/arm/idprops/value-names-unique", test_value_names_unique);
    g_test_add_func("/arm/idprops/parse/named", test_parse_named);
    g_test_add_func("/arm/idprops/parse/frac", test_parse_frac);
    g_test_add_func("/arm/idprops/numbers", test_numbers);
    g_test_add_func("/arm/idprops/format-total", test_format_total);
    return g_test_run();
}
