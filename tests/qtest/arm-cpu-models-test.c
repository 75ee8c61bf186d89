/*
 * QTest testcase for the Arm named CPU models (target/arm/arm-cpu-models.c)
 * and the ID-register field properties (target/arm/arm-cpu-props.c)
 * through QMP and the command line
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qjson.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qapi/error.h"

#define MACHINE     "-machine virt -accel tcg "
#define MACHINE_KVM "-machine virt -accel kvm "
#define CPU_PATH    "/machine/unattached/device[0]"

/*
 * An accelerator the cases run under, and the CPU that is what it
 * provides: every case runs under TCG; under KVM (an arm64 host with
 * /dev/kvm, qtest_has_accel("kvm")) those that say so run too
 */
typedef struct Accel {
    const char *name;           /* "tcg", "kvm" */
    const char *cpu;            /* "max", "host" */
    const char *label;          /* as QEMU's messages name it */
} Accel;

static const Accel accel_tcg = { "tcg", "max", "TCG" };
static const Accel accel_kvm = { "kvm", "host", "KVM" };

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

/* RESP is an error saying DESC; RESP is freed */
static void assert_qmp_error(QDict *resp, const char *desc)
{
    g_assert(qdict_haskey(resp, "error"));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(resp, "error"), "desc"),
                    ==, desc);
    qobject_unref(resp);
}

static void assert_expand_error(QTestState *qts, const char *cpu,
                                const char *props, const char *error)
{
    assert_qmp_error(expand(qts, cpu, props), error);
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
 * Start QEMU with -cpu CPU_OPT and quit it over QMP at once; return its
 * exit status and its stderr in *ERR
 */
/*
 * Under AddressSanitizer (make check-sanitize) QEMU's first coroutine
 * switch prints "==PID==WARNING: ASan doesn't fully support
 * makecontext/swapcontext ...": not QEMU's output, so not compared
 */
static void drop_asan_notice(char *err)
{
    char *w = strstr(err, "WARNING: ASan doesn't fully support");
    char *start, *end;

    if (!w) {
        return;
    }
    for (start = w; start > err && start[-1] != '\n'; start--) {
        continue;
    }
    end = strchr(w, '\n');
    end = end ? end + 1 : w + strlen(w);
    memmove(start, end, strlen(end) + 1);
}

static int run_cpu_accel(const Accel *a, const char *cpu_opt, char **err)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    const char *argv[] = {
        "/bin/sh", "-c",
        "printf '%s\\n' '{\"execute\": \"qmp_capabilities\"}' "
        "'{\"execute\": \"quit\"}' | "
        "\"$0\" -machine virt -accel \"$2\" -display none -nodefaults -S "
        "-qmp stdio -cpu \"$1\"",
        qemu, cpu_opt, a->name, NULL,
    };
    g_autofree char *out = NULL;
    int status;

    g_assert_nonnull(qemu);
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, err, &status, NULL));
    g_assert_true(WIFEXITED(status));
    drop_asan_notice(*err);
    return WEXITSTATUS(status);
}

static int run_cpu(const char *cpu_opt, char **err)
{
    return run_cpu_accel(&accel_tcg, cpu_opt, err);
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
    /* an abstract model */
    { "arm-v8_4-a-v1", "CPU model 'arm-v8_4-a-v1' is abstract and cannot "
      "run: an architecture-level model without implementation-defined "
      "values (MIDR_EL1, CTR_EL0, DCZID_EL0)\nRunnable models derived from "
      "it: neoverse-v2-v1, grace-v1, neoverse-v1-v1, graviton3-v1, "
      "graviton3-v2, graviton4-v1" },
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

/* A sample of what each concrete model shows, from its model file */
typedef struct ModelCase {
    const char *name;
    uint64_t midr;
    bool sve;
    /* property, and its value as query-cpu-model-expansion shows it */
    const char *props[4][2];
} ModelCase;

static const ModelCase model_cases[] = {
    /* Neoverse N1 TRM r4p1 B2.4: Armv8.2, crypto, no SVE */
    { "neoverse-n1-v1", 0x414fd0c1, false,
      { { "feat_AES", "pmull" }, { "feat_DIT", "off" },
        { "feat_DP", "on" }, { "feat_SHA3", "off" } } },
    /* Ampere Altra, r3p1, CTR_EL0.DIC clear */
    { "altra-v1", 0x413fd0c1, false,
      { { "feat_AES", "pmull" }, { "hw_prop_DIC", "off" },
        { "hw_prop_IDC", "on" }, { "feat_LRCPC", "on" } } },
    /* Graviton2, r3p1, CTR_EL0.DIC set */
    { "graviton2-v1", 0x413fd0c1, false,
      { { "feat_AES", "pmull" }, { "hw_prop_DIC", "on" },
        { "feat_SSBS", "ssbs2" }, { "feat_DIT", "off" } } },
    /* Neoverse V1 TRM r1p2 3.2: SVE, SHA3, SM4, BF16 */
    { "neoverse-v1-v1", 0x411fd402, true,
      { { "feat_SHA3", "on" }, { "feat_SM4", "on" },
        { "feat_BF16", "on" }, { "feat_DIT", "on" } } },
    /* Graviton3: V1 r1p1 */
    { "graviton3-v1", 0x411fd401, true,
      { { "feat_SHA3", "on" }, { "feat_SM4", "on" },
        { "feat_I8MM", "on" }, { "feat_RNDR", "on" } } },
    /* Neoverse V2 r0p1, without the optional crypto and RNDR */
    { "neoverse-v2-v1", 0x410fd4f1, true,
      { { "feat_AES", "off" }, { "feat_SHA1", "off" },
        { "feat_RNDR", "off" }, { "feat_SHA2", "off" } } },
    /* Grace: V2 r0p0 with crypto (SM3, SM4), no RNDR */
    { "grace-v1", 0x410fd4f0, true,
      { { "feat_AES", "pmull" }, { "feat_SM4", "on" },
        { "feat_RNDR", "off" }, { "feat_SHA2", "sha512" } } },
    /* Graviton4: V2 r0p1 with RNDR, no SM3/SM4 */
    { "graviton4-v1", 0x410fd4f1, true,
      { { "feat_AES", "pmull" }, { "feat_SM4", "off" },
        { "feat_RNDR", "on" }, { "feat_SHA3", "on" } } },
    /* the corrections the parts' public sources called for */
    { "graviton2-v2", 0x413fd0c1, false,
      { { "feat_IESB", "off" }, { "feat_EVT", "on" },
        { "hw_prop_DIC", "on" }, { "feat_ID_PFR0_RAS", "0.0" } } },
    { "altra-v2", 0x413fd0c1, false,
      { { "feat_IESB", "off" }, { "feat_EVT", "on" },
        { "hw_prop_DIC", "off" }, { "feat_ID_PFR0_RAS", "0.0" } } },
    { "graviton3-v2", 0x411fd401, true,
      { { "feat_ID_PFR0_RAS", "0.0" }, { "feat_ID_PFR0_AMU", "off" },
        { "feat_VCMA", "off" }, { "feat_TraceVer", "off" } } },
};

static char *prop_str(QDict *props, const char *name)
{
    QObject *o = qdict_get(props, name);

    g_assert_nonnull(o);
    switch (qobject_type(o)) {
    case QTYPE_QSTRING:
        return g_strdup(qstring_get_str(qobject_to(QString, o)));
    case QTYPE_QBOOL:
        return g_strdup(qbool_get_bool(qobject_to(QBool, o)) ? "on" : "off");
    case QTYPE_QNUM:
        return g_strdup_printf("%" PRIu64,
                               qnum_get_uint(qobject_to(QNum, o)));
    default:
        g_assert_not_reached();
    }
}

/* Every concrete model realizes under TCG and shows its values */
static void test_model_realize(gconstpointer data)
{
    const ModelCase *c = data;
    g_autofree char *args = g_strdup_printf(MACHINE "-cpu %s", c->name);
    QTestState *qts = qtest_init(args);
    QDict *resp, *props;
    unsigned i;

    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'midr' } }");
    g_assert_cmphex(qdict_get_int(resp, "return"), ==, c->midr);
    qobject_unref(resp);

    resp = expand(qts, c->name, NULL);
    props = expansion_props(resp);
    /* without SVE, a model has no sve property at all */
    g_assert_cmpint(qdict_haskey(props, "sve"), ==, c->sve);
    g_assert_cmpstr(qdict_get_str(props, "feat_SVE"), ==,
                    c->sve ? "on" : "off");
    if (c->sve) {
        g_assert_true(qdict_get_bool(props, "sve"));
        g_assert_true(qdict_get_bool(props, "sve128"));
    }
    for (i = 0; i < ARRAY_SIZE(c->props); i++) {
        g_autofree char *v = prop_str(props, c->props[i][0]);

        g_test_message("%s %s", c->name, c->props[i][0]);
        g_assert_cmpstr(v, ==, c->props[i][1]);
    }
    /* machine-owned and KVM-pinned fields */
    g_assert_cmpstr(qdict_get_str(props, "feat_AMU"), ==, "off");
    g_assert_cmpstr(qdict_get_str(props, "feat_PMSVer"), ==, "off");
    g_assert_cmpstr(qdict_get_str(props, "feat_MPAM"), ==, "0.0");
    qobject_unref(resp);
    qtest_quit(qts);
}

