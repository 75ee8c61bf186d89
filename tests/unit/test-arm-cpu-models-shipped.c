/*
 * Unit tests of the shipped Arm named CPU models (target/arm/models/):
 * the hierarchy, whole registers against their sources, the pins every
 * model keeps, and the models as KVM guests and hosts of one another
 * under what the nested harness's kernels offered. The model layer's own
 * tests, on a table of their own, are in test-arm-cpu-models.c.
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
#include "arm-cpu-models-kvm-snapshot.c.inc"
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
        g_assert_true(g_regex_match_simple("-v[1-9][0-9]*$", m->name, 0, 0));
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

/*
 * The seed hierarchy of the issue, which models are abstract, and that
 * the others are released
 */
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
        { "axion-v1", "neoverse-v2-v1", false },
        { "neoverse-n2-v1", "arm-v9_0-a-v1", false },
        { "cobalt100-v1", "neoverse-n2-v1", false },
        { "yitian710-v1", "neoverse-n2-v1", false },
        { "neoverse-v3-v1", "arm-v9_0-a-v1", false },
        { "graviton5-v1", "neoverse-v3-v1", false },
        /* corrections of v1 models, from the parts' public sources */
        { "altra-v2", "altra-v1", false },
        { "graviton2-v2", "graviton2-v1", false },
        { "graviton3-v2", "graviton3-v1", false },
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
        /* released: every model that runs, none that does not */
        g_assert_cmpint(m->released, ==, !cases[i].abstract);
    }
}

/* Aliases resolve to one version; unknown names do not resolve */
static void test_aliases(void)
{
    g_assert_cmpint(model("grace"), ==, model("grace-v1"));
    g_assert_cmpint(model("graviton3"), ==, model("graviton3-v2"));
    g_assert_null(arm_cpu_model_alias_of(model("graviton3-v1")));
    g_assert_cmpstr(arm_cpu_model_alias_of(model("grace-v1")), ==, "grace");
    g_assert_null(arm_cpu_model_alias_of(model("neoverse-v2-v1")));
    g_assert_cmpint(arm_cpu_model_find("grace-v0"), ==, -1);
    g_assert_cmpint(arm_cpu_model_find(""), ==, -1);
    g_assert_cmpint(arm_cpu_model_find("GRACE-V1"), ==, -1);
}

