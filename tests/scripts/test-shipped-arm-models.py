#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of the shipped models, target/arm/models/: their hierarchy,
aliases and sample values, each value's reference, and the C and docs
tables the builds generate from them.

Run: python3 tests/scripts/test-shipped-arm-models.py [-v]
"""

import contextlib
import importlib.util
import io
import os
import re
import sys
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))

spec = importlib.util.spec_from_file_location(
    'gen_arm_models', os.path.join(TOP, 'scripts', 'gen-arm-models.py'))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

TABLE = gen.Table()


class Shipped(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.order, cls.models, cls.aliases = gen.load_models(TABLE)
        cls.resolved = {m.name: gen.check_model(TABLE, cls.models, m)
                        for m in cls.order}
        gen.check_released(TABLE, cls.models, cls.resolved)

    def parent(self, name):
        return self.models[name].parent

    def test_seed_hierarchy(self):
        want = {
            'arm-v8_4-a-v1': 'kvm-base-v1',
            'neoverse-v1-v1': 'arm-v8_4-a-v1',
            'graviton3-v1': 'neoverse-v1-v1',
            'arm-v9_0-a-v1': 'arm-v8_4-a-v1',
            'neoverse-v2-v1': 'arm-v9_0-a-v1',
            'grace-v1': 'neoverse-v2-v1',
            'graviton4-v1': 'neoverse-v2-v1',
            'altra-v1': 'neoverse-n1-v1',
            'ampereone-v1': 'arm-v8_4-a-v1',
            'graviton2-v1': 'neoverse-n1-v1',
            'graviton2-v2': 'graviton2-v1',
            'graviton3-v2': 'graviton3-v1',
            'altra-v2': 'altra-v1',
            'axion-v1': 'neoverse-v2-v1',
            'neoverse-n2-v1': 'arm-v9_0-a-v1',
            'cobalt100-v1': 'neoverse-n2-v1',
            'yitian710-v1': 'neoverse-n2-v1',
            'neoverse-v3-v1': 'arm-v9_0-a-v1',
            'graviton5-v1': 'neoverse-v3-v1',
        }
        for name, parent in want.items():
            self.assertEqual(self.parent(name), parent, name)
        self.assertIsNone(self.parent('kvm-base-v1'))

    def test_abstract(self):
        abstract = {m.name for m in self.order if m.abstract}
        self.assertEqual(abstract, {'kvm-base-v1', 'arm-v8_2-a-v1',
                                    'arm-v8_4-a-v1', 'arm-v9_0-a-v1',
                                    'ampereone-v1'})

    def test_aliases(self):
        self.assertEqual(self.aliases, {
            'altra': 'altra-v2', 'graviton2': 'graviton2-v2',
            'graviton3': 'graviton3-v2', 'graviton4': 'graviton4-v1',
            'grace': 'grace-v1', 'axion': 'axion-v1',
            'cobalt100': 'cobalt100-v1', 'yitian710': 'yitian710-v1',
            'graviton5': 'graviton5-v1'})

    def test_every_set_has_a_reference(self):
        for m in self.order:
            for lineno, fl, v, tag, where in m.sets:
                self.assertIn(tag, m.refs, '%s:%d' % (m.path, lineno))

    def test_sample_values(self):
        # Graviton3 is Neoverse V1 r1p1 (Arm 0x41, part 0xd40).
        midr = self.resolved['graviton3-v1']['MIDR_EL1']
        self.assertEqual(midr, 0x411fd401)
        # Grace has SHA3 and SM4 (hrw's /proc/cpuinfo: sha3, sm4).
        isar0 = self.resolved['grace-v1']['ID_AA64ISAR0_EL1']
        self.assertEqual(TABLE.fields[('ID_AA64ISAR0_EL1', 'SM4')].get(isar0),
                         1)
        # Neoverse N1 has no SVE; V1 has it.
        sve = TABLE.fields[('ID_AA64PFR0_EL1', 'SVE')]
        self.assertEqual(sve.get(self.resolved['neoverse-n1-v1']
                                 ['ID_AA64PFR0_EL1']), 0)
        self.assertEqual(sve.get(self.resolved['neoverse-v1-v1']
                                 ['ID_AA64PFR0_EL1']), 1)

    def test_c_table_generated_with_depfile(self):
        # the build generates the table (target/arm/models/meson.build): what
        # main() writes is generate_c()'s text, and the depfile names
        # every input, so that a new or changed model regenerates it
        text = gen.generate_c(TABLE, self.order, self.models, self.aliases)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'cpu-models.h.inc')
            dep = out + '.d'
            self.assertEqual(gen.main(['--depfile', dep, out]), 0)
            with open(out) as f:
                self.assertEqual(f.read(), text)
            with open(dep) as f:
                rule = f.read()
            self.assertTrue(rule.startswith(out + ': '))
            deps = rule.split(': ', 1)[1].replace('\\\n', ' ').split()
            for m in self.order:
                self.assertIn(os.path.join(gen.MODELS, m.name + '.model'),
                              deps)
            for p in (gen.MODELS, gen.IDREGS, os.path.abspath(gen.__file__)):
                self.assertIn(p, deps)
            # --check compares without writing
            self.assertEqual(gen.main(['--check', out]), 0)
            with open(out, 'a') as f:
                f.write('/* edited */\n')
            with contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(gen.main(['--check', out]), 1)

    def test_c_table_of_other_models(self):
        # --models: the unit test of cpu-models.c has a table of its own
        # (tests/unit/meson.build), and the depfile names its files
        fixtures = os.path.join(TOP, 'tests', 'data', 'arm-cpu-models',
                                'fixtures')
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'test-arm-cpu-models.h.inc')
            self.assertEqual(gen.main(['--models', fixtures, '--depfile',
                                       out + '.d', out]), 0)
            with open(out) as f:
                text = f.read()
            with open(out + '.d') as f:
                deps = f.read()
        names = re.findall(r'^ARM_CPU_MODEL\("([^"]+)"', text, re.M)
        self.assertEqual(names, ['base-v1', 'mid-v1', 'other-v1',
                                 'part-a-v1', 'part-b-v1'])
        self.assertNotIn('grace', text)
        self.assertIn(os.path.join(fixtures, 'part-a-v1.model'), deps)
        self.assertNotIn(os.path.join(gen.MODELS, 'grace-v1.model'), deps)
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(gen.main(['--models', os.path.join(TOP, 'nope'),
                                       out]), 1)
        self.assertIn('nope: no such directory of model files',
                      err.getvalue())
        with tempfile.TemporaryDirectory() as d, \
                contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(gen.main(['--models', d,
                                       os.path.join(d, 'out')]), 1)
        self.assertIn('no model files (NAME.model)', err.getvalue())

    def test_doc_table(self):
        # the docs build generates it (docs/sphinx/armcpumodels.py)
        text = gen.generate_doc(TABLE, self.order, self.models, self.aliases,
                                self.resolved)
        for m in self.order:
            self.assertIn('Model ``%s``' % m.name, text)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'table.rst.inc')
            self.assertEqual(gen.main(['--doc', out]), 0)
            with open(out) as f:
                self.assertEqual(f.read(), text)

    def test_dump_lists_every_register(self):
        out = io.StringIO()
        regs, setter = gen.resolve(TABLE, self.models,
                                   self.models['grace-v1'])
        with contextlib.redirect_stdout(out):
            gen.print_dump(TABLE, self.models, self.models['grace-v1'], regs,
                           setter)
        text = out.getvalue()
        for r in TABLE.regs:
            if r not in TABLE.regs_with('CACHE_GEOMETRY'):
                self.assertRegex(text, r'(?m)^%s +0x[0-9a-f]{16}$' % r)
        self.assertIn('# chain: kvm-base-v1 -> arm-v8_4-a-v1 -> '
                      'arm-v9_0-a-v1 -> neoverse-v2-v1 -> grace-v1', text)


if __name__ == '__main__':
    unittest.main()
