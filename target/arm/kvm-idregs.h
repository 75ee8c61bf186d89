/*
 * Arm ID registers under KVM: what the host offers a VM
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_KVM_IDREGS_H
#define TARGET_ARM_KVM_IDREGS_H

#include "cpu-qom.h"
#include "cpu-idregs.h"

typedef struct ArmKvmIdHost {
    /* KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES: the masks below are known */
    bool have_masks;
    /* KVM_CAP_ARM_WRITABLE_IMP_ID_REGS: MIDR, REVIDR, AIDR can be set */
    bool imp_id_regs;
    /* the scratch vCPU's values of the registers KVM exposes (read[]) */
    uint64_t value[ARM_IDREG_NUM];
    bool read[ARM_IDREG_NUM];
    /* KVM_ARM_GET_REG_WRITABLE_MASKS, 0 without have_masks */
    uint64_t mask[ARM_IDREG_NUM];
} ArmKvmIdHost;

/*
 * What the host offers, probed once per process with the scratch vCPU
 * that learns the host's features; NULL before that, and without KVM.
 */
const ArmKvmIdHost *kvm_arm_idregs_host(void);

/* Only with KVM: the probe, with the scratch VM's and vCPU's descriptors */
void kvm_arm_idregs_probe(int vmfd, int cpufd);

/*
 * Give CPU, just made from the host's features, the host's value of every
 * ID register KVM exposes (QEMU reads only some of them itself), except
 * the cache geometry.
 */
void kvm_arm_idregs_install(ARMCPU *cpu);

#endif /* TARGET_ARM_KVM_IDREGS_H */
