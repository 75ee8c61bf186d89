/*
 * Unit tests for the Arm named CPU models (target/arm/cpu-models.c):
 * the generated table, replay from parent to child, aliases, and the
 * checks of what an accelerator can provide
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idprops.h"
#include "../../target/arm/cpu-models.h"
#include "../../target/arm/cpu-idaccel.h"
#include "../../target/arm/cpu-idcompare.h"
#include "../../target/arm/cpu-idmig.h"

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

/* Parents come first; every chain ends at one root; names are unique */
static void test_table(void)
{
    unsigned i, j, roots = 0;

    g_assert_cmpuint(arm_cpu_models_num, >, 0);
    for (i = 0; i < arm_cpu_models_num; i++) {
        const ArmCpuModel *m = &arm_cpu_models[i];

        g_assert_cmpint(m->parent, <, (int)i);
        roots += m->parent < 0;
        g_assert_cmpint(arm_cpu_model_find(m->name), ==, i);
        g_assert_true(g_str_has_suffix(m->name, "-v1"));
        g_assert_true(arm_cpu_model_derives(i, 0));
        for (j = 0; j < m->n_sets; j++) {
            const ArmCpuModelSet *s = &arm_cpu_model_sets[m->first_set + j];

            g_assert_cmpuint(s->field, <, ARM_IDFIELD_NUM);
            g_assert_cmpuint(s->value, <=,
                             MAKE_64BIT_MASK(0, arm_idfields[s->field].width));
        }
    }
    g_assert_cmpuint(roots, ==, 1);
    g_assert_cmpstr(arm_cpu_models[0].name, ==, "kvm-base-v1");
}

/* The seed hierarchy of the issue, and which models are abstract */
static void test_hierarchy(void)
{
    static const struct {
        const char *name, *parent;
        bool abstract;
    } cases[] = {
        { "kvm-base-v1", NULL, true },
        { "arm-v8_2-a-v1", "kvm-base-v1", true },
        { "arm-v8_4-a-v1", "kvm-base-v1", true },
        { "arm-v9_0-a-v1", "arm-v8_4-a-v1", true },
        { "neoverse-n1-v1", "arm-v8_2-a-v1", false },
        { "altra-v1", "neoverse-n1-v1", false },
        { "graviton2-v1", "neoverse-n1-v1", false },
        { "neoverse-v1-v1", "arm-v8_4-a-v1", false },
        { "graviton3-v1", "neoverse-v1-v1", false },
        { "neoverse-v2-v1", "arm-v9_0-a-v1", false },
        { "grace-v1", "neoverse-v2-v1", false },
        { "graviton4-v1", "neoverse-v2-v1", false },
        /* no public register values: abstract until a dump exists */
        { "ampereone-v1", "arm-v8_4-a-v1", true },
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
    }
}

/* Aliases resolve to one version; unknown names do not resolve */
static void test_aliases(void)
{
    g_assert_cmpint(model("grace"), ==, model("grace-v1"));
    g_assert_cmpint(model("graviton3"), ==, model("graviton3-v1"));
    g_assert_cmpstr(arm_cpu_model_alias_of(model("grace-v1")), ==, "grace");
    g_assert_null(arm_cpu_model_alias_of(model("neoverse-v2-v1")));
    g_assert_cmpint(arm_cpu_model_find("grace-v0"), ==, -1);
    g_assert_cmpint(arm_cpu_model_find(""), ==, -1);
    g_assert_cmpint(arm_cpu_model_find("GRACE-V1"), ==, -1);
}

/* Resolving resets to the table defaults, then replays parent to child */
static void test_replay(void)
{
    uint64_t regs[ARM_IDREG_NUM], dflt[ARM_IDREG_NUM];
    int v1 = model("neoverse-v1-v1"), base = model("kvm-base-v1");
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

    /* the cached result equals a fresh replay */
    arm_cpu_model_resolve(v1, regs);
    g_assert_cmpmem(regs, sizeof(regs), arm_cpu_model_regs(v1),
                    sizeof(regs));

    /* a child overrides its parent: Armv8.4 mandates TTL, the V1 lacks it */
    g_assert_cmphex(field(model("arm-v8_4-a-v1"),
                          ARM_IDF_ID_AA64MMFR2_EL1_TTL), ==, 1);
    g_assert_cmphex(field(v1, ARM_IDF_ID_AA64MMFR2_EL1_TTL), ==, 0);
    /* what the parent sets and the child does not touch is inherited */
    g_assert_cmphex(field(v1, ARM_IDF_ID_AA64PFR0_EL1_DIT), ==, 1);
    g_assert_cmphex(field(model("graviton3-v1"),
                          ARM_IDF_ID_AA64PFR0_EL1_DIT), ==, 1);
}

