#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# nosve.sh: a model with SVE on a KVM host without it. harness/nested.py
# boots L1 as neoverse-n1-v1 (no SVE) and checks on L0 that
#   - -cpu neoverse-v1-v1,enforce=off runs with a warning naming
#     feat_SVE, and the guest reads no SVE (ID_AA64PFR0_EL1.SVE and
#     ID_AA64ZFR0_EL1 0);
#   - with enforce=on (the default under KVM) QEMU refuses to start,
#     naming feat_SVE first and then the fields it cannot provide either;
#   - query-cpu-model-baseline of the two answers.
# (Each of these aborted QEMU in arm_cpu_sve_finalize() before 3640ed9.)

. "$(dirname "$0")/lib.sh"

payload v1 neoverse-v1-v1,enforce=off < /dev/null
section v1.enforce timeout 30 "$QEMU" -accel kvm -M virt,gic-version=3 \
    -cpu neoverse-v1-v1,enforce=on -nodefaults -display none -S \
    -kernel "$PAYLOAD"
section baseline sh -c "printf '%s\n' '{\"execute\":\"qmp_capabilities\"}' \
    '{\"execute\":\"query-cpu-model-baseline\",\"arguments\":{\"modela\":{\"name\":\"neoverse-v1-v1\"},\"modelb\":{\"name\":\"host\"}}}' \
    '{\"execute\":\"quit\"}' |
    $QEMU -accel kvm -M virt,gic-version=3 -cpu host -display none \
        -nodefaults -S -qmp stdio"
