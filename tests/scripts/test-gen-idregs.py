#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/gen-idregs.py on small inline inputs: the table it
writes, its roles lines and its command line. The readers of its inputs
have their own tests (test-arm-idregs-sysreg.py, -cpufeature.py and
-roles.py).

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

sys.path.insert(0, os.path.join(TOP, 'scripts'))
spec = importlib.util.spec_from_file_location('gen_idregs', GEN)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def load_test(name):
    """tests/scripts/NAME.py, whose inputs these tests share."""
    spec = importlib.util.spec_from_file_location(
        name.replace('-', '_'), os.path.join(TOP, 'tests', 'scripts',
                                             name + '.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# A register with a named-value field, a plain field and a reserved range;
# cpufeature.c's arm64_ftr_regs[]; three registers for the roles
ISAR0 = load_test('test-arm-idregs-sysreg').ISAR0
table = load_test('test-arm-idregs-cpufeature').table
_roles_tests = load_test('test-arm-idregs-roles')
PFR, ROLES_TEXT = _roles_tests.PFR, _roles_tests.ROLES
ID_SPACE = load_test('test-arm-idregs-sysreg').ID_SPACE

ISAR0_FTR = """\
static const struct arm64_ftr_bits ftr_id_aa64isar0[] = {
\tARM64_FTR_BITS(FTR_VISIBLE, FTR_STRICT, FTR_LOWER_SAFE,
\t\t       ID_AA64ISAR0_EL1_RNDR_SHIFT, 4, 0),
\tS_ARM64_FTR_BITS(FTR_HIDDEN, FTR_STRICT, FTR_LOWER_SAFE,
\t\t\t ID_AA64ISAR0_EL1_FP_SHIFT, 4, ID_AA64ISAR0_EL1_FP_NI),
\tARM64_FTR_END,
};
"""


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


class TestTable(GenTestCase):
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

    def test_fields_equal_in_upper_case(self):
        self.assertError(self.sysreg, 3, r'ID_AA64ISAR0_EL1\.AB and '
                         r'ID_AA64ISAR0_EL1\.Ab are both AB in upper case',
                         """\
            Sysreg\tID_AA64ISAR0_EL1\t3\t0\t0\t6\t0
            Field\t63:32\tAb
            Field\t31:0\tAB
            EndSysreg
            """)

    def test_only_id_space_sorted_by_encoding(self):
        text, counts, _ = self.run_gen(ID_SPACE)
        self.assertEqual(lines(text, 'ARM_IDREG'), [
            'ARM_IDREG(MVFR0_EL1, MVFR0, 3, 0, 0, 3, 0, 0, 0)',
            'ARM_IDREG(ID_AA64ISAR0_EL1, ID_AA64ISAR0, 3, 0, 0, 6, 0, 0, 0)',
            'ARM_IDREG(CCSIDR_EL1, CCSIDR_EL1, 3, 1, 0, 0, 0, 0, 0)',
            'ARM_IDREG(CTR_EL0, CTR_EL0, 3, 3, 0, 0, 1, 0, 0)',
        ])

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
        text, _, _ = self.run_gen(ISAR0 + PFR, ISAR0_FTR + table(
            'ARM64_FTR_REG(SYS_ID_AA64ISAR0_EL1, ftr_id_aa64isar0)'))
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


class TestRoles(GenTestCase):
    def test_roles(self):
        text, counts, _ = self.run_gen(PFR, roles=ROLES_TEXT)
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

    def test_role_line_too_long(self):
        # the reader takes any text; the table's 80 columns limit it
        self.assertError(os.path.join(self.dir, 'roles'), 1,
                         'the text of this role makes a line of 93 columns; '
                         '80 at most', PFR,
                         roles='kvm-unexposed MIDR_EL1 vcpu ' + 'x' * 70)


@unittest.skipUnless(os.path.exists(TABLE), 'no target/arm/cpu-idregs.h.inc '
                     'in this tree (the series adds it after the generator)')
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
