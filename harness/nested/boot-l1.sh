#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# boot-l1.sh [options] COMMAND...
#
# Boot the nested-KVM guest (L1): a Debian arm64 kernel with KVM built in,
# under TCG with EL2 (-M virt,virtualization=on), so that its /dev/kvm is
# real arm64 KVM. The initramfs's /init runs COMMAND (a shell command line,
# without '"'), then powers off. The console goes to stdout; the exit code is
# COMMAND's, read from the "nested: exit=<rc>" line.
#
#   --kernel 7.2|6.12|6.1  which kernel (default 7.2; see fetch-kernels.sh)
#   --initrd FILE       initramfs from mkinitramfs.sh (default: busybox and
#                       kvmprobe only, built on demand)
#   --qemu FILE         the L0 emulator (default build/native/qemu-system-aarch64)
#   --timeout SECONDS   give up after this long (default 600)
#   --smp N, --mem SIZE L1's vCPUs and memory (default 2 and 2G)
#   --cpu CPU           L1's CPU: the -cpu of the L0 emulator (default
#                       max,pauth-impdef=on,feat_PARANGE=48); a named model
#                       makes L1 a host of that CPU (the two-host migration
#                       test)
#   --net NETDEV        give L1 a virtio-net NIC on -netdev NETDEV,id=n0
#                       (default: no NIC), e.g. socket,listen=127.0.0.1:PORT
#   --append ARGS       more kernel command-line arguments
#   --verbose           without 'quiet': the whole kernel log on the console
#   --log FILE          also write the console to FILE
#
# Timing goes to stderr: wall-clock seconds from start to /init and to the
# end of COMMAND.

. "$(dirname "$0")/nested.sh"

series=7.2
initrd=""
qemu=$NATIVE/qemu-system-aarch64
timeout=600
smp=2
mem=2G
# A 48-bit physical address range, as on the Neoverse servers, rather than
# max's 52: QEMU gives each scratch VM of its KVM probe the host's largest
# IPA size, and on the 7.2 kernel a VM's creation and teardown then cost
# 7-8 s per scratch VM under TCG (two per QEMU start: 16 s to start QEMU in
# L1; 6.12: 1-3 s) against 0.5 s at 48 bits (measured 2026-12-03).
cpu=max,pauth-impdef=on,feat_PARANGE=48
nic=(-nic none)
append=""
quiet=quiet
logfile=""
while [ $# -gt 0 ]; do
    case $1 in
    --kernel)  series=${2:?}; shift 2 ;;
    --initrd)  initrd=${2:?}; shift 2 ;;
    --qemu)    qemu=${2:?}; shift 2 ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    --smp)     smp=${2:?}; shift 2 ;;
    --mem)     mem=${2:?}; shift 2 ;;
    --cpu)     cpu=${2:?}; shift 2 ;;
    --net)     nic=(-netdev "${2:?},id=n0" -device virtio-net-pci,netdev=n0,romfile=)
               shift 2 ;;
    --append)  append="$append ${2:?}"; shift 2 ;;
    --verbose) quiet=""; shift ;;
    --log)     logfile=${2:?}; shift 2 ;;
    --)        shift; break ;;
    -*)        die "unknown option '$1' (see the header of $0)" ;;
    *)         break ;;
    esac
done
[ $# -ge 1 ] || die "usage: boot-l1.sh [options] COMMAND..."
cmd="$*"
case $cmd in
*'"'*) die "COMMAND cannot contain '\"' (a kernel command-line limit): put it in a script in the initramfs" ;;
esac

kernel_abi "$series" > /dev/null
kernel=$("$NESTED/fetch-kernels.sh")/Image-$series
[ -x "$qemu" ] || die "L0 emulator $qemu not found; build it with 'harness/build.sh native'"
if [ -z "$initrd" ]; then
    # The default image: busybox and kvmprobe.
    built=$("$NESTED/build-kvmprobe.sh") || die "building kvmprobe failed"
    probe=${built%%$'\n'*}
    extra=$BUILD/nested/base-root
    mkdir -p "$extra/usr/bin"
    if ! cmp -s "$probe" "$extra/usr/bin/kvmprobe"; then
        cp "$probe" "$extra/usr/bin/kvmprobe.$$"
        mv "$extra/usr/bin/kvmprobe.$$" "$extra/usr/bin/kvmprobe"
    fi
    initrd=$BUILD/nested/base.cpio.gz
    "$NESTED/mkinitramfs.sh" "$initrd" "$extra"
fi
[ -s "$initrd" ] || die "initramfs $initrd not found"

console=$(mktemp "${TMPDIR:-/tmp}/l1-console.XXXXXX")
trap 'rm -f "$console"' EXIT

# The console goes to stdout as it comes, with the wall-clock time of the
# markers on stderr, and to a file to be parsed at the end.
start=${EPOCHREALTIME//[.,]/}
elapsed() {
    local us=$(( ${EPOCHREALTIME//[.,]/} - start ))
    printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10))
}
log "booting kernel $series with nested.test=\"$cmd\""
set +e
timeout -k 10 "$timeout" \
    "$qemu" -M virt,virtualization=on,gic-version=3 -cpu "$cpu" \
    -smp "$smp" -m "$mem" -nodefaults -display none -serial stdio "${nic[@]}" \
    -no-reboot -kernel "$kernel" -initrd "$initrd" \
    -append "console=ttyAMA0 panic=-1 $quiet$append nested.test=\"$cmd\"" \
    < /dev/null 2>&1 |
    tee "$console" ${logfile:+"$logfile"} |
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        printf '%s\n' "$line"
        case $line in
        'nested: init '*) log "/init reached after $(elapsed) s" ;;
        'nested: exit='*) log "test finished after $(elapsed) s" ;;
        esac
    done
status=("${PIPESTATUS[@]}")
set -e

rc=$(sed -n 's/.*nested: exit=\([0-9]*\).*/\1/p' "$console" | tail -1)
if [ "${status[0]}" = 124 ] || [ "${status[0]}" = 137 ]; then
    die "L1 timed out after $timeout s (kernel $series)"
elif [ -z "$rc" ]; then
    die "no 'nested: exit=' line on the console: L1 or QEMU failed (QEMU exit status ${status[0]})"
fi
[ "${status[0]}" = 0 ] || log "warning: QEMU exited with status ${status[0]}"
log "exit=$rc, total $(elapsed) s"
exit "$rc"
