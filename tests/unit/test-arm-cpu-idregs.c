/*
 * Unit tests for the Arm ID-register field table and its helpers
 * (target/arm/cpu-idregs.c)
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idregs.h"

/* The table covers every bit of every register exactly once */
static void test_table_coverage(void)
{
    uint64_t covered[ARM_IDREG_NUM] = { 0 };
    unsigned i, r;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t m = arm_idfield_mask(f);

        g_assert_cmpuint(f->width, >=, 1);
        g_assert_cmpuint(f->shift + f->width, <=, 64);
        g_assert_cmphex(covered[f->reg] & m, ==, 0);
        covered[f->reg] |= m;
    }
    for (i = 0; i < arm_idres_num; i++) {
        const ArmIdRes *res = &arm_idres[i];
        uint64_t m = MAKE_64BIT_MASK(res->shift, res->width);

        g_assert_cmphex(covered[res->reg] & m, ==, 0);
        covered[res->reg] |= m;
    }
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (covered[r] != ~0ULL) {
            g_test_message("%s: bits 0x%016" PRIx64 " are not described",
                           arm_idregs[r].name, ~covered[r]);
        }
        g_assert_cmphex(covered[r], ==, ~0ULL);
    }
}

/* Register and field indexes agree; values and defaults fit their fields */
static void test_table_consistency(void)
{
    unsigned r, i, v;

    g_assert_cmpuint(ARM_IDREG_NUM, >, 40);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        const ArmIdReg *reg = &arm_idregs[r];

        g_assert_nonnull(reg->name);
        g_assert_cmpint(arm_idreg_by_name(reg->name), ==, r);
        g_assert_cmpint(arm_idreg_by_encoding(reg->op0, reg->op1, reg->crn,
                                              reg->crm, reg->op2), ==, r);
        for (i = reg->first_field; i < reg->first_field + reg->n_fields; i++) {
            g_assert_cmpuint(arm_idfields[i].reg, ==, r);
            g_assert_cmpint(arm_idfield_by_name(r, arm_idfields[i].name),
                            ==, i);
        }
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t max = MAKE_64BIT_MASK(0, f->width);

        g_assert_cmphex(f->dflt, <=, max);
        g_assert_cmphex(f->safe_val, <=, max);
        g_assert_cmpuint(f->first_val + f->n_vals, <=, arm_idvals_num);
        for (v = f->first_val; v < f->first_val + f->n_vals; v++) {
            g_assert_cmphex(arm_idvals[v].value, <=, max);
        }
    }
}

static void test_reset_defaults(void)
{
    uint64_t regs[ARM_IDREG_NUM];
    unsigned i;

    memset(regs, 0xa5, sizeof(regs));
    arm_idregs_reset(regs);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        g_assert_cmphex(arm_idfield_get(regs, i), ==, arm_idfields[i].dflt);
    }
    /* CTR_EL0 bit 31 is RES1 (Arm ARM D23.2, CTR_EL0) */
    g_assert_cmphex(regs[ARM_IDREG_CTR_EL0] & (1ULL << 31), !=, 0);
    /* A LOWER-safe feature field resets to "not implemented" */
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==, 0);
    /* ... and so does a signed one, whose "not implemented" is 0b1111 */
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_FP), ==, 0xf);
}

static void test_get_set(void)
{
    uint64_t regs[ARM_IDREG_NUM] = { 0 };

    /* ID_AA64ISAR0_EL1.AES is bits [7:4] */
    g_assert_true(arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES, 2));
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64ISAR0_EL1], ==, 0x20);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES), ==, 2);

    /* A value wider than the field is refused and changes nothing */
    g_assert_false(arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_AES, 0x10));
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64ISAR0_EL1], ==, 0x20);

    /* The top field: ID_AA64ISAR0_EL1.RNDR, bits [63:60] */
    g_assert_true(arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_RNDR, 0xf));
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64ISAR0_EL1], ==,
                    0xf000000000000020ULL);
    g_assert_true(arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_RNDR, 1));
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR0_EL1_RNDR),
                    ==, 1);

    /* The bottom field: CTR_EL0.IminLine, bits [3:0] */
    g_assert_true(arm_idfield_set(regs, ARM_IDF_CTR_EL0_IminLine, 4));
    g_assert_cmphex(regs[ARM_IDREG_CTR_EL0], ==, 4);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_CTR_EL0_IminLine), ==, 4);

    /* Other registers are untouched */
    g_assert_cmphex(regs[ARM_IDREG_ID_AA64PFR0_EL1], ==, 0);
}

