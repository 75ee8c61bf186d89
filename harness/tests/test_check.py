#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of harness/check.py's scheduling, with fake groups and a fake
nested harness: a group that runs alongside another really runs at the
same time and its results come after that group's, in the same order
as alone, several such groups one after the other; a group that runs
from the start does so alongside all the others (after those that run
alone), its results last and its processor time counted apart from
theirs; the nested group
boots at most NESTED_JOBS L1 hosts at once, the migration's after all
the others, and keeps the results' order; the times of each group (or
pair) and of the whole run are reported."""

import atexit
import contextlib
import fcntl
import io
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import check  # noqa: E402

# the build group's lock, of this test's own (not build/'s)
_LOCK_DIR = tempfile.mkdtemp(prefix="test-check-")
atexit.register(shutil.rmtree, _LOCK_DIR, True)
check.BUILD_LOCK = os.path.join(_LOCK_DIR, "build.lock")


def lock_free():
    """Whether no one holds the build lock (a shared lock is granted)."""
    with open(check.BUILD_LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False


def run_main(groups, alongside, argv):
    out = io.StringIO()
    with mock.patch.object(check, "GROUPS", groups), \
            mock.patch.object(check, "ALONGSIDE", alongside), \
            mock.patch.object(check, "DEFAULT", [n for n, _ in groups]), \
            contextlib.redirect_stdout(out):
        rc = check.main(argv)
    return rc, [ln for ln in out.getvalue().splitlines()
                if not ln.startswith(("=== done", "=== times"))]


def one_then_other(events, first, then, secs):
    """Two fake groups: FIRST takes SECS and records when it ends, THEN
    records when it starts (in EVENTS); each passes one test."""
    def one(res):
        time.sleep(secs)
        events.append("%s ends" % first)
        res.add("%s/x" % first, "PASS")

    def other(res):
        events.append("%s starts" % then)
        res.add("%s/y" % then, "PASS")

    return one, other


class TestAlongside(unittest.TestCase):
    def test_partner_runs_at_the_same_time_and_reports_after(self):
        started = threading.Event()

        def a(res):
            # only passes if b runs while a does
            res.add("a/x", "PASS" if started.wait(10) else "FAIL")

        def b(res):
            started.set()
            res.add("b/y", "PASS")

        def c(res):
            res.add("c/z", "PASS")

        rc, lines = run_main([("a", a), ("b", b), ("c", c)], {"a": ("b",)}, [])
        self.assertEqual(rc, 0)
        self.assertEqual(lines[:-1], ["=== a", "PASS a/x", "=== b (alongside a)",
                                      "PASS b/y", "=== c", "PASS c/z"])
        self.assertEqual(lines[-1], "3 passed, 0 failed, 0 skipped")

    def test_times_of_each_group_and_pair(self):
        out = io.StringIO()
        groups = [("a", lambda r: r.add("a/x", "PASS")),
                  ("b", lambda r: r.add("b/y", "PASS")),
                  ("c", lambda r: r.add("c/z", "PASS"))]
        with mock.patch.object(check, "GROUPS", groups), \
                mock.patch.object(check, "ALONGSIDE", {"a": ("b",)}), \
                mock.patch.object(check, "DEFAULT", ["a", "b", "c"]), \
                contextlib.redirect_stdout(out):
            check.main([])
        lines = out.getvalue().splitlines()
        times = [ln for ln in lines if ln.startswith("=== times")]
        self.assertEqual(len(times), 1)
        self.assertRegex(times[0], r"^=== times \(wall/CPU\): a\+b \d+/\d+ s, "
                         r"c \d+/\d+ s$")
        self.assertRegex(lines[-2], r"^=== done in \d+ s, CPU \d+ s "
                         r"\(at least \d+ s on \d+ cores\); logs in ")

    def test_two_partners_one_after_the_other(self):
        started = threading.Event()
        order = []

        def a(res):
            res.add("a/x", "PASS" if started.wait(10) else "FAIL")

        def b(res):
            order.append("b")
            raise RuntimeError("b broke")

        def c(res):
            order.append("c")
            started.set()
            res.add("c/z", "PASS")

        def d(res):
            res.add("d/w", "PASS")

        rc, lines = run_main([("a", a), ("b", b), ("c", c), ("d", d)],
                             {"a": ("b", "c")}, [])
        self.assertEqual(rc, 1)
        self.assertEqual(order, ["b", "c"])
        self.assertEqual([ln for ln in lines if not ln.startswith("     |")][:-2],
                         ["=== a", "PASS a/x", "=== b (alongside a)", "FAIL b/group",
                          "=== c (alongside a)", "PASS c/z", "=== d", "PASS d/w"])

    def test_partner_not_asked_for(self):
        rc, lines = run_main([("a", lambda r: r.add("a/x", "PASS")),
                              ("b", lambda r: r.add("b/y", "PASS"))],
                             {"a": ("b",)}, ["a"])
        self.assertEqual(rc, 0)
        self.assertEqual(lines, ["=== a", "PASS a/x", "1 passed, 0 failed, 0 skipped"])

    def test_partner_that_raises_fails(self):
        def b(res):
            res.add("b/y", "PASS")
            raise RuntimeError("docs build vanished")

        rc, lines = run_main([("a", lambda r: r.add("a/x", "PASS")), ("b", b)],
                             {"a": ("b",)}, [])
        self.assertEqual(rc, 1)
        self.assertIn("FAIL b/group", lines)
        self.assertIn("     | RuntimeError: docs build vanished", lines)
        self.assertLess(lines.index("PASS b/y"), lines.index("FAIL b/group"))


class TestFromTheStart(unittest.TestCase):
    def test_runs_with_the_first_group_and_reports_last(self):
        started = threading.Event()
        order = []

        def a(res):
            res.add("a/x", "PASS" if started.wait(10) else "FAIL")

        def b(res):
            res.add("b/y", "PASS")

        def s(res):
            order.append("s")
            started.set()
            res.add("s/z", "PASS")

        rc, lines = run_main([("s", s), ("a", a), ("b", b)], {"*": ("s",)}, [])
        self.assertEqual(rc, 0)
        self.assertEqual(order, ["s"])
        self.assertEqual(lines[:-1], ["=== a", "PASS a/x", "=== b", "PASS b/y",
                                      "=== s (alongside the others, from the start)",
                                      "PASS s/z"])

    def test_its_processor_time_apart(self):
        # the early group's child burns ~0.8 s of CPU while a runs; a's
        # figure (whole seconds) must not include it, the early group's must
        burn = [sys.executable, "-c",
                "import time\nt=time.process_time()\n"
                "while time.process_time()-t<0.8: pass"]

        def s(res):
            with tempfile.TemporaryDirectory() as d, \
                    mock.patch.object(check, "LOGS", d):
                rc, _ = check.run_logged(burn, "burn.log")
            res.add("s/z", "PASS" if rc == 0 else "FAIL")

        def a(res):
            time.sleep(1.5)
            res.add("a/x", "PASS")

        out = io.StringIO()
        with mock.patch.object(check, "GROUPS", [("s", s), ("a", a)]), \
                mock.patch.object(check, "ALONGSIDE", {"*": ("s",)}), \
                mock.patch.object(check, "DEFAULT", ["s", "a"]), \
                contextlib.redirect_stdout(out):
            self.assertEqual(check.main([]), 0)
        times = [ln for ln in out.getvalue().splitlines()
                 if ln.startswith("=== times")][0]
        m = re.match(r"^=== times \(wall/CPU\): a (\d+)/([\d.]+) s, "
                     r"s \(from the start\) (\d+)/([\d.]+) s$", times)
        self.assertTrue(m, times)
        self.assertEqual(m.group(2), "0")
        self.assertEqual(m.group(4), "1")

    def test_after_the_groups_that_run_alone(self):
        events = []
        h, s = one_then_other(events, "h", "s", 0.2)

        with mock.patch.object(check, "ALONE", ("h",)):
            rc, lines = run_main([("h", h), ("s", s),
                                  ("a", lambda r: r.add("a/x", "PASS"))],
                                 {"*": ("s",)}, [])
        self.assertEqual(rc, 0)
        self.assertEqual(events, ["h ends", "s starts"])
        self.assertEqual(lines[-2:], ["PASS s/y", "3 passed, 0 failed, 0 skipped"])
        # alone and the early group only: it starts after it all the same
        events.clear()
        with mock.patch.object(check, "ALONE", ("h",)):
            rc, lines = run_main([("h", h), ("s", s)], {"*": ("s",)}, [])
        self.assertEqual((rc, events), (0, ["h ends", "s starts"]))

    def test_a_group_waits_for_what_it_needs(self):
        events = []
        c, n = one_then_other(events, "c", "n", 0.3)

        for argv in ([], ["n", "c"]):
            events.clear()
            with mock.patch.object(check, "NEEDS", {"n": ("c",)}):
                rc, lines = run_main([("c", c), ("n", n), ("s", lambda r: None)],
                                     {"*": ("c", "s")}, argv)
            self.assertEqual((rc, events), (0, ["c ends", "n starts"]))
            self.assertEqual(lines[:3], ["=== n", "PASS n/y",
                                         "=== c (alongside the others, from the start)"])

    def test_the_build_comes_with_what_needs_it(self):
        def build(res):
            res.add("build/native", "PASS")
            return True

        groups = [("build", build), ("u", lambda r: r.add("u/x", "PASS")),
                  ("t", lambda r: r.add("t/y", "PASS"))]
        with mock.patch.object(check, "BUILT", ("u",)):
            self.assertEqual(run_main(groups, {}, ["u"])[1][:4],
                             ["=== build", "PASS build/native", "=== u", "PASS u/x"])
            # a group that needs nothing built does not bring it in
            self.assertEqual(run_main(groups, {}, ["t"])[1][:2], ["=== t", "PASS t/y"])

    def test_the_build_holds_its_lock(self):
        seen, looked = {}, threading.Event()

        def build(res):
            seen["build"] = lock_free()
            looked.wait(10)
            res.add("build/native", "PASS")
            return True

        def s(res):
            # from the start, beside the build: the lock is already taken
            seen["early"] = lock_free()
            looked.set()
            res.add("s/x", "PASS")

        def u(res):
            seen["after"] = lock_free()
            res.add("u/y", "PASS")

        with mock.patch.object(check, "BUILT", ("u",)):
            rc, _ = run_main([("build", build), ("s", s), ("u", u)], {"*": ("s",)}, [])
        self.assertEqual((rc, seen), (0, {"build": False, "early": False, "after": True}))
        self.assertTrue(lock_free())

    def test_a_failed_build_stops_what_needs_it(self):
        def build(res):
            res.add("build/native", "FAIL", "does not compile")
            return False

        groups = [("build", build), ("q", lambda r: r.add("q/x", "PASS")),
                  ("d", lambda r: r.add("d/y", "PASS")),
                  ("v", lambda r: r.add("v/z", "PASS")),
                  ("t", lambda r: r.add("t/w", "PASS"))]
        with mock.patch.object(check, "BUILT", ("q", "v")):
            rc, lines = run_main(groups, {"q": ("d", "v")}, [])
        self.assertEqual(rc, 1)
        # q's partner that needs nothing built runs in its place
        self.assertEqual([ln for ln in lines if not ln.startswith("     |")],
                         ["=== build", "FAIL build/native", "=== q",
                          "FAIL q/group", "=== d (in place of q)", "PASS d/y",
                          "FAIL v/group", "=== t", "PASS t/w",
                          "failed: build/native, q/group, v/group",
                          "2 passed, 3 failed, 0 skipped"])

    def test_not_asked_for(self):
        rc, lines = run_main([("s", lambda r: r.add("s/z", "PASS")),
                              ("a", lambda r: r.add("a/x", "PASS"))],
                             {"*": ("s",)}, ["a"])
        self.assertEqual(rc, 0)
        self.assertEqual(lines, ["=== a", "PASS a/x", "1 passed, 0 failed, 0 skipped"])


class TestDocsVerdict(unittest.TestCase):
    """The docs group's kept verdict: by the content of what the build read
    (its depfile's record), of every file under docs/ and of build.sh."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        d = self.dir.name
        self.src, self.build = os.path.join(d, "src"), os.path.join(d, "build")
        self.sys = os.path.join(d, "usr-lib.py")
        self.build_sh = os.path.join(d, "build.sh")
        for path, text in ((os.path.join(self.src, "docs", "index.rst"), "index"),
                           (os.path.join(self.src, "qapi", "machine.json"), "{}"),
                           (os.path.join(self.build, "pyvenv", "sphinx-build"), "#!"),
                           (self.sys, "import os"), (self.build_sh, "docs)")):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)

    def tearDown(self):
        self.dir.cleanup()

    def deps(self):
        ninja = "docs/docs.stamp: #deps 4, deps mtime 1 (VALID)\n" + "".join(
            "    %s\n" % p for p in (os.path.join(self.src, "docs", "index.rst"),
                                    os.path.join(self.src, "qapi", "machine.json"),
                                    os.path.join(self.build, "pyvenv", "sphinx-build"),
                                    self.sys))
        return check.docs_deps(ninja, self.src, self.build)

    def key(self):
        return check.docs_key(self.deps(), self.src, self.build_sh)

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def test_deps(self):
        # the source tree's relative, the build tree's left to build.sh
        self.assertEqual(self.deps(), sorted(["src:docs/index.rst", "src:qapi/machine.json",
                                              self.sys]))

    def test_every_input_changes_the_key(self):
        k0 = self.key()
        self.assertIsNotNone(k0)
        self.assertEqual(self.key(), k0)
        for path in (os.path.join(self.src, "qapi", "machine.json"), self.sys,
                     self.build_sh):
            with open(path) as f:
                old = f.read()
            self.write(path, old + " ")
            self.assertNotEqual(self.key(), k0, path)
            self.write(path, old)
            self.assertEqual(self.key(), k0, path)

    def test_a_new_page_changes_the_key(self):
        k0 = self.key()
        # in no toctree (a warning), so in no depfile: the docs/ walk sees it
        self.write(os.path.join(self.src, "docs", "orphan.rst"), "orphan")
        self.assertNotEqual(self.key(), k0)

    def test_kept_verdict_builds_nothing(self):
        cache = os.path.join(self.dir.name, "cache")
        os.makedirs(cache)
        self.write(os.path.join(cache, "deps.json"), "[]")
        build = mock.Mock(return_value=(1, "a warning"))
        with mock.patch.object(check, "DOCS_CACHE", cache), \
                mock.patch.object(check, "LOGS", os.path.join(self.dir.name, "logs")), \
                mock.patch.object(check, "BUILD", self.build), \
                mock.patch.object(check, "docs_key", return_value="k1"), \
                mock.patch.object(check, "run_logged", build):
            # no verdict under this key: it builds (and this build fails)
            res = check.BufferedResults()
            check.group_docs(res)
            self.assertEqual(build.call_count, 1)
            self.assertEqual(res.items[0][:2], ("docs/build-without-warnings", "FAIL"))
            self.assertFalse(os.path.exists(os.path.join(cache, "k1")))
            # with the verdict kept: both checks pass, saying why, unbuilt
            self.write(os.path.join(cache, "k1"), "")
            res = check.BufferedResults()
            check.group_docs(res)
            self.assertEqual(build.call_count, 1)
        self.assertEqual([(n, s) for n, s, *_ in res.items],
                         [("docs/build-without-warnings", "PASS"),
                          ("docs/cpu-models-page", "PASS")])
        self.assertIn("not built again", res.items[0][2])

    def test_a_missing_input_keeps_nothing(self):
        deps = self.deps()
        os.unlink(os.path.join(self.src, "qapi", "machine.json"))
        self.assertIsNone(check.docs_key(deps, self.src, self.build_sh))


