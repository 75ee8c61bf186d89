/*
 * Arm ID registers: what an accelerator's values allow, field by field
 *
 * The rules that compare a wanted value with an accelerator's: under TCG
 * what the "max" CPU has (raised or lowered to what TCG really does),
 * the kernel's safe-value rule, or the accelerator's value alone; and
 * the fields of a register set such a limit cannot provide (blockers).
 * Plain arrays of register values in, results out: no QOM, no ioctl.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDLIMIT_H
#define TARGET_ARM_CPU_IDLIMIT_H

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
bool arm_idlimit_field_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit,
                          ArmIdLimitRule rule);

/*
 * Turn the ID registers of TCG's "max" CPU in REGS into the limit
 * ARM_ID_LIMIT_TCG compares with: where max's values understate what TCG
 * implements (another encoding of the same feature, or registers TCG
 * defines for every CPU), raise them to what TCG provides; where they
 * overstate it (what realize hides under TCG: trace, SPE, AMU, MPAM),
 * lower them. The pointer-authentication algorithm is the pauth
 * properties' choice: each algorithm field may take max's level. TCG has
 * no caches: CTR_EL0's line sizes and granules may take any value; DC
 * ZVA's block (DCZID_EL0.BS) any that fits in a 1 KiB page; CCSIDR
 * either format (CCIDX).
 */
void arm_idlimit_tcg(uint64_t *regs);

/*
 * Why TCG cannot run a CPU with the ID registers REGS although each field
 * is within TCG's limit, or NULL: with FEAT_MTE2, the tag granule block
 * size GMID_EL1.BS must be one TCG implements, 3 to 6 (its LDGM helper),
 * and the DC ZVA block two tag granules at least (DCZID_EL0.BS 3).
 * Freed by the caller.
 */
char *arm_idlimit_tcg_refusal(const uint64_t *regs);

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
unsigned arm_idlimit_blockers(const uint64_t *want, const uint64_t *limit,
                                    ArmIdLimitRule rule, const uint64_t *skip,
                                    ArmIdBlocker *out, unsigned max);

#endif /* TARGET_ARM_CPU_IDLIMIT_H */
