#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/arm_idregs_sysreg.py, the sysreg-file reader of
gen-idregs.py, on small inline inputs.

Run: python3 tests/scripts/test-arm-idregs-sysreg.py [-v]
"""

import os
import re
import sys
import tempfile
import textwrap
import unittest


TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))

import arm_idregs_sysreg as sysreg      # noqa: E402

# A register with a named-value field, a plain field and a reserved range.
ISAR0 = """\
# a comment
Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
UnsignedEnum\t63:60\tRNDR
\t0b0000\tNI
\t0b0001\tIMP
EndEnum
Res0\t59:8
Field\t7:4\tPlain
  # an indented comment
SignedEnum\t3:0\tFP
\t0b0000\tIMP
\t0b0001\tFP16
\t0b1111\tNI
EndEnum
EndSysreg
"""


# Registers in the ID space (op0=3, op1 in {0, 1, 3}, CRn=0, CRm<=7) and
# out of it, not in encoding order
ID_SPACE = """\
Sysreg\tCTR_EL0\t3\t3\t0\t0\t1
Res0\t63:0
EndSysreg
Sysreg\tMVFR0_EL1\t3\t0\t0\t3\t0
Res0\t63:0
EndSysreg
Sysreg\tCCSIDR_EL1\t3\t1\t0\t0\t0
Res0\t63:0
EndSysreg
Sysreg\tTTBR0_EL1\t3\t0\t2\t0\t0
Res0\t63:0
EndSysreg
Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
Res0\t63:0
EndSysreg
Sysreg\tOTHER_EL1\t3\t2\t0\t0\t0
Res0\t63:0
EndSysreg
Sysreg\tID_HIGH_EL1\t3\t0\t0\t8\t0
Res0\t63:0
EndSysreg
"""


def describe(items):
    """The items of a layout, one short line each, from bit 63 down."""
    out = []
    for it in items:
        if isinstance(it, sysreg.Reserved):
            out.append(f'{it.kind} {it.msb}:{it.lsb}')
            continue
        vals = ' '.join(f'{v.name}={v.value:#x}' for v in it.values)
        out.append(f'{it.kind} {it.name} {it.msb}:{it.lsb}' +
                   (f' {vals}' if vals else ''))
    return out


class SysregTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.sysreg = os.path.join(self.dir, 'sysreg')
        self.extra = os.path.join(self.dir, 'extra.sysreg')

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, text):
        with open(self.sysreg, 'w') as f:
            f.write(textwrap.dedent(text))
        return self.sysreg

    def parse(self, text, extra=None):
        """Read inline sysreg files; return (layouts, notes)."""
        paths = [self.write(text)]
        if extra is not None:
            with open(self.extra, 'w') as f:
                f.write(extra)
            paths.append(self.extra)
        notes = []
        regs, fieldsets = sysreg.load_sysreg(paths)
        return sysreg.resolve_layouts(regs, fieldsets, notes), notes

    def assertError(self, path, line, pattern, *args, **kwargs):
        """parse(*args) fails with 'path:line: <pattern>'."""
        with self.assertRaises(sysreg.GenError) as cm:
            self.parse(*args, **kwargs)
        self.assertRegex(str(cm.exception),
                         '^' + re.escape(f'{path}:{line}: ') + pattern)


class TestLayouts(SysregTestCase):
    def test_correct_register(self):
        layouts, notes = self.parse(ISAR0)
        self.assertEqual(list(layouts), ['ID_AA64ISAR0_EL1'])
        blk, items = layouts['ID_AA64ISAR0_EL1']
        self.assertEqual((blk.enc, blk.line), ((3, 0, 0, 6, 0), 2))
        self.assertEqual(describe(items), [
            'UnsignedEnum RNDR 63:60 NI=0x0 IMP=0x1',
            'RES0 59:8',
            'Field Plain 7:4',
            'SignedEnum FP 3:0 IMP=0x0 FP16=0x1 NI=0xf',
        ])
        self.assertEqual([it.width for it in items], [4, 52, 4, 4])
        self.assertEqual(notes, [])

    def test_forward_fields_reference(self):
        layouts, _ = self.parse("""\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Fields\tISARx_ELx
            EndSysreg

            SysregFields\tISARx_ELx
            Field\t63:32\tHI
            Res1\t31:0
            EndSysregFields
            """)
        self.assertEqual(describe(layouts['ID_AA64ISAR0_EL1'][1]),
                         ['Field HI 63:32', 'RES1 31:0'])

    def test_values_binary_hex_decimal(self):
        layouts, _ = self.parse("""\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            UnsignedEnum\t63:56\tA
            \t0b0010\tTWO
            \t0x10\tSIXTEEN
            \t10\tTEN
            \t0b1011\tELEVEN
            EndEnum
            Res0\t55:0
            EndSysreg
            """)
        # in increasing order of the value, whatever the file's order
        self.assertEqual(describe(layouts['ID_AA64ISAR0_EL1'][1])[0],
                         'UnsignedEnum A 63:56 TWO=0x2 TEN=0xa ELEVEN=0xb '
                         'SIXTEEN=0x10')

    def test_wide_fields(self):
        layouts, _ = self.parse("""\
            Sysreg\tID_AA64ISAR1_EL1\t3\t0\t0\t6\t1
            UnsignedEnum\t63:16\tWIDE
            \t0xffffffffffff\tONES
            \t0x100000000\tBIT32
            EndEnum
            Res0\t15:0
            EndSysreg
            """)
        self.assertEqual(describe(layouts['ID_AA64ISAR1_EL1'][1]), [
            'UnsignedEnum WIDE 63:16 BIT32=0x100000000 ONES=0xffffffffffff',
            'RES0 15:0'])

    def test_only_id_space(self):
        layouts, _ = self.parse(ID_SPACE)
        self.assertEqual(sorted(layouts),
                         ['CCSIDR_EL1', 'CTR_EL0', 'ID_AA64ISAR0_EL1',
                          'MVFR0_EL1'])


    def test_missing_sysregfields_outside_id_space(self):
        # Like Linux 7.2's MPAM1_EL12: ignored, with a note.
        layouts, notes = self.parse("""\
            Sysreg\tMPAM1_EL12\t3\t5\t10\t5\t0
            Fields\tMPAM1_ELx
            EndSysreg
            """ + textwrap.indent(ISAR0, '            '))
        self.assertEqual(list(layouts), ['ID_AA64ISAR0_EL1'])
        self.assertEqual(len(notes), 1)
        self.assertIn(f'{self.sysreg}:2: MPAM1_EL12 references the missing '
                      'SysregFields MPAM1_ELx', notes[0])

    def test_prefix_layout(self):
        # Linux 7.2's ICH_VMCR_EL2: an alternative layout, checked, not
        # used (outside the ID space anyway).
        layouts, _ = self.parse("""\
            Sysreg\tICH_VMCR_EL2\t3\t4\t12\t11\t7
            Prefix\tFEAT_GCIE
            Res0\t63:1
            Field\t0\tEN
            EndPrefix
            Res0\t63:0
            EndSysreg
            """)
        self.assertEqual(layouts, {})
        self.assertError(self.sysreg, 5, r'Prefix FEAT_GCIE of ICH_VMCR_EL2 '
                         r'leaves bits \[0:0\] undescribed', """\
            Sysreg\tICH_VMCR_EL2\t3\t4\t12\t11\t7
            Prefix\tFEAT_GCIE
            Res0\t63:2
            Field\t1\tEN
            EndPrefix
            Res0\t63:0
            EndSysreg
            """)

    def test_extra_file(self):
        layouts, _ = self.parse(ISAR0, extra="""\