/* Whole registers of the concrete models, against their sources */
static void test_values(void)
{
    static const struct {
        const char *model;
        ArmIdRegIdx reg;
        uint64_t value;
    } cases[] = {
        /* Neoverse N1 TRM r4p1 B2.4 */
        { "neoverse-n1-v1", ARM_IDREG_MIDR_EL1, 0x414fd0c1 },
        { "neoverse-n1-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x0000100010211120 },
        { "neoverse-n1-v1", ARM_IDREG_ID_AA64MMFR1_EL1, 0x0000000010212122 },
        { "neoverse-n1-v1", ARM_IDREG_CTR_EL0, 0x8444c004 },
        { "neoverse-n1-v1", ARM_IDREG_MVFR1_EL1, 0x13211111 },
        /* Neoverse V1 TRM r1p2 3.2.4, 3.2.74 */
        { "neoverse-v1-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x1011111110212120 },
        { "neoverse-v1-v1", ARM_IDREG_ID_AA64ISAR1_EL1, 0x0011100001211032 },
        { "neoverse-v1-v1", ARM_IDREG_ID_AA64ZFR0_EL1, 0x0000100000100000 },
        /* Graviton3 dump */
        { "graviton3-v1", ARM_IDREG_MIDR_EL1, 0x411fd401 },
        { "graviton3-v1", ARM_IDREG_ID_AA64MMFR0_EL1, 0x0000000000101125 },
        /* Graviton4 dump */
        { "graviton4-v1", ARM_IDREG_MIDR_EL1, 0x410fd4f1 },
        { "graviton4-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x1221100110212120 },
        { "graviton4-v1", ARM_IDREG_ID_AA64ISAR1_EL1, 0x0011111101211052 },
        { "graviton4-v1", ARM_IDREG_ID_AA64MMFR2_EL1, 0x1221011110001011 },
        /* Grace: V2 with its MIDR and hwcaps */
        { "grace-v1", ARM_IDREG_MIDR_EL1, 0x410fd4f0 },
        { "grace-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x0221111110212120 },
        /* Altra dump */
        { "altra-v1", ARM_IDREG_CTR_EL0, 0x9444c004 },
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_test_message("%s %s", cases[i].model,
                       arm_idregs[cases[i].reg].name);
        g_assert_cmphex(arm_cpu_model_regs(model(cases[i].model))
                        [cases[i].reg], ==, cases[i].value);
    }
}

/* Every model keeps kvm-base-v1's pins; runnable ones identify a part */
static void test_invariants(void)
{
    unsigned i;

    for (i = 0; i < arm_cpu_models_num; i++) {
        const ArmCpuModel *m = &arm_cpu_models[i];

        g_test_message("%s", m->name);
        g_assert_cmphex(field(i, ARM_IDF_ID_AA64PFR0_EL1_AMU), ==, 0);
        g_assert_cmphex(field(i, ARM_IDF_ID_AA64PFR0_EL1_MPAM), ==, 0);
        g_assert_cmphex(field(i, ARM_IDF_ID_AA64DFR0_EL1_PMSVer), ==, 0);
        g_assert_cmphex(field(i, ARM_IDF_ID_AA64DFR0_EL1_BRBE), ==, 0);
        g_assert_cmphex(field(i, ARM_IDF_ID_AA64MMFR2_EL1_CCIDX), ==, 0);
        /* the machine owns the GIC fields */
        g_assert_cmphex(field(i, ARM_IDF_ID_AA64PFR0_EL1_GIC), ==, 0);
        /* SVE vector lengths exactly when the model has SVE */
        if (!m->abstract) {
            g_assert_cmpint(!!m->sve_vq, ==,
                            !!field(i, ARM_IDF_ID_AA64PFR0_EL1_SVE));
            g_assert_cmphex(field(i, ARM_IDF_MIDR_EL1_Implementer), !=, 0);
        }
    }
    g_assert_cmphex(arm_cpu_models[model("neoverse-v1-v1")].sve_vq, ==, 0x3);
    g_assert_cmphex(arm_cpu_models[model("grace-v1")].sve_vq, ==, 0x1);
}

static void test_runnable_below(void)
{
    g_autofree char *v84 = arm_cpu_model_runnable_below(model("arm-v8_4-a-v1"));
    g_autofree char *leaf = arm_cpu_model_runnable_below(model("grace-v1"));

    g_assert_nonnull(strstr(v84, "grace-v1"));
    g_assert_nonnull(strstr(v84, "graviton3-v1"));
    g_assert_null(strstr(v84, "neoverse-n1-v1"));
    g_assert_null(strstr(v84, "arm-v9_0-a-v1"));
    g_assert_cmpstr(leaf, ==, "grace-v1");
    g_assert_true(arm_cpu_model_derives(model("grace-v1"),
                                        model("arm-v8_4-a-v1")));
    g_assert_false(arm_cpu_model_derives(model("grace-v1"),
                                         model("neoverse-v1-v1")));
}

/* The accelerator rules, field by field */
static void test_limit_rules(void)
{
    /* TCG: at or below max's value, signed fields as signed */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 1,
                                        ARM_ID_LIMIT_TCG));
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 0xf, 1,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_FP, 1, 0xf,
                                        ARM_ID_LIMIT_TCG));
    /* TCG: a lower value of an EXACT field too (the kernel says no) */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8,
                                       0xa, ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8,
                                        0xa, ARM_ID_LIMIT_KERNEL));
    /* TCG: sizes with a HIGHER rule and the identification take any value */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_CTR_EL0_CWG, 9, 4,
                                       ARM_ID_LIMIT_TCG));
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_MIDR_EL1_PartNum, 0xd4f, 0,
                                       ARM_ID_LIMIT_TCG));
    /* kernel: HIGHER_OR_ZERO, EXACT or its safe value */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_CTR_EL0_CWG, 0, 4,
                                       ARM_ID_LIMIT_KERNEL));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_CTR_EL0_CWG, 3, 4,
                                        ARM_ID_LIMIT_KERNEL));
    /* exact: nothing but the accelerator's own value */
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 2, 2,
                                       ARM_ID_LIMIT_EXACT));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1, 2,
                                        ARM_ID_LIMIT_EXACT));
}

/* Blockers: the fields a limit lacks, in table order, with skips */
static void test_blockers(void)
{
    uint64_t want[ARM_IDREG_NUM], limit[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    unsigned n;

    memcpy(want, arm_cpu_model_regs(model("grace-v1")), sizeof(want));
    memcpy(limit, want, sizeof(limit));
    g_assert_cmpuint(arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_EXACT,
                                                NULL, NULL, 0), ==, 0);

    /* the host lacks SM4 and SHA3: two blockers, in table order */
    arm_idfield_set(limit, ARM_IDF_ID_AA64ISAR0_EL1_SM4, 0);
    arm_idfield_set(limit, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 0);
    n = arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG, NULL, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SM4);
    g_assert_cmphex(b[0].want, ==, 1);
    g_assert_cmphex(b[0].have, ==, 0);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* counted even when OUT has no room */
    g_assert_cmpuint(arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG,
                                                NULL, b, 1), ==, 2);

    /* skipped bits are not looked at */
    memset(skip, 0, sizeof(skip));
    skip[ARM_IDREG_ID_AA64ISAR0_EL1] =
        arm_idfield_mask(&arm_idfields[ARM_IDF_ID_AA64ISAR0_EL1_SM4]);
    n = arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG, skip, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* a fractional pair compares as base.fraction: 1.1 fits under 2.0 */
    memcpy(limit, want, sizeof(limit));
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 1);
    arm_idfield_set(limit, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    arm_idfield_set(limit, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 0);
    g_assert_cmpuint(arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG,
                                                NULL, NULL, 0), ==, 0);
    /* but 2.1 does not fit under 2.0 */
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    n = arm_idaccel_limit_blockers(want, limit, ARM_ID_LIMIT_TCG, NULL, b,
                                   ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac);
}

/* Where max's values understate TCG, the TCG limit says what TCG does */
static void test_tcg_limit(void)
{
    uint64_t regs[ARM_IDREG_NUM], ras;

    /* max: FEAT_RASv1p1 as RAS 2 in AArch64, FEAT_RAS in AArch32 */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 2);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 2);

    /* FEAT_RASv1p1 as RAS 1 and RAS_frac 1 */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR1_EL1_RAS_frac, 1);
    arm_idfield_set(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg, 1);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 2);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg), ==, 2);
    /* RASv1p1 written either way fits; RASv2 does not */
    ras = arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS);
    g_assert_true(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_RAS, 2, ras,
                                       ARM_ID_LIMIT_TCG));
    g_assert_false(arm_idaccel_field_ok(ARM_IDF_ID_AA64PFR0_EL1_RAS, 3, ras,
                                        ARM_ID_LIMIT_TCG));

    /*
     * What TCG does not implement at all is hidden before this limit is
     * taken (arm_idregs_hide_tcg_unimplemented(), test-arm-cpu-idregs)
     */

    /* max's algorithm level (QEMU's own, API) is every algorithm's */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_API, 5);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPI, 1);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_APA), ==, 5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR2_EL1_APA3), ==,
                    5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA), ==, 1);

    /* plain RAS, or no ACTLR, stays as it is */
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS, 1);
    arm_idfield_set(regs, ARM_IDF_ID_PFR0_EL1_RAS, 1);
    arm_idaccel_tcg_limit(regs);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_RAS), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_PFR0_EL1_RAS), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_MMFR0_EL1_AuxReg), ==, 0);
}

/*
 * What KVM offered in the nested harness (tests/data/arm-cpu-models/,
 * recorded by harness/nested/kvmprobe.c): a fresh vCPU's ID registers and
 * the writable masks
 */
typedef struct KvmSnapshot {
    char kernel[64];
    bool imp_id_regs;
    bool have_masks;            /* KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES */
    uint64_t value[ARM_IDREG_NUM];
    uint64_t mask[ARM_IDREG_NUM];
    bool read[ARM_IDREG_NUM];
    uint64_t unread[ARM_IDREG_NUM];     /* all ones where not read */
} KvmSnapshot;

