/*
 * Arm ID-register field properties: what QEMU accepts is what the guest
 * reads
 *
 * For max under TCG and every concrete named model, on each machine
 * configuration, every field property is given values other than its
 * current one: the next lower and the next higher value of the
 * field, through its feat_/hw_prop_ name and through its SYSREG_ alias.
 * Each value is either refused with an error that names the property, or
 * the guest reads exactly that value in its field and QOM and
 * query-cpu-model-expansion report the same. The current values are
 * checked the same way first.
 *
 * A value is first tried with query-cpu-model-expansion (the static one,
 * whose reply is short, then the full one where that refuses), which is
 * cheap; the values it accepts go together on one -cpu command line (they
 * set different fields), and a small guest, written into RAM by the test,
 * reads every ID register with MRS and stores it. Realize refusing one of
 * them is found with a dry run of QEMU, which names the property, else by
 * bisecting the batch.
 *
 * Under KVM (the nested harness runs this binary inside an arm64 Linux
 * guest whose KVM is real, as an arm64 runner would) the same holds, for
 * -cpu host and the models, for the fields the host's KVM lets QEMU
 * change; the others are refused. In the same run every other field is
 * what QOM and the expansion report, the guest's largest SVE vector
 * length is QOM's, and a model has its own values but in the fields of
 * its blockers, which are printed for the harness to check against what
 * the kernel is known to allow.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/host-utils.h"
#include "libqtest.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "../../target/arm/cpu-idprops.h"
#include "../../target/arm/cpu-idkvm.h"
#include "../../target/arm/cpu-models.h"

#define CPU_PATH "/machine/unattached/device[0]"

/* virt's RAM starts at 1 GiB: the guest's code, then what it read */
#define CODE_ADDR 0x40000000ULL
#define DATA_ADDR 0x40010000ULL
#define DONE 0xd0e5
/* after DONE: the SVE vector length in bytes (RDVL), where it is read */
#define VL_ADDR (DATA_ADDR + (ARM_IDREG_NUM + 1) * 8)

typedef struct Config {
    const char *label;      /* in the test path */
    const char *accel;
    const char *machine;
} Config;

static const Config configs[] = {
    { "tcg", "tcg", "virt" },
    { "tcg-el2-el3", "tcg", "virt,virtualization=on,secure=on" },
};

typedef struct Case {
    const Config *cfg;
    const char *cpu;
    /*
     * -cpu CPU,enforce=off, and "enforce": false in its expansions: under
     * KVM a named model refuses by default what the host cannot provide,
     * and the nested harness's host is not the model's silicon (the
     * suite's model cases check what it replaces); the values this test
     * sets are the user's, checked with or without enforce
     */
    bool opt_out;
} Case;

typedef enum Fate {
    UNTRIED,
    REFUSED,        /* by query-cpu-model-expansion */
    REFUSED_REALIZE,
    READ,           /* the guest read it, QOM and the expansion agree */
} Fate;

typedef struct Try {
    const ArmIdProp *p;
    char *value;            /* as -cpu takes it */
    uint64_t raw[2];        /* the field's (and _frac's) raw value */
    Fate fate;
} Try;

typedef struct Stats {
    unsigned tried, read, refused, refused_realize;
} Stats;

/* ------------------------------------------------------------ the guest */

static uint32_t a64_movz(unsigned rd, uint16_t imm, unsigned hw)
{
    return 0xd2800000 | hw << 21 | imm << 5 | rd;
}

static uint32_t a64_movk(unsigned rd, uint16_t imm, unsigned hw)
{
    return 0xf2800000 | hw << 21 | imm << 5 | rd;
}

static uint32_t a64_mrs(unsigned rt, const ArmIdReg *r)
{
    return 0xd5200000 | r->op0 << 19 | r->op1 << 16 | r->crn << 12 |
           r->crm << 8 | r->op2 << 5 | rt;
}

static uint32_t a64_msr(unsigned op1, unsigned crn, unsigned crm,
                        unsigned op2, unsigned rt)
{
    return 0xd5180000 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}

/* STR Xt, [Xn, #off] (unsigned offset, a multiple of 8) */
static uint32_t a64_str(unsigned rt, unsigned rn, unsigned off)
{
    return 0xf9000000 | (off / 8) << 10 | rn << 5 | rt;
}

/*
 * Which registers the guest reads: every register of the table but the
 * cache geometry (no property sets it), those the CPU does not have (the
 * exists-if roles, against the values QOM reports) and, under KVM, those
 * a KVM guest cannot read
 */
static bool guest_reads(const Config *cfg, unsigned r, const uint64_t *qom)
{
    const ArmIdRole *e = arm_idreg_role(r, ARM_IDROLE_EXISTS_IF);
    const ArmIdRole *k = arm_idreg_role(r, ARM_IDROLE_KVM_UNEXPOSED);

    if (arm_idreg_role(r, ARM_IDROLE_CACHE_GEOMETRY)) {
        return false;
    }
    if (!strcmp(cfg->accel, "kvm") && k && !strcmp(k->arg, "undefined")) {
        return false;
    }
    if (e) {
        g_auto(GStrv) w = g_strsplit(e->arg, " ", 2);
        int f = arm_idfield_by_fullname(w[0]);

        g_assert_cmpint(f, >=, 0);
        return arm_idfield_get(qom, f) >= g_ascii_strtoull(w[1], NULL, 0);
    }
    return true;
}

