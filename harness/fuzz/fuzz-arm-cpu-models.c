/*
 * libFuzzer target for the pure layer of the Arm named CPU models
 *
 * What it drives is what a -cpu option and a QMP query reach below QOM:
 * the property value parser and checker (cpu-idprops.c), the model replay,
 * the accelerator checks, the KVM write plan, comparison, baseline and the
 * closest-model search (cpu-models.c), on the ID-register table
 * (cpu-idregs.c). An input is text, one item a line:
 *
 *   BASE              a model name (its ID registers), else the table's
 *                     defaults
 *   RULE:LIMIT        what the accelerator provides: LIMIT is a model name
 *                     (else the defaults), RULE one of tcg, kernel, exact
 *                     (arm_idlimit_blockers() with that rule), kvm or kvmimp
 *                     (arm_idkvm_blockers(), every field writable but
 *                     the identification registers, or those too)
 *   NAME=VALUE        any number of -cpu properties, as QEMU's string input
 *                     visitor hands them to the property setters
 *
 * or, when the first line is "mig MODEL", a migration stream's
 * ID-register section as a destination running MODEL gets it: one line
 * "ENC VAL" (hexadecimal) a pair, and a line "name TEXT" for the source's
 * CPU name (arm_idmig_unpack(), arm_idmig_diff(),
 * arm_idmig_name_ok()).
 *
 * Beyond "does not crash" (ASan, UBSan), every result is checked against
 * the contract its header states, computed another way here: a value that
 * parses formats back to itself, a refused value's message names the
 * property and what it accepts, a field set through two properties is
 * refused naming both, the blockers are exactly the fields the rule
 * refuses, a write plan shows the guest nothing above the host, a
 * baseline runs where both of its inputs run, the closest model is the
 * closest, and the supported values are exactly those the check accepts.
 * A broken contract aborts with the input's context on stderr.
 *
 * Built and run by harness/fuzz.py (make fuzz). With the environment
 * variable ARM_FUZZ_SEEDS=DIR it writes a seed corpus (every concrete model
 * as the properties that replay it over the defaults, in slices, each
 * against a rule and another model) and a dictionary (DIR.dict: property,
 * value, rule and model names) and exits.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "cpu-idprops.h"
#include "cpu-idpropset.h"
#include "cpu-models.h"
#include "cpu-idaccel.h"
#include "cpu-idcompare.h"
#include "cpu-idmig.h"

/* Properties whose supported values are checked per input, at most */
#define SUPPORTED_CHECKS 2
/* Properties per seed: a model's are split into slices of this many */
#define SEED_LINES 12
/* Unknown names checked against every property per input, at most */
#define UNKNOWN_CHECKS 2

static const char *cur_input;

static void G_NORETURN broken(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz-arm-cpu-models: broken contract: %s\n  %s\n"
            "input:\n%s\n", what, detail ? detail : "", cur_input);
    abort();
}

