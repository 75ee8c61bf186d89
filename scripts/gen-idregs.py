#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate target/arm/cpu-idregs.h.inc, the ID-register field table.

Usage:
    scripts/gen-idregs.py [--extra FILE] [--roles FILE] LINUX_PATH [OUTPUT]

LINUX_PATH is a Linux source tree, or the directory that
harness/fetch-linux-sysreg.sh prints; either way it holds
arch/arm64/tools/sysreg (the kernel's machine-readable description of the
System registers) and arch/arm64/kernel/cpufeature.c (the kernel's
safe-value rules, the arm64_ftr_bits arrays). The version named in the
output comes from LINUX_PATH/Makefile, or from LINUX_PATH/SOURCE (one line,
written by fetch-linux-sysreg.sh). OUTPUT defaults to standard output.
--extra FILE adds registers written in the same grammar (ours:
scripts/arm-idregs-extra.sysreg, for MIDR_EL1, REVIDR_EL1 and AIDR_EL1,
which the kernel does not describe). --roles FILE adds what QEMU must know
of registers and fields beyond their layout (scripts/arm-idregs-roles,
whose header describes its statements): each name is checked against the
table and each statement becomes an ARM_IDREG_ROLE or ARM_IDFIELD_ROLE
line. Counts go to standard error.

What is emitted
    Every register of the ID space, op0=3, op1 in {0, 1, 3}, CRn=0,
    CRm=0..7, that the inputs describe, AArch32 ID registers included, sorted
    by encoding (op0, op1, CRn, CRm, op2); within a register, its fields and
    reserved ranges from bit 63 down, as in the sysreg file. The output
    format (the ARM_IDREG, ARM_IDFIELD, ARM_IDVAL and ARM_IDRES X-macros) is
    documented in the header of the generated file; see HEADER below.

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

Input grammar (cpufeature.c), checked strictly
    After comments are removed: every 'struct arm64_ftr_bits NAME[] = {...}'
    array, whose items are ARM64_FTR_BITS(...), S_ARM64_FTR_BITS(...) (signed)
    and a final ARM64_FTR_END; each ARM64_FTR_BITS takes VISIBLE (FTR_VISIBLE,
    FTR_HIDDEN, FTR_VISIBLE_IF_IS_ENABLED(CONFIG_...)), STRICT (FTR_STRICT,
    FTR_NONSTRICT), TYPE (FTR_LOWER_SAFE, FTR_HIGHER_SAFE,
    FTR_HIGHER_OR_ZERO_SAFE, FTR_EXACT), SHIFT, WIDTH and SAFE_VAL. SHIFT,
    WIDTH and SAFE_VAL are integer literals or the macros the kernel
    generates from the sysreg file: <REG>_<FIELD>_SHIFT, <REG>_<FIELD>_WIDTH
    and <REG>_<FIELD>_<VALUENAME>. The register table 'arm64_ftr_regs[] =
    {...}' maps registers to arrays with ARM64_FTR_REG(SYS_<REG>, array),
    ARM64_FTR_REG_OVERRIDE(SYS_<REG>, array, override) or
    { SYS_<REG>, &<struct arm64_ftr_reg defined with .ftr_bits = array> }.
    Anything else inside those arrays is an error with file:line, and so is
    an ARM64_FTR_BITS or ARM64_FTR_REG outside them, so that no rule is
    dropped silently. Preprocessor conditionals inside an array are taken
    as if their condition held (the kernel Debian builds enables the
    features the arrays are guarded by); an #else or #elif branch inside an
    array is an error, since this script cannot know which branch is built.
    A kernel rule must line up with exactly one field of the register
    (same shift and width); a rule that covers only reserved bits (CTR_EL0
    bit 31, RES1) is checked against the reserved kind and not emitted.

Safe rule and default value of each field
    A field the kernel has a rule for (an ARM64_FTR_BITS entry in the
    array that arm64_ftr_regs maps its register to) takes the kernel's
    type (LOWER, HIGHER, HIGHER_OR_ZERO, EXACT) and its SAFE_VAL, which is
    also the field's DEFAULT: the most conservative value the kernel itself
    falls back to when CPUs differ. SIGNED is the kernel rule's sign.
    A field without a kernel rule (its register has no array, as CCSIDR_EL1,
    CLIDR_EL1, ID_AFR0_EL1, or the array leaves the field out, or the
    register comes from --extra) gets safe type EXACT, because KVM requires
    such bits to equal the host's (arm64_check_features() in
    arch/arm64/kvm/sys_regs.c), and DEFAULT = the value named NI if the
    field has one, else 0; SAFE_VAL is then DEFAULT too, and SIGNED is 1
    only for a SignedEnum.
