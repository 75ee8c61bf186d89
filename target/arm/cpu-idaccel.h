/*
 * Arm ID registers: what an accelerator can provide
 *
 * One description of what TCG or KVM provides (ArmIdAccel), checked with
 * the limit rules (cpu-idlimit.h) or, where the accelerator can change
 * registers, KVM's (cpu-idkvm.h); and the values a property may take
 * there. Plain arrays of register values in, results out.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDACCEL_H
#define TARGET_ARM_CPU_IDACCEL_H

#include "cpu-idkvm.h"

/* What an accelerator provides, for the checks of properties and models */
typedef struct ArmIdAccel {
    const char *label;          /* "TCG", "KVM", ... for messages */
    ArmIdLimitRule rule;        /* when WRITABLE is NULL */
    const uint64_t *value;      /* its values */
    const uint64_t *writable;   /* KVM: the bits it can change, else NULL */
    const uint64_t *unknown;    /* the bits it does not report, or NULL */
} ArmIdAccel;

/*
 * arm_idlimit_blockers() or, for an accelerator with WRITABLE,
 * arm_idkvm_blockers(), skipping the bits in SKIP (or NULL) and the
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

#endif /* TARGET_ARM_CPU_IDACCEL_H */
