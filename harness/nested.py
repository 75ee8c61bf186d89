#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Real arm64 KVM tests: run harness/nested/l1/suite.sh and check its output.

usage: nested.py [--kernel 7.2|6.12|6.1|host] [--console]
       nested.py --migration [--console]

On an x86-64 machine the suite runs inside L1: a Debian arm64 kernel with
KVM built in, booted under TCG with EL2 (harness/nested/boot-l1.sh), from an
image holding the cross-built QEMU (harness/nested/mkimage.sh). The three
pinned kernels are covered: 7.2 and 6.12, whose KVM lets a VMM change ID
registers, and 6.1, whose KVM does not (it runs l1/suite-nomasks.sh). On an
arm64 host with /dev/kvm the same suite runs directly against the host's
KVM ("host").

--migration boots two L1 hosts instead, of different CPUs (our grace-v1
and graviton4-v1 models under TCG, Linux 7.2), linked by virtio-net over
L0's loopback, and runs l1/migrate.sh on both: the baseline of the two
hosts' dumps, then a running guest migrated with it (the happy path) and
the refusals (-cpu host, a model the destination cannot provide, with and
without enforce=on, another model), each leaving the source running.

The suite prints sections ("=== begin NAME" ... "=== end NAME rc=N"); the
checks below decide, on this side, whether the guest saw what QEMU reported.
As a CLI it runs the suite on one kernel and prints the results (--console
also prints everything L1 printed).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
import payload as pl  # noqa: E402
from treelib import (BUILD, TOP, fv, id_table,  # noqa: E402
                     load_model_generator)

NESTED = os.path.join(TOP, "harness", "nested")
KERNELS = ["7.2", "6.12", "6.1"]
# Kernels whose KVM cannot change ID registers: they run suite-nomasks.sh
NO_MASKS = {"6.1"}

# What each pinned harness kernel is known to offer (see NOTES.md). A change
# here is a change of kernel, and must be seen, not absorbed.
KERNEL_FACTS = {
    "7.2": {"kernel": "7.2.13+deb14-arm64", "writable_slots": 40,
            "cap_supported_reg_mask_ranges": 1, "cap_writable_imp_id_regs": 1},
    "6.12": {"kernel": "6.12.107+deb13-arm64", "writable_slots": 35,
             "cap_supported_reg_mask_ranges": 1, "cap_writable_imp_id_regs": 0},
    "6.1": {"kernel": "6.1.0-50-arm64", "writable_slots": 0,
            "cap_supported_reg_mask_ranges": 0, "cap_writable_imp_id_regs": 0},
}

SECTION_BEGIN = re.compile(r"^=== begin (\S+)$")
SECTION_END = re.compile(r"^=== end (\S+) rc=(\d+)$")


class NestedError(Exception):
    pass


def direct_mode():
    return os.uname().machine == "aarch64" and os.access("/dev/kvm", os.R_OK | os.W_OK)


def sections(console):
    """{name: (text, rc)} of the sections in CONSOLE."""
    out, cur, buf = {}, None, []
    for raw in console.splitlines():
        line = raw.rstrip("\r")
        m = SECTION_BEGIN.match(line)
        if m:
            cur, buf = m.group(1), []
            continue
        m = SECTION_END.match(line)
        if m and m.group(1) == cur:
            out[cur] = ("\n".join(buf) + "\n", int(m.group(2)))
            cur = None
            continue
        if cur is not None:
            buf.append(line)
    return out


# A suite that has not finished after this long has hung. The 7.2 suite
# took 333 s on one machine of this workplace and 1236 s on another
# (2026-12-03: the same tree, every L2 VM three times slower there); a
# timeout sized for the first failed CI on the second.
SUITE_TIMEOUT = 1500


_image = None
_image_lock = threading.Lock()


