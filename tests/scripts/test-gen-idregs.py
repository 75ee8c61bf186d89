#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/gen-idregs.py on small inline inputs.

Run: python3 tests/scripts/test-gen-idregs.py [-v]

The drift test regenerates target/arm/cpu-idregs.h.inc from the kernel
files and compares it byte for byte; it runs only when ARMCPU_LINUX_SYSREG
names the directory that harness/fetch-linux-sysreg.sh prints.
"""

import contextlib
import importlib.util
import io
import os
import re
import sys
import tempfile
import textwrap
import unittest


TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
GEN = os.path.join(TOP, 'scripts', 'gen-idregs.py')
EXTRA = os.path.join(TOP, 'scripts', 'arm-idregs-extra.sysreg')
ROLES = os.path.join(TOP, 'scripts', 'arm-idregs-roles')
TABLE = os.path.join(TOP, 'target', 'arm', 'cpu-idregs.h.inc')

spec = importlib.util.spec_from_file_location('gen_idregs', GEN)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

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

ISAR0_FTR = """\
static const struct arm64_ftr_bits ftr_id_aa64isar0[] = {
\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, FTR_LOWER_SAFE,
\t\t       ID_AA64ISAR0_EL1_RNDR_SHIFT, 4, 0),
\tS_ARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, FTR_LOWER_SAFE,
\t\t\t ID_AA64ISAR0_EL1_FP_SHIFT, 4, ID_AA64ISAR0_EL1_FP_NI),
\tARM64_FTR_END,
};
"""


def table(*entries):
    """cpufeature.c's arm64_ftr_regs[] with @entries."""
    body = ''.join(f'\t{e},\n' for e in entries)
    return ('static const struct __ftr_reg_entry {\n\tu32 sys_id;\n'
            '\tstruct arm64_ftr_reg *reg;\n} arm64_ftr_regs[] = {\n'
            f'{body}}};\n')


def lines(text, prefix):
    """The items of the table @text starting with @prefix, one a line."""
    text = gen.join_lines(text)
    return [ln for ln in text.split('\n') if ln.startswith(prefix)]


class GenTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.sysreg = os.path.join(self.dir, gen.SYSREG_PATH)
        self.cpufeature = os.path.join(self.dir, gen.CPUFEATURE_PATH)
        os.makedirs(os.path.dirname(self.sysreg))
        os.makedirs(os.path.dirname(self.cpufeature))
        with open(os.path.join(self.dir, 'SOURCE'), 'w') as f:
            f.write('Linux 0.0.0 (test)\n')

    def tearDown(self):
        self.tmp.cleanup()

    def run_gen(self, sysreg, cpufeature=None, extra=None, roles=None):
        """Generate from inline inputs; return (text, counts, notes)."""
        if cpufeature is None:
            cpufeature = table()
        with open(self.sysreg, 'w') as f:
            f.write(textwrap.dedent(sysreg))
        with open(self.cpufeature, 'w') as f:
            f.write(cpufeature)
        extras = []
        if extra is not None:
            path = os.path.join(self.dir, 'extra.sysreg')
            with open(path, 'w') as f:
                f.write(extra)
            extras.append(path)
        roles_path = None
        if roles is not None:
            roles_path = os.path.join(self.dir, 'roles')
            with open(roles_path, 'w') as f:
                f.write(textwrap.dedent(roles))
        return gen.generate(self.sysreg, self.cpufeature, extras,
                            gen.linux_source(self.dir), roles_path)

    def assertError(self, path, line, pattern, *args, **kwargs):
        """run_gen(*args) fails with 'path:line: <pattern>'."""
        with self.assertRaises(gen.GenError) as cm:
            self.run_gen(*args, **kwargs)
        self.assertRegex(str(cm.exception),
                         '^' + re.escape(f'{path}:{line}: ') + pattern)