static void test_signed_fields(void)
{
    uint64_t regs[ARM_IDREG_NUM] = { 0 };
    static const ArmIdFieldIdx signed_fields[] = {
        ARM_IDF_ID_AA64PFR0_EL1_FP,
        ARM_IDF_ID_AA64PFR0_EL1_AdvSIMD,
        ARM_IDF_ID_AA64MMFR0_EL1_TGRAN4,
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(signed_fields); i++) {
        ArmIdFieldIdx f = signed_fields[i];

        g_assert_true(arm_idfields[f].is_signed);
        g_assert_true(arm_idfield_set(regs, f, 0xf));
        g_assert_cmpint(arm_idfield_get_ordered(regs, f), ==, -1);
        g_assert_cmphex(arm_idfield_get(regs, f), ==, 0xf);
        g_assert_true(arm_idfield_set(regs, f, 1));
        g_assert_cmpint(arm_idfield_get_ordered(regs, f), ==, 1);
        g_assert_true(arm_idfield_set(regs, f, 0));
        g_assert_cmpint(arm_idfield_get_ordered(regs, f), ==, 0);
        g_assert_cmpint(arm_idfield_order(f, 0x8), ==, -8);
    }
    /* An unsigned field never orders below zero */
    g_assert_false(arm_idfields[ARM_IDF_ID_AA64ISAR0_EL1_AES].is_signed);
    g_assert_cmpint(arm_idfield_order(ARM_IDF_ID_AA64ISAR0_EL1_AES, 0xf),
                    ==, 15);
}

static void test_named_values(void)
{
    uint64_t v = 0;

    g_assert_true(arm_idfield_value_from_name(ARM_IDF_ID_AA64ISAR0_EL1_AES,
                                              "PMULL", &v));
    g_assert_cmphex(v, ==, 2);
    g_assert_true(arm_idfield_value_from_name(ARM_IDF_ID_AA64ISAR0_EL1_AES,
                                              "NI", &v));
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpstr(arm_idfield_value_name(ARM_IDF_ID_AA64ISAR0_EL1_AES, 1),
                    ==, "AES");
    g_assert_cmpstr(arm_idfield_value_name(ARM_IDF_ID_AA64PFR0_EL1_FP, 0xf),
                    ==, "NI");

    /* Lookups that fail */
    v = 42;
    g_assert_false(arm_idfield_value_from_name(ARM_IDF_ID_AA64ISAR0_EL1_AES,
                                               "pmull", &v));
    g_assert_false(arm_idfield_value_from_name(ARM_IDF_ID_AA64ISAR0_EL1_AES,
                                               "", &v));
    g_assert_cmphex(v, ==, 42);
    g_assert_null(arm_idfield_value_name(ARM_IDF_ID_AA64ISAR0_EL1_AES, 7));
}

static void test_lookups(void)
{
    int r = arm_idreg_by_name("ID_AA64MMFR0_EL1");

    g_assert_cmpint(r, ==, ARM_IDREG_ID_AA64MMFR0_EL1);
    g_assert_cmpint(arm_idfield_by_name(r, "TGRAN4"), ==,
                    ARM_IDF_ID_AA64MMFR0_EL1_TGRAN4);
    /* ID_AA64ISAR0_EL1 is op0=3, op1=0, CRn=0, CRm=6, op2=0 */
    g_assert_cmpint(arm_idreg_by_encoding(3, 0, 0, 6, 0), ==,
                    ARM_IDREG_ID_AA64ISAR0_EL1);
    g_assert_cmpint(arm_idreg_by_encoding(3, 3, 0, 0, 1), ==,
                    ARM_IDREG_CTR_EL0);
    g_assert_cmpint(arm_idreg_by_name("MIDR_EL1"), ==, ARM_IDREG_MIDR_EL1);

    /* Lookups that fail */
    g_assert_cmpint(arm_idreg_by_name("ID_AA64MMFR0"), ==, -1);
    g_assert_cmpint(arm_idreg_by_name("id_aa64mmfr0_el1"), ==, -1);
    g_assert_cmpint(arm_idreg_by_name(""), ==, -1);
    g_assert_cmpint(arm_idfield_by_name(r, "TGran4"), ==, -1);
    g_assert_cmpint(arm_idfield_by_name(r, "AES"), ==, -1);
    g_assert_cmpint(arm_idfield_by_name(ARM_IDREG_CTR_EL0, "IMINLINE"), ==, -1);
    g_assert_cmpint(arm_idreg_by_encoding(3, 2, 0, 0, 0), ==, -1);
}

