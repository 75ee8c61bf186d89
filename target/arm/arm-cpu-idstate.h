/*
 * Arm named CPU models: what each CPU keeps of them (ARMCPU.idstate)
 *
 * One structure, with a part for each layer of the glue that keeps
 * something per CPU; each part is that layer's alone.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_ARM_CPU_IDSTATE_H
#define TARGET_ARM_ARM_CPU_IDSTATE_H

#include "target/arm/cpu-idpropset.h"

typedef struct ArmCpuIdState {
    /* arm-cpu-props.c: the fields the user's properties set */
    ArmIdPropState props;
    /*
     * arm-cpu-props.c: what to do with a named model's values that the
     * accelerator cannot provide (the "check" and "enforce" properties):
     * enforce refuses to start, else they are replaced by the
     * accelerator's with a warning, or silently with nocheck (check=off).
     * Unless the user set enforce (enforce_set), it is on under KVM and
     * off under TCG: see arm_cpu_enforce()
     */
    bool enforce;
    bool enforce_set;
    bool nocheck;
    /*
     * arm-cpu-props.c, once the features are finalized: the check's
     * decision (the model's values, with what the accelerator cannot
     * provide replaced, and the user's), compared at the end of realize
     * with what the guest is shown; and the bits of each register that
     * the model or the user decide, which kvm-idregs.c writes to KVM
     */
    bool has_finalized;
    uint64_t finalized[ARM_IDREG_NUM];
    uint64_t decided[ARM_IDREG_NUM];
    /*
     * arm-cpu-models.c: a named model with SVE on a KVM host without it:
     * SVE was taken out at instance init (QEMU's SVE setup cannot run
     * without host support); the model's check warns or refuses
     */
    bool sve_dropped;
    /*
     * arm-cpu-models.c: under KVM, a pauth-NAME property moved the model's
     * pointer authentication to another algorithm (a second one is an
     * error, as under TCG)
     */
    bool pauth_chosen;
    /*
     * arm-cpu-models.c: under TCG, the cache geometry (ccsidr[]) is in
     * the 32-bit format whatever the model's CCIDX (it is a Cortex-A57's);
     * else it is in the format the CPU's own CCIDX says. arm-cpu-check.c
     * re-encodes it when the CCIDX the guest is shown differs.
     */
    bool ccsidr_32bit;
    /*
     * arm-cpu-models-qmp.c: the CPU only describes a definition, for
     * query-cpu-model-comparison and -baseline: its values are not
     * checked against the accelerator, and the fields of older properties
     * (sve, pauth, ...) may be set too
     */
    bool definition;
    /*
     * arm-cpu-migration.c: do not send the ID registers in the migration
     * stream ("x-migrate-idregs", off for machine types before 10.2,
     * whose QEMU would not know the section)
     */
    bool no_migrate;
} ArmCpuIdState;

#endif /* TARGET_ARM_ARM_CPU_IDSTATE_H */
