# SPDX-License-Identifier: GPL-2.0-or-later
"""Read Linux's description of the arm64 System registers.

The first part of scripts/gen-idregs.py: arch/arm64/tools/sysreg (and
scripts/arm-idregs-extra.sysreg, in the same grammar) into register
blocks, their fields, named values and reserved ranges, and the layouts
of the registers of the ID space.

Input grammar (sysreg files), checked strictly
    The kernel's grammar, as its file header describes it. One statement a
    line, tokens separated by blanks; empty lines and lines whose first
    non-blank character is '#' are comments (nothing else is):

        Sysreg <name> <op0> <op1> <crn> <crm> <op2>
            <items>
        EndSysreg
        SysregFields <name>
            <items>
        EndSysregFields

    where <items> is, from bit 63 down, a sequence of

        Res0 <msb>[:<lsb>]       reserved, RES0
        Res1 <msb>[:<lsb>]       reserved, RES1
        Raz <msb>[:<lsb>]        reserved, reads as zero
        Unkn <msb>[:<lsb>]       reserved, UNKNOWN
        Field <msb>[:<lsb>] <name>
        Enum | UnsignedEnum | SignedEnum <msb>[:<lsb>] <name>
            <value> <valuename>
            ...
        EndEnum

    or, in a Sysreg block only and as its only item, 'Fields <fieldsname>'
    (the layout of the SysregFields block of that name, which may come later
    in the file) or 'Mapping <name>' (a VHE alias of another register).
    Values are written 0b..., 0x... or in decimal. Bit positions and
    encodings are decimal. Every register must cover bits 63..0 exactly
    once; an overlap, a gap or an unknown statement is an error that names
    the file and line. Names are [A-Za-z0-9_]+ (value names such as '4GB'
    or '52_BIT' start with a digit).

    A 'Fields' reference to a SysregFields block that does not exist is an
    error if the register is in the ID space; outside it (Linux 7.2's
    MPAM1_EL12 references the missing MPAM1_ELx) the register is ignored,
    since nothing outside the ID space is emitted.
"""

import re
from dataclasses import dataclass, field


SYSREG_PATH = 'arch/arm64/tools/sysreg'

NAME_RE = re.compile(r'[A-Za-z0-9_]+$')
REGNAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*$')


class GenError(Exception):
    """An input error; str() is 'file:line: message'."""


def fail(path, line, msg):
    raise GenError(f'{path}:{line}: {msg}')


def parse_number(text):
    """Parse 0b..., 0x... or decimal; None if @text is none of them."""
    if re.fullmatch(r'0[bB][01]+', text):
        return int(text[2:], 2)
    if re.fullmatch(r'0[xX][0-9a-fA-F]+', text):
        return int(text[2:], 16)
    if re.fullmatch(r'[0-9]+', text):
        return int(text, 10)
    return None


def in_id_space(enc):
    op0, op1, crn, crm, _ = enc
    return op0 == 3 and op1 in (0, 1, 3) and crn == 0 and crm <= 7


def qemu_reg_name(name):
    """The register prefix of QEMU's FIELD() lines in cpu-features.h.

    QEMU names the ID_* and MVFR* registers without their _EL1 suffix
    (ID_AA64ISAR0, MVFR1) and every other register with it (CTR_EL0,
    CLIDR_EL1, CCSIDR_EL1, MIDR_EL1).
    """
    if re.match(r'(ID_|MVFR)', name) and name.endswith('_EL1'):
        return name[:-len('_EL1')]
    return name



# ---------------------------------------------------------------------------
# sysreg files

@dataclass
class Value:
    value: int
    name: str
    line: int


@dataclass
class Field:
    name: str
    msb: int
    lsb: int
    kind: str           # Field, Enum, UnsignedEnum, SignedEnum
    line: int
    values: list = field(default_factory=list)

    @property
    def width(self):
        return self.msb - self.lsb + 1


@dataclass
class Reserved:
    msb: int
    lsb: int
    kind: str           # RES0, RES1, RAZ, UNKN
    line: int

    @property
    def width(self):
        return self.msb - self.lsb + 1


@dataclass
class Block:
    """A Sysreg (enc is set) or SysregFields (enc is None) block."""
    name: str
    enc: tuple
    path: str
    line: int
    items: list = field(default_factory=list)    # Field and Reserved, 63..0
    fields_ref: tuple = None                      # (name, line) of 'Fields'
    mapping: tuple = None                         # (name, line) of 'Mapping'
    prefixes: list = field(default_factory=list)  # (name, line) of 'Prefix'

    def where(self):
        return f'{self.path}:{self.line}'


