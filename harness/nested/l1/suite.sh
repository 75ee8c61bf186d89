#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The tests that run inside L1 on each harness kernel; harness/nested.py
# boots L1 with nested.test=/l1/suite.sh and checks the sections printed.

. "$(dirname "$0")/lib.sh"

# What a fresh vCPU of this host reads, and the writable masks.
section kvmprobe "$KVMPROBE"

# Host passthrough: the payload under -accel kvm -cpu host, and QEMU's view
# of the same VM over QMP; then with the optional features turned off.
payload host host <<'QMP'
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host"}}}
QMP
payload host-off host,sve=off,pmu=off,pauth=off <<'QMP'
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host","props":{"sve":false,"pmu":false,"pauth":false}}}}
QMP

# What QEMU reports of the host's ID registers it did not read before the
# probe of every register (MIDR, REVIDR, AIDR, CTR): QOM against the guest.
payload host-ids host <<'QMP'
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host"}}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"midr"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_MIDR_EL1_PartNum"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_REVIDR_EL1_IMPDEF"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_AIDR_EL1_IMPDEF"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_CTR_EL0_DminLine"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_CTR_EL0_IminLine"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_CTR_EL0_DIC"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"SYSREG_ID_AA64ISAR0_EL1_AES"}}
QMP

# Field properties under KVM: a value equal to the host's is accepted, a
# different one is refused until ID-register write-back exists (issue 7).
payload host-aes-pmull host,feat_AES=pmull < /dev/null
payload host-aes-off host,feat_AES=off < /dev/null

# QEMU's own qtest with KVM cases, cross-built, against the cross-built QEMU.
section qtest.arm-cpu-features env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-features" --tap -k
