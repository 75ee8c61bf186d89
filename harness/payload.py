#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the ID-register payload in QEMU and parse what the guest saw.

usage: payload.py [--qemu PATH] [--accel tcg|kvm] [--cpu MODEL]
                  [--payload ELF] [--machine OPTS] [--timeout S] [--json]

Without options: the native build's QEMU, KVM with -cpu host on an arm64
host that has /dev/kvm, TCG with -cpu max anywhere else. Prints one line per
register (name, encoding, value) as the guest read it with MRS, or the parsed
result as JSON with --json. The exit status is non-zero when QEMU fails or
the payload's output is incomplete.

As a module: run_payload() returns a PayloadResult for the tests.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("ARMCPU_BUILD", os.path.join(TOP, "build"))
DEFAULT_QEMU = os.path.join(BUILD, "native", "qemu-system-aarch64")
DEFAULT_PAYLOAD = os.path.join(BUILD, "payload", "idregs.elf")
# the same, printing every second and never stopping (harness/payload/idregs.c)
DEFAULT_PAYLOAD_LOOP = os.path.join(BUILD, "payload", "idregs-loop.elf")

# the loop payload's begin line says which pass it is; parse() reads the first
BEGIN_RE = re.compile(r"^idregs-payload: begin el=(\d)(?: pass=\d+)?$")
REG_RE = re.compile(r"^(\w+) (S3_\d_C0_C\d_\d) 0x([0-9a-f]{16})$")
END_RE = re.compile(r"^idregs-payload: end count=(\d+)$")

class PayloadError(Exception):
    pass


class PayloadResult:
    def __init__(self, el, regs, console):
        self.el = el            # exception level the payload ran at
        self.regs = regs        # name -> (encoding, value)
        self.console = console  # everything QEMU printed

    def value(self, name):
        return self.regs[name][1]


def parse(console):
    """Parse the payload's lines out of a console log."""
    el = None
    regs = {}
    count = None
    for raw in console.splitlines():
        line = raw.strip("\r")
        m = BEGIN_RE.match(line)
        if m:
            el, regs = int(m.group(1)), {}
            continue
        if el is None:
            continue
        m = REG_RE.match(line)
        if m:
            regs[m.group(1)] = (m.group(2), int(m.group(3), 16))
            continue
        m = END_RE.match(line)
        if m:
            count = int(m.group(1))
            break
    if el is None:
        raise PayloadError("the payload's begin line is missing")
    if count is None:
        raise PayloadError("the payload's end line is missing (output cut short)")
    if count != len(regs):
        raise PayloadError("the payload announced %d registers but printed %d"
                           % (count, len(regs)))
    return PayloadResult(el, regs, console)


def default_accel():
    if platform.machine() == "aarch64" and os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "kvm"
    return "tcg"


def qemu_command(qemu, accel, cpu, payload, machine="virt", extra=()):
    return [qemu, "-accel", accel, "-M", machine, "-cpu", cpu, "-m", "256",
            "-nodefaults", "-display", "none", "-nic", "none",
            "-serial", "stdio", "-no-reboot", "-kernel", payload] + list(extra)


def run_payload(qemu=DEFAULT_QEMU, accel=None, cpu=None, payload=DEFAULT_PAYLOAD,
                machine="virt", extra=(), timeout=60):
    accel = accel or default_accel()
    cpu = cpu or ("host" if accel == "kvm" else "max")
    for path, what in ((qemu, "QEMU"), (payload, "payload")):
        if not os.path.exists(path):
            raise PayloadError("%s not found at %s (run 'make build')" % (what, path))
    cmd = qemu_command(qemu, accel, cpu, payload, machine, extra)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        raise PayloadError("QEMU did not finish within %d s: %s\n%s"
                           % (timeout, " ".join(cmd), out))
    out = p.stdout.decode(errors="replace")
    if p.returncode != 0:
        raise PayloadError("QEMU exited with status %d: %s\n%s"
                           % (p.returncode, " ".join(cmd), out))
    return parse(out)


def run_payload_qmp(commands, qemu=DEFAULT_QEMU, accel=None, cpu=None,
                    payload=DEFAULT_PAYLOAD, machine="virt", extra=(), timeout=60):
    """Run the payload in a VM that first answers QMP commands.

    QEMU starts paused (-S); each command of COMMANDS (a list of dicts such
    as {"execute": "qom-get", "arguments": {...}}) is sent and its reply
    collected, then the guest runs to completion. Returns (PayloadResult,
    replies): what the guest read, and what QMP reported for the same VM.
    """
    accel = accel or default_accel()
    cpu = cpu or ("host" if accel == "kvm" else "max")
    machine_lib = qemu_machine_lib()
    with tempfile.TemporaryDirectory(prefix="payload-") as tmp:
        serial = os.path.join(tmp, "serial.log")
        cmd = qemu_command(qemu, accel, cpu, payload, machine, extra)
        i = cmd.index("-serial")
        cmd[i + 1] = "file:" + serial
        vm = machine_lib.QEMUMachine(cmd[0], args=cmd[1:] + ["-S"],
                                     base_temp_dir=tmp)
        try:
            vm.launch()
        except machine_lib.VMLaunchFailure as e:
            raise PayloadError("QEMU did not start: %s\n%s"
                               % (e.command, e.output or ""))
        try:
            # the raw replies: a test may expect an error
            replies = [vm.qmp(c["execute"], args_dict=c.get("arguments", {}))
                       for c in commands]
            vm.cmd("cont")
            vm.wait(timeout=timeout)
        except Exception as e:
            vm.kill()
            raise PayloadError("QEMU failed (%s): %s\n%s"
                               % (" ".join(cmd), e, vm.get_log() or ""))
        if vm.exitcode() != 0:
            raise PayloadError("QEMU exited with status %s: %s\n%s"
                               % (vm.exitcode(), " ".join(cmd), vm.get_log() or ""))
        with open(serial, errors="replace") as f:
            return parse(f.read()), replies


def qemu_machine_lib():
    """QEMU's own Python library (qemu.machine), from the assembled tree."""
    path = os.path.join(BUILD, "src", "python")
    if path not in sys.path:
        sys.path.append(path)
    try:
        import qemu.machine.machine
    except ImportError as e:
        raise PayloadError("QEMU's Python library is not in %s (make "
                           "assemble): %s" % (path, e))
    return qemu.machine.machine


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qemu", default=DEFAULT_QEMU)
    ap.add_argument("--accel", choices=["tcg", "kvm"])
    ap.add_argument("--cpu")
    ap.add_argument("--payload", default=DEFAULT_PAYLOAD)
    ap.add_argument("--machine", default="virt")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    accel = args.accel or default_accel()
    cpu = args.cpu or ("host" if accel == "kvm" else "max")
    try:
        r = run_payload(args.qemu, accel, cpu, args.payload, args.machine,
                        timeout=args.timeout)
    except PayloadError as e:
        print("payload: error: %s" % e, file=sys.stderr)
        return 1
    if args.json:
        json.dump({"accel": accel, "cpu": cpu, "el": r.el,
                   "regs": {n: {"encoding": e, "value": "0x%016x" % v}
                            for n, (e, v) in r.regs.items()}},
                  sys.stdout, indent=1)
        print()
        return 0
    print("# ID registers as the guest reads them: -accel %s -cpu %s "
          "(payload at EL%d)" % (accel, cpu, r.el))
    for name, (enc, val) in r.regs.items():
        print("%-18s %-14s 0x%016x" % (name, enc, val))
    return 0


if __name__ == "__main__":
    sys.exit(main())
