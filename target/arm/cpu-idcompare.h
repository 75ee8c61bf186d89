/*
 * Arm ID registers: comparing two CPUs, and what both can run
 *
 * query-cpu-model-comparison and query-cpu-model-baseline on plain arrays
 * of register values: field by field, under each field's safe-value rule
 * as the kernel checks a value against a host's.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDCOMPARE_H
#define TARGET_ARM_CPU_IDCOMPARE_H

#include "cpu-idregs.h"

/*
 * Comparison and baseline of two sets of ID-register values as CPU
 * definitions (query-cpu-model-comparison, query-cpu-model-baseline),
 * field by field under each field's safe-value rule, as the kernel
 * checks a value against a host's: A is a subset of B when every field
 * of A may be offered where B's values are (arm_idfield_value_ok(), with
 * KVM's LOWER rule for the PMU and debug versions), so that A runs where
 * B runs. The identification registers (MIDR, REVIDR,
 * AIDR) name a part rather than what it can do: they make two sets
 * different, not one a subset of the other.
 */
typedef enum ArmIdCompare {
    ARM_ID_COMPARE_IDENTICAL,
    ARM_ID_COMPARE_SUBSET,          /* A runs where B runs */
    ARM_ID_COMPARE_SUPERSET,        /* B runs where A runs */
    ARM_ID_COMPARE_INCOMPATIBLE,
} ArmIdCompare;

/*
 * Compare A with B, skipping the bits set in SKIP (or NULL). The fields
 * that differ go to OUT (up to MAX, in table order); their number to *N.
 */
ArmIdCompare arm_idcompare(const uint64_t *a, const uint64_t *b,
                           const uint64_t *skip, uint16_t *out,
                           unsigned max, unsigned *n);

/*
 * The largest values that may be offered both where A and where B are,
 * into OUT: per field the safe one of the two under its rule, as
 * arm_idcompare() has it (LOWER: the
 * lower, signed where the field is; HIGHER: the higher; HIGHER_OR_ZERO:
 * 0 when either is, else the higher; EXACT: the common value, else the
 * safe value). The identification registers and the bits set in SKIP (or
 * NULL) are A's. A feature that an older property owns (sve, sme, pauth,
 * pmu) and that A and B have differently enough that neither's fields
 * result (two pointer-authentication algorithms) is off, as that
 * property can only turn it off. OUT is a subset of, or identical to,
 * both.
 */
void arm_idcompare_baseline(const uint64_t *a, const uint64_t *b,
                            const uint64_t *skip, uint64_t *out);

#endif /* TARGET_ARM_CPU_IDCOMPARE_H */
