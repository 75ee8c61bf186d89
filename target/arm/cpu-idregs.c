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
#undef ARM_IDREG
#undef ARM_IDFIELD
#undef ARM_IDVAL
#undef ARM_IDRES

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
