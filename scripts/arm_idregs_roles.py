# SPDX-License-Identifier: GPL-2.0-or-later
"""Read scripts/arm-idregs-roles: what QEMU must know of the ID registers
and fields beyond their layout.

The third part of scripts/gen-idregs.py; the roles file's header
describes its statements. Each name is checked against the layouts
arm_idregs_sysreg read; each statement becomes a Role, which
gen-idregs.py writes as an ARM_IDREG_ROLE or ARM_IDFIELD_ROLE line.
"""

import re
from dataclasses import dataclass

from arm_idregs_sysreg import Field, fail, parse_number


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
