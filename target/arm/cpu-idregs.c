/*
 * Arm ID registers: descriptor arrays expanded from the generated table,
 * and the helpers that read and write fields of a register array.
 *
 * Nothing here knows ARMCPU: every helper takes a plain array of register
 * values indexed by ArmIdRegIdx.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idregs.h"

#define ARM_IDREG(NAME, QNAME, OP0, OP1, CRN, CRM, OP2, FIRST_FIELD, N_FIELDS) \
    [ARM_IDREG_##NAME] = {                                              \
        .name = #NAME, .qname = #QNAME, .op0 = OP0, .op1 = OP1,         \
        .crn = CRN, .crm = CRM, .op2 = OP2,                             \
        .first_field = FIRST_FIELD, .n_fields = N_FIELDS,               \
    },
#define ARM_IDFIELD(REG, QREG, FIELD, QFIELD, SHIFT, WIDTH, SIGNED, SAFE, \
                    SAFE_VAL, DFLT, FIRST_VAL, N_VALS)
#define ARM_IDVAL(REG, FIELD, VALUE, NAME)
#define ARM_IDRES(REG, SHIFT, WIDTH, KIND)
const ArmIdReg arm_idregs[ARM_IDREG_NUM] = {
#include "cpu-idregs.h.inc"
};
#undef ARM_IDREG
#undef ARM_IDFIELD

#define ARM_IDREG(NAME, QNAME, OP0, OP1, CRN, CRM, OP2, FIRST_FIELD, N_FIELDS)
#define ARM_IDFIELD(REG, QREG, FIELD, QFIELD, SHIFT, WIDTH, SIGNED, SAFE, \
                    SAFE_VAL, DFLT, FIRST_VAL, N_VALS)                  \
    [ARM_IDF_##REG##_##FIELD] = {                                       \
        .name = #FIELD, .reg = ARM_IDREG_##REG, .shift = SHIFT,         \
        .width = WIDTH, .is_signed = SIGNED, .safe = ARM_ID_SAFE_##SAFE, \
        .safe_val = SAFE_VAL, .dflt = DFLT, .first_val = FIRST_VAL,     \
        .n_vals = N_VALS,                                               \
    },
const ArmIdField arm_idfields[ARM_IDFIELD_NUM] = {
#include "cpu-idregs.h.inc"
};
#undef ARM_IDFIELD
#undef ARM_IDVAL

#define ARM_IDFIELD(REG, QREG, FIELD, QFIELD, SHIFT, WIDTH, SIGNED, SAFE, \
                    SAFE_VAL, DFLT, FIRST_VAL, N_VALS)
#define ARM_IDVAL(REG, FIELD, VALUE, NAME) { VALUE, #NAME },
const ArmIdValue arm_idvals[] = {
#include "cpu-idregs.h.inc"
};
const unsigned arm_idvals_num = ARRAY_SIZE(arm_idvals);
#undef ARM_IDVAL
#undef ARM_IDRES

#define ARM_IDVAL(REG, FIELD, VALUE, NAME)
#define ARM_IDRES(REG, SHIFT, WIDTH, KIND) \
    { ARM_IDREG_##REG, SHIFT, WIDTH, ARM_ID_##KIND },
const ArmIdRes arm_idres[] = {
#include "cpu-idregs.h.inc"
};
const unsigned arm_idres_num = ARRAY_SIZE(arm_idres);
#undef ARM_IDRES

#define ARM_IDRES(REG, SHIFT, WIDTH, KIND)
#define ARM_IDREG_ROLE(REG, ROLE, ARG, TEXT) \
    { ARM_IDROLE_##ROLE, ARM_IDREG_##REG, -1, ARG, TEXT },
#define ARM_IDFIELD_ROLE(REG, FIELD, ROLE, ARG, TEXT) \
    { ARM_IDROLE_##ROLE, ARM_IDREG_##REG, ARM_IDF_##REG##_##FIELD, ARG, TEXT },
const ArmIdRole arm_idroles[] = {
#include "cpu-idregs.h.inc"
};
const unsigned arm_idroles_num = ARRAY_SIZE(arm_idroles);
#undef ARM_IDREG
#undef ARM_IDFIELD
#undef ARM_IDVAL
#undef ARM_IDRES
#undef ARM_IDREG_ROLE
#undef ARM_IDFIELD_ROLE

/* The roles by register and field, and the bits of each role: built once */
static const ArmIdRole *reg_roles[ARM_IDREG_NUM][ARM_IDROLE_NUM];
static const ArmIdRole *field_roles[ARM_IDFIELD_NUM][ARM_IDROLE_NUM];
static uint64_t role_bits[ARM_IDREG_NUM][ARM_IDROLE_NUM];

