/*
 * Arm ID registers: what KVM lets a VMM change, and the write-back plan
 *
 * The writable masks, the kernel's safe-value rules and the rules of its
 * set_id_*() handlers (all from the table's roles), the fields KVM cannot
 * give a vCPU (blockers), what a vCPU without SVE or pointer
 * authentication reads, the registers to write and what must read back.
 * Plain arrays of register values in, results out: no QOM, no ioctl (the
 * ioctls are kvm-idregs.c's).
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDKVM_H
#define TARGET_ARM_CPU_IDKVM_H

#include "cpu-idlimit.h"

/*
 * KVM: the bits of each ID register a VM may change. MASKS holds what
 * KVM_ARM_GET_REG_WRITABLE_MASKS reports for the table's registers (0 for
 * a register it does not cover). MIDR_EL1, REVIDR_EL1 and AIDR_EL1 are
 * writable only when KVM_CAP_ARM_WRITABLE_IMP_ID_REGS is enabled on the VM
 * (IMP_ID_REGS), whatever their mask says: Linux 7.2 reports them
 * writable either way and refuses a different value without the
 * capability.
 */
void arm_idkvm_writable(const uint64_t *masks, bool imp_id_regs,
                              uint64_t *writable);

/*
 * The fields of WANT that a VM on a host whose vCPUs read HOST cannot
 * have, in table order, skipping the bits set in SKIP (or NULL): a field
 * that differs from the host's must be writable in WRITABLE (else the
 * blocker is "fixed") and its value must pass the kernel's safe-value
 * rule against the host's (arm_idfield_value_ok(): LOWER, signed where
 * the field is, HIGHER, HIGHER_OR_ZERO, EXACT or the safe value; a field
 * without a kernel rule only at the host's value; LOWER for the fields
 * with a KVM_LOWER role), and the rules of KVM's set_id_*() handlers
 * (KVM_REFUSES, KVM_REWRITES: a debug version below Armv8, an AArch32
 * PMU other than PMUv3, no AArch64 at EL0 or EL1, ...). Writes up to MAX
 * of them to OUT and returns how many there are.
 */
unsigned arm_idkvm_blockers(const uint64_t *want, const uint64_t *host,
                                  const uint64_t *writable,
                                  const uint64_t *skip,
                                  ArmIdBlocker *out, unsigned max);

/*
 * The kernel rule of blocker B, for messages ("KVM refuses 0-5 there,
 * set_id_aa64dfr0_el1()"), or NULL when it has none. Freed by the caller.
 */
char *arm_idkvm_rule(const ArmIdBlocker *b);

/*
 * What a vCPU reads where the vCPU HOST was probed on had SVE and pointer
 * authentication (QEMU asks KVM for both when the host has them) but this
 * one is created without SVE (SVE false) or without pointer authentication
 * (PAUTH false): KVM hides ID_AA64PFR0_EL1.SVE and ID_AA64ZFR0_EL1, or the
 * pointer-authentication fields of ID_AA64ISAR1/2_EL1 (read_id_reg() in
 * arch/arm64/kvm/sys_regs.c). So "no SVE" is never a blocker, though the
 * field is not writable: it is a vCPU feature.
 */
void arm_idkvm_vcpu_view(uint64_t *host, bool sve, bool pauth);

typedef struct ArmIdWrite {
    uint16_t reg;               /* ArmIdRegIdx */
    uint64_t value;             /* the whole register */
} ArmIdWrite;

/*
 * The writes that turn a vCPU reading HOST into one reading WANT, for a
 * WANT that arm_idkvm_blockers() accepts: one per register whose
 * writable bits differ, in table order, each the host's value with the
 * writable bits of WANT; nothing for a register that already agrees. OUT
 * has room for ARM_IDREG_NUM writes; returns their number. EXPECT (or
 * NULL) receives what every register must read back afterwards.
 */
unsigned arm_idkvm_plan(const uint64_t *want, const uint64_t *host,
                              const uint64_t *writable, ArmIdWrite *out,
                              uint64_t *expect);

/*
 * The registers, among those READ marks, whose READBACK differs from
 * EXPECT, in table order: up to MAX into OUT; returns how many there are.
 */
unsigned arm_idkvm_verify(const uint64_t *expect,
                                const uint64_t *readback, const bool *read,
                                uint16_t *out, unsigned max);

/*
 * SVE vector lengths, one bit per length (bit N-1 for N quadwords, as
 * QEMU's sve_vq maps): what KVM gives a vCPU whose VMM asks for WANT on a
 * host that supports HOST (KVM_REG_ARM64_SVE_VLS read before any write).
 * KVM cannot hide a length individually, only cap the largest: a write of
 * the register must hold exactly the host's lengths up to its largest
 * (set_sve_vls() in arch/arm64/kvm/guest.c). So KVM gives the host's
 * lengths up to WANT's largest, or all of them when the host's largest is
 * smaller; it is WANT itself only when that equals WANT. 0 when either
 * is empty.
 */
uint32_t arm_idkvm_sve_vls(uint32_t want, uint32_t host);

/*
 * KVM lets a VMM lower field F although the host kernel's rule (the
 * table's) is EXACT (its KVM_LOWER role: the PMU and debug versions)
 */
bool arm_idkvm_lower(ArmIdFieldIdx f);

#endif /* TARGET_ARM_CPU_IDKVM_H */