/* What -cpu help prints */
static char *cpu_help(void)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    const char *argv[] = { qemu, "-machine", "virt", "-cpu", "help", NULL };
    g_autofree char *err = NULL;
    char *out = NULL;
    int status;

    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, &err, &status, NULL));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    return out;
}

/* Aliases resolve to their version; -cpu help lists notes and aliases */
static void test_model_aliases(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu grace");
    QDict *resp;

    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'midr' } }");
    g_assert_cmphex(qdict_get_int(resp, "return"), ==, 0x410fd4f0);
    qobject_unref(resp);
    qtest_quit(qts);
}

static void test_model_help(void)
{
    g_autofree char *out = cpu_help();

    g_assert_nonnull(strstr(out, "grace-v1"));
    g_assert_nonnull(strstr(out, "NVIDIA Grace"));
    g_assert_true(g_regex_match_simple("\\n  grace +alias of grace-v1\\n",
                                       out, 0, 0));
    g_assert_true(g_regex_match_simple("\\n  arm-v8_4-a-v1 +.*\\(abstract: "
                                       "not runnable\\)\\n", out, 0, 0));
}

/* Abstract models are listed but refused, saying why and what runs */
static void test_model_abstract(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    g_autofree char *err = NULL;

    assert_expand_error(qts, "arm-v8_4-a-v1", NULL,
                        "CPU model 'arm-v8_4-a-v1' is abstract and cannot "
                        "run: an architecture-level model without "
                        "implementation-defined values (MIDR_EL1, CTR_EL0, "
                        "DCZID_EL0)");
    assert_expand_error(qts, "kvm-base-v1", NULL,
                        "CPU model 'kvm-base-v1' is abstract and cannot "
                        "run: an architecture-level base without "
                        "implementation-defined values (MIDR_EL1, CTR_EL0, "
                        "DCZID_EL0)");
    qtest_quit(qts);

    g_assert_cmpint(run_cpu("arm-v9_0-a-v1", &err), ==, 1);
    g_assert_nonnull(strstr(err, "CPU model 'arm-v9_0-a-v1' is abstract and "
                            "cannot run"));
    g_assert_nonnull(strstr(err, "Runnable models derived from it: "
                            "neoverse-v2-v1, grace-v1, graviton4-v1"));
}

/* The user's properties apply on top of the model's values */
static void test_model_user_props(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu grace-v1,feat_SHA1=off,"
                                 "feat_AES=aes");
    QDict *resp, *props;

    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'feat_SHA1' } }");
    g_assert_cmpstr(qdict_get_str(resp, "return"), ==, "off");
    qobject_unref(resp);
    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'feat_AES' } }");
    g_assert_cmpstr(qdict_get_str(resp, "return"), ==, "aes");
    qobject_unref(resp);

    resp = expand(qts, "graviton3-v1", "{ 'feat_SM4': 'off', "
                  "'sve': false }");
    props = expansion_props(resp);
    g_assert_cmpstr(qdict_get_str(props, "feat_SM4"), ==, "off");
    g_assert_cmpstr(qdict_get_str(props, "feat_SHA3"), ==, "on");
    g_assert_false(qdict_get_bool(props, "sve"));
    qobject_unref(resp);

    /* a model's property errors are those of any CPU */
    assert_expand_error(qts, "grace-v1", "{ 'feat_AES': 'foo' }",
                        "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not "
                        "accept 'foo'; accepted values: off, aes, pmull");
    qtest_quit(qts);
}

/*
 * What TCG cannot show: the Neoverse V1's trace fields (TCG has no trace
 * unit). Under TCG enforce is off by default: check warns and shows TCG's
 * value; enforce=on refuses, on the command line and in the expansion.
 */
static void test_model_check_enforce(void)
{
    g_autofree char *err = NULL;
    g_autofree char *err2 = NULL;
    QTestState *qts;
    QDict *resp;

    qts = qtest_init(MACHINE "-cpu neoverse-v1-v1");
    resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': '" CPU_PATH "', 'property': 'enforce' } }");
    g_assert_false(qdict_get_bool(resp, "return"));
    qobject_unref(resp);
    resp = expand(qts, "neoverse-v1-v1", "{ 'enforce': true }");
    g_assert_true(qdict_haskey(resp, "error"));
    g_assert_nonnull(strstr(qdict_get_str(qdict_get_qdict(resp, "error"),
                                          "desc"),
                            "needs what TCG cannot provide (enforce=on): "));
    qobject_unref(resp);
    resp = expand(qts, "neoverse-v1-v1", "{ 'enforce': false }");
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    qtest_quit(qts);

    g_assert_cmpint(run_cpu("neoverse-v1-v1", &err), ==, 0);
    g_assert_nonnull(strstr(err, "warning: TCG cannot provide "));
    g_assert_nonnull(strstr(err, "of CPU model 'neoverse-v1-v1'"));
    g_assert_nonnull(strstr(err, "enforce=on refuses instead"));

    g_assert_cmpint(run_cpu("neoverse-v1-v1,enforce=on", &err2), ==, 1);
    g_assert_nonnull(strstr(err2, "CPU model 'neoverse-v1-v1' needs what TCG "
                            "cannot provide (enforce=on): "));

    /* a model TCG provides entirely starts silently, even with enforce=on */
    g_free(err);
    err = NULL;
    g_assert_cmpint(run_cpu("grace-v1,enforce=on", &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
}

static char *list_join(QList *l)
{
    g_autoptr(GString) s = g_string_new(NULL);
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(l, e) {
        g_string_append_printf(s, "%s%s", s->len ? "," : "",
                               qstring_get_str(qobject_to(QString,
                                                          qlist_entry_obj(e))));
    }
    return g_strdup(s->str);
}

/*
 * query-cpu-definitions: every model and alias, with the unavailable
 * features that realize finds (enforce=on refuses exactly when there are
 * some, naming each), "type" for the abstract ones; aliases say what they
 * resolve to; a released model (every concrete -v1 one) is static and
 * migration-safe
 */
static void test_qmp_definitions(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-definitions' }");
    g_autoptr(GHashTable) unavail = g_hash_table_new_full(g_str_hash,
                                                          g_str_equal,
                                                          g_free, g_free);
    g_autoptr(GHashTable) alias_of = g_hash_table_new_full(g_str_hash,
                                                           g_str_equal,
                                                           g_free, g_free);
    g_autofree char *help = cpu_help();
    g_auto(GStrv) lines = g_strsplit(help, "\n", -1);
    unsigned described = 0;
    const QListEntry *e;
    GHashTableIter it;
    gpointer k, v;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(resp, "return"), e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(d, "name");
        char *joined;
        bool released;

        if (!qdict_haskey(d, "unavailable-features")) {
            g_assert_false(qdict_haskey(d, "alias-of"));
            continue;           /* not a named model: no runnability info */
        }
        joined = list_join(qdict_get_qlist(d, "unavailable-features"));
        /*
         * released (static, migration-safe): every concrete versioned
         * model, never an alias (it may come to name another version) or
         * an abstract one
         */
        released = !qdict_haskey(d, "alias-of") && strcmp(joined, "type") &&
                   g_regex_match_simple("-v[1-9][0-9]*$", name, 0, 0);
        g_assert_cmpint(qdict_get_bool(d, "static"), ==, released);
        g_assert_cmpint(qdict_get_bool(d, "migration-safe"), ==, released);
        g_hash_table_insert(unavail, g_strdup(name), joined);
        if (qdict_haskey(d, "alias-of")) {
            g_hash_table_insert(alias_of, g_strdup(name),
                                g_strdup(qdict_get_str(d, "alias-of")));
        }
    }
    qobject_unref(resp);
    qtest_quit(qts);

    /*
     * every model and alias, nothing else: those are what -cpu help
     * describes after their name (a note, or what they are an alias of)
     */
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) w = g_strsplit_set(g_strstrip(*l), " ", 2);

        if (l == lines) {
            continue;           /* "Available CPUs:" */
        }
        if (w[0] && w[1] && !g_str_equal(g_strstrip(w[1]), "(deprecated)")) {
            g_assert_true(g_hash_table_contains(unavail, w[0]));
            described++;
        }
    }
    g_assert_cmpuint(described, >, 0);
    g_assert_cmpuint(g_hash_table_size(unavail), ==, described);
    g_assert_cmpstr(g_hash_table_lookup(alias_of, "grace"), ==, "grace-v1");
    g_assert_cmpstr(g_hash_table_lookup(unavail, "kvm-base-v1"), ==, "type");
    g_assert_cmpstr(g_hash_table_lookup(unavail, "ampereone-v1"), ==, "type");
    /* TCG has no trace unit: MMapTrc (ID_DFR0_EL1) */
    g_assert_cmpstr(g_hash_table_lookup(unavail, "neoverse-n1-v1"), ==,
                    "feat_MMapTrc");
    g_assert_cmpstr(g_hash_table_lookup(unavail, "grace-v1"), ==, "");

    g_hash_table_iter_init(&it, unavail);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *name = k, *list = v, *target;
        g_autofree char *opt = g_strdup_printf("%s,enforce=on", name);
        g_autofree char *err = NULL;
        g_auto(GStrv) props = g_strsplit(list, ",", -1);
        int rc;

        target = g_hash_table_lookup(alias_of, name);
        if (target) {
            g_assert_cmpstr(list, ==, g_hash_table_lookup(unavail, target));
            continue;
        }
        rc = run_cpu(opt, &err);
        if (!*list) {
            g_assert_cmpint(rc, ==, 0);
        } else if (!strcmp(list, "type")) {
            g_assert_cmpint(rc, ==, 1);
            g_assert_nonnull(strstr(err, "is abstract and cannot run"));
        } else {
            g_auto(GStrv) has = g_strsplit(err, " (TCG has ", -1);

            g_assert_cmpint(rc, ==, 1);
            for (char **p = props; *p; p++) {
                g_autofree char *needle = g_strdup_printf(": %s=", *p);
                g_autofree char *needle2 = g_strdup_printf(", %s=", *p);

                g_assert_true(strstr(err, needle) || strstr(err, needle2));
            }
            /* one "(TCG has ...)" per property, none other */
            g_assert_cmpuint(g_strv_length(props), ==, g_strv_length(has) - 1);
        }
    }
}

