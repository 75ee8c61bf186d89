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
 * kvm_arm_idregs_writeback() then gives each vCPU, before it first runs,
 * what its model or its properties decide (which arm-cpu-props.c checked
 * against the probe with the kernel's rules): it writes only the
 * registers that differ from what the vCPU holds, which after the first
 * vCPU is nothing, as KVM keeps ID registers per VM, and reads back.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "qemu/error-report.h"
#include "system/kvm.h"
#include "cpu.h"
#include "cpu-idaccel.h"
#include "arm-cpu-idregs.h"
#include "kvm-idregs.h"
#include "trace.h"

static ArmKvmIdHost kvm_idhost;
/* KVM_CAP_ARM_WRITABLE_IMP_ID_REGS is enabled on this VM */
static bool imp_id_regs_enabled;

/* What a VM may change, from the masks and the capability as enabled */
static void update_writable(void)
{
    ArmKvmIdHost *h = &kvm_idhost;

    if (h->have_masks) {
        arm_idkvm_writable(h->mask, h->imp_id_regs && imp_id_regs_enabled,
                                 h->writable);
    } else {
        memset(h->writable, 0, sizeof(h->writable));
    }
}

/* Registers of the table that KVM_GET_ONE_REG reads */
static bool reg_is_one_reg(unsigned r)
{
    return !arm_idreg_role(r, ARM_IDROLE_KVM_UNEXPOSED);
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

    /*
     * KVM does not trap DCZID_EL0: the guest reads the hardware's, which
     * EL0 can read too (KVM for arm64 runs only on arm64 hosts). Its mask
     * stays 0: nobody can change it.
     */
    asm("mrs %0, dczid_el0" : "=r"(h->value[ARM_IDREG_DCZID_EL0]));
    h->read[ARM_IDREG_DCZID_EL0] = true;

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
    update_writable();
    arm_kvm_idhost = h;
}

void kvm_arm_idregs_install(ARMCPU *cpu)
{
    const ArmKvmIdHost *h = arm_kvm_idhost;
    uint64_t regs[ARM_IDREG_NUM];
    unsigned r;

    if (!h) {
        return;
    }
    arm_cpu_idregs_get(cpu, regs);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (h->read[r] && !arm_idreg_role(r, ARM_IDROLE_CACHE_GEOMETRY)) {
            regs[r] = h->value[r];
        }
    }
    arm_cpu_idregs_put(cpu, regs);
}

void kvm_arm_idregs_vm_init(KVMState *s)
{
    int ret;

    if (!kvm_vm_check_extension(s, KVM_CAP_ARM_WRITABLE_IMP_ID_REGS)) {
        return;
    }
    ret = kvm_vm_enable_cap(s, KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, 0);
    if (ret) {
        warn_report("KVM offers KVM_CAP_ARM_WRITABLE_IMP_ID_REGS but did not "
                    "enable it (%s): MIDR_EL1, REVIDR_EL1 and AIDR_EL1 keep "
                    "the host's values", strerror(-ret));
        return;
    }
    imp_id_regs_enabled = true;
    update_writable();
}

static uint64_t one_reg_id(unsigned r)
{
    const ArmIdReg *d = &arm_idregs[r];

    return ARM64_SYS_REG(d->op0, d->op1, d->crn, d->crm, d->op2);
}

/* Read every register KVM exposes from the vCPU; mark those it gave */
static void read_vcpu(ARMCPU *cpu, const ArmKvmIdHost *h, uint64_t *regs,
                      bool *read)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        read[r] = h->read[r] && reg_is_one_reg(r) &&
                  kvm_get_one_reg(CPU(cpu), one_reg_id(r), &regs[r]) == 0;
        if (!read[r]) {
            regs[r] = 0;
        }
    }
}

/*
 * QEMU's copy of the bits that say which exception levels exist is what
 * realize made of them for the machine (no EL2 without virtualization=on,
 * no EL3); KVM decides what the guest reads there (Linux 7.2 shows the
 * host's EL2 and AArch32 Virtualization fields to a guest without
 * nested virtualization). QOM reports what the guest reads: the vCPU's.
 */
