/*
 * QTest testcase for the ID-register field properties of Arm CPUs
 * (target/arm/arm-cpu-props.c) through query-cpu-model-expansion and the
 * command line
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "arm-cpu-models-util.h"

/* The expansion lists the field properties with their values */
static void test_expand_values(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    QDict *resp = expand(qts, "max", NULL);
    QDict *props = expansion_props(resp);

    /* -cpu max implements FEAT_PMULL, FEAT_CSV2_3, FEAT_DIT */
    g_assert_cmpstr(qdict_get_str(props, "feat_AES"), ==, "pmull");
    g_assert_cmpstr(qdict_get_str(props, "feat_CSV2"), ==, "3.0");
    g_assert_cmpstr(qdict_get_str(props, "feat_DIT"), ==, "on");
    g_assert_true(qdict_haskey(props, "hw_prop_CWG"));
    g_assert_true(qdict_haskey(props, "hw_prop_DIC"));
    /* the raw aliases are not listed, the older properties still are */
    g_assert_false(qdict_haskey(props, "SYSREG_ID_AA64ISAR0_EL1_AES"));
    g_assert_true(qdict_get_bool(props, "sve"));
    qobject_unref(resp);

    /* the user's properties apply on top of the model's values */
    resp = expand(qts, "max", "{ 'feat_AES': 'aes', 'feat_CSV2': '1.1', "
                              "'SYSREG_ID_AA64ISAR0_EL1_SHA1': 0 }");
    props = expansion_props(resp);
    g_assert_cmpstr(qdict_get_str(props, "feat_AES"), ==, "aes");
    g_assert_cmpstr(qdict_get_str(props, "feat_CSV2"), ==, "1.1");
    g_assert_cmpstr(qdict_get_str(props, "feat_SHA1"), ==, "off");
    qobject_unref(resp);

    /* the older properties keep working beside the field properties */
    resp = expand(qts, "max", "{ 'sve': false, 'pmu': false, "
                              "'pauth': false, 'feat_AES': 'off' }");
    props = expansion_props(resp);
    g_assert_false(qdict_get_bool(props, "sve"));
    g_assert_false(qdict_get_bool(props, "pmu"));
    g_assert_false(qdict_get_bool(props, "pauth"));
    g_assert_cmpstr(qdict_get_str(props, "feat_SVE"), ==, "off");
    g_assert_cmpstr(qdict_get_str(props, "feat_API"), ==, "off");
    g_assert_cmpstr(qdict_get_str(props, "feat_AES"), ==, "off");
    qobject_unref(resp);

    /* ... on another CPU model too */
    resp = expand(qts, "cortex-a57", "{ 'feat_AES': 'off' }");
    props = expansion_props(resp);
    g_assert_cmpstr(qdict_get_str(props, "feat_AES"), ==, "off");
    g_assert_cmpstr(qdict_get_str(props, "feat_SHA1"), ==, "on");
    qobject_unref(resp);
    qtest_quit(qts);
}

