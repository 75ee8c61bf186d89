# SPDX-License-Identifier: GPL-2.0-or-later
"""The named Arm CPU models' files: read, resolve and check them.

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

load_models() reads and checks the files of a directory, resolve() gives
a model's ID registers, check_model() and check_released() the rules
above. scripts/gen-arm-models.py writes the tables from them.
"""

import hashlib
import os
import re

from arm_idregs_table import TOP, fail


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
