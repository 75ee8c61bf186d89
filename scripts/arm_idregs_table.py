# SPDX-License-Identifier: GPL-2.0-or-later
"""The ID-register table, target/arm/cpu-idregs.h.inc, as the Python
tools read it.

Table() reads the X-macro lines that scripts/gen-idregs.py writes
(registers, fields, named values, reserved ranges and roles) and checks
them as it goes (self_check(): every register's bits described exactly
once from bit 63 down, the indexes hold, every value fits its field), so
that every tool that reads the table, and every build that generates the
models' table from it, stops at a corrupt one with its line.
"""

import os
import re

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
IDREGS = os.path.join(TOP, 'target', 'arm', 'cpu-idregs.h.inc')


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
    cpu-models.h.inc target of target/arm/models/meson.build) since the C code
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
