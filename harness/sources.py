#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every part model against every recorded independent source.

usage: sources.py [--linux DIR] [--verbose]
       sources.py --firecracker FINGERPRINT.json | --litmus ID.txt |
                  --cpusysregs cpusysregs-registers.txt

harness/sources/<part>/<TAG>.txt records what one public source shows of
the silicon that every version of a model, <part>-v<N>, describes:
register values (a bare-metal dump, a KVM or Hyper-V guest's dump, a
microVM's CPU fingerprint, a TRM table) or the hwcaps of its /proc/cpuinfo.
Each such file is a fact with its citation:

    # prose: what the source is, how and where it was taken
    kind   bare-metal|kvm-guest|hyperv-guest|microvm|trm|hwcaps
    from   REPOSITORY PATH @COMMIT, or the document (must appear in the
           text of the model's "ref TAG" line: the model or a parent cites it)
    REG    0xVALUE            as the source prints it (any register of the
                              ID-register table; others are refused)
    hwcaps NAME...            (kind hwcaps) the cpuinfo "Features" line,
                              with MIDR_EL1 from its CPU implementer,
                              variant, part and revision lines

    hides  REG.FIELD|REG.* ... -- REASON
                              what the way the source was taken lowers
                              (a microVM's vCPU without SVE, a kernel that
                              hid the field from guests): a fact about the
                              capture, with its reason

For each version of a part, every field a source shows is compared with
the model's resolved value (scripts/gen-arm-models.py). A difference must
be explained: a field the model's hierarchy pins (kvm-base-v1: what KVM
shows every guest) or one the source hides and shows lower explains
itself; any other needs a "differs REG.FIELD TAG REASON" line in the
model file or a parent's (a child inherits them). A model's own "differs"
line with no difference behind it is an error too. Fields the machine decides
(the table's DECIDED_BY roles) and the cache geometry registers are not
the model's and are skipped. An hwcap is compared through the field and
minimum value Linux's arch/arm64/kernel/cpufeature.c (arm64_elf_hwcaps:
HWCAP_CAP, HWCAP_CAP_MATCH_ID, HWCAP_MULTI_CAP) tests for it, read from the
pinned kernel (--linux, default: what fetch-linux-sysreg.sh prints):
listed means the model's field is at least that value, absent means below.

Prints, per model, the sources, the disagreements with their reasons and
the fields no source covers; exits 1 on an unexplained or stale one.
"""

import argparse
import os
import re
import subprocess
import sys

import treelib
from oracle import order

TOP = treelib.TOP
SOURCES = os.path.join(TOP, "harness", "sources")
KINDS = ("bare-metal", "kvm-guest", "hyperv-guest", "microvm", "trm",
         "hwcaps")
# cpuinfo names that no ID-register field decides: the timer's event
# stream, the kernel's emulation of ID-register reads at EL0
HWCAPS_NOT_ID = {"evtstrm", "cpuid"}


class SourceError(Exception):
    pass


class Source:
    def __init__(self, model, tag, path):
        self.model, self.tag, self.path = model, tag, path
        self.kind = self.cite = None
        self.regs = {}
        self.hwcaps = None
        self.hides = {}     # (reg, field) -> reason


def parse_source(path, table):
    model = os.path.basename(os.path.dirname(path))
    tag = os.path.basename(path)[:-len(".txt")]
    s = Source(model, tag, path)
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            key, _, rest = line.partition(" ")
            rest = rest.strip()
            where = "%s:%d" % (os.path.relpath(path, TOP), lineno)
            if key == "kind":
                if rest not in KINDS:
                    raise SourceError("%s: kind '%s' (accepted: %s)" %
                                      (where, rest, ", ".join(KINDS)))
                s.kind = rest
            elif key == "from":
                s.cite = rest
            elif key == "hwcaps":
                s.hwcaps = set(rest.split())
            elif key == "hides":
                names, sep, reason = rest.partition(" -- ")
                if not sep or not names.split() or not reason.strip():
                    raise SourceError("%s: 'hides' takes REG.FIELD or REG.* "
                                      "names, ' -- ' and the reason" % where)
                for n in names.split():
                    reg, _, fname = n.partition(".")
                    fields = ([fl.name for fl in table.reg_fields.get(reg, [])]
                              if fname == "*" else [fname])
                    if not fields or any((reg, f) not in table.fields
                                         for f in fields):
                        raise SourceError("%s: no field '%s' in the table" %
                                          (where, n))
                    for f in fields:
                        s.hides[(reg, f)] = reason.strip()
            elif key in table.reg_fields:
                try:
                    v = int(rest.replace("_", ""), 16)
                except ValueError:
                    v = -1
                if not 0 <= v < 1 << 64 or key in s.regs:
                    raise SourceError("%s: %s needs one 64-bit hexadecimal "
                                      "value, once" % (where, key))
                s.regs[key] = v
            else:
                raise SourceError("%s: '%s' is neither kind, from, hwcaps, "
                                  "hides nor a register of the table" %
                                  (where, key))
    if s.kind is None or s.cite is None:
        raise SourceError("%s: needs a 'kind' and a 'from' line" %
                          os.path.relpath(path, TOP))
    if (s.kind == "hwcaps") != (s.hwcaps is not None) or (
            s.kind == "hwcaps" and set(s.regs) - {"MIDR_EL1"}):
        raise SourceError("%s: a source of kind hwcaps has an hwcaps line "
                          "and no register but MIDR_EL1 (cpuinfo's CPU "
                          "implementer, variant, part, revision); any other "
                          "kind, registers only" % os.path.relpath(path, TOP))
    return s


def kernel_hwcaps(linux, table, minimum=50):
    """{cpuinfo name: [(reg, field, minimum value)...]} from cpufeature.c:
    the hwcap is there when any of the fields is at least its value."""
    path = os.path.join(linux, "arch", "arm64", "kernel", "cpufeature.c")
    with open(path) as f:
        text = f.read()

    def field_min(reg, field, minv):
        fl = table.fields.get((reg, field))
        v = fl and next((x for x, n in fl.vals if n == minv), None)
        return None if v is None else (reg, field, v)

    def name(cap):
        # cpuinfo's name: the constant's, lower case, without underscores
        return cap.lower().replace("_", "")

    caps = {}
    rx = re.compile(r"HWCAP_CAP(?:_MATCH_ID\(\w+,)?\(?\s*(\w+),\s*(\w+),\s*(\w+),"
                    r"\s*CAP_HWCAP,\s*KERNEL_HWCAP_(\w+)\)")
    for reg, field, minv, cap in rx.findall(text):
        fm = field_min(reg, field, minv)
        if fm:
            caps[name(cap)] = [fm]
    # HWCAP_MULTI_CAP(list, ...): any entry of a list of
    # HWCAP_CPUID_MATCH(reg, field, min) (pointer authentication)
    lists = {}
    for lname, body in re.findall(r"arm64_cpu_capabilities (\w+)\[\] = "
                                  r"\{(.*?)\n\};", text, re.S):
        lists[lname] = [fm for fm in (field_min(*m) for m in re.findall(
            r"HWCAP_CPUID_MATCH\((\w+),\s*(\w+),\s*(\w+)\)", body)) if fm]
    for lname, cap in re.findall(r"HWCAP_MULTI_CAP\((\w+),\s*CAP_HWCAP,\s*"
                                 r"KERNEL_HWCAP_(\w+)\)", text):
        if lists.get(lname):
            caps[name(cap)] = lists[lname]
    if len(caps) < minimum:
        raise SourceError("%s: only %d hwcaps understood" % (path, len(caps)))
    return caps


def compare(table, regs, src, caps):
    """[(reg, field, model value, source value, kind of result)]: one item
    per field the source shows with another value than the model."""
    out = []
    skip_regs = set(table.regs_with("CACHE_GEOMETRY"))
    if src.hwcaps is not None:
        for name in sorted(src.hwcaps | {n for n in caps}):
            if name in HWCAPS_NOT_ID:
                continue
            if name not in caps:
                out.append((None, name, None, None, "unknown-hwcap"))
                continue
            has = any(order(fl, fl.get(regs[reg])) >= order(fl, minv)
                      for reg, field, minv in caps[name]
                      for fl in [table.fields[(reg, field)]])
            if has != (name in src.hwcaps):
                reg, field, _ = caps[name][0]
                fl = table.fields[(reg, field)]
                out.append((reg, field, fl.get(regs[reg]), name, "hwcap"))
    for reg, v in sorted(src.regs.items()):
        if reg in skip_regs:
            continue
        for fl in table.reg_fields[reg]:
            if table.role(reg, fl.name, "DECIDED_BY"):
                continue
            mine, theirs = fl.get(regs[reg]), fl.get(v)
            if mine != theirs:
                out.append((reg, fl.name, mine, theirs, "field"))
    return out


def fmt(fl, v):
    name = fl.value_name(v)
    return "%s (0x%x)" % (name, v) if name else "0x%x" % v


def check(linux, verbose=False, sources=SOURCES, models_dir=None,
          min_hwcaps=50):
    """(errors, report lines) of the sources under SOURCES against the
    models of MODELS_DIR (default: the shipped ones); fewer than MIN_HWCAPS
    hwcaps understood in LINUX's cpufeature.c is an error (a parse that
    no longer matches the kernel's source)."""
    gen = treelib.load_model_generator()
    table = gen.Table()
    _, models, _ = (gen.load_models(table, models_dir) if models_dir
                    else gen.load_models(table))
    caps = kernel_hwcaps(linux, table, min_hwcaps)
    errors, report = [], []
    if not os.path.isdir(sources):
        raise SourceError("no directory %s" % sources)
    for part in sorted(os.listdir(sources)):
        d = os.path.join(sources, part)
        if not os.path.isdir(d):
            continue
        versions = sorted(n for n in models if re.match(r"%s-v\d+$" %
                                                        re.escape(part), n))
        if not versions:
            errors.append("%s: no model '%s-v<N>'" % (d, part))
            continue
        for name in versions:
            check_model(gen, table, models, models[name], d, caps, errors,
                        report, verbose)
    return errors, report


def check_model(gen, table, models, m, d, caps, errors, report, verbose):
    """One version of a part against the sources in D."""
    name = m.name
    refs, differs = {}, {}
    for x in gen.chain(models, m):
        refs.update(x.refs)
        differs.update(x.differs)
    regs, _ = gen.resolve(table, models, m)
    covered = set()
    used = set()
    files = sorted(f for f in os.listdir(d) if f.endswith(".txt"))
    report.append("%s: %d sources (%s)" % (
        name, len(files), ", ".join(f[:-4] for f in files)))
    for f in files:
        src = parse_source(os.path.join(d, f), table)
        ref = refs.get(src.tag)
        if ref is None or src.cite not in ref:
            errors.append("%s: %s cites a source the model's 'ref %s' "
                          "does not name (%s)" % (name, f, src.tag,
                                                  src.cite))
            continue
        if src.hwcaps is not None:
            covered |= {(r, f) for n in caps for r, f, _ in caps[n]}
        covered |= {(r, fl.name) for r in src.regs
                    for fl in table.reg_fields[r]}
        for reg, field, mine, theirs, what in compare(table, regs, src,
                                                      caps):
            if what == "unknown-hwcap":
                errors.append("%s %s: hwcap '%s' is not one the kernel "
                              "derives from an ID field" % (name, src.tag,
                                                            field))
                continue
            fl = table.fields[(reg, field)]
            if what == "hwcap":
                shown = ("lists %s" % theirs if theirs in src.hwcaps
                         else "lacks %s" % theirs)
                text = "%s.%s: model %s, %s %s" % (reg, field,
                                                    fmt(fl, mine),
                                                    src.tag, shown)
            else:
                text = "%s.%s: model %s, %s %s" % (reg, field,
                                                    fmt(fl, mine), src.tag,
                                                    fmt(fl, theirs))
            why = differs.get((reg, field, src.tag))
            pin = m.pinned.get((reg, field))
            hidden = (reg, field) in src.hides and (
                (what == "field" and order(fl, theirs) < order(fl, mine)) or
                (what == "hwcap" and theirs not in src.hwcaps))
            if why:
                if (reg, field, src.tag) in m.differs:
                    used.add((reg, field, src.tag))
                report.append("  %s -- %s" % (text, why[1]))
            elif pin:
                report.append("  %s -- pinned by %s (%s %s)" % (
                    text, pin[0].name, pin[1], pin[2]))
            elif hidden:
                report.append("  %s -- %s hides it: %s" % (
                    text, src.tag, src.hides[(reg, field)]))
            else:
                errors.append("%s: %s, unexplained (add 'differs %s.%s "
                              "%s REASON' to the model, or correct it)"
                              % (name, text, reg, field, src.tag))
    for (reg, field, tag), (lineno, _) in sorted(m.differs.items()):
        if (reg, field, tag) not in used and os.path.exists(
                os.path.join(d, tag + ".txt")):
            errors.append("%s.model:%d: 'differs %s.%s %s', but %s shows "
                          "the model's value" % (name, lineno, reg, field,
                                                 tag, tag))
    missing = [r for r in table.regs
               if r not in table.regs_with("CACHE_GEOMETRY") and
               not all((r, fl.name) in covered
                       for fl in table.reg_fields[r])]
    if verbose or missing:
        report.append("  no source shows: %s" % (" ".join(missing) or
                                                 "(every register)"))


def table_encodings():
    """{KVM sysreg id's low 16 bits: register name} of the table."""
    rx = re.compile(r"^ARM_IDREG\((\w+), \w+, (\d+), (\d+), (\d+), (\d+), "
                    r"(\d+),")
    out = {}
    with open(os.path.join(TOP, "target", "arm", "cpu-idregs.h.inc")) as f:
        for line in f:
            m = rx.match(line)
            if m:
                op0, op1, crn, crm, op2 = (int(x) for x in m.groups()[1:])
                out[op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2] = \
                    m.group(1)
    return out


def firecracker_regs(path):
    """The table's registers in a Firecracker CPU fingerprint (its
    reg_modifiers: KVM_REG_ARM64 | KVM_REG_SIZE_U64 | sysreg ids with a
    bitmap string), as source lines."""
    import json
    with open(path) as f:
        fp = json.load(f)
    names = table_encodings()
    out = []
    for r in fp["guest_cpu_config"]["reg_modifiers"]:
        addr = int(r["addr"], 16)
        if addr >> 16 != 0x603000000013:
            continue
        name = names.get(addr & 0xffff)
        if name:
            out.append("%-20s0x%x" % (name, int(r["bitmap"][2:], 2)))
    return ["# host kernel %s, host REVIDR_EL1 %s" % (
        fp.get("kernel_version"), fp.get("microcode_version"))] + out


def litmus_regs(path):
    """The table's registers in system-litmus-harness's id.txt (columns per
    CPU: "NAME: 0xVALUE"; the first column, CPU0). Not CCSIDR_EL1: the
    harness read it with CSSELR_EL1 holding a poison pattern."""
    names = set(table_encodings().values()) - {"CCSIDR_EL1"}
    out = []
    with open(path) as f:
        for line in f:
            m = re.search(r"(\w+): (0x[0-9A-Fa-f_]+)", line)
            if m and m.group(1) in names:
                out.append("%-20s0x%x" % (m.group(1),
                                          int(m.group(2).replace("_", ""), 16)))
    return out


def cpusysregs_regs(path):
    """The table's registers in lelegard/arm-cpusysregs's
    cpusysregs-registers.txt ("NAME: 0000 ... - ... 64 bits in binary")."""
    names = set(table_encodings().values())
    out = []
    with open(path) as f:
        for line in f:
            m = re.match(r"(\w+): ([01 -]+)$", line.rstrip())
            if m and m.group(1) in names:
                bits = re.sub(r"[ -]", "", m.group(2))
                if len(bits) == 64:
                    out.append("%-20s0x%x" % (m.group(1), int(bits, 2)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--linux", help="a Linux tree with "
                    "arch/arm64/kernel/cpufeature.c")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--firecracker", metavar="JSON",
                    help="print the register lines of a Firecracker CPU "
                    "fingerprint, for a new source file, and exit")
    ap.add_argument("--litmus", metavar="ID_TXT",
                    help="the same for system-litmus-harness's id.txt")
    ap.add_argument("--cpusysregs", metavar="REGISTERS_TXT",
                    help="the same for arm-cpusysregs's "
                    "cpusysregs-registers.txt")
    a = ap.parse_args(argv)
    for opt, fn in ((a.firecracker, firecracker_regs), (a.litmus, litmus_regs),
                    (a.cpusysregs, cpusysregs_regs)):
        if opt:
            print("\n".join(fn(opt)))
            return 0
    linux = a.linux
    if linux is None:
        p = subprocess.run(["bash", os.path.join(TOP, "harness",
                                                 "fetch-linux-sysreg.sh")],
                           text=True, stdout=subprocess.PIPE)
        if p.returncode != 0:
            print("sources.py: fetching the kernel's cpufeature.c failed",
                  file=sys.stderr)
            return 2
        linux = p.stdout.strip().splitlines()[-1]
    try:
        errors, report = check(linux, a.verbose)
    except SourceError as e:
        print("sources.py: %s" % e, file=sys.stderr)
        return 1
    print("\n".join(report))
    for e in errors:
        print("sources.py: error: %s" % e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