/* Does the accelerator's CPU (max, host) take PROP=VALUE (a JSON value)? */
static bool cpu_accepts(QTestState *qts, const Accel *a, const char *prop,
                        const char *json)
{
    /* under TCG a pointer-authentication field with its algorithm */
    static const char *const algo[][2] = {
        { "feat_APA", "qarma5" }, { "feat_GPA", "qarma5" },
        { "feat_API", "impdef" }, { "feat_GPI", "impdef" },
        { "feat_APA3", "qarma3" }, { "feat_GPA3", "qarma3" },
    };
    g_autofree char *props = g_strdup_printf("{ '%s': %s }", prop, json);

    for (size_t i = 0; a == &accel_tcg && i < ARRAY_SIZE(algo); i++) {
        if (!strcmp(prop, algo[i][0])) {
            g_free(props);
            props = g_strdup_printf("{ '%s': %s, 'pauth-%s': true }", prop,
                                    json, algo[i][1]);
        }
    }
    QDict *resp = expand(qts, a->cpu, props);
    bool ok = qdict_haskey(resp, "return");

    qobject_unref(resp);
    return ok;
}

/* VALUE of a property of TYPE as JSON */
static char *json_value(const char *type, const char *value)
{
    if (!strcmp(type, "string")) {
        return g_strdup_printf("'%s'", value);
    }
    if (!strcmp(type, "bool")) {
        return g_strdup(!strcmp(value, "on") ? "true" : "false");
    }
    return g_strdup(value);
}

/*
 * query-arm-cpu-props-info: the reply shape of the libvirt RFC, and
 * exactly the values that the accelerator's CPU (-cpu max under TCG,
 * -cpu host under KVM) accepts: each supported value is taken, each other
 * named value is refused, numeric ranges end where the accepted values
 * end, a single number is the only one, a property without any takes none
 */
static void test_qmp_props_info(gconstpointer data)
{
    const Accel *a = data;
    g_autofree char *args = g_strdup_printf("-machine virt -accel %s -cpu %s",
                                            a->name, a->cpu);
    QTestState *qts = qtest_init(args);
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'query-arm-cpu-props-info' }");
    QList *list = qdict_get_qlist(resp, "return");
    const QListEntry *e;
    unsigned n = 0, values = 0, empty = 0, checked = 0;
    /*
     * Under KVM a quick run puts one property in eight through -cpu (the
     * same ones every time), as the nested harness's emulated arm64 host
     * takes minutes for all of them; -m slow (make check SPEED=slow) and
     * TCG put every property through
     */
    bool sample = a == &accel_kvm && !g_test_slow();

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(d, "name");
        const char *type = qdict_get_str(d, "type");
        QList *sv = qdict_get_qlist(d, "supported-values");
        g_autofree char *joined = list_join(sv);
        g_auto(GStrv) supported = g_strsplit(joined, ",", -1);
        const QListEntry *v;

        n++;
        g_assert_cmpuint(qdict_size(d), ==, 3);
        g_assert_false(g_str_has_prefix(name, "SYSREG_"));
        if (!strcmp(name, "hw_prop_WRPs") && a == &accel_tcg) {
            /* the libvirt RFC's example, reproduced */
            g_assert_cmpstr(type, ==, "number");
            g_assert_cmpstr(joined, ==, "0-3");
        }
        if (!strcmp(name, "feat_AES") && a == &accel_tcg) {
            g_assert_cmpstr(type, ==, "string");
            g_assert_cmpstr(joined, ==, "off,aes,pmull");
        }
        if (!strcmp(name, "feat_SVE") && a == &accel_tcg) {
            /* off is the "sve" property's */
            g_assert_cmpstr(joined, ==, "on");
        }
        if (!strcmp(name, "feat_PMUVer") && a == &accel_tcg) {
            g_assert_cmpstr(joined, ==, "on,v3p1,v3p4,v3p5");
        }
        if (sample && n % 8 && strcmp(name, "feat_AES")) {
            continue;
        }
        checked++;
        if (!*joined) {
            /* its field is another property's or the machine's */
            g_assert_false(cpu_accepts(qts, a, name,
                                       !strcmp(type, "bool") ? "false" :
                                       !strcmp(type, "number") ? "0" :
                                       "'off'"));
            empty++;
            continue;
        }
        QLIST_FOREACH_ENTRY(sv, v) {
            const char *val = qstring_get_str(qobject_to(QString,
                                                         qlist_entry_obj(v)));
            const char *dash = strchr(val, '-');

            values++;
            if (!strcmp(type, "number") && dash) {
                g_autofree char *lo = g_strndup(val, dash - val);
                g_autofree char *above = g_strdup_printf(
                    "%" PRIu64, g_ascii_strtoull(dash + 1, NULL, 10) + 1);

                g_assert_true(cpu_accepts(qts, a, name, lo));
                g_assert_true(cpu_accepts(qts, a, name, dash + 1));
                if (strcmp(dash + 1, "18446744073709551615")) {
                    g_assert_false(cpu_accepts(qts, a, name, above));
                }
            } else {
                g_autofree char *j = json_value(type, val);

                g_assert_true(cpu_accepts(qts, a, name, j));
                if (!strcmp(type, "number") && qlist_size(sv) == 1 &&
                    strcmp(val, "18446744073709551615")) {
                    g_autofree char *next = g_strdup_printf(
                        "%" PRIu64, g_ascii_strtoull(val, NULL, 10) + 1);

                    g_assert_false(cpu_accepts(qts, a, name, next));
                }
            }
        }
        if (!strcmp(type, "bool")) {
            g_assert_cmpint(cpu_accepts(qts, a, name, "true"), ==,
                            g_strv_contains((const char * const *)supported,
                                            "on"));
            g_assert_cmpint(cpu_accepts(qts, a, name, "false"), ==,
                            g_strv_contains((const char * const *)supported,
                                            "off"));
        }
        if (!strcmp(type, "string")) {
            /* the values it names but does not list are refused */
            g_autofree char *bogus = g_strdup_printf("{ '%s': '?' }", name);
            QDict *r = expand(qts, a->cpu, bogus);
            const char *desc = qdict_get_str(qdict_get_qdict(r, "error"),
                                             "desc");
            g_auto(GStrv) all = g_strsplit(strstr(desc, "accepted values: ") +
                                           strlen("accepted values: "),
                                           ", ", -1);

            for (char **w = all; *w; w++) {
                g_autofree char *j = json_value(type, *w);

                g_assert_cmpint(cpu_accepts(qts, a, name, j), ==,
                                g_strv_contains((const char * const *)
                                                supported, *w));
            }
            qobject_unref(r);
        }
    }
    g_test_message("%u properties, %u of them put through -cpu with %u "
                   "values, %u without any", n, checked, values, empty);
    g_assert_cmpuint(n, >, 400);
    qobject_unref(resp);
    qtest_quit(qts);
}

static QDict *compare(QTestState *qts, const char *a, const char *b)
{
    return qtest_qmp(qts, "{ 'execute': 'query-cpu-model-comparison', "
                     "'arguments': { 'modela': %p, 'modelb': %p } }",
                     qobject_from_json(a, &error_abort),
                     qobject_from_json(b, &error_abort));
}

