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

# A field property under KVM, written back to the vCPU: every field QOM
# reports is what the guest reads (which values each property takes, and
# that the others are refused, is QEMU's own qtest below).
payload host-aes-pmull host,feat_AES=pmull <<'QMP'
{"execute":"qom-list-get","arguments":{"paths":["/machine/unattached/device[0]"]}}
{"execute":"qom-list-properties","arguments":{"typename":"host-arm-cpu"}}
QMP

# A named model under KVM, with a property on top: what this host cannot
# give it is refused (enforce=on, the default under KVM: QEMU's qtest
# below checks the default), or with enforce=off replaced by the host's
# with a warning (check).
# Two vCPUs, with a trace of each ID-register write: KVM keeps the ID
# registers per VM, so vCPU 0 writes them and vCPU 1 finds them written.
payload model-grace grace-v1,enforce=off,feat_SHA1=off -smp 2 -trace kvm_arm_idreg_write <<'QMP'
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"grace-v1","props":{"enforce":false,"feat_SHA1":"off"}}}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"midr"}}
QMP
payload model-grace-enforce grace-v1,enforce=on < /dev/null

# The model commands under KVM, on a -cpu host VM: comparison, baseline,
# static expansion (refused: enforce is on by default), and the full
# expansion of a model the VM does not run (with enforce=off).
payload model-qmp host <<'QMP'
{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"host"},"modelb":{"name":"host"}}}
{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"grace-v1"},"modelb":{"name":"host"}}}
{"execute":"query-cpu-model-baseline","arguments":{"modela":{"name":"altra-v1"},"modelb":{"name":"graviton2-v1"}}}
{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"grace-v1"}}}
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"neoverse-n1-v1","props":{"enforce":false}}}}
QMP

# Every concrete named model that "-cpu help" lists (each one's values,
# blockers and what its guest reads are QEMU's qtest's below)
"$QEMU" -cpu help | awk '$1 ~ /-v[0-9]+$/ && !/alias of|abstract/ { print $1 }' \
    > "$TMPDIR/models"
section models cat "$TMPDIR/models"

# QEMU's own qtests with KVM cases, cross-built (without TCG: only their
# KVM cases run), against the cross-built QEMU.
section qtest.arm-cpu-features env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-features" --tap -k

# The field properties and models under KVM: query-arm-cpu-props-info's
# values taken and the others refused, a value written back and reported
# by QOM, every model realized or refused as the definitions say
section qtest.arm-cpu-models-test env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-models-test" --tap -k

# Every field property of -cpu host and of every model (with enforce=off):
# the values KVM lets QEMU change, changed, and all the others as they are,
# read by the guest as QOM and the expansion report them, with the SVE
# vector length; a model's own values but for its blockers, printed
section qtest.arm-cpu-models-guest-test env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-models-guest-test" --tap -k
