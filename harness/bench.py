#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The cost of the named CPU models, measured side by side in one run.

usage: bench.py [--sizes 1,16,64,256] [--runs 3] [--smoke]

Prints a table of:
- realize cost: the instructions (valgrind --tool=callgrind, repeatable on
  a noisy machine; the fewest of --runs runs) of qemu-system-aarch64 starting under TCG with -S up
  to the QMP prompt and quitting, for -cpu max, for grace-v1 (a model
  five levels deep) and for grace-v1 with 20 field properties, at each
  number of vCPUs; the ratio to max, the per-vCPU slope between the
  smallest and the largest size, and the peak RSS of a run without
  valgrind;
- the cost of one property as a -cpu option (find by name, parse, record,
  check against a limit), from test-arm-cpu-idpropset -m perf.
Then the targets with PASS or FAIL: model/max instructions at most 1.01
at the smallest and the largest size, and under KVM no more ID-register
writes per VM than registers that differ from the host (not one per
vCPU). Not a timed test: times are printed, never judged.

--smoke runs the smallest size and a short microbenchmark, and exits 0
whatever the ratios: make check uses it to keep the benchmark working;
make bench's exit status says whether the targets hold.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nested  # noqa: E402
from treelib import BUILD, Fatal  # noqa: E402

NATIVE = os.path.join(BUILD, "native")
QEMU = os.path.join(NATIVE, "qemu-system-aarch64")
IDPROPS_TEST = os.path.join(NATIVE, "tests", "unit", "test-arm-cpu-idpropset")

# 20 field properties a user might put on top of grace-v1, each one TCG
# can provide
PROPS20 = ("feat_SHA1=off,feat_SHA3=off,feat_SM3=off,feat_SM4=off,"
           "feat_AES=aes,feat_SHA2=sha256,feat_RNDR=off,feat_TLB=off,"
           "feat_TS=flagm,feat_FHM=off,feat_DP=off,feat_RDM=off,"
           "feat_CRC32=off,feat_ATOMIC=off,feat_BF16=off,feat_I8MM=off,"
           "feat_FRINTTS=off,feat_SB=off,feat_SPECRES=off,feat_LRCPC=off")
CONFIGS = [("max", "max"), ("grace-v1", "grace-v1"),
           ("grace-v1 + 20 props", "grace-v1," + PROPS20)]
TARGET_RATIO = 1.01
QMP_INPUT = '{"execute": "qmp_capabilities"}\n{"execute": "quit"}\n'


def qemu_args(cpu, n):
    # gic-version=3: the virt board takes more than 8 vCPUs only with GICv3
    return [QEMU, "-M", "virt,gic-version=3", "-accel", "tcg", "-cpu", cpu,
            "-smp", str(n), "-display", "none", "-nodefaults", "-S",
            "-qmp", "stdio"]