/* The result of comparing A with B, and the responsible properties */
static char *compare_result(QTestState *qts, const char *a, const char *b,
                            char **responsible)
{
    QDict *resp = compare(qts, a, b);
    QDict *ret = qdict_get_qdict(resp, "return");
    char *result;

    g_assert_nonnull(ret);
    result = g_strdup(qdict_get_str(ret, "result"));
    if (responsible) {
        *responsible = list_join(qdict_get_qlist(ret,
                                                 "responsible-properties"));
    }
    qobject_unref(resp);
    return result;
}

/* query-cpu-model-comparison of the shipped models, and bad arguments */
static void test_qmp_comparison(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    g_autofree char *r1 = NULL, *p1 = NULL, *r2 = NULL, *p2 = NULL;
    g_autofree char *r3 = NULL, *p3 = NULL, *r4 = NULL;

    /* Altra and Graviton2 (both N1 r3p1) each have what the other lacks */
    r1 = compare_result(qts, "{ 'name': 'altra-v1' }",
                        "{ 'name': 'graviton2-v1' }", &p1);
    g_assert_cmpstr(r1, ==, "incompatible");
    g_assert_cmpstr(p1, ==, "hw_prop_REVIDR_EL1_IMPDEF,feat_ID_PFR0_RAS,"
                    "feat_EVT,feat_IESB,hw_prop_DIC");

    /* a property less: a subset, and the other way a superset */
    r2 = compare_result(qts, "{ 'name': 'grace-v1', "
                        "'props': { 'feat_SHA1': 'off' } }",
                        "{ 'name': 'grace' }", &p2);
    g_assert_cmpstr(r2, ==, "subset");
    g_assert_cmpstr(p2, ==, "feat_SHA1");
    r3 = compare_result(qts, "{ 'name': 'grace' }", "{ 'name': 'grace-v1', "
                        "'props': { 'feat_SHA1': 'off' } }", &p3);
    g_assert_cmpstr(r3, ==, "superset");
    r4 = compare_result(qts, "{ 'name': 'grace' }",
                        "{ 'name': 'grace-v1' }", NULL);
    g_assert_cmpstr(r4, ==, "identical");

    assert_qmp_error(compare(qts, "{ 'name': 'nope' }",
                             "{ 'name': 'max' }"),
                     "The CPU type 'nope' is not a recognized ARM CPU type");
    assert_qmp_error(compare(qts, "{ 'name': 'max', "
                             "'props': { 'feat_NOPE': 'on' } }",
                             "{ 'name': 'max' }"),
                     "Parameter 'model.props.feat_NOPE' is unexpected");
    assert_qmp_error(compare(qts, "{ 'name': 'max', "
                             "'props': { 'feat_AES': 3 } }",
                             "{ 'name': 'max' }"),
                     "Invalid parameter type for 'model.props.feat_AES', "
                     "expected: string");
    assert_qmp_error(compare(qts, "{ 'name': 'cortex-a15' }",
                             "{ 'name': 'max' }"),
                     "Only the AArch64 CPUs can be compared and baselined: "
                     "'cortex-a15' is not one");
    qtest_quit(qts);
}

/*
 * query-cpu-model-baseline: for every two shipped models, a named model
 * and properties that compare as a subset of (or identical to) both
 */
static void test_qmp_baseline(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    static const char *const models[] = {
        "neoverse-n1-v1", "altra-v1", "graviton2-v1", "neoverse-v1-v1",
        "graviton3-v1", "neoverse-v2-v1", "grace-v1", "graviton4-v1",
    };
    QDict *resp;

    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-baseline', "
                     "'arguments': { 'modela': { 'name': 'altra-v1' }, "
                     "'modelb': { 'name': 'graviton2-v1' } } }");
    {
        QDict *m = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
        QDict *props = qdict_get_qdict(m, "props");

        /* altra-v2 is altra-v1 with graviton2-v1's AArch32 RAS */
        g_assert_cmpstr(qdict_get_str(m, "name"), ==, "altra-v2");
        g_assert_cmpuint(qdict_size(props), ==, 1);
        g_assert_cmpstr(qdict_get_str(props, "feat_EVT"), ==, "off");
    }
    qobject_unref(resp);
    /* the corrected versions of the two N1 r3p1 parts differ in DIC only */
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-baseline', "
                     "'arguments': { 'modela': { 'name': 'altra-v2' }, "
                     "'modelb': { 'name': 'graviton2-v2' } } }");
    {
        QDict *m = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");

        g_assert_cmpstr(qdict_get_str(m, "name"), ==, "altra-v2");
        g_assert_false(qdict_haskey(m, "props"));
    }
    qobject_unref(resp);

    /* bad arguments: an unknown model, property, or value */
    assert_qmp_error(qtest_qmp(qts, "{ 'execute': 'query-cpu-model-baseline', "
                               "'arguments': { 'modela': { 'name': 'nope' }, "
                               "'modelb': { 'name': 'max' } } }"),
                     "The CPU type 'nope' is not a recognized ARM CPU type");
    assert_qmp_error(qtest_qmp(qts, "{ 'execute': 'query-cpu-model-baseline', "
                               "'arguments': { 'modela': { 'name': 'max' }, "
                               "'modelb': { 'name': 'max', 'props': "
                               "{ 'feat_NOPE': 'on' } } } }"),
                     "Parameter 'model.props.feat_NOPE' is unexpected");
    assert_qmp_error(qtest_qmp(qts, "{ 'execute': 'query-cpu-model-baseline', "
                               "'arguments': { 'modela': { 'name': 'max', "
                               "'props': { 'feat_AES': 'foo' } }, "
                               "'modelb': { 'name': 'max' } } }"),
                     "Property 'feat_AES' (ID_AA64ISAR0_EL1.AES) does not "
                     "accept 'foo'; accepted values: off, aes, pmull");

    for (size_t a = 0; a < ARRAY_SIZE(models); a++) {
        for (size_t b = 0; b < ARRAY_SIZE(models); b++) {
            g_autofree char *ja = g_strdup_printf("{ 'name': '%s' }",
                                                  models[a]);
            g_autofree char *jb = g_strdup_printf("{ 'name': '%s' }",
                                                  models[b]);
            g_autoptr(GString) base = NULL;
            g_autofree char *ra = NULL, *rb = NULL;
            QDict *m;

            resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-baseline', "
                             "'arguments': { 'modela': %p, 'modelb': %p } }",
                             qobject_from_json(ja, &error_abort),
                             qobject_from_json(jb, &error_abort));
            m = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
            g_assert_nonnull(m);
            qobject_ref(m);
            qobject_unref(resp);
            base = qobject_to_json(QOBJECT(m));
            qobject_unref(m);
            ra = compare_result(qts, base->str, ja, NULL);
            rb = compare_result(qts, base->str, jb, NULL);
            g_test_message("baseline %s %s: %s; %s, %s", models[a],
                           models[b], base->str, ra, rb);
            g_assert_true(!strcmp(ra, "subset") || !strcmp(ra, "identical"));
            g_assert_true(!strcmp(rb, "subset") || !strcmp(rb, "identical"));
            if (a == b) {
                g_assert_cmpstr(ra, ==, "identical");
            }
        }
    }
    qtest_quit(qts);
}

/*
 * Static expansion: the closest named model plus the properties that
 * differ, which expands (full) to what the input does
 */