static gpointer index_roles(gpointer unused)
{
    unsigned i;

    for (i = 0; i < arm_idroles_num; i++) {
        const ArmIdRole *r = &arm_idroles[i];
        const ArmIdReg *reg = &arm_idregs[r->reg];

        if (r->field < 0) {
            reg_roles[r->reg][r->kind] = r;
            for (unsigned f = reg->first_field;
                 f < reg->first_field + reg->n_fields; f++) {
                role_bits[r->reg][r->kind] |=
                    arm_idfield_mask(&arm_idfields[f]);
            }
        } else {
            field_roles[r->field][r->kind] = r;
            role_bits[r->reg][r->kind] |=
                arm_idfield_mask(&arm_idfields[r->field]);
        }
    }
    return NULL;
}

static void roles_indexed(void)
{
    static GOnce once = G_ONCE_INIT;

    g_once(&once, index_roles, NULL);
}

const ArmIdRole *arm_idreg_role(ArmIdRegIdx reg, ArmIdRoleKind kind)
{
    roles_indexed();
    return reg_roles[reg][kind];
}

const ArmIdRole *arm_idfield_role(ArmIdFieldIdx f, ArmIdRoleKind kind)
{
    roles_indexed();
    return field_roles[f][kind] ? field_roles[f][kind]
                                : reg_roles[arm_idfields[f].reg][kind];
}

uint64_t arm_idreg_role_bits(ArmIdRegIdx reg, ArmIdRoleKind kind)
{
    roles_indexed();
    return role_bits[reg][kind];
}

ArmIdRegState arm_idreg_state(ArmIdRegIdx reg)
{
    const ArmIdReg *r = &arm_idregs[reg];

    if (r->op0 != 3 || r->op1 != 0 || r->crn != 0) {
        return ARM_IDREG_BOTH;
    }
    if (r->crm >= 1 && r->crm <= 3) {
        return ARM_IDREG_AARCH32;
    }
    return r->crm >= 4 ? ARM_IDREG_AARCH64 : ARM_IDREG_BOTH;
}

void arm_idregs_reset(uint64_t regs[ARM_IDREG_NUM])
{
    unsigned i;

    memset(regs, 0, sizeof(uint64_t) * ARM_IDREG_NUM);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];

        regs[f->reg] |= (f->dflt << f->shift) & arm_idfield_mask(f);
    }
    for (i = 0; i < arm_idres_num; i++) {
        const ArmIdRes *r = &arm_idres[i];

        if (r->kind == ARM_ID_RES1) {
            regs[r->reg] |= MAKE_64BIT_MASK(r->shift, r->width);
        }
    }
}

uint64_t arm_idfield_get(const uint64_t *regs, ArmIdFieldIdx f)
{
    const ArmIdField *fd = &arm_idfields[f];

    return (regs[fd->reg] & arm_idfield_mask(fd)) >> fd->shift;
}

int64_t arm_idfield_order(ArmIdFieldIdx f, uint64_t v)
{
    const ArmIdField *fd = &arm_idfields[f];

    if (fd->is_signed && fd->width < 64) {
        return sextract64(v, 0, fd->width);
    }
    return v;
}

int64_t arm_idfield_get_ordered(const uint64_t *regs, ArmIdFieldIdx f)
{
    return arm_idfield_order(f, arm_idfield_get(regs, f));
}

bool arm_idfield_set(uint64_t *regs, ArmIdFieldIdx f, uint64_t v)
{
    const ArmIdField *fd = &arm_idfields[f];

    if (fd->width < 64 && (v >> fd->width) != 0) {
        return false;
    }
    regs[fd->reg] = (regs[fd->reg] & ~arm_idfield_mask(fd)) |
                    ((v << fd->shift) & arm_idfield_mask(fd));
    return true;
}

bool arm_idfield_value_from_name(ArmIdFieldIdx f, const char *name,
                                 uint64_t *v)
{
    const ArmIdField *fd = &arm_idfields[f];
    unsigned i;

    for (i = fd->first_val; i < fd->first_val + fd->n_vals; i++) {
        if (!strcmp(arm_idvals[i].name, name)) {
            *v = arm_idvals[i].value;
            return true;
        }
    }
    return false;
}

