/*
 * Arm CPU ID-register field properties: the QOM glue
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_PROPS_H
#define TARGET_ARM_ARM_CPU_PROPS_H

#include "qobject/qdict.h"
#include "qapi/qapi-types-machine.h"
#include "target/arm/cpu-qom.h"
#include "target/arm/cpu-models.h"
#include "target/arm/cpu-idaccel.h"
#include "target/arm/cpu-idcompare.h"
#include "target/arm/cpu-idmig.h"

/*
 * The abstract parent of the AArch64 CPU types: it carries the field
 * properties as class properties, once for all of them.
 */
#define TYPE_AARCH64_CPU "aarch64-cpu"

/*
 * Apply the field properties set on CPU to its ID registers, after the
 * properties that own some of those fields (sve, pauth, pmu, sme) are
 * final, and check them against what the accelerator provides.
 */
bool arm_cpu_idprops_finalize(ARMCPU *cpu, Error **errp);

/*
 * At the end of realize, once the CPU's system registers are defined:
 * check that the guest is shown what arm_cpu_idprops_finalize() decided.
 * Realize may still lower a field for the machine (MTE without tag
 * memory), and TCG shows some registers as constants: a user's property
 * that does not reach the guest is an error naming it, a model's value
 * is dropped as the finalize check drops it (a warning, or an error with
 * enforce=on), and QOM then reports what the guest reads.
 */
bool arm_cpu_idprops_realized(ARMCPU *cpu, Error **errp);

/*
 * What the accelerator provides to CPU (TCG: what "max" implements; KVM:
 * the probed host as a vCPU with CPU's SVE and pointer-authentication
 * choices reads it, and what KVM can change). VIEW and HOST (ARM_IDREG_NUM
 * values) are the caller's storage for the KVM case; the result lives as
 * long as they do.
 */
const ArmIdAccel *arm_cpu_accel(ARMCPU *cpu, ArmIdAccel *view,
                                uint64_t *host);

/*
 * query-arm-cpu-props-info: call FN for every field property (not the
 * SYSREG_ aliases), in table order, with the values it may take on this
 * host and accelerator as a user's property of -cpu host (KVM, HVF) or
 * -cpu max (TCG) (arm_idaccel_supported()); none for a field that an older
 * property owns (sve, sme, pauth, pmu). VALUES is freed when FN returns.
 * False, with an error, without AArch64 CPUs.
 */
typedef void ArmIdPropValuesFn(const ArmIdProp *p, char **values,
                               void *opaque);
bool arm_cpu_idprops_supported(ArmIdPropValuesFn *fn, void *opaque,
                               Error **errp);

/*
 * query-cpu-model-expansion: set the field properties of QDICT on OBJ
 * through V (a visitor over QDICT), and list every field property's
 * value in OUT.
 */
bool arm_cpu_idprops_set_from_qdict(Object *obj, const QDict *qdict,
                                    Visitor *v, Error **errp);
void arm_cpu_idprops_expand(Object *obj, QDict *out);

/*
 * The whole table of ID registers of CPU, assembled from isar.idregs[] and
 * the registers QEMU keeps elsewhere (MIDR, REVIDR, CTR, the MVFRs, the
 * DCZID and GMID block sizes), and written back.
 */
void arm_cpu_idregs_get(ARMCPU *cpu, uint64_t *regs);
void arm_cpu_idregs_put(ARMCPU *cpu, const uint64_t *regs);

/*
 * The bits of each ID register that CPU's model (all but the machine's
 * and the exception levels) or the user's properties decide, for the
 * write-back to KVM; false when there are none (-cpu host without field
 * properties).
 */
bool arm_cpu_idregs_decided(ARMCPU *cpu, uint64_t *decided);

/* Named models (arm-cpu-models.c) */

/*
 * The index in arm_cpu_models of the model of CPU (or of CPU class OC), or
 * -1 for the other CPU types. Models exist only in qemu-system-aarch64 and
 * qemu-aarch64; arm-cpu-models-stub.c stands in for the 32-bit targets.
 */
int arm_cpu_model_of(ARMCPU *cpu);
int arm_cpu_model_of_class(ObjectClass *oc);

/*
 * Check the ID registers WANT of CPU, an instance of model M, against
 * ACCEL, what the accelerator provides; the fields whose bits are set in
 * USER come from the user's properties and are checked by the caller.
 * An abstract model is an error. A value the accelerator cannot provide
 * is an error under enforce=on, else it is replaced in WANT by the
 * accelerator's, with a warning unless check=off. Under KVM, a kernel
 * that cannot change ID registers refuses every model.
 */
bool arm_cpu_model_fit(ARMCPU *cpu, int m, uint64_t *want,
                       const ArmIdAccel *accel, const uint64_t *user,
                       Error **errp);

/*
 * query-cpu-definitions: fill INFO for CPU class OC when it is a named
 * model or an alias of one: alias-of, static and migration-safe for the
 * versioned models, and the unavailable features, which are what realize
 * would find on this host and accelerator: the property of each field
 * that cannot be provided, or "type" when no property could make the
 * model run (an abstract model, a KVM that cannot change ID registers).
 */
void arm_cpu_model_definition(ObjectClass *oc, CpuDefinitionInfo *info);

/*
 * query-cpu-model-baseline: arm_idcompare_baseline() of A and B, where a
 * feature that an older property owns (sve, sme, pauth, pmu) and that
 * the two have differently (two pointer-authentication algorithms) is
 * off, as that property can only turn it off.
 */
void arm_cpu_idregs_baseline(const uint64_t *a, const uint64_t *b,
                             const uint64_t *skip, uint64_t *out);

/*
 * Express REGS as a named model and properties (static expansion,
 * baseline): the concrete model closest to REGS (arm_cpu_model_closest())
 * among those whose SVE, SME, pointer authentication and PMU agree with
 * REGS or can be turned off, into *MODEL, and into *PROPS the properties
 * that turn its values into REGS (sve, sme, pauth or pmu off; a feat_ or
 * hw_prop_ property per other field that differs), not counting the bits
 * in SKIP. The identification registers of REGS become the model's.
 * False, with an error, when no model qualifies.
 */
bool arm_cpu_model_delta(uint64_t *regs, const uint64_t *skip, int *model,
                         QDict **props, Error **errp);

/* -cpu help: every CPU type, and for a model its note or alias target */
void arm_cpu_list(void);

/*
 * Add the CPU type names of every named model and alias to TYPES, for the
 * boards that accept them (only with AArch64 CPUs).
 */
void arm_cpu_models_add_types(GPtrArray *types);

#endif /* TARGET_ARM_ARM_CPU_PROPS_H */
