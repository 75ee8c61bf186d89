/*
 * Arm named CPU models: the ID registers in the migration stream
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_MIGRATION_H
#define TARGET_ARM_ARM_CPU_MIGRATION_H

#include "target/arm/cpu-qom.h"

/*
 * Register the VM's section of ID registers, "arm-cpu-idregs", for CPU if
 * it is the VM's first CPU and its "x-migrate-idregs" property is on; once
 * per VM. Called when the CPU's features are finalized.
 */
void arm_cpu_migration_register(ARMCPU *cpu);

/* Add the "x-migrate-idregs" property to the CPU class OC */
void arm_cpu_migration_class_init(ObjectClass *oc);

#endif /* TARGET_ARM_ARM_CPU_MIGRATION_H */
