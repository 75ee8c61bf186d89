#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/arm_idregs_roles.py, the reader of the roles file of
gen-idregs.py, on small inline inputs.

Run: python3 tests/scripts/test-arm-idregs-roles.py [-v]
"""

import os
import re
import sys
import tempfile
import textwrap
import unittest


TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))

import arm_idregs_roles as roles_file      # noqa: E402
import arm_idregs_sysreg as sysreg         # noqa: E402

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

# A statement of most kinds, deciders defined before and after their use
ROLES = """\
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
"""


class TestRoles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        path = os.path.join(self.dir, 'sysreg')
        with open(path, 'w') as f:
            f.write(PFR)
        regs, fieldsets = sysreg.load_sysreg([path])
        self.layouts = sysreg.resolve_layouts(regs, fieldsets, [])

    def tearDown(self):
        self.tmp.cleanup()

    def load(self, text):
        """The roles of inline TEXT in table order, as tuples."""
        path = os.path.join(self.dir, 'roles')
        with open(path, 'w') as f:
            f.write(textwrap.dedent(text))
        roles = roles_file.load_roles(path, self.layouts)
        self.assertTrue(all(r.path == path for r in roles))
        return [(r.reg, r.field, r.role, r.arg, r.text, r.line) for r in
                roles_file.sort_roles(roles, self.layouts)]

    def test_roles(self):
        self.assertEqual(self.load(ROLES), [
            # in table order: registers by encoding, a register's own
            # roles first, then its fields from bit 63 down
            ('MIDR_EL1', None, 'IDENTIFICATION', '', '', 2),
            ('MIDR_EL1', None, 'KVM_UNEXPOSED', 'hardware',
             'no reason at all', 3),
            # a decider's text, defined before or after its use
            ('ID_AA64PFR0_EL1', 'EL2', 'PRESENT_IF', 'el2', 'the machine',
             8),
            ('ID_AA64PFR0_EL1', 'GIC', 'DECIDED_BY', 'gic',
             'the interrupt controller (virt: gic-version)', 7),
            ('ID_AA64PFR0_EL1', 'SVE', 'OWNED_BY', 'sve', '', 9),
            ('ID_AA64PFR0_EL1', 'SVE', 'PAUTH', 'address qarma5', '', 10),
            ('ID_AA64ZFR0_EL1', None, 'DESCRIBES', 'ID_AA64PFR0_EL1.SVE',
             '', 5),
            ('ID_AA64ZFR0_EL1', None, 'EXISTS_IF', 'ID_AA64PFR0_EL1.SVE 0b10',
             '', 4),
        ])

    def role_error(self, line, roles, pattern):
        with self.assertRaises(sysreg.GenError) as cm:
            self.load(roles)
        self.assertRegex(str(cm.exception), '^' + re.escape(
            f'{os.path.join(self.dir, "roles")}:{line}: ') + pattern)

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


if __name__ == '__main__':
    unittest.main()