class TestSysreg(GenTestCase):
    def test_correct_register(self):
        text, counts, _ = self.run_gen(
            ISAR0, ISAR0_FTR +
            table('ARM64_FTR_REG(SYS_ID_AA64ISAR0_EL1, ftr_id_aa64isar0)'))
        self.assertTrue(all(len(ln) <= 80 for ln in text.split('\n')))
        self.assertIn('ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, RNDR, '
                      'RNDR,\n            60, 4, 0, LOWER, 0x0, 0x0, 0, 2)',
                      text)
        self.assertEqual(lines(text, 'ARM_'), [
            'ARM_IDREG(ID_AA64ISAR0_EL1, ID_AA64ISAR0, 3, 0, 0, 6, 0, 0, 3)',
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, RNDR, RNDR, 60, 4, '
            '0, LOWER, 0x0, 0x0, 0, 2)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, RNDR, 0x0, NI)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, RNDR, 0x1, IMP)',
            'ARM_IDRES(ID_AA64ISAR0_EL1, 8, 52, RES0)',
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, Plain, PLAIN, 4, 4, '
            '0, EXACT, 0x0, 0x0, 2, 0)',
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, FP, FP, 0, 4, 1, '
            'LOWER, 0xf, 0xf, 2, 3)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, FP, 0x0, IMP)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, FP, 0x1, FP16)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, FP, 0xf, NI)',
        ])
        self.assertEqual(counts, dict(registers=1, fields=3, values=5,
                                      reserved=1, no_rule=1, roles=0))
        self.assertTrue(text.startswith(
            '/* SPDX-License-Identifier: GPL-2.0-or-later */\n/*\n'
            ' * Generated by scripts/gen-idregs.py from\n'
            ' * Linux 0.0.0 (test): do not edit.\n'))
        self.assertIn(' * Regenerate with:\n'
                      ' *   scripts/gen-idregs.py --extra '
                      'scripts/arm-idregs-extra.sysreg \\\n'
                      ' *       --roles scripts/arm-idregs-roles '
                      'LINUX_PATH \\\n'
                      ' *       target/arm/cpu-idregs.h.inc\n', text)

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

    def test_forward_fields_reference(self):
        text, _, _ = self.run_gen("""\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Fields\tISARx_ELx
            EndSysreg

            SysregFields\tISARx_ELx
            Field\t63:32\tHI
            Res1\t31:0
            EndSysregFields
            """)
        self.assertEqual(lines(text, 'ARM_ID')[1:], [
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, HI, HI, 32, 32, 0, '
            'EXACT, 0x0, 0x0, 0, 0)',
            'ARM_IDRES(ID_AA64ISAR0_EL1, 0, 32, RES1)',
        ])

    def test_missing_sysregfields_in_id_space(self):
        self.assertError(self.sysreg, 2, r"ID_AA64ISAR0_EL1 \(in the ID "
                         r"space\) references 'Fields NOPE_ELx', but no "
                         r"'SysregFields NOPE_ELx' block exists", """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Fields\tNOPE_ELx
            EndSysreg
            """)

    def test_missing_sysregfields_outside_id_space(self):
        # Like Linux 7.2's MPAM1_EL12: ignored, with a note.
        text, counts, notes = self.run_gen("""\
            Sysreg\tMPAM1_EL12\t3\t5\t10\t5\t0
            Fields\tMPAM1_ELx
            EndSysreg
            """ + textwrap.indent(ISAR0, '            '))
        self.assertEqual(counts['registers'], 1)
        self.assertNotIn('MPAM1', text)
        self.assertEqual(len(notes), 1)
        self.assertIn(f'{self.sysreg}:2: MPAM1_EL12 references the missing '
                      'SysregFields MPAM1_ELx', notes[0])

    def test_prefix_layout(self):
        # Linux 7.2's ICH_VMCR_EL2: an alternative layout, checked, not
        # emitted (outside the ID space anyway).
        text, counts, _ = self.run_gen("""\
            Sysreg\tICH_VMCR_EL2\t3\t4\t12\t11\t7
            Prefix\tFEAT_GCIE
            Res0\t63:1
            Field\t0\tEN
            EndPrefix
            Res0\t63:0
            EndSysreg
            """)
        self.assertEqual(counts['registers'], 0)
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

    def test_values_binary_hex_decimal(self):
        text, _, _ = self.run_gen("""\
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
        self.assertEqual(lines(text, 'ARM_IDVAL'), [
            'ARM_IDVAL(ID_AA64ISAR0_EL1, A, 0x2, TWO)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, A, 0xa, TEN)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, A, 0xb, ELEVEN)',
            'ARM_IDVAL(ID_AA64ISAR0_EL1, A, 0x10, SIXTEEN)',
        ])

    def test_wide_fields(self):
        cpf = """\
static const struct arm64_ftr_bits ftr_wide[] = {
\tARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, FTR_EXACT, 16, 48, 0xfffffffffffe),
\tARM64_FTR_END,
};
""" + table('ARM64_FTR_REG(SYS_ID_AA64ISAR1_EL1, ftr_wide)')
        text, _, _ = self.run_gen("""\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Field\t63:0\tALL
            EndSysreg
            Sysreg\tID_AA64ISAR1_EL1\t3\t0\t0\t6\t1
            UnsignedEnum\t63:16\tWIDE
            \t0xffffffffffff\tONES
            \t0x100000000\tBIT32
            EndEnum
            Res0\t15:0
            EndSysreg
            """, cpf)
        self.assertEqual(lines(text, 'ARM_ID')[1:], [
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, ALL, ALL, 0, 64, 0, '
            'EXACT, 0x0, 0x0, 0, 0)',
            'ARM_IDREG(ID_AA64ISAR1_EL1, ID_AA64ISAR1, 3, 0, 0, 6, 1, 1, 1)',
            'ARM_IDFIELD(ID_AA64ISAR1_EL1, ID_AA64ISAR1, WIDE, WIDE, 16, 48, '
            '0, EXACT, 0xfffffffffffe, 0xfffffffffffe, 0, 2)',
            'ARM_IDVAL(ID_AA64ISAR1_EL1, WIDE, 0x100000000, BIT32)',
            'ARM_IDVAL(ID_AA64ISAR1_EL1, WIDE, 0xffffffffffff, ONES)',
            'ARM_IDRES(ID_AA64ISAR1_EL1, 0, 16, RES0)',
        ])
        self.assertRegex(text, r'Fields wider than 32 bits \(2\):\n'
                         r' \*   ID_AA64ISAR0_EL1\.ALL \(64\), '
                         r'ID_AA64ISAR1_EL1\.WIDE \(48\)\n')

    def test_only_id_space_sorted_by_encoding(self):
        text, counts, _ = self.run_gen("""\
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
            """)
        self.assertEqual(lines(text, 'ARM_IDREG'), [
            'ARM_IDREG(MVFR0_EL1, MVFR0, 3, 0, 0, 3, 0, 0, 0)',
            'ARM_IDREG(ID_AA64ISAR0_EL1, ID_AA64ISAR0, 3, 0, 0, 6, 0, 0, 0)',
            'ARM_IDREG(CCSIDR_EL1, CCSIDR_EL1, 3, 1, 0, 0, 0, 0, 0)',
            'ARM_IDREG(CTR_EL0, CTR_EL0, 3, 3, 0, 0, 1, 0, 0)',
        ])

    def test_extra_file(self):
        text, _, _ = self.run_gen(ISAR0, extra="""\
