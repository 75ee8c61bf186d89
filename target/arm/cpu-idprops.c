/*
 * Arm ID-register field properties: names, kinds and values
 *
 * See cpu-idprops.h for the naming rules. The property table is derived
 * from the generated field table once, at first use.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "cpu-idprops.h"

static ArmIdProp *props;
static unsigned num_props;
static const ArmIdProp *props_by_field[ARM_IDFIELD_NUM];
static GHashTable *props_by_name;

/* Registers without user properties: the host's cache geometry */
static bool reg_has_props(unsigned reg)
{
    return !arm_idreg_role(reg, ARM_IDROLE_CACHE_GEOMETRY);
}

/* The registers whose fields get the bare feature names */
static bool reg_is_primary(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_BARE_NAMES);
}

/*
 * The field named NAME in a feature register of the same execution state
 * as REG, or -1
 */
static int find_partner(unsigned reg, const char *name)
{
    unsigned i;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        unsigned r = arm_idfields[i].reg;

        if (!strcmp(arm_idfields[i].name, name) && reg_has_props(r) &&
            arm_idreg_state(r) == arm_idreg_state(reg) &&
            arm_idreg_state(r) != ARM_IDREG_BOTH) {
            return i;
        }
    }
    return -1;
}

static void count_name(GHashTable *counts, const char *name)
{
    unsigned n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, name));

    g_hash_table_insert(counts, (gpointer)name, GUINT_TO_POINTER(n + 1));
}

static void add_prop(char *name, ArmIdPropKind kind, unsigned field, int frac)
{
    const ArmIdField *f = &arm_idfields[field];
    ArmIdProp *p = &props[num_props++];

    p->name = name;
    p->kind = kind;
    p->field = field;
    p->frac = frac;
    if (frac >= 0) {
        const ArmIdField *fr = &arm_idfields[frac];

        p->description = g_strdup_printf(
            "%s.%s [%d:%d] and %s.%s [%d:%d], as base.fraction",
            arm_idregs[f->reg].name, f->name, f->shift + f->width - 1,
            f->shift, arm_idregs[fr->reg].name, fr->name,
            fr->shift + fr->width - 1, fr->shift);
    } else {
        p->description = g_strdup_printf("%s.%s [%d:%d]",
                                         arm_idregs[f->reg].name, f->name,
                                         f->shift + f->width - 1, f->shift);
    }
    /* Two properties with one name would be a bug in the rules above */
    g_assert(!g_hash_table_contains(props_by_name, name));
    g_hash_table_insert(props_by_name, name, p);
    if (kind != ARM_IDPROP_RAW) {
        props_by_field[field] = p;
        if (frac >= 0) {
            props_by_field[frac] = p;
        }
    }
}

static gpointer build_props(gpointer unused)
{
    int base_of[ARM_IDFIELD_NUM];     /* _frac field -> its base, or -1 */
    int frac_of[ARM_IDFIELD_NUM];     /* base field -> its _frac, or -1 */
    g_autoptr(GHashTable) uses = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) primary = g_hash_table_new(g_str_hash, g_str_equal);
    unsigned i;

    props = g_new0(ArmIdProp, 2 * ARM_IDFIELD_NUM);
    props_by_name = g_hash_table_new(g_str_hash, g_str_equal);

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        base_of[i] = frac_of[i] = -1;
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        g_autofree char *stem = NULL;
        int base;

        if (!reg_has_props(f->reg) || !g_str_has_suffix(f->name, "_frac")) {
            continue;
        }
        stem = g_strndup(f->name, strlen(f->name) - strlen("_frac"));
        base = find_partner(f->reg, stem);
        if (base >= 0) {
            base_of[i] = base;
            frac_of[base] = i;
        }
    }

    /* How often each name is used, and by how many primary registers */
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];

        if (reg_has_props(f->reg) && base_of[i] < 0) {
            count_name(uses, f->name);
            if (reg_is_primary(f->reg)) {
                count_name(primary, f->name);
            }
        }
    }

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        const ArmIdReg *r = &arm_idregs[f->reg];
        ArmIdPropKind kind;
        const char *prefix;
        bool bare;

        if (!reg_has_props(f->reg)) {
            continue;
        }
        add_prop(g_strdup_printf("SYSREG_%s_%s", r->name, f->name),
                 ARM_IDPROP_RAW, i, -1);
        if (base_of[i] >= 0) {
            continue;           /* set through its base's fractional property */
        }
        if (frac_of[i] >= 0) {
            kind = ARM_IDPROP_FRAC;
        } else if (f->width == 1) {
            kind = ARM_IDPROP_BOOL;
        } else if (f->n_vals) {
            kind = ARM_IDPROP_NAMED;
        } else {
            kind = ARM_IDPROP_NUMBER;
        }
        prefix = f->n_vals ? "feat_" : "hw_prop_";
        bare = GPOINTER_TO_UINT(g_hash_table_lookup(uses, f->name)) == 1 ||
               (reg_is_primary(f->reg) &&
                GPOINTER_TO_UINT(g_hash_table_lookup(primary, f->name)) == 1);
        add_prop(bare ? g_strdup_printf("%s%s", prefix, f->name)
                      : g_strdup_printf("%s%s_%s", prefix, r->qname, f->name),
                 kind, i, frac_of[i]);
    }
    return NULL;
}

const ArmIdProp *arm_idprops(unsigned *num)
{
    static GOnce once = G_ONCE_INIT;

    g_once(&once, build_props, NULL);
    *num = num_props;
    return props;
}

const ArmIdProp *arm_idprop_find(const char *name)
{
    unsigned n;

    arm_idprops(&n);
    return g_hash_table_lookup(props_by_name, name);
}

