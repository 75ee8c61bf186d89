/*
 * Arm named CPU models: what the running accelerator provides
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_ACCEL_H
#define TARGET_ARM_ARM_CPU_ACCEL_H

#include "target/arm/cpu-qom.h"
#include "target/arm/cpu-idaccel.h"

/* Whether the accelerator takes the ID registers QEMU gives it (TCG) */
bool arm_cpu_accel_changes_idregs(void);

/*
 * What the accelerator provides, computed once: the ID registers of the
 * "max" CPU. Under TCG they are raised or lowered to what TCG implements
 * (what realize hides, then arm_idlimit_tcg()). Under KVM and HVF
 * max is the host; where KVM reports its writable masks (kvm-idregs.c
 * publishes them in arm_kvm_idhost), a field may change by the kernel's
 * rules, elsewhere it must keep the host's value.
 */
const ArmIdAccel *arm_cpu_accel_limit(void);

/*
 * What the accelerator provides to CPU: arm_cpu_accel_limit(), and under
 * KVM the probed host as a vCPU with CPU's SVE and pointer-authentication
 * choices reads it. VIEW and HOST (ARM_IDREG_NUM values) are the caller's
 * storage for the KVM case; the result lives as long as they do.
 */
const ArmIdAccel *arm_cpu_accel(ARMCPU *cpu, ArmIdAccel *view,
                                uint64_t *host);

#endif /* TARGET_ARM_ARM_CPU_ACCEL_H */