# comment
Sysreg\tMIDR_EL1\t3\t0\t0\t0\t0
Res0\t63:32
Field\t31:0\tX
EndSysreg
""")
        self.assertEqual(lines(text, 'ARM_IDREG')[0],
                         'ARM_IDREG(MIDR_EL1, MIDR_EL1, 3, 0, 0, 0, 0, 0, 1)')
        self.assertError(os.path.join(self.dir, 'extra.sysreg'), 1,
                         r'ID_AA64ISAR0_EL1 is already defined at '
                         + re.escape(self.sysreg) + ':2', ISAR0,
                         extra=ISAR0.split('\n', 1)[1])


class TestCpufeature(GenTestCase):
    SYSREG = ISAR0 + """\
Sysreg\tCTR_EL0\t3\t3\t0\t0\t1
Res1\t63
Res0\t62:32
UnsignedEnum\t31:28\tERG
\t0b0000\tNI
EndEnum
Field\t27:24\tCWG
Res0\t23:0
EndSysreg
Sysreg\tID_ISAR1_EL1\t3\t0\t0\t2\t1
Res0\t63:8
Field\t7:4\tB
Field\t3:0\tA
EndSysreg
Sysreg\tID_ISAR2_EL1\t3\t0\t0\t2\t2
Res0\t63:8
Field\t7:4\tB
Field\t3:0\tA
EndSysreg
"""

    CPUFEATURE = """\
