/*
 * Arm named CPU models: none on the targets without AArch64 CPUs
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "arm-cpu-models.h"

void arm_cpu_models_add_types(GPtrArray *types)
{
}
