/*
 * Arm named CPU models: the model table and its pure helpers
 *
 * A named model (target/arm/models/<name>.model, compiled into
 * cpu-models.h.inc by scripts/gen-arm-models.py) is a parent and the
 * ID-register fields it sets on top of it. Resolving a model resets every
 * register to the table's defaults and replays the chain from the root to
 * the model. Checking what an accelerator can provide compares the result
 * with the accelerator's values field by field. All of it works on plain
 * arrays of register values, without QOM, so that unit tests cover it.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_MODELS_H
#define TARGET_ARM_CPU_MODELS_H

#include "cpu-idregs.h"
#include "cpu-idprops.h"

typedef struct ArmCpuModelSet {
    uint16_t field;             /* ArmIdFieldIdx */
    uint64_t value;             /* raw field value */
} ArmCpuModelSet;

typedef struct ArmCpuModel {
    const char *name;           /* "grace-v1" */
    int parent;                 /* index in arm_cpu_models, -1 for a root */
    const char *note;           /* one line for -cpu help */
    const char *abstract;       /* why it cannot run, NULL if it can */
    uint32_t sve_vq;            /* SVE vector lengths, bit N: (N + 1) * 128 */
    uint16_t first_set;         /* its sets in arm_cpu_model_sets */
    uint16_t n_sets;
    bool released;              /* in models/RELEASED: it never changes */
} ArmCpuModel;

typedef struct ArmCpuModelAlias {
    const char *name;           /* "grace" */
    int model;                  /* the version it resolves to */
} ArmCpuModelAlias;

extern const ArmCpuModel arm_cpu_models[];
extern const unsigned arm_cpu_models_num;
extern const ArmCpuModelSet arm_cpu_model_sets[];
extern const ArmCpuModelAlias arm_cpu_model_aliases[];
extern const unsigned arm_cpu_model_aliases_num;

/* The index of the model or alias NAME, or -1 */
int arm_cpu_model_find(const char *name);

/* The alias that resolves to model M, or NULL */
const char *arm_cpu_model_alias_of(int m);

/*
 * The ID registers of model M: the table's defaults, then the sets of
 * every model from the root down to M. Resolved once per model and kept.
 */
const uint64_t *arm_cpu_model_regs(int m);

/* The same, computed into REGS (the replay itself, for tests) */
void arm_cpu_model_resolve(int m, uint64_t regs[ARM_IDREG_NUM]);

/* Is model A model B or a descendant of it? */
bool arm_cpu_model_derives(int a, int b);

/*
 * The runnable models derived from model M, "a, b, c", for messages; NULL
 * if there are none. Freed by the caller.
 */