/* A comment with ARM64_FTR_BITS( in it, and one */ // with ARM64_FTR_END
#define ARM64_FTR_BITS(VISIBLE, STRICT, TYPE, SHIFT, WIDTH, SAFE_VAL) \\
\t__ARM64_FTR_BITS(FTR_UNSIGNED, VISIBLE, STRICT, TYPE, SHIFT, WIDTH, SAFE_VAL)
#define ARM64_FTR_END { .width = 0, }
#ifdef CONFIG_COMPAT
static int unrelated;
#else
static int unrelated2;
#endif
static const struct arm64_ftr_bits ftr_id_aa64isar0[] = {
\tARM64_FTR_BITS(FTR_VISIBLE_IF_IS_ENABLED(CONFIG_ARM64_RNDR),
\t\t       FTR_STRICT, FTR_HIGHER_SAFE, ID_AA64ISAR0_EL1_RNDR_SHIFT, 4, 0),
\t/* signed */
\tS_ARM64_FTR_BITS(FTR_HIDDEN, FTR_NONSTRICT, FTR_LOWER_SAFE,
\t\t\t ID_AA64ISAR0_EL1_FP_SHIFT, 4, ID_AA64ISAR0_EL1_FP_NI),
\tARM64_FTR_END,
};

static const struct arm64_ftr_bits ftr_ctr[] = {
\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, FTR_EXACT, 63, 1, 1), /* RES1 */
\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, FTR_HIGHER_OR_ZERO_SAFE,
\t\t       CTR_EL0_CWG_SHIFT, CTR_EL0_CWG_WIDTH, 0),
\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, FTR_EXACT, 28, 4, 0x3),
\tARM64_FTR_END,
};

struct arm64_ftr_reg arm64_ftr_reg_ctrel0 = {
\t.name\t\t= "SYS_CTR_EL0",
\t.ftr_bits\t= ftr_ctr,
\t.override\t= &no_override,
};

static const struct arm64_ftr_bits ftr_generic_32bits[] = {
\tARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, FTR_LOWER_SAFE, 4, 4, 0),
\tARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, FTR_LOWER_SAFE, 0, 4, 0x1),
\tARM64_FTR_END,
};

static const struct arm64_ftr_bits ftr_raz[] = {
\tARM64_FTR_END,
};

