/*
 * Arm named CPU models: what QMP says of them, on the targets without
 * AArch64 CPUs
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "arm-cpu-models-qmp.h"

void arm_cpu_model_definition(ObjectClass *oc, CpuDefinitionInfo *info)
{
}

CpuModelExpansionInfo *arm_cpu_model_expand_static(Object *obj, Error **errp)
{
    error_setg(errp, "Only the AArch64 CPUs have a static expansion");
    return NULL;
}

CpuModelCompareInfo *arm_cpu_model_compare(Object *a, Object *b,
                                           Error **errp)
{
    error_setg(errp, "Only the AArch64 CPUs can be compared");
    return NULL;
}

CpuModelBaselineInfo *arm_cpu_model_baseline(Object *a, Object *b,
                                             Error **errp)
{
    error_setg(errp, "Only the AArch64 CPUs can be baselined");
    return NULL;
}
