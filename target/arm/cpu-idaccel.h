/*
 * Arm ID registers: what an accelerator can provide
 *
 * What TCG implements (the "max" CPU, raised or lowered to what TCG
 * really does), what KVM lets a VMM change (the writable masks, the
 * kernel's safe-value rules and the rules of its set_id_*() handlers, all
 * from the table's roles), the fields of a register set an accelerator
 * cannot provide (blockers), the KVM write plan and its verification, and
 * the values a property may take where an accelerator is. Plain arrays of
 * register values in, results out: no QOM, no ioctl.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDACCEL_H
#define TARGET_ARM_CPU_IDACCEL_H

#include "cpu-idregs.h"
#include "cpu-idprops.h"

/* What an accelerator can provide, field by field */
typedef enum ArmIdLimitRule {
    /*
     * TCG implements what the "max" CPU has and can present less: a field
     * is provided when its value orders at or below max's (signed fields
     * as signed), whatever the kernel's rule; the sizes with a HIGHER rule
     * (CTR_EL0.CWG/ERG, SpecSEI) and the identification registers MIDR,
     * REVIDR and AIDR can take any value.
     */
    ARM_ID_LIMIT_TCG,
    /* The kernel's safe-value rule of the field (arm_idfield_value_ok) */
    ARM_ID_LIMIT_KERNEL,
    /* Only the accelerator's own value (no ID-register write-back) */
    ARM_ID_LIMIT_EXACT,
} ArmIdLimitRule;

/* Can value V of field F be provided where the accelerator has LIMIT? */
bool arm_idaccel_field_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit,
                          ArmIdLimitRule rule);

/*
 * Turn the ID registers of TCG's "max" CPU in REGS into the limit
 * ARM_ID_LIMIT_TCG compares with: where max's values understate what TCG
 * implements (another encoding of the same feature, or registers TCG
 * defines for every CPU), raise them to what TCG provides; where they
 * overstate it (what realize hides under TCG: trace, SPE, AMU, MPAM),
 * lower them. The pointer-authentication algorithm is the pauth
 * properties' choice: each algorithm field may take max's level.
 */
void arm_idaccel_tcg_limit(uint64_t *regs);

typedef struct ArmIdBlocker {
    uint16_t field;             /* ArmIdFieldIdx */
    uint64_t want;              /* raw value asked for */
    uint64_t have;              /* raw value the accelerator provides */
    bool fixed;                 /* KVM cannot change the field at all */
    /*
     * KVM: the kernel rule that refuses the value, beyond the field's
     * safe-value rule (a KVM_REFUSES, KVM_REWRITES or NO_KERNEL_RULE
     * role), or NULL
     */
    const ArmIdRole *rule;
} ArmIdBlocker;

/*
 * The fields of WANT that LIMIT cannot provide under RULE, in table
 * order, skipping those whose bits are set in SKIP (a register mask array,
 * or NULL). Writes up to MAX of them to OUT (which may be NULL) and
 * returns how many there are.
 */
unsigned arm_idaccel_limit_blockers(const uint64_t *want, const uint64_t *limit,
                                    ArmIdLimitRule rule, const uint64_t *skip,
                                    ArmIdBlocker *out, unsigned max);

/*
 * KVM: the bits of each ID register a VM may change. MASKS holds what
 * KVM_ARM_GET_REG_WRITABLE_MASKS reports for the table's registers (0 for
 * a register it does not cover). MIDR_EL1, REVIDR_EL1 and AIDR_EL1 are
 * writable only when KVM_CAP_ARM_WRITABLE_IMP_ID_REGS is enabled on the VM
 * (IMP_ID_REGS), whatever their mask says: Linux 7.2 reports them
 * writable either way and refuses a different value without the
 * capability.
 */