#define CHECK(cond, detail) \
    do { \
        if (!(cond)) { \
            broken(#cond, (detail)); \
        } \
    } while (0)

static bool is_ident_reg(unsigned r)
{
    return arm_idreg_role(r, ARM_IDROLE_IDENTIFICATION);
}

/*
 * The _frac field of a fractional pair whose bases differ: the base
 * decides alone (base.fraction compares as one number)
 */
static bool frac_decided_by_base(unsigned i, const uint64_t *want,
                                 const uint64_t *limit)
{
    const ArmIdProp *p = arm_idprop_of_field(i);

    return p && p->kind == ARM_IDPROP_FRAC && p->frac == (int)i &&
           arm_idfield_get(want, p->field) != arm_idfield_get(limit, p->field);
}

typedef struct Limit {
    const char *label;
    bool kvm;
    ArmIdLimitRule rule;
    uint64_t value[ARM_IDREG_NUM];
    uint64_t writable[ARM_IDREG_NUM];
} Limit;

static void model_or_defaults(const char *name, uint64_t *regs)
{
    int m = arm_cpu_model_find(name);

    if (m >= 0) {
        memcpy(regs, arm_cpu_model_regs(m), sizeof(uint64_t) * ARM_IDREG_NUM);
    } else {
        arm_idregs_reset(regs);
    }
}

static void parse_limit(const char *line, Limit *l)
{
    static const struct {
        const char *name;
        bool kvm, imp;
        ArmIdLimitRule rule;
    } rules[] = {
        { "tcg", false, false, ARM_ID_LIMIT_TCG },
        { "kernel", false, false, ARM_ID_LIMIT_KERNEL },
        { "exact", false, false, ARM_ID_LIMIT_EXACT },
        { "kvm", true, false, ARM_ID_LIMIT_KERNEL },
        { "kvmimp", true, true, ARM_ID_LIMIT_KERNEL },
    };
    const char *colon = strchr(line, ':');
    size_t len = colon ? colon - line : 0;
    unsigned i, r;

    *l = (Limit) { .label = "kernel", .rule = ARM_ID_LIMIT_KERNEL };
    for (i = 0; colon && i < ARRAY_SIZE(rules); i++) {
        if (strlen(rules[i].name) == len && !strncmp(line, rules[i].name,
                                                     len)) {
            l->label = rules[i].name;
            l->kvm = rules[i].kvm;
            l->rule = rules[i].rule;
            if (l->kvm) {
                uint64_t masks[ARM_IDREG_NUM];

                for (r = 0; r < ARM_IDREG_NUM; r++) {
                    masks[r] = UINT64_MAX;
                }
                arm_idkvm_writable(masks, rules[i].imp, l->writable);
            }
        }
    }
    model_or_defaults(colon ? colon + 1 : line, l->value);
}

/* The accepted values of P, one by one, each parses to a named value */
static void check_accepted(const ArmIdProp *p)
{
    g_autofree char *acc = arm_idprop_accepted(p);
    g_auto(GStrv) names = g_strsplit(acc, ", ", -1);
    unsigned i;

    if (p->kind != ARM_IDPROP_NAMED && p->kind != ARM_IDPROP_FRAC) {
        return;
    }
    CHECK(names[0] != NULL, p->name);
    for (i = 0; names[i]; i++) {
        uint64_t v[2];

        CHECK(arm_idprop_parse(p, names[i], v, NULL), names[i]);
    }
}

/* VALUE for P as the property setter sees it; false if it is refused */
static bool parse_value(const ArmIdProp *p, const char *value,
                        const uint64_t *regs, uint64_t v[2])
{
    const ArmIdField *f = &arm_idfields[p->field];
    Error *err = NULL;
    uint64_t n;
    bool ok;

    v[0] = v[1] = 0;
    switch (p->kind) {
    case ARM_IDPROP_BOOL:
        /* the string input visitor's spellings */
        if (!strcmp(value, "on") || !strcmp(value, "yes") ||
            !strcmp(value, "true") || !strcmp(value, "y")) {
            v[0] = 1;
            return true;
        }
        return !strcmp(value, "off") || !strcmp(value, "no") ||
               !strcmp(value, "false") || !strcmp(value, "n");
    case ARM_IDPROP_NUMBER:
    case ARM_IDPROP_RAW:
        if (qemu_strtou64(value, NULL, 0, &n) < 0) {
            return false;       /* the visitor refuses it */
        }
        ok = arm_idprop_check_number(p, n, &err);
        CHECK(ok == (f->width == 64 || !(n >> f->width)), p->name);
        if (!ok) {
            const char *msg = error_get_pretty(err);

            CHECK(strstr(msg, p->name) && strstr(msg, "accepted values"),
                  msg);
            error_free(err);
            return false;
        }
        v[0] = n;
        return true;
    default:
        ok = arm_idprop_parse(p, value, v, &err);
        if (!ok) {
            g_autofree char *acc = arm_idprop_accepted(p);
            const char *msg = error_get_pretty(err);

            CHECK(strstr(msg, p->name) && strstr(msg, acc), msg);
            error_free(err);
            return false;
        }
        /* what parses formats back to itself, and parses again the same */
        {
            uint64_t tmp[ARM_IDREG_NUM], again[2];
            g_autofree char *s = NULL;

            memcpy(tmp, regs, sizeof(tmp));
            arm_idprop_apply(p, tmp, v);
            s = arm_idprop_format(p, tmp);
            CHECK(arm_idprop_parse(p, s, again, NULL), s);
            CHECK(again[0] == v[0] && again[1] == v[1], s);
        }
        return true;
    }
}

/* The blockers of WANT against L, as the headers define them */
static void check_blockers(const uint64_t *want, const Limit *l)
{
    static ArmIdBlocker b[ARM_IDFIELD_NUM];
    unsigned n, i, k = 0;

    if (l->kvm) {
        n = arm_idkvm_blockers(want, l->value, l->writable, NULL, b,
                                     ARM_IDFIELD_NUM);
    } else {
        n = arm_idlimit_blockers(want, l->value, l->rule, NULL, b,
                                       ARM_IDFIELD_NUM);
    }
    CHECK(n <= ARM_IDFIELD_NUM, l->label);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t w = arm_idfield_get(want, i), h = arm_idfield_get(l->value, i);
        bool blocked;

        if (l->kvm) {
            bool writable = (l->writable[f->reg] & arm_idfield_mask(f)) ==
                            arm_idfield_mask(f);

            /* equal is always fine; a difference needs writable bits */
            if (w == h) {
                blocked = false;
            } else if (!writable) {
                blocked = true;
            } else {
                blocked = k < n && b[k].field == i;
                /*
                 * the kernel's rule, where it is the field's own; the
                 * identification registers take any value KVM lets change
                 */
                if (!blocked && !is_ident_reg(f->reg)) {
                    CHECK(arm_idfield_value_ok(i, w, h) ||
                          arm_idfield_order(i, w) < arm_idfield_order(i, h),
                          f->name);
                }
            }
        } else {
            blocked = !frac_decided_by_base(i, want, l->value) &&
                      !arm_idlimit_field_ok(i, w, h, l->rule);
        }
        if (blocked) {
            CHECK(k < n && b[k].field == i, f->name);
            CHECK(b[k].want == w && b[k].have == h, f->name);
            if (l->kvm) {
                CHECK(b[k].fixed == ((l->writable[f->reg] &
                                      arm_idfield_mask(f)) !=
                                     arm_idfield_mask(f)), f->name);
            }
            k++;
        } else {
            CHECK(k >= n || b[k].field != i, f->name);
        }
    }
    CHECK(k == n, l->label);
}

