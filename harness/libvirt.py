#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A real libvirt driving the built QEMU's named CPU models (under TCG).

usage: libvirt.py [--keep DIR]

libvirt as a Debian 12 user gets it with a QEMU 10.x (11.3.0 from
bookworm-backports, which harness/deps.sh installs), unmodified: its daemon
(libvirtd) runs as root, without systemd and without a security driver,
with this project's configuration files (harness/libvirt/), not the
system's: in a private mount namespace (unshare), libvirt's directories
(/etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt,
/var/log/libvirt) are a temporary directory's. The test starts the daemon,
asks it what an unmodified management layer asks, and stops it:

- domcapabilities: every named model of QEMU's query-cpu-definitions is
  listed under custom mode, usable='yes' exactly when QEMU lists no
  unavailable feature, with those features as its blockers;
- each released model (target/arm/models/RELEASED) starts as a transient
  domain with the ID-register payload as its kernel; libvirt passes it to
  QEMU as -cpu MODEL, and the guest reads what the same -cpu gives when
  QEMU is started directly;
- pauth and SVE vector lengths, the Arm features libvirt knows, reach
  QEMU and the guest (pauth=off, sve256=off on a Neoverse V1);
- a model QEMU reports unusable (usable='no') starts under TCG with
  warnings: TCG keeps its default (enforce=off; under KVM the same model
  would be refused by default).

Prints one "PASS|FAIL|SKIP name: detail" line per check; the exit status
is 1 when a check failed. harness/check.py's "libvirt" group runs it.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import payload as pl  # noqa: E402

TOP = pl.TOP
QEMU = pl.DEFAULT_QEMU
# The payload that prints the registers every second and never powers
# off: a guest that powered off as soon as it printed could do so before
# libvirt read QEMU's answer to its "cont", and libvirt then destroys the
# domain on the SHUTDOWN event and fails the start ("QEMU unexpectedly
# closed the monitor"; 2 starts in 20 on a loaded machine, and once three
# in a row). The domain is destroyed once the first pass is printed.
PAYLOAD = pl.DEFAULT_PAYLOAD_LOOP
# the first pass's end line and the line after it (the SVE vector length,
# or the next pass's begin a second later), written out to their newlines
FIRST_PASS_END = re.compile(pl.END_RE.pattern.rstrip("$") + r"\r?\n[^\n]*\n", re.M)
CONF = os.path.join(TOP, "harness", "libvirt")
RELEASED = os.path.join(TOP, "target", "arm", "models", "RELEASED")
# libvirt's directories, each replaced by one of the temporary directory's
DIRS = ["/etc/libvirt", "/run/libvirt", "/var/lib/libvirt",
        "/var/cache/libvirt", "/var/log/libvirt"]
VIRSH = ["virsh", "-c", "qemu:///system"]
# the ID registers a guest reads differently from run to run or per vCPU
VOLATILE = {"MPIDR_EL1"}
WANT_LIBVIRT = (11, 3)


def released():
    with open(RELEASED) as f:
        return [ln.split()[0] for ln in f
                if ln.strip() and not ln.startswith("#")]


