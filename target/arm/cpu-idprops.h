/*
 * Arm ID-register field properties: names, kinds and values
 *
 * The user-facing properties of the ID-register fields (feat_AES=pmull,
 * feat_DIT=on, hw_prop_CWG=4, feat_CSV2=1.1, SYSREG_ID_AA64ISAR0_EL1_AES=2)
 * are derived from the generated field table (cpu-idregs.h.inc) by rule,
 * never listed by hand. This layer parses, validates and formats their
 * values over plain arrays of register values; it knows nothing of QOM,
 * which the property glue adds on top.
 *
 * Naming rules (applied to every field of every register a user may set;
 * the cache geometry registers CCSIDR_EL1, CCSIDR2_EL1 and CLIDR_EL1 are
 * left out, they describe the host's caches and are per-CPU):
 *  - the prefix says the kind: "feat_" for a field with named values
 *    (a string property whose values are those names, or a bool for a
 *    one-bit field), "hw_prop_" for a field without named values (a
 *    number: implementation-defined sizes, counts and identifiers);
 *  - then the field's name as the Arm ARM spells it (feat_AES, hw_prop_CWG),
 *    when that name is unique among the registers with properties, or when
 *    it is the field of the one AArch64 ISAR, PFR, MMFR or DFR0 register
 *    that has it; every other occurrence is qualified by its register
 *    (feat_ID_ISAR5_AES, hw_prop_DCZID_EL0_BS);
 *  - a field X with a partner X_frac in a register of the same execution
 *    state is one fractional property feat_X whose value "B.F" sets both
 *    (feat_CSV2=1.1); X_frac has no property of its own;
 *  - every field, whatever its kind, also has the raw alias
 *    SYSREG_<REG>_<FIELD> (SYSREG_ID_AA64ISAR0_EL1_AES=2), the naming of the
 *    customizable host-model series, taking the field's number.
 * Named values are the kernel's names, lower-cased, with NI spelt "off"
 * and IMP "on": feat_AES=off|aes|pmull.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDPROPS_H
#define TARGET_ARM_CPU_IDPROPS_H

#include "cpu-idregs.h"

typedef enum ArmIdPropKind {
    ARM_IDPROP_NAMED,   /* "str": one of the field's named values */
    ARM_IDPROP_BOOL,    /* "bool": a one-bit field */
    ARM_IDPROP_NUMBER,  /* "uint64": a field without named values */
    ARM_IDPROP_FRAC,    /* "str": "B.F", a field and its _frac partner */
    ARM_IDPROP_RAW,     /* "uint64": SYSREG_<REG>_<FIELD>, any field */
} ArmIdPropKind;

typedef struct ArmIdProp {
    const char *name;           /* "feat_AES" */
    ArmIdPropKind kind;
    ArmIdFieldIdx field;        /* the field it sets */
    int frac;                   /* ARM_IDPROP_FRAC: the _frac field, else -1 */
    const char *description;    /* "ID_AA64ISAR0_EL1.AES [7:4]" */
} ArmIdProp;

/* All properties, in table order; built once, never freed */
const ArmIdProp *arm_idprops(unsigned *num);

/* The property called NAME, or NULL (a hash lookup, not a scan) */
const ArmIdProp *arm_idprop_find(const char *name);

/*
 * The property that sets field F (feat_ or hw_prop_; for the two fields
 * of a fractional pair, their feat_ property), or NULL for a field without
 * one (the cache geometry registers).
 */
const ArmIdProp *arm_idprop_of_field(ArmIdFieldIdx f);

/* The QAPI type name of a property: "str", "bool" or "uint64" */
const char *arm_idprop_type(const ArmIdProp *p);

/*
 * The user-facing name of value V of field F ("pmull", "off", "on"), or
 * NULL when the value has no name. Freed by the caller.
 */
char *arm_idprop_value_name(ArmIdFieldIdx f, uint64_t v);

/*
 * Parse VALUE for string property P (NAMED or FRAC) into the raw field
 * values: out[0] for the field, out[1] for the _frac field. On error,
 * errp names the property and lists the accepted values.
 */
bool arm_idprop_parse(const ArmIdProp *p, const char *value, uint64_t out[2],
                      Error **errp);

/* Check that NUMBER fits property P (NUMBER or RAW); error as above */
bool arm_idprop_check_number(const ArmIdProp *p, uint64_t number,
                             Error **errp);

/* Write the raw values of P (as parse() returns them) into REGS */
void arm_idprop_apply(const ArmIdProp *p, uint64_t *regs, const uint64_t v[2]);

/*
 * The value of string property P in REGS: a name, "B.F" for a fractional
 * property, or the raw number ("0x3") when the value has no name, so that
 * any host value reads back. Freed by the caller.
 */
char *arm_idprop_format(const ArmIdProp *p, const uint64_t *regs);

/* "off, aes, pmull": the accepted values of P, for messages. Freed by caller */
char *arm_idprop_accepted(const ArmIdProp *p);

#endif /* TARGET_ARM_CPU_IDPROPS_H */