char *arm_cpu_model_runnable_below(int m);

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
bool arm_idfield_limit_ok(ArmIdFieldIdx f, uint64_t v, uint64_t limit,
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
void arm_idregs_tcg_limit(uint64_t *regs);

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
unsigned arm_idregs_blockers(const uint64_t *want, const uint64_t *limit,
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
void arm_idregs_kvm_writable(const uint64_t *masks, bool imp_id_regs,
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
unsigned arm_idregs_kvm_blockers(const uint64_t *want, const uint64_t *host,
                                 const uint64_t *writable,
                                 const uint64_t *skip,
                                 ArmIdBlocker *out, unsigned max);

/* The pointer-authentication algorithm the ID registers announce */
typedef enum ArmPauthAlgorithm {
    ARM_PAUTH_NONE,
    ARM_PAUTH_QARMA5,           /* FEAT_PACQARMA5: APA, GPA */
    ARM_PAUTH_IMPDEF,           /* FEAT_PACIMP: API, GPI */
    ARM_PAUTH_QARMA3,           /* FEAT_PACQARMA3: APA3, GPA3 */
} ArmPauthAlgorithm;

/* The algorithm whose address-authentication field REGS has (PAUTH roles) */
ArmPauthAlgorithm arm_idregs_pauth_algorithm(const uint64_t *regs);

/*
 * Clear in REGS the fields that the older property OWNER ("sve", "pauth",
 * ...) owns, and the registers that describe what they announce (the
 * feature off, as OWNER=off makes it)
 */
void arm_idregs_clear_owned(uint64_t *regs, const char *owner);

/*
 * The kernel rule of blocker B, for messages ("KVM refuses 0-5 there,
 * set_id_aa64dfr0_el1()"), or NULL when it has none. Freed by the caller.
 */
char *arm_idblocker_rule(const ArmIdBlocker *b);

/*
 * What a vCPU reads where the vCPU HOST was probed on had SVE and pointer
 * authentication (QEMU asks KVM for both when the host has them) but this
 * one is created without SVE (SVE false) or without pointer authentication
 * (PAUTH false): KVM hides ID_AA64PFR0_EL1.SVE and ID_AA64ZFR0_EL1, or the
 * pointer-authentication fields of ID_AA64ISAR1/2_EL1 (read_id_reg() in
 * arch/arm64/kvm/sys_regs.c). So "no SVE" is never a blocker, though the
 * field is not writable: it is a vCPU feature.
 */
void arm_idregs_kvm_vcpu_view(uint64_t *host, bool sve, bool pauth);

typedef struct ArmIdWrite {
    uint16_t reg;               /* ArmIdRegIdx */
    uint64_t value;             /* the whole register */
} ArmIdWrite;

/*
 * The writes that turn a vCPU reading HOST into one reading WANT, for a
 * WANT that arm_idregs_kvm_blockers() accepts: one per register whose
 * writable bits differ, in table order, each the host's value with the
 * writable bits of WANT; nothing for a register that already agrees. OUT
 * has room for ARM_IDREG_NUM writes; returns their number. EXPECT (or
 * NULL) receives what every register must read back afterwards.
 */
unsigned arm_idregs_kvm_plan(const uint64_t *want, const uint64_t *host,
                             const uint64_t *writable, ArmIdWrite *out,
                             uint64_t *expect);

/*
 * The registers, among those READ marks, whose READBACK differs from
 * EXPECT, in table order: up to MAX into OUT; returns how many there are.
 */
unsigned arm_idregs_kvm_verify(const uint64_t *expect,
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
 * arm_idregs_blockers() or, for an accelerator with WRITABLE,
 * arm_idregs_kvm_blockers(), skipping the bits in SKIP (or NULL) and the
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
char **arm_idprop_supported(const ArmIdProp *p, const ArmIdAccel *a);

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
ArmIdCompare arm_idregs_compare(const uint64_t *a, const uint64_t *b,
                                const uint64_t *skip, uint16_t *out,
                                unsigned max, unsigned *n);

/*
 * The largest values that may be offered both where A and where B are,
 * into OUT: per field the safe one of the two under its rule, as
 * arm_idregs_compare() has it (LOWER: the
 * lower, signed where the field is; HIGHER: the higher; HIGHER_OR_ZERO:
 * 0 when either is, else the higher; EXACT: the common value, else the
 * safe value). The identification registers and the bits set in SKIP (or
 * NULL) are A's. OUT is a subset of, or identical to, both.
 */
void arm_idregs_baseline(const uint64_t *a, const uint64_t *b,
                         const uint64_t *skip, uint64_t *out);

/*
 * The concrete model whose values differ from REGS in the fewest fields,
 * not counting the bits set in SKIP (or NULL), among those whose fields
 * in MATCH (a register mask array, or NULL) equal REGS'; the first in
 * table order on a tie; -1 when none qualifies.
 */
int arm_cpu_model_closest(const uint64_t *regs, const uint64_t *skip,
                          const uint64_t *match);

/*
 * The bits of register REG that the machine and the accelerator decide,
 * not a model: the GIC fields, DCZID_EL0.DZP (run-time state) and the
 * cache geometry
 */
uint64_t arm_idreg_machine_bits(unsigned reg);

/*
 * The bits that are not a model's to decide, for every register: what
 * arm_idreg_machine_bits() and arm_idreg_el_bits() say, into MASK
 */
void arm_idregs_machine_mask(uint64_t *mask);

/*
 * The bits of register REG that say which exception levels exist (EL2,
 * EL3, and the secure debug that comes with EL3): a model states them,
 * but the machine decides (virtualization=on, secure=on; KVM has no EL3),
 * so they are neither checked against the accelerator nor written back.
 */
uint64_t arm_idreg_el_bits(unsigned reg);

/*
 * Migration. A guest must read the same ID registers on the destination
 * as on the source: the source sends what its CPU shows (N registers as
 * encoding and value pairs, the encoding op0 << 14 | op1 << 11 | crn << 7
 * | crm << 3 | op2, so that a destination with a longer or shorter table
 * still matches them up) and the destination compares it with its own.
 * arm_idreg_machine_bits() are not sent: the machine's configuration
 * travels with the machine, DZP is the guest's state and the cache
 * geometry is the host's.
 */
uint64_t arm_idreg_mig_encoding(unsigned reg);

/* Fill ENC and VAL (room for ARM_IDREG_NUM) from REGS; returns N */
unsigned arm_idregs_mig_pack(const uint64_t *regs, uint64_t *enc,
                             uint64_t *val);

/*
 * The destination's side: unpack the source's N pairs ENC, VAL into SRC
 * (ARM_IDREG_NUM values; a register the source did not send is 0),
 * checking that they are what a QEMU source sends, since the stream is
 * input like any other: N at most ARM_IDSPACE_SLOTS, each encoding once
 * and of the ID space, a register this table does not know only at 0
 * (the guest reads 0 there here), no bit that arm_idreg_machine_bits()
 * says the source leaves out, and in the bits no field describes the
 * values HERE (the destination's registers) has there. NULL when they
 * are, else a message naming the problem (freed by the caller).
 */
char *arm_idregs_mig_unpack(unsigned n, const uint64_t *enc,
                            const uint64_t *val, const uint64_t *here,
                            uint64_t *src);

/*
 * The fields in which the source's registers SRC differ from REGS, in
 * table order, but for arm_idreg_machine_bits(): up to MAX into OUT
 * (want: the source's value, have: REGS'); returns how many there are.
 */
unsigned arm_idregs_mig_diff(const uint64_t *src, const uint64_t *regs,
                             ArmIdBlocker *out, unsigned max);

/*
 * Whether the LEN bytes NAME the source sent as its CPU's name are one:
 * printable ASCII, at least one character, then NUL bytes to the end, at
 * least one of them
 */
bool arm_idregs_mig_name_ok(const uint8_t *name, size_t len);

#endif /* TARGET_ARM_CPU_MODELS_H */