/*
 * Write into the guest's RAM a program that reads the registers READ
 * marks with MRS, stores each at DATA_ADDR + 8 * index, then DONE after
 * them, and waits; the loader device starts the CPU there. With SVE (a
 * CPU that has it, at EL1), it first stores its largest vector length at
 * VL_ADDR: SVE and FP enabled at EL1 (CPACR_EL1.ZEN, FPEN), ZCR_EL1.LEN
 * at its maximum, RDVL.
 */
static void load_guest(QTestState *qts, const bool *read, bool sve)
{
    uint32_t code[4 + 8 + 2 * ARM_IDREG_NUM + 4];
    uint8_t bytes[sizeof(code)];
    unsigned n = 0, r;

    code[n++] = a64_movz(0, DATA_ADDR & 0xffff, 0);
    code[n++] = a64_movk(0, (DATA_ADDR >> 16) & 0xffff, 1);
    if (sve) {
        code[n++] = a64_movz(2, 0x33, 1);           /* ZEN, FPEN: 0b11 */
        code[n++] = a64_msr(0, 1, 0, 2, 2);         /* CPACR_EL1 */
        code[n++] = 0xd5033fdf;                     /* isb */
        code[n++] = a64_movz(2, 0xf, 0);            /* LEN: the largest */
        code[n++] = a64_msr(0, 1, 2, 0, 2);         /* ZCR_EL1 */
        code[n++] = 0xd5033fdf;                     /* isb */
        code[n++] = 0x04bf5021;                     /* rdvl x1, #1 */
        code[n++] = a64_str(1, 0, VL_ADDR - DATA_ADDR);
    }
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (read[r]) {
            code[n++] = a64_mrs(1, &arm_idregs[r]);
            code[n++] = a64_str(1, 0, r * 8);
        }
    }
    code[n++] = a64_movz(1, DONE, 0);
    code[n++] = a64_str(1, 0, ARM_IDREG_NUM * 8);
    code[n++] = 0xd503207f;                 /* wfi */
    code[n++] = 0x17ffffff;                 /* b . - 4 */
    for (r = 0; r < n; r++) {
        stl_le_p(&bytes[r * 4], code[r]);
    }
    qtest_memset(qts, DATA_ADDR, 0, (ARM_IDREG_NUM + 2) * 8);
    qtest_memwrite(qts, CODE_ADDR, bytes, n * 4);
}

/* Let the guest run and collect what it read */
static void run_guest(QTestState *qts, uint64_t *regs)
{
    gint64 end = g_get_monotonic_time() + 120 * G_USEC_PER_SEC;
    unsigned r;

    qtest_qmp_assert_success(qts, "{ 'execute': 'cont' }");
    while (qtest_readq(qts, DATA_ADDR + ARM_IDREG_NUM * 8) != DONE) {
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        g_usleep(1000);
    }
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        regs[r] = qtest_readq(qts, DATA_ADDR + r * 8);
    }
}

/* Each line of BAD, the values the guest does not read as accepted */
static void report(GString *bad)
{
    g_auto(GStrv) lines = g_strsplit(bad->str, "\n", -1);

    for (unsigned i = 0; lines[i]; i++) {
        if (*lines[i]) {
            g_test_message("the guest does not read what QEMU accepted: %s",
                           lines[i]);
        }
    }
}

/* ---------------------------------------------------------------- QEMU */

static QTestState *start(const Config *cfg, const char *cpu)
{
    return qtest_initf("-machine %s -accel %s -cpu %s -m 256 -nodefaults "
                       "-S -device loader,addr=0x%llx,cpu-num=0",
                       cfg->machine, cfg->accel, cpu, CODE_ADDR);
}

/*
 * Whether QEMU starts with -cpu CPU (its exit status, and its stderr into
 * *ERR): realize has the last word on a value
 */
static int dry_run(const Config *cfg, const char *cpu, char **err)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    const char *argv[] = {
        "/bin/sh", "-c",
        "printf '%s\\n' '{\"execute\": \"qmp_capabilities\"}' "
        "'{\"execute\": \"quit\"}' | \"$0\" -machine \"$1\" -accel \"$2\" "
        "-display none -nodefaults -S -qmp stdio -cpu \"$3\"",
        qemu, cfg->machine, cfg->accel, cpu, NULL,
    };
    g_autofree char *out = NULL;
    int status;

    g_assert_nonnull(qemu);
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, err, &status, NULL));
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* Every property of the CPU as QOM reports it */
static QDict *qom_props(QTestState *qts)
{
    QDict *resp = qtest_qmp(qts, "{ 'execute': 'qom-list-get', "
                            "'arguments': { 'paths': [ %s ] } }", CPU_PATH);
    QList *objs = qdict_get_qlist(resp, "return");
    QDict *obj = qobject_to(QDict, qlist_peek(objs));
    QDict *out = qdict_new();
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(obj, "properties"), e) {
        QDict *p = qobject_to(QDict, qlist_entry_obj(e));

        if (qdict_haskey(p, "value")) {
            qdict_put_obj(out, qdict_get_str(p, "name"),
                          qobject_ref(qdict_get(p, "value")));
        }
    }
    qobject_unref(resp);
    return out;
}

/* The ID registers QOM reports, from the SYSREG_ alias of every field */
static void qom_regs(QDict *props, uint64_t *regs)
{
    unsigned n, i;
    const ArmIdProp *all = arm_idprops(&n);

    memset(regs, 0, sizeof(uint64_t) * ARM_IDREG_NUM);
    for (i = 0; i < n; i++) {
        if (all[i].kind == ARM_IDPROP_RAW) {
            arm_idfield_set(regs, all[i].field,
                            qdict_get_uint(props, all[i].name));
        }
    }
}

