#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the tables of the named CPU models from their files; print models.

Usage:
    scripts/gen-arm-models.py [--check] [--depfile FILE] OUTPUT
        the C table, cpu-models.h.inc, which the build generates
        (target/arm/models/meson.build) and cpu-models-table.c includes
    scripts/gen-arm-models.py --doc [--check] [--depfile FILE] OUTPUT
        the docs table, which the docs build generates
        (docs/sphinx/armcpumodels.py)
    scripts/gen-arm-models.py --dump MODEL
        every ID register of MODEL
    scripts/gen-arm-models.py --delta PARENT DUMPFILE
        the field lines that turn PARENT into the values of DUMPFILE (to
        write a model)
    scripts/gen-arm-models.py --release MODEL
        record MODEL as released

Every run checks the ID-register table itself (self_check(): every
register's bits described exactly once, indexes, values that fit) and
every model file, so every build does. --check writes nothing: exit status
1 and a message when OUTPUT differs from what would be generated.
--depfile FILE writes the inputs of OUTPUT there, as a make rule (the model
files and their directory, the ID-register table, RELEASED, QEMU's own CPU
sources for the alias check, this script and its two modules), for the
build to regenerate OUTPUT when one changes or a model is added.

The model files' grammar and the rules a model keeps are in the
docstring of arm_cpu_models.py, which reads them, beside this script;
arm_idregs_table.py reads the ID-register table.
"""

import argparse
import os
import sys

import arm_cpu_models
import arm_idregs_table
from arm_cpu_models import (INPUTS, MODELS, RELEASED, chain, check_model,
                            check_released, digest, fmt_value, load_models,
                            read_released, resolve, sve_of, upstream_cpus,
                            word_lines)
from arm_idregs_table import IDREGS, TOP, Fatal, Table, fail


# ---------------------------------------------------------------- outputs

# The licence line of the docs table, in two pieces so that checkpatch.pl
# does not take it for this script's own
DOC_SPDX = '.. SPDX-License-' + 'Identifier: GPL-2.0-or-later'

HEADER = """\
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated at build time by scripts/gen-arm-models.py from
 * target/arm/models/<name>.model (target/arm/models/meson.build): do not edit.
 *
 * %(n_models)d models, %(n_sets)d field values, %(n_aliases)d aliases.
 * Parents come before their children.
 *
 * ARM_CPU_MODEL(NAME, PARENT, NOTE, ABSTRACT, SVE_VQ, FIRST_SET, N_SETS,
 *               RELEASED)
 *   PARENT is the index of the parent model, -1 for a root. ABSTRACT is
 *   NULL for a runnable model, else why it cannot run. SVE_VQ is the map of
 *   supported SVE vector lengths (bit N: (N + 1) * 128 bits), 0 without
 *   SVE. FIRST_SET is the 0-based index of the model's first
 *   ARM_CPU_MODEL_SET among all of them, N_SETS their number; its sets
 *   follow the ARM_CPU_MODEL line. RELEASED is 1 for a model recorded in
 *   target/arm/models/RELEASED, whose values never change again.
 *
 * ARM_CPU_MODEL_SET(REG, FIELD, VALUE)
 *   The model sets field REG.FIELD of the ID-register table to VALUE (raw).
 *
 * ARM_CPU_MODEL_ALIAS(ALIAS, MODEL)
 *   The unversioned name ALIAS resolves to model index MODEL.
 */
"""


def c_string(s):
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def c_string_lines(s, indent, width=80):
    """@s as C string literals of at most @width columns after @indent,
    split after spaces, one a line, ending with a comma."""
    words = s.split(' ')
    parts, cur = [], ''
    for i, w in enumerate(words):
        w += ' ' if i < len(words) - 1 else ''
        if cur and indent + len(c_string(cur + w).rstrip()) + 1 > width:
            parts.append(cur)
            cur = w
        else:
            cur += w
    parts.append(cur)
    return '\n'.join(' ' * indent + c_string(p) for p in parts) + ',\n'


def generate_c(table, order, models, aliases, released=None):
    if released is None:
        released = read_released()[0]
    out = []
    n_sets = 0
    for m in order:
        n_sets += len(m.sets)
    out.append(HEADER % {'n_models': len(order), 'n_sets': n_sets,
                         'n_aliases': len(aliases)})
    first = 0
    for m in order:
        sve = sve_of(models, m) or []
        vq = 0
        for vl in sve:
            vq |= 1 << (vl // 128 - 1)
        parent = models[m.parent].index if m.parent else -1
        indent = len('ARM_CPU_MODEL(')
        out.append('ARM_CPU_MODEL(%s, %d,\n' % (c_string(m.name), parent))
        out.append(c_string_lines(m.note, indent))
        out.append(c_string_lines(m.abstract, indent) if m.abstract
                   else ' ' * indent + 'NULL,\n')
        out.append('%s0x%x, %d, %d, %d)\n' % (
            ' ' * indent, vq, first, len(m.sets), m.name in released))
        for lineno, fl, v, tag, where in m.sets:
            out.append('ARM_CPU_MODEL_SET(%s, %s, 0x%x)\n' % (
                fl.reg, fl.name, v))
        first += len(m.sets)
    for a in sorted(aliases):
        out.append('ARM_CPU_MODEL_ALIAS(%s, %d)\n' % (
            c_string(a), models[aliases[a]].index))
    return ''.join(out)


def rst_escape(s):
    return s.replace('*', r'\*').replace('`', r'\`').replace('|', r'\|')


def cell(text):
    """A list-table cell, without trailing blanks when empty."""
    return '     - %s\n' % rst_escape(text) if text else '     -\n'


def generate_doc(table, order, models, aliases, resolved):
    out = []
    out.append(DOC_SPDX + '\n\n')
    out.append('.. Generated when the docs are built, by '
               'scripts/gen-arm-models.py --doc from '
               'target/arm/models/*.model.\n\n')
    out.append('.. list-table:: The named CPU models\n')
    out.append('   :header-rows: 1\n\n')
    out.append('   * - Model\n     - Parent\n     - Alias\n'
               '     - Description\n')
    by_target = {}
    for a, t in aliases.items():
        by_target.setdefault(t, []).append(a)
    for m in order:
        note = rst_escape(m.note)
        if m.abstract:
            note += ' (abstract: %s)' % rst_escape(m.abstract)
        out.append('   * - ``%s``\n' % m.name)
        out.append('     - ``%s``\n' % m.parent if m.parent else '     -\n')
        alias = ', '.join('``%s``' % a for a in sorted(by_target.get(m.name,
                                                                   [])))
        out.append('     - %s\n' % alias if alias else '     -\n')
        out.append('     - %s\n' % note)
    out.append('\n')
    for m in order:
        regs = resolved[m.name]
        title = 'Model ``%s``' % m.name
        out.append('%s\n%s\n\n' % (title, '~' * len(title)))
        out.append('%s.' % rst_escape(m.note))
        if m.parent:
            out.append(' Parent: ``%s``.' % m.parent)
        if m.abstract:
            out.append(' Abstract, not runnable: %s.' % rst_escape(
                m.abstract))
        sve = sve_of(models, m)
        if sve:
            out.append(' SVE vector lengths: %s bits.' % ', '.join(
                map(str, sve)))
        out.append('\n\n')
        out.append('References (of this model and the models it derives '
                   'from):\n\n')
        for x in chain(models, m):
            for tag in sorted(x.refs):
                out.append('- ``%s`` ``%s``: %s\n' % (
                    x.name, tag, rst_escape(x.refs[tag])))
        out.append('\n')
        out.append('.. list-table::\n   :header-rows: 1\n\n')
        out.append('   * - Register\n     - Value\n'
                   '     - Fields: value, the model that sets it, its '
                   'reference\n')
        _, setter = resolve(table, models, m, check=False)
        for r in table.regs:
            if r in table.regs_with('CACHE_GEOMETRY'):
                continue
            cells = []
            for fl in table.reg_fields[r]:
                v = fl.get(regs[r])
                who = setter.get((r, fl.name))
                if who:
                    cells.append('%s=%s (%s %s%s)' % (
                        fl.name, fmt_value(fl, v), who[0].name, who[1],
                        ' ' + who[2] if who[2] else ''))
                elif v != fl.dflt:
                    cells.append('%s=%s' % (fl.name, fmt_value(fl, v)))
            out.append('   * - %s\n     - ``0x%016x``\n' % (r, regs[r]))
            out.append(cell('; '.join(cells)))
        out.append('\n')
    # No blank line at the end of the file
    return ''.join(out).rstrip('\n') + '\n'


def print_dump(table, models, m, regs, setter):
    print('# %s: %s' % (m.name, m.note))
    print('# chain: %s' % ' -> '.join(x.name for x in chain(models, m)))
    if m.abstract:
        print('# abstract: %s' % m.abstract)
    sve = sve_of(models, m)
    if sve:
        print('# sve: %s' % ' '.join(map(str, sve)))
    for r in table.regs:
        if r in table.regs_with('CACHE_GEOMETRY'):
            continue
        print('%-18s 0x%016x' % (r, regs[r]))
        for fl in table.reg_fields[r]:
            v = fl.get(regs[r])
            who = setter.get((r, fl.name))
            if who or v != fl.dflt:
                src = ('%s %s%s' % (who[0].name, who[1],
                                    ' ' + who[2] if who[2] else '')
                       if who else 'default')
                print('    %-16s %-24s %s' % (fl.name, fmt_value(fl, v), src))


def read_dump(path, table):
    regs = {}
    for lineno, words in word_lines(path):
        try:
            value = int(words[1], 16) if len(words) == 2 else -1
        except ValueError:
            value = -1
        if words[0] not in table.reg_fields or not 0 <= value < 1 << 64:
            fail(path, lineno, "expected 'REGISTER 0xVALUE' with a "
                 "register of the table and a 64-bit hexadecimal value")
        regs[words[0]] = value
    return regs


def print_delta(table, models, parent, dump, ref):
    regs, _ = resolve(table, models, parent)
    for r in table.regs:
        if r not in dump or r in table.regs_with('CACHE_GEOMETRY'):
            continue
        for fl in table.reg_fields[r]:
            old, new = fl.get(regs[r]), fl.get(dump[r])
            if table.role(r, fl.name, 'DECIDED_BY'):
                continue
            if (r, fl.name) in parent.pinned:
                if old != new:
                    print('# %s.%s: %s in the dump, pinned to %s by %s' % (
                        r, fl.name, fmt_value(fl, new), fmt_value(fl, old),
                        parent.pinned[(r, fl.name)][0].name))
                continue
            if old != new:
                name = fl.value_name(new)
                print('%-30s %-10s %-16s # was %s' % (
                    '%s.%s' % (r, fl.name), name or '0x%x' % new, ref,
                    fmt_value(fl, old)))


def write_or_check(path, text, check):
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        old = None
    if old == text:
        return 0
    if check:
        print('%s differs from what scripts/gen-arm-models.py generates; '
              'regenerate it, never edit it' % os.path.relpath(path, TOP),
              file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    return 0


def write_depfile(path, output, directory=MODELS):
    def esc(p):
        return p.replace(' ', '\\ ')
    released = os.path.join(directory, RELEASED)
    code = {os.path.abspath(f) for f in (__file__, arm_cpu_models.__file__,
                                         arm_idregs_table.__file__)}
    inputs = sorted(INPUTS | code | {IDREGS} |
                    ({released} if os.path.exists(released) else set()))
    with open(path, 'w') as f:
        f.write('%s: %s\n' % (esc(output), ' \\\n  '.join(map(esc, inputs))))


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Generate or print the named Arm CPU models.')
    ap.add_argument('--check', action='store_true',
                    help='compare OUTPUT instead of writing it')
    ap.add_argument('--doc', action='store_true',
                    help='generate the docs table instead of the C table')
    ap.add_argument('--dump', metavar='MODEL',
                    help='print every ID register of MODEL')
    ap.add_argument('--delta', nargs=2, metavar=('PARENT', 'DUMPFILE'),
                    help='print the field lines from PARENT to DUMPFILE')
    ap.add_argument('--ref', default='DUMP', metavar='TAG [WHERE]',
                    help='the reference --delta writes on each line')
    ap.add_argument('--release', metavar='MODEL',
                    help='record MODEL in target/arm/models/RELEASED')
    ap.add_argument('--depfile', metavar='FILE',
                    help="write OUTPUT's inputs to FILE as a make rule")
    ap.add_argument('--models', metavar='DIR', default=MODELS,
                    help='read the model files of DIR (default: %(default)s;'
                    ' the unit tests have models of their own)')
    ap.add_argument('output', nargs='?', metavar='OUTPUT')
    args = ap.parse_args(argv)
    if not (args.dump or args.delta or args.release) and not args.output:
        ap.error('OUTPUT is needed to generate a table')

    INPUTS.clear()          # what this run reads, not an earlier one's
    try:
        table = Table()
        order, models, aliases = load_models(table, args.models,
                                             upstream=upstream_cpus())
        resolved = {m.name: check_model(table, models, m) for m in order}
        check_released(table, models, resolved, args.models)

        def model_arg(name):
            name = aliases.get(name, name)
            if name not in models:
                fail(None, 0, "no model '%s' (models: %s)" % (
                    name, ', '.join(m.name for m in order)))
            return models[name]

        if args.dump:
            m = model_arg(args.dump)
            regs, setter = resolve(table, models, m)
            print_dump(table, models, m, regs, setter)
            return 0
        if args.delta:
            print_delta(table, models, model_arg(args.delta[0]),
                        read_dump(args.delta[1], table), args.ref)
            return 0
        if args.release:
            m = model_arg(args.release)
            rel, path = read_released(args.models)
            if m.name in rel:
                fail(path, rel[m.name][1], '%s is already released' % m.name)
            if m.abstract:
                fail(m.path, 0, "model '%s' is abstract: only a model that "
                     "runs is released" % m.name)
            with open(path, 'a') as f:
                f.write('%s %s\n' % (m.name, digest(
                    table, resolved[m.name], sve_of(models, m))))
            return 0
        if args.doc:
            text = generate_doc(table, order, models, aliases, resolved)
        else:
            text = generate_c(table, order, models, aliases,
                              read_released(args.models)[0])
        rc = write_or_check(args.output, text, args.check)
        if rc == 0 and args.depfile:
            write_depfile(args.depfile, args.output, args.models)
        return rc
    except Fatal as e:
        print('gen-arm-models: %s' % e, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