/* Every error path, with its exact message */
static void test_expand_errors(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    QDict *resp;

    assert_expand_error(qts, "max", "{ 'feat_AES': 'foo' }",
                        "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not "
                        "accept 'foo'; accepted values: off, aes, pmull");
    assert_expand_error(qts, "max", "{ 'feat_AES': '' }",
                        "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not "
                        "accept ''; accepted values: off, aes, pmull");
    assert_expand_error(qts, "max", "{ 'feat_AES': 2 }",
                        "Invalid parameter type for 'model.props.feat_AES', "
                        "expected: string");
    assert_expand_error(qts, "max", "{ 'hw_prop_CWG': 'four' }",
                        "Parameter 'model.props.hw_prop_CWG' expects uint64");
    assert_expand_error(qts, "max", "{ 'hw_prop_CWG': 16 }",
                        "Property 'hw_prop_CWG' (CTR_EL0.CWG, 4 bits) does not "
                        "accept 16; accepted values: 0 to 15");
    assert_expand_error(qts, "max", "{ 'feat_CSV2': '1.7' }",
                        "Property 'feat_CSV2' (ID_AA64PFR0_EL1.CSV2) does not "
                        "accept '1.7'; accepted values: 0.0, 0.1, 0.2, 1.0, "
                        "1.1, 1.2, 2.0, 2.1, 2.2, 3.0, 3.1, 3.2");
    assert_expand_error(qts, "max", "{ 'feat_AES': 'aes', "
                        "'SYSREG_ID_AA64ISAR0_EL1_AES': 1 }",
                        "Properties 'feat_AES' and "
                        "'SYSREG_ID_AA64ISAR0_EL1_AES' both set "
                        "ID_AA64ISAR0_EL1.AES; set it once");
    assert_expand_error(qts, "max", "{ 'feat_SVE': 'off' }",
                        "Property 'feat_SVE' cannot set ID_AA64PFR0_EL1.SVE: "
                        "it belongs to the 'sve' property: sve=off removes "
                        "the feature");
    assert_expand_error(qts, "max", "{ 'feat_API': 'off' }",
                        "Property 'feat_API' cannot set ID_AA64ISAR1_EL1.API: "
                        "it belongs to the 'pauth' property: pauth=off "
                        "removes the feature");
    assert_expand_error(qts, "max", "{ 'feat_APA': 'pauth' }",
                        "Property 'feat_APA' cannot set ID_AA64ISAR1_EL1.APA: "
                        "it announces the qarma5 algorithm, and this CPU's "
                        "pointer authentication uses impdef "
                        "(pauth-qarma5=on chooses it, but not on -cpu host "
                        "under KVM)");
    assert_expand_error(qts, "max", "{ 'SYSREG_ID_AA64DFR0_EL1_PMUVer': 0 }",
                        "Property 'SYSREG_ID_AA64DFR0_EL1_PMUVer' cannot set "
                        "ID_AA64DFR0_EL1.PMUVer: it belongs to the 'pmu' "
                        "property: pmu=off removes the feature");
    assert_expand_error(qts, "max", "{ 'pmu': false, 'feat_PMUVer': 'v3p4' }",
                        "Property 'feat_PMUVer' cannot set "
                        "ID_AA64DFR0_EL1.PMUVer: it belongs to the 'pmu' "
                        "property, which is off: its field properties need "
                        "pmu=on");
    assert_expand_error(qts, "cortex-a57", "{ 'feat_APA': 'pauth' }",
                        "Property 'feat_APA' cannot set ID_AA64ISAR1_EL1.APA: "
                        "it belongs to the 'pauth' property, which this CPU "
                        "does not have");
    assert_expand_error(qts, "max", "{ 'hw_prop_PMUVer': 1 }",
                        "Parameter 'model.props.hw_prop_PMUVer' is unexpected");
    assert_expand_error(qts, "cortex-a57", "{ 'feat_SVEver': 'sve2' }",
                        "Property 'feat_SVEver' sets ID_AA64ZFR0_EL1.SVEver, "
                        "but ID_AA64ZFR0_EL1 describes ID_AA64PFR0_EL1.SVE, "
                        "which this CPU does not have: its field properties "
                        "need it (sve=on)");
    /* TCG cannot show a guest what it does not implement */
    assert_expand_error(qts, "cortex-a57", "{ 'feat_CSV2': '3.1' }",
                        "Property 'feat_CSV2' asks for 3.1, which TCG does not "
                        "provide (ID_AA64PFR0_EL1.CSV2: it implements 3.0)");
    assert_expand_error(qts, "max", "{ 'feat_nonexistent': 'on' }",
                        "Parameter 'model.props.feat_nonexistent' is "
                        "unexpected");
    assert_expand_error(qts, "max", "{ 'feat_AES': 'pm\xc3\xbcll' }",
                        "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not "
                        "accept 'pm\xc3\xbcll'; accepted values: off, aes, "
                        "pmull");
    assert_expand_error(qts, "nosuch-v1", NULL,
                        "The CPU type 'nosuch-v1' is not a recognized ARM "
                        "CPU type");
    /* QEMU runs on after every error */
    resp = qtest_qmp(qts, "{ 'execute': 'query-status' }");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(resp, "return"), "status"),
                    ==, "running");
    qobject_unref(resp);
    qtest_quit(qts);
}

/* On a running VM: read back, and no change after realize */
static void test_running_cpu(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max,feat_AES=aes,"
                                 "hw_prop_CWG=4");
    QDict *resp;

    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'feat_AES' } }");
    g_assert_cmpstr(qdict_get_str(resp, "return"), ==, "aes");
    qobject_unref(resp);
    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', "
                     "'property': 'SYSREG_ID_AA64ISAR0_EL1_AES' } }");
    g_assert_cmpint(qdict_get_int(resp, "return"), ==, 1);
    qobject_unref(resp);
    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'hw_prop_CWG' } }");
    g_assert_cmpint(qdict_get_int(resp, "return"), ==, 4);
    qobject_unref(resp);

    resp = qtest_qmp(qts, "{ 'execute': 'qom-set', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'feat_AES', "
                     "'value': 'off' } }");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(resp, "error"), "desc"), ==,
                    "Property 'feat_AES' cannot be set after the CPU is "
                    "realized");
    qobject_unref(resp);
    qtest_quit(qts);
}

