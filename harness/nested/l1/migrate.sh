#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# migrate.sh src|dst CPU_A CPU_B: one side of the two-host migration test.
#
# harness/nested.py boots two L1 hosts under TCG, each a named model (CPU_A
# for the source host, CPU_B for the destination, as L0's -cpu options),
# with EL2 and a virtio-net link between them over L0's loopback. On each,
# this script runs an L2 guest with the looping ID-register payload
# (/payload/idregs-loop.elf) under KVM, case by case, the source migrating
# it to the destination over TCP (10.0.0.1 -> 10.0.0.2:4444).
#
# First the operator's planning, as the migration guide has it: each host
# dumps what its KVM shows a guest (-cpu host, every SYSREG_ field, as
# arm-cpu-model-tool dump does), the source sends its dump to the
# destination, which asks QEMU for the baseline of the two
# (query-cpu-model-baseline) and sends it back as a -cpu option. Then:
#
#   happy     both with the baseline: the guest migrates and goes on
#             reading the same ID registers
#   host      both with -cpu host: refused (the hosts differ), the source
#             goes on running
#   cannot    both with CPU_A (the source host's model), which the
#             destination cannot provide: with enforce=off it starts
#             without what it lacks (a warning), the migration is refused
#             naming those fields, the source goes on running
#   enforce   the same with enforce=on on the destination: it does not
#             start, naming the fields, the migration fails, the source
#             goes on running
#   model     the destination with CPU_B, a model its host runs, but not
#             the source's (the baseline): refused, the source goes on
#             running
#
# CPU_A and CPU_B run with enforce=off (under KVM a named model refuses by
# default what the host cannot give it, and these hosts are the models
# under TCG, not their silicon); the baseline runs as it is.
#
# The destination tells the source it is ready by listening on port 5000
# (the source connects until it can). Results are printed as sections
# (lib.sh), "mig: CASE SIDE KEY=VALUE" lines and the guests' serial
# output; harness/nested.py decides.

. "$(dirname "$0")/lib.sh"

# a guest that died must not take the script with it (writes to its QMP)
trap '' PIPE

side=$1
cpu_a=$2
cpu_b=$3
LOOP=${LOOP:-/payload/idregs-loop.elf}
SRC=10.0.0.1
DST=10.0.0.2
fifo=$TMPDIR/qmp.in

# qmp_once: a QMP session with a paused QEMU (KVM, -cpu host), the
# commands from stdin; prints the replies
qmp_once() {
    { echo '{"execute":"qmp_capabilities"}'; cat; echo '{"execute":"quit"}'; } |
        "$QEMU" -accel kvm -M virt,gic-version=3 -cpu host -display none \
            -nodefaults -S -qmp stdio
}

# What this host's KVM shows a guest with -cpu host: every SYSREG_ field
# of the vCPU, as the props of a definition ("SYSREG_...": value, ...)
dump() {
    echo '{"execute":"qom-list-get","arguments":{"paths":["/machine/unattached/device[0]"]}}' |
        qmp_once 2> "$TMPDIR/dump.err" |
        grep -o '{"name": "SYSREG_[^}]*}' |
        sed 's/^{"name": \("[^"]*"\), "value": \([0-9]*\),.*/\1: \2/' |
        tr '\n' ',' | sed 's/,$//'
}

# baseline DUMP_A DUMP_B: the baseline of the two hosts, from QMP, as a
# -cpu option
baseline() {
    echo "{\"execute\":\"query-cpu-model-baseline\",\"arguments\":{\"modela\":{\"name\":\"max\",\"props\":{$1}},\"modelb\":{\"name\":\"max\",\"props\":{$2}}}}" |
        qmp_once 2> "$TMPDIR/baseline.err" | tee "$TMPDIR/baseline.qmp" |
        grep '"model"' | awk '
        {
            s = $0
            match(s, /"name": "[^"]*"/)
            out = substr(s, RSTART + 9, RLENGTH - 10)
            sub(/.*"props": \{/, "", s)
            while (match(s, /"[A-Za-z0-9_-]+": ("[^"]*"|true|false|[0-9]+)/)) {
                kv = substr(s, RSTART, RLENGTH)
                s = substr(s, RSTART + RLENGTH)
                k = kv; sub(/":.*/, "", k); sub(/^"/, "", k)
                v = kv; sub(/^"[^"]*": /, "", v); gsub(/"/, "", v)
                if (v == "true") v = "on"
                if (v == "false") v = "off"
                out = out "," k "=" v
            }
            print out
        }'
}

# send ADDRESS PORT FILE: connect until the peer listens, send FILE and a
# last line "end"
send() {
    local i=0
    { cat "$3"; echo; echo end; } > "$TMPDIR/send"
    until nc "$1" "$2" < "$TMPDIR/send" > /dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 300 ] || { echo "mig: nothing listens on $1:$2"; return 1; }
        sleep 1
    done
}