static void test_qmp_static_expansion(void)
{
    QTestState *qts = qtest_init(MACHINE "-cpu max");
    QDict *resp, *model, *props, *full_in, *full_out;
    g_autoptr(GString) replay = NULL;

    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': "
                     "{ 'name': 'graviton4', 'props': { 'feat_SHA3': 'off', "
                     "'hw_prop_DminLine': 3 } } } }");
    model = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
    props = qdict_get_qdict(model, "props");
    g_assert_cmpstr(qdict_get_str(model, "name"), ==, "graviton4-v1");
    g_assert_cmpuint(qdict_size(props), ==, 2);
    g_assert_cmpstr(qdict_get_str(props, "feat_SHA3"), ==, "off");
    g_assert_cmpint(qdict_get_int(props, "hw_prop_DminLine"), ==, 3);
    replay = qobject_to_json(QOBJECT(model));
    qobject_unref(resp);

    full_in = expand(qts, "graviton4", "{ 'feat_SHA3': 'off', "
                     "'hw_prop_DminLine': 3 }");
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'full', 'model': %p } }",
                     qobject_from_json(replay->str, &error_abort));
    full_out = resp;
    g_assert_true(qobject_is_equal(
                      QOBJECT(expansion_props(full_in)),
                      QOBJECT(expansion_props(full_out))));
    qobject_unref(full_in);
    qobject_unref(full_out);

    /* a model TCG provides is its own static expansion */
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': "
                     "{ 'name': 'grace' } } }");
    model = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
    g_assert_cmpstr(qdict_get_str(model, "name"), ==, "grace-v1");
    g_assert_false(qdict_haskey(model, "props"));
    qobject_unref(resp);

    /* the expansion is of the CPU as TCG gives it: Altra without MMapTrc */
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': "
                     "{ 'name': 'altra' } } }");
    model = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
    props = qdict_get_qdict(model, "props");
    g_assert_cmpstr(qdict_get_str(model, "name"), ==, "altra-v2");
    g_assert_cmpuint(qdict_size(props), ==, 1);
    g_assert_cmpstr(qdict_get_str(props, "feat_MMapTrc"), ==, "off");
    qobject_unref(resp);

    /* a 32-bit CPU has no field properties to expand with */
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': "
                     "{ 'name': 'cortex-a15' } } }");
    assert_qmp_error(resp, "Only the AArch64 CPUs have a static expansion: "
                     "'cortex-a15' is not one");

    /*
     * max: a model without SME, sme=on (TCG's SME), its own pauth
     * algorithm, its PMU version, and all of TCG's SVE vector lengths
     */
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': "
                     "{ 'name': 'max' } } }");
    model = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
    props = qdict_get_qdict(model, "props");
    g_assert_true(qdict_get_bool(props, "sme"));
    g_assert_true(qdict_get_bool(props, "pauth-impdef"));
    g_assert_false(qdict_get_bool(props, "pauth-qarma5"));
    g_assert_true(qdict_get_bool(props, "sve2048"));
    g_assert_cmpstr(qdict_get_str(props, "feat_MTE"), ==, "3.0");
    qobject_unref(resp);

    /* Cortex-A57: Neoverse N1 with the A57's PMUv3 through feat_PMUVer */
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': "
                     "{ 'name': 'cortex-a57' } } }");
    model = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
    props = qdict_get_qdict(model, "props");
    g_assert_cmpstr(qdict_get_str(model, "name"), ==, "neoverse-n1-v1");
    g_assert_cmpstr(qdict_get_str(props, "feat_PMUVer"), ==, "on");
    g_assert_cmpint(qdict_get_int(props, "hw_prop_PartNum"), ==, 0xd07);
    qobject_unref(resp);
    qtest_quit(qts);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ID-register fields and vector lengths of the CPU QTS runs */
static QDict *cpu_regs(QTestState *qts)
{
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'qom-list-get', 'arguments': "
                            "{ 'paths': [ '" CPU_PATH "' ] } }");
    QDict *obj = qobject_to(QDict, qlist_peek(qdict_get_qlist(resp,
                                                                "return")));
    QDict *out = qdict_new();
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(obj, "properties"), e) {
        QDict *p = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(p, "name");
        bool vl = (g_str_has_prefix(name, "sve") ||
                   g_str_has_prefix(name, "sme")) && g_ascii_isdigit(name[3]);

        if ((g_str_has_prefix(name, "SYSREG_") || vl) &&
            qdict_haskey(p, "value")) {
            qdict_put_obj(out, name, qobject_ref(qdict_get(p, "value")));
        }
    }
    qobject_unref(resp);
    return out;
}

/* MODEL (a static expansion) as a -cpu option */
static char *expansion_option(QDict *model)
{
    GString *s = g_string_new(qdict_get_str(model, "name"));
    QDict *props = qdict_haskey(model, "props") ?
                   qdict_get_qdict(model, "props") : NULL;

    for (const QDictEntry *e = props ? qdict_first(props) : NULL; e;
         e = qdict_next(props, e)) {
        QObject *v = qdict_entry_value(e);
        g_autofree char *num = NULL;

        switch (qobject_type(v)) {
        case QTYPE_QBOOL:
            g_string_append_printf(s, ",%s=%s", qdict_entry_key(e),
                                   qbool_get_bool(qobject_to(QBool, v)) ?
                                   "on" : "off");
            break;
        case QTYPE_QNUM:
            num = qnum_to_string(qobject_to(QNum, v));
            g_string_append_printf(s, ",%s=%s", qdict_entry_key(e), num);
            break;
        default:
            g_string_append_printf(s, ",%s=%s", qdict_entry_key(e),
                                   qstring_get_str(qobject_to(QString, v)));
            break;
        }
    }
    return g_string_free(s, false);
}

/*
 * The static expansion of every CPU replays: a named model and properties
 * that, given as -cpu, make a CPU with the same ID registers and vector
 * lengths as the CPU itself (every AArch64 CPU under TCG, -cpu host under
 * KVM).
 */
static void test_static_replay(gconstpointer data)
{
    const Accel *a = data;
    g_autofree char *args = g_strdup_printf("-machine virt -accel %s -cpu %s",
                                            a->name, a->cpu);
    QTestState *qts = qtest_init(args);
    QDict *defs = qtest_qmp(qts, "{ 'execute': 'query-cpu-definitions' }");
    g_autoptr(GString) refused = g_string_new(NULL);
    const QListEntry *e;
    unsigned replayed = 0;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(defs, "return"), e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(d, "name");
        g_autofree char *err = NULL, *opt = NULL, *machine = NULL;
        g_autoptr(GString) diff = g_string_new(NULL);
        QDict *resp, *model, *props, *ra, *rb;
        QTestState *q;

        if (qdict_haskey(d, "alias-of") ||
            (a == &accel_kvm && strcmp(name, "host"))) {
            continue;
        }
        resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                         "'arguments': { 'type': 'static', 'model': "
                         "{ 'name': %s } } }", name);
        if (qdict_haskey(resp, "error")) {
            const char *desc = qdict_get_str(qdict_get_qdict(resp, "error"),
                                             "desc");

            g_test_message("%s: %s", name, desc);
            if (g_str_has_prefix(desc, "No named CPU model can be this "
                                 "CPU's base: ") && a == &accel_tcg) {
                g_string_append_printf(refused, "%s%s",
                                       refused->len ? ", " : "", name);
            } else {
                g_assert_true(g_str_has_prefix(desc, "Only the AArch64 CPUs") ||
                              strstr(desc, "is abstract and cannot run"));
            }
            qobject_unref(resp);
            continue;
        }
        /* a CPU the virt board does not take */
        if (run_cpu_accel(a, name, &err) &&
            strstr(err, "Invalid CPU model")) {
            qobject_unref(resp);
            continue;
        }
        model = qdict_get_qdict(qdict_get_qdict(resp, "return"), "model");
        props = qdict_haskey(model, "props") ?
                qdict_get_qdict(model, "props") : NULL;
        opt = expansion_option(model);
        /* MTE with tags needs the machine's tag memory */
        machine = g_strdup_printf("-machine virt%s -accel %s ",
                                  props && qdict_haskey(props, "feat_MTE") &&
                                  strcmp(qdict_get_str(props, "feat_MTE"),
                                         "2") >= 0 ? ",mte=on" : "", a->name);
        g_free(err);
        err = NULL;
        if (run_cpu_accel(a, opt, &err) && a == &accel_kvm &&
            strstr(err, "needs a kernel whose KVM can change ID registers")) {
            g_test_skip("this kernel's KVM cannot change ID registers: a "
                        "named model does not run");
            qobject_unref(resp);
            break;
        }
        q = qtest_initf("%s-cpu %s", machine, name);
        ra = cpu_regs(q);
        qtest_quit(q);
        q = qtest_initf("%s-cpu %s", machine, opt);
        rb = cpu_regs(q);
        qtest_quit(q);
        for (const QDictEntry *x = qdict_first(ra); x; x = qdict_next(ra, x)) {
            QObject *other = qdict_get(rb, qdict_entry_key(x));

            /*
             * the GIC fields are the interrupt controller's (decided-by
             * gic in scripts/arm-idregs-roles), not in any expansion;
             * QEMU's a64fx holds 1 in ID_AA64PFR0_EL1.GIC whatever it is
             */
            if (g_str_has_suffix(qdict_entry_key(x), "_EL1_GIC")) {
                continue;
            }
            if (!other || !qobject_is_equal(qdict_entry_value(x), other)) {
                g_string_append_printf(diff, " %s", qdict_entry_key(x));
            }
        }
        /* the replay may have vector-length properties more, all off */
        for (const QDictEntry *x = qdict_first(rb); x; x = qdict_next(rb, x)) {
            QObject *v = qdict_entry_value(x);

            if (!qdict_haskey(ra, qdict_entry_key(x)) &&
                (qobject_type(v) != QTYPE_QBOOL ||
                 qbool_get_bool(qobject_to(QBool, v)))) {
                g_string_append_printf(diff, " %s", qdict_entry_key(x));
            }
        }
        g_test_message("%s: -cpu %s:%s", name, opt,
                       diff->len ? diff->str : " the same");
        g_assert_cmpstr(diff->str, ==, "");
        qobject_unref(ra);
        qobject_unref(rb);
        qobject_unref(resp);
        replayed++;
    }
    qobject_unref(defs);
    qtest_quit(qts);
    if (a == &accel_tcg) {
        g_auto(GStrv) names = g_strsplit(refused->str, ", ", -1);
        g_autofree char *sorted = NULL;

        qsort(names, g_strv_length(names), sizeof(char *), by_name);
        sorted = g_strjoinv(", ", names);
        g_assert_cmpstr(sorted, ==, "");
        g_assert_cmpuint(replayed, >=, 10);
    }
}

