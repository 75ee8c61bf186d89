#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build-kvmprobe.sh: build kvmprobe.c (which names registers from the
# ID-register table, target/arm/cpu-idregs.h.inc) as a static arm64 binary,
# $BUILD/nested/kvmprobe, and idreg-count.c as an arm64 shared object to
# LD_PRELOAD into QEMU, $BUILD/nested/idreg-count.so, against the KVM UAPI
# headers of the assembled QEMU tree (build/src/linux-headers), which are
# newer than the cross toolchain's. Prints the two paths, one a line.

. "$(dirname "$0")/nested.sh"

hdrs=$SRC/linux-headers
out=$BUILD/nested/kvmprobe
[ -e "$hdrs/linux/kvm.h" ] || die "$hdrs/linux/kvm.h not found; run 'make assemble'"
command -v aarch64-linux-gnu-gcc >/dev/null || die "aarch64-linux-gnu-gcc not found; run harness/deps.sh"

table=$SRC/target/arm/cpu-idregs.h.inc
[ -e "$table" ] || die "$table not found; run 'make assemble'"
if [ ! -x "$out" ] || [ "$NESTED/kvmprobe.c" -nt "$out" ] || [ "$hdrs/linux/kvm.h" -nt "$out" ] ||
        [ "$table" -nt "$out" ]; then
    # QEMU's tree keeps <asm/kvm.h> in asm-arm64/; the headers it does not
    # carry (linux/types.h, asm/ptrace.h, ...) come from the cross toolchain.
    inc=$BUILD/nested/include
    mkdir -p "$inc"
    ln -sfn "$hdrs/asm-arm64" "$inc/asm"
    aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -std=gnu11 \
        -I"$inc" -I"$hdrs" -I"$SRC/target/arm" -o "$out.$$" \
        "$NESTED/kvmprobe.c" \
        || die "compiling kvmprobe.c failed"
    mv "$out.$$" "$out"
fi
shim=$BUILD/nested/idreg-count.so
if [ ! -e "$shim" ] || [ "$NESTED/idreg-count.c" -nt "$shim" ] || [ "$hdrs/linux/kvm.h" -nt "$shim" ]; then
    inc=$BUILD/nested/include
    mkdir -p "$inc"
    ln -sfn "$hdrs/asm-arm64" "$inc/asm"
    aarch64-linux-gnu-gcc -shared -fPIC -O2 -Wall -Wextra -Werror -std=gnu11 \
        -I"$inc" -I"$hdrs" -o "$shim.$$" "$NESTED/idreg-count.c" \
        || die "compiling idreg-count.c failed"
    mv "$shim.$$" "$shim"
fi
printf '%s\n' "$out" "$shim"