const char *arm_idfield_value_name(ArmIdFieldIdx f, uint64_t v)
{
    const ArmIdField *fd = &arm_idfields[f];
    unsigned i;

    for (i = fd->first_val; i < fd->first_val + fd->n_vals; i++) {
        if (arm_idvals[i].value == v) {
            return arm_idvals[i].name;
        }
    }
    return NULL;
}

int arm_idreg_by_name(const char *name)
{
    unsigned i;

    /* ~50 registers: a scan is cheaper than keeping a sorted index */
    for (i = 0; i < ARM_IDREG_NUM; i++) {
        if (!strcmp(arm_idregs[i].name, name)) {
            return i;
        }
    }
    return -1;
}

int arm_idspace_slot(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                     unsigned op2)
{
    if (op0 != 3 || crn != 0 || crm > 7 || op2 > 7 ||
        (op1 != 0 && op1 != 1 && op1 != 3)) {
        return -1;
    }
    return (op1 == 3 ? 2 : op1) * 64 + crm * 8 + op2;
}

int arm_idreg_by_encoding(unsigned op0, unsigned op1, unsigned crn,
                          unsigned crm, unsigned op2)
{
    unsigned i;

    for (i = 0; i < ARM_IDREG_NUM; i++) {
        const ArmIdReg *r = &arm_idregs[i];

        if (r->op0 == op0 && r->op1 == op1 && r->crn == crn &&
            r->crm == crm && r->op2 == op2) {
            return i;
        }
    }
    return -1;
}

int arm_idfield_by_name(ArmIdRegIdx reg, const char *field)
{
    const ArmIdReg *r = &arm_idregs[reg];
    unsigned i;

    for (i = r->first_field; i < r->first_field + r->n_fields; i++) {
        if (!strcmp(arm_idfields[i].name, field)) {
            return i;
        }
    }
    return -1;
}

int arm_idfield_by_fullname(const char *name)
{
    const char *dot = strchr(name, '.');
    g_autofree char *reg = NULL;
    int r;

    if (!dot) {
        return -1;
    }
    reg = g_strndup(name, dot - name);
    r = arm_idreg_by_name(reg);
    return r < 0 ? -1 : arm_idfield_by_name(r, dot + 1);
}

int arm_idreg_feature(ArmIdRegIdx reg)
{
    const ArmIdRole *d = arm_idreg_role(reg, ARM_IDROLE_DESCRIBES);

    return d ? arm_idfield_by_fullname(d->arg) : -1;
}

bool arm_idfield_value_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit)
{
    const ArmIdField *fd = &arm_idfields[f];
    int64_t sv = arm_idfield_order(f, v), sl = arm_idfield_order(f, limit);

    switch (fd->safe) {
    case ARM_ID_SAFE_LOWER:
        return sv <= sl;
    case ARM_ID_SAFE_HIGHER:
        return sv >= sl;
    case ARM_ID_SAFE_HIGHER_OR_ZERO:
        return v == 0 || (limit != 0 && sv >= sl);
    case ARM_ID_SAFE_EXACT:
    default:
        return v == limit || v == fd->safe_val;
    }
}

static const char *const pauth_names[] = {
    [ARM_PAUTH_QARMA5] = "qarma5",
    [ARM_PAUTH_IMPDEF] = "impdef",
    [ARM_PAUTH_QARMA3] = "qarma3",
};

const char *arm_pauth_algorithm_name(ArmPauthAlgorithm a)
{
    return a > ARM_PAUTH_NONE && a < ARRAY_SIZE(pauth_names) ?
           pauth_names[a] : "none";
}

ArmPauthAlgorithm arm_idfield_pauth_algorithm(ArmIdFieldIdx f)
{
    const ArmIdRole *r = arm_idfield_role(f, ARM_IDROLE_PAUTH);
    const char *algo = r ? strchr(r->arg, ' ') : NULL;
    unsigned a;

    for (a = ARM_PAUTH_QARMA5; algo && a < ARRAY_SIZE(pauth_names); a++) {
        if (!strcmp(algo + 1, pauth_names[a])) {
            return a;
        }
    }
    return ARM_PAUTH_NONE;
}

ArmPauthAlgorithm arm_idregs_pauth_algorithm(const uint64_t *regs)
{
    unsigned i;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *r = arm_idfield_role(i, ARM_IDROLE_PAUTH);

        if (r && g_str_has_prefix(r->arg, "address ") &&
            arm_idfield_get(regs, i)) {
            return arm_idfield_pauth_algorithm(i);
        }
    }
    return ARM_PAUTH_NONE;
}

