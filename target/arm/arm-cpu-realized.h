/*
 * Arm named CPU models: what the guest is shown of its ID registers
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_REALIZED_H
#define TARGET_ARM_ARM_CPU_REALIZED_H

#include "target/arm/cpu-qom.h"

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

#endif /* TARGET_ARM_ARM_CPU_REALIZED_H */