static void load_snapshot(const char *name, KvmSnapshot *s)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "..", "data",
                                                  "arm-cpu-models", name,
                                                  NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    unsigned i, r, values = 0, masks = 0;

    memset(s, 0, sizeof(*s));
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (i = 0; lines[i]; i++) {
        const char *l = lines[i];
        g_auto(GStrv) kv = NULL;
        int reg;

        if (!g_str_has_prefix(l, "kvmprobe: ")) {
            continue;
        }
        kv = g_strsplit(l + strlen("kvmprobe: "), "=", 2);
        g_assert_nonnull(kv[1]);
        if (!strcmp(kv[0], "kernel")) {
            g_strlcpy(s->kernel, kv[1], sizeof(s->kernel));
        } else if (!strcmp(kv[0], "writable_masks")) {
            s->have_masks = !strcmp(kv[1], "supported");
        } else if (!strcmp(kv[0], "imp_id_regs_enabled")) {
            s->imp_id_regs = !strcmp(kv[1], "1");
        } else if (g_str_has_prefix(kv[0], "value.") ||
                   g_str_has_prefix(kv[0], "mask.")) {
            bool is_value = kv[0][0] == 'v';
            const char *rn = strchr(kv[0], '.') + 1;

            if (!strcmp(rn, "MPIDR_EL1")) {
                continue;       /* not an ID register of the table */
            }
            reg = arm_idreg_by_name(rn);
            g_assert_cmpint(reg, >=, 0);
            if (is_value) {
                s->value[reg] = g_ascii_strtoull(kv[1], NULL, 16);
                s->read[reg] = true;
                values++;
            } else {
                s->mask[reg] = g_ascii_strtoull(kv[1], NULL, 16);
                masks++;
            }
        }
    }
    /* CCSIDR, CCSIDR2, GMID, SMIDR and DCZID have masks but no value */
    g_assert_cmpuint(values, ==, 47);
    g_assert_cmpuint(masks, ==, s->have_masks ? 52 : 0);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        s->unread[r] = s->read[r] ? 0 : UINT64_MAX;
    }
}

/* The two harness kernels differ in what they let a VMM change */
static void test_kvm_snapshots(void)
{
    KvmSnapshot k612, k72;
    uint64_t w[ARM_IDREG_NUM];

    load_snapshot("kvm-6.12.txt", &k612);
    load_snapshot("kvm-7.2.txt", &k72);
    g_assert_true(g_str_has_prefix(k612.kernel, "6.12."));
    g_assert_true(g_str_has_prefix(k72.kernel, "7.2."));
    g_assert_false(k612.imp_id_regs);
    g_assert_true(k72.imp_id_regs);

    /* 7.2 reports MIDR writable; without the capability it is not */
    g_assert_cmphex(k72.mask[ARM_IDREG_MIDR_EL1], !=, 0);
    arm_idaccel_kvm_writable(k72.mask, false, w);
    g_assert_cmphex(w[ARM_IDREG_MIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_REVIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_AIDR_EL1], ==, 0);
    g_assert_cmphex(w[ARM_IDREG_ID_AA64ISAR0_EL1], ==,
                    k72.mask[ARM_IDREG_ID_AA64ISAR0_EL1]);
    arm_idaccel_kvm_writable(k72.mask, true, w);
    g_assert_cmphex(w[ARM_IDREG_MIDR_EL1], ==, k72.mask[ARM_IDREG_MIDR_EL1]);
    g_assert_cmphex(k612.mask[ARM_IDREG_MIDR_EL1], ==, 0);
}

static void check_kvm_rules(const KvmSnapshot *k)
{
    uint64_t w[ARM_IDREG_NUM], want[ARM_IDREG_NUM], host[ARM_IDREG_NUM];
    uint64_t expect[ARM_IDREG_NUM], readback[ARM_IDREG_NUM];
    ArmIdWrite plan[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    uint16_t bad[4];
    unsigned n;

    g_test_message("kernel %s", k->kernel);
    arm_idaccel_kvm_writable(k->mask, k->imp_id_regs, w);
    memcpy(host, k->value, sizeof(host));

    /* the host's own values: nothing to block, nothing to write */
    g_assert_cmpuint(arm_idaccel_kvm_blockers(host, host, w, k->unread,
                                              NULL, 0), ==, 0);
    g_assert_cmpuint(arm_idaccel_kvm_plan(host, host, w, plan, NULL), ==, 0);

    /* lowering a LOWER field: one write, of that register only */
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==,
                    2);
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    n = arm_idaccel_kvm_plan(want, host, w, plan, expect);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(plan[0].reg, ==, ARM_IDREG_ID_AA64ISAR0_EL1);
    g_assert_cmphex(plan[0].value, ==, want[ARM_IDREG_ID_AA64ISAR0_EL1]);
    g_assert_cmpmem(expect, sizeof(expect), want, sizeof(want));

    /* raising it above the host: a blocker naming both values */
    arm_idfield_set(host, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 2);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_AES);
    g_assert_cmphex(b[0].want, ==, 2);
    g_assert_cmphex(b[0].have, ==, 1);
    g_assert_false(b[0].fixed);
    memcpy(host, k->value, sizeof(host));

    /*
     * a signed LOWER field: TGran4 "not implemented" (0xf, -1) is below
     * the host's 52-bit 4KB granule (1), though 0xf > 1 unsigned
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64MMFR0_EL1_TGRAN4),
                    ==, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64MMFR0_EL1_TGRAN4, 0xf);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);

    /* both kernels keep FP and AdvSIMD as they are: fixed */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64PFR0_EL1_FP), ==, 1);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_FP, 0);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);

    /*
     * CTR_EL0: a smaller DminLine is safe (LOWER); CWG (HIGHER) is outside
     * both kernels' masks, so even a safe larger value is fixed
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_CTR_EL0_DminLine), >, 1);
    arm_idfield_set(want, ARM_IDF_CTR_EL0_DminLine, 1);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    arm_idfield_set(want, ARM_IDF_CTR_EL0_DminLine, 0xf);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_false(b[0].fixed);
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_CTR_EL0_CWG,
                    arm_idfield_get(host, ARM_IDF_CTR_EL0_CWG) + 1);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);

    /* a field outside the writable mask: fixed, whatever its rule */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_MIDR_EL1_PartNum, 0xd4f);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, k->imp_id_regs ? 0 : 1);
    if (n) {
        g_assert_cmpuint(b[0].field, ==, ARM_IDF_MIDR_EL1_PartNum);
        g_assert_true(b[0].fixed);
    }

    /* the kernel refuses a debug architecture below Armv8 */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_DFR0_EL1_CopDbg), >=, 6);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_CopDbg, 0);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_DFR0_EL1_CopDbg);
    g_assert_false(b[0].fixed);

    /*
     * KVM lets a VMM lower the PMU and debug versions, which the host
     * kernel calls EXACT; not below Armv8 debug, not to an IMPDEF PMU
     */
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_DebugVer),
                    >, 8);
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_PMUVer),
                    >, 4);
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_DFR0_EL1_PerfMon), >, 4);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_DebugVer, 8);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 4);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 4);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_PMUVer, 0xf);
    arm_idfield_set(want, ARM_IDF_ID_AA64DFR0_EL1_DebugVer,
                    arm_idfield_get(host, ARM_IDF_ID_AA64DFR0_EL1_DebugVer) +
                    1);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64DFR0_EL1_PMUVer);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64DFR0_EL1_DebugVer);

    /*
     * set_id_aa64pfr0_el1() refuses no AArch64 at EL0 or EL1, though EL0
     * and EL1 are writable LOWER fields (Linux 7.2; QEMU checks it for
     * every kernel), and the rule names the kernel function
     */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_EL0, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_EL1, 0);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64PFR0_EL1_EL1);
    g_assert_cmpuint(b[1].field, ==, ARM_IDF_ID_AA64PFR0_EL1_EL0);
    g_assert_false(b[0].fixed);
    {
        g_autofree char *rule = arm_idaccel_rule(&b[0]);

        g_assert_cmpstr(rule, ==,
                        "KVM refuses 0 there, set_id_aa64pfr0_el1()");
    }

    /* set_id_dfr0_el1(): an AArch32 PMU other than PMUv3, below it */
    memcpy(want, host, sizeof(want));
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 2);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpint(b[0].rule->kind, ==, ARM_IDROLE_KVM_REFUSES);
    arm_idfield_set(want, ARM_IDF_ID_DFR0_EL1_PerfMon, 0);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k->unread,
                                              NULL, 0), ==, 0);

    /*
     * A field without a rule in cpufeature.c, inside the writable mask:
     * only the host's value, not even the table's safe value
     * (arm64_check_features()); ID_PFR0_EL1.RAS is one
     */
    memcpy(want, host, sizeof(want));
    g_assert_nonnull(arm_idfield_role(ARM_IDF_ID_PFR0_EL1_RAS,
                                      ARM_IDROLE_NO_KERNEL_RULE));
    g_assert_cmphex(w[ARM_IDREG_ID_PFR0_EL1] &
                    arm_idfield_mask(&arm_idfields[ARM_IDF_ID_PFR0_EL1_RAS]),
                    !=, 0);
    arm_idfield_set(want, ARM_IDF_ID_PFR0_EL1_RAS,
                    arm_idfield_get(host, ARM_IDF_ID_PFR0_EL1_RAS) ? 0 : 1);
    n = arm_idaccel_kvm_blockers(want, host, w, k->unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_PFR0_EL1_RAS);
    g_assert_false(b[0].fixed);
    {
        g_autofree char *rule = arm_idaccel_rule(&b[0]);

        g_assert_cmpstr(rule, ==, "KVM takes only the host's value of a field "
                        "the kernel has no rule for, arm64_check_features()");
    }

    /* verification finds a register that does not read back as planned */
    memcpy(readback, host, sizeof(readback));
    g_assert_cmpuint(arm_idaccel_kvm_verify(host, readback, k->read, bad,
                                            ARRAY_SIZE(bad)), ==, 0);
    readback[ARM_IDREG_ID_AA64ISAR1_EL1] ^= 0xf0;
    g_assert_cmpuint(arm_idaccel_kvm_verify(host, readback, k->read, bad,
                                            ARRAY_SIZE(bad)), ==, 1);
    g_assert_cmpuint(bad[0], ==, ARM_IDREG_ID_AA64ISAR1_EL1);
}