/*
 * Migration between two QEMUs under TCG: the source sends its CPU's ID
 * registers first (the early-setup section arm-cpu-idregs), and a
 * destination whose CPU would show the guest other values refuses before
 * any RAM moves, naming the fields; the source goes on running.
 */
typedef struct MigResult {
    char *src_status;       /* the source's final query-migrate status */
    bool src_running;       /* query-status after it */
    char *dst_status;
    char *dst_error;        /* the destination's error-desc, if any */
    char *src_sha3, *dst_sha3;  /* feat_SHA3 of the running CPUs */
} MigResult;

static char *mig_status(QTestState *qts, char **error)
{
    for (int i = 0; i < 600; i++) {
        QDict *resp = qtest_qmp(qts, "{ 'execute': 'query-migrate' }");
        QDict *ret = qdict_get_qdict(resp, "return");
        const char *st = qdict_haskey(ret, "status") ?
                         qdict_get_str(ret, "status") : "none";

        if (!strcmp(st, "completed") || !strcmp(st, "failed")) {
            char *out = g_strdup(st);

            if (error && qdict_haskey(ret, "error-desc")) {
                *error = g_strdup(qdict_get_str(ret, "error-desc"));
            }
            qobject_unref(resp);
            return out;
        }
        qobject_unref(resp);
        g_usleep(50 * 1000);
    }
    g_assert_not_reached();
}

static char *cpu_prop_str(QTestState *qts, const char *prop)
{
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                            "{ 'path': '" CPU_PATH "', 'property': %s } }",
                            prop);
    char *v = g_strdup(qdict_get_str(resp, "return"));

    qobject_unref(resp);
    return v;
}

static void mig_run(const char *machine, const char *src_cpu,
                    const char *dst_cpu, MigResult *r)
{
    g_autofree char *tmp = g_dir_make_tmp("arm-cpu-models-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("unix:%s/mig.sock", tmp);
    g_autofree char *path = g_strdup_printf("%s/mig.sock", tmp);
    QTestState *src, *dst;
    QDict *resp;

    memset(r, 0, sizeof(*r));
    dst = qtest_initf("-machine %s -accel tcg -cpu %s -m 128 -incoming defer",
                      machine, dst_cpu);
    resp = qtest_qmp(dst, "{ 'execute': 'migrate-incoming', 'arguments': "
                     "{ 'uri': %s, 'exit-on-error': false } }", uri);
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    src = qtest_initf("-machine %s -accel tcg -cpu %s -m 128", machine,
                      src_cpu);
    r->src_sha3 = cpu_prop_str(src, "feat_SHA3");
    resp = qtest_qmp(src, "{ 'execute': 'migrate', 'arguments': "
                     "{ 'uri': %s } }", uri);
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);

    r->src_status = mig_status(src, NULL);
    r->dst_status = mig_status(dst, &r->dst_error);
    resp = qtest_qmp(src, "{ 'execute': 'query-status' }");
    r->src_running = qdict_get_bool(qdict_get_qdict(resp, "return"),
                                    "running");
    qobject_unref(resp);
    r->dst_sha3 = cpu_prop_str(dst, "feat_SHA3");
    qtest_quit(src);
    qtest_quit(dst);
    unlink(path);
    rmdir(tmp);
}

static void mig_free(MigResult *r)
{
    g_free(r->src_status);
    g_free(r->dst_status);
    g_free(r->dst_error);
    g_free(r->src_sha3);
    g_free(r->dst_sha3);
}

/* the CPU's x-migrate-idregs on MACHINE */
static bool migrates_idregs(const char *machine)
{
    QTestState *qts = qtest_initf("-machine %s -accel tcg -cpu grace-v1",
                                  machine);
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                            "{ 'path': '" CPU_PATH "', "
                            "'property': 'x-migrate-idregs' } }");
    bool on = qdict_get_bool(resp, "return");

    qobject_unref(resp);
    qtest_quit(qts);
    return on;
}

static void test_migration(void)
{
    MigResult r;

    /* the same model on both sides: migrates, the CPU is the same */
    mig_run("virt", "grace-v1", "grace-v1", &r);
    g_assert_cmpstr(r.src_status, ==, "completed");
    g_assert_cmpstr(r.dst_status, ==, "completed");
    g_assert_cmpstr(r.src_sha3, ==, r.dst_sha3);
    mig_free(&r);

    /* one field differs (a property): refused, naming it, source runs */
    mig_run("virt", "grace-v1,feat_SHA3=off", "grace-v1", &r);
    g_assert_cmpstr(r.src_status, ==, "failed");
    g_assert_true(r.src_running);
    g_assert_cmpstr(r.dst_status, ==, "failed");
    g_assert_nonnull(strstr(r.dst_error, "The guest would see its CPU "
                            "change: this CPU (grace-v1) differs from the "
                            "source's (grace-v1) in 1 ID-register field: "
                            "ID_AA64ISAR0_EL1.SHA3 (source 0x0, here 0x1); "
                            "start the destination with the source's -cpu "
                            "and properties"));
    mig_free(&r);

    /* another model: refused too, the message names both models */
    mig_run("virt", "neoverse-v1-v1", "neoverse-v2-v1", &r);
    g_assert_cmpstr(r.src_status, ==, "failed");
    g_assert_true(r.src_running);
    g_assert_nonnull(strstr(r.dst_error, "this CPU (neoverse-v2-v1) differs "
                            "from the source's (neoverse-v1-v1) in "));
    g_assert_nonnull(strstr(r.dst_error, "MIDR_EL1.PartNum (source 0xd40, "
                            "here 0xd4f)"));
    mig_free(&r);

    /*
     * the same ID registers with other SVE vector lengths (the source's
     * 256 bits taken out): refused, naming both sets
     */
    mig_run("virt", "neoverse-v1-v1", "neoverse-v1-v1,sve256=off", &r);
    g_assert_cmpstr(r.src_status, ==, "failed");
    g_assert_true(r.src_running);
    g_assert_nonnull(strstr(r.dst_error, "The guest would see its CPU "
                            "change: this CPU (neoverse-v1-v1) has SVE "
                            "vector lengths 128 bits, the source's "
                            "(neoverse-v1-v1) 128, 256; "));
    mig_free(&r);

    /* machine types before 10.2 send no section (older QEMUs lack it) */
    g_assert_false(migrates_idregs("virt-10.1"));
    g_assert_true(migrates_idregs("virt"));
}

/*
 * The destination's ID-register section under attack: a stream that no
 * QEMU source sends is refused with a message naming the problem, and the
 * destination stays up. The streams are the source's own (written with
 * migrate to a file), with the section changed.
 */
#define MIG_SECTION "arm-cpu-idregs"
#define MIG_NAME_LEN 64

/* The stream of -cpu CPU, migrated paused to DIR/src */
static GByteArray *mig_stream(const char *cpu, const char *dir)
{
    g_autofree char *path = g_strdup_printf("%s/src", dir);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    QTestState *src = qtest_initf("-machine virt -accel tcg -cpu %s -m 64 -S",
                                  cpu);
    g_autofree char *st = NULL;
    QDict *resp;
    gchar *data;
    gsize len;

    resp = qtest_qmp(src, "{ 'execute': 'migrate', 'arguments': "
                     "{ 'uri': %s } }", uri);
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    st = mig_status(src, NULL);
    g_assert_cmpstr(st, ==, "completed");
    qtest_quit(src);
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    unlink(path);
    return g_byte_array_new_take((guint8 *)data, len);
}

/*
 * The section in stream S: the offset of its fields (after its name,
 * instance and version) and of what follows it (after its footer)
 */
static void mig_section(GByteArray *s, size_t *fields, size_t *end)
{
    static const char id[] = "\x0e" MIG_SECTION;
    size_t i, n;

    for (i = 0; i + sizeof(id) < s->len; i++) {
        if (!memcmp(s->data + i, id, sizeof(id) - 1)) {
            break;
        }
    }
    g_assert_cmpuint(i + sizeof(id), <, s->len);
    *fields = i + sizeof(id) - 1 + 8;
    n = ldl_be_p(s->data + *fields + MIG_NAME_LEN);
    g_assert_cmpuint(n, >, 40);
    g_assert_cmpuint(n, <=, 192);
    /*
     * name, count, encodings, values; with SVE the subsection of the
     * vector lengths (0x05, its name's length and name, version, the
     * lengths); then the footer: 0x7e, section id
     */
    *end = *fields + MIG_NAME_LEN + 4 + 16 * n;
    if (s->data[*end] == 0x05) {
        g_assert_cmpuint(s->data[*end + 1], ==, strlen(MIG_SECTION "/sve"));
        g_assert_true(!memcmp(s->data + *end + 2, MIG_SECTION "/sve",
                              strlen(MIG_SECTION "/sve")));
        *end += 2 + strlen(MIG_SECTION "/sve") + 4 + 4;
    }
    g_assert_cmpuint(s->data[*end], ==, 0x7e);
    *end += 5;
}

