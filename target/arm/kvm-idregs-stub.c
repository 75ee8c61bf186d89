/*
 * Arm ID registers under KVM: stubs for builds without KVM
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "kvm-idregs.h"

const ArmKvmIdHost *kvm_arm_idregs_host(void)
{
    return NULL;
}

bool kvm_arm_idregs_writable(uint64_t *writable)
{
    return false;
}
