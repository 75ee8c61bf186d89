/*
 * Arm named CPU models: the CPU types
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_MODELS_H
#define TARGET_ARM_ARM_CPU_MODELS_H

#include "target/arm/cpu-qom.h"

/*
 * The index in arm_cpu_models of the model of CPU (or of CPU class OC), or
 * -1 for the other CPU types.
 */
int arm_cpu_model_of(ARMCPU *cpu);
int arm_cpu_model_of_class(ObjectClass *oc);

/*
 * Add the CPU type names of every named model and alias to TYPES, for the
 * boards that accept them. Models exist only in qemu-system-aarch64 and
 * qemu-aarch64; arm-cpu-models-stub.c adds none for the 32-bit targets.
 */
void arm_cpu_models_add_types(GPtrArray *types);

#endif /* TARGET_ARM_ARM_CPU_MODELS_H */
