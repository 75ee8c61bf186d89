/*
 * Arm named CPU models: what the running accelerator provides
 *
 * The glue between the pure accelerator limits (cpu-idaccel.c) and QEMU:
 * QEMU's own "max" CPU for TCG, the host's values and masks that
 * kvm-idregs.c probed for KVM.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "system/kvm.h"
#include "system/hvf.h"
#include "cpu.h"
#include "internals.h"
#include "cpu-features.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-accel.h"

bool arm_cpu_accel_changes_idregs(void)
{
    return !kvm_enabled() && !hvf_enabled();
}

const ArmIdAccel *arm_cpu_accel_limit(void)
{
    static uint64_t regs[ARM_IDREG_NUM];
    static uint64_t unknown[ARM_IDREG_NUM];
    static ArmIdAccel a;

    if (!a.value) {
        Object *max = object_new(ARM_CPU_TYPE_NAME("max"));
        const ArmKvmIdHost *h = arm_kvm_idhost;
        unsigned r;

        if (arm_cpu_accel_changes_idregs()) {
            /* max's LPA2 (lpa2=on), which its features' finalize adds */
            arm_cpu_lpa2_finalize(ARM_CPU(max), &error_abort);
        }
        arm_cpu_idregs_get(ARM_CPU(max), regs);
        if (arm_cpu_accel_changes_idregs()) {
            /* what realize hides under TCG (arm_cpu_realizefn()) */
            arm_idregs_hide_tcg_unimplemented(regs);
        }
        object_unref(max);
        a.value = regs;
        if (arm_cpu_accel_changes_idregs()) {
            arm_idlimit_tcg(regs);
            a.label = "TCG";
            a.rule = ARM_ID_LIMIT_TCG;
        } else {
            a.label = kvm_enabled() ? "KVM" : "HVF";
            a.rule = ARM_ID_LIMIT_EXACT;
        }
        if (h && h->have_masks) {
            for (r = 0; r < ARM_IDREG_NUM; r++) {
                unknown[r] = h->read[r] ? 0 : UINT64_MAX;
            }
            a.writable = h->writable;
            a.unknown = unknown;
        }
    }
    return &a;
}

const ArmIdAccel *arm_cpu_accel(ARMCPU *cpu, ArmIdAccel *view, uint64_t *host)
{
    const ArmIdAccel *accel = arm_cpu_accel_limit();

    if (!accel->writable) {
        return accel;
    }
    /* the host as the vCPU this CPU becomes sees it */
    *view = *accel;
    memcpy(host, accel->value, sizeof(uint64_t) * ARM_IDREG_NUM);
    arm_idkvm_vcpu_view(host, cpu_isar_feature(aa64_sve, cpu),
                              cpu_isar_feature(aa64_pauth, cpu));
    view->value = host;
    return view;
}
