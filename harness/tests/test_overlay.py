#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of assemble.py and patches.py on a tiny fake upstream tree.

Each test clones this repository into a temporary directory (so that the
real overlay is never touched), points QEMU_SRC at a fake upstream tree of a
few files and ARMCPU_PATCHES at a patch set made for it, and drives the two
scripts the way a developer does.

usage: python3 harness/tests/test_overlay.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "harness"))
import treelib  # noqa: E402

UPSTREAM = {
    "VERSION": "10.2.2\n",
    "configure": "#!/bin/sh\n",
    "target/arm/cpu.c": "int a;\nint b;\nint c;\n",
    "target/arm/kvm.c": "int k;\n",
}

PATCH = """Subject: a test patch

Its header survives regeneration.

diff --git a/target/arm/cpu.c b/target/arm/cpu.c
--- a/target/arm/cpu.c
+++ b/target/arm/cpu.c
@@ -1,3 +1,4 @@
 int a;
+int hook;
 int b;
 int c;
"""


class OverlayTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="armcpu-overlay-")
        self.repo = os.path.join(self.tmp, "repo")
        subprocess.run(["git", "clone", "-q", TOP, self.repo], check=True)
        # the harness under test is the working tree's, committed or not
        shutil.copytree(os.path.join(TOP, "harness"),
                        os.path.join(self.repo, "harness"), dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        # only our own overlay file, so that the fake tree stays tiny
        for d in treelib.OVERLAY_DIRS:
            shutil.rmtree(os.path.join(self.repo, d), ignore_errors=True)
        self.write(self.repo, "target/arm/ours.c", "int ours;\n")
        self.upstream = os.path.join(self.tmp, "upstream")
        for rel, text in UPSTREAM.items():
            self.write(self.upstream, rel, text)
        self.patches = os.path.join(self.tmp, "patches")
        self.write(self.patches, "0001-hook.patch", PATCH)
        self.write(self.patches, "series", "0001-hook.patch\n")
        self.src = os.path.join(self.repo, "build", "src")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    @staticmethod
    def write(root, rel, text):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    @staticmethod
    def read(root, rel):
        with open(os.path.join(root, rel)) as f:
            return f.read()

    def run_script(self, name, *args, ok=True):
        env = dict(os.environ, QEMU_SRC=self.upstream,
                   ARMCPU_PATCHES=self.patches)
        env.pop("ARMCPU_BUILD", None)
        p = subprocess.run([sys.executable, os.path.join(self.repo, "harness", name)]
                           + list(args), env=env, text=True, capture_output=True)
        if ok:
            self.assertEqual(p.returncode, 0, p.stderr)
        else:
            self.assertNotEqual(p.returncode, 0, p.stderr)
        return p.stderr

    def test_assemble_and_roundtrip(self):
        self.run_script("assemble.py")
        self.assertIn("int hook;", self.read(self.src, "target/arm/cpu.c"))
        self.assertEqual(self.read(self.src, "target/arm/ours.c"), "int ours;\n")
        # A hand-written patch is normalised once (index lines); after
        # that, a clean assemble followed by make patches changes nothing.
        self.run_script("patches.py")
        before = self.read(self.patches, "0001-hook.patch")
        self.assertIn("Its header survives regeneration.", before)
        shutil.rmtree(os.path.join(self.repo, "build"))
        self.run_script("assemble.py")
        self.run_script("patches.py", "--check")
        self.run_script("patches.py")
        self.assertEqual(self.read(self.patches, "0001-hook.patch"), before)

    def test_upstream_edit_rewrites_owning_patch(self):
        self.run_script("assemble.py")
        self.write(self.src, "target/arm/cpu.c", "int a;\nint hook;\nint b;\nint d;\n")
        self.run_script("patches.py", "--check", ok=False)
        self.run_script("patches.py")
        patch = self.read(self.patches, "0001-hook.patch")
        self.assertTrue(patch.startswith("Subject: a test patch\n\nIts header"))
        self.assertIn("+int d;", patch)
        self.run_script("assemble.py")        # up to date, nothing refused
        self.run_script("patches.py", "--check")

    def test_unowned_edit_goes_to_new_patch(self):
        self.run_script("assemble.py")
        self.write(self.src, "target/arm/kvm.c", "int k;\nint k2;\n")
        err = self.run_script("patches.py")
        self.assertIn("0002-new-changes.patch", err)
        self.assertIn("0002-new-changes.patch", self.read(self.patches, "series"))
        self.assertIn("+int k2;", self.read(self.patches, "0002-new-changes.patch"))

    def test_overlay_edit_in_tree_is_copied_back(self):
        self.run_script("assemble.py")
        self.write(self.src, "target/arm/ours.c", "int ours2;\n")
        self.run_script("patches.py")
        self.assertEqual(self.read(self.repo, "target/arm/ours.c"), "int ours2;\n")

    def test_newer_repository_file_is_not_overwritten(self):
        self.run_script("assemble.py")
        self.write(self.repo, "target/arm/ours.c", "int newer;\n")
        self.write(self.repo, "target/arm/added.c", "int added;\n")
        self.run_script("patches.py")
        self.assertEqual(self.read(self.repo, "target/arm/ours.c"), "int newer;\n")
        # ... and the tree now has what the recorded digest says
        self.assertEqual(self.read(self.src, "target/arm/added.c"), "int added;\n")
        self.run_script("assemble.py")
        self.assertEqual(self.read(self.src, "target/arm/ours.c"), "int newer;\n")

    def test_edits_on_both_sides_are_refused(self):
        self.run_script("assemble.py")
        self.write(self.src, "target/arm/ours.c", "int tree;\n")
        self.write(self.repo, "target/arm/ours.c", "int repo;\n")
        err = self.run_script("patches.py", ok=False)
        self.assertIn("changed both in build/src and in this repository", err)
        self.assertEqual(self.read(self.repo, "target/arm/ours.c"), "int repo;\n")

    def test_assemble_refuses_to_drop_tree_edits(self):
        self.run_script("assemble.py")
        self.write(self.src, "target/arm/kvm.c", "int lost;\n")
        self.write(self.repo, "target/arm/ours.c", "int changed;\n")
        err = self.run_script("assemble.py", ok=False)
        self.assertIn("make patches", err)
        self.assertEqual(self.read(self.src, "target/arm/kvm.c"), "int lost;\n")
        self.run_script("assemble.py", "--force")
        self.assertEqual(self.read(self.src, "target/arm/kvm.c"), "int k;\n")

    def test_patch_that_does_not_apply_is_named(self):
        self.write(self.patches, "0001-hook.patch", PATCH.replace(" int b;", " int x;"))
        err = self.run_script("assemble.py", ok=False)
        self.assertIn("0001-hook.patch does not apply", err)

    def test_two_patches_owning_one_file_are_refused(self):
        self.write(self.patches, "0002-again.patch", PATCH)
        self.write(self.patches, "series", "0001-hook.patch\n0002-again.patch\n")
        err = self.run_script("assemble.py", ok=False)
        self.assertIn("is changed by both", err)


if __name__ == "__main__":
    unittest.main()
