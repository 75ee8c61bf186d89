/*
 * Unit tests for the model layer of the Arm named CPU models
 * (target/arm/cpu-models.c): lookup, aliases, replay from parent to
 * child, the runnable models below one, the closest model to a CPU.
 * They run on a table of their own, generated from the model files of
 * tests/data/arm-cpu-models/fixtures/ (tests/unit/meson.build); the
 * shipped models have test-arm-cpu-models-shipped.c.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-models.h"

#define ARM_CPU_MODELS_INC "test-arm-cpu-models.h.inc"
#include "../../target/arm/cpu-models-table.c.inc"

static int model(const char *name)
{
    int m = arm_cpu_model_find(name);

    if (m < 0) {
        g_test_message("no model %s", name);
    }
    g_assert_cmpint(m, >=, 0);
    return m;
}

static uint64_t field(int m, ArmIdFieldIdx f)
{
    return arm_idfield_get(arm_cpu_model_regs(m), f);
}

/* Parents come first; every chain ends at the root; names are unique */
static void test_table(void)
{
    unsigned i, j, roots = 0;

    g_assert_cmpuint(arm_cpu_models_num, ==, 5);
    g_assert_cmpuint(arm_cpu_model_aliases_num, ==, 2);
    for (i = 0; i < arm_cpu_models_num; i++) {
        const ArmCpuModel *m = &arm_cpu_models[i];

        g_assert_cmpint(m->parent, <, (int)i);
        roots += m->parent < 0;
        g_assert_cmpint(arm_cpu_model_find(m->name), ==, i);
        g_assert_true(arm_cpu_model_derives(i, 0));
        g_assert_false(m->released);
        for (j = 0; j < m->n_sets; j++) {
            const ArmCpuModelSet *s = &arm_cpu_model_sets[m->first_set + j];

            g_assert_cmpuint(s->field, <, ARM_IDFIELD_NUM);
            g_assert_cmpuint(s->value, <=,
                             MAKE_64BIT_MASK(0, arm_idfields[s->field].width));
        }
    }
    g_assert_cmpuint(roots, ==, 1);
    g_assert_cmpstr(arm_cpu_models[0].name, ==, "base-v1");
}

/* The fixture files' parents, and which models are abstract */
static void test_hierarchy(void)
{
    static const struct {
        const char *name, *parent;
        bool abstract;
    } cases[] = {
        { "base-v1", NULL, true },
        { "mid-v1", "base-v1", true },
        { "part-a-v1", "mid-v1", false },
        { "part-b-v1", "mid-v1", false },
        { "other-v1", "base-v1", false },
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const ArmCpuModel *m = &arm_cpu_models[model(cases[i].name)];

        if (cases[i].parent) {
            g_assert_cmpstr(arm_cpu_models[m->parent].name, ==,
                            cases[i].parent);
        } else {
            g_assert_cmpint(m->parent, ==, -1);
        }
        g_assert_cmpint(m->abstract != NULL, ==, cases[i].abstract);
        g_assert_cmpstr(m->note, !=, "");
    }
    g_assert_cmpstr(arm_cpu_models[model("part-a-v1")].note, ==,
                    "Fixture part A");
}

/* Aliases resolve to one version; unknown names do not resolve */
static void test_aliases(void)
{
    g_assert_cmpint(model("part-a"), ==, model("part-a-v1"));
    g_assert_cmpint(model("other"), ==, model("other-v1"));
    g_assert_cmpstr(arm_cpu_model_alias_of(model("part-a-v1")), ==, "part-a");
    g_assert_null(arm_cpu_model_alias_of(model("part-b-v1")));
    g_assert_null(arm_cpu_model_alias_of(model("mid-v1")));
    g_assert_cmpint(arm_cpu_model_find("part-a-v0"), ==, -1);
    g_assert_cmpint(arm_cpu_model_find("part-b"), ==, -1);
    g_assert_cmpint(arm_cpu_model_find(""), ==, -1);
    g_assert_cmpint(arm_cpu_model_find("PART-A-V1"), ==, -1);
}