# recv PORT FILE: what send wrote, into FILE (without the "end" line; for
# $(cat FILE), which drops the empty line before it).
# busybox nc -l stops writing when its stdin ends, and the sender, seeing
# that, may quit before it sent everything: so nc's stdin stays open until
# the "end" line arrived.
recv() {
    local in=$TMPDIR/recv.in i=0 pid
    rm -f "$in"
    mkfifo "$in"
    nc -l -p "$1" < "$in" > "$TMPDIR/recv" &
    pid=$!
    exec 4> "$in"
    until tail -n 1 "$TMPDIR/recv" 2> /dev/null | grep -qx end; do
        i=$((i + 1))
        [ $i -lt 300 ] || { echo "mig: nothing came on port $1"; break; }
        sleep 1
    done
    exec 4>&-
    wait $pid
    sed '$d' "$TMPDIR/recv" > "$2"
}

# l2 NAME CPU ARGS...: start the L2 guest with QMP on a fifo (fd 3)
l2() {
    local name=$1 cpu=$2
    shift 2
    rm -f "$fifo" "$TMPDIR/$name.serial"
    mkfifo "$fifo"
    "$QEMU" -accel kvm -M virt,gic-version=3 -cpu "$cpu" -m 128 \
        -nodefaults -display none -nic none -no-reboot \
        -serial "file:$TMPDIR/$name.serial" -kernel "$LOOP" \
        -qmp stdio "$@" < "$fifo" > "$TMPDIR/$name.qmp" \
        2> "$TMPDIR/$name.stderr" &
    l2_pid=$!
    exec 3> "$fifo"
    qmp '{"execute":"qmp_capabilities"}'
}

qmp() {
    echo "$1" >&3
}

# wait_for FILE PATTERN SECONDS: until FILE has a line matching PATTERN
wait_for() {
    local i=0
    while [ $i -lt "$3" ]; do
        grep -q "$2" "$1" 2> /dev/null && return 0
        sleep 1
        i=$((i + 1))
    done
    return 1
}

# wait_ends FILE N SECONDS: until the payload ended N passes in FILE
wait_ends() {
    local i=0
    while [ $i -lt "$3" ]; do
        [ "$(grep -c '^idregs-payload: end' "$1" 2> /dev/null)" -ge "$2" ] &&
            return 0
        sleep 1
        i=$((i + 1))
    done
    return 1
}

# migration_state NAME SECONDS: poll query-migrate until it ends; prints
# the last reply's status
migration_state() {
    local i=0 st=""
    while [ $i -lt "$2" ]; do
        qmp '{"execute":"query-migrate"}'
        sleep 1
        st=$(grep '"status"' "$TMPDIR/$1.qmp" | grep -v '"running": ' |
             tail -1 | sed -n 's/.*"status": "\([a-z-]*\)".*/\1/p')
        case $st in completed|failed) break ;; esac
        i=$((i + 1))
    done
    echo "$st"
}

# l2_end NAME: quit the guest and print what it said
l2_end() {
    qmp '{"execute":"query-status"}'
    sleep 1
    qmp '{"execute":"quit"}'
    exec 3>&-
    wait "$l2_pid"
    echo "mig: $1 exit=$?"
    section "$1.qmp" cat "$TMPDIR/$1.qmp"
    # (awk ends the last line, which a migration may have cut)
    section "$1.serial" awk 1 "$TMPDIR/$1.serial"
    section "$1.stderr" cat "$TMPDIR/$1.stderr"
}

