#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check that the named Arm CPU models' files in target/arm form layers.

Usage:
    tests/scripts/check-arm-layers.py [TARGET_ARM_DIR]
    tests/scripts/check-arm-layers.py --self-test

TARGET_ARM_DIR defaults to target/arm next to this script's tree. LAYERS
below lists every file of the named CPU models, lowest first: the pure
layers (arrays of register values in, results out, no QOM), then the glue.
A file may include the header of, call a function of, or use a variable
of a file below it; never one above it, nor one of the same rank but
another unit (a unit is foo.c, foo.h and foo-stub.c). A stub stands for
its unit and must use nothing its unit's other files do not. What goes
upward must be a hook: a class method, a callback, data a lower layer
publishes. The unit graph is then acyclic by construction; the check also
says so explicitly.

Every file in TARGET_ARM_DIR whose name starts with cpu-id, cpu-models,
arm-cpu- or kvm-idregs must have its place in LAYERS, so that a new file
cannot escape the check. Exit status 1, with each violation, when the
layers are broken; the counts go to standard output. --self-test runs
the check on small made-up trees, each with one kind of violation, and on
one without, so that the check is known to fail when it should.
"""

import os
import re
import sys
import tempfile

# (rank, unit): a unit's files are UNIT.c, UNIT.h, UNIT-stub.c, UNIT.h.inc,
# and UNIT-table.c and UNIT-table.c.inc for a unit whose data a generator
# writes (cpu-models-table.c expands the models; the unit test of
# cpu-models.c expands a table of its own)
LAYERS = [
    # pure: the table, then properties, the properties as a CPU sets
    # them, models, accelerator limits, KVM's rules and write plan, what
    # an accelerator provides, and what compares CPUs or checks a
    # migration stream
    (0, "cpu-idregs"),
    (1, "cpu-idprops"),
    (2, "cpu-idpropset"),
    (3, "cpu-models"),
    (4, "cpu-idlimit"),
    (5, "cpu-idkvm"),
    (6, "cpu-idaccel"),
    (7, "cpu-idcompare"),
    (7, "cpu-idmig"),
    # glue: ARMCPU as table arrays (and the CPU's state), the KVM probe and
    # write-back, what the accelerator provides, migration, the QOM class
    # and its properties, the checks at finalize and realize, the older
    # properties of a model CPU, the model CPU types, and what QMP says
    (10, "arm-cpu-idstate"),
    (10, "arm-cpu-idregs"),
    (11, "kvm-idregs"),
    (12, "arm-cpu-accel"),
    (13, "arm-cpu-migration"),
    (14, "arm-cpu-props"),
    (15, "arm-cpu-check"),
    (16, "arm-cpu-realized"),
    (16, "arm-cpu-models-props"),
    (17, "arm-cpu-models"),
    (18, "arm-cpu-models-qmp"),
]

OURS_RE = re.compile(r"^(cpu-id|cpu-models|arm-cpu-|kvm-idregs)")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"(?:target/arm/)?([^"/]+)"', re.M)
DEF_RE = re.compile(r"^(?!static\b)[A-Za-z_][\w \*]*?\b(\w+)\s*\([^;{]*\)\s*\{",
                    re.M)
VAR_RE = re.compile(r"^(?!static\b)(?:const\s+)?[A-Za-z_]\w*\s*(?:\*\s*)*"
                    r"(?:const\s+)?\**\s*(\w+)\s*(?:\[[^\]]*\])?\s*(?:=|;)",
                    re.M)
IDENT_RE = re.compile(r"\b[A-Za-z_]\w*\b")


def unit_of(name):
    base = name
    for suffix in (".h.inc", ".c.inc", ".c", ".h"):
        if base.endswith(suffix):
            base = base[:-len(suffix)]
            break
    for suffix in ("-stub", "-table"):
        if base.endswith(suffix):
            base = base[:-len(suffix)]
    return base


def strip(text):
    """Comments, strings and character constants out; line breaks kept."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'
                  r"'(?:\\.|[^'\\\n])*'", blank, text, flags=re.S)