/* Resolving resets to the table defaults, then replays parent to child */
static void test_replay(void)
{
    uint64_t regs[ARM_IDREG_NUM], dflt[ARM_IDREG_NUM];
    int a = model("part-a-v1"), b = model("part-b-v1");
    int mid = model("mid-v1"), base = model("base-v1");
    unsigned i;

    arm_idregs_reset(dflt);
    memset(regs, 0xa5, sizeof(regs));
    arm_cpu_model_resolve(base, regs);
    for (i = 0; i < ARM_IDREG_NUM; i++) {
        uint64_t set = 0;
        unsigned j;

        for (j = 0; j < arm_cpu_models[base].n_sets; j++) {
            const ArmCpuModelSet *s = &arm_cpu_model_sets[j];

            if (arm_idfields[s->field].reg == i) {
                set |= arm_idfield_mask(&arm_idfields[s->field]);
            }
        }
        /* outside the root's own fields, the table's defaults */
        g_assert_cmphex(regs[i] & ~set, ==, dflt[i] & ~set);
    }
    /* the root's own: FP and AdvSIMD implemented (0), AMU not */
    g_assert_cmphex(field(base, ARM_IDF_ID_AA64PFR0_EL1_FP), ==, 0);
    g_assert_cmphex(field(base, ARM_IDF_ID_AA64PFR0_EL1_AMU), ==, 0);

    /* the cached result equals a fresh replay */
    arm_cpu_model_resolve(a, regs);
    g_assert_cmpmem(regs, sizeof(regs), arm_cpu_model_regs(a), sizeof(regs));

    /* a child overrides its parent, up or down */
    g_assert_cmphex(field(mid, ARM_IDF_ID_AA64MMFR2_EL1_TTL), ==, 1);
    g_assert_cmphex(field(a, ARM_IDF_ID_AA64MMFR2_EL1_TTL), ==, 0);
    g_assert_cmphex(field(mid, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==, 2);
    g_assert_cmphex(field(b, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==, 1);
    /* what a parent sets and the child does not touch is inherited */
    g_assert_cmphex(field(a, ARM_IDF_ID_AA64PFR0_EL1_DIT), ==, 1);
    g_assert_cmphex(field(b, ARM_IDF_ID_AA64MMFR2_EL1_TTL), ==, 1);
    g_assert_cmphex(field(a, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==, 2);
    /* and nothing of a sibling's */
    g_assert_cmphex(field(a, ARM_IDF_ID_AA64ISAR0_EL1_SM4), ==, 0);
    g_assert_cmphex(field(b, ARM_IDF_ID_AA64ISAR0_EL1_SHA3), ==, 0);
    g_assert_cmphex(field(model("other-v1"), ARM_IDF_ID_AA64PFR0_EL1_DIT), ==,
                    0);
    g_assert_cmphex(field(a, ARM_IDF_MIDR_EL1_PartNum), ==, 0xd40);

    /* vector lengths: bit N is (N + 1) * 128 bits */
    g_assert_cmphex(arm_cpu_models[a].sve_vq, ==, 0x3);
    g_assert_cmphex(arm_cpu_models[b].sve_vq, ==, 0);
    g_assert_cmphex(field(a, ARM_IDF_ID_AA64PFR0_EL1_SVE), ==, 1);
}

static void test_runnable_below(void)
{
    g_autofree char *mid = arm_cpu_model_runnable_below(model("mid-v1"));
    g_autofree char *base = arm_cpu_model_runnable_below(model("base-v1"));
    g_autofree char *leaf = arm_cpu_model_runnable_below(model("part-b-v1"));

    g_assert_cmpstr(mid, ==, "part-a-v1, part-b-v1");
    g_assert_cmpstr(base, ==, "other-v1, part-a-v1, part-b-v1");
    g_assert_cmpstr(leaf, ==, "part-b-v1");
    g_assert_true(arm_cpu_model_derives(model("part-a-v1"), model("mid-v1")));
    g_assert_true(arm_cpu_model_derives(model("mid-v1"), model("mid-v1")));
    g_assert_false(arm_cpu_model_derives(model("mid-v1"),
                                         model("part-a-v1")));
    g_assert_false(arm_cpu_model_derives(model("other-v1"),
                                         model("mid-v1")));
    g_assert_false(arm_cpu_model_derives(model("part-a-v1"),
                                         model("part-b-v1")));
}

/* The concrete model with the fewest differing fields */
static void test_closest(void)
{
    uint64_t regs[ARM_IDREG_NUM], skip[ARM_IDREG_NUM] = { 0 };
    uint64_t match[ARM_IDREG_NUM] = { 0 }, present[ARM_IDREG_NUM] = { 0 };
    int a = model("part-a-v1"), b = model("part-b-v1");

    /* a model is its own closest; abstract ones never are */
    g_assert_cmpint(arm_cpu_model_closest(arm_cpu_model_regs(a), NULL, NULL,
                                          NULL, 0), ==, a);
    g_assert_cmpint(arm_cpu_model_closest(arm_cpu_model_regs(b), NULL, NULL,
                                          NULL, 0), ==, b);
    g_assert_cmpint(arm_cpu_model_closest(arm_cpu_model_regs(model("mid-v1")),
                                          NULL, NULL, NULL, 0), !=,
                    model("mid-v1"));

    /* part A with B's part number and ISAR0: B (TTL, SVE), not A (4) */
    memcpy(regs, arm_cpu_model_regs(a), sizeof(regs));
    arm_idfield_set(regs, ARM_IDF_MIDR_EL1_PartNum, 0xd41);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_SM4, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 0);
    g_assert_cmpint(arm_cpu_model_closest(regs, NULL, NULL, NULL, 0), ==, b);
    /* skipped bits are not counted: without ISAR0, A is closer */
    skip[ARM_IDREG_ID_AA64ISAR0_EL1] = UINT64_MAX;
    skip[ARM_IDREG_MIDR_EL1] = UINT64_MAX;
    g_assert_cmpint(arm_cpu_model_closest(regs, skip, NULL, NULL, 0), ==, a);

    /* only models whose MATCH bits equal the CPU's qualify */
    match[ARM_IDREG_MIDR_EL1] =
        arm_idfield_mask(&arm_idfields[ARM_IDF_MIDR_EL1_PartNum]);
    g_assert_cmpint(arm_cpu_model_closest(regs, skip, match, NULL, 0), ==, b);
    arm_idfield_set(regs, ARM_IDF_MIDR_EL1_PartNum, 0xd0c);
    g_assert_cmpint(arm_cpu_model_closest(regs, NULL, match, NULL, 0), ==,
                    model("other-v1"));
    arm_idfield_set(regs, ARM_IDF_MIDR_EL1_PartNum, 0xfff);
    g_assert_cmpint(arm_cpu_model_closest(regs, NULL, match, NULL, 0), ==, -1);

    /*
     * only models with a feature where the CPU has one qualify: part B
     * with SVE is closest to B, but only A has SVE; without SVE, any model
     */
    present[ARM_IDREG_ID_AA64PFR0_EL1] =
        arm_idfield_mask(&arm_idfields[ARM_IDF_ID_AA64PFR0_EL1_SVE]);
    memcpy(regs, arm_cpu_model_regs(b), sizeof(regs));
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_SVE, 1);
    g_assert_cmpint(arm_cpu_model_closest(regs, NULL, NULL, NULL, 0), ==, b);
    g_assert_cmpint(arm_cpu_model_closest(regs, NULL, NULL, present, 1), ==,
                    a);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_SVE, 0);
    g_assert_cmpint(arm_cpu_model_closest(regs, NULL, NULL, present, 1), ==,
                    b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-models/table", test_table);
    g_test_add_func("/arm-cpu-models/hierarchy", test_hierarchy);
    g_test_add_func("/arm-cpu-models/aliases", test_aliases);
    g_test_add_func("/arm-cpu-models/replay", test_replay);
    g_test_add_func("/arm-cpu-models/runnable-below", test_runnable_below);
    g_test_add_func("/arm-cpu-models/closest", test_closest);
    return g_test_run();
}