/* Every encoding of the ID space has a slot of its own, nothing else has */
static void test_idspace_slots(void)
{
    g_autofree bool *used = g_new0(bool, ARM_IDSPACE_SLOTS);
    unsigned op1, crm, op2, r, n = 0;
    static const unsigned op1s[] = { 0, 1, 3 };

    for (op1 = 0; op1 < ARRAY_SIZE(op1s); op1++) {
        for (crm = 0; crm < 8; crm++) {
            for (op2 = 0; op2 < 8; op2++) {
                int s = arm_idspace_slot(3, op1s[op1], 0, crm, op2);

                g_assert_cmpint(s, >=, 0);
                g_assert_cmpint(s, <, ARM_IDSPACE_SLOTS);
                g_assert_false(used[s]);
                used[s] = true;
                n++;
            }
        }
    }
    g_assert_cmpuint(n, ==, ARM_IDSPACE_SLOTS);
    /* every register of the table is in the space */
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        const ArmIdReg *d = &arm_idregs[r];

        g_assert_cmpint(arm_idspace_slot(d->op0, d->op1, d->crn, d->crm,
                                         d->op2), >=, 0);
    }
    /* outside: op0 2, op1 2, CRn 1, CRm 8 */
    g_assert_cmpint(arm_idspace_slot(2, 0, 0, 1, 0), ==, -1);
    g_assert_cmpint(arm_idspace_slot(3, 2, 0, 1, 0), ==, -1);
    g_assert_cmpint(arm_idspace_slot(3, 0, 1, 0, 0), ==, -1);
    g_assert_cmpint(arm_idspace_slot(3, 0, 0, 8, 0), ==, -1);
}

/*
 * What realize hides under TCG: the TCG_UNIMPLEMENTED roles, exactly the
 * fields arm_cpu_realizefn() cleared by hand before the table had them
 */
static void test_hide_tcg_unimplemented(void)
{
    static const unsigned hidden[] = {
        ARM_IDF_ID_AA64DFR0_EL1_PMSVer, ARM_IDF_ID_AA64DFR0_EL1_TraceBuffer,
        ARM_IDF_ID_AA64DFR0_EL1_TraceFilt, ARM_IDF_ID_DFR0_EL1_TraceFilt,
        ARM_IDF_ID_AA64DFR0_EL1_TraceVer, ARM_IDF_ID_DFR0_EL1_CopTrc,
        ARM_IDF_ID_DFR0_EL1_MMapTrc, ARM_IDF_ID_AA64PFR0_EL1_AMU,
        ARM_IDF_ID_PFR0_EL1_AMU, ARM_IDF_ID_AA64PFR0_EL1_MPAM,
    };
    uint64_t regs[ARM_IDREG_NUM], before[ARM_IDREG_NUM];
    unsigned i, j, n = 0;

    memset(before, 0x11, sizeof(before));
    memcpy(regs, before, sizeof(regs));
    arm_idregs_hide_tcg_unimplemented(regs);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        bool listed = false;

        for (j = 0; j < ARRAY_SIZE(hidden); j++) {
            listed |= hidden[j] == i;
        }
        if (listed) {
            g_assert_cmphex(arm_idfield_get(regs, i), ==, 0);
            n++;
        } else {
            g_assert_cmphex(arm_idfield_get(regs, i), ==,
                            arm_idfield_get(before, i));
        }
    }
    g_assert_cmpuint(n, ==, ARRAY_SIZE(hidden));
}

