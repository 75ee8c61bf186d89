# SPDX-License-Identifier: GPL-2.0-or-later
"""What an accelerator can give a named model, as the tests expect it.

The harness's expected results, derived rather than listed: a new model
file needs no expected set of its own. The facts come from where they
are written once, the ID-register table (its fields' safe-value rules
and the roles of scripts/arm-idregs-roles) and what a kernel reported
(tests/data/arm-cpu-models/kvm-<kernel>.txt, recorded by
harness/nested/kvmprobe.c); the reasoning is this file's own, not QEMU's C
code, whose results the tests compare with it:

- kvm_blockers(): the fields KVM cannot give a model on a recorded host,
  each with its reason (the field's bits are not writable there; the
  kernel's rule for the field refuses the value; the kernel has no rule
  for the field and takes only the host's value; KVM refuses or rewrites
  that value in its set_id_*() handler);
- tcg_may_drop(): whether TCG may replace a model's value with max's: only
  where the model asks for more than max shows the guest.
"""

import re


def order(fl, v):
    """V as the field's rule orders it: signed fields as signed numbers."""
    if fl.signed and v >> (fl.width - 1):
        return v - (1 << fl.width)
    return v


def safe_ok(fl, v, host):
    """May V be offered where HOST is, by the field's safe-value rule (the
    kernel's arm64_ftr_safe_value())? EXACT takes the host's value or the
    field's safe value."""
    if v == host:
        return True
    if fl.safe == "LOWER":
        return order(fl, v) <= order(fl, host)
    if fl.safe == "HIGHER":
        return order(fl, v) >= order(fl, host)
    if fl.safe == "HIGHER_OR_ZERO":
        return v == 0 or (host != 0 and order(fl, v) >= order(fl, host))
    return v == fl.safe_val


def parse_kvm_record(path):
    """A kvmprobe record: {"caps": {name: value}, "value": {reg: v},
    "mask": {reg: m}}."""
    rec = {"caps": {}, "value": {}, "mask": {}}
    with open(path) as f:
        for line in f:
            m = re.match(r"kvmprobe: (value|mask)\.(\w+)=(0x[0-9a-f]+)$",
                         line.strip())
            if m:
                rec[m.group(1)][m.group(2)] = int(m.group(3), 16)
                continue
            m = re.match(r"kvmprobe: (\w+)=(\S+)$", line.strip())
            if m:
                rec["caps"][m.group(1)] = m.group(2)
    return rec


def _owned(table, owner):
    """The fields OWNER (sve, pauth) owns, and the registers that describe
    what it owns (ID_AA64ZFR0_EL1 for sve)."""
    fields = {k for k, r in table.fields_with("OWNED_BY").items()
              if r.arg == owner}
    regs = {r.reg for r in table.roles
            if r.role == "DESCRIBES" and not r.field and
            tuple(r.arg.split(".")) in fields}
    return fields, regs


def vcpu_view(table, host, model):
    """The recorded host as a vCPU made for MODEL sees it: the record was
    taken with SVE and pointer authentication on; a vCPU without them
    reads their fields as 0."""
    view = dict(host)
    for owner in ("sve", "pauth"):
        fields, regs = _owned(table, owner)
        if any(table.fields[k].get(model.get(k[0], 0)) for k in fields):
            continue
        for k in fields:
            fl = table.fields[k]
            view[k[0]] = view.get(k[0], 0) & ~fl.mask
        for r in regs:
            view[r] = 0
    return view


def kvm_blockers(table, model, record):
    """{(reg, field): reason} of the fields of MODEL (reg -> value) that
    KVM cannot give a guest on the host RECORD describes."""
    caps = record["caps"]
    if caps.get("writable_masks") != "supported":
        return None             # no model runs: KVM cannot change ID registers
    imp_id = caps.get("imp_id_regs_enabled") == "1"
    host = vcpu_view(table, record["value"], model)
    ident = table.regs_with("IDENTIFICATION")
    skip = set(table.fields_with("DECIDED_BY", "PRESENT_IF"))
    refuses = table.fields_with("KVM_REFUSES")
    rewrites = table.fields_with("KVM_REWRITES")
    lower = table.fields_with("KVM_LOWER")
    norule = table.fields_with("NO_KERNEL_RULE")
    out = {}
    for reg in table.regs:
        if reg in table.regs_with("CACHE_GEOMETRY") or reg not in host:
            continue
        for fl in table.reg_fields[reg]:
            k = (reg, fl.name)
            v, h = fl.get(model.get(reg, 0)), fl.get(host[reg])
            if v == h or k in skip:
                continue
            mask = record["mask"].get(reg, 0)
            if reg in ident and not imp_id:
                mask = 0
            if mask & fl.mask != fl.mask:
                out[k] = "not writable"
            elif k in refuses and _in_range(v, refuses[k].arg.split()[0]):
                out[k] = "KVM refuses it"
            elif k in rewrites and v == int(rewrites[k].arg.split()[0], 0):
                out[k] = "KVM stores 0"
            elif reg in ident:
                continue
            elif k in norule:
                out[k] = "no kernel rule: the host's value only"
            elif k in lower:
                if v > h:
                    out[k] = "KVM only lowers it"
            elif not safe_ok(fl, v, h):
                out[k] = "the safe-value rule (%s)" % fl.safe
    return out


def _in_range(v, text):
    lo, _, hi = text.partition("-")
    return int(lo, 0) <= v <= int(hi or lo, 0)


def tcg_may_drop(table, fl, model_value, max_value):
    """May TCG show max's value instead of the model's in field FL? Only
    where the model asks for more than max shows: never for a value max
    has, nor for a lower one of a field whose rule says lower is safe."""
    if model_value == max_value:
        return False
    if fl.safe in ("LOWER", "EXACT") and \
            order(fl, model_value) < order(fl, max_value):
        return False
    return True