/*
 * A plan KVM accepts shows the guest nothing above the host: per field, a
 * LOWER field no higher, a HIGHER one no lower, an EXACT one the host's,
 * the safe value or lower (the PMU and debug versions, KVM's LOWER)
 */
static void check_plan(const uint64_t *want, const Limit *l)
{
    ArmIdWrite plan[ARM_IDREG_NUM];
    uint64_t expect[ARM_IDREG_NUM];
    uint16_t bad[1];
    bool read[ARM_IDREG_NUM];
    unsigned n, i, r;

    if (!l->kvm || arm_idkvm_blockers(want, l->value, l->writable, NULL,
                                            NULL, 0)) {
        return;
    }
    n = arm_idkvm_plan(want, l->value, l->writable, plan, expect);
    CHECK(n <= ARM_IDREG_NUM, "plan size");
    for (i = 0; i < n; i++) {
        r = plan[i].reg;
        CHECK(i == 0 || plan[i - 1].reg < r, "plan order");
        CHECK(plan[i].value == ((l->value[r] & ~l->writable[r]) |
                                (want[r] & l->writable[r])),
              arm_idregs[r].name);
        CHECK(plan[i].value != l->value[r], arm_idregs[r].name);
    }
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        read[r] = true;
    }
    CHECK(arm_idkvm_verify(expect, expect, read, bad, 1) == 0, "verify");
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t g = arm_idfield_get(expect, i);
        uint64_t h = arm_idfield_get(l->value, i);
        int64_t go = arm_idfield_order(i, g), ho = arm_idfield_order(i, h);

        CHECK(g == arm_idfield_get(want, i), f->name);
        if (g == h || is_ident_reg(f->reg)) {
            continue;
        }
        switch (f->safe) {
        case ARM_ID_SAFE_LOWER:
            CHECK(go < ho, f->name);
            break;
        case ARM_ID_SAFE_HIGHER:
            CHECK(go > ho, f->name);
            break;
        case ARM_ID_SAFE_HIGHER_OR_ZERO:
            CHECK(h != 0 && (g == 0 || go > ho), f->name);
            break;
        case ARM_ID_SAFE_EXACT:
            CHECK(g == f->safe_val || go < ho, f->name);
            break;
        }
    }
}