/* Children override and inherit (the replay itself: test-arm-cpu-models) */
static void test_replay(void)
{
    int v1 = model("neoverse-v1-v1");

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
        /* Axion: V2 r0p1 with its hwcaps (all crypto, RNG) */
        { "axion-v1", ARM_IDREG_MIDR_EL1, 0x410fd4f1 },
        { "axion-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x1221111110212120 },
        /* Neoverse N2 TRM r0p3 B.5, without crypto, RNG, MTE, trace, NV */
        { "neoverse-n2-v1", ARM_IDREG_MIDR_EL1, 0x410fd493 },
        { "neoverse-n2-v1", ARM_IDREG_ID_AA64PFR0_EL1, 0x1201001120111112 },
        { "neoverse-n2-v1", ARM_IDREG_ID_AA64PFR1_EL1, 0x21 },
        { "neoverse-n2-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x0221100010210000 },
        { "neoverse-n2-v1", ARM_IDREG_ID_AA64ISAR1_EL1, 0x0011111101211052 },
        { "neoverse-n2-v1", ARM_IDREG_ID_AA64MMFR0_EL1, 0x0000022200101125 },
        { "neoverse-n2-v1", ARM_IDREG_ID_AA64DFR0_EL1, 0x000000f010305609 },
        { "neoverse-n2-v1", ARM_IDREG_ID_ISAR6_EL1, 0x01111111 },
        { "neoverse-n2-v1", ARM_IDREG_MVFR0_EL1, 0x10110222 },
        /* Cobalt 100 dump (Hyper-V guest) where it is the silicon's */
        { "cobalt100-v1", ARM_IDREG_MIDR_EL1, 0x410fd490 },
        { "cobalt100-v1", ARM_IDREG_REVIDR_EL1, 0x1 },
        { "cobalt100-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x0221111110212120 },
        { "cobalt100-v1", ARM_IDREG_ID_AA64ZFR0_EL1, 0x0000110100110021 },
        /* Yitian 710: N2 r0p0 with its hwcaps */
        { "yitian710-v1", ARM_IDREG_MIDR_EL1, 0x410fd490 },
        { "yitian710-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x0221111110212120 },
        /* Neoverse V3: a Graviton5 microVM's vCPU (host 6.18), the TRM */
        { "neoverse-v3-v1", ARM_IDREG_MIDR_EL1, 0x410fd841 },
        { "neoverse-v3-v1", ARM_IDREG_ID_AA64ISAR1_EL1, 0x0111111100211002 },
        { "neoverse-v3-v1", ARM_IDREG_ID_AA64ISAR2_EL1, 0x0000000001005102 },
        { "neoverse-v3-v1", ARM_IDREG_ID_AA64MMFR0_EL1, 0x2100022200101125 },
        { "neoverse-v3-v1", ARM_IDREG_ID_AA64MMFR1_EL1, 0x1000111010312122 },
        /* Graviton5: V3 with its crypto (no SM3/SM4) and RNG */
        { "graviton5-v1", ARM_IDREG_REVIDR_EL1, 0xb },
        { "graviton5-v1", ARM_IDREG_ID_AA64ISAR0_EL1, 0x1221100110212120 },
        { "graviton5-v1", ARM_IDREG_ID_AA64ZFR0_EL1, 0x0000100100110021 },
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
    g_assert_cmpuint(arm_idkvm_blockers(target, host, w, skip, NULL, 0),
                     ==, 0);
    n = arm_idkvm_plan(target, host, w, plan, expect);
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
        arm_idkvm_writable(k.mask, k.imp_id_regs, w);
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

/*
 * query-cpu-model-comparison and -baseline: the shipped models compare
 * as their parts do, and the baseline of any two runs where either does
 */
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
    /* each N1 part has what the other lacks (AArch32 RAS, CTR.DIC) */
    g_assert_cmpint(arm_idcompare(altra, g2, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_INCOMPATIBLE);
    g_assert_cmpuint(n, >, 0);

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
    g_assert_cmpint(arm_cpu_model_closest(grace, skip, NULL, NULL, 0), ==,
                    model("grace-v1"));
    arm_idcompare_baseline(altra, g2, skip, base);
    m = arm_cpu_model_closest(base, skip, NULL, NULL, 0);
    g_assert_true(m == model("altra-v1") || m == model("graviton2-v1") ||
                  m == model("altra-v2") || m == model("graviton2-v2") ||
                  m == model("neoverse-n1-v1"));
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

    n = arm_idkvm_blockers(arm_cpu_model_regs(model(guest)),
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
    arm_idkvm_writable(k.mask, true, w);
    check_parts("altra-v1", "graviton2-v1", w, k.unread, altra_on_g2,
                ARRAY_SIZE(altra_on_g2));
    check_parts("graviton2-v1", "altra-v1", w, k.unread, g2_on_altra,
                ARRAY_SIZE(g2_on_altra));
    /* a model on its own part's values needs nothing */
    check_parts("grace-v1", "grace-v1", w, k.unread, NULL, 0);

    /* without the capability the REVIDRs differ and cannot be changed */
    arm_idkvm_writable(k.mask, false, w);
    n = arm_idkvm_blockers(arm_cpu_model_regs(model("altra-v1")),
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
        arm_idlimit_tcg(host);
    }
    for (i = 0; i < ARRAY_SIZE(pauth_fields); i++) {
        pauth |= arm_idfield_get(base, pauth_fields[i]) != 0;
    }
    arm_idkvm_vcpu_view(host,
                              arm_idfield_get(base,
                                              ARM_IDF_ID_AA64PFR0_EL1_SVE) != 0,
                              pauth);
    return arm_idkvm_blockers(base, host, w, skip, b, max);
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
    arm_idlimit_tcg(ha);
    arm_idlimit_tcg(hb);
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
    arm_idkvm_writable(k.mask, true, w);
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
    g_test_add_func("/arm-cpu-models-shipped/table", test_table);
    g_test_add_func("/arm-cpu-models-shipped/hierarchy", test_hierarchy);
    g_test_add_func("/arm-cpu-models-shipped/aliases", test_aliases);
    g_test_add_func("/arm-cpu-models-shipped/replay", test_replay);
    g_test_add_func("/arm-cpu-models-shipped/values", test_values);
    g_test_add_func("/arm-cpu-models-shipped/invariants", test_invariants);
    g_test_add_func("/arm-cpu-models-shipped/runnable-below",
                    test_runnable_below);
    g_test_add_func("/arm-cpu-models-shipped/compare-baseline",
                    test_compare_baseline);
    g_test_add_func("/arm-cpu-models-shipped/kvm-parts", test_kvm_parts);
    g_test_add_func("/arm-cpu-models-shipped/kvm-pools", test_kvm_pools);
    g_test_add_func("/arm-cpu-models-shipped/kvm-models-not-above-host",
                    test_kvm_models_not_above_host);
    return g_test_run();
}