def instructions(cpu, n):
    """Instructions of one start-to-quit run under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        p = subprocess.run(["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + out] + qemu_args(cpu, n),
                           input=QMP_INPUT, text=True, capture_output=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    if p.returncode != 0 or not m or '"return": {}' not in p.stdout:
        raise Fatal("-cpu %s -smp %d under callgrind failed:\n%s" %
                    (cpu, n, (p.stdout + p.stderr)[-2000:]))
    return int(m.group(1))


def peak_rss_kb(cpu, n):
    p = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + qemu_args(cpu, n),
                       input=QMP_INPUT, text=True, capture_output=True)
    m = re.search(r"^RSS (\d+)$", p.stderr, re.M)
    if p.returncode != 0 or not m:
        raise Fatal("-cpu %s -smp %d failed:\n%s" % (cpu, n, p.stderr[-2000:]))
    return int(m.group(1))


def parse_validate_ns(rounds):
    p = subprocess.run([IDPROPS_TEST, "-m", "perf", "-p",
                        "/arm/idpropset/perf/parse-validate"],
                       env=dict(os.environ, ARM_IDPROPS_BENCH_ROUNDS=str(rounds)),
                       text=True, capture_output=True)
    m = re.search(r"^BENCH parse-validate-ns-per-property ([\d.]+) \((\d+) ",
                  p.stdout, re.M)
    if p.returncode != 0 or not m:
        raise Fatal("test-arm-cpu-idpropset -m perf failed:\n%s" %
                    (p.stdout + p.stderr)[-2000:])
    return float(m.group(1)), int(m.group(2))


def kvm_figures(kernel):
    """Run l1/bench.sh under real KVM on KERNEL; return
    {(cpu, n): dict(get, set, written, secs)} and the seconds it took."""
    console, took = nested.run_suite(kernel, timeout=1200, script="bench.sh")
    out = {}
    for name, (text, rc) in nested.sections(console).items():
        m = re.match(r"bench\.(.+)\.(\d+)\.(\d+)$", name)
        if not m:
            continue
        cpu, n = m.group(1), int(m.group(2))
        c = re.search(r"^idreg-ioctls get=(\d+) set=(\d+)$", text, re.M)
        t0 = re.search(r"^uptime-start ([\d.]+)$", text, re.M)
        t1 = re.search(r"^uptime-end ([\d.]+)$", text, re.M)
        if rc != 0 or "rc=0" not in text or not (c and t0 and t1):
            raise Fatal("the KVM run %s failed:\n%s" % (name, text[-2000:]))
        written = set(re.findall(r"kvm_arm_idreg_write cpu \d+ (\S+) ", text))
        fig = out.setdefault((cpu, n), {"get": set(), "set": set(),
                                        "written": written, "secs": []})
        fig["get"].add(int(c.group(1)))
        fig["set"].add(int(c.group(2)))
        fig["secs"].append(float(t1.group(1)) - float(t0.group(1)))
    if not out:
        raise Fatal("l1/bench.sh printed no runs:\n%s" % console[-3000:])
    return out, took


def print_kvm(kernel, figs):
    print("Under KVM (Linux %s, nested under TCG): QEMU -S to QMP quit, "
          "with ID-register ioctls" % kernel)
    print("%-12s %6s %8s %8s %10s %14s" % ("-cpu", "vCPUs", "GET", "SET",
                                           "differing", "median time"))
    for (cpu, n), f in sorted(figs.items(), key=lambda kv: (kv[0][0] != "host",
                                                           kv[0])):
        def one(vals):
            return "/".join(str(v) for v in sorted(vals))
        print("%-12s %6d %8s %8s %10d %11.2f s" % (
            cpu, n, one(f["get"]), one(f["set"]), len(f["written"]),
            statistics.median(f["secs"])))
    print("(GET and SET: the KVM_GET_ONE_REG and KVM_SET_ONE_REG ioctls of ID "
          "registers in the whole run, scratch VM included; differing: the "
          "registers the write-back changed, from the kvm_arm_idreg_write "
          "trace; time: median of %d runs)" %
          len(next(iter(figs.values()))["secs"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,16,64,256",
                    help="numbers of vCPUs, comma-separated")
    ap.add_argument("--runs", type=int, default=3,
                    help="callgrind runs per figure, the fewest instructions "
                    "count (default 3)")
    ap.add_argument("--kernel", default="7.2",
                    choices=[k for k in nested.KERNELS if k not in nested.NO_MASKS],
                    help="the harness kernel of the KVM figures (default 7.2)")
    ap.add_argument("--no-kvm", action="store_true",
                    help="leave out the KVM figures (they boot L1 under TCG)")
    ap.add_argument("--smoke", action="store_true",
                    help="smallest size and a short microbenchmark only")
    a = ap.parse_args()
    try:
        sizes = sorted(set(int(x) for x in a.sizes.split(",")))
    except ValueError:
        raise Fatal("--sizes takes numbers of vCPUs such as 1,16,64,256, "
                    "not %r" % a.sizes)
    if not sizes or sizes[0] < 1 or sizes[-1] > 512:
        raise Fatal("--sizes: each number of vCPUs must be 1 to 512 (virt "
                    "with GICv3)")
    runs = 1 if a.smoke else a.runs
    if a.smoke:
        sizes = sizes[:1]
    for f in (QEMU, IDPROPS_TEST):
        if not os.access(f, os.X_OK):
            raise Fatal("%s is not built; run 'make build' first" % f)

    print("Realize cost under TCG: qemu-system-aarch64 -M virt,gic-version=3 "
          "-S, start to QMP prompt and quit")
    print("%-22s %6s %16s %9s %10s" % ("-cpu", "vCPUs", "instructions",
                                       "vs max", "peak RSS"))
    ins, ratios = {}, {}
    for n in sizes:
        for label, cpu in CONFIGS:
            # the fewest of several runs: the main loop may turn a few
            # more times in one run than in another
            ins[label, n] = min(instructions(cpu, n) for _ in range(runs))
            rss = peak_rss_kb(cpu, n)
            ratios[label, n] = ins[label, n] / ins["max", n]
            print("%-22s %6d %16s %9.4f %7.1f MB" % (
                label, n, "{:,}".format(ins[label, n]), ratios[label, n],
                rss / 1024), flush=True)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        print()
        print("Per-vCPU slope (instructions per added vCPU, %d to %d):" % (lo, hi))
        for label, _ in CONFIGS:
            slope = (ins[label, hi] - ins[label, lo]) / (hi - lo)
            base = (ins["max", hi] - ins["max", lo]) / (hi - lo)
            print("  %-22s %14s  (%+.2f%% of max's)" % (
                label, "{:,.0f}".format(slope), (slope / base - 1) * 100))

    kvm = None
    if not a.smoke and not a.no_kvm:
        kvm, took = kvm_figures(a.kernel)
        print()
        print_kvm(a.kernel, kvm)
        print("(the nested run took %.0f s)" % took)

    rounds = 20 if a.smoke else 2000
    ns, nprops = parse_validate_ns(rounds)
    print()
    print("Property parsing and validation: %.0f ns per property "
          "(%d properties x %d rounds: lookup by name, parse, record, "
          "check)" % (ns, nprops, rounds))

    print()
    print("Targets:")
    failed = 0
    for n in sorted(set((sizes[0], sizes[-1]))):
        worst = max(ratios[label, n] for label, _ in CONFIGS if label != "max")
        ok = worst <= TARGET_RATIO
        failed += not ok
        print("  %s model/max instructions at %d vCPUs: %.4f (at most %.2f)" %
              ("PASS" if ok else "FAIL", n, worst, TARGET_RATIO))
    if kvm:
        # KVM keeps ID registers per VM: a VM writes each register that
        # differs from the host once, whatever its number of vCPUs
        for cpu, n in sorted(kvm, key=lambda k: (k[0] != "host", k)):
            f = kvm[cpu, n]
            ok = max(f["set"]) <= len(f["written"])
            failed += not ok
            print("  %s ID-register writes per VM of -cpu %s at %d vCPUs: %d "
                  "(at most the %d registers that differ from the host)" %
                  ("PASS" if ok else "FAIL", cpu, n, max(f["set"]),
                   len(f["written"])))
    else:
        print("  (KVM figures not measured: --smoke or --no-kvm)")
    # the smoke run only keeps the benchmark working; make bench judges
    return 1 if failed and not a.smoke else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fatal as e:
        print("bench: error: %s" % e, file=sys.stderr)
        sys.exit(1)
