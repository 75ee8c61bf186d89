/*
 * Arm named CPU models: an ARMCPU's ID registers as a table array
 *
 * The lowest layer of the glue: the pure layers (cpu-idregs.c and above)
 * work on arrays of register values indexed by ArmIdRegIdx; this file
 * reads them from and writes them to where ARMCPU keeps each register,
 * and holds what the host's KVM offers once kvm-idregs.c probed it, for
 * the layers above to read without calling up into the KVM glue.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_IDREGS_H
#define TARGET_ARM_ARM_CPU_IDREGS_H

#include "target/arm/cpu-qom.h"
#include "target/arm/cpu-idregs.h"

/*
 * The whole table of ID registers of CPU, assembled from isar.idregs[] and
 * the registers QEMU keeps elsewhere (MIDR, REVIDR, CTR, the MVFRs, the
 * DCZID and GMID block sizes), and written back.
 */
void arm_cpu_idregs_get(ARMCPU *cpu, uint64_t *regs);
void arm_cpu_idregs_put(ARMCPU *cpu, const uint64_t *regs);

/* What the host's KVM offers a VM (kvm-idregs.c) */
typedef struct ArmKvmIdHost {
    /* KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES: the masks below are known */
    bool have_masks;
    /* KVM_CAP_ARM_WRITABLE_IMP_ID_REGS: MIDR, REVIDR, AIDR can be set */
    bool imp_id_regs;
    /*
     * the scratch vCPU's values of the registers KVM exposes, and
     * DCZID_EL0 as the hardware has it (read[])
     */
    uint64_t value[ARM_IDREG_NUM];
    bool read[ARM_IDREG_NUM];
    /* KVM_ARM_GET_REG_WRITABLE_MASKS, 0 without have_masks */
    uint64_t mask[ARM_IDREG_NUM];
    /*
     * The bits of each register a VM may change: arm_idkvm_writable()
     * of the masks and of KVM_CAP_ARM_WRITABLE_IMP_ID_REGS as enabled on
     * this VM; all 0 without have_masks
     */
    uint64_t writable[ARM_IDREG_NUM];
} ArmKvmIdHost;

/*
 * What the host offers, probed once per process with the scratch vCPU
 * that learns the host's features: NULL before that, and without KVM.
 * Only kvm-idregs.c sets it.
 */
extern const ArmKvmIdHost *arm_kvm_idhost;

#endif /* TARGET_ARM_ARM_CPU_IDREGS_H */