/*
 * A vCPU without SVE or pointer authentication, on a host whose probe had
 * both: "off" is no blocker, though neither field is writable
 */
static void test_kvm_vcpu_view(void)
{
    uint64_t w[ARM_IDREG_NUM], host[ARM_IDREG_NUM], want[ARM_IDREG_NUM];
    ArmIdBlocker b[8];
    KvmSnapshot k;
    unsigned n;

    load_snapshot("kvm-7.2.txt", &k);
    arm_idaccel_kvm_writable(k.mask, true, w);
    memcpy(host, k.value, sizeof(host));
    memcpy(want, host, sizeof(want));
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64PFR0_EL1_SVE), ==, 1);
    g_assert_cmphex(host[ARM_IDREG_ID_AA64ZFR0_EL1], !=, 0);
    g_assert_cmphex(arm_idfield_get(host, ARM_IDF_ID_AA64ISAR1_EL1_API), !=, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64PFR0_EL1_SVE, 0);
    want[ARM_IDREG_ID_AA64ZFR0_EL1] = 0;
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_API, 0);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR1_EL1_GPI, 0);

    /* against the probe: SVE and pauth cannot be changed */
    n = arm_idaccel_kvm_blockers(want, host, w, k.unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, >=, 3);
    g_assert_true(b[0].fixed);

    /* against the vCPU that QEMU creates without them: nothing */
    arm_idaccel_kvm_vcpu_view(host, false, false);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(want, host, w, k.unread,
                                              NULL, 0), ==, 0);

    /* with the features, the view is the probe */
    memcpy(host, k.value, sizeof(host));
    arm_idaccel_kvm_vcpu_view(host, true, true);
    g_assert_cmpmem(host, sizeof(host), k.value, sizeof(k.value));
}

/*
 * Linux 6.1 has no writable masks: QEMU's checks use the host's values as
 * an EXACT limit (arm-cpu-props.c), and the write-back, with nothing
 * writable, accepts only the vCPU's own values and writes nothing
 */