/* A wrong -cpu option stops QEMU with the message, before the guest runs */
static void test_command_line_error(void)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    const char *argv[] = {
        qemu, "-machine", "virt", "-accel", "tcg", "-display", "none",
        "-nodefaults", "-S", "-cpu", "max,feat_AES=foo", NULL,
    };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_assert_nonnull(qemu);
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, &err, &status, NULL));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    g_assert_nonnull(strstr(err, "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) "
                            "does not accept 'foo'; accepted values: off, "
                            "aes, pmull"));
}

/*
 * Bad -cpu options: each stops QEMU (exit status 1, no crash) with exactly
 * this message, naming the option and what it accepts
 */
typedef struct BadInput {
    const char *cpu;        /* the -cpu option */
    const char *error;      /* stderr, without "qemu-system-aarch64: " */
} BadInput;

#define AES_VALUES "accepted values: off, aes, pmull"
#define CSV2_VALUES "accepted values: 0.0, 0.1, 0.2, 1.0, 1.1, 1.2, 2.0, " \
                    "2.1, 2.2, 3.0, 3.1, 3.2"

static const BadInput bad_inputs[] = {
    /* unknown model, unknown property */
    { "nosuch-v1", "unable to find CPU model 'nosuch-v1'" },
    { "max,feat_nosuch=on", "can't apply global max-arm-cpu.feat_nosuch=on: "
      "Property 'max-arm-cpu.feat_nosuch' not found" },
    /* misspelt named value, empty value, non-ASCII */
    { "max,feat_AES=pmul", "can't apply global max-arm-cpu.feat_AES=pmul: "
      "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not accept 'pmul'; "
      AES_VALUES },
    { "max,feat_AES=", "can't apply global max-arm-cpu.feat_AES=: "
      "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not accept ''; "
      AES_VALUES },
    { "max,feat_AES=pm\xc3\xbcll", "can't apply global "
      "max-arm-cpu.feat_AES=pm\xc3\xbcll: Property 'feat_AES' "
      "(ID_AA64ISAR0_EL1.AES) does not accept 'pm\xc3\xbcll'; " AES_VALUES },
    /* out of range, a number for a string field and the reverse */
    { "max,hw_prop_CWG=16", "can't apply global max-arm-cpu.hw_prop_CWG=16: "
      "Property 'hw_prop_CWG' (CTR_EL0.CWG, 4 bits) does not accept 16; "
      "accepted values: 0 to 15" },
    { "max,hw_prop_CWG=-1", "can't apply global max-arm-cpu.hw_prop_CWG=-1: "
      "Property 'hw_prop_CWG' (CTR_EL0.CWG, 4 bits) does not accept -1 (read "
      "as 18446744073709551615); accepted values: 0 to 15" },
    { "max,feat_AES=2", "can't apply global max-arm-cpu.feat_AES=2: "
      "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not accept '2'; "
      AES_VALUES },
    { "max,feat_DIT=1", "can't apply global max-arm-cpu.feat_DIT=1: "
      "Property 'feat_DIT' (ID_AA64PFR0_EL1.DIT) does not accept '1'; "
      "accepted values: off, on" },
    { "max,hw_prop_CWG=four", "can't apply global "
      "max-arm-cpu.hw_prop_CWG=four: Parameter 'hw_prop_CWG' expects "
      "uint64" },
    /* fractional values that do not exist, or are not base.fraction */
    { "max,feat_CSV2=1.7", "can't apply global max-arm-cpu.feat_CSV2=1.7: "
      "Property 'feat_CSV2' (ID_AA64PFR0_EL1.CSV2) does not accept '1.7'; "
      CSV2_VALUES },
    { "max,feat_CSV2=1", "can't apply global max-arm-cpu.feat_CSV2=1: "
      "Property 'feat_CSV2' (ID_AA64PFR0_EL1.CSV2) does not accept '1'; "
      CSV2_VALUES },
    { "max,feat_CSV2=1.1.1", "can't apply global "
      "max-arm-cpu.feat_CSV2=1.1.1: Property 'feat_CSV2' "
      "(ID_AA64PFR0_EL1.CSV2) does not accept '1.1.1'; " CSV2_VALUES },
    /* one field set twice through two spellings */
    { "max,feat_AES=aes,SYSREG_ID_AA64ISAR0_EL1_AES=1", "can't apply global "
      "max-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_AES=1: Properties 'feat_AES' and "
      "'SYSREG_ID_AA64ISAR0_EL1_AES' both set ID_AA64ISAR0_EL1.AES; set it "
      "once" },
    { "max,feat_CSV2=1.1,SYSREG_ID_AA64PFR1_EL1_CSV2_frac=0", "can't apply "
      "global max-arm-cpu.SYSREG_ID_AA64PFR1_EL1_CSV2_frac=0: Properties "
      "'feat_CSV2' and 'SYSREG_ID_AA64PFR1_EL1_CSV2_frac' both set "
      "ID_AA64PFR1_EL1.CSV2_frac; set it once" },
    /* a field property against the older property that owns the field */
    { "max,sve=off,feat_SVE=on", "Property 'feat_SVE' cannot set "
      "ID_AA64PFR0_EL1.SVE: it belongs to the 'sve' property, which is off: "
      "its field properties need sve=on" },
    /* a field the machine decides, not the CPU */
    /* what TCG cannot run although each field is within its limit */
    { "grace-v1,feat_MTE=2.0", "TCG cannot run this CPU: "
      "ID_AA64PFR1_EL1.MTE 2 (FEAT_MTE2) needs GMID_EL1.BS from 3 to 6, "
      "which TCG implements; it is 0 (feat_MTE, hw_prop_GMID_EL1_BS, "
      "hw_prop_DCZID_EL0_BS)" },
    { "grace-v1,feat_MTE=2.0,hw_prop_GMID_EL1_BS=4,hw_prop_DCZID_EL0_BS=2",
      "TCG cannot run this CPU: ID_AA64PFR1_EL1.MTE 2 (FEAT_MTE2) needs a "
      "DC ZVA block of two tag granules at least, DCZID_EL0.BS 3 or more; "
      "it is 2 (feat_MTE, hw_prop_GMID_EL1_BS, hw_prop_DCZID_EL0_BS)" },
    { "max,feat_GIC=off", "Property 'feat_GIC' sets ID_AA64PFR0_EL1.GIC, "
      "which the interrupt controller (virt: gic-version) decides, not the "
      "CPU" },
    { "max,feat_EL2=off", "Property 'feat_EL2' sets ID_AA64PFR0_EL1.EL2, "
      "which the machine (virt: virtualization=on|off) decides, not the "
      "CPU" },
    { "max,SYSREG_ID_AA64PFR0_EL1_EL3=1", "Property "
      "'SYSREG_ID_AA64PFR0_EL1_EL3' sets ID_AA64PFR0_EL1.EL3, which the "
      "machine (virt: secure=on|off) decides, not the CPU" },
    { "max,hw_prop_DZP=on", "Property 'hw_prop_DZP' sets DCZID_EL0.DZP, "
      "which the guest (SCTLR_EL1.DZE) decides, not the CPU" },
    /* above what the accelerator provides */
    { "cortex-a57,feat_CSV2=3.1", "Property 'feat_CSV2' asks for 3.1, which "
      "TCG does not provide (ID_AA64PFR0_EL1.CSV2: it implements 3.0)" },
    /* an abstract model (the runnable ones it lists: the types test) */
    { "ampereone-v1", "CPU model 'ampereone-v1' is abstract and cannot run: "
      "no public values of its implementation-defined registers (CTR_EL0, "
      "DCZID_EL0, ID_AA64MMFR0_EL1, ID_AA64DFR0_EL1): only its MIDR and "
      "hwcaps are known" },
};