"""

import argparse
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field


SYSREG_PATH = 'arch/arm64/tools/sysreg'
CPUFEATURE_PATH = 'arch/arm64/kernel/cpufeature.c'

NAME_RE = re.compile(r'[A-Za-z0-9_]+$')
REGNAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*$')

# kernel ftr type -> the SAFE column of the output
FTR_TYPES = {
    'FTR_LOWER_SAFE': 'LOWER',
    'FTR_HIGHER_SAFE': 'HIGHER',
    'FTR_HIGHER_OR_ZERO_SAFE': 'HIGHER_OR_ZERO',
    'FTR_EXACT': 'EXACT',
}
FTR_VISIBLE_RE = re.compile(
    r'FTR_VISIBLE|FTR_HIDDEN|FTR_VISIBLE_IF_IS_ENABLED\(\s*CONFIG_\w+\s*\)$')
FTR_STRICT = ('FTR_STRICT', 'FTR_NONSTRICT')


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


# ---------------------------------------------------------------------------
# cpufeature.c

@dataclass
class FtrBits:
    signed: bool
    visible: str
    strict: str
    type: str           # LOWER, HIGHER, HIGHER_OR_ZERO, EXACT
    shift: int
    width: int
    safe: int
    line: int
    names: tuple        # (block, field) named by the SHIFT macro, or None
    safe_names: tuple   # (block, field) named by the SAFE_VAL macro, or None


def strip_c_comments(text):
    """Blank out comments and the inside of string/char literals.

    Keeps every newline and the length, so offsets still map to lines.
    """
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j]) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)[:n]


class CpufeatureParser:
    def __init__(self, path, text, syms):
        self.path = path
        self.syms = syms
        code = strip_c_comments(text)
        self.line_starts = [0] + [m.end() for m in re.finditer('\n', code)]
        # Preprocessor lines (with their continuations) are recorded and
        # blanked, so that #define bodies are not read as code.
        self.directives = []        # (offset, directive word)
        chars = list(code)
        for m in re.finditer(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', code, re.M):
            word = re.match(r'\s*#\s*(\w*)', m.group(0)).group(1)
            self.directives.append((m.start(), word))
            for k in range(m.start(), m.end()):
                if chars[k] != '\n':
                    chars[k] = ' '
        self.code = ''.join(chars)
        self.arrays = {}            # name -> [FtrBits]
        self.array_lines = {}       # name -> line
        self.reg_structs = {}       # struct arm64_ftr_reg name -> array
        self.table = []             # (register name, array name, line)

    def line_of(self, off):
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def error(self, off, msg):
        fail(self.path, self.line_of(off), msg)

    def braced(self, open_off):
        """Offset of the '}' that closes the '{' at @open_off."""
        depth = 0
        for i in range(open_off, len(self.code)):
            if self.code[i] == '{':
                depth += 1
            elif self.code[i] == '}':
                depth -= 1
                if depth == 0:
                    return i
        self.error(open_off, "unbalanced '{'")

    def split_top(self, start, end):
        """Split code[start:end] at top-level commas: [(offset, text)]."""
        parts, depth, begin = [], 0, start
        for i in range(start, end):
            c = self.code[i]
            if c in '({[':
                depth += 1
            elif c in ')}]':
                depth -= 1
            elif c == ',' and depth == 0:
                parts.append((begin, self.code[begin:i]))
                begin = i + 1
        parts.append((begin, self.code[begin:end]))
        out = []
        for off, text in parts:
            lead = len(text) - len(text.lstrip())
            if text.strip():
                out.append((off + lead, text.strip()))
        return out

    def check_directives(self, start, end, what):
        """Preprocessor lines inside an initializer: see the docstring."""
        for off, word in self.directives:
            if start < off < end and word in ('else', 'elif', 'elifdef',
                                              'elifndef'):
                self.error(off, f"#{word} inside {what}: cannot tell which "
                           "branch the kernel builds (accepted inside these "
                           "arrays: #if/#ifdef/#ifndef ... #endif, whose "
                           "entries are taken)")

    def parse(self):
        self.parse_arrays()
        self.parse_reg_structs()
        self.parse_table()
        return self

    def parse_arrays(self):
        pat = re.compile(r'\bstruct\s+arm64_ftr_bits\s+(\w+)\s*\[\s*\]'
                         r'\s*(?:__\w+\s*)*=\s*\{')
        spans = []
        for m in pat.finditer(self.code):
            name = m.group(1)
            open_off = m.end() - 1
            close = self.braced(open_off)
            spans.append((open_off, close))
            if name in self.arrays:
                self.error(m.start(), f'ftr_bits array {name} is defined '
                           f'twice (first at line {self.array_lines[name]})')
            self.check_directives(open_off, close, f'array {name}')
            self.array_lines[name] = self.line_of(m.start())
            self.arrays[name] = self.parse_array(name, open_off + 1, close)
        for m in re.finditer(r'\b(?:S_)?ARM64_FTR_BITS\s*\(|\bARM64_FTR_END\b',
                             self.code):
            if not any(a < m.start() < b for a, b in spans):
                self.error(m.start(), f"{m.group(0).rstrip('( ')} outside "
                           "any array this script recognises (accepted: "
                           "'struct arm64_ftr_bits NAME[] = { ... }')")

    def parse_array(self, name, start, end):
        entries, ended = [], False
        for off, item in self.split_top(start, end):
            if ended:
                self.error(off, f"'{item.split('(')[0]}' after ARM64_FTR_END "
                           f"in {name}")
            if item == 'ARM64_FTR_END':
                ended = True
                continue
            m = re.fullmatch(r'(S_)?ARM64_FTR_BITS\s*\((.*)\)', item, re.S)
            if not m:
                self.error(off, f"cannot parse '{' '.join(item.split())}' in "
                           f"{name} (accepted: ARM64_FTR_BITS(...), "
                           "S_ARM64_FTR_BITS(...), ARM64_FTR_END)")
            entries.append(self.parse_entry(name, off, m))
        if not ended:
            self.error(end, f'{name} does not end with ARM64_FTR_END')
        return entries

    def parse_entry(self, name, off, m):
        args_off = off + m.start(2)
        args = self.split_top(args_off, args_off + len(m.group(2)))
        if len(args) != 6:
            self.error(off, f'{m.group(0).split("(")[0]} in {name} has '
                       f'{len(args)} arguments; expected 6 (VISIBLE, STRICT, '
                       'TYPE, SHIFT, WIDTH, SAFE_VAL)')
        (voff, vis), (soff, strict), (toff, typ) = args[:3]
        vis = re.sub(r'\s+', '', vis)
        if not FTR_VISIBLE_RE.fullmatch(vis):
            self.error(voff, f"unknown visibility '{vis}' (accepted: "
                       "FTR_VISIBLE, FTR_HIDDEN, "
                       "FTR_VISIBLE_IF_IS_ENABLED(CONFIG_...))")
        if strict not in FTR_STRICT:
            self.error(soff, f"unknown strictness '{strict}' (accepted: "
                       f"{', '.join(FTR_STRICT)})")
        if typ not in FTR_TYPES:
            self.error(toff, f"unknown type '{typ}' (accepted: "
                       f"{', '.join(FTR_TYPES)})")
        shift, names = self.resolve(*args[3])
        width, _ = self.resolve(*args[4])
        safe, safe_names = self.resolve(*args[5])
        if width < 1 or shift + width > 64:
            self.error(off, f'bits [{shift + width - 1}:{shift}] (SHIFT '
                       f'{shift}, WIDTH {width}) are not inside a 64-bit '
                       'register')
        if safe >> width:
            self.error(args[5][0], f'safe value {args[5][1]} = {safe:#x} '
                       f'does not fit in {width} bit(s)')
        return FtrBits(bool(m.group(1)), vis, strict, FTR_TYPES[typ], shift,
                       width, safe, self.line_of(off), names, safe_names)

    def resolve(self, off, expr):
        e = expr
        while e.startswith('(') and e.endswith(')'):
            e = e[1:-1].strip()
        m = re.fullmatch(r'(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*', e)
        if m:
            return int(m.group(1), 0), None
        sym = self.syms.get(e)
        if sym is not None and sym[0] is not None:
            return sym[0], (sym[1].name, sym[2].name)
        why = 'ambiguous in the sysreg data' if sym else 'not defined by ' \
            'the sysreg data'
        self.error(off, f"cannot resolve '{' '.join(expr.split())}' ({why}; "
                   "accepted: integer literals and the sysreg macros "
                   "<REG>_<FIELD>_SHIFT, <REG>_<FIELD>_WIDTH, "
                   "<REG>_<FIELD>_<VALUE>)")

    def parse_reg_structs(self):
        pat = re.compile(r'\bstruct\s+arm64_ftr_reg\s+(\w+)\s*'
                         r'(?:__\w+\s*)*=\s*\{')
        for m in pat.finditer(self.code):
            close = self.braced(m.end() - 1)
            body = self.code[m.end():close]
            bits = re.findall(r'\.ftr_bits\s*=\s*&?\s*\(?\s*(\w+)', body)
            if len(bits) != 1:
                self.error(m.start(), f'struct arm64_ftr_reg {m.group(1)}: '
                           'expected one \'.ftr_bits = <array>\'')
            self.reg_structs[m.group(1)] = bits[0]

    def parse_table(self):
        found = list(re.finditer(r'\barm64_ftr_regs\s*\[\s*\]\s*=\s*\{',
                                 self.code))
        if len(found) != 1:
            fail(self.path, 1, f'expected one arm64_ftr_regs[] = {{...}} '
                 f'table, found {len(found)}')
        open_off = found[0].end() - 1
        close = self.braced(open_off)
        self.check_directives(open_off, close, 'arm64_ftr_regs')
        for off, item in self.split_top(open_off + 1, close):
            flat = ' '.join(item.split())
            m = (re.fullmatch(r'ARM64_FTR_REG\s*\(\s*SYS_(\w+)\s*,'
                              r'\s*(\w+)\s*\)', flat) or
                 re.fullmatch(r'ARM64_FTR_REG_OVERRIDE\s*\(\s*SYS_(\w+)\s*,'
                              r'\s*(\w+)\s*,\s*&?\s*\w+\s*\)', flat))
            if m:
                reg, array = m.groups()
            else:
                m = re.fullmatch(r'\{\s*SYS_(\w+)\s*,\s*&\s*(\w+)\s*\}', flat)
                if not m or m.group(2) not in self.reg_structs:
                    self.error(off, f"cannot parse '{flat}' in arm64_ftr_regs "
                               "(accepted: ARM64_FTR_REG(SYS_<REG>, array), "
                               "ARM64_FTR_REG_OVERRIDE(SYS_<REG>, array, "
                               "ovr), { SYS_<REG>, &<struct arm64_ftr_reg> })")
                reg, array = m.group(1), self.reg_structs[m.group(2)]
            if array not in self.arrays:
                self.error(off, f"{reg}: unknown ftr_bits array '{array}'")
            self.table.append((reg, array, self.line_of(off)))
        for m in re.finditer(r'\bARM64_FTR_REG(?:_OVERRIDE)?\s*\(', self.code):
            if not open_off < m.start() < close:
                self.error(m.start(), f"{m.group(0).rstrip('( ')} outside "
                           "the arm64_ftr_regs table")


# ---------------------------------------------------------------------------
# the table

@dataclass
class OutField:
    fld: Field
    rule: FtrBits       # None: no kernel rule
    signed: bool
    safe: str
    safe_val: int
    default: int


def attach_rules(layouts, cpf, notes):
    """Return {reg name: {field name: FtrBits}} for the emitted registers."""
    rules = {}
    seen = {}
    for reg, array, line in cpf.table:
        if reg in seen:
            fail(cpf.path, line, f'{reg} is in arm64_ftr_regs twice '
                 f'(first at line {seen[reg]})')
        seen[reg] = line
        if reg not in layouts:
            # A register outside the ID space (MPAMIDR_EL1) or one that no
            # sysreg file describes (CNTFRQ_EL0): not emitted. Its array
            # was parsed and resolved all the same.
            continue
        blk, items = layouts[reg]
        own = {blk.name}
        if blk.fields_ref:
            own.add(blk.fields_ref[0])
        rules[reg] = {}
        for e in cpf.arrays[array]:
            where = f'{cpf.path}:{e.line}'
            for names, what in ((e.names, 'SHIFT'), (e.safe_names,
                                                     'SAFE_VAL')):
                if names and names[0] not in own:
                    raise GenError(f'{where}: {what} of this rule names '
                                   f'{names[0]}, but {array} is used for '
                                   f'{reg} (line {line})')
            if e.names and e.safe_names and e.names[1] != e.safe_names[1]:
                raise GenError(f'{where}: SHIFT names field {e.names[1]} but '
                               f'SAFE_VAL names field {e.safe_names[1]}')
            hi = e.shift + e.width - 1
            hits = [it for it in items if it.lsb <= hi and e.shift <= it.msb]
            if len(hits) == 1 and isinstance(hits[0], Field) and \
                    hits[0].lsb == e.shift and hits[0].width == e.width:
                fld = hits[0]
                if fld.name in rules[reg]:
                    raise GenError(f'{where}: second kernel rule for '
                                   f'{reg}.{fld.name} (first at line '
                                   f'{rules[reg][fld.name].line})')
                rules[reg][fld.name] = e
                continue
            if len(hits) == 1 and isinstance(hits[0], Reserved):
                res = hits[0]
                want = {'RES1': (1 << e.width) - 1, 'RES0': 0, 'RAZ': 0}
                if res.kind in want and e.safe != want[res.kind]:
                    raise GenError(f'{where}: kernel rule for {reg} bits '
                                   f'[{hi}:{e.shift}] has safe value '
                                   f'{e.safe:#x}, but the bits are '
                                   f'{res.kind} ({blk.path}:{res.line})')
                notes.append(f'{where}: kernel rule for {reg} bits '
                             f'[{hi}:{e.shift}] covers reserved bits '
                             f'({res.kind}) only; checked, not emitted')
                continue
            layout = ', '.join(
                f'{getattr(it, "name", it.kind)}[{it.msb}:{it.lsb}]'
                for it in hits)
            raise GenError(f'{where}: kernel rule for {reg} bits '
                           f'[{hi}:{e.shift}] (array {array}) does not line '
                           f'up with one field of {reg} in the sysreg data '
                           f'(there: {layout})')
    return rules


def build_fields(items, rules):
    out = []
    for it in items:
        if isinstance(it, Reserved):
            out.append(it)
            continue
        rule = rules.get(it.name)
        if rule:
            out.append(OutField(it, rule, rule.signed, rule.type, rule.safe,
                                rule.safe))
        else:
            ni = [v.value for v in it.values if v.name == 'NI']
            default = ni[0] if ni else 0
            out.append(OutField(it, None, it.kind == 'SignedEnum', 'EXACT',
                                default, default))
    return out


# Lines stay within QEMU's 80 columns: an item that would not fit goes on
# with a continuation line indented by CONT, which join_lines() undoes.
LINE_MAX = 80
CONT = ' ' * len('ARM_IDFIELD(')


# ---------------------------------------------------------------------------
# the roles file

# Statement -> (ROLE of the output, what it names: 'reg' or 'field', the
# number of words after the name, whether free text follows them)
ROLE_STATEMENTS = {
    'bare-names': ('BARE_NAMES', 'reg', 0, False),
    'identification': ('IDENTIFICATION', 'reg', 0, False),
    'cache-geometry': ('CACHE_GEOMETRY', 'reg', 0, False),
    'kvm-unexposed': ('KVM_UNEXPOSED', 'reg', 1, True),
    'describes': ('DESCRIBES', 'reg', 1, False),
    'exists-if': ('EXISTS_IF', 'reg', 2, False),
    'decided-by': ('DECIDED_BY', 'field', 1, False),
    'present-if': ('PRESENT_IF', 'field', 1, False),
    'limited-by': ('LIMITED_BY', 'field', 1, False),
    'owned-by': ('OWNED_BY', 'field', 1, False),
    'pauth': ('PAUTH', 'field', 2, False),
    'kvm-lower': ('KVM_LOWER', 'field', 1, False),
    'kvm-refuses': ('KVM_REFUSES', 'field', 2, False),
    'kvm-rewrites': ('KVM_REWRITES', 'field', 2, False),
    'tcg-unimplemented': ('TCG_UNIMPLEMENTED', 'field', 0, True),
}
# The roles in the order the output lists them for one register or field;
# NO_KERNEL_RULE is the generator's own: a field cpufeature.c has no rule
# for, which KVM lets a VMM set only to the host's value
ROLE_ORDER = [v[0] for v in ROLE_STATEMENTS.values()] + ['NO_KERNEL_RULE']
# The roles whose first word is a number or a range LOW-HIGH
NUMBER_ROLES = ('KVM_REFUSES', 'KVM_REWRITES')
RANGE_RE = re.compile(r'(0x[0-9a-f]+|[0-9]+)(-(0x[0-9a-f]+|[0-9]+))?$')
# The roles that take a decider, which gives them its text
DECIDED_ROLES = ('DECIDED_BY', 'PRESENT_IF', 'LIMITED_BY')
# A field has at most one of these
EXCLUSIVE_ROLES = ('DECIDED_BY', 'PRESENT_IF', 'LIMITED_BY', 'OWNED_BY')
WORD_RE = re.compile(r'[a-z][a-z0-9_-]*$')


@dataclass
class Role:
    role: str           # IDENTIFICATION, DECIDED_BY, ...
    path: str
    reg: str
    field: str          # None for a register role
    arg: str
    text: str
    line: int


def load_roles(path, layouts):
    """Parse the roles file against the registers of @layouts.

    Returns the roles in table order: register roles before the field
    roles of the same register, fields in table order, then the order of
    ROLE_STATEMENTS.
    """
    fields = {}
    for name, (blk, items) in layouts.items():
        fields[name] = [it.name for it in items if isinstance(it, Field)]
    deciders, pending, roles, seen = {}, [], [], {}
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    for lineno, raw in enumerate(lines, 1):
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        words = line.split()
        kw = words[0]
        if kw == 'decider':
            if len(words) < 3 or not WORD_RE.match(words[1]):
                fail(path, lineno, "'decider' needs a lower-case NAME and "
                     "the TEXT that names it")
            if words[1] in deciders:
                fail(path, lineno, f"decider '{words[1]}' is already "
                     f"defined on line {deciders[words[1]][1]}")
            deciders[words[1]] = (' '.join(words[2:]), lineno)
            continue
        if kw not in ROLE_STATEMENTS:
            fail(path, lineno, f"unknown statement '{kw}' (decider, "
                 f"{', '.join(ROLE_STATEMENTS)})")
        role, what, nargs, text = ROLE_STATEMENTS[kw]
        if len(words) < 2 + nargs + text or (not text and
                                               len(words) > 2 + nargs):
            fail(path, lineno, f"'{kw}' takes "
                 f"{'REG' if what == 'reg' else 'REG.FIELD'}"
                 f"{' and ' + str(nargs) + ' word(s)' if nargs else ''}"
                 f"{' and a TEXT' if text else ''}")
        target = words[1]
        if what == 'reg':
            reg, fld = target, None
        else:
            reg, dot, fld = target.partition('.')
            if not dot or not fld:
                fail(path, lineno, f"'{kw}' names a field: REG.FIELD, "
                     f"not '{target}'")
        if reg not in fields:
            fail(path, lineno, f"unknown register '{reg}'")
        if fld is not None and fld not in fields[reg]:
            fail(path, lineno, f"{reg} has no field '{fld}' (fields: "
                 f"{', '.join(fields[reg])})")
        args = words[2:2 + nargs]
        for i, a in enumerate(args):
            if role in NUMBER_ROLES and i == 0:
                if not RANGE_RE.match(a):
                    fail(path, lineno, f"'{a}' is not a number or a range "
                         "LOW-HIGH")
            elif role not in ('DESCRIBES', 'EXISTS_IF') and \
                    not WORD_RE.match(a):
                fail(path, lineno, f"'{a}' is not a lower-case word")
        if role in ('DESCRIBES', 'EXISTS_IF'):
            r2, dot, f2 = args[0].partition('.')
            if r2 not in fields or f2 not in fields[r2]:
                fail(path, lineno, f"'{args[0]}' is not a field of the "
                     "table")
        if role == 'EXISTS_IF' and parse_number(args[1]) is None:
            fail(path, lineno, f"'{args[1]}' is not a number")
        if role == 'KVM_UNEXPOSED' and \
                args[0] not in ('undefined', 'hardware', 'vcpu'):
            fail(path, lineno, f"a KVM guest reads '{args[0]}'? (undefined, "
                 "hardware or vcpu)")
        if role == 'PAUTH' and args[0] not in ('address', 'generic'):
            fail(path, lineno, f"pauth kind '{args[0]}' is neither "
                 "'address' nor 'generic'")
        free = ' '.join(words[2 + nargs:]) if text else ''
        for t in [free] + args:
            if '"' in t or '\\' in t:
                fail(path, lineno, 'no quote or backslash in a role')
        key = (reg, fld, role)
        if key in seen:
            fail(path, lineno, f"{target} is already '{kw}' on line "
                 f"{seen[key]}")
        seen[key] = lineno
        if fld is not None and role in EXCLUSIVE_ROLES:
            for other in EXCLUSIVE_ROLES:
                if other != role and (reg, fld, other) in seen:
                    fail(path, lineno, f"{target} cannot be both "
                         f"{role.lower()} and {other.lower()} (line "
                         f"{seen[(reg, fld, other)]})")
        pending.append(Role(role, path, reg, fld, ' '.join(args), free,
                            lineno))
    for r in pending:
        if r.role in DECIDED_ROLES:
            if r.arg not in deciders:
                fail(path, r.line, f"decider '{r.arg}' is not defined "
                     f"(deciders: {', '.join(sorted(deciders)) or 'none'})")
            r.text = deciders[r.arg][0]
        roles.append(r)
    return roles


def sort_roles(roles, layouts):
    """@roles in table order: a register's own roles before its fields',
    fields in table order, then the order of ROLE_ORDER."""
    fields = {name: [it.name for it in items if isinstance(it, Field)]
              for name, (blk, items) in layouts.items()}
    order = {n: i for i, n in enumerate(
        sorted(layouts, key=lambda n: layouts[n][0].enc))}
    roles.sort(key=lambda r: (order[r.reg], r.field is not None,
                              fields[r.reg].index(r.field)
                              if r.field is not None else 0,
                              ROLE_ORDER.index(r.role)))
    return roles


def role_lines(roles):
    """The ARM_IDREG_ROLE and ARM_IDFIELD_ROLE lines of @roles."""
    out = []
    for r in roles:
        if r.field is None:
            head = f'ARM_IDREG_ROLE({r.reg}, {r.role},'
        else:
            head = f'ARM_IDFIELD_ROLE({r.reg}, {r.field}, {r.role},'
        tail = f'"{r.arg}", "{r.text}")'
        if len(head) + 1 + len(tail) <= LINE_MAX:
            out.append(f'{head} {tail}')
        elif len(CONT) + len(tail) <= LINE_MAX:
            out.append(f'{head}\n{CONT}{tail}')
        else:
            fail(r.path or 'roles', r.line, 'the text of this role makes '
                 f'a line of {len(CONT) + len(tail)} columns; {LINE_MAX} '
                 'at most')
    return out


def join_lines(text):
    """@text with each item of the table on one line."""
    return text.replace(',\n' + CONT, ', ')


HEADER = """\
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated by scripts/gen-idregs.py from
 * {source}: do not edit.
 * Regenerate with:
 *   scripts/gen-idregs.py --extra scripts/arm-idregs-extra.sysreg \\
 *       --roles scripts/arm-idregs-roles LINUX_PATH \\
 *       target/arm/cpu-idregs.h.inc
 * (harness/fetch-linux-sysreg.sh prints a LINUX_PATH)
 *
 * Inputs (sha256):
{inputs}
 *
 * The AArch64 and AArch32 ID registers (op0=3, op1 in {{0,1,3}}, CRn=0,
 * CRm=0..7) that the inputs describe: {nregs} registers, {nfields} fields,
 * {nvals} named values, {nres} reserved ranges. One item a line (an
 * ARM_IDFIELD too long for 80 columns goes on in a second line), registers
 * sorted by encoding, each register's fields and reserved ranges from bit
 * 63 down, then the roles. The includer defines ARM_IDREG, ARM_IDFIELD,
 * ARM_IDVAL and ARM_IDRES before each #include, and ARM_IDREG_ROLE and
 * ARM_IDFIELD_ROLE if it wants the roles (without both, they are left
 * out).
 *
 * ARM_IDREG(NAME, QNAME, OP0, OP1, CRN, CRM, OP2, FIRST_FIELD, N_FIELDS)
 *   NAME is the Arm ARM name (ID_AA64ISAR0_EL1), QNAME the prefix of the
 *   register's FIELD() lines in cpu-features.h (ID_AA64ISAR0; ID_* and
 *   MVFR* drop _EL1, other registers keep it: CTR_EL0, MIDR_EL1).
 *   FIRST_FIELD is the 0-based index of the register's first ARM_IDFIELD
 *   among all ARM_IDFIELD lines of this file, N_FIELDS the number of its
 *   fields, whose lines follow before the next ARM_IDREG.
 *
 * ARM_IDFIELD(REG, QREG, FIELD, QFIELD, SHIFT, WIDTH, SIGNED, SAFE,
 *             SAFE_VAL, DEFAULT, FIRST_VAL, N_VALS)
 *   FIELD as the Arm ARM and the kernel spell it (LoUIS, MTE_frac), QFIELD
 *   upper-cased as FIELD() does. Bits [SHIFT + WIDTH - 1 : SHIFT]; WIDTH
 *   is up to 64, so build masks with MAKE_64BIT_MASK(), never 1 << WIDTH.
 *   SIGNED (0/1): values compare as WIDTH-bit two's complement.
 *   SAFE: LOWER, HIGHER, HIGHER_OR_ZERO or EXACT, the kernel's ftr type
 *   (which of two values is the safe one, as arm64_ftr_safe_value()).
 *   SAFE_VAL, DEFAULT: see below. FIRST_VAL is the 0-based index of the
 *   field's first ARM_IDVAL among all ARM_IDVAL lines of this file, N_VALS
 *   the number of its ARM_IDVAL lines, which follow the ARM_IDFIELD line
 *   directly. N_VALS is 0 for a plain number field; FIRST_VAL is then the
 *   index the next value would have (it can equal the number of values).
 *
 * ARM_IDVAL(REG, FIELD, VALUE, NAME)
 *   A value the sysreg data names (NI, IMP, PMULL, 52_BIT), in increasing
 *   order of the raw field value. NAME and FIELD may start with a digit:
 *   use them with # or after ##, never as identifiers on their own.
 *
 * ARM_IDRES(REG, SHIFT, WIDTH, KIND)
 *   Reserved bits; KIND is RES0, RES1, RAZ or UNKN.
 *
 * ARM_IDREG_ROLE(REG, ROLE, ARG, TEXT)
 * ARM_IDFIELD_ROLE(REG, FIELD, ROLE, ARG, TEXT)
 *   What QEMU must know of a register or field beyond its layout, one
 *   statement of scripts/arm-idregs-roles each ({nroles} here), which
 *   explains them: ROLE is BARE_NAMES, IDENTIFICATION, CACHE_GEOMETRY,
 *   KVM_UNEXPOSED (ARG: what the guest reads, TEXT: why), DESCRIBES
 *   (ARG: the REG.FIELD of the feature), EXISTS_IF (ARG: "REG.FIELD
 *   MIN"), DECIDED_BY, PRESENT_IF, LIMITED_BY (ARG: the decider, TEXT:
 *   what it is), OWNED_BY (ARG: the property), PAUTH (ARG: "address" or
 *   "generic" and the algorithm), KVM_LOWER (ARG: the kernel function),
 *   KVM_REFUSES (ARG: "LOW[-HIGH] FUNCTION": KVM refuses those values)
 *   KVM_REWRITES (ARG: "VALUE FUNCTION": KVM stores 0 instead) or
 *   TCG_UNIMPLEMENTED (TEXT: the feature TCG does not implement), and
 *   NO_KERNEL_RULE, which the generator adds for each of the {nnorule}
 *   fields cpufeature.c has no rule for (KVM takes only the host's value,
 *   arm64_check_features()). ARG and TEXT are string literals, "" when
 *   the role has none. A register's roles before its fields', in table
 *   order.
 *
 * Safe rules and defaults. A field with a kernel rule (an ARM64_FTR_BITS
 * entry in the array that cpufeature.c's arm64_ftr_regs maps its register
 * to) has the rule's SAFE type, sign and safe value, and DEFAULT is that
 * safe value: the most conservative value the kernel itself falls back to.
 * A field without one is EXACT, since KVM requires those bits to equal the
 * host's, with DEFAULT = SAFE_VAL = the value named NI if the field has
 * one, else 0; its SIGNED is 1 only for a SignedEnum. {nnorule} fields have
 * no kernel rule, among them all those of the registers without an array.
 *
 * Registers without a kernel array ({nnoreg}):{noreg}
 * Signed fields ({nsigned}):{signed}
 * Signed by the kernel rule but not a SignedEnum in sysreg ({nsdiff}):{sdiff}
 * Fields wider than 32 bits ({nwide}):{wide}
 */