void arm_idaccel_kvm_writable(const uint64_t *masks, bool imp_id_regs,
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
unsigned arm_idaccel_kvm_blockers(const uint64_t *want, const uint64_t *host,
                                  const uint64_t *writable,
                                  const uint64_t *skip,
                                  ArmIdBlocker *out, unsigned max);

/*
 * The kernel rule of blocker B, for messages ("KVM refuses 0-5 there,
 * set_id_aa64dfr0_el1()"), or NULL when it has none. Freed by the caller.
 */
char *arm_idaccel_rule(const ArmIdBlocker *b);

/*
 * What a vCPU reads where the vCPU HOST was probed on had SVE and pointer
 * authentication (QEMU asks KVM for both when the host has them) but this
 * one is created without SVE (SVE false) or without pointer authentication
 * (PAUTH false): KVM hides ID_AA64PFR0_EL1.SVE and ID_AA64ZFR0_EL1, or the
 * pointer-authentication fields of ID_AA64ISAR1/2_EL1 (read_id_reg() in
 * arch/arm64/kvm/sys_regs.c). So "no SVE" is never a blocker, though the
 * field is not writable: it is a vCPU feature.
 */
void arm_idaccel_kvm_vcpu_view(uint64_t *host, bool sve, bool pauth);

typedef struct ArmIdWrite {
    uint16_t reg;               /* ArmIdRegIdx */
    uint64_t value;             /* the whole register */
} ArmIdWrite;

/*
 * The writes that turn a vCPU reading HOST into one reading WANT, for a
 * WANT that arm_idaccel_kvm_blockers() accepts: one per register whose
 * writable bits differ, in table order, each the host's value with the
 * writable bits of WANT; nothing for a register that already agrees. OUT
 * has room for ARM_IDREG_NUM writes; returns their number. EXPECT (or
 * NULL) receives what every register must read back afterwards.
 */
unsigned arm_idaccel_kvm_plan(const uint64_t *want, const uint64_t *host,
                              const uint64_t *writable, ArmIdWrite *out,
                              uint64_t *expect);

/*
 * The registers, among those READ marks, whose READBACK differs from
 * EXPECT, in table order: up to MAX into OUT; returns how many there are.
 */
unsigned arm_idaccel_kvm_verify(const uint64_t *expect,
                                const uint64_t *readback, const bool *read,
                                uint16_t *out, unsigned max);

/* What an accelerator provides, for the checks of properties and models */
typedef struct ArmIdAccel {
    const char *label;          /* "TCG", "KVM", ... for messages */
    ArmIdLimitRule rule;        /* when WRITABLE is NULL */
    const uint64_t *value;      /* its values */
    const uint64_t *writable;   /* KVM: the bits it can change, else NULL */
    const uint64_t *unknown;    /* the bits it does not report, or NULL */
} ArmIdAccel;

/*
 * arm_idaccel_limit_blockers() or, for an accelerator with WRITABLE,
 * arm_idaccel_kvm_blockers(), skipping the bits in SKIP (or NULL) and the
 * accelerator's unknown ones
 */
unsigned arm_idaccel_blockers(const ArmIdAccel *a, const uint64_t *want,
                              const uint64_t *skip, ArmIdBlocker *out,
                              unsigned max);

/*
 * The values that property P may take where accelerator A provides, as
 * the check of a user's property decides it (arm_idaccel_blockers() on
 * P's fields alone, against A's values), for query-arm-cpu-props-info:
 * the value names of a named property, "B.F" for a fractional one, "off"
 * and "on" for a one-bit field, and for a number its decimal values,
 * consecutive ones as an inclusive range "LOW-HIGH". A field wider than
 * 16 bits is not enumerated: "0-MAX" when both ends are accepted, else
 * A's value alone. Nothing for a field in a register A does not report.
 * NULL-terminated; free with g_strfreev().
 */
char **arm_idaccel_supported(const ArmIdProp *p, const ArmIdAccel *a);

/*
 * KVM lets a VMM lower field F although the host kernel's rule (the
 * table's) is EXACT (its KVM_LOWER role: the PMU and debug versions)
 */
bool arm_idaccel_kvm_lower(ArmIdFieldIdx f);

#endif /* TARGET_ARM_CPU_IDACCEL_H */
