/*
 * What the qtests of the Arm named CPU models share: the machines, the
 * accelerators the cases run under, and the QMP and command-line helpers
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TESTS_QTEST_ARM_CPU_MODELS_UTIL_H
#define TESTS_QTEST_ARM_CPU_MODELS_UTIL_H

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
static inline QDict *expand(QTestState *qts, const char *cpu,
                            const char *props)
{
    QDict *model = qdict_new();

    qdict_put_str(model, "name", cpu);
    if (props) {
        qdict_put_obj(model, "props", qobject_from_json(props, &error_abort));
    }
    return qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'full', 'model': %p } }", model);
}

/*
 * Whether the expansion takes CPU with PROPS: the reply of the static
 * expansion where it succeeds, else of the full one. Both make the CPU
 * the same way, with the same checks of the props; the static reply is a
 * few properties where the full one is all of them, some 10 KB that
 * libqtest reads and parses a byte at a time, which makes a case that
 * tries hundreds of values several times slower.
 */
static inline QDict *expand_try(QTestState *qts, const char *cpu,
                                const char *props)
{
    QDict *model = qdict_new();
    QDict *resp;

    qdict_put_str(model, "name", cpu);
    qdict_put_obj(model, "props", qobject_from_json(props, &error_abort));
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'static', 'model': %p } }",
                     model);
    if (qdict_haskey(resp, "return")) {
        return resp;
    }
    qobject_unref(resp);
    return expand(qts, cpu, props);
}

static inline QDict *expansion_props(QDict *resp)
{
    g_assert(qdict_haskey(resp, "return"));
    return qdict_get_qdict(qdict_get_qdict(qdict_get_qdict(resp, "return"),
                                           "model"), "props");
}

/* RESP is an error saying DESC; RESP is freed */
static inline void assert_qmp_error(QDict *resp, const char *desc)
{
    g_assert(qdict_haskey(resp, "error"));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(resp, "error"), "desc"),
                    ==, desc);
    qobject_unref(resp);
}

/*
 * Under AddressSanitizer (make check-sanitize) QEMU's first coroutine
 * switch prints "==PID==WARNING: ASan doesn't fully support
 * makecontext/swapcontext ...": not QEMU's output, so not compared
 */
static inline void drop_asan_notice(char *err)
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

/*
 * Start QEMU with -cpu CPU_OPT and quit it over QMP at once; return its
 * exit status and its stderr in *ERR
 */
static inline int run_cpu_accel(const Accel *a, const char *cpu_opt,
                                char **err)
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

static inline int run_cpu(const char *cpu_opt, char **err)
{
    return run_cpu_accel(&accel_tcg, cpu_opt, err);
}

static inline char *prop_str(QDict *props, const char *name)
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

static inline char *list_join(QList *l)
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

static inline void assert_expand_error(QTestState *qts, const char *cpu,
                                       const char *props, const char *error)
{
    assert_qmp_error(expand(qts, cpu, props), error);
}

/* What -cpu help prints */
static inline char *cpu_help(void)
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

#endif