""" + table('ARM64_FTR_REG(SYS_ID_ISAR1_EL1, ftr_generic_32bits)',
            'ARM64_FTR_REG(SYS_ID_ISAR2_EL1, ftr_generic_32bits)',
            'ARM64_FTR_REG_OVERRIDE(SYS_ID_AA64ISAR0_EL1, ftr_id_aa64isar0,\n'
            '\t\t\t       &id_aa64isar0_override)',
            '{ SYS_CTR_EL0, &arm64_ftr_reg_ctrel0 }',
            'ARM64_FTR_REG(SYS_CNTFRQ_EL0, ftr_raz)')

    def test_parse(self):
        text, counts, notes = self.run_gen(self.SYSREG, self.CPUFEATURE)
        fields = lines(text, 'ARM_IDFIELD')
        self.assertEqual(fields, [
            # ID_ISAR1 and ID_ISAR2 share one array with literal shifts
            'ARM_IDFIELD(ID_ISAR1_EL1, ID_ISAR1, B, B, 4, 4, 0, LOWER, 0x0, '
            '0x0, 0, 0)',
            'ARM_IDFIELD(ID_ISAR1_EL1, ID_ISAR1, A, A, 0, 4, 0, LOWER, 0x1, '
            '0x1, 0, 0)',
            'ARM_IDFIELD(ID_ISAR2_EL1, ID_ISAR2, B, B, 4, 4, 0, LOWER, 0x0, '
            '0x0, 0, 0)',
            'ARM_IDFIELD(ID_ISAR2_EL1, ID_ISAR2, A, A, 0, 4, 0, LOWER, 0x1, '
            '0x1, 0, 0)',
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, RNDR, RNDR, 60, 4, '
            '0, HIGHER, 0x0, 0x0, 0, 2)',
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, Plain, PLAIN, 4, 4, '
            '0, EXACT, 0x0, 0x0, 2, 0)',
            'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, FP, FP, 0, 4, 1, '
            'LOWER, 0xf, 0xf, 2, 3)',
            'ARM_IDFIELD(CTR_EL0, CTR_EL0, ERG, ERG, 28, 4, 0, EXACT, 0x3, '
            '0x3, 5, 1)',
            'ARM_IDFIELD(CTR_EL0, CTR_EL0, CWG, CWG, 24, 4, 0, '
            'HIGHER_OR_ZERO, 0x0, 0x0, 6, 0)',
        ])
        self.assertEqual(counts['no_rule'], 1)
        self.assertTrue(any('CTR_EL0 bits [63:63] covers reserved bits '
                            '(RES1) only' in n for n in notes), notes)

    def test_field_without_kernel_rule(self):
        # No kernel rule: EXACT, default NI if named (0xf here), else 0.
        text, _, _ = self.run_gen("""\
            Sysreg\tID_AA64DFR0_EL1\t3\t0\t0\t5\t0
            SignedEnum\t63:60\tMTPMU
            \t0b0000\tNI_IMPDEF
            \t0b0001\tIMP
            \t0b1111\tNI
            EndEnum
            UnsignedEnum\t59:56\tNONI
            \t0b0001\tONE
            EndEnum
            Res0\t55:0
            EndSysreg
            """)
        self.assertEqual(lines(text, 'ARM_IDFIELD'), [
            'ARM_IDFIELD(ID_AA64DFR0_EL1, ID_AA64DFR0, MTPMU, MTPMU, 60, 4, '
            '1, EXACT, 0xf, 0xf, 0, 3)',
            'ARM_IDFIELD(ID_AA64DFR0_EL1, ID_AA64DFR0, NONI, NONI, 56, 4, '
            '0, EXACT, 0x0, 0x0, 3, 1)',
        ])
        self.assertIn('with DEFAULT = SAFE_VAL = the value named NI', text)

    def cpf_with(self, old, new):
        self.assertIn(old, self.CPUFEATURE)
        return self.CPUFEATURE.replace(old, new)

    def line_of(self, text, needle):
        return text[:text.index(needle)].count('\n') + 1

    def test_unresolvable_safe_value(self):
        cpf = self.cpf_with('ID_AA64ISAR0_EL1_FP_NI',
                            'ID_AA64ISAR0_EL1_FP_NOPE')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, 'ID_AA64ISAR0_EL1_FP_NOPE'),
                         r"cannot resolve 'ID_AA64ISAR0_EL1_FP_NOPE' \(not "
                         r"defined by the sysreg data; accepted: integer "
                         r"literals and", self.SYSREG, cpf)

    def test_unresolvable_expression(self):
        cpf = self.cpf_with('CTR_EL0_CWG_WIDTH', 'BIT(2)')
        self.assertError(self.cpufeature, self.line_of(cpf, 'BIT(2)'),
                         r"cannot resolve 'BIT\(2\)'", self.SYSREG, cpf)

    def test_unknown_type(self):
        cpf = self.cpf_with('FTR_HIGHER_SAFE', 'FTR_SOMETIMES_SAFE')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, 'FTR_SOMETIMES_SAFE'),
                         r"unknown type 'FTR_SOMETIMES_SAFE' \(accepted: "
                         r"FTR_LOWER_SAFE", self.SYSREG, cpf)

    def test_unparsable_entry(self):
        cpf = self.cpf_with('\tARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, '
                            'FTR_LOWER_SAFE, 4, 4, 0),',
                            '\tMY_FTR_BITS(4, 4),')
        self.assertError(self.cpufeature, self.line_of(cpf, 'MY_FTR_BITS'),
                         r"cannot parse 'MY_FTR_BITS\(4, 4\)' in "
                         r"ftr_generic_32bits", self.SYSREG, cpf)

    def test_entry_outside_an_array(self):
        cpf = self.CPUFEATURE + ('static const struct arm64_ftr_bits '
                                 'ftr_odd[] __attribute__((unused)) = {\n'
                                 '\tARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, '
                                 'FTR_LOWER_SAFE, 0, 4, 0),\n'
                                 '\tARM64_FTR_END,\n};\n')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, 'ftr_odd') + 1,
                         r'ARM64_FTR_BITS outside any array', self.SYSREG,
                         cpf)

    def test_else_inside_an_array(self):
        cpf = self.cpf_with('\tARM64_FTR_END,\n};\n\nstruct arm64_ftr_reg',
                            '#ifdef CONFIG_X\n\tARM64_FTR_END,\n#else\n'
                            '\tARM64_FTR_END,\n#endif\n};\n\n'
                            'struct arm64_ftr_reg')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, '#else\n\tARM64_FTR_END'),
                         r'#else inside array ftr_ctr', self.SYSREG, cpf)

    def test_ifdef_inside_an_array(self):
        cpf = self.cpf_with('\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, '
                            'FTR_EXACT, 28, 4, 0x3),\n',
                            '#ifdef CONFIG_X\n\tARM64_FTR_BITS(FTR_VISIBLE, '
                            'FTR_STRICT, FTR_EXACT, 28, 4, 0x3),\n#endif\n')
        text, _, _ = self.run_gen(self.SYSREG, cpf)
        self.assertIn('ARM_IDFIELD(CTR_EL0, CTR_EL0, ERG, ERG, 28, 4, 0, '
                      'EXACT, 0x3, 0x3, 5, 1)', text)

    def test_rule_not_on_a_field(self):
        cpf = self.cpf_with('FTR_EXACT, 28, 4, 0x3', 'FTR_EXACT, 26, 4, 0x3')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, 'FTR_EXACT, 26'),
                         r'kernel rule for CTR_EL0 bits \[29:26\] \(array '
                         r'ftr_ctr\) does not line up with one field',
                         self.SYSREG, cpf)

    def test_rule_on_reserved_bits_with_wrong_safe_value(self):
        cpf = self.cpf_with('63, 1, 1), /* RES1 */', '63, 1, 0),')
        self.assertError(self.cpufeature, self.line_of(cpf, '63, 1, 0'),
                         r'kernel rule for CTR_EL0 bits \[63:63\] has safe '
                         r'value 0x0, but the bits are RES1', self.SYSREG,
                         cpf)

    def test_rule_naming_another_register(self):
        cpf = self.cpf_with('CTR_EL0_CWG_SHIFT',
                            'ID_AA64ISAR0_EL1_Plain_SHIFT')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, 'FTR_HIGHER_OR_ZERO_SAFE,'),
                         r'SHIFT of this rule names ID_AA64ISAR0_EL1, but '
                         r'ftr_ctr is used for CTR_EL0', self.SYSREG, cpf)

    def test_unknown_array_in_table(self):
        cpf = self.cpf_with('ftr_raz)', 'ftr_nope)')
        self.assertError(self.cpufeature, self.line_of(cpf, 'ftr_nope'),
                         r"CNTFRQ_EL0: unknown ftr_bits array 'ftr_nope'",
                         self.SYSREG, cpf)


class TestOutput(GenTestCase):
    def check_first_val(self, text):
        """FIRST_VAL/N_VALS index the ARM_IDVAL lines of the same field."""
        vals = [re.match(r'ARM_IDVAL\((\w+), (\w+), ', ln).groups()
                for ln in lines(text, 'ARM_IDVAL')]
        expect = 0
        all_lines = lines(text, 'ARM_ID')
        for i, ln in enumerate(all_lines):
            m = re.match(r'ARM_IDFIELD\((\w+), \w+, (\w+), .*, (\d+), '
                         r'(\d+)\)$', ln)
            if not m:
                continue
            reg, fld, first, n = m.group(1), m.group(2), int(m.group(3)), \
                int(m.group(4))
            self.assertEqual(first, expect, ln)
            self.assertEqual(vals[first:first + n], [(reg, fld)] * n, ln)
            following = all_lines[i + 1:i + 1 + n]
            self.assertTrue(all(f.startswith(f'ARM_IDVAL({reg}, {fld}, ')
                                for f in following), ln)
            expect += n
        self.assertEqual(expect, len(vals))

    def test_first_val_consistency(self):
        text, _, _ = self.run_gen(TestCpufeature.SYSREG,
                                  TestCpufeature.CPUFEATURE)
        self.check_first_val(text)

    def test_main_writes_output_and_counts(self):
        with open(self.sysreg, 'w') as f:
            f.write(ISAR0)
        with open(self.cpufeature, 'w') as f:
            f.write(table())
        out = os.path.join(self.dir, 'out.inc')
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(gen.main([self.dir, out]), 0)
        self.assertIn('1 registers, 3 fields (3 without a kernel rule), '
                      '5 named values, 1 reserved ranges', err.getvalue())
        with open(out) as f:
            self.assertIn('ARM_IDREG(ID_AA64ISAR0_EL1,', f.read())

    def test_main_reports_errors(self):
        with open(self.sysreg, 'w') as f:
            f.write('Bogus\n')
        with open(self.cpufeature, 'w') as f:
            f.write(table())
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(gen.main([self.dir]), 1)
        self.assertIn(f'error: {self.sysreg}:1: unknown statement',
                      err.getvalue())

    def test_no_version(self):
        os.unlink(os.path.join(self.dir, 'SOURCE'))
        with self.assertRaisesRegex(gen.GenError, 'cannot tell the kernel '
                                    'version'):
            gen.linux_source(self.dir)


PFR = """\
Sysreg ID_AA64PFR0_EL1 3 0 0 4 0
Res0 63:12
UnsignedEnum 11:8 EL2
 0b0000 NI
 0b0001 IMP
