#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the tables of the named CPU models from their files; print models.

Usage:
    scripts/gen-arm-models.py [--check] [--depfile FILE] OUTPUT
        the C table, cpu-models.h.inc, which the build generates
        (target/arm/meson.build) and target/arm/cpu-models.c includes
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
sources for the alias check, this script), for the build to regenerate
OUTPUT when one changes or a model is added.

A model file, target/arm/models/<name>.model, describes one named CPU model
as the values it sets on top of its parent. One statement a line; '#'
starts a comment; blank lines are ignored:

    model    NAME                 the model's name, equal to the file's name
    parent   NAME                 the model it starts from (none for a root)
    note     TEXT                 one line for -cpu help and the docs
    abstract TEXT                 not runnable, and why (architecture-level
                                  models lack implementation-defined values)
    alias    NAME                 an unversioned name that resolves to this
                                  version (at most one version per alias)
    sve      VL ...               the SVE vector lengths in bits (128 256),
                                  required when the model has SVE
    ref      TAG TEXT             a reference the values cite: TAG is a word
                                  (TRM, ARMARM, DUMP), TEXT names the document
    pin REG.FIELD VALUE TAG [WHERE]
                                  sets a field, as below, and forbids every
                                  descendant to set it (values KVM imposes on
                                  every guest, such as AMU hidden)
    REG.FIELD VALUE TAG [WHERE]   sets a field: REG and FIELD as the Arm ARM
                                  spells them (ID_AA64ISAR0_EL1.AES), VALUE a
                                  named value of the field (PMULL, IMP, NI: the
                                  kernel's names) or a number; TAG one of the
                                  file's refs, WHERE the section or table in it
    differs REG.FIELD TAG[,TAG...] REASON
                                  the documents TAG (the refs of the file or
                                  a parent's) show this silicon with another
                                  value of REG.FIELD than the model has, and
                                  why (a kernel that hides the field, a
                                  revision): what a cross-check of the
                                  model against the part's recorded
                                  public sources reads; the tables do not

A field may be set once per file, and only to a value that differs from the
parent's (a model sets only what differs). Fields that the machine decides
and the cache geometry registers (their roles in the ID-register table,
from scripts/arm-idregs-roles) cannot be set. An alias may not take the
name of one of QEMU's own CPU types, read from the QEMU tree the script
runs in (target/arm); from the overlay alone that check is left out.

Released models never change: target/arm/models/RELEASED lists, for each
released model, a digest of all its resolved ID-register values and its SVE
vector lengths; a change to the model, to a parent or to the table's defaults
that alters them is an error (make a new version instead). Only a model that
runs (not abstract) is released.
"""

import argparse
import hashlib
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
IDREGS = os.path.join(TOP, 'target', 'arm', 'cpu-idregs.h.inc')
MODELS = os.path.join(TOP, 'target', 'arm', 'models')
RELEASED = 'RELEASED'
# every file read, for --depfile
INPUTS = set()

# QEMU's Arm CPU types, as its target/arm sources register them
# (ARMCPUInfo entries: { .name = "cortex-a57", .initfn = ... })
CPU_INFO_RE = re.compile(r'\{\s*\.name\s*=\s*"([^"]+)"\s*,\s*\.initfn\s*=')


def upstream_cpus(top=TOP):
    """The names of QEMU's own Arm CPU types in the QEMU tree TOP, which
    no model or alias may take; None when TOP holds no QEMU sources (the
    overlay alone)."""
    arm = os.path.join(top, 'target', 'arm')
    if not os.path.exists(os.path.join(arm, 'cpu.c')):
        return None
    names = set()
    for d, _, files in os.walk(arm):
        for f in files:
            if f.endswith('.c'):
                with open(os.path.join(d, f), encoding='utf-8') as fh:
                    names.update(CPU_INFO_RE.findall(fh.read()))
                INPUTS.add(os.path.join(d, f))
    if 'max' not in names:
        fail(arm, 0, "no ARMCPUInfo names found (not even 'max'): has "
             "QEMU changed how it registers its Arm CPUs?")
    return names


SVE_VLS = [128 * (i + 1) for i in range(16)]
NAME_RE = re.compile(r'^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$')
VERSION_RE = re.compile(r'-v([1-9][0-9]*)$')


class Fatal(Exception):
    pass


def fail(path, line, msg):
    where = os.path.relpath(path, TOP) if path else 'gen-arm-models'
    if line:
        where += ':%d' % line
    raise Fatal('%s: %s' % (where, msg))


# ---------------------------------------------------------------- the table

ROLE_RE = re.compile(
    r'ARM_ID(?:REG_ROLE\((?P<reg>\w+), |FIELD_ROLE\((?P<freg>\w+), '
    r'(?P<field>\w+), )(?P<role>[A-Z_]+), "(?P<arg>[^"\\]*)", '
    r'"(?P<text>[^"\\]*)"\)$')


class Role:
    """An ARM_IDREG_ROLE or ARM_IDFIELD_ROLE line (scripts/arm-idregs-roles
    says what each role means)."""

    def __init__(self, role, reg, field, arg, text):
        self.role, self.reg, self.field = role, reg, field
        self.arg, self.text = arg, text


class Field:
    def __init__(self, reg, name, shift, width, signed, safe, dflt):
        self.reg, self.name = reg, name
        self.shift, self.width = shift, width
        self.signed, self.safe, self.dflt = signed, safe, dflt
        self.vals = []              # (value, name)

    @property
    def mask(self):
        return ((1 << self.width) - 1) << self.shift

    def get(self, regval):
        return (regval >> self.shift) & ((1 << self.width) - 1)

    def value_name(self, v):
        for val, name in self.vals:
            if val == v:
                return name
        return None


class Table:
    """The registers, fields and named values of cpu-idregs.h.inc."""

    def __init__(self, path=IDREGS):
        self.regs = []              # names, in table order
        self.fields = {}            # (reg, field) -> Field
        self.reg_fields = {}        # reg -> [Field]
        self.res1 = {}              # reg -> mask of RES1 bits
        self.roles = []             # Role, as scripts/arm-idregs-roles
        num = r'(0x[0-9a-fA-F]+|[0-9]+)'
        with open(path) as f:
            # An ARM_IDFIELD may go on in a second line: join them
            text = f.read().replace(',\n' + ' ' * len('ARM_IDFIELD('), ', ')
            for line in text.split('\n'):
                m = re.match(r'ARM_IDREG\((\w+),', line)
                if m:
                    self.regs.append(m.group(1))
                    self.reg_fields[m.group(1)] = []
                    self.res1[m.group(1)] = 0
                    continue
                m = re.match(r'ARM_IDFIELD\((\w+), \w+, (\w+), \w+, ' +
                             r'(\d+), (\d+), ([01]), (\w+), ' + num + ', ' +
                             num + r', \d+, \d+\)', line)
                if m:
                    fl = Field(m.group(1), m.group(2), int(m.group(3)),
                               int(m.group(4)), m.group(5) == '1',
                               m.group(6), int(m.group(8), 0))
                    fl.safe_val = int(m.group(7), 0)
                    self.fields[(fl.reg, fl.name)] = fl
                    self.reg_fields[fl.reg].append(fl)
                    continue
                m = re.match(r'ARM_IDVAL\((\w+), (\w+), ' + num +
                             r', (\w+)\)', line)
                if m:
                    self.fields[(m.group(1), m.group(2))].vals.append(
                        (int(m.group(3), 0), m.group(4)))
                    continue
                m = re.match(r'ARM_IDRES\((\w+), (\d+), (\d+), RES1\)', line)
                if m:
                    self.res1[m.group(1)] |= (((1 << int(m.group(3))) - 1)
                                              << int(m.group(2)))
                    continue
                m = ROLE_RE.match(line)
                if m:
                    self.roles.append(Role(m.group('role'),
                                           m.group('reg') or m.group('freg'),
                                           m.group('field'), m.group('arg'),
                                           m.group('text')))
        if not self.regs or not self.fields:
            fail(path, 0, 'no registers or fields found')
        self_check(text, path)

    def role(self, reg, field, role):
        """The Role ROLE of REG.FIELD (its own, else its register's), or
        of the register REG when FIELD is None; None if it has none."""
        own = reg_role = None
        for r in self.roles:
            if r.reg == reg and r.role == role:
                if r.field is None:
                    reg_role = r
                elif r.field == field:
                    own = r
        return own or reg_role if field is not None else reg_role

    def regs_with(self, role):
        """The registers that have ROLE as a whole."""
        return {r.reg for r in self.roles if r.role == role and not r.field}

    def fields_with(self, *roles):
        """{(reg, field): Role} of the fields that have one of ROLES."""
        return {(r.reg, r.field): r for r in self.roles
                if r.role in roles and r.field}

    def defaults(self):
        regs = {}
        for r in self.regs:
            v = self.res1[r]
            for fl in self.reg_fields[r]:
                v |= (fl.dflt << fl.shift) & fl.mask
            regs[r] = v
        return regs


def self_check(text, path):
    """The generated table's own consistency, checked at every build (the
    arm-cpu-models-check target of target/arm/meson.build) since the C code
    trusts it: registers in strictly ascending encoding order; each one's
    fields and reserved ranges cover bits 63..0 exactly once, from bit 63
    down; FIRST_FIELD/N_FIELDS and FIRST_VAL/N_VALS index what follows;
    safe and default values and every named value fit their field; no
    field name, value or value name twice in a register or field."""
    num = r'(0x[0-9a-fA-F]+|[0-9]+)'
    item = re.compile(
        r'(?P<reg>ARM_IDREG\((\w+), \w+, (\d+), (\d+), (\d+), (\d+), (\d+), '
        r'(\d+), (\d+)\))|'
        r'(?P<field>ARM_IDFIELD\((\w+), \w+, (\w+), \w+, (\d+), (\d+), '
        r'[01], (?:LOWER|HIGHER|HIGHER_OR_ZERO|EXACT), ' + num + ', ' + num +
        r', (\d+), (\d+)\))|'
        r'(?P<val>ARM_IDVAL\((\w+), (\w+), ' + num + r', (\w+)\))|'
        r'(?P<res>ARM_IDRES\((\w+), (\d+), (\d+), (?:RES0|RES1|RAZ|UNKN)\))')
    nfields = nvals = 0
    enc = None
    reg = None          # [name, next msb expected, fields seen, names]
    field = None        # [reg, name, width, values left, values, names]

    def close_reg(lineno):
        if reg and reg[1] != -1:
            fail(path, lineno, '%s: bits %d..0 are not described' %
                 (reg[0], reg[1]))
        if reg and reg[2] != reg[4]:
            fail(path, lineno, '%s: N_FIELDS says %d, it has %d' %
                 (reg[0], reg[4], reg[2]))

    def take_bits(lineno, r, shift, width, what):
        if r != reg[0]:
            fail(path, lineno, '%s outside its register %s' % (what, reg[0]))
        msb = shift + width - 1
        if width < 1 or msb != reg[1]:
            fail(path, lineno, '%s: bits %d..%d, but the next bit to describe '
                 'is %d (a gap or an overlap)' % (what, msb, shift, reg[1]))
        reg[1] = shift - 1

    def close_field(lineno):
        if field and field[3]:
            fail(path, lineno, '%s.%s: N_VALS says %d more values' %
                 (field[0], field[1], field[3]))

    known = {}          # register -> its field names
    for lineno, line in enumerate(text.split('\n'), 1):
        if not line.startswith('ARM_ID'):
            continue
        m = ROLE_RE.match(line)
        if m:
            r = m.group('reg') or m.group('freg')
            if r not in known or (m.group('field') and
                                  m.group('field') not in known[r]):
                fail(path, lineno, 'a role of %s%s, which the table does '
                     'not have' % (r, '.' + m.group('field')
                                   if m.group('field') else ''))
            continue
        m = item.fullmatch(line)
        if not m:
            fail(path, lineno, 'not a table item: %s' % line)
        g = [x for x in m.groups()]
        if m.group('reg'):
            close_field(lineno)
            close_reg(lineno)
            field = None
            name, e = g[1], tuple(int(x) for x in g[2:7])
            if enc is not None and e <= enc:
                fail(path, lineno, '%s: encoding %s is not above the previous '
                     'register\'s %s' % (name, e, enc))
            enc = e
            if int(g[7]) != nfields:
                fail(path, lineno, '%s: FIRST_FIELD %s, expected %d' %
                     (name, g[7], nfields))
            reg = [name, 63, 0, set(), int(g[8])]
            known[name] = reg[3]
        elif m.group('field'):
            close_field(lineno)
            r, name, shift, width = g[10], g[11], int(g[12]), int(g[13])
            safe, dflt, first, n = (int(g[14], 0), int(g[15], 0), int(g[16]),
                                    int(g[17]))
            what = '%s.%s' % (r, name)
            take_bits(lineno, r, shift, width, what)
            if name in reg[3]:
                fail(path, lineno, '%s: a second field of that name' % what)
            reg[3].add(name)
            for v, label in ((safe, 'safe value'), (dflt, 'default')):
                if v >> width:
                    fail(path, lineno, '%s: %s %#x does not fit %d bits' %
                         (what, label, v, width))
            if first != nvals:
                fail(path, lineno, '%s: FIRST_VAL %d, expected %d' %
                     (what, first, nvals))
            reg[2] += 1
            nfields += 1
            field = [r, name, width, n, set(), set()]
        elif m.group('val'):
            r, name, v, vname = g[19], g[20], int(g[21], 0), g[22]
            what = '%s.%s' % (r, name)
            if not field or (r, name) != (field[0], field[1]) or not field[3]:
                fail(path, lineno, '%s: a value outside its field\'s N_VALS' %
                     what)
            if v >> field[2]:
                fail(path, lineno, '%s: value %#x does not fit %d bits' %
                     (what, v, field[2]))
            if v in field[4] or vname in field[5]:
                fail(path, lineno, '%s: value %#x or name %s twice' %
                     (what, v, vname))
            field[4].add(v)
            field[5].add(vname)
            field[3] -= 1
            nvals += 1
        else:
            close_field(lineno)
            field = None
            take_bits(lineno, g[24], int(g[25]), int(g[26]),
                      'reserved bits of %s' % g[24])
    close_field(0)
    close_reg(0)


# ---------------------------------------------------------------- models

class Model:
    def __init__(self, path):
        self.path = path
        self.name = None
        self.parent = None
        self.note = None
        self.abstract = None
        self.aliases = []
        self.sve = None             # list of vector lengths, or None
        self.refs = {}              # tag -> text
        self.sets = []              # (line, field, value, tag, where)
        self.pins = set()           # line numbers of the sets that are pins
        self.differs = {}           # (reg, field, tag) -> (lineno, reason)
        self.index = None


def parse_value(fl, text, path, lineno):
    for v, name in fl.vals:
        if name.lower() == text.lower():
            return v
    try:
        v = int(text, 0)
    except ValueError:
        names = ', '.join(n for _, n in fl.vals) or 'none'
        fail(path, lineno, "%s.%s has no value '%s' (named values: %s; or a "
             "number from 0 to 0x%x)" % (fl.reg, fl.name, text, names,
                                         (1 << fl.width) - 1))
    if v < 0 or v >= (1 << fl.width):
        fail(path, lineno, "%s.%s is %d bits wide: %s does not fit (0 to "
             "0x%x)" % (fl.reg, fl.name, fl.width, text, (1 << fl.width) - 1))
    return v


def parse_model(path, table):
    m = Model(path)
    seen = {}
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    for lineno, raw in enumerate(lines, 1):
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        words = line.split()
        key, rest = words[0], line[len(words[0]):].strip()
        if key in ('model', 'parent', 'note', 'abstract'):
            attr = 'name' if key == 'model' else key
            if getattr(m, attr) is not None:
                fail(path, lineno, "'%s' given twice" % key)
            if not rest:
                fail(path, lineno, "'%s' needs a value" % key)
            setattr(m, attr, rest)
        elif key == 'alias':
            if len(words) != 2 or not NAME_RE.match(words[1]):
                fail(path, lineno, "'alias' takes one name (lower case, "
                     "digits, '-' and '_')")
            m.aliases.append(words[1])
        elif key == 'sve':
            if m.sve is not None:
                fail(path, lineno, "'sve' given twice")
            try:
                vls = [int(w) for w in words[1:]]
            except ValueError:
                vls = []
            if not vls or any(v not in SVE_VLS for v in vls):
                fail(path, lineno, "'sve' takes vector lengths in bits, "
                     "among %s" % ' '.join(map(str, SVE_VLS)))
            m.sve = sorted(set(vls))
        elif key == 'ref':
            if len(words) < 3 or not re.match(r'^[A-Za-z][A-Za-z0-9_]*$',
                                              words[1]):
                fail(path, lineno, "'ref' takes a tag (a word) and the "
                     "document it names")
            if words[1] in m.refs:
                fail(path, lineno, "ref '%s' given twice" % words[1])
            m.refs[words[1]] = line.split(None, 2)[2]
        elif key == 'differs':
            if len(words) < 4 or '.' not in words[1]:
                fail(path, lineno, "'differs' takes REG.FIELD, the tag of a "
                     "ref and the reason")
            reg, _, fname = words[1].partition('.')
            if reg not in table.reg_fields:
                fail(path, lineno, "unknown register '%s'" % reg)
            if (reg, fname) not in table.fields:
                fail(path, lineno, "%s has no field '%s' (fields: %s)" % (
                    reg, fname,
                    ', '.join(x.name for x in table.reg_fields[reg])))
            for tag in words[2].split(','):
                if (reg, fname, tag) in m.differs:
                    fail(path, lineno, "'differs %s %s' given twice" % (
                        words[1], tag))
                m.differs[(reg, fname, tag)] = (lineno,
                                                line.split(None, 3)[3])
        elif '.' in key or key == 'pin':
            pin = key == 'pin'
            if pin:
                words = words[1:]
                if not words:
                    fail(path, lineno, "'pin' needs REG.FIELD VALUE TAG")
                key = words[0]
            reg, _, fname = key.partition('.')
            if reg not in table.reg_fields:
                fail(path, lineno, "unknown register '%s'" % reg)
            if reg in table.regs_with('CACHE_GEOMETRY'):
                fail(path, lineno, "%s describes the host's caches: models "
                     "do not set it" % reg)
            fl = table.fields.get((reg, fname))
            if fl is None:
                fail(path, lineno, "%s has no field '%s' (fields: %s)" % (
                    reg, fname,
                    ', '.join(x.name for x in table.reg_fields[reg])))
            decided = table.role(reg, fname, 'DECIDED_BY')
            if decided:
                fail(path, lineno, "%s is decided by %s, not by a model" % (
                    key, decided.text))
            if len(words) < 3:
                fail(path, lineno, "'%s' needs a value and a reference tag"
                     % key)
            if key in seen:
                fail(path, lineno, "%s already set on line %d" % (
                    key, seen[key]))
            seen[key] = lineno
            v = parse_value(fl, words[1], path, lineno)
            m.sets.append((lineno, fl, v, words[2], ' '.join(words[3:])))
            if pin:
                m.pins.add(lineno)
        else:
            fail(path, lineno, "unknown statement '%s' (model, parent, "
                 "note, abstract, alias, sve, ref, differs, or REG.FIELD)"
                 % key)

    base = os.path.basename(path)[:-len('.model')]
    if m.name is None:
        fail(path, 0, "no 'model' line")
    if m.name != base:
        fail(path, 0, "model '%s' must be in %s.model" % (m.name, m.name))
    if not NAME_RE.match(m.name) or not VERSION_RE.search(m.name):
        fail(path, 0, "model names are lower case and end in a version, "
             "'-v1': '%s'" % m.name)
    if m.note is None:
        fail(path, 0, "no 'note' line")
    for lineno, fl, v, tag, where in m.sets:
        if tag not in m.refs:
            fail(path, lineno, "reference tag '%s' is not declared by a "
                 "'ref' line (declared: %s)" % (
                     tag, ', '.join(sorted(m.refs)) or 'none'))
    return m


def load_models(table, directory=MODELS, upstream=None):
    """The models of DIRECTORY: (order, models, aliases). UPSTREAM is the
    set of QEMU's own CPU names (upstream_cpus()), which no alias may take;
    None skips that check."""
    if not os.path.isdir(directory):
        fail(directory, 0, 'no such directory of model files')
    files = sorted(f for f in os.listdir(directory) if f.endswith('.model'))
    if not files:
        fail(directory, 0, 'no model files (NAME.model) in this directory')
    INPUTS.add(directory)
    INPUTS.update(os.path.join(directory, f) for f in files)
    models = {}
    for f in files:
        m = parse_model(os.path.join(directory, f), table)
        models[m.name] = m
    if not models:
        fail(directory, 0, 'no model files')
    aliases = {}
    for m in models.values():
        if upstream is not None and m.name in upstream:
            fail(m.path, 0, "model '%s' has the name of one of QEMU's CPU "
                 "types" % m.name)
        if m.parent is not None and m.parent not in models:
            fail(m.path, 0, "parent '%s' is not a model (models: %s)" % (
                m.parent, ', '.join(sorted(models))))
        for a in m.aliases:
            if a in aliases:
                fail(m.path, 0, "alias '%s' already resolves to %s" % (
                    a, aliases[a]))
            if upstream is not None and a in upstream:
                fail(m.path, 0, "alias '%s' is the name of one of QEMU's "
                     "CPU types" % a)
            if a in models or VERSION_RE.search(a):
                fail(m.path, 0, "alias '%s' must be an unversioned name" % a)
            if m.abstract:
                fail(m.path, 0, "an abstract model cannot have an alias")
            aliases[a] = m.name
    # Parents before children, then by name: a stable, reviewable order.
    order = []
    state = {}

    def visit(m, chain):
        if state.get(m.name) == 'done':
            return
        if m.name in chain:
            fail(m.path, 0, 'parent cycle: %s' % ' -> '.join(
                chain + [m.name]))
        if m.parent:
            visit(models[m.parent], chain + [m.name])
        state[m.name] = 'done'
        order.append(m)

    for name in sorted(models):
        visit(models[name], [])
    for i, m in enumerate(order):
        m.index = i
    return order, models, aliases


def chain(models, m):
    c = []
    while m is not None:
        c.append(m)
        m = models[m.parent] if m.parent else None
    return list(reversed(c))


def resolve(table, models, m, check=True):
    """All ID registers of M: defaults, then each model parent to child.

    Returns (regs, setter) where setter maps (reg, field) to the model
    and the set that last wrote the field."""
    regs = table.defaults()
    setter = {}
    pinned = {}
    m.pinned = pinned
    for x in chain(models, m):
        for lineno, fl, v, tag, where in x.sets:
            key = (fl.reg, fl.name)
            if key in pinned:
                px, ptag, pwhere = pinned[key]
                fail(x.path, lineno, "%s.%s is pinned by %s (%s %s): %s "
                     "cannot set it" % (fl.reg, fl.name, px.name, ptag,
                                        pwhere, x.name))
            if lineno in x.pins:
                pinned[key] = (x, tag, where)
            old = fl.get(regs[fl.reg])
            if check and old == v and lineno not in x.pins:
                fail(x.path, lineno, "%s.%s is already %s in %s: a model "
                     "sets only what differs from its parent" % (
                         fl.reg, fl.name, fmt_value(fl, v),
                         x.parent or 'the table defaults'))
            regs[fl.reg] = (regs[fl.reg] & ~fl.mask) | (v << fl.shift)
            setter[(fl.reg, fl.name)] = (x, tag, where)
    return regs, setter


def sve_of(models, m):
    for x in reversed(chain(models, m)):
        if x.sve is not None:
            return x.sve
    return None


def fmt_value(fl, v):
    name = fl.value_name(v)
    return '%s (0x%x)' % (name, v) if name else '0x%x' % v


def check_model(table, models, m):
    regs, _ = resolve(table, models, m)
    refs = set()
    for x in chain(models, m):
        refs |= set(x.refs)
    for (_, _, tag), (lineno, _) in sorted(m.differs.items()):
        if tag not in refs:
            fail(m.path, lineno, "'differs' names reference tag '%s', which "
                 "no 'ref' line of the model or its parents declares "
                 "(declared: %s)" % (tag, ', '.join(sorted(refs)) or 'none'))
    has_sve = table.fields[('ID_AA64PFR0_EL1', 'SVE')].get(
        regs['ID_AA64PFR0_EL1'])
    sve = sve_of(models, m)
    if has_sve and not sve and not m.abstract:
        fail(m.path, 0, "the model has SVE (ID_AA64PFR0_EL1.SVE): give its "
             "vector lengths with an 'sve' line")
    if not has_sve and m.sve:
        fail(m.path, 0, "'sve' given but ID_AA64PFR0_EL1.SVE is NI")
    if not m.abstract:
        midr = table.fields[('MIDR_EL1', 'Implementer')]
        if not midr.get(regs['MIDR_EL1']):
            fail(m.path, 0, "a runnable model needs MIDR_EL1.Implementer "
                 "(or an 'abstract' line saying why it is not runnable)")
    return regs


def digest(table, regs, sve):
    """What a released model promises: every ID register and the SVE
    vector lengths (SVE) it gives a guest."""
    h = hashlib.sha256()
    for r in table.regs:
        h.update(('%s=%016x\n' % (r, regs[r])).encode())
    h.update(('sve=%s\n' % ','.join(map(str, sve or []))).encode())
    return h.hexdigest()[:16]


def word_lines(path):
    """The words of each line of PATH that is not blank or a comment."""
    try:
        with open(path) as f:
            lines = f.read().split('\n')
    except OSError as e:
        fail(None, 0, 'cannot read %s: %s' % (path, e.strerror))
    for lineno, raw in enumerate(lines, 1):
        words = raw.split('#', 1)[0].split()
        if words:
            yield lineno, words


def read_released(directory=MODELS):
    path = os.path.join(directory, RELEASED)
    rel = {}
    if not os.path.exists(path):
        return rel, path
    for lineno, words in word_lines(path):
        if len(words) != 2 or not re.match(r'^[0-9a-f]{16}$', words[1]):
            fail(path, lineno, "expected 'MODEL DIGEST'")
        rel[words[0]] = (words[1], lineno)
    return rel, path


def check_released(table, models, resolved, directory=MODELS):
    rel, path = read_released(directory)
    for name, (dg, lineno) in sorted(rel.items()):
        if name not in models:
            fail(path, lineno, "released model '%s' has no model file: "
                 "released models are never removed" % name)
        if models[name].abstract:
            fail(path, lineno, "model '%s' is abstract: only a model that "
                 "runs is released" % name)
        now = digest(table, resolved[name], sve_of(models, models[name]))
        if now != dg:
            fail(path, lineno, "released model '%s' changed (its ID "
                 "registers now digest to %s): released versions never "
                 "change; add a new version instead" % (name, now))
    return rel


# ---------------------------------------------------------------- outputs

# The licence line of the docs table, in two pieces so that checkpatch.pl
# does not take it for this script's own
DOC_SPDX = '.. SPDX-License-' + 'Identifier: GPL-2.0-or-later'

HEADER = """\
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated at build time by scripts/gen-arm-models.py from
 * target/arm/models/<name>.model (target/arm/meson.build): do not edit.
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
    inputs = sorted(INPUTS | {os.path.abspath(__file__), IDREGS} |
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
