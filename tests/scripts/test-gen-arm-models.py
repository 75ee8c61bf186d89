#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/gen-arm-models.py: the C and docs tables, the depfile,
--dump, --delta and --release, on the small models of
test-arm-cpu-model-files.py.

Run: python3 tests/scripts/test-gen-arm-models.py [-v]
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


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gen = load('gen_arm_models', os.path.join(TOP, 'scripts', 'gen-arm-models.py'))
files = load('test_arm_cpu_model_files', os.path.join(
    TOP, 'tests', 'scripts', 'test-arm-cpu-model-files.py'))
TABLE, ROOT, CHILD, ModelDir = files.TABLE, files.ROOT, files.CHILD, \
    files.ModelDir


class Outputs(unittest.TestCase):
    def setUp(self):
        self.d = ModelDir({'root-v1.model': ROOT, 'child-v1.model': CHILD})
        self.order, self.models, self.aliases, self.resolved = self.d.load()

    def tearDown(self):
        self.d.cleanup()

    def test_c_table_and_depfile(self):
        # what main() writes is generate_c()'s text, and the depfile names
        # every input, so that a new or changed model regenerates it
        text = gen.generate_c(TABLE, self.order, self.models, self.aliases)
        self.assertEqual(re.findall(r'^ARM_CPU_MODEL\("([^"]+)"', text, re.M),
                         ['root-v1', 'child-v1'])
        self.assertIn('ARM_CPU_MODEL_SET(MIDR_EL1, Implementer, 0x41)', text)
        out = os.path.join(self.d.dir, 'out', 'cpu-models.h.inc')
        dep = out + '.d'
        args = ['--models', self.d.dir]
        self.assertEqual(gen.main(args + ['--depfile', dep, out]), 0)
        with open(out) as f:
            self.assertEqual(f.read(), text)
        with open(dep) as f:
            rule = f.read()
        self.assertTrue(rule.startswith(out + ': '))
        deps = rule.split(': ', 1)[1].replace('\\\n', ' ').split()
        scripts = os.path.join(TOP, 'scripts')
        for p in [os.path.join(self.d.dir, n) for n in
                  ('root-v1.model', 'child-v1.model')] + [
                self.d.dir, gen.IDREGS,
                os.path.join(scripts, 'gen-arm-models.py'),
                os.path.join(scripts, 'arm_cpu_models.py'),
                os.path.join(scripts, 'arm_idregs_table.py')]:
            self.assertIn(p, deps)
        # --check compares without writing
        self.assertEqual(gen.main(args + ['--check', out]), 0)
        with open(out, 'a') as f:
            f.write('/* edited */\n')
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(gen.main(args + ['--check', out]), 1)

    def test_c_table_released_flag(self):
        text = gen.generate_c(TABLE, self.order, self.models, self.aliases,
                              released={'child-v1'})
        # ARM_CPU_MODEL(...) spans several lines: one item per model
        items = re.findall(r'^ARM_CPU_MODEL\(.*?\)$', text, re.M | re.S)
        self.assertEqual(len(items), 2)
        self.assertTrue(all(len(ln) <= 80 for ln in text.splitlines()))
        for ln in items:
            self.assertTrue(ln.endswith(', 1)' if '"child-v1"' in ln
                                        else ', 0)'), ln)

    def test_doc_table(self):
        # the docs build generates it (docs/sphinx/armcpumodels.py)
        text = gen.generate_doc(TABLE, self.order, self.models, self.aliases,
                                self.resolved)
        for m in self.order:
            self.assertIn('Model ``%s``' % m.name, text)
        out = os.path.join(self.d.dir, 'table.rst.inc')
        self.assertEqual(gen.main(['--models', self.d.dir, '--doc', out]), 0)
        with open(out) as f:
            self.assertEqual(f.read(), text)

    def test_dump_lists_every_register(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(gen.main(['--models', self.d.dir, '--dump',
                                       'child-v1']), 0)
        text = out.getvalue()
        for r in TABLE.regs:
            if r not in TABLE.regs_with('CACHE_GEOMETRY'):
                self.assertRegex(text, r'(?m)^%s +0x[0-9a-f]{16}$' % r)
        self.assertIn('# chain: root-v1 -> child-v1', text)

    def test_models_directory(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(gen.main(['--models', os.path.join(TOP, 'nope'),
                                       os.path.join(self.d.dir, 'out')]), 1)
            self.assertEqual(gen.main(['--models', self.d.dir, '--dump',
                                       'nope-v1']), 1)
        self.assertIn('nope: no such directory of model files',
                      err.getvalue())
        self.assertIn("no model 'nope-v1' (models: root-v1, child-v1)",
                      err.getvalue())
        with tempfile.TemporaryDirectory() as d, \
                contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(gen.main(['--models', d,
                                       os.path.join(d, 'out')]), 1)
        self.assertIn('no model files (NAME.model)', err.getvalue())


class Commands(unittest.TestCase):
    def child(self, extra, name='child-v1.model'):
        return {'root-v1.model': ROOT, name: CHILD + extra}

    def test_release_command(self):
        d = ModelDir(self.child(''))
        try:
            args = ['--models', d.dir, '--release']
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                self.assertEqual(gen.main(args + ['root-v1']), 1)
            self.assertIn("model 'root-v1' is abstract", err.getvalue())
            self.assertEqual(gen.main(args + ['child-v1']), 0)
            d.load()            # the recorded digest holds
            with open(os.path.join(d.dir, 'RELEASED')) as f:
                self.assertRegex(f.read(), r'^child-v1 [0-9a-f]{16}\n$')
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                self.assertEqual(gen.main(args + ['child-v1']), 1)
            self.assertIn('child-v1 is already released', err.getvalue())
        finally:
            d.cleanup()


class Delta(unittest.TestCase):
    def test_delta(self):
        d = ModelDir({'root-v1.model': ROOT})
        try:
            order, models, aliases, resolved = d.load()
            dump = dict(resolved['root-v1'])
            aes = TABLE.fields[('ID_AA64ISAR0_EL1', 'AES')]
            gic = TABLE.fields[('ID_AA64PFR0_EL1', 'GIC')]
            amu = TABLE.fields[('ID_AA64PFR0_EL1', 'AMU')]
            dump['ID_AA64ISAR0_EL1'] |= 2 << aes.shift
            dump['ID_AA64PFR0_EL1'] |= (1 << gic.shift) | (1 << amu.shift)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                gen.print_delta(TABLE, models, models['root-v1'], dump,
                                'DUMP x')
        finally:
            d.cleanup()
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[0].startswith('# ID_AA64PFR0_EL1.AMU: IMP'),
                        lines)
        self.assertIn('pinned to NI (0x0) by root-v1', lines[0])
        self.assertRegex(lines[1], r'^ID_AA64ISAR0_EL1.AES +PMULL +DUMP x '
                         r'+# was NI \(0x0\)$')


    def test_bad_dump(self):
        with tempfile.NamedTemporaryFile('w', suffix='.txt') as f:
            f.write('MIDR_EL1 0x410fd4f0\nID_AA64ISAR0_EL1 zz\n')
            f.flush()
            with self.assertRaises(gen.Fatal) as cm:
                gen.read_dump(f.name, TABLE)
        self.assertIn(":2: expected 'REGISTER 0xVALUE' with a register of "
                      "the table and a 64-bit hexadecimal value",
                      str(cm.exception))

    def test_missing_dump(self):
        with self.assertRaises(gen.Fatal) as cm:
            gen.read_dump('/nonexistent/dump.txt', TABLE)
        self.assertIn('cannot read /nonexistent/dump.txt', str(cm.exception))


if __name__ == '__main__':
    unittest.main()
