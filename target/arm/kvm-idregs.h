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

#endif /* TARGET_ARM_KVM_IDREGS_H */
