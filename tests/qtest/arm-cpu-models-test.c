/*
 * QTest testcase for the Arm named CPU models and their QMP commands
 * (target/arm/arm-cpu-models-qmp.c)
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "arm-cpu-models-util.h"

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
    QDict *resp = expand_try(qts, a->cpu, props);
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

/* ------------------------------------------------------------ under KVM */

/*
 * Each case works from what this host's QEMU reports (the definitions,
 * query-arm-cpu-props-info), so that it holds on any arm64 KVM host and
 * kernel; the nested harness runs them inside its L1 on each harness
 * kernel (harness/nested/l1/suite.sh).
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

    if (qtest_has_accel("tcg")) {
        qtest_add_func("/arm/cpu-models/qmp/definitions", test_qmp_definitions);
        qtest_add_data_func("/arm/cpu-models/qmp/props-info", &accel_tcg,
                            test_qmp_props_info);
        qtest_add_func("/arm/cpu-models/qmp/comparison", test_qmp_comparison);
        qtest_add_func("/arm/cpu-models/qmp/baseline", test_qmp_baseline);
        qtest_add_func("/arm/cpu-models/qmp/static-expansion",
                       test_qmp_static_expansion);
        qtest_add_data_func("/arm/cpu-models/qmp/static-replay", &accel_tcg,
                            test_static_replay);
    }
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
    return g_test_run();
}
