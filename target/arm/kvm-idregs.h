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
#include "arm-cpu-idregs.h"

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