RESERVED_KINDS = {'Res0': 'RES0', 'Res1': 'RES1', 'Raz': 'RAZ', 'Unkn': 'UNKN'}
ENUM_KINDS = ('Enum', 'UnsignedEnum', 'SignedEnum')
BLOCK_ITEMS = ('Field', 'Fields', 'Mapping', 'Prefix') + ENUM_KINDS + \
    tuple(RESERVED_KINDS)


class SysregParser:
    """Parse one sysreg file into Sysreg and SysregFields blocks."""

    def __init__(self, path, text):
        self.path = path
        self.text = text
        self.regs = {}          # name -> Block (Sysreg)
        self.fieldsets = {}     # name -> Block (SysregFields)
        self.block = None
        self.enum = None
        self.prefix = None      # (name, line, outer block, outer next_bit)
        self.next_bit = 63
        self.lineno = 0

    def error(self, msg):
        fail(self.path, self.lineno, msg)

    def expect(self, toks, n, syntax):
        if len(toks) != n:
            self.error(f"'{toks[0]}' takes {n - 1} operand(s): "
                       f"expected '{syntax}', got {len(toks) - 1}")

    def name(self, text, what, pattern=NAME_RE):
        if not pattern.match(text):
            self.error(f"invalid {what} '{text}' "
                       f"(accepted: {pattern.pattern[:-1]})")
        return text

    def bits(self, text, what):
        """Parse '<msb>[:<lsb>]' and check that it starts at next_bit."""
        m = re.fullmatch(r'([0-9]+)(?::([0-9]+))?', text)
        if not m:
            self.error(f"invalid bit range '{text}' for {what} "
                       "(accepted: <msb> or <msb>:<lsb>, decimal)")
        msb = int(m.group(1))
        lsb = int(m.group(2)) if m.group(2) is not None else msb
        if msb > 63 or lsb > msb:
            self.error(f"invalid bit range '{text}' for {what} "
                       "(need 63 >= msb >= lsb >= 0)")
        blk = self.block
        if blk.fields_ref or blk.mapping:
            self.error(f"{what} in {blk.name}, which already takes its "
                       "layout from 'Fields' or 'Mapping' (nothing else "
                       "may follow them)")
        if msb > self.next_bit:
            if self.next_bit < 0:
                self.error(f"{what} [{text}] overlaps bits already described "
                           f"in {blk.name} (all 64 bits are covered)")
            self.error(f"{what} [{text}] overlaps bits already described "
                       f"in {blk.name} (the next undescribed bit is "
                       f"{self.next_bit})")
        if msb < self.next_bit:
            gap = f'{self.next_bit}:{msb + 1}' if self.next_bit > msb + 1 \
                else f'{self.next_bit}'
            self.error(f"{what} [{text}] leaves bits [{gap}] of {blk.name} "
                       "undescribed (cover every bit, with Res0 etc.)")
        self.next_bit = lsb - 1
        return msb, lsb

    def parse(self):
        for self.lineno, raw in enumerate(self.text.split('\n'), 1):
            stripped = raw.strip()
            if not stripped or stripped.startswith('#'):
                continue
            toks = stripped.split()
            if self.enum is not None:
                self.enum_line(toks)
            elif self.block is not None:
                self.block_line(toks)
            else:
                self.root_line(toks)
        if self.enum is not None:
            fail(self.path, self.enum.line,
                 f"{self.enum.kind} {self.enum.name} has no EndEnum")
        if self.prefix is not None:
            fail(self.path, self.prefix[1],
                 f"Prefix {self.prefix[0]} has no EndPrefix")
        if self.block is not None:
            kind = 'Sysreg' if self.block.enc else 'SysregFields'
            fail(self.path, self.block.line,
                 f"{kind} {self.block.name} has no End{kind}")
        return self

    def root_line(self, toks):
        if toks[0] == 'Sysreg':
            self.expect(toks, 7, 'Sysreg <name> <op0> <op1> <crn> <crm> <op2>')
            name = self.name(toks[1], 'register name', REGNAME_RE)
            enc = []
            for tok, what, top in zip(toks[2:], ('op0', 'op1', 'CRn', 'CRm',
                                                 'op2'), (3, 7, 15, 15, 7)):
                v = parse_number(tok)
                if v is None or v > top:
                    self.error(f"invalid {what} '{tok}' for {name} "
                               f"(accepted: a number from 0 to {top})")
                enc.append(v)
            self.open_block(name, tuple(enc), self.regs)
        elif toks[0] == 'SysregFields':
            self.expect(toks, 2, 'SysregFields <name>')
            name = self.name(toks[1], 'SysregFields name', REGNAME_RE)
            self.open_block(name, None, self.fieldsets)
        else:
            self.error(f"unknown statement '{toks[0]}' outside a block "
                       "(accepted: Sysreg, SysregFields, comments)")

    def open_block(self, name, enc, table):
        if name in table:
            self.error(f"{name} is defined twice (first at "
                       f"{table[name].where()})")
        self.block = Block(name, enc, self.path, self.lineno)
        table[name] = self.block
        self.next_bit = 63

    def block_line(self, toks):
        blk = self.block
        kw = toks[0]
        end = 'EndSysreg' if blk.enc else 'EndSysregFields'
        if self.prefix is not None and kw == 'EndPrefix':
            # An alternative layout of the register (Linux 7.2 uses one
            # for ICH_VMCR_EL2 with FEAT_GCIE): it must cover bits 63..0
            # on its own; it is checked, not emitted.
            self.expect(toks, 1, 'EndPrefix')
            pname, pline, outer, saved = self.prefix
            if self.next_bit >= 0:
                self.error(f"Prefix {pname} of {outer.name} leaves bits "
                           f"[{self.next_bit}:0] undescribed (cover every "
                           "bit, with Res0 etc.)")
            outer.prefixes.append((pname, pline))
            self.block, self.next_bit, self.prefix = outer, saved, None
        elif self.prefix is not None and kw in (end, 'Prefix'):
            self.error(f"'{kw}' inside Prefix {self.prefix[0]} of "
                       f"{self.prefix[2].name} (close it with EndPrefix)")
        elif kw == 'Prefix' and blk.enc:
            self.expect(toks, 2, 'Prefix <name>')
            pname = self.name(toks[1], 'Prefix name')
            if blk.fields_ref or blk.mapping:
                self.error(f"'Prefix' in {blk.name}, which takes its layout "
                           "from 'Fields' or 'Mapping'")
            self.prefix = (pname, self.lineno, blk, self.next_bit)
            self.block = Block(blk.name, blk.enc, self.path, self.lineno)
            self.next_bit = 63
        elif kw == end:
            self.expect(toks, 1, end)
            if not (blk.fields_ref or blk.mapping) and self.next_bit >= 0:
                self.error(f"{blk.name} leaves bits [{self.next_bit}:0] "
                           "undescribed (cover every bit, with Res0 etc.)")
            self.block = None
        elif kw in RESERVED_KINDS:
            self.expect(toks, 2, f'{kw} <msb>[:<lsb>]')
            msb, lsb = self.bits(toks[1], kw)
            blk.items.append(Reserved(msb, lsb, RESERVED_KINDS[kw],
                                      self.lineno))
        elif kw == 'Field' or kw in ENUM_KINDS:
            self.expect(toks, 3, f'{kw} <msb>[:<lsb>] <name>')
            fname = self.name(toks[2], 'field name')
            for it in blk.items:
                if isinstance(it, Field) and it.name == fname:
                    self.error(f"field {fname} is defined twice in "
                               f"{blk.name} (first at line {it.line})")
            msb, lsb = self.bits(toks[1], f'{blk.name}.{fname}')
            fld = Field(fname, msb, lsb, kw, self.lineno)
            blk.items.append(fld)
            if kw != 'Field':
                self.enum = fld
        elif kw in ('Fields', 'Mapping') and blk.enc:
            self.expect(toks, 2, f'{kw} <name>')
            ref = self.name(toks[1], f'{kw} name', REGNAME_RE)
            if blk.items or blk.fields_ref or blk.mapping:
                self.error(f"'{kw}' must be the only item of {blk.name}")
            if kw == 'Fields':
                blk.fields_ref = (ref, self.lineno)
            else:
                blk.mapping = (ref, self.lineno)
        else:
            where = 'Sysreg' if blk.enc else 'SysregFields'
            accepted = ', '.join(
                k for k in BLOCK_ITEMS
                if blk.enc or k not in ('Fields', 'Mapping', 'Prefix'))
            self.error(f"unknown statement '{kw}' in {where} {blk.name} "
                       f"(accepted: {accepted}, {end})")

    def enum_line(self, toks):
        fld = self.enum
        if toks[0] == 'EndEnum':
            self.expect(toks, 1, 'EndEnum')
            fld.values.sort(key=lambda v: v.value)
            self.enum = None
            return
        v = parse_number(toks[0])
        if v is None:
            self.error(f"unknown statement '{toks[0]}' in {fld.kind} "
                       f"{fld.name} (accepted: '<value> <name>' with the "
                       "value written 0b..., 0x... or in decimal, EndEnum)")
        if len(toks) != 2:
            self.error(f"expected '<value> <name>' in {fld.kind} {fld.name}, "
                       f"got {len(toks)} tokens")
        vname = self.name(toks[1], 'value name')
        if v >> fld.width:
            self.error(f"value {toks[0]} of {fld.name}.{vname} does not fit "
                       f"in the field's {fld.width} bit(s)")
        for old in fld.values:
            if old.name == vname:
                self.error(f"value name {vname} is used twice in {fld.name} "
                           f"(first at line {old.line})")
            if old.value == v:
                self.error(f"value {toks[0]} is named twice in {fld.name} "
                           f"({old.name} at line {old.line}, and {vname})")
        fld.values.append(Value(v, vname, self.lineno))


