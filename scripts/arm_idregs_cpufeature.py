# SPDX-License-Identifier: GPL-2.0-or-later
"""Read the kernel's safe-value rules of the ID-register fields.

The second part of scripts/gen-idregs.py: the arm64_ftr_bits arrays of
arch/arm64/kernel/cpufeature.c, lined up with the fields that
arm_idregs_sysreg read, give each field its safe rule and default.

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

import re
from dataclasses import dataclass

from arm_idregs_sysreg import Field, GenError, Reserved, fail


CPUFEATURE_PATH = 'arch/arm64/kernel/cpufeature.c'

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
