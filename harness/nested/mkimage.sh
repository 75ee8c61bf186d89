#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mkimage.sh: build the L1 image of the nested-KVM tests,
# build/nested/image.cpio (uncompressed: faster to unpack under TCG), with
#
#   /usr/bin/qemu-system-aarch64   the arm64 --enable-kvm cross build, with
#                                  its shared-library closure
#   /tests/<qtest>                 cross-built QEMU qtests with KVM cases
#   /payload/idregs.elf            the ID-register payload
#   /payload/idregs-loop.elf       the same, printing every second (migration)
#   /usr/bin/kvmprobe              the host probe
#   /usr/lib/idreg-count.so        counts ID-register ioctls (LD_PRELOAD)
#   /usr/share/qemu/efi-virtio.rom the virt machine's default NIC ROM (from
#                                  ipxe-qemu), which QEMU's own qtests want
#   /l1/*.sh                       the scripts that run the tests in L1
#   /lib/netmods/<abi>/*.ko        the virtio-net driver modules of the 7.2
#                                  kernel, and their load order (order)
#
# The ELF files are stripped. Prints the image's path.

. "$(dirname "$0")/nested.sh"

payload=$BUILD/payload/idregs.elf
out=$BUILD/nested/image.cpio
root=$BUILD/nested/image-root

[ -x "$CROSS/qemu-system-aarch64" ] || die "no cross build; run 'make cross'"
[ -s "$payload" ] || die "no payload; run 'make payload'"
bins=("$CROSS/qemu-system-aarch64")
for t in $CROSS_QTESTS; do
    [ -x "$CROSS/tests/qtest/$t" ] || die "qtest $t is not cross-built; run 'make cross'"
    bins+=("$CROSS/tests/qtest/$t:/tests/$t")
done
built=$("$NESTED/build-kvmprobe.sh") || die "building kvmprobe failed"
probe=$(sed -n 1p <<< "$built")
shim=$(sed -n 2p <<< "$built")

rm -rf "$root"
mkdir -p "$root/payload" "$root/usr/bin" "$root/l1"
"$NESTED/closure.sh" -L "$SYSROOT/usr/lib/aarch64-linux-gnu" "$root" "${bins[@]}"
cp "$payload" "$root/payload/idregs.elf"
cp "${payload%.elf}-loop.elf" "$root/payload/idregs-loop.elf" \
    || die "no looping payload; run 'make payload'"
cp "$probe" "$root/usr/bin/kvmprobe"
mkdir -p "$root/usr/lib"
cp "$shim" "$root/usr/lib/idreg-count.so"
cp "$NESTED"/l1/*.sh "$root/l1/"
# The virtio-net driver, a module in Debian's kernels: 7.2's, for the
# two-host migration test (the other kernels' L1 have no NIC)
kernels=$("$NESTED/fetch-kernels.sh")
abi=$(cat "$kernels/abi-7.2")
mkdir -p "$root/lib/netmods/$abi"
for m in $(cat "$kernels/netmods-7.2/order"); do
    cp "$kernels/netmods-7.2/$m.ko" "$root/lib/netmods/$abi/"
    echo "$m" >> "$root/lib/netmods/$abi/order"
done
# The cross build's data directory, relocated next to /usr/bin.
mkdir -p "$root/usr/share/qemu"
cp /usr/lib/ipxe/qemu/efi-virtio.rom "$root/usr/share/qemu/" \
    || die "efi-virtio.rom not found; run harness/deps.sh (ipxe-qemu)"
chmod 755 "$root"/l1/*.sh
find "$root" -type f \( -path '*/bin/*' -o -path '*/tests/*' -o -name '*.so*' \) \
    -exec aarch64-linux-gnu-strip --strip-unneeded {} + \
    || die "stripping the image's binaries failed"

"$NESTED/mkinitramfs.sh" "$out" "$root"
printf '%s\n' "$out"
