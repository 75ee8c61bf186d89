/*
 * QTest testcase for the Arm ID-register field properties
 * (target/arm/arm-cpu-props.c) through QMP
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qapi/error.h"

#define MACHINE     "-machine virt -accel tcg "
#define CPU_PATH    "/machine/unattached/device[0]"

/* query-cpu-model-expansion of CPU with PROPS (a JSON object or NULL) */
static QDict *expand(QTestState *qts, const char *cpu, const char *props)
{
    QDict *model = qdict_new();

    qdict_put_str(model, "name", cpu);
    if (props) {
        qdict_put_obj(model, "props", qobject_from_json(props, &error_abort));
    }
    return qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'full', 'model': %p } }", model);
}

static QDict *expansion_props(QDict *resp)
{
    g_assert(qdict_haskey(resp, "return"));
    return qdict_get_qdict(qdict_get_qdict(qdict_get_qdict(resp, "return"),
                                           "model"), "props");
}

static void assert_expand_error(QTestState *qts, const char *cpu,
                                const char *props, const char *error)
{
    QDict *resp = expand(qts, cpu, props);

    g_assert(qdict_haskey(resp, "error"));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(resp, "error"), "desc"),
                    ==, error);
    qobject_unref(resp);
}

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
                        "Property 'feat_SVE' sets ID_AA64PFR0_EL1.SVE, which "
                        "belongs to the 'sve' property; use sve=on or sve=off "
                        "instead");
    assert_expand_error(qts, "max", "{ 'feat_API': 'off' }",
                        "Property 'feat_API' sets ID_AA64ISAR1_EL1.API, which "
                        "belongs to the 'pauth' property; use pauth=on or "
                        "pauth=off instead");
    assert_expand_error(qts, "max", "{ 'SYSREG_ID_AA64DFR0_EL1_PMUVer': 0 }",
                        "Property 'SYSREG_ID_AA64DFR0_EL1_PMUVer' sets "
                        "ID_AA64DFR0_EL1.PMUVer, which belongs to the 'pmu' "
                        "property; use pmu=on or pmu=off instead");
    assert_expand_error(qts, "max", "{ 'hw_prop_PMUVer': 1 }",
                        "Parameter 'model.props.hw_prop_PMUVer' is unexpected");
    assert_expand_error(qts, "cortex-a57", "{ 'feat_SVEver': 'sve2' }",
                        "ID_AA64ZFR0_EL1 describes SVE, which this CPU does "
                        "not have: its field properties need SVE (sve=on)");
    /* TCG cannot show a guest what it does not implement */
    assert_expand_error(qts, "cortex-a57", "{ 'feat_CSV2': '3.1' }",
                        "Property 'feat_CSV2' asks for 3.1, which TCG does not "
                        "provide (ID_AA64PFR0_EL1.CSV2: it implements 3.0)");
    assert_expand_error(qts, "max", "{ 'feat_nonexistent': 'on' }",
                        "Parameter 'model.props.feat_nonexistent' is "
                        "unexpected");
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    if (!qtest_has_accel("tcg")) {
        return g_test_run();
    }
    qtest_add_func("/arm/cpu-models/props/expand-values", test_expand_values);
    qtest_add_func("/arm/cpu-models/props/expand-errors", test_expand_errors);
    qtest_add_func("/arm/cpu-models/props/running-cpu", test_running_cpu);
    qtest_add_func("/arm/cpu-models/props/command-line",
                   test_command_line_error);
    return g_test_run();
}