static ArmIdCompare mirror(ArmIdCompare c)
{
    return c == ARM_ID_COMPARE_SUBSET ? ARM_ID_COMPARE_SUPERSET :
           c == ARM_ID_COMPARE_SUPERSET ? ARM_ID_COMPARE_SUBSET : c;
}

static void check_compare(const uint64_t *a, const uint64_t *b)
{
    uint64_t base[ARM_IDREG_NUM], skip[ARM_IDREG_NUM] = { 0 };
    unsigned n1, n2;
    ArmIdCompare ab, ba, c;
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        skip[r] = is_ident_reg(r) ? UINT64_MAX : 0;
    }
    CHECK(arm_idcompare(a, a, NULL, NULL, 0, &n1) ==
          ARM_ID_COMPARE_IDENTICAL && n1 == 0, "A with itself");
    ab = arm_idcompare(a, b, skip, NULL, 0, &n1);
    ba = arm_idcompare(b, a, skip, NULL, 0, &n2);
    CHECK(ab == mirror(ba) && n1 == n2, "compare is symmetric");
    CHECK((ab == ARM_ID_COMPARE_IDENTICAL) == (n1 == 0), "identical");

    arm_idcompare_baseline(a, b, NULL, base);
    c = arm_idcompare(base, a, skip, NULL, 0, &n1);
    CHECK(c == ARM_ID_COMPARE_IDENTICAL || c == ARM_ID_COMPARE_SUBSET,
          "baseline runs where A runs");
    c = arm_idcompare(base, b, skip, NULL, 0, &n1);
    CHECK(c == ARM_ID_COMPARE_IDENTICAL || c == ARM_ID_COMPARE_SUBSET,
          "baseline runs where B runs");
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        CHECK(!is_ident_reg(r) || base[r] == a[r], "baseline keeps A's IDs");
    }
}

static unsigned count_diff(const uint64_t *a, const uint64_t *b)
{
    unsigned r, i, n = 0;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        const ArmIdReg *reg = &arm_idregs[r];

        if (a[r] == b[r]) {
            continue;
        }
        for (i = reg->first_field; i < reg->first_field + reg->n_fields;
             i++) {
            n += arm_idfield_get(a, i) != arm_idfield_get(b, i);
        }
    }
    return n;
}

static void check_closest(const uint64_t *regs)
{
    int m = arm_cpu_model_closest(regs, NULL, NULL, NULL, 0);
    unsigned i, best;

    CHECK(m >= 0 && !arm_cpu_models[m].abstract, "a concrete model");
    best = count_diff(regs, arm_cpu_model_regs(m));
    for (i = 0; i < arm_cpu_models_num; i++) {
        if (!arm_cpu_models[i].abstract) {
            unsigned d = count_diff(regs, arm_cpu_model_regs(i));

            CHECK(d > best || (d == best && (int)i >= m),
                  arm_cpu_models[i].name);
        }
    }
}

