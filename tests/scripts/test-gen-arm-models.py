#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of scripts/gen-arm-models.py: the shipped models and every error.

Run: python3 tests/scripts/test-gen-arm-models.py [-v]

The error cases write small model files into a temporary directory and
check the exact message the generator gives; the shipped models are loaded
from target/arm/models/, and the C and docs tables generated from them
as the builds generate them (with the depfile of their inputs).
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
GEN = os.path.join(TOP, 'scripts', 'gen-arm-models.py')

spec = importlib.util.spec_from_file_location('gen_arm_models', GEN)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

TABLE = gen.Table()

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
        order, models, aliases = gen.load_models(TABLE, self.dir, upstream)
        resolved = {m.name: gen.check_model(TABLE, models, m) for m in order}
        gen.check_released(TABLE, models, resolved, self.dir)
        return order, models, aliases, resolved

    def cleanup(self):
        self.tmp.cleanup()


class Errors(unittest.TestCase):
    def error(self, files, want, upstream=None):
        d = ModelDir(files)
        try:
            with self.assertRaises(gen.Fatal) as cm:
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
            upstream = gen.upstream_cpus(top)
            self.assertEqual(upstream, {'neoverse-n1', 'max'})
            os.remove(os.path.join(arm, 'tcg', 'cpu64.c'))
            with self.assertRaises(gen.Fatal) as cm:
                gen.upstream_cpus(top)
            self.assertIn("no ARMCPUInfo names found (not even 'max')",
                          str(cm.exception))
        self.error(self.child('alias neoverse-n1\n'),
                   "alias 'neoverse-n1' is the name of one of QEMU's CPU "
                   "types", upstream)
        # without QEMU's sources (the overlay alone) there is nothing to read
        self.assertIsNone(gen.upstream_cpus(tempfile.gettempdir()))

    def test_upstream_cpus_of_qemu(self):
        src = os.path.join(gen.TOP, 'build', 'src')
        if not os.path.exists(os.path.join(src, 'target', 'arm', 'cpu.c')):
            self.skipTest('no assembled QEMU tree in build/src')
        names = gen.upstream_cpus(src)
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
            dg = gen.digest(TABLE, resolved['child-v1'],
                            gen.sve_of(models, models['child-v1']))
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
            self.assertNotEqual(gen.digest(TABLE, regs, [128]),
                                gen.digest(TABLE, regs, [128, 256]))
            self.assertEqual(gen.digest(TABLE, regs, None),
                             gen.digest(TABLE, regs, []))
        finally:
            d.cleanup()

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
            'grace': 'grace-v1'})

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
        # the build generates the table (target/arm/meson.build): what
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

    def test_c_table_released_flag(self):
        text = gen.generate_c(TABLE, self.order, self.models, self.aliases,
                              released={'grace-v1'})
        # ARM_CPU_MODEL(...) spans several lines: one item per model
        items = re.findall(r'^ARM_CPU_MODEL\(.*?\)$', text, re.M | re.S)
        self.assertEqual(len(items), len(self.order))
        self.assertTrue(all(len(ln) <= 80 for ln in text.splitlines()))
        for ln in items:
            self.assertTrue(ln.endswith(', 1)' if '"grace-v1"' in ln
                                        else ', 0)'), ln)

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



class TableSelfCheck(unittest.TestCase):
    """The generated table's own consistency (self_check), which a build
    runs: each corruption of the shipped table gives its message."""

    @classmethod
    def setUpClass(cls):
        with open(gen.IDREGS) as f:
            cls.text = f.read()

    def corrupt(self, old, new, message):
        self.assertIn(old, self.text)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'cpu-idregs.h.inc')
            with open(path, 'w') as f:
                f.write(self.text.replace(old, new, 1))
            with self.assertRaises(gen.Fatal) as cm:
                gen.Table(path)
        self.assertRegex(str(cm.exception), message)

    def test_shipped_table_passes(self):
        gen.Table()

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
