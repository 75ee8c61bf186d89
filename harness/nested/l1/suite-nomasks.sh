#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The tests that run inside L1 on a kernel whose KVM cannot change ID
# registers (no KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, before Linux 6.7):
# -cpu host behaves as it always did, a field property may only repeat the
# host's value, and every named model is refused with the capability named
# (the last two in QEMU's qtest).
# harness/nested.py checks the sections printed.

. "$(dirname "$0")/lib.sh"

section kvmprobe "$KVMPROBE"

payload host host <<'QMP'
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host"}}}
QMP
payload host-off host,sve=off,pmu=off,pauth=off <<'QMP'
{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host","props":{"sve":false,"pmu":false,"pauth":false}}}}
QMP

"$QEMU" -cpu help | awk '$1 ~ /-v[0-9]+$/ && !/alias of|abstract/ { print $1 }' \
    > "$TMPDIR/models"
section models cat "$TMPDIR/models"

section qtest.arm-cpu-features env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-features" --tap -k

# A field property takes only the host's value, every model is refused
# naming the capability (QEMU's qtest, its KVM cases)
section qtest.arm-cpu-models-test env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-models-test" --tap -k

# Without writable masks the guest test finds nothing to change: it skips
section qtest.arm-cpu-models-guest-test env QTEST_QEMU_BINARY="$QEMU" \
    "$QTESTS/arm-cpu-models-guest-test" --tap -k
