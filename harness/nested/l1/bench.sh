#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The KVM part of the benchmark (harness/bench.py): for -cpu host and a
# named model, at 1 and 8 vCPUs, QEMU starts paused, answers QMP and quits,
# RUNS times, with idreg-count.so counting the ID-register ioctls and the
# kvm_arm_idreg_write trace naming the registers the write-back changes.
# Each run prints section bench.CPU.N.RUN with the uptime before and after
# and what QEMU printed.

. "$(dirname "$0")/lib.sh"

SHIM=${SHIM:-/usr/lib/idreg-count.so}
RUNS=${RUNS:-5}
MODEL=${MODEL:-grace-v1}

# a named model runs with enforce=off: this host is not its silicon
run() {
    local cpu=$1 n=$2 opt=$1
    [ "$cpu" = host ] || opt="$cpu,enforce=off"
    echo "uptime-start $(cut -d' ' -f1 /proc/uptime)"
    printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"quit"}' |
        LD_PRELOAD=$SHIM "$QEMU" -accel kvm -M virt,gic-version=3 -cpu "$opt" \
            -smp "$n" -m 256 -nodefaults -display none -S -qmp stdio \
            -trace kvm_arm_idreg_write 2>&1
    echo "rc=$?"
    echo "uptime-end $(cut -d' ' -f1 /proc/uptime)"
}

for cpu in host "$MODEL"; do
    for n in 1 8; do
        r=1
        while [ "$r" -le "$RUNS" ]; do
            section "bench.$cpu.$n.$r" run "$cpu" "$n"
            r=$((r + 1))
        done
    done
done