def check(tdir, layers=LAYERS, quiet=False):
    rank = {u: r for r, u in layers}
    errors = []

    files = sorted(f for f in os.listdir(tdir)
                   if OURS_RE.match(f) and re.search(r"\.(c|h|[ch]\.inc)$", f))
    for f in files:
        if unit_of(f) not in rank:
            errors.append("%s: not in LAYERS of %s" % (f, __file__))
    for r, u in layers:
        if not any(unit_of(f) == u for f in files):
            errors.append("LAYERS lists %s, which %s has no file of" %
                          (u, tdir))
    files = [f for f in files if unit_of(f) in rank]

    text = {f: strip(open(os.path.join(tdir, f)).read()) for f in files}
    raw = {f: open(os.path.join(tdir, f)).read() for f in files}

    # what each unit defines for others: functions and variables with
    # external linkage, from its .c files (not the stubs' stand-ins)
    defined = {}
    for f in files:
        if f.endswith((".c", ".c.inc")) and not f.endswith("-stub.c"):
            for rx in (DEF_RE, VAR_RE):
                for m in rx.finditer(text[f]):
                    defined.setdefault(m.group(1), unit_of(f))

    edges = {}                  # (from unit, to unit) -> first reason
    n_includes = n_uses = 0
    for f in files:
        me = unit_of(f)
        for m in INCLUDE_RE.finditer(raw[f]):
            inc = m.group(1)
            if not OURS_RE.match(inc) or unit_of(inc) == me:
                continue
            n_includes += 1
            if unit_of(inc) not in rank:
                errors.append("%s includes %s, which is not in LAYERS" %
                              (f, inc))
                continue
            edges.setdefault((me, unit_of(inc)), "%s includes %s" % (f, inc))
        if not f.endswith((".c", ".c.inc")):
            continue
        for m in IDENT_RE.finditer(text[f]):
            other = defined.get(m.group(0))
            if other and other != me:
                n_uses += 1
                line = text[f].count("\n", 0, m.start()) + 1
                edges.setdefault((me, other), "%s:%d uses %s (%s)" %
                                 (f, line, m.group(0), other))

    for (a, b), why in sorted(edges.items()):
        if rank[b] > rank[a]:
            errors.append("upward: %s, rank %d above %d" %
                          (why, rank[b], rank[a]))
        elif rank[b] == rank[a]:
            errors.append("beside: %s, both rank %d" % (why, rank[a]))

    # and explicitly: no cycle among units
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    state = {}

    def visit(u, path):
        state[u] = 1
        for v in sorted(graph.get(u, ())):
            if state.get(v) == 1:
                errors.append("cycle: %s" % " -> ".join(path + [u, v]))
            elif not state.get(v):
                visit(v, path + [u])
        state[u] = 2

    for u in sorted(graph):
        if not state.get(u):
            visit(u, [])

    if not quiet:
        print("check-arm-layers: %d files in %d units, %d includes and %d "
              "uses across units, %d unit edges, %d problems" %
              (len(files), len({unit_of(f) for f in files}), n_includes,
               n_uses, len(edges), len(errors)))
        for e in errors:
            print("  " + e)
    return errors


SELF_LAYERS = [(0, "cpu-idlow"), (1, "arm-cpu-mid"), (1, "arm-cpu-side"),
               (2, "arm-cpu-top")]
SELF_OK = {
    "cpu-idlow.h": "int low_fn(void);\nextern int low_var;\n",
    "cpu-idlow.c": '#include "cpu-idlow.h"\nint low_var;\n'
                   "int low_fn(void)\n{\n    return low_var;\n}\n",
    "arm-cpu-mid.h": '#include "cpu-idlow.h"\nint mid_fn(int x);\n',
    "arm-cpu-mid.c": '#include "arm-cpu-mid.h"\n'
                     "int mid_fn(int x)\n{\n    return low_fn() + x;\n}\n",
    "arm-cpu-mid-stub.c": '#include "arm-cpu-mid.h"\n'
                          "int mid_fn(int x)\n{\n    return 0;\n}\n",
    "arm-cpu-side.c": "/* top_fn() in a comment is no call */\n"
                      'static const char *s = "mid_fn(1)";\n'
                      "int side_fn(void)\n{\n    return low_var;\n}\n",
    "arm-cpu-top.c": '#include "arm-cpu-mid.h"\n'
                     "int top_fn(void)\n{\n    return mid_fn(low_var);\n}\n",
}
# each: (file, text to append, what the error must say)
SELF_BAD = [
    ("cpu-idlow.c", "int up(void)\n{\n    return mid_fn(2);\n}\n",
     "upward: cpu-idlow.c:"),
    ("arm-cpu-mid.c", '#include "arm-cpu-top.h"\n',
     "upward: arm-cpu-mid.c includes"),
    ("arm-cpu-side.c", "int x(void)\n{\n    return mid_fn(3);\n}\n",
     "beside: arm-cpu-side.c:"),
    ("arm-cpu-mid-stub.c", "int y(void)\n{\n    return top_fn();\n}\n",
     "upward: arm-cpu-mid-stub.c:"),
    ("cpu-idlow.c", "int z(void)\n{\n    return top_fn();\n}\n", "cycle: "),
    ("arm-cpu-new.c", "int n(void)\n{\n    return 0;\n}\n",
     "arm-cpu-new.c: not in LAYERS"),
]


def self_test():
    failures = 0
    for case in [None] + SELF_BAD:
        with tempfile.TemporaryDirectory() as d:
            for name, body in SELF_OK.items():
                with open(os.path.join(d, name), "w") as f:
                    f.write(body)
            if case:
                with open(os.path.join(d, case[0]), "a") as f:
                    f.write(case[1])
            errors = check(d, SELF_LAYERS, quiet=True)
        if case is None and errors:
            print("self-test: the clean tree fails: %s" % errors)
            failures += 1
        elif case and not any(case[2] in e for e in errors):
            print("self-test: %s + %r: no error with %r, got %s" %
                  (case[0], case[1], case[2], errors))
            failures += 1
    print("check-arm-layers self-test: %d cases, %d failures" %
          (len(SELF_BAD) + 1, failures))
    return failures


def main(argv):
    if argv[1:] == ["--self-test"]:
        return 1 if self_test() else 0
    top = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    tdir = argv[1] if len(argv) > 1 else os.path.join(top, "target", "arm")
    return 1 if check(tdir) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