EndEnum
Field 7:4 GIC
Field 3:0 SVE
EndSysreg
Sysreg ID_AA64ZFR0_EL1 3 0 0 4 4
Res0 63:4
Field 3:0 SVEver
EndSysreg
Sysreg MIDR_EL1 3 0 0 0 0
Field 63:0 ALL
EndSysreg
"""


class TestRoles(GenTestCase):
    def test_roles(self):
        text, counts, _ = self.run_gen(PFR, roles="""\
            # a comment
            identification  MIDR_EL1
            kvm-unexposed   MIDR_EL1   hardware no reason  at all
            exists-if       ID_AA64ZFR0_EL1  ID_AA64PFR0_EL1.SVE  0b10
            describes       ID_AA64ZFR0_EL1  ID_AA64PFR0_EL1.SVE
            decider  gic    the interrupt controller (virt: gic-version)
            decided-by  ID_AA64PFR0_EL1.GIC   gic
            present-if  ID_AA64PFR0_EL1.EL2   el2
            owned-by    ID_AA64PFR0_EL1.SVE   sve
            pauth       ID_AA64PFR0_EL1.SVE   address  qarma5
            decider  el2    the machine
            """)
        self.assertEqual(counts['roles'], 8)
        self.assertTrue(all(len(ln) <= 80 for ln in text.split('\n')))
        roles = text[text.index('#if defined(ARM_IDREG_ROLE)'):]
        self.assertEqual(gen.join_lines(roles).split('\n'), [
            '#if defined(ARM_IDREG_ROLE) && defined(ARM_IDFIELD_ROLE)',
            'ARM_IDREG_ROLE(MIDR_EL1, IDENTIFICATION, "", "")',
            'ARM_IDREG_ROLE(MIDR_EL1, KVM_UNEXPOSED, "hardware", '
            '"no reason at all")',
            # the generator's own: no field here has a kernel rule
            'ARM_IDFIELD_ROLE(MIDR_EL1, ALL, NO_KERNEL_RULE, "", '
            '"arm64_check_features")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, EL2, PRESENT_IF, "el2", '
            '"the machine")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, EL2, NO_KERNEL_RULE, "", '
            '"arm64_check_features")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, GIC, DECIDED_BY, "gic", '
            '"the interrupt controller (virt: gic-version)")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, GIC, NO_KERNEL_RULE, "", '
            '"arm64_check_features")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, SVE, OWNED_BY, "sve", "")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, SVE, PAUTH, "address qarma5", '
            '"")',
            'ARM_IDFIELD_ROLE(ID_AA64PFR0_EL1, SVE, NO_KERNEL_RULE, "", '
            '"arm64_check_features")',
            'ARM_IDREG_ROLE(ID_AA64ZFR0_EL1, DESCRIBES, '
            '"ID_AA64PFR0_EL1.SVE", "")',
            'ARM_IDREG_ROLE(ID_AA64ZFR0_EL1, EXISTS_IF, '
            '"ID_AA64PFR0_EL1.SVE 0b10", "")',
            'ARM_IDFIELD_ROLE(ID_AA64ZFR0_EL1, SVEver, NO_KERNEL_RULE, "", '
            '"arm64_check_features")',
            '#endif', ''])

    def role_error(self, line, roles, pattern):
        self.assertError(os.path.join(self.dir, 'roles'), line, pattern,
                         PFR, roles=roles)

    def test_errors(self):
        self.role_error(1, 'sometimes MIDR_EL1\n',
                        "unknown statement 'sometimes' \\(decider, "
                        "bare-names, identification")
        self.role_error(1, 'identification NOPE_EL1\n',
                        "unknown register 'NOPE_EL1'")
        self.role_error(1, 'owned-by ID_AA64PFR0_EL1.NOPE sve\n',
                        "ID_AA64PFR0_EL1 has no field 'NOPE' \\(fields: "
                        "EL2, GIC, SVE\\)")
        self.role_error(1, 'owned-by ID_AA64PFR0_EL1 sve\n',
                        "'owned-by' names a field: REG.FIELD, not "
                        "'ID_AA64PFR0_EL1'")
        self.role_error(1, 'identification MIDR_EL1 extra\n',
                        "'identification' takes REG$")
        self.role_error(1, 'kvm-unexposed MIDR_EL1 hardware\n',
                        "'kvm-unexposed' takes REG and 1 word\\(s\\) and a "
                        "TEXT")
        self.role_error(1, 'kvm-unexposed MIDR_EL1 sometimes why\n',
                        "a KVM guest reads 'sometimes'\\? \\(undefined, "
                        "hardware or vcpu\\)")
        self.role_error(1, 'exists-if MIDR_EL1 ID_AA64PFR0_EL1.SVE many\n',
                        "'many' is not a number")
        self.role_error(1, 'decided-by ID_AA64PFR0_EL1.GIC nobody\n',
                        "decider 'nobody' is not defined \\(deciders: "
                        "none\\)")
        self.role_error(2, 'decider gic x\ndecider gic y\n',
                        "decider 'gic' is already defined on line 1")
        self.role_error(2, 'identification MIDR_EL1\n'
                        'identification MIDR_EL1\n',
                        "MIDR_EL1 is already 'identification' on line 1")
        self.role_error(3, 'decider m x\n'
                        'owned-by ID_AA64PFR0_EL1.GIC sve\n'
                        'decided-by ID_AA64PFR0_EL1.GIC m\n',
                        "ID_AA64PFR0_EL1.GIC cannot be both decided_by and "
                        "owned_by \\(line 2\\)")
        self.role_error(1, 'pauth ID_AA64PFR0_EL1.SVE sideways qarma5\n',
                        "pauth kind 'sideways' is neither 'address' nor "
                        "'generic'")
        self.role_error(1, 'describes ID_AA64ZFR0_EL1 ID_AA64PFR0_EL1.X\n',
                        "'ID_AA64PFR0_EL1.X' is not a field of the table")
        self.role_error(1, 'kvm-unexposed MIDR_EL1 vcpu say "this"\n',
                        'no quote or backslash in a role')
        self.role_error(1, 'owned-by ID_AA64PFR0_EL1.SVE Sve\n',
                        "'Sve' is not a lower-case word")
        self.role_error(1, 'kvm-unexposed MIDR_EL1 vcpu ' + 'x' * 70 + '\n',
                        'the text of this role makes a line of 93 columns; '
                        '80 at most')


class TestCheckedIn(unittest.TestCase):
    def test_table_is_consistent(self):
        """The checked-in table: FIRST_VAL/N_VALS and counts agree."""
        with open(TABLE) as f:
            text = f.read()
        TestOutput.check_first_val(self, text)
        m = re.search(r'describe: (\d+) registers, (\d+) fields,\n'
                      r' \* (\d+) named values, (\d+) reserved ranges', text)
        self.assertIsNotNone(m)
        self.assertEqual([int(x) for x in m.groups()],
                         [len(lines(text, p)) for p in
                          ('ARM_IDREG(', 'ARM_IDFIELD(', 'ARM_IDVAL(',
                           'ARM_IDRES(')])
        flat = text.replace('\n *   ', ' ')
        m = re.search(r'statement of scripts/arm-idregs-roles each \((\d+) '
                      r'here\)', flat)
        self.assertIsNotNone(m)
        roles = lines(text, 'ARM_IDREG_ROLE(') + \
            lines(text, 'ARM_IDFIELD_ROLE(')
        norule = [r for r in roles if ', NO_KERNEL_RULE, ' in r]
        self.assertEqual(int(m.group(1)), len(roles) - len(norule))
        m = re.search(r'adds for each of the (\d+) fields cpufeature.c has '
                      r'no rule for', flat)
        self.assertIsNotNone(m)
        self.assertEqual(int(m.group(1)), len(norule))

    @unittest.skipUnless(os.environ.get('ARMCPU_LINUX_SYSREG'),
                         'set ARMCPU_LINUX_SYSREG to the directory '
                         'harness/fetch-linux-sysreg.sh prints')
    def test_drift(self):
        """Regenerating from the pinned kernel gives the checked-in file."""
        linux = os.environ['ARMCPU_LINUX_SYSREG']
        text, _, _ = gen.generate(os.path.join(linux, gen.SYSREG_PATH),
                                  os.path.join(linux, gen.CPUFEATURE_PATH),
                                  [EXTRA], gen.linux_source(linux), ROLES)
        with open(TABLE, encoding='utf-8') as f:
            checked_in = f.read()
        self.assertTrue(text == checked_in,
                        'target/arm/cpu-idregs.h.inc is stale: regenerate it '
                        'with scripts/gen-idregs.py --extra '
                        'scripts/arm-idregs-extra.sysreg --roles '
                        'scripts/arm-idregs-roles "$(harness/'
                        'fetch-linux-sysreg.sh)" target/arm/cpu-idregs.h.inc')


if __name__ == '__main__':
    unittest.main()
