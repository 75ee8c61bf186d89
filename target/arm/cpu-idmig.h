/*
 * Arm ID registers in the migration stream
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_ARM_CPU_IDMIG_H
#define TARGET_ARM_CPU_IDMIG_H

#include "cpu-idlimit.h"

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
uint64_t arm_idmig_encoding(unsigned reg);

/* Fill ENC and VAL (room for ARM_IDREG_NUM) from REGS; returns N */
unsigned arm_idmig_pack(const uint64_t *regs, uint64_t *enc,
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
char *arm_idmig_unpack(unsigned n, const uint64_t *enc,
                       const uint64_t *val, const uint64_t *here,
                       uint64_t *src);

/*
 * The fields in which the source's registers SRC differ from REGS, in
 * table order, but for arm_idreg_machine_bits(): up to MAX into OUT
 * (want: the source's value, have: REGS'); returns how many there are.
 */
unsigned arm_idmig_diff(const uint64_t *src, const uint64_t *regs,
                        ArmIdBlocker *out, unsigned max);

/*
 * Whether the LEN bytes NAME the source sent as its CPU's name are one:
 * printable ASCII, at least one character, then NUL bytes to the end, at
 * least one of them
 */
bool arm_idmig_name_ok(const uint8_t *name, size_t len);

#endif /* TARGET_ARM_CPU_IDMIG_H */