static void test_bad_input(void)
{
    g_autofree char *long_value = g_strnfill(4096, 'x');
    g_autofree char *long_opt = g_strdup_printf("max,feat_AES=%s", long_value);
    g_autofree char *long_err = g_strdup_printf(
        "qemu-system-aarch64: can't apply global max-arm-cpu.feat_AES=%s: "
        "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not accept '%s'; "
        AES_VALUES "\n", long_value, long_value);
    g_autofree char *err = NULL;

    for (size_t i = 0; i < ARRAY_SIZE(bad_inputs); i++) {
        g_autofree char *want = g_strdup_printf("qemu-system-aarch64: %s\n",
                                                bad_inputs[i].error);
        g_autofree char *got = NULL;

        g_assert_cmpint(run_cpu(bad_inputs[i].cpu, &got), ==, 1);
        g_assert_cmpstr(got, ==, want);
    }
    /* a very long value is refused like any other */
    g_assert_cmpint(run_cpu(long_opt, &err), ==, 1);
    g_assert_cmpstr(err, ==, long_err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    if (qtest_has_accel("tcg")) {
        qtest_add_func("/arm/cpu-models/props/expand-values",
                       test_expand_values);
        qtest_add_func("/arm/cpu-models/props/expand-errors",
                       test_expand_errors);
        qtest_add_func("/arm/cpu-models/props/running-cpu",
                       test_running_cpu);
        qtest_add_func("/arm/cpu-models/props/command-line",
                       test_command_line_error);
        qtest_add_func("/arm/cpu-models/props/bad-input", test_bad_input);
    }
    return g_test_run();
}
