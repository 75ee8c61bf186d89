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

/* The table: cpu-models-table.c (a unit test may link a table of its own) */
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

/*
 * The concrete model whose values differ from REGS in the fewest fields,
 * not counting the bits set in SKIP (or NULL), among those whose fields
 * in MATCH (a register mask array, or NULL) equal REGS' and that have a
 * bit set in each of the N_PRESENT register mask arrays at PRESENT (one
 * after the other) where REGS has one (a feature there, whatever its
 * level); the first in table order on a tie; -1 when none qualifies.
 */
int arm_cpu_model_closest(const uint64_t *regs, const uint64_t *skip,
                          const uint64_t *match, const uint64_t *present,
                          unsigned n_present);

#endif /* TARGET_ARM_CPU_MODELS_H */