const ArmIdProp *arm_idprop_of_field(ArmIdFieldIdx f)
{
    unsigned n;

    arm_idprops(&n);
    return props_by_field[f];
}

const char *arm_idprop_type(const ArmIdProp *p)
{
    switch (p->kind) {
    case ARM_IDPROP_BOOL:
        return "bool";
    case ARM_IDPROP_NUMBER:
    case ARM_IDPROP_RAW:
        return "uint64";
    default:
        return "str";
    }
}

char *arm_idprop_value_name(ArmIdFieldIdx f, uint64_t v)
{
    const char *name = arm_idfield_value_name(f, v);

    if (!name) {
        return NULL;
    }
    if (!strcmp(name, "NI")) {
        return g_strdup("off");
    }
    if (!strcmp(name, "IMP")) {
        return g_strdup("on");
    }
    return g_ascii_strdown(name, -1);
}

/* The raw value of field F whose user-facing name is NAME */
static bool value_from_name(ArmIdFieldIdx f, const char *name, uint64_t *v)
{
    const ArmIdField *fd = &arm_idfields[f];
    unsigned i;

    for (i = fd->first_val; i < fd->first_val + fd->n_vals; i++) {
        g_autofree char *user = arm_idprop_value_name(f, arm_idvals[i].value);

        if (!strcmp(user, name)) {
            *v = arm_idvals[i].value;
            return true;
        }
    }
    return false;
}

char *arm_idprop_accepted(const ArmIdProp *p)
{
    const ArmIdField *f = &arm_idfields[p->field];
    GString *s = g_string_new(NULL);
    unsigned i, j;

    switch (p->kind) {
    case ARM_IDPROP_NAMED:
        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            g_autofree char *user = arm_idprop_value_name(p->field,
                                                          arm_idvals[i].value);

            g_string_append_printf(s, "%s%s", s->len ? ", " : "", user);
        }
        break;
    case ARM_IDPROP_FRAC: {
        const ArmIdField *fr = &arm_idfields[p->frac];

        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            for (j = fr->first_val; j < fr->first_val + fr->n_vals; j++) {
                g_string_append_printf(s, "%s%" PRIu64 ".%" PRIu64,
                                       s->len ? ", " : "",
                                       arm_idvals[i].value,
                                       arm_idvals[j].value);
            }
        }
        break;
    }
    case ARM_IDPROP_BOOL:
        g_string_append(s, "on, off");
        break;
    default:
        g_string_append_printf(s, "0 to %" PRIu64,
                               (uint64_t)MAKE_64BIT_MASK(0, f->width));
        break;
    }
    return g_string_free(s, false);
}

/* Parse "B.F", both decimal numbers */
static bool parse_frac(const char *value, uint64_t *b, uint64_t *f)
{
    const char *dot = strchr(value, '.');
    g_autofree char *left = NULL;

    if (!dot || dot == value || !dot[1]) {
        return false;
    }
    left = g_strndup(value, dot - value);
    return !qemu_strtou64(left, NULL, 10, b) &&
           !qemu_strtou64(dot + 1, NULL, 10, f);
}

bool arm_idprop_parse(const ArmIdProp *p, const char *value, uint64_t out[2],
                      Error **errp)
{
    const ArmIdField *f = &arm_idfields[p->field];
    bool ok;

    if (p->kind == ARM_IDPROP_FRAC) {
        ok = parse_frac(value, &out[0], &out[1]) &&
             arm_idfield_value_name(p->field, out[0]) &&
             arm_idfield_value_name(p->frac, out[1]);
    } else {
        assert(p->kind == ARM_IDPROP_NAMED);
        ok = value_from_name(p->field, value, &out[0]);
        out[1] = 0;
    }
    if (!ok) {
        g_autofree char *accepted = arm_idprop_accepted(p);

        error_setg(errp, "Property '%s' (%s.%s) does not accept '%s'; "
                   "accepted values: %s", p->name, arm_idregs[f->reg].name,
                   f->name, value, accepted);
    }
    return ok;
}

bool arm_idprop_check_number(const ArmIdProp *p, uint64_t number,
                             Error **errp)
{
    const ArmIdField *f = &arm_idfields[p->field];

    if (f->width < 64 && number >> f->width) {
        /*
         * QEMU's uint64 visitors take -N as 2^64 - N; no field is near
         * 2^63, so name the negative number the user typed
         */
        g_autofree char *typed = (int64_t)number < 0 ?
            g_strdup_printf("%" PRId64 " (read as %" PRIu64 ")",
                            (int64_t)number, number) :
            g_strdup_printf("%" PRIu64, number);

        error_setg(errp, "Property '%s' (%s.%s, %d bits) does not accept %s; "
                   "accepted values: 0 to %" PRIu64, p->name,
                   arm_idregs[f->reg].name, f->name, f->width, typed,
                   (uint64_t)MAKE_64BIT_MASK(0, f->width));
        return false;
    }
    return true;
}

void arm_idprop_apply(const ArmIdProp *p, uint64_t *regs, const uint64_t v[2])
{
    bool ok = arm_idfield_set(regs, p->field, v[0]);

    if (p->kind == ARM_IDPROP_FRAC) {
        ok &= arm_idfield_set(regs, p->frac, v[1]);
    }
    /* values come from arm_idprop_parse() or arm_idprop_check_number() */
    assert(ok);
}

char *arm_idprop_format(const ArmIdProp *p, const uint64_t *regs)
{
    uint64_t v = arm_idfield_get(regs, p->field);
    char *name;

    if (p->kind == ARM_IDPROP_FRAC) {
        return g_strdup_printf("%" PRIu64 ".%" PRIu64, v,
                               arm_idfield_get(regs, p->frac));
    }
    name = arm_idprop_value_name(p->field, v);
    return name ? name : g_strdup_printf("0x%" PRIx64, v);
}
