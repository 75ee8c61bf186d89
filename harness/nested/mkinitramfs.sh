#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mkinitramfs.sh OUT [EXTRA_DIR...]
#
# Build the initramfs of the nested-KVM guest (L1): busybox-static, the /init
# of this directory, and the contents of each EXTRA_DIR copied into the root
# in order (the QEMU closure from closure.sh, payloads, test scripts).
# OUT is gzip-compressed when its name ends in .gz, a plain newc cpio
# otherwise (faster to unpack under TCG when the image is large).
# Nothing is done when OUT is newer than all of its inputs.

. "$(dirname "$0")/nested.sh"

[ $# -ge 1 ] || die "usage: mkinitramfs.sh OUT [EXTRA_DIR...]"
out=$(realpath -m "$1")
shift
for d in "$@"; do
    [ -d "$d" ] || die "extra directory '$d' does not exist"
done

"$NESTED/fetch-kernels.sh" > /dev/null
busybox=$NESTED_CACHE/busybox

# Up to date? The inputs are the same list and none is newer than OUT.
inputs=$(printf '%s\n' "$NESTED/init" "$busybox" "$@" | xargs -d '\n' realpath)
stamp=$out.inputs
if [ -s "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ] &&
   [ -z "$(printf '%s\n' "$inputs" | xargs -d '\n' -I{} find {} -newer "$out" -print -quit)" ]; then
    exit 0
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc}
cp "$busybox" "$root/bin/busybox"
cp "$NESTED/init" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox"
for d in "$@"; do
    cp -a "$d/." "$root/" || die "copying $d into the initramfs failed"
done

mkdir -p "$(dirname "$out")"
case $out in
*.gz) (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) ;;
*)    (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) ;;
esac > "$out.$$" || die "creating the cpio archive $out failed"
mv "$out.$$" "$out"
printf '%s\n' "$inputs" > "$stamp"
log "$out: $(du -h "$out" | cut -f1)"
