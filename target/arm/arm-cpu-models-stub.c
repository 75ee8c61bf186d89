/*
 * Arm named CPU models: stubs for the targets without AArch64 CPUs
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu.h"
#include "arm-cpu-props.h"

int arm_cpu_model_of_class(ObjectClass *oc)
{
    return -1;
}

int arm_cpu_model_of(ARMCPU *cpu)
{
    return -1;
}

bool arm_cpu_model_fit(ARMCPU *cpu, int m, uint64_t *want,
                       const ArmIdAccel *accel, const uint64_t *user,
                       Error **errp)
{
    g_assert_not_reached();
}

void arm_cpu_model_definition(ObjectClass *oc, CpuDefinitionInfo *info)
{
}
