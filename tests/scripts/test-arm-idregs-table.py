#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/arm_idregs_table.py, the ID-register table as the
Python tools read it: each corruption of the shipped table gives its
message.

Run: python3 tests/scripts/test-arm-idregs-table.py [-v]
"""

import os
import sys
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))

import arm_idregs_table as idtable     # noqa: E402


class TableSelfCheck(unittest.TestCase):
    """The generated table's own consistency (self_check), which a build
    runs: each corruption of the shipped table gives its message."""

    @classmethod
    def setUpClass(cls):
        with open(idtable.IDREGS) as f:
            cls.text = f.read()

    def corrupt(self, old, new, message):
        self.assertIn(old, self.text)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'cpu-idregs.h.inc')
            with open(path, 'w') as f:
                f.write(self.text.replace(old, new, 1))
            with self.assertRaises(idtable.Fatal) as cm:
                idtable.Table(path)
        self.assertRegex(str(cm.exception), message)

    def test_shipped_table_passes(self):
        idtable.Table()

    def test_overlap(self):
        # AES [7:4] widened to [8:4]: it overlaps SHA1's bit 8
        self.corrupt('ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, AES, AES,\n'
                     '            4, 4,',
                     'ARM_IDFIELD(ID_AA64ISAR0_EL1, ID_AA64ISAR0, AES, AES,\n'
                     '            4, 5,',
                     r'ID_AA64ISAR0_EL1\.AES: bits 8\.\.4, but the next bit '
                     r'to describe is 7 \(a gap or an overlap\)')

    def test_gap(self):
        self.corrupt('ARM_IDRES(MIDR_EL1, 32, 32, RES0)',
                     'ARM_IDRES(MIDR_EL1, 33, 31, RES0)',
                     r'MIDR_EL1\.Implementer: bits 31\.\.24, but the next '
                     r'bit to describe is 32 \(a gap or an overlap\)')

    def test_field_index(self):
        reg = 'ARM_IDREG(ID_AA64ISAR0_EL1, ID_AA64ISAR0, 3, 0, 0, 6, 0, '
        self.corrupt(reg, reg + '1',
                     r'ID_AA64ISAR0_EL1: FIRST_FIELD 1\d+, expected \d+')

    def test_encoding_order(self):
        self.corrupt('ARM_IDREG(ID_AA64ISAR0_EL1, ID_AA64ISAR0, 3, 0, 0, 6, 0,',
                     'ARM_IDREG(ID_AA64ISAR0_EL1, ID_AA64ISAR0, 3, 0, 0, 1, 0,',
                     r'ID_AA64ISAR0_EL1: encoding \(3, 0, 0, 1, 0\) is not '
                     r'above')

    def test_value_too_wide(self):
        self.corrupt('ARM_IDVAL(ID_AA64ISAR0_EL1, AES, 0x2, PMULL)',
                     'ARM_IDVAL(ID_AA64ISAR0_EL1, AES, 0x12, PMULL)',
                     r'ID_AA64ISAR0_EL1\.AES: value 0x12 does not fit 4 bits')

    def test_value_twice(self):
        self.corrupt('ARM_IDVAL(ID_AA64ISAR0_EL1, AES, 0x2, PMULL)',
                     'ARM_IDVAL(ID_AA64ISAR0_EL1, AES, 0x1, PMULL)',
                     r'ID_AA64ISAR0_EL1\.AES: value 0x1 or name PMULL twice')

    def test_not_an_item(self):
        self.corrupt('ARM_IDRES(MIDR_EL1, 32, 32, RES0)',
                     'ARM_IDRES(MIDR_EL1, 32, 32, RESX)',
                     r'not a table item: ARM_IDRES\(MIDR_EL1, 32, 32, RESX\)')


if __name__ == '__main__':
    unittest.main()
