/*
 * Arm ID-register field properties as one CPU sets them
 *
 * The properties of cpu-idprops.h as a CPU's user sets them, before they
 * are applied: one field set once, whatever the spelling; whether a value
 * may be had under a limit (what an accelerator provides); and the fields
 * that an older property (sve, sme, pauth, pmu) owns, which a field
 * property may only refine. Pure, over plain arrays of register values.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDPROPSET_H
#define TARGET_ARM_CPU_IDPROPSET_H

#include "cpu-idprops.h"

/*
 * The fields one CPU's properties have set, before they are applied: the
 * bits and values per register, and which property set each field (so that
 * one field set through two names is refused instead of last-wins).
 */
typedef struct ArmIdPropState {
    uint64_t mask[ARM_IDREG_NUM];
    uint64_t val[ARM_IDREG_NUM];
    uint16_t owner[ARM_IDFIELD_NUM];    /* 1 + index in arm_idprops() */
} ArmIdPropState;

/*
 * Record that property P sets the raw values V in ST. Setting the same
 * property again replaces its value; setting a field that another
 * property already set is an error naming both.
 */
bool arm_idprop_state_set(ArmIdPropState *st, const ArmIdProp *p,
                          const uint64_t v[2], Error **errp);

/* The property that set field F in ST, or NULL */
const ArmIdProp *arm_idprop_state_owner(const ArmIdPropState *st,
                                        ArmIdFieldIdx f);

/* Overlay the fields set in ST on REGS */
void arm_idprop_state_apply(const ArmIdPropState *st, uint64_t *regs);

/*
 * Whether the value of property P in V may be had under LIMIT, as
 * arm_idfield_value_ok() decides for one field: a fractional property
 * compares base.fraction as one number (1.1 is below 2.0), the others as
 * their field. V and LIMIT are register arrays.
 */
bool arm_idprop_value_ok(const ArmIdProp *p, const uint64_t *v,
                         const uint64_t *limit);

/*
 * Why the field property of F, a field an older property owns (sve, sme,
 * pauth, pmu), cannot make REGS (a CPU's registers once the older
 * properties are applied, with the owner ON or off) into WANT; NULL when
 * it can. The older property says whether the feature is there, the field
 * properties only its level: not with the owner off, not 0 in the field
 * that announces the feature (the AArch64 one; for pointer
 * authentication the address field of the algorithm in use), and for
 * pointer authentication only in the fields of the algorithm in use
 */
char *arm_idprop_owned_refusal(ArmIdFieldIdx f, const uint64_t *regs,
                               bool on, const uint64_t *want);

#endif /* TARGET_ARM_CPU_IDPROPSET_H */