/* The property's value in a QOM or expansion dictionary, as -cpu takes it */
static char *prop_text(QDict *props, const ArmIdProp *p)
{
    QObject *o = qdict_get(props, p->name);

    if (!o) {
        return g_strdup("(missing)");
    }
    switch (qobject_type(o)) {
    case QTYPE_QBOOL:
        return g_strdup(qbool_get_bool(qobject_to(QBool, o)) ? "on" : "off");
    case QTYPE_QNUM:
        return g_strdup_printf("0x%" PRIx64, qdict_get_uint(props, p->name));
    case QTYPE_QSTRING:
        return g_strdup(qstring_get_str(qobject_to(QString, o)));
    default:
        return g_strdup("(unexpected type)");
    }
}

/*
 * The raw value of field F in a QOM or expansion dictionary, through the
 * feat_ or hw_prop_ property that sets it (the expansion has no SYSREG_
 * aliases); false when it is not there
 */
static bool field_from(QDict *props, ArmIdFieldIdx f, uint64_t *v)
{
    const ArmIdProp *p = arm_idprop_of_field(f);
    g_autofree char *text = NULL;
    uint64_t pair[2];

    if (!p || !qdict_haskey(props, p->name)) {
        return false;
    }
    text = prop_text(props, p);
    switch (p->kind) {
    case ARM_IDPROP_BOOL:
        *v = !strcmp(text, "on");
        return true;
    case ARM_IDPROP_NUMBER:
        *v = g_ascii_strtoull(text, NULL, 0);
        return true;
    case ARM_IDPROP_FRAC: {
        /* "B.F" in numbers, named or not */
        char *dot = strchr(text, '.');

        if (!dot) {
            return false;
        }
        *v = g_ascii_strtoull((int)f == p->frac ? dot + 1 : text, NULL, 10);
        return true;
    }
    default:
        if (g_str_has_prefix(text, "0x")) {     /* a value without a name */
            *v = g_ascii_strtoull(text, NULL, 0);
            return true;
        }
        if (!arm_idprop_parse(p, text, pair, NULL)) {
            return false;
        }
        *v = pair[0];
        return true;
    }
}

/* --------------------------------------------------------------- values */

/* The text of raw value V (and F, for a fractional one) of P, for -cpu */
static char *value_text(const ArmIdProp *p, uint64_t v, uint64_t f)
{
    switch (p->kind) {
    case ARM_IDPROP_BOOL:
        return g_strdup(v ? "on" : "off");
    case ARM_IDPROP_NAMED:
        return arm_idprop_value_name(p->field, v);
    case ARM_IDPROP_FRAC:
        return g_strdup_printf("%" PRIu64 ".%" PRIu64, v, f);
    default:
        return g_strdup_printf("0x%" PRIx64, v);
    }
}

/*
 * The value of P next to CUR (CUR_F) in the field's order, below it (UP
 * false) or above it: among the named values for a named or fractional
 * property, the other bit of a one-bit field, else CUR -1 or +1 (for a
 * field wider than 32 bits, bit 32 flipped, so that a value that does not
 * fit 32 bits is tried). False when there is none.
 */
static bool next_value(const ArmIdProp *p, uint64_t cur, uint64_t cur_f,
                       bool up, uint64_t *v, uint64_t *f)
{
    const ArmIdField *fd = &arm_idfields[p->field];
    uint64_t max = MAKE_64BIT_MASK(0, fd->width);
    bool found = false;
    unsigned i, j;

    *f = 0;
    switch (p->kind) {
    case ARM_IDPROP_NAMED:
        for (i = fd->first_val; i < fd->first_val + fd->n_vals; i++) {
            uint64_t x = arm_idvals[i].value;

            if ((up && x > cur && (!found || x < *v)) ||
                (!up && x < cur && (!found || x > *v))) {
                *v = x;
                found = true;
            }
        }
        return found;
    case ARM_IDPROP_FRAC: {
        const ArmIdField *fr = &arm_idfields[p->frac];

        for (i = fd->first_val; i < fd->first_val + fd->n_vals; i++) {
            for (j = fr->first_val; j < fr->first_val + fr->n_vals; j++) {
                uint64_t x = arm_idvals[i].value, y = arm_idvals[j].value;
                bool after = x > cur || (x == cur && y > cur_f);
                bool before = x < cur || (x == cur && y < cur_f);
                bool better = !found ||
                              (up ? (x < *v || (x == *v && y < *f))
                                  : (x > *v || (x == *v && y > *f)));

                if ((up ? after : before) && better) {
                    *v = x;
                    *f = y;
                    found = true;
                }
            }
        }
        return found;
    }
    default:
        if (fd->width > 32) {
            *v = cur ^ BIT_ULL(32);
            return up == !(cur & BIT_ULL(32));
        }
        if (up ? cur == max : cur == 0) {
            return false;
        }
        *v = up ? cur + 1 : cur - 1;
        return true;
    }
}

/* ---------------------------------------------------------------- tries */

static char *cpu_option(const Case *c, Try *tries, unsigned n)
{
    GString *s = g_string_new(c->cpu);
    unsigned i;

    if (c->opt_out) {
        g_string_append(s, ",enforce=off");
    }

    for (i = 0; i < n; i++) {
        g_string_append_printf(s, ",%s=%s", tries[i].p->name, tries[i].value);
    }
    return g_string_free(s, false);
}

/* query-cpu-model-expansion's props for TRIES, typed as QMP wants them */
static QDict *expansion_props(Try **tries, unsigned n)
{
    QDict *d = qdict_new();
    unsigned i;

    for (i = 0; i < n; i++) {
        const Try *t = tries[i];

        switch (arm_idprop_type(t->p)[0]) {
        case 'b':
            qdict_put_bool(d, t->p->name, t->raw[0]);
            break;
        case 'u':
            qdict_put_obj(d, t->p->name, QOBJECT(qnum_from_uint(t->raw[0])));
            break;
        default:
            qdict_put_str(d, t->p->name, t->value);
            break;
        }
    }
    return d;
}

