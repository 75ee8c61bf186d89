/*
 * Arm ID registers in the migration stream
 *
 * See cpu-idmig.h.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idmig.h"

uint64_t arm_idmig_encoding(unsigned reg)
{
    const ArmIdReg *r = &arm_idregs[reg];

    return (uint64_t)r->op0 << 14 | r->op1 << 11 | r->crn << 7 | r->crm << 3 |
           r->op2;
}

unsigned arm_idmig_pack(const uint64_t *regs, uint64_t *enc,
                        uint64_t *val)
{
    unsigned r, n = 0;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        uint64_t machine = arm_idreg_machine_bits(r);

        if (machine != UINT64_MAX) {
            enc[n] = arm_idmig_encoding(r);
            val[n] = regs[r] & ~machine;
            n++;
        }
    }
    return n;
}

/* The bits of register REG that no field describes */
static uint64_t reserved_bits(unsigned reg)
{
    const ArmIdReg *r = &arm_idregs[reg];
    uint64_t fields = 0;
    unsigned i;

    for (i = r->first_field; i < r->first_field + r->n_fields; i++) {
        fields |= arm_idfield_mask(&arm_idfields[i]);
    }
    return ~fields;
}

char *arm_idmig_unpack(unsigned n, const uint64_t *enc,
                       const uint64_t *val, const uint64_t *here,
                       uint64_t *src)
{
    bool seen[ARM_IDREG_NUM] = { false };
    unsigned i;

    memset(src, 0, sizeof(uint64_t) * ARM_IDREG_NUM);
    if (n > ARM_IDSPACE_SLOTS) {
        return g_strdup_printf("the source sent %u ID registers; the ID "
                               "space has %d", n, ARM_IDSPACE_SLOTS);
    }
    for (i = 0; i < n; i++) {
        unsigned op0 = extract64(enc[i], 14, 2);
        unsigned op1 = extract64(enc[i], 11, 3);
        unsigned crn = extract64(enc[i], 7, 4);
        unsigned crm = extract64(enc[i], 3, 4);
        unsigned op2 = extract64(enc[i], 0, 3);
        int r = arm_idreg_by_encoding(op0, op1, crn, crm, op2);
        uint64_t bad;

        if (enc[i] >> 16 || arm_idspace_slot(op0, op1, crn, crm, op2) < 0) {
            return g_strdup_printf("the source sent 0x%" PRIx64 " as the "
                                   "encoding of an ID register", enc[i]);
        }
        if (r < 0) {
            if (val[i]) {
                return g_strdup_printf("the source's register op0=%u "
                                       "op1=%u crn=%u crm=%u op2=%u, 0x%"
                                       PRIx64 ", is unknown here (the guest "
                                       "would read 0)", op0, op1, crn, crm,
                                       op2, val[i]);
            }
            continue;
        }
        if (seen[r]) {
            return g_strdup_printf("the source sent %s twice",
                                   arm_idregs[r].name);
        }
        seen[r] = true;
        bad = val[i] & arm_idreg_machine_bits(r);
        if (bad) {
            return g_strdup_printf("the source sent bits 0x%" PRIx64 " of "
                                   "%s, which the machine decides and a "
                                   "source leaves out", bad,
                                   arm_idregs[r].name);
        }
        bad = (val[i] ^ here[r]) & reserved_bits(r);
        if (bad) {
            return g_strdup_printf("the source's %s, 0x%" PRIx64 ", differs "
                                   "from this one's in bits 0x%" PRIx64
                                   " that no field describes",
                                   arm_idregs[r].name, val[i], bad);
        }
        src[r] = val[i];
    }
    return NULL;
}

unsigned arm_idmig_diff(const uint64_t *src, const uint64_t *regs,
                        ArmIdBlocker *out, unsigned max)
{
    unsigned i, count = 0;

    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        uint64_t mine = arm_idfield_get(regs, i);
        uint64_t theirs = arm_idfield_get(src, i);

        if ((arm_idreg_machine_bits(f->reg) & arm_idfield_mask(f)) ||
            theirs == mine) {
            continue;
        }
        if (out && count < max) {
            out[count] = (ArmIdBlocker) {
                .field = i, .want = theirs, .have = mine,
            };
        }
        count++;
    }
    return count;
}

bool arm_idmig_name_ok(const uint8_t *name, size_t len)
{
    size_t i = 0;

    while (i < len && name[i] >= 0x20 && name[i] < 0x7f) {
        i++;
    }
    if (i == 0 || i == len) {
        return false;           /* empty, or no NUL */
    }
    for (; i < len; i++) {
        if (name[i]) {
            return false;
        }
    }
    return true;
}
