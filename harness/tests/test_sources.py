# SPDX-License-Identifier: GPL-2.0-or-later
"""harness/sources.py on a model table and sources of its own."""

import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import sources  # noqa: E402

TOP = sources.TOP
FIXTURES = os.path.join(TOP, "tests", "data", "arm-cpu-models", "fixtures")
CPUFEATURE = """
static const struct arm64_cpu_capabilities arm64_elf_hwcaps[] = {
%s
};
"""
CAPS = ["HWCAP_CAP(ID_AA64ISAR0_EL1, AES, PMULL, CAP_HWCAP, KERNEL_HWCAP_PMULL),",
        "HWCAP_CAP(ID_AA64ISAR0_EL1, AES, AES, CAP_HWCAP, KERNEL_HWCAP_AES),",
        "HWCAP_CAP(ID_AA64ISAR0_EL1, SHA3, IMP, CAP_HWCAP, KERNEL_HWCAP_SHA3),",
        "HWCAP_CAP_MATCH_ID(has_sve_feature, ID_AA64ZFR0_EL1, AES, IMP, "
        "CAP_HWCAP, KERNEL_HWCAP_SVEAES),"]
# part-a-v1 resolves to MIDR_EL1 0x4100d400, ID_AA64PFR0_EL1
# 0x0001000100000011 (AMU NI, pinned by base-v1), ID_AA64ISAR0_EL1
# 0x0000000100000020 (AES PMULL, SHA3 IMP) and ID_AA64ZFR0_EL1 0


class SourcesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.models = os.path.join(self.tmp, "models")
        shutil.copytree(FIXTURES, self.models)
        self.linux = os.path.join(self.tmp, "linux")
        os.makedirs(os.path.join(self.linux, "arch", "arm64", "kernel"))
        with open(os.path.join(self.linux, "arch", "arm64", "kernel",
                               "cpufeature.c"), "w") as f:
            f.write(CPUFEATURE % "\n".join(CAPS))
        self.src = os.path.join(self.tmp, "sources")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def model_line(self, text):
        with open(os.path.join(self.models, "part-a-v1.model"), "a") as f:
            f.write(text)

    def source(self, tag, text, model="part-a"):
        d = os.path.join(self.src, model)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, tag + ".txt"), "w") as f:
            f.write(text)

    def run_check(self):
        return sources.check(self.linux, sources=self.src,
                             models_dir=self.models, min_hwcaps=4)

    def test_agreement(self):
        self.source("TEST", "kind kvm-guest\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nMIDR_EL1 0x4100d400\n")
        errors, report = self.run_check()
        self.assertEqual(errors, [], report)
        self.assertIn("part-a-v1: 1 sources (TEST)", report)

    def test_disagreement_needs_a_reason(self):
        self.source("TEST", "kind kvm-guest\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nMIDR_EL1 0x4110d400\n")
        errors, _ = self.run_check()
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("MIDR_EL1.Variant: model 0x0, TEST 0x1, unexplained",
                      errors[0])
        self.model_line("differs MIDR_EL1.Variant TEST another stepping\n")
        errors, report = self.run_check()
        self.assertEqual(errors, [])
        self.assertIn("  MIDR_EL1.Variant: model 0x0, TEST 0x1 -- another "
                      "stepping", report)

    def test_stale_reason(self):
        self.source("TEST", "kind kvm-guest\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nMIDR_EL1 0x4100d400\n")
        self.model_line("differs MIDR_EL1.Variant TEST another stepping\n")
        errors, _ = self.run_check()
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("'differs MIDR_EL1.Variant TEST', but TEST shows the "
                      "model's value", errors[0])

    def test_pinned_field(self):
        # base-v1 pins AMU to NI: a source may show more (bare metal, or a
        # kernel that did not hide it yet)
        self.source("TEST", "kind kvm-guest\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nMIDR_EL1 0x4100d400\n"
                    "ID_AA64PFR0_EL1 0x0001100100000011\n")
        errors, report = self.run_check()
        self.assertEqual(errors, [], report)
        self.assertTrue(any("AMU: model NI (0x0), TEST IMP (0x1) -- pinned "
                            "by base-v1" in r for r in report), report)

    def test_hides(self):
        # a capture without SVE: the source shows SVE NI, the model IMP
        src = ("kind microvm\nfrom tests/unit/test-arm-cpu-models.c\n"
               "MIDR_EL1 0x4100d400\nID_AA64PFR0_EL1 0x%016x\n")
        self.source("TEST", src % 0x0001000000000011)
        errors, _ = self.run_check()
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("ID_AA64PFR0_EL1.SVE: model IMP (0x1), TEST NI (0x0), "
                      "unexplained", errors[0])
        self.source("TEST", src % 0x0001000000000011 +
                    "hides ID_AA64PFR0_EL1.SVE ID_AA64ZFR0_EL1.* -- no SVE "
                    "vCPU feature\n")
        errors, report = self.run_check()
        self.assertEqual(errors, [], report)
        self.assertIn("  ID_AA64PFR0_EL1.SVE: model IMP (0x1), TEST NI (0x0) "
                      "-- TEST hides it: no SVE vCPU feature", report)
        # it explains a lower value only: DIT shown above the model's is
        # still a difference
        self.source("TEST", src % 0x0002000100000011 +
                    "hides ID_AA64PFR0_EL1.DIT -- no reason\n")
        errors, _ = self.run_check()
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("ID_AA64PFR0_EL1.DIT", errors[0])

    def test_hwcaps(self):
        # part-a-v1 has SHA3 and no AES
        self.source("CPUINFO", "kind hwcaps\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nhwcaps evtstrm aes pmull sha3\n")
        self.model_line("ref CPUINFO tests/unit/test-arm-cpu-models.c\n")
        errors, report = self.run_check()
        self.assertEqual(errors, [], report)
        self.source("CPUINFO", "kind hwcaps\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nhwcaps aes\n")
        errors, _ = self.run_check()
        self.assertEqual(len(errors), 2, errors)
        self.assertIn("ID_AA64ISAR0_EL1.AES: model PMULL (0x2), CPUINFO "
                      "lacks pmull", errors[0])
        self.assertIn("ID_AA64ISAR0_EL1.SHA3: model IMP (0x1), CPUINFO lacks "
                      "sha3", errors[1])

    def test_unknown_hwcap(self):
        self.source("CPUINFO", "kind hwcaps\nfrom tests/unit/test-arm-cpu-"
                    "models.c\nhwcaps aes pmull sha3 frobnicate\n")
        self.model_line("ref CPUINFO tests/unit/test-arm-cpu-models.c\n")
        errors, _ = self.run_check()
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("hwcap 'frobnicate' is not one the kernel derives from "
                      "an ID field", errors[0])

    def test_citation_must_be_the_models(self):
        self.source("TEST", "kind kvm-guest\nfrom somewhere else\n"
                    "MIDR_EL1 0x4100d400\n")
        errors, _ = self.run_check()
        self.assertIn("cites a source the model's 'ref TEST' does not name",
                      errors[0])

    def test_converters(self):
        # each printout's format, as the recorded sources were converted
        lit = os.path.join(self.tmp, "id.txt")
        with open(lit, "w") as f:
            f.write("        CCSIDR_EL1: 0x400      CCSIDR_EL1: 0x400\n"
                    "   CTR_EL0: 0xB444_C004    CTR_EL0: 0xB444_C004\n"
                    "  MPIDR_EL1: 0x8000_0000  MPIDR_EL1: 0x8000_0001\n")
        self.assertEqual([ln.split() for ln in sources.litmus_regs(lit)],
                         [["CTR_EL0", "0xb444c004"]])
        csr = os.path.join(self.tmp, "registers.txt")
        with open(csr, "w") as f:
            f.write("CTR_EL0: 0000 0000 0000 0000 0000 0000 0000 0000 - "
                    "1011 0100 0100 0100 1100 0000 0000 0100\n\n"
                    "  DIC:      0x1 (1)\n"
                    "APDAKEY_EL1: 1011 0110 1111 0010 1110 1011 0101 0101 - "
                    "1010 1010 1111 0111 1010 0111 1001 1101\n")
        self.assertEqual([ln.split() for ln in sources.cpusysregs_regs(csr)],
                         [["CTR_EL0", "0xb444c004"]])
        fc = os.path.join(self.tmp, "fp.json")
        with open(fc, "w") as f:
            f.write('{"kernel_version": "6.1", "microcode_version": "0xff", '
                    '"guest_cpu_config": {"reg_modifiers": ['
                    '{"addr": "0x603000000013c000", "bitmap": "0b%s"}, '
                    '{"addr": "0x6030000000100000", "bitmap": "0b1"}]}}'
                    % format(0x413fd0c1, "064b"))
        self.assertEqual(sources.firecracker_regs(fc)[1:],
                         ["%-20s0x413fd0c1" % "MIDR_EL1"])

    def test_bad_files(self):
        for text, msg in [
                ("kind nope\n", "kind 'nope' (accepted: bare-metal"),
                ("kind trm\nfrom x\nFOO_EL1 0x1\n", "'FOO_EL1' is neither"),
                ("kind trm\nfrom x\nMIDR_EL1 0xZZ\n", "MIDR_EL1 needs one"),
                ("kind trm\nMIDR_EL1 0x1\n", "needs a 'kind' and a 'from'"),
                ("kind hwcaps\nfrom x\nCTR_EL0 0x1\nhwcaps aes\n",
                 "of kind hwcaps"),
                ("kind trm\nfrom x\nhides FOO_EL1.* -- x\n",
                 "no field 'FOO_EL1.*'"),
                ("kind trm\nfrom x\nhides MIDR_EL1.Revision\n",
                 "'hides' takes")]:
            self.source("TEST", text)
            with self.assertRaises(sources.SourceError) as cm:
                self.run_check()
            self.assertIn(msg, str(cm.exception))


if __name__ == "__main__":
    unittest.main()