/* query-cpu-model-expansion of TYPE ("full", "static") of the tries */
static QDict *expand_type(QTestState *qts, const Case *c, Try **tries,
                          unsigned n, const char *type)
{
    QDict *props = expansion_props(tries, n);

    if (c->opt_out) {
        qdict_put_bool(props, "enforce", false);
    }
    return qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': %s, 'model': "
                     "{ 'name': %s, 'props': %p } } }", type, c->cpu, props);
}

static QDict *expand(QTestState *qts, const Case *c, Try **tries,
                     unsigned n)
{
    return expand_type(qts, c, tries, n, "full");
}

/* RESP is an error that names T's property, as a refusal of its value does */
static bool refusal_names(QDict *resp, const Try *t)
{
    g_autofree char *quoted = g_strdup_printf("'%s'", t->p->name);

    return qdict_haskey(resp, "error") &&
           strstr(qdict_get_str(qdict_get_qdict(resp, "error"), "desc"),
                  quoted);
}

/*
 * Whether the expansion takes the tries: the reply of the full one, or
 * of the static one where it succeeds or refuses a single try naming its
 * property. Both make the CPU the same way, with the same checks of the
 * props (the static one's own refusals, that no model can be the CPU's
 * base, quote no property); a model's static expansion is its few
 * differing properties where the full one is all of them, some 10 KB
 * that libqtest reads a byte at a time: the static one first makes the
 * hundreds of tries of a case several times cheaper.
 */
static QDict *expand_try(QTestState *qts, const Case *c, Try **tries,
                         unsigned n)
{
    QDict *resp = expand_type(qts, c, tries, n, "static");

    if (qdict_haskey(resp, "return") ||
        (n == 1 && refusal_names(resp, tries[0]))) {
        return resp;
    }
    qobject_unref(resp);
    return expand(qts, c, tries, n);
}

/* The error of RESP names the property of T */
static void assert_names(const char *err, const Try *t)
{
    g_autofree char *quoted = g_strdup_printf("'%s'", t->p->name);

    if (!strstr(err, quoted)) {
        g_test_message("%s=%s refused without naming the property: %s",
                       t->p->name, t->value, err);
        g_assert_not_reached();
    }
}

/*
 * Start QEMU with the tries BATCH (N) that realize accepts: those it
 * refuses are marked so, each refusal naming its property (a refusal that
 * names none is narrowed down by halves); a property refused only with
 * others of the batch goes to LATER (NL), to be tried alone. Returns the
 * option that starts.
 */
static char *realize_batch(const Case *c, Try **batch, unsigned *n,
                           Try **later, unsigned *nl, Stats *st)
{
    for (;;) {
        g_autofree Try *flat = g_new(Try, *n ? *n : 1);
        g_autofree char *err = NULL;
        char *opt;
        unsigned i, lo, hi;
        int culprit = -1;

        for (i = 0; i < *n; i++) {
            flat[i] = *batch[i];
        }
        opt = cpu_option(c, flat, *n);
        if (!dry_run(c->cfg, opt, &err)) {
            return opt;
        }
        g_free(opt);
        for (i = 0; i < *n && culprit < 0; i++) {
            g_autofree char *q = g_strdup_printf("'%s'", batch[i]->p->name);
            g_autofree char *e = NULL;

            if (!strstr(err, q)) {
                continue;
            }
            culprit = i;
            /* refused with another of the batch, not alone: try it alone */
            flat[0] = *batch[i];
            opt = cpu_option(c, flat, 1);
            if (!dry_run(c->cfg, opt, &e)) {
                g_test_message("%s=%s: refused with others of the batch "
                               "(%s), tried alone", batch[i]->p->name,
                               batch[i]->value, g_strstrip(err));
                later[(*nl)++] = batch[i];
                batch[i] = batch[--*n];
                culprit = -2;
            }
            g_free(opt);
        }
        if (culprit == -2) {
            continue;
        }
        /* a refusal that names no property: halve until one remains */
        for (lo = 0, hi = *n; culprit < 0 && hi - lo > 1;) {
            unsigned mid = lo + (hi - lo) / 2;
            g_autofree char *e = NULL;

            for (i = lo; i < mid; i++) {
                flat[i - lo] = *batch[i];
            }
            opt = cpu_option(c, flat, mid - lo);
            if (dry_run(c->cfg, opt, &e)) {
                hi = mid;
            } else {
                lo = mid;
            }
            g_free(opt);
        }
        if (culprit < 0) {
            g_autofree char *e = NULL;

            g_assert_cmpuint(hi - lo, ==, 1);
            flat[0] = *batch[lo];
            opt = cpu_option(c, flat, 1);
            if (!dry_run(c->cfg, opt, &e)) {
                g_test_message("the batch fails to start (%s), but %s=%s "
                               "alone starts: properties that interact",
                               err, batch[lo]->p->name, batch[lo]->value);
                g_assert_not_reached();
            }
            g_free(opt);
            assert_names(e, batch[lo]);
            culprit = lo;
        }
        g_test_message("%s=%s: accepted by the expansion, refused at "
                       "realize", batch[culprit]->p->name,
                       batch[culprit]->value);
        batch[culprit]->fate = REFUSED_REALIZE;
        st->refused_realize++;
        batch[culprit] = batch[--*n];
    }
}

