#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare QEMU's hand-written FIELD() lines with the generated table.

Usage:
    tests/scripts/compare-qemu-fields.py CPU_FEATURES_H [TABLE]

CPU_FEATURES_H is QEMU's target/arm/cpu-features.h; TABLE defaults to
target/arm/cpu-idregs.h.inc next to this script's tree. Every
'FIELD(REG, NAME, SHIFT, LEN)' whose REG is the QNAME of a register in the
table is one of:

    matched     the table has QREG REG with QFIELD NAME at the same SHIFT
                and LEN;
    mismatched  the table has that field at another position (an error:
                the exit status is 1);
    absent      the table has no field of that name in that register
                (QEMU-only names, which the C side must keep working).

FIELD() lines of registers that are not in the table at all (DBGDIDR, ...)
are listed too. Counts go to standard output.
"""

import os
import re
import sys


FIELD_RE = re.compile(r'^\s*FIELD\(\s*(\w+)\s*,\s*(\w+)\s*,\s*(\d+)\s*,'
                      r'\s*(\d+)\s*\)', re.M)
IDREG_RE = re.compile(r'^ARM_IDREG\((\w+), (\w+), ', re.M)
IDFIELD_RE = re.compile(r'^ARM_IDFIELD\(\w+, (\w+), \w+, (\w+), (\d+), (\d+),',
                        re.M)


def strip_comments(text):
    """Remove /* */ and // comments, keeping line breaks."""
    text = re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group(0)),
                  text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    header = argv[1]
    table = argv[2] if len(argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..', 'target',
        'arm', 'cpu-idregs.h.inc')
    with open(header, encoding='utf-8') as f:
        code = strip_comments(f.read())
    with open(table, encoding='utf-8') as f:
        # An ARM_IDFIELD may go on in a second line: join them
        gen = f.read().replace(',\n' + ' ' * len('ARM_IDFIELD('), ', ')

    qregs = {q: name for name, q in IDREG_RE.findall(gen)}
    fields = {(q, qf): (int(s), int(w))
              for q, qf, s, w in IDFIELD_RE.findall(gen)}
    if not qregs or not fields:
        print(f'{table}: no ARM_IDREG/ARM_IDFIELD lines', file=sys.stderr)
        return 2

    matched, mismatched, absent, other = [], [], [], []
    for m in FIELD_RE.finditer(code):
        reg, name, shift, width = m.group(1), m.group(2), int(m.group(3)), \
            int(m.group(4))
        line = code.count('\n', 0, m.start()) + 1
        desc = f'{reg}.{name} [{shift + width - 1}:{shift}]'
        if reg not in qregs:
            other.append((reg, desc))
        elif (reg, name) not in fields:
            absent.append(desc)
        elif fields[(reg, name)] != (shift, width):
            s, w = fields[(reg, name)]
            mismatched.append(f'{header}:{line}: {desc}, table '
                              f'[{s + w - 1}:{s}]')
        else:
            matched.append(desc)

    total = len(matched) + len(mismatched) + len(absent)
    print(f'FIELD() lines of the {len(qregs)} table registers: {total}: '
          f'{len(matched)} matched, {len(mismatched)} mismatched, '
          f'{len(absent)} absent from the table')
    for d in mismatched:
        print(f'  mismatched: {d}')
    for d in absent:
        print(f'  absent: {d}')
    regs = sorted({r for r, _ in other})
    print(f'FIELD() lines of other registers: {len(other)} '
          f'({", ".join(regs) if regs else "none"})')
    for _, d in other:
        print(f'  not in the table: {d}')
    return 1 if mismatched else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
