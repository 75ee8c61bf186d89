#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the project's tests and print one closing line: N passed, N failed.

usage: check.py [GROUP...]     (default: every group; --list shows them)

Each group runs a set of tests and reports one result per test:
  harness   the overlay machinery: patches/ round-trips, and assemble and
            make patches behave on a fake upstream tree
            (harness/tests/test_overlay.py: a broken patch is refused
            loudly, edits are never lost); the series tool's line
            assignment (harness/tests/test_series.py); the libvirt test's
            domain and parsing (harness/tests/test_libvirt.py); the
            cross-check of the sources (harness/tests/test_sources.py);
            this runner's scheduling (harness/tests/test_check.py)
  build     the native build (harness/build.sh native) and the payloads
            (make payload), which the groups of BUILT run: brought in by
            them when not asked for; when it fails, they do not run
  table     the generated ID-register table: the generator's own tests and
            its readers' (tests/scripts/test-arm-idregs-*.py), no drift
            from what scripts/gen-idregs.py generates, and upstream's
            hand-written FIELD() lines sit where the table puts them; the
            model files (tests/scripts/test-arm-cpu-model-files.py: every
            rule of a model file; test-gen-arm-models.py: the generator's
            outputs; test-shipped-arm-models.py: the shipped hierarchy, the
            C and docs tables as the builds generate them); the layers of
            target/arm's files (tests/scripts/check-arm-layers.py: no call
            or include upward or in a cycle); every part model against
            every recorded public source of its silicon (harness/sources.py:
            each difference explained in the model by a 'differs' line)
  payload   the ID-register payload under TCG shows what QEMU configured,
            and for every concrete named model exactly the model's values
            (but for the machine's fields and what TCG cannot provide,
            which must be more than -cpu max shows the guest)
  unit      QEMU's own unit test suite in the native build
  bench     make bench at its smallest size (harness/bench.py --smoke), so
            that the benchmark keeps working; not a timed test
  fuzz      the libFuzzer target of the pure layer (harness/fuzz.py): built
            with ASan and UBSan, run over the seed corpus from the shipped
            models and 50,000 executions; make fuzz runs 10 million
  qtest     QEMU's qtest-aarch64 suite in the native build, minus the tests
            listed in harness/qtest-exclude.txt (each with its reason)
  libvirt   a real libvirt (11.3, bookworm-backports) against the native
            build under TCG (harness/libvirt.py): its daemon, with our
            configuration in a private mount namespace, lists every model
            as QEMU's query-cpu-definitions does, starts each released
            model and the guest reads what the same -cpu gives, pauth and
            SVE lengths reach QEMU and the guest
  docs      make docs: QEMU's manual builds without a warning, with the CPU
            models pages and the QMP command; its clean verdict is kept
            (DOCS_CACHE) by the content of every input of that build and
            stands, unbuilt, while none of them changes
  cross     the arm64 --enable-kvm cross build (target/arm/kvm.c) builds
  nested    real arm64 KVM: the cross-built QEMU inside L1 on the pinned
            Debian kernels (harness/nested.py), or directly on an arm64
            KVM host; and, nested only, the migration of a running guest
            between two L1 hosts of different CPUs (nested.py --migration)
  series    the upstream patch series (harness/series.py, series/manifest):
            it exports, every patch passes checkpatch.pl, it applies with
            git am on a clean upstream tree, and the tree builds at every
            patch that touches a build file (build/series)
  sanitize  not in the default set (make check-sanitize; its cold build
            takes ~40 min): the ASan + UBSan
            build (build/sanitize, harness/build.sh sanitize) and, in it,
            the unit tests and qtests of SANITIZE_TESTS (common.sh); any
            sanitizer report fails the test