/*
 * Every property of P's batch reads back: the guest's field(s), QOM's
 * value and the expansion's value are what was asked for
 */
static void check_read(const Try *t, const uint64_t *guest, const bool *read,
                       QDict *qom, QDict *expansion, GString *bad)
{
    const ArmIdProp *p = t->p;
    int fields[2] = { p->field, p->kind == ARM_IDPROP_FRAC ? p->frac : -1 };
    g_autofree char *q = prop_text(qom, p);
    g_autofree char *x = expansion ? prop_text(expansion, p) : NULL;
    unsigned i;

    for (i = 0; i < 2 && fields[i] >= 0; i++) {
        const ArmIdField *f = &arm_idfields[fields[i]];
        uint64_t g = read[f->reg] ? arm_idfield_get(guest, fields[i]) : 0;

        if (g != t->raw[i]) {
            g_string_append_printf(bad, "%s=%s: the guest reads %s.%s 0x%"
                                   PRIx64 "%s\n", p->name, t->value,
                                   arm_idregs[f->reg].name, f->name, g,
                                   read[f->reg] ? "" : " (not readable)");
        }
    }
    /* prop_text() and value_text() write a value the same way */
    if (strcmp(q, t->value)) {
        g_string_append_printf(bad, "%s=%s: QOM reports %s\n", p->name,
                               t->value, q);
    }
    if (expansion && p->kind != ARM_IDPROP_RAW && strcmp(x, t->value)) {
        g_string_append_printf(bad, "%s=%s: the expansion reports %s\n",
                               p->name, t->value, x);
    }
    if (expansion && p->kind == ARM_IDPROP_RAW) {
        const ArmIdProp *named = arm_idprop_of_field(p->field);
        uint64_t e;

        if (!field_from(expansion, p->field, &e) || e != t->raw[0]) {
            g_autofree char *y = named ? prop_text(expansion, named) : NULL;

            g_string_append_printf(bad, "%s=%s: the expansion reports %s\n",
                                   p->name, t->value, y ?: "nothing");
        }
    }
}

/*
 * Every property at its current value: the guest reads what QOM says, and
 * the expansion says the same (but where the machine decides or may limit
 * the field: the expansion describes the CPU type, it has the CPU's value)
 */
static void check_all(QDict *qom, const uint64_t *guest, const bool *read,
                      QDict *expansion, GString *bad)
{
    unsigned n, i;
    const ArmIdProp *all = arm_idprops(&n);
    uint64_t qregs[ARM_IDREG_NUM];

    qom_regs(qom, qregs);
    for (i = 0; i < n; i++) {
        const ArmIdProp *p = &all[i];
        bool machine = arm_idfield_role(p->field, ARM_IDROLE_PRESENT_IF) ||
                       arm_idfield_role(p->field, ARM_IDROLE_LIMITED_BY);
        Try t = { .p = p };

        /*
         * the fields the machine decides are the machine's, not QOM's; a
         * register the CPU does not have reads nothing
         */
        if (arm_idfield_role(p->field, ARM_IDROLE_DECIDED_BY) ||
            !read[arm_idfields[p->field].reg]) {
            continue;
        }
        t.raw[0] = arm_idfield_get(qregs, p->field);
        t.raw[1] = p->kind == ARM_IDPROP_FRAC ?
                   arm_idfield_get(qregs, p->frac) : 0;
        t.value = prop_text(qom, p);
        check_read(&t, guest, read, qom, machine ? NULL : expansion, bad);
        g_free(t.value);
    }
}

/* The CPU as it starts (QTS, whose QOM is QOM), checked by check_all() */
static void check_current(const Case *c, QTestState *qts, QDict *qom,
                          GString *bad)
{
    uint64_t qregs[ARM_IDREG_NUM], guest[ARM_IDREG_NUM];
    bool read[ARM_IDREG_NUM];
    QDict *resp;
    unsigned r;

    qom_regs(qom, qregs);
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                     "'arguments': { 'type': 'full', 'model': "
                     "{ 'name': %s } } }", c->cpu);
    g_assert_true(qdict_haskey(resp, "return"));
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        read[r] = guest_reads(c->cfg, r, qregs);
    }
    load_guest(qts, read, false);
    run_guest(qts, guest);
    check_all(qom, guest, read, qdict_get_qdict(qdict_get_qdict(
                  qdict_get_qdict(resp, "return"), "model"), "props"), bad);
    qobject_unref(resp);
}

/*
 * The SVE vector lengths (bit N-1: N quadwords) of PROPS (an expansion's,
 * QOM's)
 */
static uint32_t vls_of(QDict *props)
{
    uint32_t vls = 0;
    unsigned vq;

    for (vq = 1; props && vq <= 16; vq++) {
        g_autofree char *name = g_strdup_printf("sve%u", vq * 128);

        if (qdict_get_try_bool(props, name, false)) {
            vls |= 1u << (vq - 1);
        }
    }
    return vls;
}

/*
 * Run CPU option OPT; check every try of BATCH against the guest. Under
 * KVM, where the CPU's own values are not checked in a run of their own,
 * every other property too (check_all()), and the guest's largest SVE
 * vector length is QOM's.
 */
