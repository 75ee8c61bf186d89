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
 * The SVE vector lengths (bit N-1: N quadwords) where GOT, what the vCPU
 * gets, differs from WANT, the model's, as QEMU's sveNNN properties, into
 * OUT after SEP-separated entries already there: "sve256=on" for a length
 * missing, "sve384=off" for one the model has not (KVM cannot hide a
 * length the host has below the largest), or the names alone without
 * VALUES. Returns how many.
 */
unsigned arm_cpu_model_vls_diff(uint32_t want, uint32_t got, bool values,
                                const char *sep, GString *out);

/*
 * Add the CPU type names of every named model and alias to TYPES, for the
 * boards that accept them. Models exist only in qemu-system-aarch64 and
 * qemu-aarch64; arm-cpu-models-stub.c adds none for the 32-bit targets.
 */
void arm_cpu_models_add_types(GPtrArray *types);

#endif /* TARGET_ARM_ARM_CPU_MODELS_H */
