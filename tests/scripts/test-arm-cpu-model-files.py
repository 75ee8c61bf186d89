#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/arm_cpu_models.py, which reads the named models'
files: every rule of a model file and its exact message, on small model
files written into a temporary directory.

Run: python3 tests/scripts/test-arm-cpu-model-files.py [-v]
"""

import os
import sys
import tempfile
import textwrap
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))

import arm_cpu_models as models_mod    # noqa: E402
import arm_idregs_table as idtable     # noqa: E402

TABLE = idtable.Table()

ROOT = """\
model    root-v1
note     the root
abstract no implementation-defined values
ref A    a reference
ID_AA64PFR0_EL1.FP      IMP  A
pin ID_AA64PFR0_EL1.AMU NI   A hidden
"""

CHILD = """\
model    child-v1
parent   root-v1
note     a runnable child
ref A    a reference
MIDR_EL1.Implementer    0x41 A
"""


class ModelDir:
    """A temporary directory of model files."""

    def __init__(self, files):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        for name, text in files.items():
            with open(os.path.join(self.dir, name), 'w') as f:
                f.write(textwrap.dedent(text))

    def load(self, upstream=None):
        order, models, aliases = models_mod.load_models(TABLE, self.dir,
                                                        upstream)
        resolved = {m.name: models_mod.check_model(TABLE, models, m)
                    for m in order}
        models_mod.check_released(TABLE, models, resolved, self.dir)
        return order, models, aliases, resolved

    def cleanup(self):
        self.tmp.cleanup()


class Errors(unittest.TestCase):
    def error(self, files, want, upstream=None):
        d = ModelDir(files)
        try:
            with self.assertRaises(idtable.Fatal) as cm:
                d.load(upstream)
        finally:
            d.cleanup()
        self.assertIn(want, str(cm.exception))

    def child(self, extra, name='child-v1.model'):
        return {'root-v1.model': ROOT, name: CHILD + extra}

    def test_good(self):
        d = ModelDir(self.child(''))
        try:
            order, models, aliases, resolved = d.load()
        finally:
            d.cleanup()
        self.assertEqual([m.name for m in order], ['root-v1', 'child-v1'])
        fp = TABLE.fields[('ID_AA64PFR0_EL1', 'FP')]
        self.assertEqual(fp.get(resolved['child-v1']['ID_AA64PFR0_EL1']), 0)
        impl = TABLE.fields[('MIDR_EL1', 'Implementer')]
        self.assertEqual(impl.get(resolved['child-v1']['MIDR_EL1']), 0x41)

    def test_unknown_register(self):
        self.error(self.child('ID_AA64FOO_EL1.AES 1 A\n'),
                   "child-v1.model:6: unknown register 'ID_AA64FOO_EL1'")

    def test_unknown_field_lists_fields(self):
        self.error(self.child('ID_AA64ISAR0_EL1.AESX 1 A\n'),
                   "ID_AA64ISAR0_EL1 has no field 'AESX' (fields: ")

    def test_unknown_value_lists_names(self):
        self.error(self.child('ID_AA64ISAR0_EL1.AES PMUL A\n'),
                   "ID_AA64ISAR0_EL1.AES has no value 'PMUL' (named values: "
                   "NI, AES, PMULL; or a number from 0 to 0xf)")

    def test_value_too_wide(self):
        self.error(self.child('ID_AA64ISAR0_EL1.AES 0x10 A\n'),
                   "ID_AA64ISAR0_EL1.AES is 4 bits wide: 0x10 does not fit")

    def test_same_as_parent(self):
        self.error(self.child('ID_AA64PFR0_EL1.FP IMP A\n'),
                   "ID_AA64PFR0_EL1.FP is already IMP (0x0) in root-v1: a "
                   "model sets only what differs from its parent")

    def test_set_twice(self):
        self.error(self.child('ID_AA64ISAR0_EL1.AES AES A\n'
                              'ID_AA64ISAR0_EL1.AES PMULL A\n'),
                   "ID_AA64ISAR0_EL1.AES already set on line 6")

    def test_machine_field(self):
        self.error(self.child('ID_AA64PFR0_EL1.GIC IMP A\n'),
                   "ID_AA64PFR0_EL1.GIC is decided by the interrupt "
                   "controller (virt: gic-version), not by a model")
        self.error(self.child('DCZID_EL0.DZP 1 A\n'),
                   "DCZID_EL0.DZP is decided by the guest (SCTLR_EL1.DZE), "
                   "not by a model")

    def test_geometry_register(self):
        self.error(self.child('CLIDR_EL1.LoUU 1 A\n'),
                   "CLIDR_EL1 describes the host's caches: models do not "
                   "set it")

    def test_missing_reference(self):
        self.error(self.child('ID_AA64ISAR0_EL1.AES AES\n'),
                   "'ID_AA64ISAR0_EL1.AES' needs a value and a reference tag")

    def test_undeclared_tag(self):
        self.error(self.child('ID_AA64ISAR0_EL1.AES AES TRM 3.2\n'),
                   "reference tag 'TRM' is not declared by a 'ref' line "
                   "(declared: A)")

    def test_differs(self):
        self.error(self.child('differs ID_AA64ISAR0_EL1.AES A\n'),
                   "'differs' takes REG.FIELD, the tag of a ref and the "
                   "reason")
        self.error(self.child('differs ID_AA64ISAR0_EL1.AESX A why\n'),
                   "ID_AA64ISAR0_EL1 has no field 'AESX' (fields: ")
        self.error(self.child('differs FOO_EL1.AES A why\n'),
                   "unknown register 'FOO_EL1'")
        self.error(self.child('differs ID_AA64ISAR0_EL1.AES A,B why\n'),
                   "'differs' names reference tag 'B', which no 'ref' line "
                   "of the model or its parents declares (declared: A)")
        self.error(self.child('differs ID_AA64ISAR0_EL1.AES A why\n'
                              'differs ID_AA64ISAR0_EL1.AES B,A again\n'),
                   "'differs ID_AA64ISAR0_EL1.AES A' given twice")

    def test_unknown_statement(self):
        self.error(self.child('cpu foo\n'), "unknown statement 'cpu'")

    def test_unversioned_name(self):
        self.error({'root-v1.model': ROOT,
                    'child.model': CHILD.replace('child-v1', 'child')},
                   "model names are lower case and end in a version, '-v1': "
                   "'child'")

    def test_file_name(self):
        self.error(self.child('', name='other-v1.model'),
                   "model 'child-v1' must be in child-v1.model")

    def test_no_note(self):
        self.error({'root-v1.model': ROOT.replace('note     the root\n', '')},
                   "no 'note' line")

    def test_unknown_parent(self):
        self.error({'root-v1.model': ROOT,
                    'child-v1.model': CHILD.replace('parent   root-v1',
                                                    'parent   nope-v1')},
                   "parent 'nope-v1' is not a model (models: child-v1, "
                   "root-v1)")

    def test_cycle(self):
        a = ROOT.replace('note     the root', 'parent b-v1\nnote a')
        a = a.replace('root-v1', 'a-v1')
        b = CHILD.replace('child-v1', 'b-v1').replace('root-v1', 'a-v1')
        self.error({'a-v1.model': a, 'b-v1.model': b}, 'parent cycle: ')

    def test_alias_upstream_name(self):
        # QEMU's CPU names come from its tree: a fake one here
        with tempfile.TemporaryDirectory() as top:
            arm = os.path.join(top, 'target', 'arm')
            os.makedirs(os.path.join(arm, 'tcg'))
            with open(os.path.join(arm, 'cpu.c'), 'w') as f:
                f.write('/* nothing registered here */\n')
            with open(os.path.join(arm, 'tcg', 'cpu64.c'), 'w') as f:
                f.write('static const ARMCPUInfo infos[] = {\n'
                        '    { .name = "neoverse-n1",\n'
                        '      .initfn = aarch64_neoverse_n1_initfn },\n'
                        '    { .name = "max", .initfn = max_initfn },\n'
                        '};\n')
            upstream = models_mod.upstream_cpus(top)
            self.assertEqual(upstream, {'neoverse-n1', 'max'})
            os.remove(os.path.join(arm, 'tcg', 'cpu64.c'))
            with self.assertRaises(idtable.Fatal) as cm:
                models_mod.upstream_cpus(top)
            self.assertIn("no ARMCPUInfo names found (not even 'max')",
                          str(cm.exception))
        self.error(self.child('alias neoverse-n1\n'),
                   "alias 'neoverse-n1' is the name of one of QEMU's CPU "
                   "types", upstream)
        # without QEMU's sources (the overlay alone) there is nothing to read
        self.assertIsNone(models_mod.upstream_cpus(tempfile.gettempdir()))

    def test_upstream_cpus_of_qemu(self):
        src = os.path.join(models_mod.TOP, 'build', 'src')
        if not os.path.exists(os.path.join(src, 'target', 'arm', 'cpu.c')):
            self.skipTest('no assembled QEMU tree in build/src')
        names = models_mod.upstream_cpus(src)
        for n in ('max', 'host', 'cortex-a57', 'neoverse-v1', 'cortex-m3'):
            self.assertIn(n, names)
        # 'neoverse-v1' looks versioned: model names are checked too
        self.error({'root-v1.model': ROOT,
                    'neoverse-v1.model': CHILD.replace('child-v1',
                                                       'neoverse-v1')},
                   "model 'neoverse-v1' has the name of one of QEMU's CPU "
                   "types", names)

    def test_alias_versioned(self):
        self.error(self.child('alias child-v2\n'),
                   "alias 'child-v2' must be an unversioned name")

    def test_alias_twice(self):
        other = CHILD.replace('child-v1', 'other-v1') + 'alias child\n'
        files = self.child('alias child\n')
        files['other-v1.model'] = other
        self.error(files, "alias 'child' already resolves to ")

    def test_alias_abstract(self):
        self.error({'root-v1.model': ROOT + 'alias root\n'},
                   "an abstract model cannot have an alias")

    def test_pinned_field(self):
        self.error(self.child('ID_AA64PFR0_EL1.AMU IMP A\n'),
                   "ID_AA64PFR0_EL1.AMU is pinned by root-v1 (A hidden): "
                   "child-v1 cannot set it")

    def test_pin_may_equal_default(self):
        # AMU is NI in the table's defaults: a pin states it anyway.
        d = ModelDir(self.child(''))
        try:
            d.load()
        finally:
            d.cleanup()

    def test_sve_needs_lengths(self):
        self.error(self.child('ID_AA64PFR0_EL1.SVE IMP A\n'),
                   "the model has SVE (ID_AA64PFR0_EL1.SVE): give its vector "
                   "lengths with an 'sve' line")

    def test_sve_without_sve(self):
        self.error(self.child('sve 128\n'),
                   "'sve' given but ID_AA64PFR0_EL1.SVE is NI")

    def test_sve_bad_length(self):
        self.error(self.child('sve 100\n'),
                   "'sve' takes vector lengths in bits, among 128 256")

    def test_runnable_needs_implementer(self):
        self.error({'root-v1.model': ROOT,
                    'child-v1.model': CHILD.replace(
                        'MIDR_EL1.Implementer    0x41 A',
                        'ID_AA64ISAR0_EL1.AES AES A')},
                   "a runnable model needs MIDR_EL1.Implementer")

    def test_released_never_changes(self):
        files = self.child('')
        files['RELEASED'] = 'child-v1 0123456789abcdef\n'
        self.error(files, "released model 'child-v1' changed (its ID "
                   "registers now digest to ")

    def test_released_never_removed(self):
        files = self.child('')
        files['RELEASED'] = 'gone-v1 0123456789abcdef\n'
        self.error(files, "released model 'gone-v1' has no model file")

    def test_released_digest_holds(self):
        d = ModelDir(self.child(''))
        try:
            order, models, aliases, resolved = d.load()
            dg = models_mod.digest(TABLE, resolved['child-v1'],
                            models_mod.sve_of(models, models['child-v1']))
            with open(os.path.join(d.dir, 'RELEASED'), 'w') as f:
                f.write('child-v1 %s\n' % dg)
            d.load()
        finally:
            d.cleanup()

    def test_released_abstract(self):
        files = self.child('')
        files['RELEASED'] = 'root-v1 0123456789abcdef\n'
        self.error(files, "model 'root-v1' is abstract: only a model that "
                   "runs is released")

    def test_released_digest_has_vector_lengths(self):
        d = ModelDir(self.child(''))
        try:
            order, models, aliases, resolved = d.load()
            regs = resolved['child-v1']
            self.assertNotEqual(models_mod.digest(TABLE, regs, [128]),
                                models_mod.digest(TABLE, regs, [128, 256]))
            self.assertEqual(models_mod.digest(TABLE, regs, None),
                             models_mod.digest(TABLE, regs, []))
        finally:
            d.cleanup()


if __name__ == '__main__':
    unittest.main()