def l1_image():
    """The L1 image (mkimage.sh), built once per process: the L1 hosts
    that share it can boot at once (mkimage.sh rebuilds it in place)."""
    global _image
    with _image_lock:
        if _image is None:
            img = subprocess.run(["bash", os.path.join(NESTED, "mkimage.sh")],
                                 text=True, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            if img.returncode != 0:
                raise NestedError("building the L1 image failed:\n" + img.stderr)
            _image = img.stdout.strip().splitlines()[-1]
        return _image


def run_suite(kernel, timeout=SUITE_TIMEOUT, script=None, cpu=None):
    """Run the L1 suite (or l1/SCRIPT) on KERNEL ("host" for direct mode),
    L1's CPU being CPU (L0's -cpu) or boot-l1.sh's default; return the
    console and the seconds it took."""
    t0 = time.monotonic()
    if kernel == "host":
        env = dict(os.environ,
                   QEMU=os.path.join(BUILD, "native", "qemu-system-aarch64"),
                   PAYLOAD=pl.DEFAULT_PAYLOAD,
                   KVMPROBE=os.path.join(BUILD, "nested", "kvmprobe"),
                   SHIM=os.path.join(BUILD, "nested", "idreg-count.so"),
                   QTESTS=os.path.join(BUILD, "native", "tests", "qtest"))
        subprocess.run(["bash", os.path.join(NESTED, "build-kvmprobe.sh")],
                       check=True, stdout=subprocess.DEVNULL)
        p = subprocess.run(["sh", os.path.join(NESTED, "l1", script or "suite.sh")],
                           env=env, text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return p.stdout, time.monotonic() - t0
    image = l1_image()
    suite = "/l1/suite-nomasks.sh" if kernel in NO_MASKS else "/l1/suite.sh"
    if script:
        suite = "/l1/" + script
    p = subprocess.run(["bash", os.path.join(NESTED, "boot-l1.sh"), "--kernel", kernel,
                        "--initrd", image, "--timeout", str(timeout)] +
                       (["--cpu", cpu] if cpu else []) + [suite],
                       text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    console = p.stdout
    if "nested: exit=" not in console:
        raise NestedError("L1 on kernel %s did not finish its suite (boot-l1.sh "
                          "exit %d):\n%s\n%s" % (kernel, p.returncode,
                                                 p.stderr[-2000:], console[-4000:]))
    return console, time.monotonic() - t0


SVE_VL_RE = re.compile(r"^idregs-payload: sve-vl=(\d+)\r?$", re.M)


def sve_vl(serial):
    """The largest SVE vector length in bits that the payload's guest
    found (RDVL), or None without SVE."""
    m = SVE_VL_RE.search(serial)
    return int(m.group(1)) if m else None


def probe_values(text):
    """kvmprobe's "kvmprobe: key=value" lines as a dict of strings."""
    kv = {}
    for line in text.splitlines():
        if line.startswith("kvmprobe: ") and "=" in line:
            k, _, v = line[len("kvmprobe: "):].partition("=")
            kv[k] = v
    return kv


def qmp_returns(text):
    """The "return" members of the QMP replies, in order (events skipped)."""
    rets = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        msg = json.loads(line)
        if "QMP" in msg or "event" in msg:
            continue
        if "error" in msg:
            rets.append(("error", msg["error"]))
        else:
            rets.append(("return", msg.get("return")))
    return rets


# Registers the payload reads that legitimately differ from a bare vCPU:
# MPIDR_EL1 is per vCPU, and what the interrupt controller decides (the
# GIC fields, DECIDED_BY roles of the table) reads 0 until a vGIC is
# created, which kvmprobe does not do and the virt machine does.
def _payload_vs_probe_ignore():
    ignore = {"MPIDR_EL1": ~0}
    for (reg, field), role in id_table().fields_with("DECIDED_BY").items():
        if role.arg == "gic":
            ignore[reg] = ignore.get(reg, 0) | \
                id_table().fields[(reg, field)].mask
    return ignore


PAYLOAD_VS_PROBE_IGNORE = _payload_vs_probe_ignore()


# The qom-gets of suite.sh's host-ids VM, in order: the property, and the
# register or REG.FIELD it reads ("midr" is the whole register)
HOST_ID_PROPS = [
    ("midr", "MIDR_EL1"),
    ("SYSREG_MIDR_EL1_PartNum", "MIDR_EL1.PartNum"),
    ("SYSREG_REVIDR_EL1_IMPDEF", "REVIDR_EL1.IMPDEF"),
    ("SYSREG_AIDR_EL1_IMPDEF", "AIDR_EL1.IMPDEF"),
    ("SYSREG_CTR_EL0_DminLine", "CTR_EL0.DminLine"),
    ("SYSREG_CTR_EL0_IminLine", "CTR_EL0.IminLine"),
    ("SYSREG_CTR_EL0_DIC", "CTR_EL0.DIC"),
    ("SYSREG_ID_AA64ISAR0_EL1_AES", "ID_AA64ISAR0_EL1.AES"),
]


# What each concrete model cannot get from the L1 host (QEMU's "max" CPU
# under TCG, seen through the kernel's KVM) on a harness kernel: the
# fields "check" drops with a warning and enforce=on refuses for. They are
# derived (harness/oracle.py) from the model's values and what the kernel
# reported when it was recorded (tests/data/arm-cpu-models/kvm-<kernel>.txt:
# the host's values and writable masks), under the fields' safe-value
# rules and the roles that say what KVM refuses, rewrites, lowers or keeps
# at the host's value: a new model needs no list here. A blocker that
# appears or goes away is a change of QEMU, of a model or of the kernel
# (then record the kernel again), to be looked at. On the harness kernels
# they are, for instance: the stage-2 granules (TGRAN*_2), the
# pointer-authentication algorithm (the host's is IMPLEMENTATION DEFINED,
# the models' architected), trace, AArch32 AMU and RAS of the V1 family,
# and on 6.12 MIDR (no KVM_CAP_ARM_WRITABLE_IMP_ID_REGS).
def expected_kvm_blockers(table, want, kernel):
    """{"REG.FIELD"} KVM cannot give WANT on KERNEL, or None when no
    record of that kernel exists."""
    path = os.path.join(TOP, "tests", "data", "arm-cpu-models",
                        "kvm-%s.txt" % kernel)
    if not os.path.exists(path):
        return None
    got = oracle.kvm_blockers(table, want, oracle.parse_kvm_record(path))
    return None if got is None else {"%s.%s" % k for k in got}


TRACE_WRITE_RE = re.compile(r"kvm_arm_idreg_write cpu (\d+) (\w+) "
                            r"0x([0-9a-f]+) -> 0x([0-9a-f]+)")


def qom_props(reply):
    """{name: value} of qom-list-get's reply for one object."""
    return {p["name"]: p.get("value") for p in reply[0]["properties"]}


def sysreg_prop_diffs(table, guest, props):
    """Every SYSREG_<REG>_<FIELD> property against the guest's register.

    Returns (differences, number of fields compared)."""
    bad, compared = [], 0
    for reg in table.regs:
        if reg not in guest.regs:
            continue
        for fl in table.reg_fields[reg]:
            name = "SYSREG_%s_%s" % (reg, fl.name)
            if name not in props:
                continue
            compared += 1
            if props[name] != fl.get(guest.value(reg)):
                bad.append("%s: QOM 0x%x, guest 0x%x" % (
                    name, props[name], fl.get(guest.value(reg))))
    return bad, compared


def check_suite(kernel, console):
    """Yield (test name, ok, detail) for the suite's output on KERNEL."""
    secs = sections(console)

    def sec(name):
        if name not in secs:
            raise NestedError("section %s missing from the L1 output" % name)
        return secs[name]

    def guarded(name, fn):
        try:
            ok, detail = fn()
        except Exception as e:  # a check that crashes has failed
            ok, detail = False, "%s: %s" % (type(e).__name__, e)
        return name, ok, detail

    def kvm_facts():
        text, rc = sec("kvmprobe")
        kv = probe_values(text)
        if rc != 0:
            return False, "kvmprobe failed:\n" + text
        want = KERNEL_FACTS.get(kernel)
        if want is None:
            return True, "host: %s writable slots" % kv.get("writable_slots")
        bad = ["%s=%s (expected %s)" % (k, kv.get(k), v) for k, v in want.items()
               if str(kv.get(k)) != str(v)]
        return not bad, "; ".join(bad) or "as expected"

    def host_payload_matches_probe():
        probe = probe_values(sec("kvmprobe")[0])
        text, rc = sec("host.serial")
        if sec("host.stderr")[1] != 0:
            return False, "QEMU failed: " + sec("host.stderr")[0]
        guest = pl.parse(text)
        diffs, compared = [], 0
        for name, (_, val) in guest.regs.items():
            key = "value." + name
            if key not in probe:
                continue
            ignore = PAYLOAD_VS_PROBE_IGNORE.get(name, 0)
            want = int(probe[key], 16)
            compared += 1
            if (val & ~ignore) != (want & ~ignore):
                diffs.append("%s guest 0x%016x probe 0x%016x" % (name, val, want))
        if compared < 40:
            return False, "only %d registers compared" % compared
        return not diffs, "; ".join(diffs) or "%d registers equal" % compared

    def expansion_matches_guest(vm):
        """QMP's expansion of the VM's CPU against the guest's registers."""
        if sec(vm + ".stderr")[1] != 0:
            return False, "QEMU failed: " + sec(vm + ".stderr")[0]
        guest = pl.parse(sec(vm + ".serial")[0])
        rets = qmp_returns(sec(vm + ".qmp")[0])
        # replies: qmp_capabilities, query-cpu-model-expansion, cont
        if len(rets) < 3 or rets[1][0] != "return":
            return False, "unexpected QMP replies: %r" % (rets,)
        props = rets[1][1]["model"]["props"]
        def g(name):
            return fv(guest.value(name.split(".")[0]), name)

        # PMUVer 0xf: an IMPLEMENTATION DEFINED PMU, no PMUv3
        seen = {
            "aarch64": g("ID_AA64PFR0_EL1.EL1") != 0,
            "sve": g("ID_AA64PFR0_EL1.SVE") != 0,
            "pmu": g("ID_AA64DFR0_EL1.PMUVer") not in (0, 0xF),
            "pauth": any(g("%s.%s" % k) for k in
                         id_table().fields_with("PAUTH")),
        }
        bad = ["%s: QMP %s, guest %s" % (k, props.get(k), v)
               for k, v in seen.items() if props.get(k) is not v]
        return not bad, "; ".join(bad) or ", ".join(
            "%s=%s" % (k, v) for k, v in sorted(seen.items()))

    def features_off_visible():
        on = pl.parse(sec("host.serial")[0])
        off = pl.parse(sec("host-off.serial")[0])
        if on.value("ID_AA64ZFR0_EL1") == 0 and \
                fv(on.value("ID_AA64PFR0_EL1"), "ID_AA64PFR0_EL1.SVE") == 0:
            return False, "the host offers no SVE: the test proves nothing here"
        ok = (fv(off.value("ID_AA64PFR0_EL1"), "ID_AA64PFR0_EL1.SVE") == 0 and
              off.value("ID_AA64ZFR0_EL1") == 0 and
              fv(off.value("ID_AA64DFR0_EL1"), "ID_AA64DFR0_EL1.PMUVer") == 0)
        return ok, "sve=off,pmu=off: PFR0 0x%x ZFR0 0x%x DFR0 0x%x" % (
            off.value("ID_AA64PFR0_EL1"), off.value("ID_AA64ZFR0_EL1"),
            off.value("ID_AA64DFR0_EL1"))

    def host_ids_match_guest():
        """QOM's values of -cpu host's ID registers equal the guest's."""
        if sec("host-ids.stderr")[1] != 0:
            return False, "QEMU failed: " + sec("host-ids.stderr")[0]
        guest = pl.parse(sec("host-ids.serial")[0])
        rets = qmp_returns(sec("host-ids.qmp")[0])
        # qmp_capabilities, the expansion, the qom-gets of suite.sh, cont
        props = [p for p in HOST_ID_PROPS]
        if len(rets) != 3 + len(props) or any(r[0] != "return" for r in rets):
            return False, "unexpected QMP replies: %r" % (rets,)
        expansion = rets[1][1]["model"]["props"]
        bad, seen = [], []
        for (prop, name), (_, got) in zip(props, rets[2:-1]):
            reg = name.split(".")[0]
            want = fv(guest.value(reg), name) if "." in name else \
                guest.value(reg)
            seen.append("%s=0x%x" % (prop, got))
            if got != want:
                bad.append("%s: QOM 0x%x, guest 0x%x" % (prop, got, want))
        # the expansion lists the field properties under KVM too
        aes = fv(guest.value("ID_AA64ISAR0_EL1"), "ID_AA64ISAR0_EL1.AES")
        if expansion.get("feat_AES") != ["off", "aes", "pmull"][aes]:
            bad.append("expansion feat_AES %r, guest AES %d" % (
                expansion.get("feat_AES"), aes))
        return not bad, "; ".join(bad) or ", ".join(seen)

    def model_under_kvm():
        """grace-v1,feat_SHA1=off: the guest sees what QMP reports."""
        probe = probe_values(sec("kvmprobe")[0])
        imp = probe.get("imp_id_regs_enabled") == "1"
        err, rc = sec("model-grace.stderr")
        if rc != 0:
            return False, "QEMU failed:\n" + err
        guest = pl.parse(sec("model-grace.serial")[0])
        rets = qmp_returns(sec("model-grace.qmp")[0])
        if len(rets) != 4 or any(r[0] != "return" for r in rets):
            return False, "unexpected QMP replies: %r" % (rets,)
        props, midr = rets[1][1]["model"]["props"], rets[2][1]
        isar0 = guest.value("ID_AA64ISAR0_EL1")
        bad = []
        # Grace: MIDR 0x410fd4f0 where KVM can set it, else the host's
        want_midr = 0x410FD4F0 if imp else int(probe["value.MIDR_EL1"], 16)
        if guest.value("MIDR_EL1") != want_midr or midr != want_midr:
            bad.append("MIDR guest 0x%x QOM 0x%x expected 0x%x" % (
                guest.value("MIDR_EL1"), midr, want_midr))
        # ID_AA64ISAR0_EL1 SHA1 [11:8], AES [7:4], SHA2 [15:12]
        for prop, names in (("feat_SHA1", ["off", "on"]),
                            ("feat_AES", ["off", "aes", "pmull"]),
                            ("feat_SHA2", ["off", "sha256", "sha512"])):
            g = fv(isar0, "ID_AA64ISAR0_EL1." + prop[len("feat_"):])
            if g >= len(names) or props.get(prop) != names[g]:
                bad.append("%s QMP %r guest %d" % (prop, props.get(prop), g))
        if fv(isar0, "ID_AA64ISAR0_EL1.SHA1") != 0:
            bad.append("guest SHA1 %d, asked off" %
                       fv(isar0, "ID_AA64ISAR0_EL1.SHA1"))
        if "warning: KVM cannot provide" not in err:
            bad.append("no warning for what this host lacks:\n" + err)
        # -smp 2: the writes (one trace line each) come from vCPU 0 only,
        # one per register that differs from a fresh vCPU of this host,
        # from the host's value to the guest's
        writes = TRACE_WRITE_RE.findall(err)
        cpus = sorted({w[0] for w in writes})
        if cpus != ["0"]:
            bad.append("ID registers written by vCPUs %s, expected 0 only" %
                       (cpus,))
        written = {}
        for _, reg, old, new in writes:
            if reg in written:
                bad.append("%s written twice" % reg)
            written[reg] = (int(old, 16), int(new, 16))
        differ = set()
        for reg, (_, val) in guest.regs.items():
            if "value." + reg not in probe:
                continue
            ign = ~PAYLOAD_VS_PROBE_IGNORE.get(reg, 0)
            host = int(probe["value." + reg], 16)
            if val & ign != host & ign:
                differ.add(reg)
            if reg in written and (written[reg][0] & ign != host & ign or
                                   written[reg][1] & ign != val & ign):
                bad.append("%s written 0x%x -> 0x%x; host 0x%x, guest 0x%x" %
                           (reg, written[reg][0], written[reg][1], host, val))
        if set(written) != differ:
            bad.append("registers written: %s; registers that differ from "
                       "the host: %s" % (" ".join(sorted(written)),
                                         " ".join(sorted(differ))))
        enf_err, enf_rc = sec("model-grace-enforce.stderr")
        if enf_rc == 0 or ("CPU model 'grace-v1' needs what KVM cannot "
                           "provide (enforce=on)") not in enf_err:
            bad.append("enforce=on: rc=%d\n%s" % (enf_rc, enf_err))
        return not bad, "\n".join(bad) or (
            "grace-v1 MIDR 0x%x ISAR0 0x%x; -smp 2: vCPU 0 wrote %d registers "
            "(%s), vCPU 1 none" % (want_midr, isar0, len(written),
                                   " ".join(sorted(written))))

    def idregs_frozen_after_run():
        """KVM's rule the write-back is ordered by, on this kernel."""
        kv = probe_values(sec("kvmprobe")[0])
        want = {"ebusy.change_before_run": "ok",
                "ebusy.restore_before_run": "ok", "ebusy.run_exit": "mmio",
                "ebusy.same_after_run": "ok", "ebusy.change_after_run": "EBUSY"}
        bad = ["%s=%s (expected %s)" % (k, kv.get(k), v)
               for k, v in want.items() if kv.get(k) != v]
        return not bad, "; ".join(bad) or (
            "%s: changes before the first KVM_RUN, EBUSY after, the same "
            "value still accepted" % kv.get("ebusy.field"))

    gen = load_model_generator()
    table = gen.Table()
    order, models, _ = gen.load_models(table)
    concrete = sorted(m.name for m in order if not m.abstract)
    prop_fields = {}

    def host_props_match_guest():
        """-cpu host with a property: every field QOM reports is the guest's."""
        vm = "host-aes-pmull"
        if sec(vm + ".stderr")[1] != 0:
            return False, "QEMU failed: " + sec(vm + ".stderr")[0]
        guest = pl.parse(sec(vm + ".serial")[0])
        rets = qmp_returns(sec(vm + ".qmp")[0])
        # qmp_capabilities, qom-list-get, qom-list-properties, cont
        if len(rets) != 4 or any(r[0] != "return" for r in rets):
            return False, "unexpected QMP replies: %r" % (rets,)
        for p in rets[2][1]:
            fields = re.findall(r"(\w+)\.(\w+) \[\d+:\d+\]",
                                p.get("description") or "")
            if fields:
                prop_fields[p["name"]] = set(fields)
        bad, n = sysreg_prop_diffs(table, guest, qom_props(rets[1][1]))
        if n < 400 or len(prop_fields) < 2 * n:
            bad.append("only %d fields compared, %d field properties" % (
                n, len(prop_fields)))
        return not bad, "\n".join(bad) or (
            "%d fields of %d registers equal" % (n, len(guest.regs)))

    def model_commands_under_kvm():
        """Comparison, baseline, static and full expansion answer under KVM
        as the definitions and this host's KVM say."""
        rets = qmp_returns(sec("model-qmp.qmp")[0])
        # qmp_capabilities, the five commands of suite.sh, cont
        if len(rets) != 7:
            return False, "unexpected QMP replies: %r" % (rets,)
        same, grace, base, static, full = [r for r in rets[1:6]]
        bad = []
        if same != ("return", {"result": "identical",
                               "responsible-properties": []}):
            bad.append("host against host: %r" % (same,))
        # the L1 host's pointer authentication is IMPLEMENTATION DEFINED,
        # Grace's QARMA5: neither runs where the other does
        if grace[0] != "return" or grace[1]["result"] != "incompatible" or \
                "feat_APA" not in grace[1]["responsible-properties"]:
            bad.append("grace-v1 against host: %r" % (grace,))
        # definitions do not depend on the accelerator: as under TCG
        # (altra-v2 is altra-v1 with graviton2-v1's AArch32 RAS)
        want = {"model": {"name": "altra-v2", "props": {"feat_EVT": "off"}}}
        if base != ("return", want):
            bad.append("baseline of altra-v1 and graviton2-v1: %r" % (base,))
        # enforce is on by default under KVM: Grace is what -cpu grace-v1
        # gives here, refused (this host's pauth is not Grace's QARMA5)
        if static[0] != "error" or (
                "CPU model 'grace-v1' needs what KVM cannot provide "
                "(enforce=on, the default under KVM; enforce=off runs it "
                "with KVM's values instead): ") not in static[1]["desc"] or \
                " feat_APA=" not in static[1]["desc"]:
            bad.append("static expansion of grace-v1: %r" % (static,))
        if full[0] != "return" or \
                full[1]["model"]["props"].get("feat_SVE") != "off":
            bad.append("full expansion of neoverse-n1-v1: %r" % (full,))
        return not bad, "\n".join(bad) or (
            "host identical to host; grace-v1 incompatible (%s); baseline "
            "%s; static grace-v1: %s" % (
                ", ".join(grace[1]["responsible-properties"][:6]),
                base[1]["model"], static[1]["desc"]))

    def models_listed():
        listed = sorted(sec("models")[0].split())
        return listed == concrete, "-cpu help: %s; the model files: %s" % (
            " ".join(listed), " ".join(concrete))

    def model_blockers_as_recorded(name):
        """MODEL's blockers on this host, as arm-cpu-models-guest-test
        prints them (query-cpu-definitions' unavailable-features; the test
        checks that the model has its own values in every other field,
        and what its guest reads): the properties of the fields that the
        recorded kernel's writable masks say KVM cannot give the model."""
        text = sec("qtest.arm-cpu-models-guest-test")[0]
        m = re.search(r"^# kvm %s: blockers: (.*)$" % re.escape(name), text, re.M)
        if not m:
            return False, "arm-cpu-models-guest-test printed no blockers for %s" % name
        got = {p for p in m.group(1).split() if p != "none"}
        # the vector lengths are the test's own check
        got = {p for p in got if not re.match(r"sve\d+$", p)}
        want, _ = gen.resolve(table, models, models[name])
        fields = expected_kvm_blockers(table, want, kernel)
        if fields is None:
            return True, "blockers %s (no record of this kernel's masks)" % (
                " ".join(sorted(got)) or "none")
        named = {}
        for prop, pf in prop_fields.items():
            if not prop.startswith("SYSREG_"):
                for reg, field in pf:
                    named["%s.%s" % (reg, field)] = prop
        expected = {named.get(f, "type") for f in fields}
        return got == expected, "blockers %s%s" % (
            " ".join(sorted(got)) or "none",
            "" if got == expected else "; the recorded masks say %s" % (
                " ".join(sorted(expected)) or "none"))

    def qtest_arm_cpu_features():
        text, rc = sec("qtest.arm-cpu-features")
        oks = len(re.findall(r"^ok \d+", text, re.M))
        kvm = len(re.findall(r"^ok \d+ .*kvm", text, re.M | re.I))
        ok = rc == 0 and oks > 0 and kvm > 0 and "not ok" not in text
        return ok, "rc=%d, %d ok (%d kvm):\n%s" % (rc, oks, kvm, text[-3000:])

    def qtest_models_kvm():
        """arm-cpu-models-test's KVM cases (the cross build has no TCG):
        props-info's values taken and the others refused on -cpu host, a
        value written back and reported by QOM, the static expansion of
        -cpu host replayed as -cpu to the same registers (both skipped
        where KVM lets QEMU change nothing), every model realized or
        refused as query-cpu-definitions says."""
        text, rc = sec("qtest.arm-cpu-models-test")
        oks = re.findall(r"^ok \d+ (\S+)(.*)$", text, re.M)
        kvm = [p for p, _ in oks if "/cpu-models/kvm/" in p]
        skipped = [p for p, rest in oks if "SKIP" in rest]
        allowed = ([p for p in kvm if p.endswith("/host-prop-written") or
                    p.endswith("/static-replay")]
                   if kernel in NO_MASKS else [])
        ok = (rc == 0 and "not ok" not in text and len(kvm) == len(oks) == 5
              and skipped == allowed)
        msgs = re.findall(r"^# (\S+: .*)$", text, re.M)
        return ok, "rc=%d, %d KVM cases, skipped %s%s" % (
            rc, len(kvm), ", ".join(skipped) or "none",
            "\n" + "\n".join(msgs[-12:]) if ok else "\n" + text[-3000:])

    def qtest_guest_reads():
        """arm-cpu-models-guest-test: every property of -cpu host and of
        each model that KVM lets QEMU change takes another value, and the
        guest reads it; without writable masks every case skips."""
        text, rc = sec("qtest.arm-cpu-models-guest-test")
        oks = re.findall(r"^ok \d+ (\S+)(.*)$", text, re.M)
        ran = [p for p, rest in oks if "SKIP" not in rest]
        want = 0 if kernel in NO_MASKS else 1 + len(concrete)
        counts = re.findall(r"^# kvm (\S+): (\d+) values", text, re.M)
        ok = (rc == 0 and "not ok" not in text and len(ran) == want and
              len(oks) == 1 + len(concrete) and len(counts) == want)
        return ok, "rc=%d, %d of %d cases ran, values read by the guest: "\
            "%s%s" % (rc, len(ran), len(oks),
                      ", ".join("%s %s" % c for c in counts) or "none",
                      "" if ok else "\n" + text[-3000:])

    yield guarded("kvm-facts", kvm_facts)
    if kernel in NO_MASKS:
        yield guarded("host-payload-matches-probe", host_payload_matches_probe)
        yield guarded("host-expansion-matches-guest",
                      lambda: expansion_matches_guest("host"))
        yield guarded("host-off-expansion-matches-guest",
                      lambda: expansion_matches_guest("host-off"))
        yield guarded("models-listed", models_listed)
        yield guarded("qtest-arm-cpu-features", qtest_arm_cpu_features)
        yield guarded("qtest-models-kvm", qtest_models_kvm)
        yield guarded("qtest-guest-reads", qtest_guest_reads)
        return
    yield guarded("host-payload-matches-probe", host_payload_matches_probe)
    yield guarded("host-expansion-matches-guest",
                  lambda: expansion_matches_guest("host"))
    yield guarded("host-off-expansion-matches-guest",
                  lambda: expansion_matches_guest("host-off"))
    yield guarded("host-features-off-visible", features_off_visible)
    yield guarded("host-ids-match-guest", host_ids_match_guest)
    yield guarded("model-under-kvm", model_under_kvm)
    yield guarded("idregs-frozen-after-run", idregs_frozen_after_run)
    yield guarded("host-props-match-guest", host_props_match_guest)
    yield guarded("model-commands-under-kvm", model_commands_under_kvm)
    yield guarded("models-listed", models_listed)
    yield guarded("qtest-arm-cpu-features", qtest_arm_cpu_features)
    yield guarded("qtest-models-kvm", qtest_models_kvm)
    yield guarded("qtest-guest-reads", qtest_guest_reads)
    for name in concrete:
        yield guarded("model-%s" % name,
                      lambda name=name: model_blockers_as_recorded(name))


# ------------------------------------------------------------ migration

# The two L1 hosts of the migration test, source and destination: two
# parts of different silicon with the same core, NVIDIA Grace and AWS
# Graviton4 (Neoverse V2; each has what the other lacks: SM3/SM4 on Grace,
# the RNG on Graviton4, and their MIDR revisions and REVIDRs differ), as
# our models make them under TCG, without pointer authentication (QEMU's
# QARMA5 would make L1 boot in minutes, and the cheap algorithm is no
# part's). Hosts of different cores share no CPU under KVM 7.2: a V1 or
# V2 shows its guests FWB, IDS, EVT and NV, which KVM does not let a VMM
# hide, an N1 cannot show them; a host without AArch32 (V2) has
# ID_DFR0_EL1.CopDbg 0, which KVM refuses to set. The unit test
# /arm-cpu-models/kvm-pools works this out for every pair of models.
MIG_HOSTS = ("grace-v1", "graviton4-v1")
# their L0 -cpu options, which migrate.sh gets as CPU_A and CPU_B
MIG_L1_CPUS = ("grace-v1,pauth=off", "graviton4-v1,pauth=off")
MIG_KERNEL = "7.2"
PASS_RE = re.compile(r"^idregs-payload: begin el=\d pass=(\d+)$")


def free_port():
    import socket
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def run_migration(timeout=900):
    """Boot the two L1 hosts, linked by a virtio-net link over L0's
    loopback (a socket netdev on 127.0.0.1), the destination first; run
    l1/migrate.sh on both. Returns (source console, destination console,
    seconds)."""
    t0 = time.monotonic()
    image = l1_image()
    port = free_port()
    a, b = MIG_L1_CPUS

    def boot(side, cpu, net):
        return subprocess.Popen(
            ["bash", os.path.join(NESTED, "boot-l1.sh"), "--kernel", MIG_KERNEL,
             "--initrd", image, "--timeout", str(timeout),
             "--cpu", cpu, "--net", net,
             "/l1/migrate.sh %s %s %s" % (side, a, b)],
            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    dst = boot("dst", MIG_L1_CPUS[1], "socket,listen=127.0.0.1:%d" % port)
    time.sleep(3)               # its L0 QEMU listens before the source connects
    src = boot("src", MIG_L1_CPUS[0], "socket,connect=127.0.0.1:%d" % port)
    src_out, src_err = src.communicate()
    dst_out, dst_err = dst.communicate()
    os.makedirs(os.path.join(BUILD, "logs"), exist_ok=True)
    for side, out, err in (("src", src_out, src_err), ("dst", dst_out, dst_err)):
        with open(os.path.join(BUILD, "logs", "nested-migration-%s.log" % side),
                  "w") as f:
            f.write(out + "\n--- stderr\n" + err)
    for name, out, err, p in (("source", src_out, src_err, src),
                              ("destination", dst_out, dst_err, dst)):
        if "nested: exit=" not in out:
            raise NestedError("the %s host did not finish (boot-l1.sh exit %d; "
                              "consoles in build/logs/nested-migration-*.log):"
                              "\n%s\n%s" % (name, p.returncode, err[-2000:],
                                             out[-4000:]))
    return src_out, dst_out, time.monotonic() - t0


def payload_passes(serial):
    """[(pass, {register: value})] of the looping payload's complete passes.
    The pass a migration cuts (its lines split between the two hosts'
    serials, maybe in the middle of a line) is on neither list."""
    out, cur, regs = [], None, {}
    for raw in serial.splitlines():
        line = raw.rstrip("\r")
        m = PASS_RE.match(line)
        if m:
            cur, regs = int(m.group(1)), {}
            continue
        if cur is None:
            continue
        m = pl.REG_RE.match(line)
        if m:
            regs[m.group(1)] = int(m.group(3), 16)
            continue
        m = pl.END_RE.match(line)
        if m and int(m.group(1)) == len(regs):
            out.append((cur, regs))
        cur = None      # its end, or a line cut short: the pass is over
    return out


def check_migration(src, dst):
    """(name, ok, detail) for each thing the migration test must show."""
    ssec, dsec = sections(src), sections(dst)

    def mig(console, case, side, key):
        m = re.search(r"^mig: %s %s %s=(\S*)" % (case, side, key), console, re.M)
        return m.group(1) if m else None

    def running(sec, name):
        text = sec.get(name, ("", 0))[0]
        replies = [ln for ln in text.splitlines() if '"running"' in ln]
        return bool(replies) and '"running": true' in replies[-1]

    def stopped(sec, name):     # did the VM stop (a STOP event) at all?
        return '"event": "STOP"' in sec.get(name, ("", 0))[0]

    def error_desc(sec, name):
        text = sec.get(name, ("", 0))[0]
        found = re.findall(r'"error-desc": "((?:[^"\\]|\\.)*)"', text)
        return found[-1] if found else ""

    base_s = ssec.get("baseline", ("", 0))[0].strip()
    base_d = dsec.get("baseline", ("", 0))[0].strip()
    yield ("baseline", bool(base_s) and base_s == base_d and
           base_s.split(",")[0].endswith("-v1"),
           "source %r, destination %r" % (base_s[:200], base_d[:200]))

    # the baseline runs as defined on both hosts: no value dropped
    warn = [(side, ln) for side, sec in (("source", ssec), ("destination", dsec))
            for ln in sec.get("happy.%s.stderr" % side[:3], ("", 0))[0]
            .splitlines() if "cannot provide" in ln]
    yield ("happy-exact", not warn and "happy.src.stderr" in ssec and
           "happy.dst.stderr" in dsec,
           "; ".join("%s: %s" % w for w in warn) or "no warning on either host")

    # happy path: completed, the guest runs on, reading the same registers
    st = (mig(src, "happy", "src", "state"), mig(dst, "happy", "dst", "state"))
    yield ("happy-completed", st == ("completed", "completed") and
           stopped(ssec, "happy.src.qmp"),
           "source %s (stopped %s), destination %s" % (
               st[0], stopped(ssec, "happy.src.qmp"), st[1]))
    before = payload_passes(ssec.get("happy.src.serial", ("", 0))[0])
    after = payload_passes(dsec.get("happy.dst.serial", ("", 0))[0])
    ok, why = True, ""
    if not before or not after:
        ok, why = False, "passes: %d on the source, %d on the destination" % (
            len(before), len(after))
    else:
        last_n, last = before[-1]
        first_n = after[0][0]
        diffs = sorted({r for _, regs in after for r in regs
                        if regs.get(r) != last.get(r) and r != "MPIDR_EL1"})
        if first_n <= last_n:
            ok, why = False, ("the destination's first pass is %d, the source's "
                              "last %d: the guest restarted" % (first_n, last_n))
        elif diffs:
            ok, why = False, "registers that changed: %s" % ", ".join(diffs)
        else:
            why = ("source passes 0-%d, destination passes %d-%d, %d registers "
                   "identical (MIDR_EL1 0x%x)" % (last_n, first_n, after[-1][0],
                                                  len(last),
                                                  last.get("MIDR_EL1", 0)))
    yield ("happy-same-idregs", ok, why)

    # the refusals: the source goes on running, the destination says why
    want = {
        "host": "this CPU (host) differs from the source's (host) in ",
        # Grace has SM3 and SM4, Graviton4 not
        "cannot": "this CPU (%s) differs from the source's (%s) in 3 "
                  "ID-register fields: ID_AA64ZFR0_EL1.SM4 (source 0x1, here "
                  "0x0), ID_AA64ISAR0_EL1.SM4 (source 0x1, here 0x0), "
                  "ID_AA64ISAR0_EL1.SM3 (source 0x1, here 0x0)"
                  % (MIG_HOSTS[0], MIG_HOSTS[0]),
        "model": "this CPU (%s) differs from the source's (" % MIG_HOSTS[1],
    }
    for case, text in want.items():
        err = error_desc(dsec, "%s.dst.qmp" % case)
        ok = (mig(src, case, "src", "state") == "failed" and
              running(ssec, "%s.src.qmp" % case) and
              not stopped(ssec, "%s.src.qmp" % case) and text in err and
              "The guest would see its CPU change" in err)
        yield ("%s-refused-source-runs" % case, ok,
               "source %s, running %s, stopped %s; destination: %s" % (
                   mig(src, case, "src", "state"),
                   running(ssec, "%s.src.qmp" % case),
                   stopped(ssec, "%s.src.qmp" % case), err[:400]))
    text, rc = dsec.get("enforce.dst.start", ("", 0))
    ok = (rc != 0 and "needs what KVM cannot provide (enforce=on)" in text and
          mig(src, "enforce", "src", "state") == "failed" and
          running(ssec, "enforce.src.qmp") and
          not stopped(ssec, "enforce.src.qmp"))
    yield ("enforce-refused-source-runs", ok,
           "destination exit %d: %s; source %s, running %s" % (
               rc, text.strip()[:400], mig(src, "enforce", "src", "state"),
               running(ssec, "enforce.src.qmp")))


# ------------------------------------------------------------ no SVE

# An L1 host without SVE, for l1/nosve.sh
NOSVE_HOST = "neoverse-n1-v1"


def run_l1_script(name, cpu):
    """l1/NAME.sh on an L1 whose CPU is CPU (L0's -cpu), Linux 7.2;
    (console, seconds). The console goes to build/logs/nested-NAME.log."""
    console, secs = run_suite("7.2", timeout=300, script=name + ".sh",
                              cpu=cpu)
    os.makedirs(os.path.join(BUILD, "logs"), exist_ok=True)
    with open(os.path.join(BUILD, "logs", "nested-%s.log" % name), "w") as f:
        f.write(console)
    return console, secs


def run_nosve():
    """l1/nosve.sh on an L1 without SVE; (console, seconds)."""
    return run_l1_script("nosve", NOSVE_HOST)


def check_nosve(console):
    """(name, ok, detail): a model with SVE on a host without it."""
    sec = sections(console)
    stderr, rc = sec.get("v1.stderr", ("", -1))
    serial = sec.get("v1.serial", ("", 0))[0]
    warn = ("KVM cannot provide feat_SVE=on of CPU model 'neoverse-v1-v1' "
            "(this host has no SVE): the guest has no SVE; enforce=on refuses "
            "instead")
    try:
        guest = pl.parse(serial)
        pfr0 = guest.value("ID_AA64PFR0_EL1")
        zfr0 = guest.value("ID_AA64ZFR0_EL1")
    except (pl.PayloadError, KeyError):
        pfr0 = zfr0 = None
    ok = (rc == 0 and warn in stderr and pfr0 is not None and
          (pfr0 >> 32) & 0xf == 0 and zfr0 == 0)
    yield ("nosve-model-warns-no-sve", ok,
           "exit %s; ID_AA64PFR0_EL1 %s, ID_AA64ZFR0_EL1 %s; stderr: %s" % (
               rc, "missing" if pfr0 is None else hex(pfr0),
               "missing" if zfr0 is None else hex(zfr0),
               stderr.strip()[:300]))
    text, rc = sec.get("v1.enforce", ("", 0))
    # SVE first, then the fields, as for any model
    yield ("nosve-enforce-refuses",
           rc == 1 and "CPU model 'neoverse-v1-v1' needs what KVM cannot "
           "provide (enforce=on): feat_SVE=on (KVM has off, cannot change it), "
           in text and "feat_FWB=on (KVM has off, cannot change it)" in text,
           "exit %d: %s" % (rc, text.strip()[:300]))
    text, rc = sec.get("baseline", ("", 0))
    yield ("nosve-baseline-answers", rc == 0 and '{"return": {"model": ' in text,
           text.strip()[-300:])


# ------------------------------------------------------------ vector lengths

# An L1 host whose SVE has only 128-bit vectors (Neoverse V2's), for
# l1/vls.sh; without pointer authentication, which would make it boot
# too slowly (as the migration hosts)
VLS_HOST = "neoverse-v2-v1,pauth=off"


def run_vls():
    """l1/vls.sh on an L1 with 128-bit SVE only; (console, seconds)."""
    return run_l1_script("vls", VLS_HOST)


def check_vls(console):
    """(name, ok, detail): a model's SVE vector lengths on a host whose
    largest is smaller than the model's."""
    sec = sections(console)
    host_vl = sve_vl(sec.get("host.serial", ("", 0))[0])
    rets = qmp_returns(sec.get("host.qmp", ("", 0))[0])
    defs = {d["name"]: d for r in rets if r[0] == "return" and
            isinstance(r[1], list) for d in r[1]}
    v1u = defs.get("neoverse-v1-v1", {}).get("unavailable-features")
    v2u = defs.get("neoverse-v2-v1", {}).get("unavailable-features")
    yield ("vls-host-128", host_vl == 128,
           "the L1 host's largest SVE vector length: %s" % host_vl)
    yield ("vls-definitions",
           v1u is not None and "sve256" in v1u and v2u is not None and
           not [f for f in v2u if f.startswith("sve")],
           "neoverse-v1-v1: %s; neoverse-v2-v1: %s" % (v1u, v2u))
    text, rc = sec.get("v1.default", ("", 0))
    yield ("vls-refused-by-default",
           rc == 1 and "CPU model 'neoverse-v1-v1' needs what KVM cannot "
           "provide (enforce=on, the default under KVM; enforce=off runs it "
           "with KVM's values instead): " in text and
           "sve256=on (the vector lengths KVM gives this model here are "
           "sve128)" in text,
           "exit %d: %s" % (rc, text.strip()[:600]))
    for vm, model, warns in (("v1", "neoverse-v1-v1", True),
                             ("v2", "neoverse-v2-v1", False)):
        err, rc = sec.get(vm + ".stderr", ("", -1))
        rets = qmp_returns(sec.get(vm + ".qmp", ("", 0))[0])
        vl = sve_vl(sec.get(vm + ".serial", ("", 0))[0])
        warning = ("KVM cannot provide sve256=on of CPU model '%s' (SVE "
                   "vector lengths: KVM gives the host's up to the largest): "
                   "the guest has sve128; enforce=on refuses instead" % model)
        qom = [r[1] for r in rets[1:3]] if len(rets) >= 3 else None
        ok = (rc == 0 and vl == 128 and qom == [True, False] and
              (warning in err) == warns and
              ("SVE vector lengths" in err) == warns)
        yield ("vls-%s-enforce-off" % model, ok,
               "exit %s; guest's vector length %s; QOM sve128, sve256: %s; "
               "stderr: %s" % (rc, vl, qom, err.strip()[:400]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", default="host" if direct_mode() else "7.2",
                    choices=KERNELS + ["host"])
    ap.add_argument("--console", action="store_true")
    ap.add_argument("--migration", action="store_true",
                    help="the two-host migration test instead of the suite")
    args = ap.parse_args()
    if args.migration:
        try:
            src, dst, secs = run_migration()
        except (NestedError, subprocess.SubprocessError) as e:
            print("nested: error: %s" % e, file=sys.stderr)
            return 1
        if args.console:
            print("=== source\n%s\n=== destination\n%s" % (src, dst))
        failed = 0
        for name, ok, detail in check_migration(src, dst):
            print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail))
            failed += not ok
        print("migration test took %.1f s" % secs)
        return 1 if failed else 0
    try:
        console, secs = run_suite(args.kernel)
    except (NestedError, subprocess.SubprocessError) as e:
        print("nested: error: %s" % e, file=sys.stderr)
        return 1
    if args.console:
        print(console)
    failed = 0
    for name, ok, detail in check_suite(args.kernel, console):
        print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail.splitlines()[0]
                             if detail else ""))
        failed += not ok
    print("suite on %s took %.1f s" % (args.kernel, secs))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