/* Is V (and V1) what the check of a user's P=V accepts against L? */
static bool value_accepted(const ArmIdProp *p, const Limit *l,
                           uint64_t v0, uint64_t v1)
{
    uint64_t want[ARM_IDREG_NUM];
    int fields[2] = { p->field, p->frac };
    uint64_t vals[2] = { v0, v1 };
    unsigned i;

    memcpy(want, l->value, sizeof(want));
    for (i = 0; i < 2 && fields[i] >= 0; i++) {
        arm_idfield_set(want, fields[i], vals[i]);
    }
    /*
     * the rules beyond each field's limit, whose own cases are unit tests
     * (test-arm-cpu-idprops /owned, test-arm-cpu-idlimit /tcg-refusal):
     * a field an older property owns, with (under TCG) the algorithm of a
     * pointer-authentication field chosen; what TCG cannot run
     */
    if (arm_idfield_owner(p->field)) {
        uint64_t cpu[ARM_IDREG_NUM];
        g_autofree char *why = NULL;

        memcpy(cpu, l->value, sizeof(cpu));
        if (l->rule == ARM_ID_LIMIT_TCG && !l->kvm &&
            arm_idfield_pauth_algorithm(p->field) != ARM_PAUTH_NONE) {
            arm_idregs_pauth_use(cpu, arm_idfield_pauth_algorithm(p->field));
        }
        why = arm_idprop_owned_refusal(p->field, cpu, true, want);
        if (why) {
            return false;
        }
    }
    if (l->rule == ARM_ID_LIMIT_TCG && !l->kvm) {
        g_autofree char *why = arm_idlimit_tcg_refusal(want);

        if (why) {
            return false;
        }
    }
    for (i = 0; i < 2 && fields[i] >= 0; i++) {
        const ArmIdField *f = &arm_idfields[fields[i]];
        uint64_t h = arm_idfield_get(l->value, fields[i]);

        if (l->kvm) {
            uint64_t one[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];

            memcpy(one, want, sizeof(one));
            memset(skip, 0xff, sizeof(skip));
            skip[f->reg] &= ~arm_idfield_mask(f);
            if (arm_idkvm_blockers(one, l->value, l->writable, skip,
                                         NULL, 0)) {
                return false;
            }
        } else if (!frac_decided_by_base(fields[i], want, l->value) &&
                   !arm_idlimit_field_ok(fields[i], vals[i], h, l->rule)) {
            return false;
        }
    }
    return true;
}

static void check_supported(const ArmIdProp *p, const Limit *l)
{
    const ArmIdField *f = &arm_idfields[p->field];
    ArmIdAccel a = {
        .label = l->label, .rule = l->rule, .value = l->value,
        .writable = l->kvm ? l->writable : NULL,
    };
    g_auto(GStrv) sup = NULL;
    g_autofree char *got = NULL;
    unsigned i, j, k = 0;

    if ((p->kind == ARM_IDPROP_NUMBER || p->kind == ARM_IDPROP_RAW) &&
        f->width > 4) {
        return;     /* each value costs a check of every field: too slow */
    }
    sup = arm_idaccel_supported(p, &a);
    got = g_strjoinv(", ", sup);
    switch (p->kind) {
    case ARM_IDPROP_NAMED:
        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            uint64_t v = arm_idvals[i].value;
            g_autofree char *name = arm_idprop_value_name(p->field, v);

            if (value_accepted(p, l, v, 0)) {
                CHECK(sup[k] && !strcmp(sup[k], name), got);
                k++;
            }
        }
        break;
    case ARM_IDPROP_FRAC: {
        const ArmIdField *fr = &arm_idfields[p->frac];

        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            for (j = fr->first_val; j < fr->first_val + fr->n_vals; j++) {
                if (value_accepted(p, l, arm_idvals[i].value,
                                   arm_idvals[j].value)) {
                    g_autofree char *s = g_strdup_printf(
                        "%" PRIu64 ".%" PRIu64, arm_idvals[i].value,
                        arm_idvals[j].value);

                    CHECK(sup[k] && !strcmp(sup[k], s), got);
                    k++;
                }
            }
        }
        break;
    }
    case ARM_IDPROP_BOOL:
        for (i = 0; i <= 1; i++) {
            if (value_accepted(p, l, i, 0)) {
                CHECK(sup[k] && !strcmp(sup[k], i ? "on" : "off"), got);
                k++;
            }
        }
        break;
    default: {
        /* runs "LOW-HIGH" or "N", ascending, covering exactly the values */
        uint64_t v, next = 0;

        for (k = 0; sup[k]; k++) {
            g_auto(GStrv) ends = g_strsplit(sup[k], "-", 2);
            uint64_t lo, hi;

            CHECK(qemu_strtou64(ends[0], NULL, 10, &lo) == 0, sup[k]);
            if (ends[1]) {
                CHECK(qemu_strtou64(ends[1], NULL, 10, &hi) == 0 && lo < hi,
                      sup[k]);
            } else {
                hi = lo;
            }
            CHECK(lo >= next, sup[k]);
            for (v = next; v < lo; v++) {
                CHECK(!value_accepted(p, l, v, 0), sup[k]);
            }
            for (v = lo; v <= hi; v++) {
                CHECK(value_accepted(p, l, v, 0), sup[k]);
            }
            next = hi + 1;
        }
        for (v = next; v <= MAKE_64BIT_MASK(0, f->width); v++) {
            CHECK(!value_accepted(p, l, v, 0), p->name);
        }
        return;
    }
    }
    CHECK(sup[k] == NULL, got);
}