static void sync_el_bits(ARMCPU *cpu, const ArmKvmIdHost *h)
{
    uint64_t regs[ARM_IDREG_NUM], v;
    unsigned r;

    arm_cpu_idregs_get(cpu, regs);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        uint64_t el = arm_idreg_el_bits(r);

        if (el && h->read[r] && reg_is_one_reg(r) &&
            kvm_get_one_reg(CPU(cpu), one_reg_id(r), &v) == 0) {
            regs[r] = (regs[r] & ~el) | (v & el);
        }
    }
    arm_cpu_idregs_put(cpu, regs);
}

static int writeback(ARMCPU *cpu, const ArmKvmIdHost *h)
{
    CPUState *cs = CPU(cpu);
    uint64_t decided[ARM_IDREG_NUM], want[ARM_IDREG_NUM];
    uint64_t cur[ARM_IDREG_NUM], target[ARM_IDREG_NUM];
    uint64_t skip[ARM_IDREG_NUM];
    uint64_t expect[ARM_IDREG_NUM], back[ARM_IDREG_NUM];
    bool read[ARM_IDREG_NUM], reread[ARM_IDREG_NUM];
    ArmIdWrite plan[ARM_IDREG_NUM];
    ArmIdBlocker b;
    uint16_t bad;
    unsigned n, i, r;
    const uint64_t *writable;
    bool any = false;
    int ret;

    /* the bits the model or the user's properties decide (finalize) */
    memcpy(decided, cpu->idstate.decided, sizeof(decided));
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        any |= decided[r] != 0;
    }
    if (!any) {
        return 0;               /* -cpu host as it is: nothing to write */
    }
    if (!h) {
        error_report("CPU %d: QEMU could not read this host's ID registers",
                     cs->cpu_index);
        return -EINVAL;
    }
    /* a kernel before 6.7 (no masks): only the vCPU's own values */
    writable = h->writable;
    arm_cpu_idregs_get(cpu, want);
    read_vcpu(cpu, h, cur, read);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        target[r] = (cur[r] & ~decided[r]) | (want[r] & decided[r]);
        skip[r] = read[r] ? ~decided[r] : UINT64_MAX;
    }

    /* arm-cpu-props.c checked against the probe; this vCPU may differ */
    if (arm_idkvm_blockers(target, cur, writable, skip, &b, 1)) {
        const ArmIdField *f = &arm_idfields[b.field];
        g_autofree char *rule = arm_idkvm_rule(&b);

        error_report("CPU %d: KVM cannot set %s.%s to 0x%" PRIx64 " (the "
                     "vCPU has 0x%" PRIx64 "%s%s%s)", cs->cpu_index,
                     arm_idregs[f->reg].name, f->name, b.want, b.have,
                     b.fixed ? ", and the field is not writable" : "",
                     rule ? "; " : "", rule ?: "");
        return -EINVAL;
    }

    n = arm_idkvm_plan(target, cur, writable, plan, expect);
    for (i = 0; i < n; i++) {
        r = plan[i].reg;
        trace_kvm_arm_idreg_write(cs->cpu_index, arm_idregs[r].name, cur[r],
                                  plan[i].value);
        ret = kvm_set_one_reg(cs, one_reg_id(r), &plan[i].value);
        if (ret) {
            error_report("CPU %d: KVM refused %s = 0x%" PRIx64 " (the vCPU "
                         "has 0x%" PRIx64 "): %s", cs->cpu_index,
                         arm_idregs[r].name, plan[i].value, cur[r],
                         strerror(-ret));
            return ret;
        }
    }
    if (!n) {
        return 0;
    }

    /* the vCPU must hold exactly what was planned, in every register */
    read_vcpu(cpu, h, back, reread);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        reread[r] = reread[r] && read[r];
    }
    if (arm_idkvm_verify(expect, back, reread, &bad, 1)) {
        error_report("CPU %d: after writing its ID registers KVM holds "
                     "%s = 0x%" PRIx64 ", not the planned 0x%" PRIx64,
                     cs->cpu_index, arm_idregs[bad].name, back[bad],
                     expect[bad]);
        return -EINVAL;
    }
    return 0;
}

int kvm_arm_idregs_writeback(ARMCPU *cpu)
{
    const ArmKvmIdHost *h = arm_kvm_idhost;
    int ret = writeback(cpu, h);

    if (!ret && h) {
        sync_el_bits(cpu, h);
    }
    return ret;
}
