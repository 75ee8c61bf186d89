#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of harness/libvirt.py's pieces that need no daemon: the domain it
defines, how it reads libvirt's QEMU command line and compares guests."""

import os
import re
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import libvirt  # noqa: E402
import payload as pl  # noqa: E402


class TestLibvirt(unittest.TestCase):
    def test_domain(self):
        d = ET.fromstring(libvirt.domain_xml(
            "armcpu-x", "grace-v1", "/tmp/x.serial",
            [("disable", "pauth"), ("require", "sve128")]))
        self.assertEqual(d.get("type"), "qemu")
        self.assertEqual(d.find("./os/type").get("arch"), "aarch64")
        self.assertEqual(d.find("./os/kernel").text, libvirt.PAYLOAD)
        cpu = d.find("cpu")
        self.assertEqual(cpu.get("mode"), "custom")
        self.assertEqual(cpu.find("model").text, "grace-v1")
        self.assertEqual(cpu.find("model").get("fallback"), "forbid")
        self.assertEqual([(f.get("policy"), f.get("name"))
                          for f in cpu.findall("feature")],
                         [("disable", "pauth"), ("require", "sve128")])
        self.assertEqual(d.find("./devices/emulator").text, libvirt.QEMU)
        self.assertEqual(d.find("./devices/serial/source").get("path"),
                         "/tmp/x.serial")

    def test_loop_payload_first_pass(self):
        """The domain runs the payload that never powers off (no race with
        libvirt's start job); its first pass is read once written out."""
        self.assertTrue(libvirt.PAYLOAD.endswith("idregs-loop.elf"))
        one = ("idregs-payload: begin el=1 pass=0\n"
               "MIDR_EL1 S3_0_C0_C0_0 0x00000000410fd4f0\n"
               "idregs-payload: end count=1\n"
               "idregs-payload: sve-vl=256\n")
        two = one.replace("pass=0", "pass=1").replace("0x00000000410fd4f0",
                                                      "0x0000000000000000")
        self.assertIsNone(libvirt.FIRST_PASS_END.search(one[:-1]))
        self.assertIsNone(libvirt.FIRST_PASS_END.search(one[:-3]))
        self.assertIsNone(libvirt.FIRST_PASS_END.search(one[:-25]))
        self.assertIsNotNone(libvirt.FIRST_PASS_END.search(one))
        g = pl.parse(one + two)
        self.assertEqual((g.el, g.value("MIDR_EL1")), (1, 0x410fd4f0))

    def test_cpu_option(self):
        log = ("2026-12-03 LC_ALL=C /q/qemu-system-aarch64 -name guest=a "
               "-machine virt -cpu grace-v1,pauth=off -m size=131072k\n")
        self.assertEqual(libvirt.cpu_option(log), "grace-v1,pauth=off")
        self.assertIsNone(libvirt.cpu_option("no command line"))

    def test_reg_diffs(self):
        def guest(midr, mpidr):
            return pl.PayloadResult(1, {
                "MIDR_EL1": ("S3_0_C0_C0_0", midr),
                "MPIDR_EL1": ("S3_0_C0_C0_5", mpidr)}, "")
        self.assertEqual(libvirt.reg_diffs(guest(1, 2), guest(1, 3)), [])
        self.assertEqual(libvirt.reg_diffs(guest(1, 2), guest(4, 2)),
                         ["MIDR_EL1"])

    def test_released(self):
        names = libvirt.released()
        self.assertIn("grace-v1", names)
        self.assertIn("graviton2-v2", names)
        self.assertTrue(all(re.search(r"-v[1-9][0-9]*$", n) for n in names))


if __name__ == "__main__":
    unittest.main()
