#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vls.sh: a model's SVE vector lengths under KVM on a host whose largest
# is smaller. harness/nested.py boots L1 as neoverse-v2-v1 (SVE, 128 bits
# only) and checks on L0 that
#   - -cpu neoverse-v1-v1 (128 and 256 bits) is refused by default,
#     naming sve256=on and what KVM gives, and query-cpu-definitions lists
#     sve256 among its unavailable features;
#   - with enforce=off it runs with a warning naming the lengths, QOM says
#     sve128 and not sve256, and the guest's largest vector length is 128;
#   - -cpu neoverse-v2-v1,enforce=off gets its own 128 bits, without a
#     warning about vector lengths.

. "$(dirname "$0")/lib.sh"

payload host host <<'QMP'
{"execute":"query-cpu-definitions"}
QMP
section v1.default timeout 60 "$QEMU" -accel kvm -M virt,gic-version=3 \
    -cpu neoverse-v1-v1 -nodefaults -display none -S -kernel "$PAYLOAD"
payload v1 neoverse-v1-v1,enforce=off <<'QMP'
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"sve128"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"sve256"}}
QMP
payload v2 neoverse-v2-v1,enforce=off <<'QMP'
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"sve128"}}
{"execute":"qom-get","arguments":{"path":"/machine/unattached/device[0]","property":"sve256"}}
QMP