static void run_batch(const Case *c, const char *opt, Try **batch,
                      unsigned n, GString *bad)
{
    bool kvm = !strcmp(c->cfg->accel, "kvm");
    QTestState *qts = start(c->cfg, opt);
    QDict *qom = qom_props(qts);
    uint64_t qregs[ARM_IDREG_NUM], guest[ARM_IDREG_NUM];
    bool read[ARM_IDREG_NUM], sve;
    QDict *resp = expand(qts, c, batch, n);
    QDict *expansion = NULL;
    unsigned r, i;

    if (qdict_haskey(resp, "return")) {
        expansion = qdict_get_qdict(qdict_get_qdict(qdict_get_qdict(
                        resp, "return"), "model"), "props");
    } else {
        g_string_append_printf(bad, "the expansion refuses what realize "
                               "accepted (%s): %s\n", opt,
                               qdict_get_str(qdict_get_qdict(resp, "error"),
                                             "desc"));
    }
    qom_regs(qom, qregs);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        read[r] = guest_reads(c->cfg, r, qregs);
    }
    sve = kvm && arm_idfield_get(qregs, arm_idfield_by_fullname(
                                     "ID_AA64PFR0_EL1.SVE"));
    load_guest(qts, read, sve);
    run_guest(qts, guest);
    for (i = 0; i < n; i++) {
        check_read(batch[i], guest, read, qom, expansion, bad);
        batch[i]->fate = READ;
    }
    if (kvm) {
        check_all(qom, guest, read, expansion, bad);
    }
    if (sve) {
        uint64_t vl = qtest_readq(qts, VL_ADDR) * 8;
        uint32_t vls = vls_of(qom);

        if (!vls || vl != 128 * (32 - clz32(vls))) {
            g_string_append_printf(bad, "the guest's SVE vector length is "
                                   "%" PRIu64 " bits, QOM's vector lengths "
                                   "0x%x\n", vl, vls);
        }
        g_test_message("%s: SVE vector length %" PRIu64 " bits in the guest",
                       c->cpu, vl);
    }
    qobject_unref(resp);
    qobject_unref(qom);
    qtest_quit(qts);
}

static void test_guest_reads(gconstpointer data)
{
    const Case *c = data;
    unsigned n, i, round, k;
    const ArmIdProp *all = arm_idprops(&n);
    g_autoptr(GString) bad = g_string_new(NULL);
    uint64_t qregs[ARM_IDREG_NUM];
    QTestState *base;
    QDict *qom;
    Stats st = { 0 };

    {
        g_autofree char *err = NULL;

        /* a CPU this configuration cannot run is skipped, with the reason */
        if (dry_run(c->cfg, c->cpu, &err)) {
            g_test_skip(err);
            return;
        }
    }
    base = start(c->cfg, c->cpu);
    qom = qom_props(base);
    qom_regs(qom, qregs);

    /* 0, 1: feat_/hw_prop_ lower, higher; 2, 3: SYSREG_ lower, higher */
    for (round = 0; round < 4; round++) {
        g_autofree Try *tries = g_new0(Try, n);
        g_autofree Try **batch = g_new(Try *, n);
        g_autofree Try **later = g_new(Try *, n);
        g_autofree char *opt = NULL;
        unsigned nb = 0, nt = 0, nl = 0;

        for (i = 0; i < n; i++) {
            const ArmIdProp *p = &all[i];
            uint64_t cur = arm_idfield_get(qregs, p->field);
            uint64_t cur_f = p->kind == ARM_IDPROP_FRAC ?
                             arm_idfield_get(qregs, p->frac) : 0;
            Try *t = &tries[nt];
            QDict *resp;
            Try *one[1] = { t };

            if ((p->kind == ARM_IDPROP_RAW) != (round >= 2) ||
                !next_value(p, cur, cur_f, round & 1, &t->raw[0],
                            &t->raw[1])) {
                continue;
            }
            t->p = p;
            t->value = value_text(p, t->raw[0], t->raw[1]);
            nt++;
            st.tried++;
            resp = expand_try(base, c, one, 1);
            if (qdict_haskey(resp, "error")) {
                assert_names(qdict_get_str(qdict_get_qdict(resp, "error"),
                                           "desc"), t);
                t->fate = REFUSED;
                st.refused++;
            } else {
                batch[nb++] = t;
            }
            qobject_unref(resp);
        }
        if (nb) {
            opt = realize_batch(c, batch, &nb, later, &nl, &st);
        }
        if (nb) {
            run_batch(c, opt, batch, nb, bad);
            st.read += nb;
        }
        for (k = 0; k < nl; k++) {
            g_autofree char *one = cpu_option(c, later[k], 1);

            run_batch(c, one, &later[k], 1, bad);
            st.read++;
        }
        for (k = 0; k < nt; k++) {
            g_free(tries[k].value);
        }
    }

    check_current(c, base, qom, bad);
    qobject_unref(qom);
    qtest_quit(base);

    g_test_message("%s %s: %u values tried, %u read by the guest, %u "
                   "refused (%u by expansion, %u at realize)", c->cfg->label,
                   c->cpu, st.tried, st.read, st.refused + st.refused_realize,
                   st.refused, st.refused_realize);
    report(bad);
    g_assert_cmpuint(bad->len, ==, 0);
    g_assert_cmpuint(st.tried, >, 400);
}

/*
 * A case on CFG, to FN, for each concrete model (-cpu MODEL,enforce=off
 * with OPT_OUT) and for OWN (max, host)
 */
static void add_cases(const Config *cfg, const char *own, bool opt_out,
                      GTestDataFunc fn)
{
    unsigned m;

    for (m = 0; m <= arm_cpu_models_num; m++) {
        Case *c;
        g_autofree char *path = NULL;

        if (m < arm_cpu_models_num && arm_cpu_models[m].abstract) {
            continue;
        }
        c = g_new(Case, 1);
        c->cfg = cfg;
        c->cpu = m == arm_cpu_models_num ? own : arm_cpu_models[m].name;
        c->opt_out = opt_out && m < arm_cpu_models_num;
        path = g_strdup_printf("/arm/cpu-models/guest/%s/%s", cfg->label,
                               c->cpu);
        qtest_add_data_func(path, c, fn);
    }
}