static void test_kvm_no_masks(void)
{
    uint64_t w[ARM_IDREG_NUM] = { 0 }, want[ARM_IDREG_NUM];
    ArmIdWrite plan[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    ArmIdAccel a;
    KvmSnapshot k;
    unsigned n;

    load_snapshot("kvm-6.1.txt", &k);
    g_assert_true(g_str_has_prefix(k.kernel, "6.1."));
    g_assert_false(k.have_masks);
    g_assert_false(k.imp_id_regs);
    a = (ArmIdAccel) {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = k.value,
        .unknown = k.unread,
    };
    g_assert_cmpuint(arm_idaccel_blockers(&a, k.value, NULL, NULL, 0), ==,
                     0);
    g_assert_cmpuint(arm_idaccel_kvm_blockers(k.value, k.value, w, k.unread,
                                              NULL, 0), ==, 0);
    g_assert_cmpuint(arm_idaccel_kvm_plan(k.value, k.value, w, plan, NULL),
                     ==, 0);

    /* a lower AES: the property check refuses it, so would the write-back */
    memcpy(want, k.value, sizeof(want));
    g_assert_cmphex(arm_idfield_get(want, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==,
                    2);
    arm_idfield_set(want, ARM_IDF_ID_AA64ISAR0_EL1_AES, 1);
    n = arm_idaccel_blockers(&a, want, NULL, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_AES);
    n = arm_idaccel_kvm_blockers(want, k.value, w, k.unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(b[0].fixed);
}

/*
 * Does a guest reading G in field F, on a host with H, see nothing above
 * the host under the kernel's safe rule? Written out here rather than
 * through arm_idfield_value_ok(), so that the invariant below does not
 * check the code with itself: LOWER fields no higher (signed ones as
 * signed), HIGHER no lower, HIGHER_OR_ZERO no lower or 0, EXACT equal,
 * the safe value or lower (KVM takes the PMU and debug versions as LOWER)
 */
static bool not_above_host(ArmIdFieldIdx f, uint64_t g, uint64_t h)
{
    const ArmIdField *fl = &arm_idfields[f];
    int64_t go = g, ho = h;

    if (fl->is_signed) {
        go = sextract64(g, 0, fl->width);
        ho = sextract64(h, 0, fl->width);
    }
    switch (fl->safe) {
    case ARM_ID_SAFE_LOWER:
        return go <= ho;
    case ARM_ID_SAFE_HIGHER:
        return go >= ho;
    case ARM_ID_SAFE_HIGHER_OR_ZERO:
        return g == 0 || (h != 0 && go >= ho);
    default:
        return g == h || g == fl->safe_val || go < ho;
    }
}

/*
 * The invariant of the KVM path, for every shipped concrete model on every
 * harness kernel: the model checked as its check at realize does
 * (arm-cpu-models.c; a value KVM cannot provide is dropped to the host's,
 * check=on), then written back as kvm-idregs.c plans it, shows the guest
 * no field above the host's, and every field it does not drop is the
 * model's. The hosts are
 * the recorded one (TCG's max CPU in L1, above every model) and, with the
 * same kernel's writable masks, every concrete model as a host (grace-v1 on
 * a Graviton2), where models do ask for more than the host has. A kernel
 * without writable masks (6.1) writes nothing: the guest reads the host's.
 */
static unsigned check_model_on(const KvmSnapshot *k, const uint64_t *w,
                               const uint64_t *host, int m,
                               const char *host_name)
{
    uint64_t machine[ARM_IDREG_NUM], want[ARM_IDREG_NUM];
    uint64_t target[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    uint64_t expect[ARM_IDREG_NUM];
    g_autofree ArmIdBlocker *b = g_new(ArmIdBlocker, ARM_IDFIELD_NUM);
    g_autofree bool *dropped = g_new0(bool, ARM_IDFIELD_NUM);
    ArmIdWrite plan[ARM_IDREG_NUM];
    ArmIdAccel a = {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = host,
        .writable = w, .unknown = k->unread,
    };
    unsigned n, n_drop, i, r, above = 0;

    arm_idregs_machine_mask(machine);
    memcpy(want, arm_cpu_model_regs(m), sizeof(want));
    n_drop = arm_idaccel_blockers(&a, want, machine, b, ARM_IDFIELD_NUM);
    for (i = 0; i < n_drop; i++) {
        arm_idfield_set(want, b[i].field, b[i].have);
        dropped[b[i].field] = true;
    }
    /* the write-back: the model decides all but the machine's bits */
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        target[r] = (host[r] & machine[r]) | (want[r] & ~machine[r]);
        skip[r] = k->read[r] ? machine[r] : UINT64_MAX;
    }
    g_assert_cmpuint(arm_idaccel_kvm_blockers(target, host, w, skip, NULL, 0),
                     ==, 0);
    n = arm_idaccel_kvm_plan(target, host, w, plan, expect);
    if (!k->have_masks) {
        g_assert_cmpuint(n, ==, 0);
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t g = arm_idfield_get(expect, i);
        uint64_t h = arm_idfield_get(host, i);
        uint64_t model = arm_idfield_get(arm_cpu_model_regs(m), i);

        if (!k->read[f->reg] || (machine[f->reg] & arm_idfield_mask(f)) ||
            f->reg == ARM_IDREG_MIDR_EL1 || f->reg == ARM_IDREG_REVIDR_EL1 ||
            f->reg == ARM_IDREG_AIDR_EL1) {
            continue;
        }
        if (!not_above_host(i, g, h)) {
            g_test_message("%s on %s (%s): %s.%s is 0x%" PRIx64 ", the host "
                           "has 0x%" PRIx64, arm_cpu_models[m].name,
                           host_name, k->kernel, arm_idregs[f->reg].name,
                           f->name, g, h);
        }
        g_assert_true(not_above_host(i, g, h));
        above += !not_above_host(i, model, h);
        if (!dropped[i] && k->have_masks) {
            g_assert_cmphex(g, ==, model);
        }
    }
    return above;
}

static void check_models_on(const char *snapshot)
{
    uint64_t w[ARM_IDREG_NUM], host[ARM_IDREG_NUM];
    unsigned m, h, models = 0, above = 0;
    KvmSnapshot k;

    load_snapshot(snapshot, &k);
    memset(w, 0, sizeof(w));
    if (k.have_masks) {
        arm_idaccel_kvm_writable(k.mask, k.imp_id_regs, w);
    }
    for (m = 0; m < arm_cpu_models_num; m++) {
        if (arm_cpu_models[m].abstract) {
            continue;
        }
        models++;
        above += check_model_on(&k, w, k.value, m, "the recorded host");
        for (h = 0; h < arm_cpu_models_num; h++) {
            if (!arm_cpu_models[h].abstract) {
                memcpy(host, arm_cpu_model_regs(h), sizeof(host));
                above += check_model_on(&k, w, host, m,
                                        arm_cpu_models[h].name);
            }
        }
    }
    g_test_message("%s: %u models on %u hosts, %u model fields above their "
                   "host kept from the guest", k.kernel, models, models + 1,
                   above);
    g_assert_cmpuint(models, >, 0);
    g_assert_cmpuint(above, >, 0);      /* the hosts do test something */
}

static void test_kvm_models_not_above_host(void)
{
    check_models_on("kvm-6.1.txt");
    check_models_on("kvm-6.12.txt");
    check_models_on("kvm-7.2.txt");
}

static char *supported(const char *prop, const ArmIdAccel *a)
{
    const ArmIdProp *p = arm_idprop_find(prop);
    g_auto(GStrv) v = NULL;

    g_assert_nonnull(p);
    v = arm_idaccel_supported(p, a);
    return g_strjoinv(",", v);
}

/* query-arm-cpu-props-info's values, from the check of a user's property */
static void test_supported_values(void)
{
    uint64_t w[ARM_IDREG_NUM];
    ArmIdAccel a;
    KvmSnapshot k;
    char *s;

    load_snapshot("kvm-7.2.txt", &k);
    arm_idaccel_kvm_writable(k.mask, true, w);
    a = (ArmIdAccel) {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = k.value,
        .writable = w, .unknown = k.unread,
    };

    /* LOWER, the host has pmull: all three */
    s = supported("feat_AES", &a);
    g_assert_cmpstr(s, ==, "off,aes,pmull");
    g_free(s);
    /* LOWER number: CTR_EL0.DminLine up to the host's */
    g_assert_cmphex(arm_idfield_get(k.value, ARM_IDF_CTR_EL0_DminLine), ==,
                    4);
    s = supported("hw_prop_DminLine", &a);
    g_assert_cmpstr(s, ==, "0-4");
    g_free(s);
    /* not writable: the host's value only */
    s = supported("feat_FP", &a);
    g_assert_cmpstr(s, ==, "fp16");
    g_free(s);
    /* MIDR with KVM_CAP_ARM_WRITABLE_IMP_ID_REGS: any; 64-bit: a range */
    s = supported("hw_prop_PartNum", &a);
    g_assert_cmpstr(s, ==, "0-4095");
    g_free(s);
    s = supported("hw_prop_REVIDR_EL1_IMPDEF", &a);
    g_assert_cmpstr(s, ==, "0-18446744073709551615");
    g_free(s);
    /* GMID_EL1 is not read under KVM: nothing */
    s = supported("hw_prop_GMID_EL1_BS", &a);
    g_assert_cmpstr(s, ==, "");
    g_free(s);
    /* a fractional pair, each field on its own: CSV2 up to the host's */
    s = supported("feat_CSV2", &a);
    g_assert_nonnull(strstr(s, "0.0"));
    g_free(s);

    /* without the capability MIDR and REVIDR keep the host's values */
    arm_idaccel_kvm_writable(k.mask, false, w);
    s = supported("hw_prop_PartNum", &a);
    g_assert_cmpstr(s, ==, "81");
    g_free(s);
    s = supported("hw_prop_REVIDR_EL1_IMPDEF", &a);
    g_assert_cmpstr(s, ==, "0");
    g_free(s);

    /* without masks (6.1): every property its host value only */
    load_snapshot("kvm-6.1.txt", &k);
    a = (ArmIdAccel) {
        .label = "KVM", .rule = ARM_ID_LIMIT_EXACT, .value = k.value,
        .unknown = k.unread,
    };
    s = supported("feat_AES", &a);
    g_assert_cmpstr(s, ==, "pmull");
    g_free(s);
}

/*
 * query-cpu-model-comparison and -baseline: the shipped models compare
 * as their parts do, and the baseline of any two runs where either does
 */
/*
 * Migration: the source's registers as pairs, compared with the
 * destination's; the machine's bits and the cache geometry never count
 */
static unsigned mig_diff(unsigned n, const uint64_t *enc, const uint64_t *val,
                         const uint64_t *regs, ArmIdBlocker *b, unsigned max)
{
    uint64_t src[ARM_IDREG_NUM];
    g_autofree char *err = arm_idmig_unpack(n, enc, val, regs, src);

    g_assert_null(err);
    return arm_idmig_diff(src, regs, b, max);
}

static void test_migration_diff(void)
{
    int v1 = arm_cpu_model_find("neoverse-v1-v1");
    int v2 = arm_cpu_model_find("neoverse-v2-v1");
    uint64_t enc[ARM_IDREG_NUM + 1], val[ARM_IDREG_NUM + 1];
    uint64_t regs[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    unsigned n, i;

    g_assert_cmpint(v1, >=, 0);
    g_assert_cmpint(v2, >=, 0);
    memcpy(regs, arm_cpu_model_regs(v1), sizeof(regs));
    n = arm_idmig_pack(regs, enc, val);
    /* every register but CCSIDR, CCSIDR2 and CLIDR */
    g_assert_cmpuint(n, ==, ARM_IDREG_NUM - 3);
    g_assert_cmphex(enc[0], ==, 3 << 14);           /* MIDR_EL1 */
    g_assert_cmpuint(mig_diff(n, enc, val, regs, b, 4), ==, 0);

    /* the machine's fields may differ: GIC, DZP */
    arm_idfield_set(regs, ARM_IDF_ID_AA64PFR0_EL1_GIC, 1);
    arm_idfield_set(regs, ARM_IDF_DCZID_EL0_DZP, 1);
    regs[ARM_IDREG_CCSIDR_EL1] = 0x1234;
    g_assert_cmpuint(mig_diff(n, enc, val, regs, b, 4), ==, 0);

    /* a model's field may not, nor a different model */
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 0);
    g_assert_cmpuint(arm_idfield_get(arm_cpu_model_regs(v1),
                                     ARM_IDF_ID_AA64ISAR0_EL1_SHA3), ==, 1);
    g_assert_cmpuint(mig_diff(n, enc, val, regs, b, 4), ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);
    g_assert_cmphex(b[0].want, ==, 1);
    g_assert_cmphex(b[0].have, ==, 0);
    n = mig_diff(n, enc, val, arm_cpu_model_regs(v2), b, 4);
    g_assert_cmpuint(n, >, 4);          /* MIDR at least, and features */
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_MIDR_EL1_Variant);

    /* pairs in any order; a register the source did not send is 0 */
    memcpy(regs, arm_cpu_model_regs(v1), sizeof(regs));
    n = arm_idmig_pack(regs, enc, val);
    for (i = 0; i < n / 2; i++) {
        uint64_t e = enc[i], v = val[i];

        enc[i] = enc[n - 1 - i];
        val[i] = val[n - 1 - i];
        enc[n - 1 - i] = e;
        val[n - 1 - i] = v;
    }
    g_assert_cmpuint(mig_diff(n, enc, val, regs, b, 4), ==, 0);
    g_assert_cmpuint(mig_diff(n - 1, enc, val, regs, NULL, 0), >, 0);

    /* a register this table lacks: fine at 0 */
    enc[n] = 3 << 14 | 7 << 3 | 7;      /* op2 7 of CRm 7: unallocated */
    val[n] = 0;
    g_assert_cmpuint(mig_diff(n + 1, enc, val, regs, b, 4), ==, 0);
}

/* A section that no QEMU source sends: each refused, naming the problem */
static void mig_refused(unsigned n, const uint64_t *enc, const uint64_t *val,
                        const uint64_t *regs, const char *want)
{
    uint64_t src[ARM_IDREG_NUM];
    g_autofree char *err = arm_idmig_unpack(n, enc, val, regs, src);

    g_assert_nonnull(err);
    g_assert_cmpstr(err, ==, want);
}

static void test_migration_hostile(void)
{
    uint64_t enc[ARM_IDSPACE_SLOTS + 1], val[ARM_IDSPACE_SLOTS + 1];
    uint64_t regs[ARM_IDREG_NUM], e[ARM_IDSPACE_SLOTS + 1];
    uint64_t v[ARM_IDSPACE_SLOTS + 1];
    unsigned n, i;

    memcpy(regs, arm_cpu_model_regs(model("grace-v1")), sizeof(regs));
    n = arm_idmig_pack(regs, enc, val);

    /* more registers than the ID space has */
    mig_refused(ARM_IDSPACE_SLOTS + 1, enc, val, regs,
                "the source sent 193 ID registers; the ID space has 192");

    /* an encoding outside the ID space, or wider than 16 bits */
    memcpy(e, enc, sizeof(e));
    e[3] = 3 << 14 | 2 << 11;           /* op1 2 */
    mig_refused(n, e, val, regs,
                "the source sent 0xd000 as the encoding of an ID register");
    e[3] = 1ULL << 40 | enc[3];
    {
        g_autofree char *want = g_strdup_printf(
            "the source sent 0x%" PRIx64 " as the encoding of an ID register",
                                                e[3]);

        mig_refused(n, e, val, regs, want);
    }

    /* a register this table lacks, with a value the guest could not see */
    memcpy(e, enc, sizeof(e));
    memcpy(v, val, sizeof(v));
    e[n] = 3 << 14 | 7 << 3 | 7;
    v[n] = 0x10;
    mig_refused(n + 1, e, v, regs, "the source's register op0=3 op1=0 crn=0 "
                "crm=7 op2=7, 0x10, is unknown here (the guest would read "
                "0)");

    /* a register twice, even with the same value */
    memcpy(e, enc, sizeof(e));
    memcpy(v, val, sizeof(v));
    e[n] = enc[5];
    v[n] = val[5];
    mig_refused(n + 1, e, v, regs, "the source sent ID_AFR0_EL1 twice");

    /* bits the machine decides, which a source leaves out */
    memcpy(v, val, sizeof(v));
    for (i = 0; i < n && enc[i] != arm_idmig_encoding(
                                      ARM_IDREG_ID_AA64PFR0_EL1); i++) {
        continue;
    }
    g_assert_cmpuint(i, <, n);
    v[i] |= arm_idfield_mask(&arm_idfields[ARM_IDF_ID_AA64PFR0_EL1_GIC]);
    mig_refused(n, enc, v, regs, "the source sent bits 0xf000000 of "
                "ID_AA64PFR0_EL1, which the machine decides and a source "
                "leaves out");

    /* a value wider than its register's fields: MIDR_EL1 is 32 bits */
    memcpy(v, val, sizeof(v));
    g_assert_cmphex(enc[0], ==, arm_idmig_encoding(ARM_IDREG_MIDR_EL1));
    v[0] |= 1ULL << 40;
    mig_refused(n, enc, v, regs, "the source's MIDR_EL1, 0x100410fd4f0, "
                "differs from this one's in bits 0x10000000000 that no field "
                "describes");

    /* names: printable, then NUL to the end */
    g_assert_true(arm_idmig_name_ok((const uint8_t *)"grace-v1\0\0\0",
                                    11));
    g_assert_false(arm_idmig_name_ok((const uint8_t *)"grace-v1x", 9));
    g_assert_false(arm_idmig_name_ok((const uint8_t *)"\0\0", 2));
    g_assert_false(arm_idmig_name_ok((const uint8_t *)"a\1\0", 3));
    g_assert_false(arm_idmig_name_ok((const uint8_t *)"a\0b\0", 4));
}

static void test_compare_baseline(void)
{
    const uint64_t *altra = arm_cpu_model_regs(model("altra-v1"));
    const uint64_t *g2 = arm_cpu_model_regs(model("graviton2-v1"));
    const uint64_t *grace = arm_cpu_model_regs(model("grace-v1"));
    uint64_t skip[ARM_IDREG_NUM], base[ARM_IDREG_NUM];
    uint16_t f[64];
    unsigned n, a, b;
    int m;

    arm_idregs_machine_mask(skip);
    g_assert_cmpint(arm_idcompare(grace, grace, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_IDENTICAL);
    g_assert_cmpuint(n, ==, 0);

    /* each N1 part has what the other lacks (AArch32 RAS, CTR.DIC) */
    g_assert_cmpint(arm_idcompare(altra, g2, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_INCOMPATIBLE);
    g_assert_cmpuint(n, >, 0);

    /* one field lowered: a subset, and the other way a superset */
    memcpy(base, grace, sizeof(base));
    arm_idfield_set(base, ARM_IDF_ID_AA64ISAR0_EL1_SHA1, 0);
    g_assert_cmpint(arm_idcompare(base, grace, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_SUBSET);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(f[0], ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA1);
    g_assert_cmpint(arm_idcompare(grace, base, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_SUPERSET);

    /* a different part number: not identical, yet no less capable */
    memcpy(base, grace, sizeof(base));
    arm_idfield_set(base, ARM_IDF_MIDR_EL1_PartNum, 0xd40);
    g_assert_cmpint(arm_idcompare(base, grace, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_SUBSET);
    g_assert_cmpuint(f[0], ==, ARM_IDF_MIDR_EL1_PartNum);

    /* every pair of concrete models: the baseline runs where both do */
    for (a = 0; a < arm_cpu_models_num; a++) {
        for (b = 0; b < arm_cpu_models_num; b++) {
            const uint64_t *ra = arm_cpu_model_regs(a);
            const uint64_t *rb = arm_cpu_model_regs(b);
            ArmIdCompare ca, cb;

            if (arm_cpu_models[a].abstract || arm_cpu_models[b].abstract) {
                continue;
            }
            arm_idcompare_baseline(ra, rb, skip, base);
            ca = arm_idcompare(base, ra, skip, NULL, 0, &n);
            cb = arm_idcompare(base, rb, skip, NULL, 0, &n);
            g_assert_true(ca == ARM_ID_COMPARE_IDENTICAL ||
                          ca == ARM_ID_COMPARE_SUBSET);
            g_assert_true(cb == ARM_ID_COMPARE_IDENTICAL ||
                          cb == ARM_ID_COMPARE_SUBSET);
            if (a == b) {
                g_assert_cmpmem(base, sizeof(base), ra, sizeof(base));
            }
        }
    }

    /* the closest model: a model is its own; Altra with Graviton2, an N1 */
    g_assert_cmpint(arm_cpu_model_closest(grace, skip, NULL), ==,
                    model("grace-v1"));
    arm_idcompare_baseline(altra, g2, skip, base);
    m = arm_cpu_model_closest(base, skip, NULL);
    g_assert_true(m == model("altra-v1") || m == model("graviton2-v1") ||
                  m == model("neoverse-n1-v1"));
}

/* The kernel's rules against what each harness kernel offered */
static void test_kvm_rules(void)
{
    KvmSnapshot k;

    load_snapshot("kvm-6.12.txt", &k);
    check_kvm_rules(&k);
    load_snapshot("kvm-7.2.txt", &k);
    check_kvm_rules(&k);
}

/*
 * Migration between real parts, with the models as the hosts' values and
 * 7.2's masks: Altra and Graviton2 are both Neoverse N1 r3p1, yet each
 * has what the other lacks, so neither model runs on the other's host
 */
typedef struct PartBlocker {
    ArmIdFieldIdx field;
    bool fixed;
} PartBlocker;

static void check_parts(const char *guest, const char *host,
                        const uint64_t *w, const uint64_t *skip,
                        const PartBlocker *expect, unsigned n_expect)
{
    ArmIdBlocker b[8];
    unsigned n, i;

    n = arm_idaccel_kvm_blockers(arm_cpu_model_regs(model(guest)),
                                 arm_cpu_model_regs(model(host)), w, skip, b,
                                 ARRAY_SIZE(b));
    for (i = 0; i < MIN(n, ARRAY_SIZE(b)); i++) {
        g_test_message("%s on %s: %s.%s", guest, host,
                       arm_idregs[arm_idfields[b[i].field].reg].name,
                       arm_idfields[b[i].field].name);
    }
    g_assert_cmpuint(n, ==, n_expect);
    for (i = 0; i < n; i++) {
        g_assert_cmpuint(b[i].field, ==, expect[i].field);
        g_assert_cmpint(b[i].fixed, ==, expect[i].fixed);
    }
}

static void test_kvm_parts(void)
{
    static const PartBlocker altra_on_g2[] = {
        /* EXACT: 1 is neither the host's 0 nor the safe 0 */
        { ARM_IDF_ID_PFR0_EL1_RAS, false },
        { ARM_IDF_ID_AA64MMFR2_EL1_EVT, true }, /* outside the mask */
    };
    static const PartBlocker g2_on_altra[] = {
        /*
         * ID_PFR0_EL1.RAS has no rule in cpufeature.c: KVM takes only the
         * host's value, not even the lower 0 (arm64_check_features())
         */
        { ARM_IDF_ID_PFR0_EL1_RAS, false },
        { ARM_IDF_ID_AA64MMFR2_EL1_EVT, true },   /* not even lower */
        { ARM_IDF_ID_AA64MMFR2_EL1_IESB, false }, /* LOWER: 1 above 0 */
        { ARM_IDF_CTR_EL0_DIC, false },
    };
    KvmSnapshot k;
    uint64_t w[ARM_IDREG_NUM];
    ArmIdBlocker b[8];
    unsigned n;

    load_snapshot("kvm-7.2.txt", &k);
    arm_idaccel_kvm_writable(k.mask, true, w);
    check_parts("altra-v1", "graviton2-v1", w, k.unread, altra_on_g2,
                ARRAY_SIZE(altra_on_g2));
    check_parts("graviton2-v1", "altra-v1", w, k.unread, g2_on_altra,
                ARRAY_SIZE(g2_on_altra));
    /* a model on its own part's values needs nothing */
    check_parts("grace-v1", "grace-v1", w, k.unread, NULL, 0);

    /* without the capability the REVIDRs differ and cannot be changed */
    arm_idaccel_kvm_writable(k.mask, false, w);
    n = arm_idaccel_kvm_blockers(arm_cpu_model_regs(model("altra-v1")),
                                 arm_cpu_model_regs(model("graviton2-v1")),
                                 w, k.unread, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_REVIDR_EL1_IMPDEF);
    g_assert_true(b[0].fixed);
}

/*
 * Which hosts can share a CPU, so that a guest migrates between them: for
 * every pair of concrete models as the two hosts' values, under 7.2's
 * masks, the blockers of their baseline on each (the vCPU created with or
 * without SVE and pointer authentication as the baseline has them). The
 * nested migration test's hosts (harness/nested.py: grace-v1 and
 * graviton4-v1 under TCG; there without pointer authentication, which
 * the two have alike) must share it;
 * hosts of different cores do not: FWB, IDS, EVT and NV are outside the
 * masks (KVM shows the host's), and a host without AArch32 has CopDbg 0,
 * which KVM refuses to write on one with it.
 */
static unsigned pool_blockers(const uint64_t *base, const uint64_t *part,
                              bool tcg, const uint64_t *w,
                              const uint64_t *skip, ArmIdBlocker *b,
                              unsigned max)
{
    uint64_t host[ARM_IDREG_NUM];
    bool pauth = false;
    unsigned i;
    static const ArmIdFieldIdx pauth_fields[] = {
        ARM_IDF_ID_AA64ISAR1_EL1_APA, ARM_IDF_ID_AA64ISAR1_EL1_API,
        ARM_IDF_ID_AA64ISAR2_EL1_APA3,
    };

    memcpy(host, part, sizeof(host));
    if (tcg) {
        arm_idaccel_tcg_limit(host);
    }
    for (i = 0; i < ARRAY_SIZE(pauth_fields); i++) {
        pauth |= arm_idfield_get(base, pauth_fields[i]) != 0;
    }
    arm_idaccel_kvm_vcpu_view(host,
                              arm_idfield_get(base,
                                              ARM_IDF_ID_AA64PFR0_EL1_SVE) != 0,
                              pauth);
    return arm_idaccel_kvm_blockers(base, host, w, skip, b, max);
}

static bool blocked_by(const ArmIdBlocker *b, unsigned n, ArmIdFieldIdx f,
                       bool fixed)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        if (b[i].field == f) {
            return b[i].fixed == fixed;
        }
    }
    return false;
}

/* the baseline of two parts as TCG makes them (L1 hosts) */
static void tcg_baseline(const char *a, const char *b, const uint64_t *skip,
                         uint64_t *base)
{
    uint64_t ha[ARM_IDREG_NUM], hb[ARM_IDREG_NUM];

    memcpy(ha, arm_cpu_model_regs(model(a)), sizeof(ha));
    memcpy(hb, arm_cpu_model_regs(model(b)), sizeof(hb));
    arm_idaccel_tcg_limit(ha);
    arm_idaccel_tcg_limit(hb);
    arm_idcompare_baseline(ha, hb, skip, base);
}

static void test_kvm_pools(void)
{
    uint64_t w[ARM_IDREG_NUM], machine[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    uint64_t base[ARM_IDREG_NUM];
    ArmIdBlocker b[64];
    unsigned a, c, r, n, na, nb, shared = 0;
    KvmSnapshot k;

    load_snapshot("kvm-7.2.txt", &k);
    arm_idaccel_kvm_writable(k.mask, true, w);
    arm_idregs_machine_mask(machine);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        skip[r] = k.unread[r] | machine[r];
    }

    for (a = 0; a < arm_cpu_models_num; a++) {
        for (c = a + 1; c < arm_cpu_models_num; c++) {
            if (arm_cpu_models[a].abstract || arm_cpu_models[c].abstract) {
                continue;
            }
            arm_idcompare_baseline(arm_cpu_model_regs(a), arm_cpu_model_regs(c),
                                   skip, base);
            na = pool_blockers(base, arm_cpu_model_regs(a), false, w, skip,
                               b, ARRAY_SIZE(b));
            nb = pool_blockers(base, arm_cpu_model_regs(c), false, w, skip,
                               b, ARRAY_SIZE(b));
            if (na || nb) {
                continue;
            }
            g_test_message("under 7.2, %s and %s share a CPU",
                           arm_cpu_models[a].name, arm_cpu_models[c].name);
            shared++;
            /* only parts of one core do */
            g_assert_cmphex(field(a, ARM_IDF_MIDR_EL1_PartNum), ==,
                            field(c, ARM_IDF_MIDR_EL1_PartNum));
        }
    }
    g_assert_cmpuint(shared, >=, 3);

    /* the nested test's hosts, as TCG makes them */
    tcg_baseline("grace-v1", "graviton4-v1", skip, base);
    g_assert_cmpuint(pool_blockers(base, arm_cpu_model_regs(model("grace-v1")),
                                   true, w, skip, NULL, 0), ==, 0);
    g_assert_cmpuint(pool_blockers(base,
                                   arm_cpu_model_regs(model("graviton4-v1")),
                                   true, w, skip, NULL, 0), ==, 0);
    /* ... and what each has that the other lacks is not in it */
    g_assert_cmpuint(arm_idfield_get(base, ARM_IDF_ID_AA64ISAR0_EL1_SM3), ==,
                     0);
    g_assert_cmpuint(arm_idfield_get(base, ARM_IDF_ID_AA64ISAR0_EL1_RNDR), ==,
                     0);

    /* a V1 and an N1: the V1 cannot hide FWB, IDS, EVT */
    tcg_baseline("neoverse-v1-v1", "neoverse-n1-v1", skip, base);
    n = pool_blockers(base, arm_cpu_model_regs(model("neoverse-v1-v1")), true,
                      w, skip, b, ARRAY_SIZE(b));
    g_assert_true(blocked_by(b, n, ARM_IDF_ID_AA64MMFR2_EL1_FWB, true));
    g_assert_true(blocked_by(b, n, ARM_IDF_ID_AA64MMFR2_EL1_IDS, true));
    g_assert_true(blocked_by(b, n, ARM_IDF_ID_AA64MMFR2_EL1_EVT, true));
    /*
     * nor can the N1 take the baseline's ID_PFR0_EL1.RAS 0: the field has
     * no rule in cpufeature.c, so KVM takes only the host's value
     * (arm64_check_features())
     */
    n = pool_blockers(base, arm_cpu_model_regs(model("neoverse-n1-v1")), true,
                      w, skip, b, ARRAY_SIZE(b));
    g_assert_cmpuint(n, ==, 1);
    g_assert_true(blocked_by(b, n, ARM_IDF_ID_PFR0_EL1_RAS, false));
    g_assert_nonnull(b[0].rule);
    g_assert_cmpint(b[0].rule->kind, ==, ARM_IDROLE_NO_KERNEL_RULE);

    /*
     * a V1 and a V2: the V2, without AArch32, has CopDbg 0, which KVM
     * refuses to write on the V1 (below Armv8)
     */
    arm_idcompare_baseline(arm_cpu_model_regs(model("neoverse-v1-v1")),
                           arm_cpu_model_regs(model("neoverse-v2-v1")), skip,
                           base);
    n = pool_blockers(base, arm_cpu_model_regs(model("neoverse-v1-v1")),
                      false, w, skip, b, ARRAY_SIZE(b));
    g_assert_true(blocked_by(b, n, ARM_IDF_ID_DFR0_EL1_CopDbg, false));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-models/table", test_table);
    g_test_add_func("/arm-cpu-models/hierarchy", test_hierarchy);
    g_test_add_func("/arm-cpu-models/aliases", test_aliases);
    g_test_add_func("/arm-cpu-models/replay", test_replay);
    g_test_add_func("/arm-cpu-models/values", test_values);
    g_test_add_func("/arm-cpu-models/invariants", test_invariants);
    g_test_add_func("/arm-cpu-models/runnable-below", test_runnable_below);
    g_test_add_func("/arm-cpu-models/limit-rules", test_limit_rules);
    g_test_add_func("/arm-cpu-models/blockers", test_blockers);
    g_test_add_func("/arm-cpu-models/tcg-limit", test_tcg_limit);
    g_test_add_func("/arm-cpu-models/kvm-snapshots", test_kvm_snapshots);
    g_test_add_func("/arm-cpu-models/kvm-rules", test_kvm_rules);
    g_test_add_func("/arm-cpu-models/kvm-parts", test_kvm_parts);
    g_test_add_func("/arm-cpu-models/kvm-pools", test_kvm_pools);
    g_test_add_func("/arm-cpu-models/kvm-vcpu-view", test_kvm_vcpu_view);
    g_test_add_func("/arm-cpu-models/kvm-no-masks", test_kvm_no_masks);
    g_test_add_func("/arm-cpu-models/kvm-models-not-above-host",
                    test_kvm_models_not_above_host);
    g_test_add_func("/arm-cpu-models/migration-diff", test_migration_diff);
    g_test_add_func("/arm-cpu-models/migration-hostile",
                    test_migration_hostile);
    g_test_add_func("/arm-cpu-models/supported-values",
                    test_supported_values);
    g_test_add_func("/arm-cpu-models/compare-baseline",
                    test_compare_baseline);
    return g_test_run();
}