/*
 * The destination's check of a migration stream's section: what it
 * accepts is what a source could send, and the differences it reports are
 * exactly the fields that differ, each entry written
 */
static void check_migration(char **lines)
{
    static uint64_t enc[ARM_IDSPACE_SLOTS + 8], val[ARM_IDSPACE_SLOTS + 8];
    uint64_t here[ARM_IDREG_NUM], src[ARM_IDREG_NUM];
    ArmIdBlocker b[ARM_IDFIELD_NUM];
    uint8_t name[64];
    g_autofree char *err = NULL;
    unsigned n = 0, i, k, count;

    model_or_defaults(lines[0] + strlen("mig "), here);
    memset(name, 0, sizeof(name));
    for (i = 1; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "name ")) {
            strncpy((char *)name, lines[i] + 5, sizeof(name));
            continue;
        }
        if (n < ARRAY_SIZE(enc) &&
            sscanf(lines[i], "%" SCNx64 " %" SCNx64, &enc[n], &val[n]) == 2) {
            n++;
        }
    }
    /* the name: accepted only as printable text then NULs */
    if (arm_idmig_name_ok(name, sizeof(name))) {
        CHECK(name[0] && !name[sizeof(name) - 1], "name");
        for (i = 0; name[i]; i++) {
            CHECK(g_ascii_isprint(name[i]), "name");
        }
    }
    err = arm_idmig_unpack(n, enc, val, here, src);
    if (err) {
        CHECK(*err, "an empty error");
        return;
    }
    CHECK(n <= ARM_IDSPACE_SLOTS, "count");
    for (i = 0; i < ARM_IDREG_NUM; i++) {
        const ArmIdReg *r = &arm_idregs[i];
        uint64_t fields = 0;

        for (k = r->first_field; k < r->first_field + r->n_fields; k++) {
            fields |= arm_idfield_mask(&arm_idfields[k]);
        }
        CHECK(!(src[i] & arm_idreg_machine_bits(i)), r->name);
        CHECK(!((src[i] ^ here[i]) & ~fields) || !src[i], r->name);
    }
    /* every pair is a known register, once, or an unknown one at 0 */
    for (i = 0; i < n; i++) {
        CHECK(!(enc[i] >> 16), "encoding");
        for (k = i + 1; k < n; k++) {
            CHECK(enc[i] != enc[k] ||
                  arm_idreg_by_encoding(extract64(enc[i], 14, 2),
                                        extract64(enc[i], 11, 3),
                                        extract64(enc[i], 7, 4),
                                        extract64(enc[i], 3, 4),
                                        extract64(enc[i], 0, 3)) < 0,
                  "a register twice");
        }
    }
    memset(b, 0xa5, sizeof(b));
    count = arm_idmig_diff(src, here, b, ARRAY_SIZE(b));
    for (i = 0, k = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];

        if ((arm_idreg_machine_bits(f->reg) & arm_idfield_mask(f)) ||
            arm_idfield_get(src, i) == arm_idfield_get(here, i)) {
            continue;
        }
        CHECK(k < count && b[k].field == i, f->name);
        CHECK(b[k].want == arm_idfield_get(src, i) &&
              b[k].have == arm_idfield_get(here, i), f->name);
        k++;
    }
    CHECK(k == count, "the number of differences");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    g_auto(GStrv) lines = NULL;
    static ArmIdPropState state;
    ArmIdPropState *st = &state;
    uint64_t regs[ARM_IDREG_NUM], set[ARM_IDREG_NUM];
    const ArmIdProp *touched[SUPPORTED_CHECKS];
    unsigned i, n_touched = 0, n_unknown = 0, nprops;
    const ArmIdProp *all = arm_idprops(&nprops);
    Limit l;

    if (size > (size > 4 && !memcmp(data, "mig ", 4) ? 8192 : 1024)) {
        return -1;              /* longer inputs only repeat lines */
    }
    cur_input = text;
    memset(st, 0, sizeof(*st));
    lines = g_strsplit(text, "\n", -1);
    if (!lines[0] || !lines[1]) {
        return 0;
    }
    if (g_str_has_prefix(lines[0], "mig ")) {
        check_migration(lines);
        cur_input = NULL;
        return 0;
    }
    model_or_defaults(lines[0], regs);
    parse_limit(lines[1], &l);

    for (i = 2; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');
        const ArmIdProp *p, *other;
        uint64_t v[2];
        Error *err = NULL;
        unsigned k;

        if (!eq) {
            continue;
        }
        *eq = '\0';
        p = arm_idprop_find(lines[i]);
        if (!p) {
            /* the hash lookup misses only what is not there */
            for (k = 0; k < nprops && n_unknown < UNKNOWN_CHECKS; k++) {
                CHECK(strcmp(all[k].name, lines[i]) != 0, all[k].name);
            }
            n_unknown++;
            continue;
        }
        CHECK(!strcmp(p->name, lines[i]), p->name);
        check_accepted(p);
        if (!parse_value(p, eq + 1, regs, v)) {
            continue;
        }
        other = arm_idprop_state_owner(st, p->field);
        if (p->frac >= 0 && !other) {
            other = arm_idprop_state_owner(st, p->frac);
        }
        if (arm_idprop_state_set(st, p, v, &err)) {
            CHECK(!other || other == p, p->name);
            CHECK(arm_idprop_state_owner(st, p->field) == p, p->name);
        } else {
            const char *msg = error_get_pretty(err);

            CHECK(other && other != p, msg);
            CHECK(strstr(msg, p->name) && strstr(msg, other->name), msg);
            error_free(err);
        }
        if (n_touched < SUPPORTED_CHECKS) {
            touched[n_touched++] = p;
        }
    }

    /* the replay: every set field reads what its property set */
    arm_idprop_state_apply(st, regs);
    memset(set, 0, sizeof(set));
    arm_idprop_state_apply(st, set);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        if (arm_idprop_state_owner(st, i)) {
            CHECK(arm_idfield_get(regs, i) == arm_idfield_get(set, i),
                  arm_idfields[i].name);
        }
    }

    check_blockers(regs, &l);
    check_plan(regs, &l);
    check_compare(regs, l.value);
    check_closest(regs);
    for (i = 0; i < n_touched; i++) {
        check_supported(touched[i], &l);
    }
    cur_input = NULL;
    return 0;
}