/* ------------------------------------------------------------ under KVM */

static const Config kvm_config = { "kvm", "kvm", "virt" };

/*
 * Under KVM: what this host's KVM lets QEMU set, from one -cpu host VM
 * (query-arm-cpu-props-info, which a model shares), and each CPU's values
 * (its expansion, as realize makes it on this host)
 */
static struct {
    QDict *supported;           /* property -> QList of its values */
    QDict *values;              /* CPU -> its expansion's props */
    QDict *unavailable;         /* model -> its unavailable-features */
} kvm_host;

static void kvm_host_probe(const Config *cfg)
{
    QTestState *qts;
    QDict *resp, *props;
    const QListEntry *e;
    unsigned m;

    if (kvm_host.supported) {
        return;
    }
    qts = start(cfg, "host");
    kvm_host.supported = qdict_new();
    kvm_host.values = qdict_new();
    kvm_host.unavailable = qdict_new();
    resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-definitions' }");
    QLIST_FOREACH_ENTRY(qdict_get_qlist(resp, "return"), e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (qdict_haskey(d, "unavailable-features")) {
            qdict_put_obj(kvm_host.unavailable, qdict_get_str(d, "name"),
                          qobject_ref(qdict_get(d, "unavailable-features")));
        }
    }
    qobject_unref(resp);
    resp = qtest_qmp(qts, "{ 'execute': 'query-arm-cpu-props-info' }");
    QLIST_FOREACH_ENTRY(qdict_get_qlist(resp, "return"), e) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));

        qdict_put_obj(kvm_host.supported, qdict_get_str(info, "name"),
                      qobject_ref(qdict_get(info, "supported-values")));
    }
    qobject_unref(resp);
    for (m = 0; m <= arm_cpu_models_num; m++) {
        const char *cpu = m < arm_cpu_models_num ? arm_cpu_models[m].name
                                                 : "host";

        if (m < arm_cpu_models_num && arm_cpu_models[m].abstract) {
            continue;
        }
        /* a model as the test cases run it (see Case.opt_out) */
        props = qdict_new();
        if (m < arm_cpu_models_num) {
            qdict_put_bool(props, "enforce", false);
        }
        resp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                         "'arguments': { 'type': 'full', 'model': "
                         "{ 'name': %s, 'props': %p } } }", cpu, props);
        if (qdict_haskey(resp, "return")) {
            qdict_put_obj(kvm_host.values, cpu, qobject_ref(qdict_get(
                qdict_get_qdict(qdict_get_qdict(resp, "return"), "model"),
                "props")));
        }
        qobject_unref(resp);
    }
    qtest_quit(qts);
}

/*
 * The first value of the supported values SUP ("aes", "on", "2.1", "3",
 * "0-15") of P that is not CUR (CUR_F), as raw values; false if none
 */
static bool kvm_value(const ArmIdProp *p, QList *sup, uint64_t cur,
                      uint64_t cur_f, uint64_t *v, uint64_t *f)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(sup, e) {
        const char *text = qstring_get_str(qobject_to(QString,
                                                      qlist_entry_obj(e)));
        uint64_t pair[2] = { 0, 0 }, lo, hi;
        const char *dash;

        switch (p->kind) {
        case ARM_IDPROP_BOOL:
            pair[0] = !strcmp(text, "on");
            break;
        case ARM_IDPROP_NUMBER:
            lo = g_ascii_strtoull(text, NULL, 10);
            dash = strchr(text, '-');
            hi = dash ? g_ascii_strtoull(dash + 1, NULL, 10) : lo;
            pair[0] = lo != cur ? lo : hi;
            break;
        default:
            g_assert_true(arm_idprop_parse(p, text, pair, NULL));
            break;
        }
        if (pair[0] != cur ||
            (p->kind == ARM_IDPROP_FRAC && pair[1] != cur_f)) {
            *v = pair[0];
            *f = pair[1];
            return true;
        }
    }
    return false;
}

/*
 * A model under KVM with enforce=off (VALUES, its expansion): the model's
 * own values but in the fields of its blockers (query-cpu-definitions'
 * unavailable-features, which realize refuses by default: see
 * arm-cpu-models-test), where the host's stand. The blockers are printed:
 * the nested harness checks them against what the recorded kernel's
 * writable masks say KVM cannot give the model.
 */
static void check_model_values(const Case *c, QDict *values, GString *bad)
{
    int m = arm_cpu_model_find(c->cpu);
    QList *unavail = qdict_get_qlist(kvm_host.unavailable, c->cpu);
    g_autofree bool *blocker = g_new0(bool, ARM_IDFIELD_NUM);
    g_autoptr(GString) names = g_string_new(NULL);
    uint64_t model[ARM_IDREG_NUM];
    const QListEntry *e;
    unsigned f, same = 0;

    g_assert_cmpint(m, >=, 0);
    g_assert_nonnull(unavail);
    arm_cpu_model_resolve(m, model);
    QLIST_FOREACH_ENTRY(unavail, e) {
        const char *name = qstring_get_str(qobject_to(QString,
                                                      qlist_entry_obj(e)));
        const ArmIdProp *p = arm_idprop_find(name);

        g_string_append_printf(names, "%s%s", names->len ? " " : "", name);
        /* the vector lengths (sveNNN) are checked apart */
        if (p) {
            blocker[p->field] = true;
            if (p->kind == ARM_IDPROP_FRAC) {
                blocker[p->frac] = true;
            }
        }
    }
    for (f = 0; f < ARM_IDFIELD_NUM; f++) {
        uint64_t v;

        if (blocker[f] || arm_idfield_role(f, ARM_IDROLE_DECIDED_BY) ||
            arm_idfield_role(f, ARM_IDROLE_PRESENT_IF) ||
            !field_from(values, f, &v)) {
            continue;
        }
        same++;
        if (v != arm_idfield_get(model, f)) {
            g_string_append_printf(bad, "%s.%s: 0x%" PRIx64 " under KVM, "
                                   "the model's 0x%" PRIx64 ", which is not "
                                   "a blocker\n",
                                   arm_idregs[arm_idfields[f].reg].name,
                                   arm_idfields[f].name, v,
                                   arm_idfield_get(model, f));
        }
    }
    g_test_message("kvm %s: blockers: %s", c->cpu,
                   names->len ? names->str : "none");
    g_test_message("kvm %s: %u fields of the model's own", c->cpu, same);
}