/* A cache's geometry in either CCSIDR_EL1 format */
static void test_ccsidr_format(void)
{
    /* 32 KiB, 4-way, 64-byte lines: 128 sets (Arm ARM D24.2.30) */
    uint64_t legacy = (127ULL << 13) | (3ULL << 3) | 2;
    uint64_t wide = (127ULL << 32) | (3ULL << 3) | 2;

    g_assert_cmphex(arm_ccsidr_reformat(legacy, true), ==, wide);
    g_assert_cmphex(arm_ccsidr_reformat(wide, false), ==, legacy);
    /* the largest the 32-bit format holds goes both ways */
    legacy = (0x7fffULL << 13) | (0x3ffULL << 3) | 7;
    g_assert_cmphex(arm_ccsidr_reformat(arm_ccsidr_reformat(legacy, true),
                                        false), ==, legacy);
    /* the 32-bit format's write-policy bits [31:28] go */
    g_assert_cmphex(arm_ccsidr_reformat(legacy | (0xfULL << 28), true), ==,
                    arm_ccsidr_reformat(legacy, true));
}

/* The pointer-authentication algorithms, and moving a level between them */
static void test_pauth(void)
{
    uint64_t regs[ARM_IDREG_NUM] = { 0 };

    g_assert_cmpint(arm_idfield_pauth_algorithm(ARM_IDF_ID_AA64ISAR1_EL1_APA),
                    ==, ARM_PAUTH_QARMA5);
    g_assert_cmpint(arm_idfield_pauth_algorithm(ARM_IDF_ID_AA64ISAR1_EL1_GPI),
                    ==, ARM_PAUTH_IMPDEF);
    g_assert_cmpint(arm_idfield_pauth_algorithm(ARM_IDF_ID_AA64ISAR2_EL1_GPA3),
                    ==, ARM_PAUTH_QARMA3);
    g_assert_cmpint(arm_idfield_pauth_algorithm(ARM_IDF_ID_AA64ISAR1_EL1_SB),
                    ==, ARM_PAUTH_NONE);
    g_assert_cmpstr(arm_pauth_algorithm_name(ARM_PAUTH_IMPDEF), ==, "impdef");
    g_assert_cmpstr(arm_pauth_algorithm_name(ARM_PAUTH_NONE), ==, "none");

    /* QARMA5 at FEAT_FPACCOMBINE (5) with generic authentication */
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_APA, 5);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA, 1);
    g_assert_cmpint(arm_idregs_pauth_algorithm(regs), ==, ARM_PAUTH_QARMA5);
    arm_idregs_pauth_use(regs, ARM_PAUTH_IMPDEF);
    g_assert_cmpint(arm_idregs_pauth_algorithm(regs), ==, ARM_PAUTH_IMPDEF);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_API), ==, 5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPI), ==, 1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_APA), ==, 0);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA), ==, 0);
    arm_idregs_pauth_use(regs, ARM_PAUTH_QARMA3);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR2_EL1_APA3), ==,
                    5);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR2_EL1_GPA3), ==,
                    1);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_API), ==, 0);

    /* without pointer authentication there is nothing to move */
    memset(regs, 0, sizeof(regs));
    arm_idregs_pauth_use(regs, ARM_PAUTH_QARMA5);
    g_assert_cmpint(arm_idregs_pauth_algorithm(regs), ==, ARM_PAUTH_NONE);
    g_assert_cmphex(arm_idfield_get(regs, ARM_IDF_ID_AA64ISAR1_EL1_GPA), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm/idregs/pauth", test_pauth);
    g_test_add_func("/arm/idregs/ccsidr-format", test_ccsidr_format);
    g_test_add_func("/arm/idregs/table/coverage", test_table_coverage);
    g_test_add_func("/arm/idregs/table/consistency", test_table_consistency);
    g_test_add_func("/arm/idregs/reset", test_reset_defaults);
    g_test_add_func("/arm/idregs/get-set", test_get_set);
    g_test_add_func("/arm/idregs/signed", test_signed_fields);
    g_test_add_func("/arm/idregs/named-values", test_named_values);
    g_test_add_func("/arm/idregs/lookups", test_lookups);
    g_test_add_func("/arm/idregs/idspace-slots", test_idspace_slots);
    g_test_add_func("/arm/idregs/hide-tcg-unimplemented",
                    test_hide_tcg_unimplemented);
    return g_test_run();
}
