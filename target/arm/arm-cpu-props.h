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
 * query-cpu-model-expansion: set the field properties of QDICT on OBJ
 * through V (a visitor over QDICT), and list every field property's
 * value in OUT.
 */
bool arm_cpu_idprops_set_from_qdict(Object *obj, const QDict *qdict,
                                    Visitor *v, Error **errp);
void arm_cpu_idprops_expand(Object *obj, QDict *out);

#endif /* TARGET_ARM_ARM_CPU_PROPS_H */
