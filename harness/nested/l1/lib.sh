# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers for the test scripts that run inside L1 (busybox sh). They print
# what they observe as sections that harness/nested.py parses on L0:
#
#   === begin <name>
#   ...raw lines...
#   === end <name> rc=<exit status>
#   === uptime <seconds> <name>     (when a step starts, for the figures)
#
# Decisions (does the guest see what QMP reports?) are made on L0, in Python.

# Where things are: the L1 image's layout by default; on an arm64 KVM host,
# where the same scripts run without nesting, harness/nested.py sets these.
QEMU=${QEMU:-/usr/bin/qemu-system-aarch64}
PAYLOAD=${PAYLOAD:-/payload/idregs.elf}
KVMPROBE=${KVMPROBE:-/usr/bin/kvmprobe}
QTESTS=${QTESTS:-/tests}
TMPDIR=${TMPDIR:-/tmp}

# section NAME COMMAND...: run COMMAND with its output in section NAME.
section() {
    local name=$1 rc
    shift
    echo "=== uptime $(cut -d' ' -f1 /proc/uptime) $name"
    echo "=== begin $name"
    "$@" 2>&1
    rc=$?
    echo "=== end $name rc=$rc"
    return 0
}

# payload NAME CPU [QEMU ARGS...]: run the ID-register payload in a KVM VM
# paused first for QMP: the QMP commands come from stdin, one JSON object a
# line; "cont" is sent after them. Prints sections NAME.qmp (the replies),
# NAME.serial (what the guest printed) and NAME.stderr.
payload() {
    local name=$1 cpu=$2 rc
    shift 2
    echo "=== uptime $(cut -d' ' -f1 /proc/uptime) $name"
    { echo '{"execute":"qmp_capabilities"}'; cat; echo '{"execute":"cont"}'; } \
        > "$TMPDIR/$name.qmp-in"
    rm -f "$TMPDIR/$name.serial"
    "$QEMU" -accel kvm -M virt,gic-version=3 -cpu "$cpu" -m 256 \
        -nodefaults -display none -nic none -no-reboot \
        -serial "file:$TMPDIR/$name.serial" -kernel "$PAYLOAD" -S -qmp stdio "$@" \
        < "$TMPDIR/$name.qmp-in" > "$TMPDIR/$name.qmp-out" 2> "$TMPDIR/$name.stderr"
    rc=$?
    section "$name.qmp" cat "$TMPDIR/$name.qmp-out"
    section "$name.serial" cat "$TMPDIR/$name.serial"
    echo "=== begin $name.stderr"
    cat "$TMPDIR/$name.stderr"
    echo "=== end $name.stderr rc=$rc"
}

# netup ADDRESS: load this kernel's virtio-net modules (the image has them
# for 7.2) and give eth0 ADDRESS/24; false, with a message, when there is
# no driver or no eth0.
netup() {
    local dir=/lib/netmods/$(uname -r) m
    if [ -f "$dir/order" ]; then
        while read -r m; do
            insmod "$dir/$m.ko" || { echo "netup: insmod $m failed"; return 1; }
        done < "$dir/order"
    fi
    [ -e /sys/class/net/eth0 ] || { echo "netup: no eth0"; return 1; }
    ip link set lo up
    ip addr add "$1/24" dev eth0 && ip link set eth0 up
}