class TestNested(unittest.TestCase):
    def test_two_hosts_at_a_time_in_order(self):
        lock = threading.Lock()
        state = {"now": 0, "most": 0, "log": []}

        def host(name, secs=0.05):
            with lock:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
                state["log"].append("start " + name)
            time.sleep(secs)
            with lock:
                state["now"] -= 1
                state["log"].append("end " + name)

        def run_suite(k):
            host(k, 0.2 if k == "k1" else 0.05)
            return "console " + k, 1.0

        def run_l1(name):
            def run():
                host(name)
                return "console " + name, 1.0
            return run

        def run_migration():
            host("migration")
            return "src", "dst", 2.0

        fake = mock.MagicMock()
        fake.direct_mode.return_value = False
        fake.KERNELS = ["k1", "k2", "k3"]
        fake.run_suite.side_effect = run_suite
        fake.check_suite.side_effect = lambda k, c: [("facts", c.endswith(k), c)]
        fake.run_nosve.side_effect = run_l1("nosve")
        fake.run_vls.side_effect = run_l1("vls")
        fake.run_migration.side_effect = run_migration
        fake.check_nosve.return_value = [("ok", True, "")]
        fake.check_vls.return_value = [("ok", True, "")]
        fake.check_migration.return_value = [("moved", True, "")]
        res = check.BufferedResults()
        with tempfile.TemporaryDirectory() as logs, \
                mock.patch.object(check, "nested", fake), \
                mock.patch.object(check, "NESTED_JOBS", 2), \
                mock.patch.object(check, "LOGS", logs):
            check.group_nested(res)
            with open(os.path.join(logs, "nested-k2.log")) as f:
                self.assertEqual(f.read(), "console k2")
        self.assertEqual([(n, s) for n, s, *_ in res.items],
                         [("nested/k1/suite", "PASS"), ("nested/k1/facts", "PASS"),
                          ("nested/k2/suite", "PASS"), ("nested/k2/facts", "PASS"),
                          ("nested/k3/suite", "PASS"), ("nested/k3/facts", "PASS"),
                          ("nested/nosve/run", "PASS"), ("nested/nosve/ok", "PASS"),
                          ("nested/vls/run", "PASS"), ("nested/vls/ok", "PASS"),
                          ("nested/migration/run", "PASS"),
                          ("nested/migration/moved", "PASS")])
        self.assertEqual(state["most"], 2)
        # the migration's two hosts boot after every other host is done
        self.assertEqual(state["log"][-2:], ["start migration", "end migration"])
        fake.l1_image.assert_called_once_with()

    def test_a_host_that_does_not_finish(self):
        fake = mock.MagicMock()
        fake.run_suite.side_effect = RuntimeError("L1 did not finish")
        with tempfile.TemporaryDirectory() as logs, \
                mock.patch.object(check, "nested", fake), \
                mock.patch.object(check, "LOGS", logs):
            items = check.nested_suite("k1")
        self.assertEqual([(n, s, d) for n, s, d, _ in items],
                         [("nested/k1/suite", "FAIL", "RuntimeError: L1 did not finish")])


if __name__ == "__main__":
    unittest.main()
