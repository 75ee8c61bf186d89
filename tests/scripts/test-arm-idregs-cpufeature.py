#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/arm_idregs_cpufeature.py, the reader of the kernel's
safe-value rules for gen-idregs.py, on small inline inputs.

Run: python3 tests/scripts/test-arm-idregs-cpufeature.py [-v]
"""

import importlib.util
import os
import re
import sys
import tempfile
import textwrap
import unittest


TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))

import arm_idregs_cpufeature as cpufeature      # noqa: E402
import arm_idregs_sysreg as sysreg              # noqa: E402

# A register with a named-value field, a plain field and a reserved range
_spec = importlib.util.spec_from_file_location(
    'test_arm_idregs_sysreg',
    os.path.join(TOP, 'tests', 'scripts', 'test-arm-idregs-sysreg.py'))
_sysreg_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_sysreg_tests)
ISAR0 = _sysreg_tests.ISAR0


def table(*entries):
    """cpufeature.c's arm64_ftr_regs[] with @entries."""
    body = ''.join(f'\t{e},\n' for e in entries)
    return ('static const struct __ftr_reg_entry {\n\tu32 sys_id;\n'
            '\tstruct arm64_ftr_reg *reg;\n} arm64_ftr_regs[] = {\n'
            f'{body}}};\n')


class TestCpufeature(unittest.TestCase):
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

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.sysreg = os.path.join(self.dir, 'sysreg')
        self.cpufeature = os.path.join(self.dir, 'cpufeature.c')

    def tearDown(self):
        self.tmp.cleanup()

    def rules(self, sysreg_text, cpf=None):
        """Each field of inline inputs as 'REG.FIELD SAFE SIGNED SAFE_VAL
        DEFAULT' (a rule's line when the kernel has one), registers
        sorted by encoding; and the notes."""
        if cpf is None:
            cpf = table()
        with open(self.sysreg, 'w') as f:
            f.write(textwrap.dedent(sysreg_text))
        with open(self.cpufeature, 'w') as f:
            f.write(cpf)
        notes = []
        regs, fieldsets = sysreg.load_sysreg([self.sysreg])
        layouts = sysreg.resolve_layouts(regs, fieldsets, notes)
        parsed = cpufeature.CpufeatureParser(
            self.cpufeature, cpf,
            sysreg.sysreg_symbols(regs, fieldsets)).parse()
        rules = cpufeature.attach_rules(layouts, parsed, notes)
        out = []
        for name in sorted(layouts, key=lambda n: layouts[n][0].enc):
            for it in cpufeature.build_fields(layouts[name][1],
                                              rules.get(name, {})):
                if isinstance(it, sysreg.Reserved):
                    continue
                out.append(f'{name}.{it.fld.name} {it.safe} '
                           f'{int(it.signed)} {it.safe_val:#x} '
                           f'{it.default:#x}' +
                           (f' line {it.rule.line}' if it.rule else ''))
        return out, notes

    def assertError(self, path, line, pattern, *args, **kwargs):
        """rules(*args) fails with 'path:line: <pattern>'."""
        with self.assertRaises(sysreg.GenError) as cm:
            self.rules(*args, **kwargs)
        self.assertRegex(str(cm.exception),
                         '^' + re.escape(f'{path}:{line}: ') + pattern)

    def test_parse(self):
        fields, notes = self.rules(self.SYSREG, self.CPUFEATURE)
        self.assertEqual(fields, [
            # ID_ISAR1 and ID_ISAR2 share one array with literal shifts
            'ID_ISAR1_EL1.B LOWER 0 0x0 0x0 line 34',
            'ID_ISAR1_EL1.A LOWER 0 0x1 0x1 line 35',
            'ID_ISAR2_EL1.B LOWER 0 0x0 0x0 line 34',
            'ID_ISAR2_EL1.A LOWER 0 0x1 0x1 line 35',
            'ID_AA64ISAR0_EL1.RNDR HIGHER 0 0x0 0x0 line 11',
            # no rule: EXACT
            'ID_AA64ISAR0_EL1.Plain EXACT 0 0x0 0x0',
            # S_ARM64_FTR_BITS: signed; the safe value from its macro
            'ID_AA64ISAR0_EL1.FP LOWER 1 0xf 0xf line 14',
            'CTR_EL0.ERG EXACT 0 0x3 0x3 line 23',
            # the struct arm64_ftr_reg entry of the table; WIDTH's macro
            'CTR_EL0.CWG HIGHER_OR_ZERO 0 0x0 0x0 line 21',
        ])
        self.assertTrue(any('CTR_EL0 bits [63:63] covers reserved bits '
                            '(RES1) only' in n for n in notes), notes)

    def test_field_without_kernel_rule(self):
        # No kernel rule: EXACT, default NI if named (0xf here), else 0;
        # signed only for a SignedEnum.
        fields, _ = self.rules("""\
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
        self.assertEqual(fields, ['ID_AA64DFR0_EL1.MTPMU EXACT 1 0xf 0xf',
                                  'ID_AA64DFR0_EL1.NONI EXACT 0 0x0 0x0'])

    def test_wide_field(self):
        cpf = """\
static const struct arm64_ftr_bits ftr_wide[] = {
\tARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, FTR_EXACT, 16, 48, 0xfffffffffffe),
\tARM64_FTR_END,
};
""" + table('ARM64_FTR_REG(SYS_ID_AA64ISAR1_EL1, ftr_wide)')
        fields, _ = self.rules("""\
            Sysreg\tID_AA64ISAR1_EL1\t3\t0\t0\t6\t1
            Field\t63:16\tWIDE
            Res0\t15:0
            EndSysreg
            """, cpf)
        self.assertEqual(fields, ['ID_AA64ISAR1_EL1.WIDE EXACT 0 '
                                  '0xfffffffffffe 0xfffffffffffe line 2'])

    def test_ifdef_inside_an_array(self):
        cpf = self.cpf_with('\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, '
                            'FTR_EXACT, 28, 4, 0x3),\n',
                            '#ifdef CONFIG_X\n\tARM64_FTR_BITS(FTR_VISIBLE, '
                            'FTR_STRICT, FTR_EXACT, 28, 4, 0x3),\n#endif\n')
        fields, _ = self.rules(self.SYSREG, cpf)
        self.assertIn('CTR_EL0.ERG EXACT 0 0x3 0x3 line 24', fields)

    def test_register_twice(self):
        cpf = self.CPUFEATURE.replace(
            'ARM64_FTR_REG(SYS_CNTFRQ_EL0, ftr_raz)',
            'ARM64_FTR_REG(SYS_ID_ISAR1_EL1, ftr_raz)')
        self.assertError(self.cpufeature,
                         self.line_of(cpf, 'SYS_ID_ISAR1_EL1, ftr_raz'),
                         r'ID_ISAR1_EL1 is in arm64_ftr_regs twice \(first '
                         r'at line \d+\)', self.SYSREG, cpf)

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


if __name__ == '__main__':
    unittest.main()