/*
 * Load the LEN bytes DATA into a destination running -cpu CPU: its
 * error, or NULL when the migration completed; the destination must be
 * up afterwards either way
 */
static char *mig_load(const char *cpu, const char *dir, const guint8 *data,
                      size_t len)
{
    g_autofree char *path = g_strdup_printf("%s/dst", dir);
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autofree char *st = NULL;
    char *error = NULL;
    QTestState *dst;
    QDict *resp;

    g_assert_true(g_file_set_contents(path, (const gchar *)data, len, NULL));
    dst = qtest_initf("-machine virt -accel tcg -cpu %s -m 64 "
                      "-incoming defer", cpu);
    resp = qtest_qmp(dst, "{ 'execute': 'migrate-incoming', 'arguments': "
                     "{ 'uri': %s, 'exit-on-error': false } }", uri);
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    st = mig_status(dst, &error);
    if (!strcmp(st, "completed")) {
        g_assert_null(error);
    } else {
        g_assert_nonnull(error);
    }
    /* still answering */
    resp = qtest_qmp(dst, "{ 'execute': 'query-status' }");
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    qtest_quit(dst);
    unlink(path);
    return error;
}

typedef struct MigAttack {
    const char *what;
    void (*change)(GByteArray *section);
    const char *error;      /* a part of the destination's error */
} MigAttack;

static guint8 *mig_name(GByteArray *sec)
{
    return sec->data;
}

static uint32_t mig_count(GByteArray *sec)
{
    return ldl_be_p(sec->data + MIG_NAME_LEN);
}

static guint8 *mig_enc(GByteArray *sec, unsigned i)
{
    return sec->data + MIG_NAME_LEN + 4 + 8 * i;
}

static guint8 *mig_val(GByteArray *sec, unsigned i)
{
    return sec->data + MIG_NAME_LEN + 4 + 8 * (mig_count(sec) + i);
}

static void attack_count_too_big(GByteArray *sec)
{
    stl_be_p(sec->data + MIG_NAME_LEN, 1000);
}

static void attack_count_negative(GByteArray *sec)
{
    stl_be_p(sec->data + MIG_NAME_LEN, -1);
}

static void attack_unknown_register(GByteArray *sec)
{
    stq_be_p(mig_enc(sec, 3), 3 << 14 | 7 << 3 | 7);   /* unallocated */
    stq_be_p(mig_val(sec, 3), 0x10);
}

static void attack_not_id_space(GByteArray *sec)
{
    stq_be_p(mig_enc(sec, 3), 0xffffffff);
}

static void attack_duplicate(GByteArray *sec)
{
    stq_be_p(mig_enc(sec, 4), ldq_be_p(mig_enc(sec, 3)));
    stq_be_p(mig_val(sec, 4), ldq_be_p(mig_val(sec, 3)));
}

static void attack_wide_value(GByteArray *sec)
{
    /* the first pair is MIDR_EL1, 32 bits wide */
    g_assert_cmphex(ldq_be_p(mig_enc(sec, 0)), ==, 3 << 14);
    stq_be_p(mig_val(sec, 0), ldq_be_p(mig_val(sec, 0)) | 1ULL << 40);
}

static void attack_name_unterminated(GByteArray *sec)
{
    memset(mig_name(sec), 'A', MIG_NAME_LEN);
}

static void attack_name_binary(GByteArray *sec)
{
    mig_name(sec)[1] = 0x01;
}

static void attack_field(GByteArray *sec)
{
    /* MIDR_EL1's part number: a different CPU, well formed */
    stq_be_p(mig_val(sec, 0), ldq_be_p(mig_val(sec, 0)) ^ 0x10);
}

static const MigAttack mig_attacks[] = {
    { "count above the ID space", attack_count_too_big,
      "Input validation failed: arm-cpu-idregs/register count from 0 to "
      "192" },
    { "negative count", attack_count_negative,
      "Input validation failed: arm-cpu-idregs/register count from 0 to "
      "192" },
    { "unknown register", attack_unknown_register,
      "The migration stream's ID-register section is not a QEMU source's: "
      "the source's register op0=3 op1=0 crn=0 crm=7 op2=7, 0x10, is "
      "unknown here (the guest would read 0)" },
    { "encoding outside the ID space", attack_not_id_space,
      "the source sent 0xffffffff as the encoding of an ID register" },
    { "a register twice", attack_duplicate, "the source sent " },
    { "value wider than its fields", attack_wide_value,
      "the source's MIDR_EL1, 0x100410fd4f0, differs from this one's in "
      "bits 0x10000000000 that no field describes" },
    { "name without NUL", attack_name_unterminated,
      "the source's CPU name is not a string of printable characters "
      "ending in NUL in its 64 bytes" },
    { "name not text", attack_name_binary,
      "the source's CPU name is not a string" },
    { "another CPU", attack_field,
      "The guest would see its CPU change: this CPU (grace-v1) differs "
      "from the source's (grace-v1) in 1 ID-register field: "
      "MIDR_EL1.PartNum (source 0xd4e, here 0xd4f)" },
};

static void test_migration_hostile(void)
{
    g_autofree char *dir = g_dir_make_tmp("arm-cpu-models-XXXXXX", NULL);
    g_autoptr(GByteArray) stream = mig_stream("grace-v1", dir);
    g_autofree char *ok = NULL;
    size_t fields, end, cut;
    unsigned i;

    mig_section(stream, &fields, &end);

    /* the stream as the source wrote it loads */
    ok = mig_load("grace-v1", dir, stream->data, stream->len);
    g_assert_null(ok);

    for (i = 0; i < ARRAY_SIZE(mig_attacks); i++) {
        g_autoptr(GByteArray) sec = g_byte_array_new();
        g_autoptr(GByteArray) bad = g_byte_array_new();
        g_autofree char *err = NULL;

        g_byte_array_append(sec, stream->data + fields, end - fields);
        mig_attacks[i].change(sec);
        g_byte_array_append(bad, stream->data, fields);
        g_byte_array_append(bad, sec->data, sec->len);
        g_byte_array_append(bad, stream->data + end, stream->len - end);
        err = mig_load("grace-v1", dir, bad->data, bad->len);
        g_test_message("%s: %s", mig_attacks[i].what, err);
        g_assert_nonnull(err);
        g_assert_nonnull(strstr(err, mig_attacks[i].error));
    }

    /* cut anywhere in the section: the stream ends early */
    for (cut = fields; cut < end; cut += (end - 5 - fields) / 7) {
        g_autofree char *err = mig_load("grace-v1", dir, stream->data, cut);

        g_test_message("cut at %zu of the section: %s", cut - fields, err);
        g_assert_nonnull(err);
        /* QEMU names the section, but in its footer only the section id */
        g_assert_nonnull(strstr(err, cut < end - 5 ? MIG_SECTION
                                                   : "Section footer error"));
    }
    rmdir(dir);
}

/*
 * Under KVM. Each case works from what this host's QEMU reports (the
 * definitions, query-arm-cpu-props-info), so that it holds on any arm64
 * KVM host and kernel; the nested harness runs them inside its L1 on each
 * harness kernel (harness/nested/l1/suite.sh).
 */

/* query-arm-cpu-props-info of -cpu host under KVM, as {name: [values]} */
static GHashTable *kvm_props_info(void)
{
    QTestState *qts = qtest_init(MACHINE_KVM "-cpu host");
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'query-arm-cpu-props-info' }");
    GHashTable *info = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify)g_strfreev);
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(resp, "return"), e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        g_autofree char *joined = list_join(qdict_get_qlist(d,
                                                          "supported-values"));

        g_hash_table_insert(info, g_strdup_printf("%s:%s",
                                                  qdict_get_str(d, "type"),
                                                  qdict_get_str(d, "name")),
                            *joined ? g_strsplit(joined, ",", -1)
                                    : g_new0(char *, 1));
    }
    qobject_unref(resp);
    qtest_quit(qts);
    return info;
}

/*
 * A value the user asks of -cpu host is written back to the vCPU, and QOM
 * then reports it: each value query-arm-cpu-props-info offers for a field
 * KVM lets a VMM change (feat_AES where it can, else the first such
 * property that takes a name)
 */