/* ARM_FUZZ_SEEDS=DIR: the seed corpus and dictionary, then exit */
static void write_seeds(const char *dir)
{
    static const char *const rules[] = {
        "tcg", "kernel", "exact", "kvm", "kvmimp"
    };
    g_autofree char *dict_path = g_strdup_printf("%s.dict", dir);
    g_autoptr(GString) dict = g_string_new(NULL);
    g_autoptr(GHashTable) words = g_hash_table_new_full(g_str_hash,
                                                        g_str_equal,
                                                        g_free, NULL);
    uint64_t defaults[ARM_IDREG_NUM];
    unsigned nprops, m, i, seeds = 0;
    const ArmIdProp *all = arm_idprops(&nprops);

    g_mkdir_with_parents(dir, 0755);
    arm_idregs_reset(defaults);
    for (m = 0; m < arm_cpu_models_num; m++) {
        const uint64_t *regs = arm_cpu_model_regs(m);
        g_autoptr(GString) props = g_string_new(NULL);

        g_hash_table_add(words, g_strdup(arm_cpu_models[m].name));
        if (arm_cpu_models[m].abstract) {
            continue;
        }
        /* the model as properties over the defaults: its replay */
        for (i = 0; i < nprops; i++) {
            const ArmIdProp *p = &all[i];
            g_autofree char *val = NULL;

            if (p->kind == ARM_IDPROP_RAW ||
                (arm_idfield_get(regs, p->field) ==
                 arm_idfield_get(defaults, p->field) &&
                 (p->frac < 0 || arm_idfield_get(regs, p->frac) ==
                  arm_idfield_get(defaults, p->frac)))) {
                continue;
            }
            if (p->kind == ARM_IDPROP_BOOL) {
                val = g_strdup(arm_idfield_get(regs, p->field) ? "on" : "off");
            } else if (p->kind == ARM_IDPROP_NUMBER) {
                val = g_strdup_printf("%" PRIu64,
                                      arm_idfield_get(regs, p->field));
            } else {
                val = arm_idprop_format(p, regs);
            }
            g_string_append_printf(props, "%s=%s\n", p->name, val);
        }
        /* the model's section of a migration stream, to another model */
        {
            uint64_t enc[ARM_IDREG_NUM], val[ARM_IDREG_NUM];
            unsigned n = arm_idmig_pack(regs, enc, val), k;
            g_autoptr(GString) seed = g_string_new(NULL);
            g_autofree char *path = g_strdup_printf("%s/mig-%s", dir,
                                                    arm_cpu_models[m].name);

            g_string_append_printf(seed, "mig %s\nname %s\n",
                                   arm_cpu_models[(m + 1) %
                                                  arm_cpu_models_num].name,
                                   arm_cpu_models[m].name);
            for (k = 0; k < n; k++) {
                g_string_append_printf(seed, "%" PRIx64 " %" PRIx64 "\n",
                                       enc[k], val[k]);
            }
            if (!g_file_set_contents(path, seed->str, -1, NULL)) {
                fprintf(stderr, "cannot write %s\n", path);
                exit(1);
            }
            seeds++;
        }
        /* in slices of SEED_LINES properties, each against another rule */
        {
            g_auto(GStrv) lines = g_strsplit(props->str, "\n", -1);
            unsigned n_lines = g_strv_length(lines), first, k;

            for (first = 0; first < n_lines; first += SEED_LINES) {
                unsigned slice = first / SEED_LINES;
                const char *rule = rules[(m + slice) % ARRAY_SIZE(rules)];
                unsigned lm = (m + slice) % arm_cpu_models_num;
                g_autoptr(GString) seed = g_string_new(NULL);
                g_autofree char *path = NULL;

                g_string_append_printf(seed, "%s\n%s:%s\n",
                                       slice % 2 ? "-" :
                                       arm_cpu_models[m].name, rule,
                                       arm_cpu_models[lm].name);
                for (k = first; k < first + SEED_LINES && k < n_lines; k++) {
                    if (*lines[k]) {
                        g_string_append_printf(seed, "%s\n", lines[k]);
                    }
                }
                path = g_strdup_printf("%s/%s-%u", dir,
                                       arm_cpu_models[m].name, slice);
                if (!g_file_set_contents(path, seed->str, -1, NULL)) {
                    fprintf(stderr, "cannot write %s\n", path);
                    exit(1);
                }
                seeds++;
            }
        }
    }
    for (i = 0; i < nprops; i++) {
        g_autofree char *acc = arm_idprop_accepted(&all[i]);
        g_auto(GStrv) names = g_strsplit(acc, ", ", -1);
        unsigned k;

        g_hash_table_add(words, g_strdup_printf("%s=", all[i].name));
        for (k = 0; names[k]; k++) {
            g_hash_table_add(words, g_strdup(names[k]));
        }
    }
    for (i = 0; i < ARRAY_SIZE(rules); i++) {
        g_hash_table_add(words, g_strdup_printf("%s:", rules[i]));
    }
    g_hash_table_add(words, g_strdup("mig "));
    g_hash_table_add(words, g_strdup("name "));
    {
        GHashTableIter it;
        gpointer key;

        g_hash_table_iter_init(&it, words);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            const char *w = key;

            if (!strpbrk(w, "\"\\ ") && *w) {
                g_string_append_printf(dict, "\"%s\"\n", w);
            }
        }
    }
    if (!g_file_set_contents(dict_path, dict->str, -1, NULL)) {
        fprintf(stderr, "cannot write %s\n", dict_path);
        exit(1);
    }
    printf("%u seeds in %s, %u words in %s\n", seeds, dir,
           g_hash_table_size(words), dict_path);
    exit(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *seeds = getenv("ARM_FUZZ_SEEDS");

    if (seeds) {
        write_seeds(seeds);
    }
    return 0;
}