bool arm_idregs_any(const uint64_t *regs, const uint64_t *mask)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (regs[r] & mask[r]) {
            return true;
        }
    }
    return false;
}

uint64_t arm_ccsidr_reformat(uint64_t v, bool ccidx)
{
    uint64_t line = extract64(v, 0, 3);

    if (ccidx) {
        return line | (extract64(v, 3, 10) << 3) |
               (extract64(v, 13, 15) << 32);
    }
    return line | (extract64(v, 3, 10) << 3) | (extract64(v, 32, 15) << 13);
}

void arm_idregs_pauth_use(uint64_t *regs, ArmPauthAlgorithm a)
{
    uint64_t level = 0;
    unsigned i;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *r = arm_idfield_role(i, ARM_IDROLE_PAUTH);

        if (r && g_str_has_prefix(r->arg, "address ")) {
            level = MAX(level, arm_idfield_get(regs, i));
        }
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *r = arm_idfield_role(i, ARM_IDROLE_PAUTH);

        if (r) {
            arm_idfield_set(regs, i, arm_idfield_pauth_algorithm(i) != a ? 0 :
                            g_str_has_prefix(r->arg, "address ") ? level :
                            level != 0);
        }
    }
}

void arm_idregs_hide_tcg_unimplemented(uint64_t *regs)
{
    unsigned i;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        if (arm_idfield_role(i, ARM_IDROLE_TCG_UNIMPLEMENTED)) {
            arm_idfield_set(regs, i, 0);
        }
    }
}

const char *arm_idfield_owner(ArmIdFieldIdx f)
{
    const ArmIdRole *r = arm_idfield_role(f, ARM_IDROLE_OWNED_BY);

    return r ? r->arg : NULL;
}

const char *const *arm_idfield_owners(void)
{
    static const char *list[ARM_IDFIELD_NUM + 1];
    static bool done;
    unsigned n = 0, i, j;

    for (i = 0; !done && i < ARM_IDFIELD_NUM; i++) {
        const char *o = arm_idfield_owner(i);

        for (j = 0; o && j < n && strcmp(list[j], o); j++) {
            continue;
        }
        if (o && j == n) {
            list[n++] = o;
        }
    }
    done = true;
    return list;
}

void arm_idregs_owned_mask(const char *owner, uint64_t *mask)
{
    unsigned i;

    memset(mask, 0, sizeof(uint64_t) * ARM_IDREG_NUM);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const char *o = arm_idfield_owner(i);

        if (o && !strcmp(o, owner)) {
            mask[arm_idfields[i].reg] |= arm_idfield_mask(&arm_idfields[i]);
        }
    }
}

const char *arm_idfield_decider(ArmIdFieldIdx f)
{
    const ArmIdRole *r = arm_idfield_role(f, ARM_IDROLE_DECIDED_BY);

    if (!r) {
        r = arm_idfield_role(f, ARM_IDROLE_PRESENT_IF);
    }
    return r ? r->text : NULL;
}

void arm_idregs_clear_owned(uint64_t *regs, const char *owner)
{
    unsigned i, r;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdRole *o = arm_idfield_role(i, ARM_IDROLE_OWNED_BY);

        if (o && !strcmp(o->arg, owner)) {
            arm_idfield_set(regs, i, 0);
        }
    }
    /* and the registers that describe what it owned */
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        int feature = arm_idreg_feature(r);
        const ArmIdRole *o = feature < 0 ? NULL :
                             arm_idfield_role(feature, ARM_IDROLE_OWNED_BY);

        if (o && !strcmp(o->arg, owner)) {
            regs[r] = 0;
        }
    }
}

uint64_t arm_idreg_machine_bits(unsigned reg)
{
    return arm_idreg_role(reg, ARM_IDROLE_CACHE_GEOMETRY) ? UINT64_MAX :
           arm_idreg_role_bits(reg, ARM_IDROLE_DECIDED_BY);
}

uint64_t arm_idreg_el_bits(unsigned reg)
{
    return arm_idreg_role_bits(reg, ARM_IDROLE_PRESENT_IF);
}

void arm_idregs_machine_mask(uint64_t *mask)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        mask[r] = arm_idreg_machine_bits(r) | arm_idreg_el_bits(r);
    }
}
