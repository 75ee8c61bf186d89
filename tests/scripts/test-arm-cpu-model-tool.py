#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Copyright (c) 2026 The arm-cpu-models authors
"""Tests of scripts/arm-cpu-model-tool against a real QEMU.

usage: QEMU=path/to/qemu-system-aarch64 test-arm-cpu-model-tool.py

Hosts are stood in for by named models under TCG: a dump of -cpu altra-v1
is what the tool would write on an Ampere Altra whose KVM shows it as
the model does (less what TCG lacks: the N1's MMapTrc).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(TOP, "scripts", "arm-cpu-model-tool")
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")


def tool(*args):
    p = subprocess.run([sys.executable, TOOL] + list(args), text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


class Tool(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="arm-cpu-model-tool-")
        cls.dumps = {}
        for cpu in ("altra-v1", "graviton2-v1", "graviton3-v1"):
            path = os.path.join(cls.tmp.name, cpu + ".json")
            rc, out, err = tool("dump", "--qemu", QEMU, "--accel", "tcg",
                                "--cpu", cpu, "-o", path)
            if rc != 0:
                raise AssertionError("dump %s: %s" % (cpu, err))
            cls.dumps[cpu] = path

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_dump(self):
        with open(self.dumps["altra-v1"]) as f:
            d = json.load(f)
        # Ampere Altra: Neoverse N1 r3p1, MIDR 0x413fd0c1
        self.assertEqual(d["fields"]["SYSREG_MIDR_EL1_PartNum"], 0xD0C)
        self.assertEqual(d["fields"]["SYSREG_MIDR_EL1_Variant"], 3)
        self.assertGreater(len(d["fields"]), 400)
        # under TCG Altra lacks only MMapTrc (no trace unit)
        self.assertEqual(d["static-expansion"],
                         {"name": "altra-v1",
                          "props": {"feat_MMapTrc": "off"}})
        self.assertIn("grace-v1", d["runnable-models"])
        self.assertGreater(len(d["props-info"]), 400)

    def test_diff(self):
        rc, out, _ = tool("diff", self.dumps["altra-v1"],
                          self.dumps["graviton2-v1"])
        self.assertEqual(rc, 1)
        fields = [ln.split()[0] for ln in out.splitlines()[1:]]
        self.assertEqual(fields, [
            "SYSREG_CTR_EL0_DIC", "SYSREG_ID_AA64MMFR2_EL1_EVT",
            "SYSREG_ID_AA64MMFR2_EL1_IESB", "SYSREG_ID_PFR0_EL1_RAS",
            "SYSREG_REVIDR_EL1_IMPDEF"])
        rc, out, _ = tool("diff", self.dumps["altra-v1"],
                          self.dumps["altra-v1"])
        self.assertEqual((rc, out), (0, ""))

    def test_baseline_two(self):
        rc, out, err = tool("baseline", "--qemu", QEMU,
                            self.dumps["altra-v1"],
                            self.dumps["graviton2-v1"])
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        # altra-v2 is altra-v1 with graviton2-v1's AArch32 RAS
        self.assertEqual(lines[0], "-cpu altra-v2,feat_EVT=off,"
                         "feat_MMapTrc=off")
        self.assertTrue(lines[1].endswith(": subset"), lines[1])
        self.assertTrue(lines[2].endswith(": subset"), lines[2])
        # and that CPU starts
        cpu = lines[0].split()[1]
        p = subprocess.run([QEMU, "-accel", "tcg", "-machine", "virt",
                            "-cpu", cpu + ",enforce=on", "-nodefaults",
                            "-display", "none", "-S", "-qmp", "stdio"],
                           input='{"execute":"qmp_capabilities"}\n'
                                 '{"execute":"quit"}\n',
                           text=True, capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_baseline_pool(self):
        rc, out, err = tool("baseline", "--qemu", QEMU,
                            *[self.dumps[c] for c in sorted(self.dumps)])
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("-cpu "), lines[0])
        self.assertEqual(len(lines), 4)
        for ln in lines[1:]:
            self.assertRegex(ln, r": (subset|identical)$")

    def test_errors(self):
        rc, _, err = tool("diff", "/nonexistent.json",
                          self.dumps["altra-v1"])
        self.assertEqual(rc, 2)
        self.assertIn("cannot read dump /nonexistent.json", err)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            f.write('{"fields": {}}')
            f.flush()
            rc, _, err = tool("diff", f.name, self.dumps["altra-v1"])
        self.assertEqual(rc, 2)
        self.assertIn("is not a dump of arm-cpu-model-tool", err)
        rc, _, err = tool("baseline", self.dumps["altra-v1"])
        self.assertEqual(rc, 2)
        self.assertIn("baseline needs at least two dumps", err)
        rc, _, err = tool("dump", "--qemu", QEMU, "--accel", "tcg",
                          "--cpu", "nope")
        self.assertEqual(rc, 2)
        self.assertIn("unable to find CPU model 'nope'", err)
        rc, _, err = tool("dump", "--qemu", "/nonexistent/qemu", "--accel",
                          "tcg", "--cpu", "max")
        self.assertEqual(rc, 2)
        self.assertIn("cannot run /nonexistent/qemu", err)


if __name__ == "__main__":
    unittest.main()
