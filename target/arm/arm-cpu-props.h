/*
 * Arm CPU ID-register field properties: the AArch64 CPU class
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_PROPS_H
#define TARGET_ARM_ARM_CPU_PROPS_H

#include "qobject/qdict.h"
#include "cpu.h"
#include "target/arm/cpu-idaccel.h"

/*
 * The abstract parent of the AArch64 CPU types: it carries the field
 * properties as class properties, once for all of them.
 */
#define TYPE_AARCH64_CPU "aarch64-cpu"

typedef struct AArch64CPUClass AArch64CPUClass;
DECLARE_CLASS_CHECKERS(AArch64CPUClass, AARCH64_CPU, TYPE_AARCH64_CPU)

/*
 * A named model's hooks, which arm-cpu-models.c sets on each model's and
 * alias's class; NULL on the other AArch64 CPU types.
 */
typedef bool ArmCpuModelFitFn(ARMCPU *cpu, uint64_t *want,
                              const ArmIdAccel *accel, const uint64_t *user,
                              Error **errp);

struct AArch64CPUClass {
    ARMCPUClass parent_class;
    /* the model this type creates ("grace-v1" for "grace" too) */
    const char *model_name;
    /* what -cpu help says of the type after its name */
    const char *help;
    /*
     * Check the ID registers WANT of CPU, an instance of this model,
     * against ACCEL, what the accelerator provides; the fields whose bits
     * are set in USER come from the user's properties and are checked by
     * the caller. False, with an error, when the model cannot run here;
     * else WANT holds what the guest is to be shown of the model.
     */
    ArmCpuModelFitFn *model_fit;
};

/* The named model that CPU class OC creates, or NULL */
const char *arm_cpu_class_model(ObjectClass *oc);

/*
 * Whether CPU refuses to start rather than replace a value of its named
 * model that the accelerator cannot provide: "enforce" as the user set
 * it, else on for a named model under KVM (a versioned model means
 * exactly that CPU; enforce=off is the opt-out) and off otherwise (TCG
 * replaces what it lacks, with a warning). *BY_DEFAULT, if not NULL,
 * says whether the user left it unset.
 */
bool arm_cpu_enforce(ARMCPU *cpu, bool *by_default);

/*
 * query-cpu-model-expansion: set the field properties of QDICT, and
 * "enforce" and "check", on OBJ through V (a visitor over QDICT), and
 * list every field property's value in OUT.
 */
bool arm_cpu_idprops_set_from_qdict(Object *obj, const QDict *qdict,
                                    Visitor *v, Error **errp);
void arm_cpu_idprops_expand(Object *obj, QDict *out);

/* -cpu help: every CPU type, with what its class says of it */
void arm_cpu_list(void);

#endif /* TARGET_ARM_ARM_CPU_PROPS_H */
