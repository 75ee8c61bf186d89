#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build and run the libFuzzer target of the pure layer (make fuzz).

usage: fuzz.py [--runs N] [--seconds S] [--jobs J] [--smoke]

harness/fuzz/fuzz-arm-cpu-models.c drives the property value parser, the
model replay and the accelerator, KVM-plan, comparison and baseline checks
(target/arm/cpu-idregs.c, cpu-idprops.c, cpu-models.c from build/src) and
checks each result against its contract. This script compiles it and those
three files with clang (-fsanitize=fuzzer,address,undefined, every UBSan
finding fatal), links QEMU's libqemuutil.a from the native build (error
reporting, glib helpers; not instrumented), writes the seed corpus and the
dictionary from the shipped models (the target's ARM_FUZZ_SEEDS mode), and
runs libFuzzer:

  --runs N      stop after N executions (default 10,000,000)
  --seconds S   or after S seconds, whichever comes first (default: none)
  --jobs J      J fuzzing processes, each with its share of the runs
  --smoke       make check's quick run: 50,000 executions

The corpus libFuzzer grows is kept in build/fuzz/corpus (seeds are
rewritten each time); a crash or a broken contract leaves its input in
build/fuzz/ as crash-*, and the script fails printing how to replay it:
  build/fuzz/fuzz-arm-cpu-models build/fuzz/crash-...
Figures (executions, speed, coverage, corpus) are printed at the end and
go to build/logs/fuzz.log; while it runs, build/logs/fuzz.log.jobN shows
each job's progress.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from treelib import BUILD, TOP  # noqa: E402

SRC = os.path.join(BUILD, "src")
NATIVE = os.path.join(BUILD, "native")
OUT = os.path.join(BUILD, "fuzz")
LOGS = os.path.join(BUILD, "logs")
TARGET = os.path.join(TOP, "harness", "fuzz", "fuzz-arm-cpu-models.c")
PURE = ["target/arm/cpu-idregs.c", "target/arm/cpu-idprops.c",
        "target/arm/cpu-idpropset.c",
        "target/arm/cpu-models.c", "target/arm/cpu-models-table.c",
        "target/arm/cpu-idlimit.c", "target/arm/cpu-idkvm.c",
        "target/arm/cpu-idaccel.c",
        "target/arm/cpu-idcompare.c", "target/arm/cpu-idmig.c"]
CLANG = os.environ.get("FUZZ_CC", "clang")
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer"]
# Coverage for every file; comparison tracing (libFuzzer's value profile,
# which finds magic values) only for the value parser: in the table-wide
# loops of the rest it costs 30% of the time and finds nothing
COVERAGE = {"target/arm/cpu-idprops.c": ["-fsanitize=fuzzer-no-link"]}
NO_CMP = ["-fsanitize=fuzzer-no-link", "-fno-sanitize-coverage=trace-cmp"]


class Fatal(Exception):
    pass


def include_flags():
    """The -I/-iquote/-isystem/-D flags the native build compiles the unit
    test of the same files with (so that headers and config match)."""
    path = os.path.join(NATIVE, "compile_commands.json")
    if not os.path.exists(path):
        raise Fatal("build/native is not configured; run 'make build' first")
    for e in json.load(open(path)):
        if e["file"].endswith("tests/unit/test-arm-cpu-models-shipped.c"):
            args = shlex.split(e["command"])
            break
    else:
        raise Fatal("no compile command for tests/unit/test-arm-cpu-models-shipped.c "
                    "in build/native")
    out, i = [], 0
    while i < len(args):
        a = args[i]
        if a in ("-iquote", "-isystem", "-I"):
            out += [a, os.path.join(NATIVE, args[i + 1])]
            i += 2
            continue
        if a.startswith("-I"):
            out.append("-I" + os.path.join(NATIVE, a[2:]))
        elif a.startswith("-D") or a in ("-pthread", "-std=gnu11"):
            out.append(a)
        i += 1
    return out


def build():
    os.makedirs(OUT, exist_ok=True)
    exe = os.path.join(OUT, "fuzz-arm-cpu-models")
    srcs = [TARGET] + [os.path.join(SRC, p) for p in PURE]
    lib = os.path.join(NATIVE, "libqemuutil.a")
    if not os.path.exists(lib):
        raise Fatal("build/native/libqemuutil.a is missing; run 'make build'")
    # the model table is the native build's, generated from the model files
    models_h = os.path.join(NATIVE, "target/arm/models/cpu-models.h.inc")
    if not os.path.exists(models_h):
        raise Fatal("%s is missing; run 'make build'" % models_h)
    inputs = srcs + [lib, models_h] + [
        os.path.join(SRC, "target/arm", h) for h in
        ("cpu-idregs.h", "cpu-idregs.h.inc", "cpu-idprops.h", "cpu-idpropset.h",
         "cpu-models.h",
         "cpu-models-table.c.inc")]
    if os.path.exists(exe) and all(os.path.getmtime(exe) > os.path.getmtime(p)
                                   for p in inputs):
        return exe
    libs = subprocess.run(["pkg-config", "--libs", "glib-2.0", "gio-2.0",
                           "gobject-2.0", "gmodule-2.0", "gnutls"],
                          capture_output=True, text=True, check=True).stdout.split()
    cflags = (["-g", "-O2", "-Wall", "-Werror"] + SANITIZE + include_flags()
              + ["-iquote", os.path.join(SRC, "target/arm")])
    print("[fuzz.py] building %s" % os.path.relpath(exe, TOP), flush=True)
    objs = []
    for src, rel in zip(srcs, ["harness"] + PURE):
        obj = os.path.join(OUT, os.path.basename(src) + ".o")
        compile_or_link([CLANG] + cflags + COVERAGE.get(rel, NO_CMP)
                        + ["-c", src, "-o", obj])
        objs.append(obj)
    compile_or_link([CLANG, "-fsanitize=fuzzer"] + SANITIZE + objs
                    + ["-o", exe, "-Wl,--start-group", lib] + libs
                    + ["-lm", "-pthread", "-Wl,--end-group"])
    return exe


def compile_or_link(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        raise Fatal("building the fuzz target failed:\n%s\n%s" %
                    (" ".join(cmd), r.stderr[-6000:]))


def seeds(exe):
    seed_dir = os.path.join(OUT, "seeds")
    shutil.rmtree(seed_dir, ignore_errors=True)
    r = subprocess.run([exe], env=dict(os.environ, ARM_FUZZ_SEEDS=seed_dir),
                       capture_output=True, text=True)
    if r.returncode:
        raise Fatal("writing the seed corpus failed:\n" + r.stdout + r.stderr)
    print("[fuzz.py] " + r.stdout.strip(), flush=True)
    return seed_dir, seed_dir + ".dict"


def run(exe, seed_dir, dict_path, runs, seconds, jobs, log):
    corpus = os.path.join(OUT, "corpus")
    os.makedirs(corpus, exist_ok=True)
    base = [exe, "-dict=" + dict_path, "-max_len=1024",
            "-artifact_prefix=" + OUT + "/", "-print_final_stats=1"]
    if seconds:
        base.append("-max_total_time=%d" % seconds)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:"
               "quarantine_size_mb=16:malloc_context_size=8",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    procs, logs = [], []
    for j in range(jobs):
        share = runs // jobs + (1 if j < runs % jobs else 0)
        cmd = base + ["-runs=%d" % share, "-seed=%d" % (j + 1), corpus,
                      seed_dir]
        # each job's progress goes straight to its log, to follow a long run
        logs.append(open("%s.job%d" % (log, j), "w+"))
        procs.append(subprocess.Popen(cmd, stdout=logs[-1],
                                      stderr=subprocess.STDOUT, text=True,
                                      env=env))
    for p in procs:
        p.wait()
    outs = []
    for f in logs:
        f.seek(0)
        outs.append(f.read())
        f.close()
        os.unlink(f.name)
    with open(log, "w") as f:
        for j, o in enumerate(outs):
            f.write("=== job %d\n%s\n" % (j, o))
    return [p.returncode for p in procs], outs


def stat(out, name):
    m = re.findall(r"^stat::%s:\s+(\d+)" % name, out, re.M)
    return int(m[-1]) if m else 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10_000_000)
    ap.add_argument("--seconds", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args(argv)
    if args.smoke:
        args.runs, args.jobs = 50_000, 1
    os.makedirs(LOGS, exist_ok=True)
    log = os.path.join(LOGS, "fuzz.log")
    try:
        exe = build()
        seed_dir, dict_path = seeds(exe)
        start = time.time()
        rcs, outs = run(exe, seed_dir, dict_path, args.runs, args.seconds,
                        args.jobs, log)
    except Fatal as e:
        print("[fuzz.py] error: %s" % e, file=sys.stderr)
        return 1
    secs = time.time() - start
    execs = sum(stat(o, "number_of_executed_units") for o in outs)
    cov = max([int(x) for o in outs for x in re.findall(r"\bcov: (\d+)", o)] or [0])
    ft = max([int(x) for o in outs for x in re.findall(r"\bft: (\d+)", o)] or [0])
    corpus = len(os.listdir(os.path.join(OUT, "corpus")))
    rss = max(stat(o, "peak_rss_mb") for o in outs)
    print("[fuzz.py] %d executions in %.0f s (%.0f/s, %d job%s), coverage %d "
          "edges, %d features, corpus %d inputs, peak RSS %d MB; log %s" %
          (execs, secs, execs / max(secs, 1e-9), args.jobs,
           "" if args.jobs == 1 else "s", cov, ft, corpus, rss,
           os.path.relpath(log, TOP)), flush=True)
    bad = [j for j, rc in enumerate(rcs) if rc]
    if bad:
        for j in bad:
            tail = outs[j].strip().splitlines()[-60:]
            print("\n".join("  | " + t for t in tail), file=sys.stderr)
        crashes = sorted(f for f in os.listdir(OUT)
                         if re.match(r"(crash|leak|timeout|oom)-", f))
        print("[fuzz.py] error: the fuzzer failed; inputs: %s; replay with "
              "build/fuzz/fuzz-arm-cpu-models build/fuzz/<input>" %
              (", ".join(crashes) or "none written"), file=sys.stderr)
        return 1
    if not args.seconds and execs < args.runs:
        print("[fuzz.py] error: only %d of %d executions ran" %
              (execs, args.runs), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