def load_sysreg(paths):
    """Parse sysreg files; return (registers, fieldsets) by name."""
    regs, fieldsets = {}, {}
    for path in paths:
        with open(path, encoding='utf-8') as f:
            p = SysregParser(path, f.read()).parse()
        for mine, theirs in ((p.regs, regs), (p.fieldsets, fieldsets)):
            for name, blk in mine.items():
                if name in theirs:
                    fail(blk.path, blk.line, f"{name} is already defined at "
                         f"{theirs[name].where()}")
                theirs[name] = blk
    return regs, fieldsets


def resolve_layouts(regs, fieldsets, notes):
    """Return {name: (Block, items)} for the ID-space registers.

    Registers outside the ID space are not emitted, so their unresolvable
    'Fields' references (Linux 7.2: MPAM1_EL12 -> MPAM1_ELx, which has no
    SysregFields block) and their 'Mapping' aliases are not looked at.
    """
    out = {}
    for name, blk in regs.items():
        if not in_id_space(blk.enc):
            if blk.fields_ref and blk.fields_ref[0] not in fieldsets:
                notes.append(f'{blk.path}:{blk.fields_ref[1]}: {name} '
                             f'references the missing SysregFields '
                             f'{blk.fields_ref[0]}; ignored, not in the ID '
                             'space')
            continue
        if blk.mapping:
            fail(blk.path, blk.mapping[1], f"{name} is in the ID space but is "
                 "a 'Mapping' alias, which this generator does not support")
        if blk.prefixes:
            fail(blk.path, blk.prefixes[0][1], f"{name} is in the ID space "
                 "but has an alternative 'Prefix' layout, which this "
                 "generator does not support")
        items = blk.items
        if blk.fields_ref:
            ref, line = blk.fields_ref
            if ref not in fieldsets:
                fail(blk.path, line, f"{name} (in the ID space) references "
                     f"'Fields {ref}', but no 'SysregFields {ref}' block "
                     "exists")
            items = fieldsets[ref].items
        out[name] = (blk, items)
    encs = {}
    for name, (blk, _) in out.items():
        if blk.enc in encs:
            fail(blk.path, blk.line, f"{name} has the encoding of "
                 f"{encs[blk.enc].name} ({encs[blk.enc].where()})")
        encs[blk.enc] = blk
    return out


def sysreg_symbols(regs, fieldsets):
    """The macros gen-sysreg.awk makes: name -> (value, block, field)."""
    syms = {}

    def add(name, value, blk, fld):
        if name in syms and syms[name][0] != value:
            syms[name] = (None, blk, fld)       # ambiguous: error if used
        else:
            syms[name] = (value, blk, fld)

    for table in (regs, fieldsets):
        for blk in table.values():
            for fld in blk.items:
                if not isinstance(fld, Field):
                    continue
                pre = f'{blk.name}_{fld.name}'
                add(f'{pre}_SHIFT', fld.lsb, blk, fld)
                add(f'{pre}_WIDTH', fld.width, blk, fld)
                for v in fld.values:
                    add(f'{pre}_{v.name}', v.value, blk, fld)
    return syms