def virsh(*args, timeout=120, check=True):
    p = subprocess.run(VIRSH + list(args), text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError("virsh %s: %s" % (" ".join(args), p.stderr.strip()))
    return p


def domain_xml(name, model, serial, features=()):
    feats = "".join("<feature policy='%s' name='%s'/>" % f for f in features)
    return """<domain type='qemu'>
  <name>%s</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='aarch64' machine='virt'>hvm</type><kernel>%s</kernel></os>
  <cpu mode='custom' match='exact' check='none'>
    <model fallback='forbid'>%s</model>%s
  </cpu>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>%s</emulator>
    <serial type='file'><source path='%s'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>
""" % (name, PAYLOAD, model, feats, QEMU, serial)


def run_domain(tmp, name, model, features=()):
    """Start a transient domain; wait for the payload's first pass, then
    destroy it. Returns (the guest's PayloadResult or None, serial text,
    libvirt's QEMU log text)."""
    serial = os.path.join(tmp, name + ".serial")
    xml = os.path.join(tmp, name + ".xml")
    with open(xml, "w") as f:
        f.write(domain_xml(name, model, serial, features))
    logpath = os.path.join("/var/log/libvirt/qemu", name + ".log")
    p = virsh("create", xml, check=False)
    text = log = ""
    if p.returncode == 0:
        for _ in range(600):
            if os.path.exists(serial):
                with open(serial, errors="replace") as f:
                    text = f.read()
                if FIRST_PASS_END.search(text) or \
                        virsh("domstate", name, check=False).returncode != 0:
                    break
            time.sleep(0.1)
        virsh("destroy", name, check=False)
    if os.path.exists(logpath):
        with open(logpath, errors="replace") as f:
            log = f.read()
    if p.returncode != 0:
        # virsh's error last: what the caller shows is the log's end
        return None, "", "%s\nvirsh create failed: %s" % (log, p.stderr.strip())
    try:
        return pl.parse(text), text, log
    except pl.PayloadError:
        return None, text, log


def qemu_definitions():
    """QEMU's own answer: name -> unavailable-features (None for a CPU
    whose definition has none: QEMU's other Arm CPUs), under TCG."""
    _, replies = pl.run_payload_qmp([{"execute": "query-cpu-definitions"}],
                                    accel="tcg", cpu="max")
    return {d["name"]: d.get("unavailable-features")
            for d in replies[0]["return"]}


def direct(cpu):
    """The payload under QEMU started directly with -cpu CPU (TCG)."""
    return pl.run_payload(accel="tcg", cpu=cpu)


def reg_diffs(a, b):
    return sorted(r for r in set(a.regs) | set(b.regs)
                  if r not in VOLATILE and a.regs.get(r) != b.regs.get(r))


def cpu_option(log):
    m = re.findall(r"-cpu (\S+)", log)
    return m[-1] if m else None


def checks(tmp):
    """Yield (name, ok, detail), inside the namespace, daemon running."""
    defs = qemu_definitions()
    p = virsh("domcapabilities", "--emulatorbin", QEMU, "--arch", "aarch64",
              "--machine", "virt", "--virttype", "qemu")
    caps = ET.fromstring(p.stdout)
    custom = caps.find("./cpu/mode[@name='custom']")
    usable, blockers = {}, {}
    for m in custom.findall("model"):
        usable[m.text] = m.get("usable")
    for b in custom.findall("blockers"):
        blockers[b.get("model")] = {f.get("name") for f in b.findall("feature")}
    bad = []
    for name, unavail in sorted(defs.items()):
        if name not in usable:
            bad.append("%s: not listed" % name)
            continue
        want = "unknown" if unavail is None else "no" if unavail else "yes"
        if usable[name] != want:
            bad.append("%s: usable=%s, QEMU's unavailable-features %s"
                       % (name, usable[name], unavail))
        if set(unavail or []) != blockers.get(name, set()):
            bad.append("%s: blockers %s, QEMU's unavailable-features %s"
                       % (name, sorted(blockers.get(name, set())), unavail))
    named = [n for n in defs if defs[n] is not None]
    yield ("domcapabilities", not bad and len(named) > 0,
           "; ".join(bad[:10]) or "%d CPUs, %d named models, usable and "
           "blockers as QEMU's query-cpu-definitions (usable: %s)" % (
               len(defs), len(named),
               ", ".join(sorted(n for n in named if not defs[n]))))

    for model in released():
        guest, text, log = run_domain(tmp, "armcpu-" + model, model)
        opt = cpu_option(log)
        if guest is None:
            yield ("start-" + model, False,
                   "no payload output; libvirt/QEMU:\n%s\n%s" % (
                       log[-2000:], text[-1000:]))
            continue
        ref = direct(model)
        diffs = reg_diffs(guest, ref)
        yield ("start-" + model, opt == model and not diffs,
               "libvirt ran -cpu %s; %d registers as QEMU -cpu %s gives%s" % (
                   opt, len(guest.regs), model,
                   "; differ: " + ", ".join(diffs) if diffs else ""))

    # the Arm CPU features libvirt knows: pauth and the SVE vector lengths
    model = "neoverse-v1-v1"
    guest, text, log = run_domain(tmp, "armcpu-features", model,
                                  [("disable", "pauth"),
                                   ("disable", "sve256")])
    opt = cpu_option(log) or ""
    vl = None
    m = re.search(r"idregs-payload: sve-vl=(\d+)", text)
    if m:
        vl = int(m.group(1))
    isar1 = guest.value("ID_AA64ISAR1_EL1") if guest else None
    pauth = None if isar1 is None else (
        (isar1 >> 4) & 0xff, (isar1 >> 24) & 0xff)     # APA, API; GPA, GPI
    ok = (guest is not None and "pauth=off" in opt and "sve256=off" in opt
          and vl == 128 and pauth == (0, 0))
    yield ("features-pauth-sve", ok,
           "libvirt ran -cpu %s; the guest's SVE vector length %s, "
           "ID_AA64ISAR1_EL1 %s" % (opt, vl,
                                    None if isar1 is None else hex(isar1)))

    # an unusable model under TCG: starts, with QEMU's warnings
    unusable = sorted(n for n in released() if defs.get(n))
    if not unusable:
        yield ("unusable-under-tcg", True, "SKIP: every released model is "
               "usable under TCG")
        return
    model = unusable[0]
    guest, text, log = run_domain(tmp, "armcpu-unusable", model)
    ok = guest is not None and "TCG cannot provide" in log
    yield ("unusable-under-tcg", ok,
           "%s (blockers %s) %s under TCG%s" % (
               model, ", ".join(defs[model]),
               "ran" if guest else "did not run",
               ", warning as QEMU does" if ok else ":\n" + log[-1500:]))


def libvirt_version():
    p = subprocess.run(["libvirtd", "--version"], text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    m = re.search(r"(\d+)\.(\d+)\.(\d+)", p.stdout)
    return tuple(int(x) for x in m.groups()) if m else None


def inside(tmp):
    """In the private mount namespace: bind libvirt's directories, run
    the daemon and the checks, stop it."""
    for d in DIRS:
        src = os.path.join(tmp, d.strip("/").replace("/", "-"))
        os.makedirs(src, exist_ok=True)
        os.makedirs(d, exist_ok=True)
        subprocess.run(["mount", "--bind", src, d], check=True)
    for f in os.listdir(CONF):
        shutil.copy(os.path.join(CONF, f), "/etc/libvirt/")
    daemon_log = open(os.path.join(tmp, "libvirtd.log"), "w")
    daemon = subprocess.Popen(["libvirtd", "-f", "/etc/libvirt/libvirtd.conf"],
                              stdout=daemon_log, stderr=subprocess.STDOUT)
    results = []
    try:
        for _ in range(100):
            if os.path.exists("/run/libvirt/libvirt-sock"):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("libvirtd did not create its socket")
        for name, ok, detail in checks(tmp):
            results.append((name, ok, detail))
    except Exception as e:      # a check that crashes has failed
        results.append(("run", False, "%s: %s" % (type(e).__name__, e)))
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
    if daemon.returncode not in (0, -15):
        results.append(("daemon", False, "libvirtd exited %s (log in %s)"
                        % (daemon.returncode, tmp)))
    print(json.dumps(results))


def run(keep=None):
    """[(name, status, detail)]: status PASS, FAIL or SKIP."""
    if os.geteuid() != 0:
        return [("libvirt", "SKIP", "needs root (libvirtd runs as root)")]
    for tool in ("libvirtd", "virsh", "unshare", "mount"):
        if not shutil.which(tool):
            return [("libvirt", "FAIL", "%s is missing (harness/deps.sh "
                     "installs libvirt from bookworm-backports)" % tool)]
    ver = libvirt_version()
    if not ver or ver[:2] < WANT_LIBVIRT:
        return [("libvirt", "FAIL", "libvirt %s, want %d.%d or later "
                 "(harness/deps.sh)" % ((ver,) + WANT_LIBVIRT))]
    for path in (QEMU, PAYLOAD):
        if not os.path.exists(path):
            return [("libvirt", "FAIL", "%s is missing (make build payload)"
                     % path)]
    tmp = keep or tempfile.mkdtemp(prefix="armcpu-libvirt-")
    os.makedirs(tmp, exist_ok=True)
    try:
        p = subprocess.run(["unshare", "--mount", "--propagation", "private",
                            sys.executable, os.path.abspath(__file__),
                            "--inside", tmp],
                           text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=1200)
        try:
            results = json.loads(p.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return [("libvirt", "FAIL", "the test inside the namespace "
                     "printed no result (exit %d):\n%s\n%s" % (
                         p.returncode, p.stdout[-2000:], p.stderr[-2000:]))]
        return [("libvirt/%s" % n, "PASS" if ok else "FAIL",
                 "libvirt %d.%d.%d: %s" % (ver + (d,)) if n == "domcapabilities"
                 else d) for n, ok, d in results]
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", metavar="DIR",
                    help="keep libvirt's directories and logs in DIR")
    ap.add_argument("--inside", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        inside(args.inside)
        return 0
    failed = 0
    for name, status, detail in run(args.keep):
        print("%s %s: %s" % (status, name, detail))
        failed += status == "FAIL"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