ready() {       # destination: tell the source, and wait until it heard
    nc -l -p 5000 < /dev/null > /dev/null
}

go() {          # source: wait until the destination is ready
    local i=0
    until nc "$DST" 5000 < /dev/null > /dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 300 ] || { echo "mig: the destination never got ready"; return 1; }
        sleep 1
    done
}

# src_case CASE CPU: run the guest, migrate it once it ran, report
src_case() {
    local c=$1
    l2 "$c.src" "$2"
    if ! wait_for "$TMPDIR/$c.src.serial" 'pass=2' 60; then
        echo "mig: $c src state=no-guest"
        l2_end "$c.src"
        go
        return 1
    fi
    go || return 1
    echo "mig: $c src migrate at $(cut -d' ' -f1 /proc/uptime)"
    qmp "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:$DST:4444\"}}"
    echo "mig: $c src state=$(migration_state "$c.src" 120)"
    # a guest that still runs goes on printing passes
    sleep 3
    l2_end "$c.src"
}

# dst_case CASE CPU INCOMING...: wait for the source's guest, report
dst_case() {
    local c=$1 cpu=$2
    shift 2
    l2 "$c.dst" "$cpu" "$@"
    if [ "$1" = "-incoming" ] && [ "$2" = defer ]; then
        qmp '{"execute":"migrate-incoming","arguments":{"uri":"tcp:0:4444","exit-on-error":false}}'
    fi
    sleep 2
    ready
    st=$(migration_state "$c.dst" 120)
    echo "mig: $c dst state=$st"
    # after a migration the guest prints its next passes here: the one
    # the migration cut, then two whole ones
    if [ "$st" = completed ]; then
        wait_ends "$TMPDIR/$c.dst.serial" 3 60 ||
            echo "mig: $c dst the guest printed no whole pass after 60 s"
    fi
    l2_end "$c.dst"
}

case $side in
src)
    netup $SRC || exit 1
    dump > "$TMPDIR/src.dump"
    section dump.src sh -c "cat $TMPDIR/src.dump; cat $TMPDIR/dump.err"
    send $DST 5001 "$TMPDIR/src.dump" || exit 1
    recv 5002 "$TMPDIR/baseline"
    base=$(cat "$TMPDIR/baseline")
    section baseline echo "$base"
    [ -n "$base" ] || exit 1
    src_case happy "$base"
    src_case host host
    src_case cannot "$cpu_a,enforce=off"
    src_case enforce "$cpu_a,enforce=off"
    src_case model "$base"
    ;;
dst)
    netup $DST || exit 1
    recv 5001 "$TMPDIR/src.dump"
    dump > "$TMPDIR/dst.dump"
    section dump.dst sh -c "cat $TMPDIR/dst.dump; cat $TMPDIR/dump.err"
    baseline "$(cat "$TMPDIR/src.dump")" "$(cat "$TMPDIR/dst.dump")" \
        > "$TMPDIR/baseline"
    base=$(cat "$TMPDIR/baseline")
    section baseline echo "$base"
    if [ -z "$base" ]; then
        section baseline.received wc -c "$TMPDIR/src.dump"
        section baseline.qmp cat "$TMPDIR/baseline.qmp" "$TMPDIR/baseline.err"
    fi
    send $SRC 5002 "$TMPDIR/baseline" || exit 1
    [ -n "$base" ] || exit 1
    dst_case happy "$base" -incoming tcp:0:4444
    dst_case host host -incoming defer
    dst_case cannot "$cpu_a,enforce=off" -incoming defer
    # the destination cannot start: it says why, and nothing listens
    section enforce.dst.start timeout 30 "$QEMU" -accel kvm -M virt,gic-version=3 \
        -cpu "$cpu_a,enforce=on" -m 128 -nodefaults -display none -nic none \
        -kernel "$LOOP" -incoming tcp:0:4444
    ready
    sleep 10        # the source's attempt
    dst_case model "$cpu_b,enforce=off" -incoming defer
    ;;
*)
    echo "usage: migrate.sh src|dst CPU_A CPU_B" >&2
    exit 2
    ;;
esac
