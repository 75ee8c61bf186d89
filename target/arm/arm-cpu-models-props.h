/*
 * Arm named CPU models: the older properties of a model CPU
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_MODELS_PROPS_H
#define TARGET_ARM_ARM_CPU_MODELS_PROPS_H

#include "target/arm/cpu-qom.h"

/*
 * The older properties of a CPU type built from ID registers (a named
 * model), where QEMU's own would not do:
 *  - sve<N> whose lengths are the type's by default and, under TCG, any
 *    other TCG has on request (sveNNN=on);
 *  - under TCG, sme and sme<N> that give a CPU without SME the SME of
 *    "max", and the tag-memory links that let feat_MTE give it MTE;
 *  - under KVM, pauth-impdef, pauth-qarma3 and pauth-qarma5, which move
 *    the type's pointer-authentication level to that algorithm's fields
 */
void arm_cpu_add_sve_lengths(Object *obj);
void arm_cpu_offer_sme(ARMCPU *cpu);
void arm_cpu_offer_mte(ARMCPU *cpu);
void arm_cpu_add_pauth_algorithms(Object *obj);

#endif /* TARGET_ARM_ARM_CPU_MODELS_PROPS_H */