/*
 * Under KVM: every property of the CPU that this host's KVM lets QEMU
 * change takes a value other than the CPU's, all on one -cpu line, and
 * the guest reads each, QOM and the expansion report each, and every other
 * property as QOM reports it; a model has its own values but for its
 * blockers. What KVM cannot change is refused (query-arm-cpu-props-info
 * offers nothing else, and the nested suite checks refusals).
 */
static void test_kvm_reads(gconstpointer data)
{
    const Case *c = data;
    unsigned n, i, nb = 0;
    const ArmIdProp *all = arm_idprops(&n);
    g_autoptr(GString) bad = g_string_new(NULL);
    g_autofree Try *tries = g_new0(Try, n);
    g_autofree Try **batch = g_new(Try *, n);
    g_autofree char *opt = NULL;
    uint64_t cur[ARM_IDREG_NUM];
    QDict *values;

    kvm_host_probe(c->cfg);
    values = qdict_get_qdict(kvm_host.values, c->cpu);
    if (!values) {
        g_test_skip("this host's KVM runs no named CPU model");
        return;
    }
    /*
     * A model's SVE vector lengths are what KVM gives of them: the host's
     * up to the model's largest (exactly the model's where the host has
     * them), not all of the host's
     */
    for (i = 0; c->opt_out && i < arm_cpu_models_num; i++) {
        if (!strcmp(arm_cpu_models[i].name, c->cpu)) {
            uint32_t host = vls_of(qdict_get_qdict(kvm_host.values, "host"));

            g_assert_cmphex(vls_of(values), ==,
                            arm_idkvm_sve_vls(arm_cpu_models[i].sve_vq,
                                              host));
            g_test_message("kvm %s: SVE vector lengths 0x%x (the model's "
                           "0x%x, the host's 0x%x)", c->cpu, vls_of(values),
                           arm_cpu_models[i].sve_vq, host);
        }
    }
    if (c->opt_out) {
        check_model_values(c, values, bad);
    }
    /* the CPU's values, from its expansion */
    memset(cur, 0, sizeof(cur));
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        uint64_t v;

        if (field_from(values, i, &v)) {
            arm_idfield_set(cur, i, v);
        }
    }
    for (i = 0; i < n; i++) {
        const ArmIdProp *p = &all[i];
        QList *sup = qdict_get_qlist(kvm_host.supported, p->name);
        int feature = arm_idreg_feature(arm_idfields[p->field].reg);
        Try *t = &tries[nb];

        /*
         * a register of a feature this CPU lacks takes no value, nor does
         * the field of an older property's feature it lacks (sve=on, not
         * feat_SVE, adds SVE)
         */
        if (arm_idfield_owner(p->field)) {
            uint64_t owned[ARM_IDREG_NUM];

            arm_idregs_owned_mask(arm_idfield_owner(p->field), owned);
            if (!arm_idregs_any(cur, owned)) {
                continue;
            }
        }
        if (!sup || (feature >= 0 && !arm_idfield_get(cur, feature)) ||
            !kvm_value(p, sup, arm_idfield_get(cur, p->field),
                       p->frac >= 0 ? arm_idfield_get(cur, p->frac) : 0,
                       &t->raw[0], &t->raw[1])) {
            continue;
        }
        t->p = p;
        t->value = value_text(p, t->raw[0], t->raw[1]);
        batch[nb] = t;
        nb++;
    }
    if (!nb) {
        /* a kernel without writable masks: only the host's values */
        report(bad);
        g_assert_cmpuint(bad->len, ==, 0);
        g_test_skip("this host's KVM lets QEMU change no ID-register field");
        return;
    }
    {
        g_autofree Try *flat = g_new(Try, nb);

        for (i = 0; i < nb; i++) {
            flat[i] = *batch[i];
        }
        opt = cpu_option(c, flat, nb);
    }
    run_batch(c, opt, batch, nb, bad);
    g_test_message("kvm %s: %u values other than the CPU's, each read by "
                   "the guest", c->cpu, nb);
    for (i = 0; i < nb; i++) {
        g_free(tries[i].value);
    }
    report(bad);
    g_assert_cmpuint(bad->len, ==, 0);
}

int main(int argc, char **argv)
{
    unsigned i;

    g_test_init(&argc, &argv, NULL);

    for (i = 0; i < ARRAY_SIZE(configs); i++) {
        if (qtest_has_accel(configs[i].accel)) {
            add_cases(&configs[i], "max", false, test_guest_reads);
        }
    }
    if (qtest_has_accel("kvm")) {
        add_cases(&kvm_config, "host", true, test_kvm_reads);
    }
    return g_test_run();
}