# comment
Sysreg\tMIDR_EL1\t3\t0\t0\t0\t0
Res0\t63:32
Field\t31:0\tX
EndSysreg
""")
        self.assertEqual(sorted(layouts), ['ID_AA64ISAR0_EL1', 'MIDR_EL1'])
        self.assertEqual(layouts['MIDR_EL1'][0].path, self.extra)
        self.assertError(self.extra, 1,
                         r'ID_AA64ISAR0_EL1 is already defined at '
                         + re.escape(self.sysreg) + ':2', ISAR0,
                         extra=ISAR0.split('\n', 1)[1])

    def test_symbols(self):
        regs, fieldsets = sysreg.load_sysreg([self.write(ISAR0)])
        syms = sysreg.sysreg_symbols(regs, fieldsets)
        self.assertEqual(syms['ID_AA64ISAR0_EL1_FP_SHIFT'][0], 0)
        self.assertEqual(syms['ID_AA64ISAR0_EL1_RNDR_WIDTH'][0], 4)
        self.assertEqual(syms['ID_AA64ISAR0_EL1_FP_NI'][0], 0xf)
        self.assertEqual(syms['ID_AA64ISAR0_EL1_FP_NI'][2].name, 'FP')

    def test_qemu_reg_name(self):
        self.assertEqual([sysreg.qemu_reg_name(n) for n in
                          ('ID_AA64ISAR0_EL1', 'MVFR1_EL1', 'CTR_EL0',
                           'CLIDR_EL1', 'MIDR_EL1')],
                         ['ID_AA64ISAR0', 'MVFR1', 'CTR_EL0', 'CLIDR_EL1',
                          'MIDR_EL1'])


class TestErrors(SysregTestCase):
    def test_overlapping_fields(self):
        self.assertError(self.sysreg, 3, r'ID_AA64ISAR0_EL1\.B \[61:0\] '
                         r'overlaps bits already described', """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Field\t63:60\tA
            Field\t61:0\tB
            EndSysreg
            """)

    def test_gap_in_coverage(self):
        self.assertError(self.sysreg, 3, r'ID_AA64ISAR0_EL1\.B \[55:0\] '
                         r'leaves bits \[59:56\] of ID_AA64ISAR0_EL1 '
                         r'undescribed', """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Field\t63:60\tA
            Field\t55:0\tB
            EndSysreg
            """)

    def test_gap_at_the_end(self):
        self.assertError(self.sysreg, 3, r'ID_AA64ISAR0_EL1 leaves bits '
                         r'\[3:0\] undescribed', """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Res0\t63:4
            EndSysreg
            """)

    def test_unknown_directive(self):
        self.assertError(self.sysreg, 3, r"unknown statement 'Frobnicate' "
                         r"in Sysreg ID_AA64ISAR0_EL1 \(accepted: .*Res0",
                         """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Res0\t63:4
            Frobnicate\t3:0\tX
            EndSysreg
            """)

    def test_unknown_directive_at_top_level(self):
        self.assertError(self.sysreg, 2, r"unknown statement 'Field' "
                         r"outside a block", """\
            # comment
            Field\t3:0\tX
            """)

    def test_trailing_comment_is_not_a_comment(self):
        self.assertError(self.sysreg, 2, r"'Res0' takes 1 operand", """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Res0\t63:0\t# reserved
            EndSysreg
            """)

    def test_missing_end(self):
        self.assertError(self.sysreg, 1, r'Sysreg ID_AA64ISAR0_EL1 has no '
                         r'EndSysreg', """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Res0\t63:0
            """)

    def test_value_too_wide(self):
        self.assertError(self.sysreg, 3, r'value 0b100 of A\.BIG does not '
                         r'fit in the field.s 2 bit', """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            UnsignedEnum\t63:62\tA
            \t0b100\tBIG
            EndEnum
            Res0\t61:0
            EndSysreg
            """)

    def test_missing_sysregfields_in_id_space(self):
        self.assertError(self.sysreg, 2, r"ID_AA64ISAR0_EL1 \(in the ID "
                         r"space\) references 'Fields NOPE_ELx', but no "
                         r"'SysregFields NOPE_ELx' block exists", """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Fields\tNOPE_ELx
            EndSysreg
            """)

    def test_same_encoding(self):
        self.assertError(self.sysreg, 4, r'ID_B_EL1 has the encoding of '
                         r'ID_A_EL1 \(' + re.escape(self.sysreg) + r':1\)',
                         """\
            Sysreg\tID_A_EL1\t3\t0\t0\t6\t0
            Res0\t63:0
            EndSysreg
            Sysreg\tID_B_EL1\t3\t0\t0\t6\t0
            Res0\t63:0
            EndSysreg
            """)


if __name__ == '__main__':
    unittest.main()
