/*
 * Arm named CPU models: what a CPU's ID registers become
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_CHECK_H
#define TARGET_ARM_ARM_CPU_CHECK_H

#include "target/arm/cpu-qom.h"

/*
 * Apply the field properties set on CPU to its ID registers, after the
 * properties that own some of those fields (sve, pauth, pmu, sme) are
 * final, and check them against what the accelerator provides.
 */
bool arm_cpu_idprops_finalize(ARMCPU *cpu, Error **errp);

#endif /* TARGET_ARM_ARM_CPU_CHECK_H */
