/*
 * Arm named CPU models: what QMP says of them
 *
 * Called by arm-qmp-cmds.c, on the CPU objects it builds from the
 * commands' CpuModelInfo.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_MODELS_QMP_H
#define TARGET_ARM_ARM_CPU_MODELS_QMP_H

#include "qapi/qapi-types-machine.h"

/*
 * query-cpu-definitions: fill INFO for CPU class OC when it is a named
 * model or an alias of one: alias-of, static and migration-safe for the
 * released versions, and the unavailable features, which are what realize
 * would find on this host and accelerator: the property of each field
 * that cannot be provided, or "type" when no property could make the
 * model run (an abstract model, a KVM that cannot change ID registers).
 */
void arm_cpu_model_definition(ObjectClass *oc, CpuDefinitionInfo *info);

/*
 * query-cpu-model-expansion of type "static": OBJ, an AArch64 CPU with
 * its features finalized, as the concrete model closest to its ID
 * registers and the properties that turn the model's values into them
 * (sve, sme, pauth or pmu off; a feat_ or hw_prop_ property per other
 * field that differs), not counting what the machine decides.
 */
CpuModelExpansionInfo *arm_cpu_model_expand_static(Object *obj, Error **errp);

/*
 * query-cpu-model-comparison and -baseline of A and B, two AArch64 CPU
 * definitions (their ID registers as their properties set them, not
 * checked against the accelerator): arm_idcompare() and
 * arm_idcompare_baseline(), the baseline written as a model and
 * properties as the static expansion writes a CPU.
 */
CpuModelCompareInfo *arm_cpu_model_compare(Object *a, Object *b,
                                           Error **errp);
CpuModelBaselineInfo *arm_cpu_model_baseline(Object *a, Object *b,
                                             Error **errp);

#endif /* TARGET_ARM_ARM_CPU_MODELS_QMP_H */