"""


def generate(sysreg, cpufeature, extra, source, roles_path=None):
    notes = []
    regs, fieldsets = load_sysreg([sysreg] + extra)
    layouts = resolve_layouts(regs, fieldsets, notes)
    roles = load_roles(roles_path, layouts) if roles_path else []
    with open(cpufeature, encoding='utf-8') as f:
        cpf = CpufeatureParser(cpufeature, f.read(),
                               sysreg_symbols(regs, fieldsets)).parse()
    rules = attach_rules(layouts, cpf, notes)

    body = []
    nvals = nfields = nres = nnorule = 0
    signed, wide, noreg, sdiff = [], [], [], []
    for name in sorted(layouts, key=lambda n: layouts[n][0].enc):
        blk, items = layouts[name]
        q = qemu_reg_name(name)
        if name not in rules:
            noreg.append(name)
        reg_line = len(body)
        body.append(None)       # ARM_IDREG, once the fields are counted
        first_field = nfields
        qfields = {}
        for it in build_fields(items, rules.get(name, {})):
            if isinstance(it, Reserved):
                nres += 1
                body.append(f'ARM_IDRES({name}, {it.lsb}, {it.width}, '
                            f'{it.kind})')
                continue
            fld = it.fld
            qf = fld.name.upper()
            if qf in qfields:
                fail(blk.path, fld.line, f'{name}.{fld.name} and '
                     f'{name}.{qfields[qf]} are both {qf} in upper case')
            qfields[qf] = fld.name
            nfields += 1
            nnorule += it.rule is None
            if it.rule is None and roles_path:
                roles.append(Role('NO_KERNEL_RULE', None, name, fld.name, '',
                                  'arm64_check_features', 0))
            if it.signed:
                signed.append(f'{name}.{fld.name}')
            if it.signed != (fld.kind == 'SignedEnum'):
                sdiff.append(f'{name}.{fld.name}')
                notes.append(f'{blk.path}:{fld.line}: {name}.{fld.name} is '
                             f'{"" if it.signed else "un"}signed by the '
                             f'kernel rule ({cpf.path}:{it.rule.line}), '
                             f'declared {fld.kind} here; the kernel rule '
                             'wins')
            if fld.width > 32:
                wide.append(f'{name}.{fld.name} ({fld.width})')
            head = f'ARM_IDFIELD({name}, {q}, {fld.name}, {qf},'
            tail = (f'{fld.lsb}, {fld.width}, {int(it.signed)}, {it.safe}, '
                    f'{it.safe_val:#x}, {it.default:#x}, {nvals}, '
                    f'{len(fld.values)})')
            if len(head) + 1 + len(tail) <= LINE_MAX:
                body.append(f'{head} {tail}')
            else:
                body.append(f'{head}\n{CONT}{tail}')
            for v in fld.values:
                body.append(f'ARM_IDVAL({name}, {fld.name}, {v.value:#x}, '
                            f'{v.name})')
            nvals += len(fld.values)
        body[reg_line] = (f'ARM_IDREG({name}, {q}, '
                          f'{", ".join(map(str, blk.enc))}, {first_field}, '
                          f'{nfields - first_field})')

    def sha(path):
        with open(path, 'rb') as f:
            return hashlib.sha256(f.read()).hexdigest()

    inputs = [(SYSREG_PATH, sysreg), (CPUFEATURE_PATH, cpufeature)]
    inputs += [('scripts/' + os.path.basename(p), p) for p in extra]
    if roles_path:
        inputs.append(('scripts/' + os.path.basename(roles_path), roles_path))
    if roles:
        body.append('#if defined(ARM_IDREG_ROLE) && defined(ARM_IDFIELD_ROLE)')
        body += role_lines(sort_roles(roles, layouts))
        body.append('#endif')
    header = HEADER.format(
        source=source,
        inputs='\n'.join(f' *   {label}\n *     {sha(p)}'
                         for label, p in inputs),
        nregs=len(layouts), nfields=nfields, nvals=nvals, nres=nres,
        nroles=sum(r.role != 'NO_KERNEL_RULE' for r in roles),
        nnorule=nnorule, nnoreg=len(noreg), noreg=wrap(noreg),
        nsigned=len(signed), signed=wrap(signed), nsdiff=len(sdiff),
        sdiff=wrap(sdiff), nwide=len(wide),
        wide=wrap(wide))
    counts = dict(registers=len(layouts), fields=nfields, values=nvals,
                  reserved=nres, no_rule=nnorule,
                  roles=sum(r.role != 'NO_KERNEL_RULE' for r in roles))
    return header + '\n'.join(body) + '\n', counts, notes


def wrap(words, indent=' *   ', width=78):
    """@words joined with ', ' as comment lines, each after a newline."""
    if not words:
        return ' none'
    lines, cur = [], ''
    for i, w in enumerate(words):
        w += ',' if i < len(words) - 1 else ''
        if cur and len(indent) + len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f'{cur} {w}' if cur else w
    lines.append(cur)
    return ''.join('\n' + indent + ln for ln in lines)


def linux_source(linux):
    """Describe the kernel in @linux: 'Linux 7.2.13 (...)'."""
    mk = os.path.join(linux, 'Makefile')
    if os.path.exists(mk):
        with open(mk, encoding='utf-8') as f:
            text = f.read()
        v = {k: re.search(rf'^{k}\s*=\s*(\S*)', text, re.M)
             for k in ('VERSION', 'PATCHLEVEL', 'SUBLEVEL', 'EXTRAVERSION')}
        if not all(v[k] for k in ('VERSION', 'PATCHLEVEL', 'SUBLEVEL')):
            fail(mk, 1, 'no VERSION, PATCHLEVEL and SUBLEVEL lines (is this '
                 'a Linux tree?)')
        ver = '.'.join(v[k].group(1) for k in ('VERSION', 'PATCHLEVEL',
                                                'SUBLEVEL'))
        extra = v['EXTRAVERSION'].group(1) if v['EXTRAVERSION'] else ''
        return f'Linux {ver}{extra} (a kernel tree)'
    src = os.path.join(linux, 'SOURCE')
    if os.path.exists(src):
        with open(src, encoding='utf-8') as f:
            line = f.readline().strip()
        if line:
            return line
        fail(src, 1, 'empty; expected one line naming the kernel')
    raise GenError(f'{linux}: cannot tell the kernel version: no Makefile '
                   '(a kernel tree) and no SOURCE file (written by '
                   'harness/fetch-linux-sysreg.sh)')


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Generate target/arm/cpu-idregs.h.inc from the Linux '
        'arm64 sysreg description and cpufeature.c.',
        epilog='See the module docstring for the grammar and the output.')
    ap.add_argument('--extra', action='append', default=[], metavar='FILE',
                    help='more registers in the sysreg grammar '
                    '(scripts/arm-idregs-extra.sysreg)')
    ap.add_argument('--roles', metavar='FILE',
                    help='the roles of registers and fields '
                    '(scripts/arm-idregs-roles)')
    ap.add_argument('linux', metavar='LINUX_PATH',
                    help=f'a Linux tree, or a directory holding '
                    f'{SYSREG_PATH} and {CPUFEATURE_PATH}')
    ap.add_argument('output', metavar='OUTPUT', nargs='?',
                    help='the file to write (default: standard output)')
    args = ap.parse_args(argv)
    prog = os.path.basename(sys.argv[0])
    try:
        sysreg = os.path.join(args.linux, SYSREG_PATH)
        cpufeature = os.path.join(args.linux, CPUFEATURE_PATH)
        for p in [sysreg, cpufeature] + args.extra + \
                ([args.roles] if args.roles else []):
            if not os.path.isfile(p):
                raise GenError(f'{p}: no such file')
        text, counts, notes = generate(sysreg, cpufeature, args.extra,
                                       linux_source(args.linux), args.roles)
    except GenError as e:
        print(f'{prog}: error: {e}', file=sys.stderr)
        return 1
    for n in notes:
        print(f'{prog}: note: {n}', file=sys.stderr)
    if args.output:
        tmp = args.output + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)
    print(f'{prog}: {counts["registers"]} registers, {counts["fields"]} '
          f'fields ({counts["no_rule"]} without a kernel rule), '
          f'{counts["values"]} named values, {counts["reserved"]} reserved '
          f'ranges, {counts["roles"]} roles', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
