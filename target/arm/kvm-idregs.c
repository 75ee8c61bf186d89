/*
 * Arm ID registers under KVM: what the host offers a VM
 *
 * QEMU learns the host's CPU from a scratch VM with one vCPU
 * (kvm_arm_get_host_cpu_features()). In it, kvm_arm_idregs_probe() reads
 * every register of the ID-register table that KVM exposes through
 * KVM_GET_ONE_REG, which QEMU itself does only for some, and, where the
 * kernel has KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, which of their bits a
 * VMM may change (KVM_ARM_GET_REG_WRITABLE_MASKS); it notes whether the
 * kernel offers KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, without which MIDR_EL1,
 * REVIDR_EL1 and AIDR_EL1 keep the host's values. Once per process: the
 * scratch VM is made once.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "cpu.h"
#include "arm-cpu-props.h"
#include "kvm-idregs.h"

static ArmKvmIdHost kvm_idhost;
static bool kvm_idhost_probed;

const ArmKvmIdHost *kvm_arm_idregs_host(void)
{
    return kvm_idhost_probed ? &kvm_idhost : NULL;
}

/* Registers of the table that are no KVM_GET_ONE_REG system register */
static bool reg_is_one_reg(unsigned r)
{
    switch (r) {
    case ARM_IDREG_CCSIDR_EL1:      /* KVM's demultiplexed CCSIDR space */
    case ARM_IDREG_CCSIDR2_EL1:     /* UNDEFINED in a KVM guest */
    case ARM_IDREG_DCZID_EL0:       /* not trapped: the hardware's value */
    case ARM_IDREG_GMID_EL1:        /* only with MTE */
    case ARM_IDREG_SMIDR_EL1:       /* only with SME */
        return false;
    default:
        return true;
    }
}

/* The register's index in KVM's feature ID range, or -1 outside it */
static int mask_index(const ArmIdReg *d)
{
    if (d->op0 != 3 || d->crn != 0 || d->crm > 7 ||
        (d->op1 != 0 && d->op1 != 1 && d->op1 != 3)) {
        return -1;
    }
    return KVM_ARM_FEATURE_ID_RANGE_IDX(d->op0, d->op1, d->crn, d->crm,
                                        d->op2);
}

static bool vm_has(int vmfd, int cap)
{
    return ioctl(vmfd, KVM_CHECK_EXTENSION, cap) > 0;
}

void kvm_arm_idregs_probe(int vmfd, int cpufd)
{
    ArmKvmIdHost *h = &kvm_idhost;
    g_autofree uint64_t *masks = g_new0(uint64_t,
                                        KVM_ARM_FEATURE_ID_RANGE_SIZE);
    unsigned r;

    memset(h, 0, sizeof(*h));
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        const ArmIdReg *d = &arm_idregs[r];
        struct kvm_one_reg reg = {
            .id = ARM64_SYS_REG(d->op0, d->op1, d->crn, d->crm, d->op2),
            .addr = (uintptr_t)&h->value[r],
        };

        if (reg_is_one_reg(r)) {
            h->read[r] = ioctl(cpufd, KVM_GET_ONE_REG, &reg) == 0;
        }
        if (!h->read[r]) {
            h->value[r] = 0;
        }
    }

    h->imp_id_regs = vm_has(vmfd, KVM_CAP_ARM_WRITABLE_IMP_ID_REGS);
    if (ioctl(vmfd, KVM_CHECK_EXTENSION,
              KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES) &
        BIT(KVM_ARM_FEATURE_ID_RANGE)) {
        struct reg_mask_range range = {
            .addr = (uintptr_t)masks,
            .range = KVM_ARM_FEATURE_ID_RANGE,
        };

        h->have_masks = ioctl(vmfd, KVM_ARM_GET_REG_WRITABLE_MASKS,
                              &range) == 0;
    }
    for (r = 0; h->have_masks && r < ARM_IDREG_NUM; r++) {
        int i = mask_index(&arm_idregs[r]);

        h->mask[r] = i >= 0 ? masks[i] : 0;
    }
    kvm_idhost_probed = true;
}

void kvm_arm_idregs_install(ARMCPU *cpu)
{
    const ArmKvmIdHost *h = kvm_arm_idregs_host();
    uint64_t regs[ARM_IDREG_NUM];
    unsigned r;

    if (!h) {
        return;
    }
    arm_cpu_idregs_get(cpu, regs);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (h->read[r] && r != ARM_IDREG_CLIDR_EL1) {
            regs[r] = h->value[r];
        }
    }
    arm_cpu_idregs_put(cpu, regs);
}
