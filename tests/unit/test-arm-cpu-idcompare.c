/*
 * Unit tests for comparing CPUs and for the ID registers' migration
 * encoding (target/arm/cpu-idcompare.c, cpu-idmig.c), on CPUs made up
 * from the table's defaults
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../../target/arm/cpu-idaccel.h"
#include "../../target/arm/cpu-idcompare.h"
#include "../../target/arm/cpu-idmig.h"

/*
 * Two CPUs of one part (MIDR_EL1 0x410fd4f0), each with a feature the
 * other lacks: A has SHA3, B has SM4; both have SHA1 and SHA2
 */
static void cpu(uint64_t *regs, bool b)
{
    arm_idregs_reset(regs);
    arm_idfield_set(regs, ARM_IDF_MIDR_EL1_Implementer, 0x41);
    arm_idfield_set(regs, ARM_IDF_MIDR_EL1_Architecture, 0xf);
    arm_idfield_set(regs, ARM_IDF_MIDR_EL1_PartNum, 0xd4f);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_SHA1, 1);
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_SHA2, 1);
    arm_idfield_set(regs, b ? ARM_IDF_ID_AA64ISAR0_EL1_SM4
                            : ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 1);
}

static void test_compare_baseline(void)
{
    uint64_t a[ARM_IDREG_NUM], b[ARM_IDREG_NUM];
    uint64_t skip[ARM_IDREG_NUM], base[ARM_IDREG_NUM];
    uint16_t f[64];
    unsigned n;

    cpu(a, false);
    cpu(b, true);
    arm_idregs_machine_mask(skip);
    g_assert_cmpint(arm_idcompare(a, a, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_IDENTICAL);
    g_assert_cmpuint(n, ==, 0);

    /* each has what the other lacks: the two fields, in table order */
    g_assert_cmpint(arm_idcompare(a, b, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_INCOMPATIBLE);
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(f[0], ==, ARM_IDF_ID_AA64ISAR0_EL1_SM4);
    g_assert_cmpuint(f[1], ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);

    /* one field lowered: a subset, and the other way a superset */
    memcpy(base, a, sizeof(base));
    arm_idfield_set(base, ARM_IDF_ID_AA64ISAR0_EL1_SHA1, 0);
    g_assert_cmpint(arm_idcompare(base, a, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_SUBSET);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(f[0], ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA1);
    g_assert_cmpint(arm_idcompare(a, base, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_SUPERSET);

    /* a different part number: not identical, yet no less capable */
    memcpy(base, a, sizeof(base));
    arm_idfield_set(base, ARM_IDF_MIDR_EL1_PartNum, 0xd40);
    g_assert_cmpint(arm_idcompare(base, a, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_SUBSET);
    g_assert_cmpuint(f[0], ==, ARM_IDF_MIDR_EL1_PartNum);

    /* what the machine decides does not count */
    memcpy(base, a, sizeof(base));
    arm_idfield_set(base, ARM_IDF_ID_AA64PFR0_EL1_GIC, 1);
    g_assert_cmpint(arm_idcompare(base, a, skip, f, 64, &n), ==,
                    ARM_ID_COMPARE_IDENTICAL);
    g_assert_cmpint(arm_idcompare(base, a, NULL, f, 64, &n), !=,
                    ARM_ID_COMPARE_IDENTICAL);

    /* the baseline has neither's own feature and runs where both do */
    arm_idcompare_baseline(a, b, skip, base);
    g_assert_cmphex(arm_idfield_get(base, ARM_IDF_ID_AA64ISAR0_EL1_SHA3), ==,
                    0);
    g_assert_cmphex(arm_idfield_get(base, ARM_IDF_ID_AA64ISAR0_EL1_SM4), ==,
                    0);
    g_assert_cmphex(arm_idfield_get(base, ARM_IDF_ID_AA64ISAR0_EL1_SHA2), ==,
                    1);
    g_assert_cmpint(arm_idcompare(base, a, skip, NULL, 0, &n), ==,
                    ARM_ID_COMPARE_SUBSET);
    g_assert_cmpint(arm_idcompare(base, b, skip, NULL, 0, &n), ==,
                    ARM_ID_COMPARE_SUBSET);
    /* the baseline of a CPU with itself is that CPU */
    arm_idcompare_baseline(a, a, skip, base);
    g_assert_cmpmem(base, sizeof(base), a, sizeof(base));
}

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
    uint64_t enc[ARM_IDREG_NUM + 1], val[ARM_IDREG_NUM + 1];
    uint64_t a[ARM_IDREG_NUM], other[ARM_IDREG_NUM], regs[ARM_IDREG_NUM];
    ArmIdBlocker b[4];
    unsigned n, i;

    cpu(a, false);
    memcpy(regs, a, sizeof(regs));
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

    /* a CPU's field may not, nor a different CPU */
    arm_idfield_set(regs, ARM_IDF_ID_AA64ISAR0_EL1_SHA3, 0);
    g_assert_cmpuint(mig_diff(n, enc, val, regs, b, 4), ==, 1);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_ID_AA64ISAR0_EL1_SHA3);
    g_assert_cmphex(b[0].want, ==, 1);
    g_assert_cmphex(b[0].have, ==, 0);
    cpu(other, true);
    arm_idfield_set(other, ARM_IDF_MIDR_EL1_Variant, 1);
    arm_idfield_set(other, ARM_IDF_MIDR_EL1_PartNum, 0xd40);
    arm_idfield_set(other, ARM_IDF_ID_AA64PFR0_EL1_DIT, 1);
    n = mig_diff(n, enc, val, other, b, 4);
    g_assert_cmpuint(n, ==, 5);
    g_assert_cmpuint(b[0].field, ==, ARM_IDF_MIDR_EL1_Variant);

    /* pairs in any order; a register the source did not send is 0 */
    memcpy(regs, a, sizeof(regs));
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

    cpu(regs, false);
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-idcompare/compare-baseline",
                    test_compare_baseline);
    g_test_add_func("/arm-cpu-idcompare/migration-diff", test_migration_diff);
    g_test_add_func("/arm-cpu-idcompare/migration-hostile",
                    test_migration_hostile);
    return g_test_run();
}