static void test_kvm_host_prop_written(void)
{
    g_autoptr(GHashTable) info = kvm_props_info();
    const char *prop = NULL;
    char **values = g_hash_table_lookup(info, "string:feat_AES");
    GHashTableIter it;
    gpointer k, v;

    if (values && g_strv_length(values) > 1) {
        prop = "feat_AES";
    }
    g_hash_table_iter_init(&it, info);
    while (!prop && g_hash_table_iter_next(&it, &k, &v)) {
        if (g_str_has_prefix(k, "string:") && g_strv_length(v) > 1) {
            prop = (const char *)k + strlen("string:");
            values = v;
        }
    }
    if (!prop) {
        g_test_skip("this host's KVM lets QEMU change no ID-register field");
        return;
    }
    for (char **val = values; *val; val++) {
        g_autofree char *args = g_strdup_printf(MACHINE_KVM "-cpu host,%s=%s",
                                                prop, *val);
        QTestState *qts = qtest_init(args);
        QDict *resp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                                "{ 'path': '" CPU_PATH "', 'property': %s } }",
                                prop);

        g_assert_cmpstr(qdict_get_str(resp, "return"), ==, *val);
        g_test_message("host,%s=%s: QOM reports %s", prop, *val, *val);
        qobject_unref(resp);
        qtest_quit(qts);
    }
}

/*
 * A value query-arm-cpu-props-info does not offer is refused when QEMU
 * starts, naming the property: for every property that takes a name, the
 * first named value it accepts but this host cannot give
 */
static void test_kvm_host_prop_refused(void)
{
    g_autoptr(GHashTable) info = kvm_props_info();
    QTestState *qts = qtest_init(MACHINE_KVM "-cpu host");
    GHashTableIter it;
    gpointer k, v;
    unsigned refused = 0;

    g_hash_table_iter_init(&it, info);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *prop = (const char *)k + strlen("string:");
        g_autofree char *bogus = NULL, *opt = NULL, *want = NULL;
        g_autofree char *err = NULL;
        g_auto(GStrv) all = NULL;
        const char *desc;
        QDict *r;

        if (!g_str_has_prefix(k, "string:") || !g_strv_length(v) ||
            refused >= 4) {
            continue;
        }
        /* the names it accepts at all, from the error for a bogus one */
        bogus = g_strdup_printf("{ '%s': '?' }", prop);
        r = expand(qts, "host", bogus);
        desc = qdict_get_str(qdict_get_qdict(r, "error"), "desc");
        all = g_strsplit(strstr(desc, "accepted values: ") +
                         strlen("accepted values: "), ", ", -1);
        qobject_unref(r);
        for (char **a = all; *a && !opt; a++) {
            if (!g_strv_contains((const char * const *)v, *a)) {
                opt = g_strdup_printf("host,%s=%s", prop, *a);
            }
        }
        if (!opt) {
            continue;
        }
        g_assert_cmpint(run_cpu_accel(&accel_kvm, opt, &err), ==, 1);
        want = g_strdup_printf("Property '%s'", prop);
        g_assert_nonnull(strstr(err, want));
        g_test_message("-cpu %s: %s", opt, err);
        refused++;
    }
    qtest_quit(qts);
    g_assert_cmpuint(refused, >, 0);
}

/*
 * Every named model (not the aliases) on this host, as
 * query-cpu-definitions describes it: under KVM enforce is on by default,
 * so a model starts exactly when it has no unavailable features, else it
 * is refused naming each and the opt-out; with enforce=off it starts,
 * warning about each; with an explicit enforce=on it is refused as by
 * default; "type" is a model that cannot run here at all (abstract, or a
 * KVM that cannot change ID registers), refused either way. Each QEMU
 * start takes seconds in the nested harness's emulated host, so a quick
 * run starts every runnable model by default but only the first of the
 * others, and with enforce=off and enforce=on only the first model with
 * blockers; -m slow starts all of them.
 */
static void test_kvm_models(void)
{
    QTestState *qts = qtest_init(MACHINE_KVM "-cpu host");
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-definitions' }");
    const QListEntry *e;
    unsigned models = 0, runnable = 0, refused = 0, warned = 0;
    bool all = g_test_slow();

    qtest_quit(qts);
    QLIST_FOREACH_ENTRY(qdict_get_qlist(resp, "return"), e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(d, "name");
        g_autofree char *unavail = NULL, *opt = NULL, *off = NULL;
        g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL;
        g_auto(GStrv) props = NULL;

        if (!qdict_haskey(d, "unavailable-features") ||
            qdict_haskey(d, "alias-of")) {
            continue;
        }
        models++;
        unavail = list_join(qdict_get_qlist(d, "unavailable-features"));
        props = g_strsplit(unavail, ",", -1);
        opt = g_strdup_printf("%s,enforce=on", name);
        off = g_strdup_printf("%s,enforce=off", name);
        if (!strcmp(unavail, "type")) {
            if (!all && refused++) {
                continue;
            }
            g_assert_cmpint(run_cpu_accel(&accel_kvm, name, &err), ==, 1);
            g_assert_true(strstr(err, "is abstract and cannot run") ||
                          strstr(err, "needs a kernel whose KVM can change "
                                 "ID registers"));
            continue;
        }
        runnable++;
        if (!*unavail) {
            g_assert_cmpint(run_cpu_accel(&accel_kvm, name, &err), ==, 0);
            g_assert_cmpstr(err, ==, "");
            continue;
        }
        g_assert_cmpint(run_cpu_accel(&accel_kvm, name, &err), ==, 1);
        g_assert_nonnull(strstr(err, "needs what KVM cannot provide "
                                "(enforce=on, the default under KVM; "
                                "enforce=off runs it with KVM's values "
                                "instead): "));
        for (char **p = props; *p; p++) {
            g_autofree char *named = g_strdup_printf(" %s=", *p);

            g_assert_nonnull(strstr(err, named));
        }
        if (all || !warned++) {
            g_assert_cmpint(run_cpu_accel(&accel_kvm, off, &err2), ==, 0);
            for (char **p = props; *p; p++) {
                g_autofree char *named = g_strdup_printf(" %s=", *p);

                g_assert_nonnull(strstr(err2, named));
            }
            g_assert_cmpint(run_cpu_accel(&accel_kvm, opt, &err3), ==, 1);
            g_assert_nonnull(strstr(err3, "needs what KVM cannot provide "
                                    "(enforce=on): "));
        }
        g_test_message("%s: %s", name, unavail);
    }
    qobject_unref(resp);
    g_test_message("%u models, %u runnable on this host", models, runnable);
    g_assert_cmpuint(models, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    if (qtest_has_accel("kvm")) {
        qtest_add_data_func("/arm/cpu-models/kvm/props-info", &accel_kvm,
                            test_qmp_props_info);
        qtest_add_func("/arm/cpu-models/kvm/host-prop-written",
                       test_kvm_host_prop_written);
        qtest_add_func("/arm/cpu-models/kvm/host-prop-refused",
                       test_kvm_host_prop_refused);
        qtest_add_func("/arm/cpu-models/kvm/models", test_kvm_models);
        qtest_add_data_func("/arm/cpu-models/kvm/static-replay", &accel_kvm,
                            test_static_replay);
    }
    if (!qtest_has_accel("tcg")) {
        return g_test_run();
    }
    qtest_add_func("/arm/cpu-models/props/expand-values", test_expand_values);
    qtest_add_func("/arm/cpu-models/props/expand-errors", test_expand_errors);
    qtest_add_func("/arm/cpu-models/props/running-cpu", test_running_cpu);
    qtest_add_func("/arm/cpu-models/props/command-line",
                   test_command_line_error);
    qtest_add_func("/arm/cpu-models/props/bad-input", test_bad_input);
    for (size_t i = 0; i < ARRAY_SIZE(model_cases); i++) {
        g_autofree char *path = g_strdup_printf("/arm/cpu-models/models/"
                                                "realize/%s",
                                                model_cases[i].name);

        qtest_add_data_func(path, &model_cases[i], test_model_realize);
    }
    qtest_add_func("/arm/cpu-models/models/aliases", test_model_aliases);
    qtest_add_func("/arm/cpu-models/models/help", test_model_help);
    qtest_add_func("/arm/cpu-models/models/abstract", test_model_abstract);
    qtest_add_func("/arm/cpu-models/models/user-props", test_model_user_props);
    qtest_add_func("/arm/cpu-models/models/check-enforce",
                   test_model_check_enforce);
    qtest_add_func("/arm/cpu-models/qmp/definitions", test_qmp_definitions);
    qtest_add_data_func("/arm/cpu-models/qmp/props-info", &accel_tcg,
                        test_qmp_props_info);
    qtest_add_func("/arm/cpu-models/qmp/comparison", test_qmp_comparison);
    qtest_add_func("/arm/cpu-models/qmp/baseline", test_qmp_baseline);
    qtest_add_func("/arm/cpu-models/qmp/static-expansion",
                   test_qmp_static_expansion);
    qtest_add_data_func("/arm/cpu-models/qmp/static-replay", &accel_tcg,
                        test_static_replay);
    qtest_add_func("/arm/cpu-models/migration", test_migration);
    qtest_add_func("/arm/cpu-models/migration/hostile",
                   test_migration_hostile);
    return g_test_run();
}
