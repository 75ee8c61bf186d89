#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of harness/series.py's manifest and line assignment, on small
inputs: which step each changed line of an upstream file goes to, what
the file is at each step, and the errors for what no step owns."""

import fcntl
import os
import sys
import tempfile
import threading
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import series  # noqa: E402
from treelib import Fatal  # noqa: E402


def manifest(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".manifest", delete=False)
    f.write(textwrap.dedent(text))
    f.close()
    try:
        return series.parse_manifest(f.name)
    finally:
        os.unlink(f.name)


STEPS = """\
    # a comment
    skip: 0001-local.patch

    === first: the table
    files: a.c a.h
    lines: meson.build 'a\\.c'

    The table.

    === second: the user
    patch: 0002-user.patch
    files: dir/
    lines: meson.build 'b\\.c'

    === model m-v1
    """


class TestManifest(unittest.TestCase):
    def test_parse(self):
        skip, steps = manifest(STEPS)
        self.assertEqual(skip, ["0001-local.patch"])
        self.assertEqual([s.subject for s in steps],
                         ["first: the table", "second: the user", None])
        self.assertEqual(steps[0].files, ["a.c", "a.h"])
        self.assertEqual(steps[0].body, ["The table."])
        self.assertEqual(steps[1].patches, ["0002-user.patch"])
        self.assertEqual(steps[1].body, [])
        self.assertEqual(steps[2].model, "m-v1")

    def test_unknown_key(self):
        with self.assertRaisesRegex(Fatal, r"unknown key 'file' \(accepted: "
                                    r"files, patch, lines, model"):
            manifest("=== x\nfile: a.c\n")

    def test_step_words(self):
        words = ("target/arm: the m-v1 CPU model", ["The m.", "", "regs"])
        only = series.Step(0, None, 1)
        self.assertEqual(series.step_words(only, words), words)
        own = series.Step(1, "target/arm: the model layer", 2)
        own.body = ["The layer."]
        self.assertEqual(series.step_words(own, words),
                         ("target/arm: the model layer",
                          ["The layer.", "", "The m.", "", "regs"]))
        self.assertEqual(own.body, ["The layer."])
        self.assertEqual(series.step_words(own, None),
                         ("target/arm: the model layer", ["The layer."]))

    def test_new_file_owners(self):
        _, steps = manifest(STEPS)
        self.assertIs(series.step_of_new_file(steps, "a.h"), steps[0])
        self.assertIs(series.step_of_new_file(steps, "dir/x/y.c"), steps[1])
        self.assertIs(series.step_of_new_file(
            steps, "target/arm/models/m-v1.model"), steps[2])
        self.assertIsNone(series.step_of_new_file(steps, "other.c"))


class TestLines(unittest.TestCase):
    BASE = ["files(", "  'x.c',", ")", "end", ""]
    FINAL = ["files(", "  'a.c',", "  'b.c',", "  # about b",
             "  'x.c',", ")", "end changed", ""]

    def test_runs_and_contents(self):
        _, steps = manifest(STEPS)
        blocks = series.assign_blocks(steps, "meson.build", self.BASE,
                                      self.FINAL, steps[1], [])
        self.assertEqual([(b[2], b[3].index) for b in blocks],
                         [(["  'a.c',"], 0),
                          (["  'b.c',", "  # about b"], 1),
                          (["end changed"], 1)])
        self.assertEqual(series.content_at(self.BASE, blocks, 0),
                         ["files(", "  'a.c',", "  'x.c',", ")", "end", ""])
        self.assertEqual(series.content_at(self.BASE, blocks, 1), self.FINAL)

    def test_removal_follows_the_rule_of_the_removed_line(self):
        _, steps = manifest(STEPS)
        blocks = series.assign_blocks(steps, "meson.build",
                                      ["x", "  'b.c',", "y", ""],
                                      ["x", "y", ""], steps[0], [])
        self.assertEqual([(b[0], b[1], b[3].index) for b in blocks],
                         [(1, 2, 1)])

    def test_leading_blank_line_goes_with_what_follows(self):
        # difflib may start an inserted block with a blank line (an insert
        # between two blank lines): it belongs to the block's first step
        _, steps = manifest(STEPS)
        blocks = series.assign_blocks(steps, "meson.build", ["x", "", "y", ""],
                                      ["x", "", "'a.c'", "", "y", ""], None, [])
        self.assertEqual([(b[2], b[3].index) for b in blocks],
                         [([""], 0), (["'a.c'"], 0)])

    def test_new_file_split_between_steps(self):
        # a new file's later cases go to a later step; the step that brings
        # the file has the first run and the runs its own rules start
        _, steps = manifest("""\
            === first: the test
            files: t.c
            lines: t.c ^int main|^    return

            === second: its KVM cases
            lines: t.c ^/\\* KVM|^    kvm_cases
            """)
        final = ["#include", "void tcg(void) {}", "", "/* KVM */",
                 "void kvm(void) {}", "", "int main(void)", "{", "    tcg();",
                 "    kvm_cases();", "    return 0;", "}", ""]
        blocks = series.new_file_blocks(steps, "t.c", final, steps[0])
        self.assertEqual([(b[2][0], b[3].index) for b in blocks],
                         [("#include", 0), ("/* KVM */", 1), ("int main(void)", 0),
                          ("    kvm_cases();", 1), ("    return 0;", 0)])
        self.assertEqual(series.content_at([], blocks, 0),
                         ["#include", "void tcg(void) {}", "", "int main(void)",
                          "{", "    tcg();", "    return 0;", "}", ""])
        self.assertEqual(series.content_at([], blocks, 1), final)

    def test_new_file_lines_before_its_step(self):
        _, steps = manifest("""\
            === first: the user
            lines: t.c ^late

            === second: the file
            files: t.c
            """)
        with self.assertRaisesRegex(Fatal, r"t.c: step\(s\) 'first: the user' "
                                    r"have lines of it, but 'second: the file', "
                                    r"a later step, brings it"):
            series.new_file_blocks(steps, "t.c", ["early", "late", ""], steps[1])

    def test_unowned_line(self):
        _, steps = manifest(STEPS)
        with self.assertRaisesRegex(Fatal, r"meson.build: no step owns the "
                                    r"change of lines 4-4"):
            series.assign_blocks(steps, "meson.build", self.BASE, self.FINAL,
                                 None, [])

    def test_replacement_of_two_steps(self):
        # a replaced line whose new text names what two steps bring cannot
        # go to either alone (CI found the earlier one naming a later file)
        _, steps = manifest(STEPS)
        with self.assertRaisesRegex(Fatal, r"meson.build: the change of lines "
                                    r"2-2 has lines of several steps \(first: "
                                    r"the table, second: the user\)"):
            series.assign_blocks(steps, "meson.build", ["x", "old", ""],
                                 ["x", "'a.c',", "'b.c'", ""], None, [])

    def test_two_rules_match(self):
        _, steps = manifest(STEPS)
        with self.assertRaisesRegex(Fatal, r"matches the rules of several"):
            series.assign_blocks(steps, "meson.build", ["x", ""],
                                 ["x", "'a.c' 'b.c'", ""], None, [])

    def test_maintainers_lines_follow_their_files(self):
        _, steps = manifest(STEPS)
        base = ["A", "", ""]
        final = ["A", "", "New section", "M: someone", "F: a.c",
                 "F: dir/", "", ""]
        blocks = series.assign_blocks(steps, "MAINTAINERS", base, final,
                                      None, ["a.c", "dir/z.c"])
        # the blank line after the section goes with the last F: line
        self.assertEqual(series.content_at(base, blocks, 0),
                         ["A", "", "New section", "M: someone", "F: a.c",
                          ""])
        self.assertEqual(series.content_at(base, blocks, 1), final)
        with self.assertRaisesRegex(Fatal, r"MAINTAINERS names gone.c, "
                                    r"which no step brings"):
            series.assign_blocks(steps, "MAINTAINERS", base,
                                 ["A", "F: gone.c", "", ""], None, ["a.c"])


class MaintainersMatchTest(unittest.TestCase):
    def test_patterns(self):
        m = series.maintainers_match
        self.assertTrue(m("target/arm/arm-cpu-*", "target/arm/arm-cpu-props.c"))
        self.assertFalse(m("target/arm/arm-cpu-*", "target/arm/x/arm-cpu-a.c"))
        self.assertTrue(m("tests/data/d/", "tests/data/d/x/y.txt"))
        self.assertTrue(m("*/*arm-cpu-props*", "qapi/arm-cpu-props.json"))
        self.assertFalse(m("*/*arm-cpu-props*", "target/arm/arm-cpu-props.c"))
        self.assertTrue(m("a.c", "a.c"))
        self.assertFalse(m("a.c", "ab.c"))


class TestCoverLetter(unittest.TestCase):
    SUBJECTS = ["scripts: a", "target/arm: the x-v1 CPU model",
                "target/arm: glue", "target/arm: the y-v1 CPU model",
                "target/arm: the z-v1 CPU model", "docs: d"]

    def fill(self, text):
        saved = series.git
        series.git = lambda *args, **kw: "\n".join(self.SUBJECTS)
        try:
            return series.fill_patch_numbers(text)
        finally:
            series.git = saved

    def test_numbers_and_ranges(self):
        self.assertEqual(self.fill("(patches {patches:CPU model$}; patch "
                                   "{patches:^docs/|^docs:})"),
                         "(patches 2, 4-5; patch 6)")

    def test_no_match(self):
        with self.assertRaisesRegex(Fatal, r"no patch matches \{patches:qapi\}"):
            self.fill("{patches:qapi}")


class CheckpatchCacheTest(unittest.TestCase):
    """checkpatch.pl runs once per patch content and script: a clean
    verdict is kept in the cache, a failing one is not."""

    SCRIPT = textwrap.dedent("""\
        open(my $f, '>>', "$ENV{RUNS}") or die; print $f "$ARGV[0]\\n";
        open(my $p, '<', $ARGV[0]) or die; my $t = do { local $/; <$p> };
        if ($t =~ /BAD/) { print "ERROR: bad\\ntotal: 1 errors, 0 warnings\\n"; exit 1 }
        print "total: 0 errors, 0 warnings\\n";
        """)

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        d = self.dir.name
        os.makedirs(os.path.join(d, "tree", "scripts"))
        with open(os.path.join(d, "tree", "scripts", "checkpatch.pl"), "w") as f:
            f.write(self.SCRIPT)
        with open(os.path.join(d, "tree", "MAINTAINERS"), "w") as f:
            f.write("")
        self.runs = os.path.join(d, "runs")
        os.environ["RUNS"] = self.runs
        self.saved = series.CHECKPATCH_CACHE
        series.CHECKPATCH_CACHE = os.path.join(d, "cache")

    def tearDown(self):
        series.CHECKPATCH_CACHE = self.saved
        del os.environ["RUNS"]
        self.dir.cleanup()

    def patch(self, name, first, body):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write("From %s Mon Sep 17 00:00:00 2001\n%s" % (first, body))
        return path

    def check(self, *patches):
        if os.path.exists(self.runs):
            os.unlink(self.runs)
        bad = series.checkpatch(os.path.join(self.dir.name, "tree"), list(patches))
        if not os.path.exists(self.runs):
            return bad, 0
        with open(self.runs) as f:
            return bad, len(f.read().split())

    def test_cached_by_content(self):
        a = self.patch("0001-a.patch", "1111", "a\n")
        b = self.patch("0002-b.patch", "2222", "b\n")
        self.assertEqual(self.check(a, b), ([], 2))
        # the same content under another commit: no new run
        a = self.patch("0001-a.patch", "3333", "a\n")
        self.assertEqual(self.check(a, b), ([], 0))
        b = self.patch("0002-b.patch", "2222", "b, changed\n")
        self.assertEqual(self.check(a, b), ([], 1))

    def test_cached_across_dates(self):
        head = "From: A <a@example.org>\nDate: %s\nSubject: [PATCH] x\n\n"
        body = "Date: in the body counts\n---\n x | 1 +\n"
        a = self.patch("0001-a.patch", "1111", head % "Sat, 5 Dec 2026 05:43:48 +0000" + body)
        self.assertEqual(self.check(a), ([], 1))
        # the last commit's date moved (a commit of the harness): no new run
        a = self.patch("0001-a.patch", "2222", head % "Sat, 5 Dec 2026 06:10:00 +0000" + body)
        self.assertEqual(self.check(a), ([], 0))
        # but any other header or the body does
        a = self.patch("0001-a.patch", "2222", head.replace("A <", "B <") %
                       "Sat, 5 Dec 2026 06:10:00 +0000" + body)
        self.assertEqual(self.check(a), ([], 1))
        a = self.patch("0001-a.patch", "2222", head % "Sat, 5 Dec 2026 06:10:00 +0000" +
                       body.replace("counts", "counted"))
        self.assertEqual(self.check(a), ([], 1))

    def test_failure_not_kept(self):
        a = self.patch("0001-a.patch", "1111", "BAD\n")
        for _ in range(2):
            bad, runs = self.check(a)
            self.assertEqual(runs, 1)
            self.assertEqual(len(bad), 1)
            self.assertIn("ERROR: bad", bad[0])

    def test_new_script_runs_again(self):
        a = self.patch("0001-a.patch", "1111", "a\n")
        self.assertEqual(self.check(a), ([], 1))
        with open(os.path.join(self.dir.name, "tree", "scripts", "checkpatch.pl"),
                  "a") as f:
            f.write("# a new version\n")
        self.assertEqual(self.check(a), ([], 1))


class WaitForTest(unittest.TestCase):
    """--after LOCK: the boundaries wait while make check builds natively."""
    def test_waits_for_the_holder(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "lock")
            held = open(path, "a")
            fcntl.flock(held, fcntl.LOCK_EX)
            done = threading.Event()
            th = threading.Thread(target=lambda: (series.wait_for(path), done.set()))
            th.start()
            self.assertFalse(done.wait(0.3))
            held.close()
            self.assertTrue(done.wait(10))
            th.join()
            # nobody holds it: no wait
            series.wait_for(path)


if __name__ == "__main__":
    unittest.main()
