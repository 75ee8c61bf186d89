/*
 * Arm ID registers under KVM: what the host offers a VM
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_KVM_IDREGS_H
#define TARGET_ARM_KVM_IDREGS_H

#include "system/kvm.h"
#include "cpu-qom.h"
#include "cpu-idregs.h"

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
} ArmKvmIdHost;

/*
 * What the host offers, probed once per process with the scratch vCPU
 * that learns the host's features; NULL before that, and without KVM.
 */
const ArmKvmIdHost *kvm_arm_idregs_host(void);

/*
 * The bits of each ID register a VM may change (arm_idaccel_kvm_writable()
 * of the probed masks and of KVM_CAP_ARM_WRITABLE_IMP_ID_REGS as enabled
 * on this VM); false, and nothing may change, when KVM did not report its
 * masks or there is no KVM.
 */
bool kvm_arm_idregs_writable(uint64_t *writable);

/*
 * Only with KVM. Enable KVM_CAP_ARM_WRITABLE_IMP_ID_REGS on the VM when
 * the kernel offers it, before any vCPU exists.
 */
void kvm_arm_idregs_vm_init(KVMState *s);

/*
 * Give the vCPU of CPU, after KVM_ARM_VCPU_INIT and before it first
 * runs, the ID-register values that its model or its properties decide:
 * write only what differs, check each write, read back and verify. An
 * error is reported and returned as a negative errno.
 */
int kvm_arm_idregs_writeback(ARMCPU *cpu);

/* Only with KVM: the probe, with the scratch VM's and vCPU's descriptors */
void kvm_arm_idregs_probe(int vmfd, int cpufd);

/*
 * Give CPU, just made from the host's features, the host's value of every
 * ID register KVM exposes (QEMU reads only some of them itself), except
 * the cache geometry.
 */
void kvm_arm_idregs_install(ARMCPU *cpu);

/*
 * KVM keeps the ID registers per VM, and a vCPU's cannot change after it
 * first ran: QEMU's cpreg sync (write_list_to_kvmstate()) need not write
 * one again with the value KVM holds, which it would do for every vCPU
 * at every reset. Record the value KVM holds of register ONE_REG_ID (any
 * KVM register id: only those of the ID space are recorded)...
 */
void kvm_arm_idreg_synced(ARMCPU *cpu, uint64_t one_reg_id, uint64_t value);

/*
 * ...and whether writing VALUE to ONE_REG_ID is needed: false only for an
 * ID register whose recorded value is VALUE. A different value is still
 * written, and KVM still refuses it where it must (a migration stream
 * from another CPU, after the vCPU ran).
 */
bool kvm_arm_idreg_write_needed(ARMCPU *cpu, uint64_t one_reg_id,
                                uint64_t value);

#endif /* TARGET_ARM_KVM_IDREGS_H */
