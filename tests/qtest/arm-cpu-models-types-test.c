/*
 * QTest testcase for the Arm named CPU models: their CPU types
 * (target/arm/arm-cpu-models.c) under TCG, and migration between them
 * (target/arm/arm-cpu-migration.c)
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "arm-cpu-models-util.h"

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
    /* Axion: V2 r0p1 with all crypto (SM3, SM4) and RNDR */
    { "axion-v1", 0x410fd4f1, true,
      { { "feat_AES", "pmull" }, { "feat_SM4", "on" },
        { "feat_RNDR", "on" }, { "feat_SHA3", "on" } } },
    /* Neoverse N2 TRM r0p3 B.5, without the optional crypto and RNDR */
    { "neoverse-n2-v1", 0x410fd493, true,
      { { "feat_AES", "off" }, { "feat_DGH", "on" },
        { "feat_RNDR", "off" }, { "feat_BF16", "on" } } },
    /* Cobalt 100 and Yitian 710: N2 r0p0 with crypto (SM3, SM4), no RNDR */
    { "cobalt100-v1", 0x410fd490, true,
      { { "feat_AES", "pmull" }, { "feat_SM4", "on" },
        { "feat_RNDR", "off" }, { "feat_SHA2", "sha512" } } },
    { "yitian710-v1", 0x410fd490, true,
      { { "feat_AES", "pmull" }, { "feat_SM3", "on" },
        { "feat_RNDR", "off" }, { "feat_SHA3", "on" } } },
    /* Neoverse V3 r0p1: QARMA3 pointer authentication, WFxT, no crypto */
    { "neoverse-v3-v1", 0x410fd841, true,
      { { "feat_AES", "off" }, { "feat_APA3", "fpaccombine" },
        { "feat_WFxT", "on" }, { "feat_RNDR", "off" } } },
    /* Graviton5: V3 with crypto (no SM3/SM4) and RNDR */
    { "graviton5-v1", 0x410fd841, true,
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
    g_auto(GStrv) names = NULL;
    char *list;

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
    /*
     * The runnable descendants, not a list to keep in step with the model
     * files: Armv9.0 parts are there, an Armv8.4 core and the abstract
     * model itself are not.
     */
    list = strstr(err, "\nRunnable models derived from it: ");
    g_assert_nonnull(list);
    list = strchr(list + 1, ':') + 2;
    names = g_strsplit(g_strchomp(list), ", ", -1);
    g_assert_true(g_strv_contains((const char * const *)names,
                                  "neoverse-v2-v1"));
    g_assert_true(g_strv_contains((const char * const *)names, "grace-v1"));
    g_assert_true(g_strv_contains((const char * const *)names,
                                  "graviton4-v1"));
    g_assert_false(g_strv_contains((const char * const *)names,
                                   "neoverse-v1-v1"));
    g_assert_false(g_strv_contains((const char * const *)names,
                                   "arm-v9_0-a-v1"));
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    if (!qtest_has_accel("tcg")) {
        return g_test_run();
    }
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
    qtest_add_func("/arm/cpu-models/migration", test_migration);
    qtest_add_func("/arm/cpu-models/migration/hostile",
                   test_migration_hostile);
    return g_test_run();
}