The docs and libvirt groups run at the same time as the qtest group, the
bench and fuzz groups as the nested group, and the cross and series
groups, one after the other, from the start (once the harness group,
ALONE, is done) alongside all the others, when asked for (ALONGSIDE; the
nested group waits for the cross build, NEEDS); the
nested group boots one L1 host per core, at least two, at a time
(NESTED_JOBS); each group's results are shown together, in this order
(cross and series last). Each group's time, of the clock and of the
processors, is shown at the end (that of cross and series apart). Logs
go to build/logs/. `make check` assembles build/src and runs this; the
native build is the build group's, so that the cross build and the
series start beside it.
"""

import fcntl
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nested  # noqa: E402
import oracle  # noqa: E402
import payload as pl  # noqa: E402
import treelib  # noqa: E402
from treelib import BUILD, TOP, fv, load_model_generator  # noqa: E402

NATIVE = os.path.join(BUILD, "native")
# Held (flock) while the build group builds: the series' boundaries wait
# for it, so that ccache has the native build's objects before they ask
BUILD_LOCK = os.path.join(BUILD, "native-build.lock")
LOGS = os.path.join(BUILD, "logs")
HARNESS = os.path.join(TOP, "harness")


class Results:
    def __init__(self):
        self.items = []

    def add(self, name, status, detail="", secs=0.0, show=False):
        """SHOW: the DETAIL is printed whatever the STATUS (always for FAIL)"""
        self.items.append((name, status, detail))
        line = "%-4s %s" % (status, name)
        if secs:
            line += " (%.1f s)" % secs
        print(line, flush=True)
        if detail and (status == "FAIL" or show):
            for d in detail.rstrip().splitlines()[-40:]:
                print("     | " + d)
            sys.stdout.flush()

    def count(self, status):
        return sum(1 for _, s, _ in self.items if s == status)


class BufferedResults(Results):
    """The results of a group that runs alongside another, kept to be
    shown (replay) when that one is done."""
    end = 0.0       # when the group ended (time.monotonic())

    def add(self, name, status, detail="", secs=0.0, show=False):
        self.items.append((name, status, detail, secs, show))

    def replay(self, res):
        for item in self.items:
            res.add(*item)


# The processor time of the processes that a group started from the
# beginning (ALONGSIDE["*"]) waited for: counted apart from the others'
_LANE = threading.local()
_LANE_CPU = [0.0]
_LANE_LOCK = threading.Lock()


def run_logged(cmd, logname, env=None, cwd=None):
    """Run CMD with its output in build/logs/LOGNAME; return (rc, output)."""
    os.makedirs(LOGS, exist_ok=True)
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    p = subprocess.Popen(cmd, cwd=cwd, env=full_env, text=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    with p.stdout:
        out = p.stdout.read()
    # wait4, not wait: its processor time (and its children's) is known.
    # Reaped (and counted apart) under the lock, once it has ended, so
    # that cpu_seconds() never sees it in one sum without the other
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    with _LANE_LOCK:
        _, status, ru = os.wait4(p.pid, 0)
        if getattr(_LANE, "apart", False):
            _LANE_CPU[0] += ru.ru_utime + ru.ru_stime
    p.returncode = os.waitstatus_to_exitcode(status)
    with open(os.path.join(LOGS, logname), "w") as f:
        f.write(out)
    return p.returncode, out


def timed(res, name, fn):
    t0 = time.monotonic()
    try:
        ok, detail = fn()
    except Exception as e:  # a test that crashes is a failed test
        ok, detail = False, "%s: %s" % (type(e).__name__, e)
    res.add(name, "PASS" if ok else "FAIL", detail, time.monotonic() - t0)
    return ok


# ---------------------------------------------------------------- harness

def group_harness(res):
    def roundtrip():
        rc, out = run_logged([sys.executable, os.path.join(HARNESS, "patches.py"),
                              "--check"], "harness-roundtrip.log")
        return rc == 0, out

    def readme_lists_exclusions():
        whole, cases = read_exclusions()
        with open(os.path.join(TOP, "README.md")) as f:
            readme = f.read()
        missing = [t for t in list(whole) + list(cases) if "`%s`" % t not in readme]
        for t, paths in cases.items():
            missing += [p for p in paths if "`%s`" % p.split("/")[-1] not in readme]
        return not missing, "README.md does not list: %s" % ", ".join(missing)

    def harness_tests(name):
        def run():
            rc, out = run_logged([sys.executable,
                                  os.path.join(HARNESS, "tests", "test_%s.py" % name)],
                                 "harness-%s-tests.log" % name)
            return rc == 0, out
        return run

    timed(res, "harness/patches-roundtrip", roundtrip)
    for name in ("overlay", "series", "libvirt", "sources", "check"):
        timed(res, "harness/%s-tests" % name, harness_tests(name))
    timed(res, "harness/readme-lists-qtest-exclusions", readme_lists_exclusions)


# ---------------------------------------------------------------- build

def group_build(res):
    """The native build (harness/build.sh native) and the payloads (make
    payload), which the groups of BUILT run: here, not before check.py, so
    that the groups that run from the start build beside it. False if
    either fails."""
    def native():
        rc, out = run_logged(["bash", os.path.join(HARNESS, "build.sh"), "native"],
                             "build-native.log")
        return rc == 0, out

    def payloads():
        rc, out = run_logged(["make", "-C", TOP, "--no-print-directory", "payload"],
                             "build-payload.log")
        return rc == 0, out

    return timed(res, "build/native", native) and timed(res, "build/payload", payloads)


# ---------------------------------------------------------------- table

def group_table(res):
    linux = {}

    def fetch():
        p = subprocess.run(["bash", os.path.join(HARNESS, "fetch-linux-sysreg.sh")],
                           text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode == 0:
            linux["path"] = p.stdout.strip().splitlines()[-1]
        return p.returncode == 0, p.stderr

    def script_tests(*names):
        """Run tests/scripts/NAME... ; logs in build/logs/table-NAME.log."""
        out, ok = "", True
        for name in names:
            rc, log = run_logged([sys.executable,
                                  os.path.join(TOP, "tests", "scripts", name)],
                                 "table-%s.log" % name[:-3])
            ok = ok and rc == 0
            out += "%s:\n%s" % (name, log)
        return ok, out

    def generator_tests():
        # gen-idregs.py and the three readers of its inputs
        return script_tests("test-arm-idregs-sysreg.py", "test-arm-idregs-cpufeature.py",
                            "test-arm-idregs-roles.py", "test-gen-idregs.py")

    def model_tests():
        # The table and model-file readers' error cases, the generator's
        # outputs, the shipped models and their C and docs tables.
        return script_tests("test-arm-idregs-table.py", "test-arm-cpu-model-files.py",
                            "test-gen-arm-models.py", "test-shipped-arm-models.py")

    def drift():
        if "path" not in linux:
            return False, "the kernel's register description was not fetched"
        table = os.path.join(TOP, "target", "arm", "cpu-idregs.h.inc")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "cpu-idregs.h.inc")
            rc, log = run_logged([sys.executable, os.path.join(TOP, "scripts", "gen-idregs.py"),
                                  "--extra", os.path.join(TOP, "scripts",
                                                          "arm-idregs-extra.sysreg"),
                                  "--roles", os.path.join(TOP, "scripts",
                                                          "arm-idregs-roles"),
                                  linux["path"], out], "table-drift.log", cwd=TOP)
            if rc != 0:
                return False, log
            diff = subprocess.run(["diff", "-u", table, out], text=True,
                                  stdout=subprocess.PIPE).stdout
        return not diff, ("target/arm/cpu-idregs.h.inc differs from what "
                          "scripts/gen-idregs.py generates; regenerate it, never "
                          "edit it:\n" + diff)

    def qemu_fields():
        # Every hand-written FIELD() of upstream's cpu-features.h that the
        # table replaces has the same position there.
        with tempfile.TemporaryDirectory() as tmp:
            base_h = os.path.join(tmp, "cpu-features.h")
            with open(base_h, "w") as f:
                f.write(subprocess.run(["git", "show", "base:target/arm/cpu-features.h"],
                                       cwd=os.path.join(BUILD, "src"), text=True,
                                       check=True, stdout=subprocess.PIPE).stdout)
            rc, out = run_logged([sys.executable, os.path.join(
                TOP, "tests", "scripts", "compare-qemu-fields.py"), base_h],
                "table-qemu-fields.log", cwd=TOP)
        return rc == 0, out

    def layers():
        # target/arm's files of the named models form layers, calls and
        # includes going one way only; the check's own self-test first
        script = os.path.join(TOP, "tests", "scripts", "check-arm-layers.py")
        rc1, out1 = run_logged([sys.executable, script, "--self-test"],
                               "table-layers-self-test.log")
        rc2, out2 = run_logged([sys.executable, script], "table-layers.log")
        return rc1 == 0 and rc2 == 0, out1 + out2

    timed(res, "table/fetch-kernel-sysreg", fetch)
    timed(res, "table/layers", layers)
    timed(res, "table/generator-tests", generator_tests)
    timed(res, "table/drift", drift)
    timed(res, "table/qemu-fields-same-position", qemu_fields)
    timed(res, "table/models", model_tests)

    def sources():
        # every part model against every recorded public source of its
        # silicon (harness/sources/), each difference explained
        if "path" not in linux:
            return False, "the kernel's cpufeature.c was not fetched"
        rc, out = run_logged([sys.executable, os.path.join(HARNESS, "sources.py"),
                              "--linux", linux["path"]], "table-sources.log")
        return rc == 0, out

    timed(res, "table/sources", sources)


# ---------------------------------------------------------------- payload

def group_payload(res):
    def max_matches_qmp():
        cpu_path = "/machine/unattached/device[0]"
        r, replies = pl.run_payload_qmp(
            [{"execute": "qom-get", "arguments": {"path": cpu_path,
                                                 "property": "midr"}}],
            accel="tcg", cpu="max")
        want = replies[0].get("return")
        got = r.value("MIDR_EL1")
        if want != got:
            return False, "guest MIDR 0x%x, QMP midr %r" % (got, want)
        # 3 in CRm 0 of op1=0, 56 in CRm 1..7, CLIDR, AIDR, CTR, DCZID.
        if len(r.regs) != 63:
            return False, "payload printed %d registers, expected 63" % len(r.regs)
        return True, ""

    def sve_off_is_visible():
        on = pl.run_payload(accel="tcg", cpu="max")
        off = pl.run_payload(accel="tcg", cpu="max,sve=off")
        sve_on = fv(on.value("ID_AA64PFR0_EL1"), "ID_AA64PFR0_EL1.SVE")
        sve_off = fv(off.value("ID_AA64PFR0_EL1"), "ID_AA64PFR0_EL1.SVE")
        ok = sve_on == 1 and sve_off == 0 and off.value("ID_AA64ZFR0_EL1") == 0
        return ok, "PFR0.SVE max=%d max,sve=off=%d ZFR0(off)=0x%x" % (
            sve_on, sve_off, off.value("ID_AA64ZFR0_EL1"))

    def cortex_a57_midr():
        r = pl.run_payload(accel="tcg", cpu="cortex-a57")
        # Cortex-A57 r1p0: MIDR_EL1 0x411fd070 (Cortex-A57 TRM, 4.3.1).
        return r.value("MIDR_EL1") == 0x411FD070, "MIDR 0x%x" % r.value("MIDR_EL1")

    def field_props_visible():
        # Cortex-A57 r1p0 is MIDR 0x411fd070; Neoverse-V2 r0p1 would be
        # 0x410fd4f1 (Arm Neoverse V2 TRM, MIDR_EL1). AES [7:4] to 1.
        r = pl.run_payload(accel="tcg", cpu="cortex-a57,hw_prop_PartNum=0xd4f,"
                           "hw_prop_Variant=0,hw_prop_Revision=1,feat_AES=aes,"
                           "feat_CRC32=off")
        midr = r.value("MIDR_EL1")
        isar0 = r.value("ID_AA64ISAR0_EL1")
        ok = midr == 0x410FD4F1 and \
            fv(isar0, "ID_AA64ISAR0_EL1.AES") == 1 and \
            fv(isar0, "ID_AA64ISAR0_EL1.CRC32") == 0
        return ok, "MIDR 0x%x ISAR0 0x%x" % (midr, isar0)

    gen = load_model_generator()
    table = gen.Table()
    order, models, _ = gen.load_models(table)
    max_run = []

    def maxcpu():
        # what the guest reads of -cpu max: what TCG implements
        if not max_run:
            max_run.append(pl.run_payload(accel="tcg", cpu="max"))
        return max_run[0]

    def model_values(name):
        def test():
            want, _ = gen.resolve(table, models, models[name])
            r = pl.run_payload(accel="tcg", cpu=name)
            bad = model_payload_diff(gen, table, name, want, r, maxcpu())
            # the differences last: the report shows a detail's last lines
            return not bad, "guest console:\n%s\ndifferences:\n%s" % (
                r.console, "\n".join(bad))
        return test

    timed(res, "payload/tcg-max-matches-qmp", max_matches_qmp)
    for m in order:
        if not m.abstract:
            timed(res, "payload/tcg-model-%s" % m.name, model_values(m.name))
    timed(res, "payload/tcg-field-props-visible", field_props_visible)
    timed(res, "payload/tcg-sve-off-visible", sve_off_is_visible)
    timed(res, "payload/tcg-cortex-a57-midr", cortex_a57_midr)

    def model_tool():
        # scripts/arm-cpu-model-tool: dump, diff and baseline of hosts
        # stood in for by models under TCG; from the assembled tree, whose
        # python/ has the qemu.machine library the tool drives QEMU with
        rc, out = run_logged([sys.executable,
                              os.path.join(BUILD, "src", "tests", "scripts",
                                           "test-arm-cpu-model-tool.py")],
                             "payload-model-tool.log",
                             env=dict(os.environ, QEMU=pl.DEFAULT_QEMU))
        return rc == 0, out

    timed(res, "payload/arm-cpu-model-tool", model_tool)


WARN_RE = re.compile(r"TCG cannot provide \S+ of CPU model '([\w-]+)' "
                     r"\((\w+)\.(\w+): 0x([0-9a-f]+), TCG has 0x([0-9a-f]+)\)")


def model_payload_diff(gen, table, model, want, result, maxcpu):
    """What the guest shows of MODEL that differs from its values WANT.
    What TCG cannot provide is dropped to max's value with a warning; which
    fields those are is not listed per model but checked against MAXCPU,
    what the guest reads of -cpu max: a drop is only allowed where the
    model asks for more than max shows (harness/oracle.py)."""
    # fields the machine decides, whatever a model says (the table's roles)
    machine = set(table.fields_with('DECIDED_BY', 'PRESENT_IF'))
    drops = {}
    for m in WARN_RE.finditer(result.console):
        if m.group(1) == model:
            drops[(m.group(2), m.group(3))] = int(m.group(5), 16)
    bad = []
    for (reg, name), has in sorted(drops.items()):
        fl = table.fields[(reg, name)]
        mx = fl.get(maxcpu.value(reg))
        if not oracle.tcg_may_drop(table, fl, fl.get(want[reg]), mx):
            bad.append("TCG dropped %s.%s = 0x%x, which max has (0x%x)" %
                       (reg, name, fl.get(want[reg]), mx))
    compared = 0
    for reg in table.regs:
        if reg not in result.regs or reg in table.regs_with('CACHE_GEOMETRY'):
            continue
        compared += 1
        guest = result.value(reg)
        for fl in table.reg_fields[reg]:
            g, w = fl.get(guest), fl.get(want[reg])
            if g == w or (reg, fl.name) in machine:
                continue
            if drops.get((reg, fl.name)) == g:
                continue
            bad.append("%s.%s: guest 0x%x, model 0x%x" % (reg, fl.name, g, w))
    if compared < 47:
        bad.append("only %d registers compared" % compared)
    return bad


# ---------------------------------------------------------------- meson suites

def read_exclusions():
    """harness/qtest-exclude.txt: {test: reason} and {test: {path: reason}}.

    A line is "<test> <reason>" to skip a whole test, or
    "<test>:<gtest path> <reason>" to skip one case of it (GTest's -s).
    """
    whole, cases = {}, {}
    with open(os.path.join(HARNESS, "qtest-exclude.txt")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, why = line.partition(" ")
            test, _, path = name.partition(":")
            if path:
                cases.setdefault(test, {})[path] = why.strip()
            else:
                whole[test] = why.strip()
    return whole, cases


def meson_suite(res, label, suites, exclude=None, skip_cases=None,
                no_suites=("slow", "thorough")):
    base = ["meson", "test", "-C", NATIVE, "--num-processes",
            str(os.cpu_count() or 2)]
    exclude = exclude or {}
    skip_cases = skip_cases or {}
    sel = []
    for s in suites:
        sel += ["--suite", s]
    for s in no_suites:
        sel += ["--no-suite", s]
    names = subprocess.run(base + ["--list"] + sel, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if names.returncode != 0:
        res.add("%s/list" % label, "FAIL", names.stdout)
        return
    # "--list" prints "project:suites / name"; meson test takes the name.
    tests = [n.split(" / ")[-1].strip() for n in names.stdout.splitlines()
             if n.strip()]
    run, plain, gtest_skips = [], [], []
    for t in tests:
        short = t.split("/")[-1]
        if short in exclude:
            res.add("%s/%s" % (label, short), "SKIP", exclude[short])
        elif short in skip_cases:
            run.append(t)
            for path, why in sorted(skip_cases[short].items()):
                res.add("%s/%s:%s" % (label, short, path), "SKIP", why)
                gtest_skips += ["-s", path]
        else:
            run.append(t)
            plain.append(t)
    for key in list(exclude) + list(skip_cases):
        if key not in [t.split("/")[-1] for t in tests]:
            res.add("%s/exclusions" % label, "FAIL",
                    "harness/qtest-exclude.txt names %s, which is not a test of "
                    "this suite any more; remove the line" % key)
    if not run:
        res.add("%s/none" % label, "FAIL", "no tests selected")
        return
    batches = [(plain, [], label)]
    if gtest_skips:
        # GTest's -s takes paths; tests without those paths ignore them.
        batches.append(([t for t in run if t not in plain],
                        ["--test-args", " ".join(gtest_skips)], label + "-cases"))
    for batch, extra, logbase_label in batches:
        if batch:
            run_batch(res, label, base, batch, extra, logbase_label)


def run_batch(res, label, base, run, extra, logbase_label, builddir=NATIVE,
              env=None):
    logbase = "check-%s" % logbase_label
    rc, out = run_logged(base + ["--print-errorlogs", "--logbase", logbase] +
                         extra + run, "%s.log" % logbase_label, env=env)
    seen = set()
    jpath = os.path.join(builddir, "meson-logs", logbase + ".json")
    if os.path.exists(jpath):
        with open(jpath) as f:
            for line in f:
                t = json.loads(line)
                name = t["name"].split(" / ")[-1]
                seen.add(name)
                status = {"OK": "PASS", "EXPECTEDFAIL": "PASS",
                          "SKIP": "SKIP"}.get(t["result"], "FAIL")
                detail = t.get("stdout", "") if status == "FAIL" else ""
                res.add("%s/%s" % (label, name.split("/")[-1]), status, detail,
                        t.get("duration", 0))
    for t in run:
        if t not in seen:
            res.add("%s/%s" % (label, t.split("/")[-1]), "FAIL",
                    "did not run (meson test exit %d):\n%s" % (rc, out[-3000:]))


def group_unit(res):
    meson_suite(res, "unit", ["unit"])


def group_bench(res):
    def smoke():
        rc, out = run_logged([sys.executable, os.path.join(HARNESS, "bench.py"),
                              "--smoke"], "bench-smoke.log")
        return rc == 0 and "ns per property" in out, out

    timed(res, "bench/smoke", smoke)


def group_fuzz(res):
    def smoke():
        rc, out = run_logged([sys.executable, os.path.join(HARNESS, "fuzz.py"),
                              "--smoke"], "fuzz-smoke.log")
        return rc == 0 and " executions in " in out, out

    timed(res, "fuzz/smoke-50k", smoke)


def sanitize_tests():
    """SANITIZE_TESTS of common.sh as meson test names."""
    out = subprocess.run(["bash", "-c", '. "$1"; echo $SANITIZE_TESTS', "-",
                          os.path.join(HARNESS, "common.sh")],
                         capture_output=True, text=True, check=True).stdout
    names = []
    for path in out.split():
        kind, name = path.split("/")[1:3]
        names.append(name if kind == "unit" else "qtest-aarch64/" + name)
    return names


def group_sanitize(res):
    sanitize = os.path.join(BUILD, "sanitize")

    def build():
        rc, out = run_logged(["bash", os.path.join(HARNESS, "build.sh"),
                              "sanitize"], "sanitize-build.log")
        return rc == 0, out

    if not timed(res, "sanitize/build", build):
        return
    # every report fatal; QEMU's own exit-time leaks are upstream's, so
    # LeakSanitizer runs for the unit tests (the pure layer) only
    env = dict(os.environ,
               UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1",
               ASAN_OPTIONS="halt_on_error=1:detect_leaks=0")
    base = ["meson", "test", "-C", sanitize, "--no-rebuild", "--num-processes",
            str(os.cpu_count() or 2), "-t", "4"]
    tests = sanitize_tests()
    unit = [t for t in tests if "/" not in t]
    qtests = [t for t in tests if "/" in t]
    run_batch(res, "sanitize", base, unit, [], "sanitize-unit", sanitize,
              dict(env, ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"))
    # the cases make check's qtest group skips (harness/qtest-exclude.txt)
    _, cases = read_exclusions()
    plain = [t for t in qtests if t.split("/")[-1] not in cases]
    run_batch(res, "sanitize", base, plain, [], "sanitize-qtest", sanitize,
              env)
    for t in qtests:
        short = t.split("/")[-1]
        if short in cases:
            skips = []
            for path, why in sorted(cases[short].items()):
                res.add("sanitize/%s:%s" % (short, path), "SKIP", why)
                skips += ["-s", path]
            run_batch(res, "sanitize", base, [t],
                      ["--test-args", " ".join(skips)],
                      "sanitize-qtest-" + short, sanitize, env)


def group_qtest(res):
    whole, cases = read_exclusions()
    meson_suite(res, "qtest", ["qtest-aarch64"], exclude=whole, skip_cases=cases)


def group_cross(res):
    if os.uname().machine == "aarch64":
        res.add("cross/build", "SKIP", "arm64 host: the native build has KVM")
        return

    def build():
        rc, out = run_logged(["bash", os.path.join(HARNESS, "build.sh"), "cross"],
                             "cross-build.log")
        return rc == 0, out

    timed(res, "cross/build-kvm-arm64", build)


def group_libvirt(res):
    import libvirt
    t0 = time.monotonic()
    results = libvirt.run()
    for i, (name, status, detail) in enumerate(results):
        res.add(name, status, detail,
                time.monotonic() - t0 if i == len(results) - 1 else 0.0)


# The docs group's clean verdict, kept by the content of everything the
# manual is built from: each file the build's depfile lists (sphinx-build's
# own record, which ninja uses to decide a rebuild: every page, each file
# a page includes, the headers kernel-doc reads, the QAPI schemas and
# model files, every Python module it loaded), every file under docs/ (a
# page no toctree names is a warning too) and harness/build.sh (the docs
# build's configure arguments). Any change to any of them builds again.
DOCS_CACHE = os.path.join(treelib.CACHE, "docs-verdicts")


def docs_deps(ninja_deps, src, build):
    """The inputs of the manual from `ninja -t deps docs/docs.stamp`: paths
    in the source tree relative ("src:PATH"), others absolute; what
    configure wrote in the build tree (the pyvenv's sphinx-build script)
    is covered by harness/build.sh."""
    deps = set()
    for ln in ninja_deps.splitlines()[1:]:
        path = ln.strip()
        if not path:
            continue
        if path.startswith(src + os.sep):
            deps.add("src:" + os.path.relpath(path, src))
        elif not path.startswith(build + os.sep):
            deps.add(path)
    return sorted(deps)


def docs_key(deps, src, build_sh):
    """sha256 over DEPS, the files under SRC/docs and BUILD_SH, each by
    name and content; None when one of them is missing."""
    files = {d: os.path.join(src, d[4:]) if d.startswith("src:") else d for d in deps}
    for dirpath, _, names in os.walk(os.path.join(src, "docs")):
        for n in names:
            path = os.path.join(dirpath, n)
            files["src:" + os.path.relpath(path, src)] = path
    files["harness/build.sh"] = build_sh
    h = hashlib.sha256(b"docs verdict 1\0")
    for name in sorted(files):
        try:
            with open(files[name], "rb") as f:
                digest = hashlib.sha256(f.read()).digest()
        except OSError:
            return None
        h.update(name.encode() + b"\0" + digest)
    return h.hexdigest()


def group_docs(res):
    manual = os.path.join(BUILD, "docs", "docs", "manual")
    build_sh = os.path.join(HARNESS, "build.sh")
    deps_json = os.path.join(DOCS_CACHE, "deps.json")
    try:
        with open(deps_json) as f:
            key = docs_key(json.load(f), treelib.SRC, build_sh)
    except (OSError, ValueError):
        key = None
    if key and os.path.exists(os.path.join(DOCS_CACHE, key)):
        note = ("the manual's inputs are those of a clean build (verdict %s in %s): "
                "not built again\n" % (key[:16], DOCS_CACHE))
        os.makedirs(LOGS, exist_ok=True)
        with open(os.path.join(LOGS, "docs-build.log"), "w") as f:
            f.write(note)
        os.utime(os.path.join(DOCS_CACHE, key))
        res.add("docs/build-without-warnings", "PASS", note, show=True)
        res.add("docs/cpu-models-page", "PASS", note)
        return

    def build():
        rc, out = run_logged(["bash", os.path.join(HARNESS, "build.sh"), "docs"],
                             "docs-build.log")
        return rc == 0, out

    def pages():
        # our page is in the manual, with its generated table, and the QMP
        # reference documents the new command
        want = [("system/arm/cpu-models.html", "grace-v1"),
                ("system/arm/cpu-models.html", "cpu-models-management.html"),
                ("system/arm/cpu-models-management.html",
                 "query-arm-cpu-props-info"),
                ("system/arm/cpu-models-management.html", "host-passthrough"),
                ("system/arm/cpu-models.html", "Migrating a guest between hosts"),
                ("system/arm/cpu-models.html", "questions of the RFC"),
                ("system/target-arm.html", "cpu-models.html"),
                ("system/target-arm.html", "cpu-models-management.html"),
                ("interop/qemu-qmp-ref.html", "query-arm-cpu-props-info")]
        bad = []
        for page, text in want:
            try:
                with open(os.path.join(manual, page)) as f:
                    if text not in f.read():
                        bad.append("%s lacks %s" % (page, text))
            except OSError as e:
                bad.append("%s: %s" % (page, e.strerror))
        return not bad, "; ".join(bad)

    built = timed(res, "docs/build-without-warnings", build)
    if timed(res, "docs/cpu-models-page", pages) and built:
        # keep the verdict, by what this build read
        out = subprocess.run(["ninja", "-C", os.path.join(BUILD, "docs"), "-t", "deps",
                              "docs/docs.stamp"], text=True, capture_output=True).stdout
        deps = docs_deps(out, treelib.SRC, BUILD)
        key = docs_key(deps, treelib.SRC, build_sh)
        # (a build without its depfile's record keeps nothing)
        if len(deps) > 100 and key:
            os.makedirs(DOCS_CACHE, exist_ok=True)
            with open(deps_json + ".tmp", "w") as f:
                json.dump(deps, f)
            os.replace(deps_json + ".tmp", deps_json)
            open(os.path.join(DOCS_CACHE, key), "w").close()


# Upstream files whose change is the generated FIELD() replacement of
# patch 0003 (the ID registers' fields from the table): not counted as
# hand edits
GENERATED_UPSTREAM = ("target/arm/cpu-features.h", "target/arm/cpu-sysregs.h.inc")
UPSTREAM_EDIT_LIMIT = 300


def upstream_edits():
    """Changed lines in upstream files, per file, over patches/ (without the
    patches the series skips and the generated FIELD() replacement)."""
    with open(os.path.join(TOP, "series", "manifest")) as f:
        skip = set(re.findall(r"^skip: (\S+)", f.read(), re.M))
    per = {}
    for name in treelib.series():
        if name in skip:
            continue
        with open(os.path.join(treelib.PATCHES, name)) as f:
            _, body = treelib.split_patch(f.read())
        path = None
        for ln in body.split("\n"):
            m = re.match(r"^diff --git a/(\S+) ", ln)
            if m:
                path = m.group(1)
            elif path not in GENERATED_UPSTREAM and ln[:1] in ("+", "-") and \
                    not ln.startswith(("+++", "---")):
                per[path] = per.get(path, 0) + 1
    return per


def group_series(res):
    def edits():
        per = upstream_edits()
        total = sum(per.values())
        top = ", ".join("%s %d" % kv for kv in
                        sorted(per.items(), key=lambda kv: -kv[1])[:5])
        return total <= UPSTREAM_EDIT_LIMIT, "%d changed lines in upstream files " \
            "(at most %d): %s ..." % (total, UPSTREAM_EDIT_LIMIT, top)

    timed(res, "series/upstream-edits", edits)
    t0 = time.monotonic()
    rc, out = run_logged([sys.executable, os.path.join(HARNESS, "series.py"),
                          "--check", "--build", "build-files", "--after", BUILD_LOCK],
                         "series.log")
    secs = time.monotonic() - t0
    errors = "\n".join(ln for ln in out.splitlines()
                       if not ln.startswith("[") or "error" in ln)
    # series.py logs each check's line only when the check passed
    for name, mark in (("export", "exported "),
                       ("checkpatch", "checkpatch.pl: every patch clean"),
                       ("git-am", "git am on a clean base"),
                       ("prefix-builds", "patch boundaries:")):
        res.add("series/" + name, "PASS" if mark in out else "FAIL", errors,
                secs if name == "prefix-builds" else 0)


# L1 hosts that boot at once: each is a TCG guest that keeps about one of
# L0's cores busy (cross + nested: 122% of a core over 459 s, the
# migration's two hosts included), so one per core, two on 2 cores
NESTED_JOBS = max(2, os.cpu_count() or 1)


def nested_suite(k):
    """The L1 suite on kernel K: [(name, status, detail, secs)]."""
    def run():
        console, secs = nested.run_suite(k)
        with open(os.path.join(LOGS, "nested-%s.log" % k), "w") as f:
            f.write(console)
        return console, secs

    return nested_run(k, run, lambda console: nested.check_suite(k, console),
                      what="suite")


def group_nested(res):
    if nested.direct_mode():
        for item in nested_suite("host"):
            res.add(*item)
        # hosts of other CPUs: only nested, where our models make them
        res.add("nested/migration", "SKIP",
                "needs two L1 hosts of different CPUs (nested only)")
        res.add("nested/nosve", "SKIP", "needs an L1 host without SVE (nested only)")
        res.add("nested/vls", "SKIP",
                "needs an L1 host with 128-bit SVE only (nested only)")
        return
    os.makedirs(LOGS, exist_ok=True)
    runs = [lambda k=k: nested_suite(k) for k in nested.KERNELS]
    runs += [lambda: nested_run("nosve", nested.run_nosve, nested.check_nosve),
             lambda: nested_run("vls", nested.run_vls, nested.check_vls)]
    # the image once, before the hosts that share it boot
    try:
        nested.l1_image()
    except Exception as e:
        res.add("nested/image", "FAIL", "%s: %s" % (type(e).__name__, e))
        return
    with ThreadPoolExecutor(max_workers=NESTED_JOBS) as pool:
        for items in pool.map(lambda run: run(), runs):
            for item in items:
                res.add(*item)
    # two L1 hosts of its own
    for item in nested_run("migration", nested.run_migration, nested.check_migration):
        res.add(*item)


def nested_run(label, run, check, what="run"):
    """RUN() returns consoles and seconds; CHECK(consoles) the results:
    [(name, status, detail, secs)], the first nested/LABEL/WHAT."""
    t0 = time.monotonic()
    try:
        *consoles, secs = run()
    except Exception as e:
        return [("nested/%s/%s" % (label, what), "FAIL",
                 "%s: %s" % (type(e).__name__, e), time.monotonic() - t0)]
    out = [("nested/%s/%s" % (label, what), "PASS", "", secs)]
    try:
        for name, ok, detail in check(*consoles):
            out.append(("nested/%s/%s" % (label, name), "PASS" if ok else "FAIL",
                        detail, 0.0))
    except Exception as e:      # a console the checks did not foresee
        out.append(("nested/%s/check" % label, "FAIL", "%s: %s (consoles in build/logs)"
                    % (type(e).__name__, e), 0.0))
    return out


def cpu_seconds(apart=True):
    """The processor time of this process and of the processes it has
    waited for (theirs include their own children's they waited for);
    with APART, less that of the group started from the beginning."""
    with _LANE_LOCK:
        # getrusage, not os.times(): the same microseconds as wait4's
        me, kids = resource.getrusage(resource.RUSAGE_SELF), \
            resource.getrusage(resource.RUSAGE_CHILDREN)
        total = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
        return total - _LANE_CPU[0] if apart else total


GROUPS = [("harness", group_harness), ("build", group_build), ("table", group_table),
          ("payload", group_payload),
          ("unit", group_unit), ("qtest", group_qtest), ("libvirt", group_libvirt),
          ("docs", group_docs), ("cross", group_cross),
          ("nested", group_nested), ("bench", group_bench), ("fuzz", group_fuzz),
          ("series", group_series),
          ("sanitize", group_sanitize)]
# Groups that run, one after the other, at the same time as another
# group, when asked for; "*": from the start, alongside all the others
# (CPU seconds over wall seconds of each alone, warm, on 2 cores): the
# qtest group keeps one core busy for its last ~80 s (the guest test),
# where the docs build (Sphinx, one core, ~120 s) and the libvirt group
# (one TCG guest at a time, ~45 s) fit; the series (export, checkpatch,
# git am, then meson's reconfiguration at each build-file boundary: one
# process at a time, ~8 s each, after a first full ccache build) fills
# what the one-process groups and the L1 hosts leave; the cross build
# goes first there, done long before the nested group needs it, so that
# the other groups' line of work (the longer) does not wait for it. The
# L1 hosts keep ~1.4 cores busy, the series less and less; the bench and
# fuzz smoke runs (~25 s of CPU) fit beside them, off that line.
ALONGSIDE = {"*": ("cross", "series"), "qtest": ("docs", "libvirt"),
             "nested": ("bench", "fuzz")}
# What a group needs done before it starts, when that one runs from the
# start: the nested group runs the cross build's QEMU
NEEDS = {"nested": ("cross",)}
# Groups that run with nothing alongside, before the "*" groups start: the
# harness group's round-trip of patches/ uses build/src's index, which the
# series reads and branches from
ALONE = ("harness",)
# The groups that run what the build group builds: asked for, they bring
# it in (first, after the ALONE groups); when it fails, they do not run
BUILT = ("payload", "unit", "bench", "fuzz", "qtest", "libvirt", "nested")
# what check.py runs without arguments (make check)
DEFAULT = [n for n, _ in GROUPS if n != "sanitize"]


def start_partners(groups, labels, apart=False):
    """Run the groups LABELS one after the other in a thread of their own;
    return the thread and their BufferedResults (each with the time it
    ended). APART: the processor time of what they run is counted apart."""
    buffered = {p: BufferedResults() for p in labels}
    for b in buffered.values():
        b.ended = threading.Event()

    def run():
        _LANE.apart = apart
        for label in labels:
            try:
                groups[label](buffered[label])
            except Exception as e:
                buffered[label].add("%s/group" % label, "FAIL",
                                    "%s: %s" % (type(e).__name__, e))
            buffered[label].end = time.monotonic()
            buffered[label].ended.set()

    th = threading.Thread(target=run)
    th.start()
    return th, buffered


def main(argv):
    if "--list" in argv:
        for name, _ in GROUPS:
            print(name)
        return 0
    want = argv or DEFAULT
    unknown = [w for w in want if w not in dict(GROUPS)]
    if unknown:
        print("check: unknown group(s) %s; accepted: %s" %
              (", ".join(unknown), ", ".join(n for n, _ in GROUPS)), file=sys.stderr)
        return 2
    if "build" not in want and any(w in BUILT for w in want):
        want = want + ["build"]
    res = Results()
    t0, all0 = time.monotonic(), cpu_seconds(apart=False)
    with _LANE_LOCK:
        lane0 = _LANE_CPU[0]
    groups = dict(GROUPS)
    times = []
    # the groups that run from the start, alongside all the others (once
    # those that run ALONE are done)
    early = [p for p in ALONGSIDE.get("*", ()) if p in want]
    early_run = None
    done = set(early)
    built = True
    os.makedirs(os.path.dirname(BUILD_LOCK), exist_ok=True)
    build_lock = open(BUILD_LOCK, "a")
    for name, fn in GROUPS:
        if name not in want or name in done:
            continue
        needs = [n for n in NEEDS.get(name, ()) if n in early]
        if name == "build":
            # taken before the early groups start, given back when it ends
            fcntl.flock(build_lock, fcntl.LOCK_EX)
        if early and early_run is None and (name not in ALONE or needs):
            early_run = start_partners(groups, early, apart=True)
        print("=== %s" % name, flush=True)
        tg, cg = time.monotonic(), cpu_seconds()
        for n in needs:
            early_run[1][n].ended.wait()
        partners = [p for p in ALONGSIDE.get(name, ()) if p in want and p not in done]
        if not built and name in BUILT:
            # not run, nor its partners that need the build; the others
            # run in its place
            for label in [name] + partners:
                if label in BUILT:
                    res.add("%s/group" % label, "FAIL", "not run: the build group "
                            "failed (build/logs/build-*.log)")
                else:
                    print("=== %s (in place of %s)" % (label, name), flush=True)
                    groups[label](res)
                done.add(label)
            continue
        if not partners:
            ok = fn(res)
            if name == "build":
                built = bool(ok)
                build_lock.close()
            times.append((name, time.monotonic() - tg, cpu_seconds() - cg))
            continue
        # the PARTNERS run one after the other at the same time as NAME,
        # their results shown after NAME's
        th, buffered = start_partners(groups, partners)
        fn(res)
        th.join()
        for label in partners:
            print("=== %s (alongside %s)" % (label, name), flush=True)
            buffered[label].replay(res)
            done.add(label)
        times.append(("+".join([name] + partners), time.monotonic() - tg,
                      cpu_seconds() - cg))
    build_lock.close()
    if early:
        th, buffered = early_run or start_partners(groups, early, apart=True)
        th.join()
        for label in early:
            print("=== %s (alongside the others, from the start)" % label, flush=True)
            buffered[label].replay(res)
        with _LANE_LOCK:
            lane = _LANE_CPU[0] - lane0
        times.append(("+".join(early) + " (from the start)",
                      buffered[early[-1]].end - t0, lane))
    # what each group took, of the clock and of the processors: the CPU
    # time over the cores is the least any schedule of the same work takes
    # (a sum less a part of it can round below zero by a hair)
    print("=== times (wall/CPU): " +
          ", ".join("%s %.0f/%.0f s" % (n, w, max(c, 0.0)) for n, w, c in times),
          flush=True)
    wall, cpu = time.monotonic() - t0, cpu_seconds(apart=False) - all0
    cores = os.cpu_count() or 1
    print("=== done in %.0f s, CPU %.0f s (at least %.0f s on %d cores); logs in %s" %
          (wall, cpu, cpu / cores, cores, os.path.relpath(LOGS, TOP)))
    passed, failed, skipped = res.count("PASS"), res.count("FAIL"), res.count("SKIP")
    if failed:
        print("failed: " + ", ".join(n for n, s, _ in res.items if s == "FAIL"))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
