#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fetch-kernels.sh: download what the nested-KVM guest (L1) is made of, with
# apt's own client from the machine's Debian archive, and cache it:
#
#   $CACHE/kernels/Image-7.2    sid's 7.2.13 arm64 kernel (uncompressed Image)
#   $CACHE/kernels/Image-6.12   trixie's 6.12.107 arm64 kernel (uncompressed)
#   $CACHE/kernels/Image-6.1    bookworm's 6.1 arm64 kernel (uncompressed)
#   $CACHE/kernels/config-*     their configurations (CONFIG_KVM=y is checked)
#   $CACHE/kernels/abi-*        the kernel_abi (nested.sh) they were made from
#   $CACHE/kernels/netmods-7.2/ the 7.2 kernel's virtio-net driver modules
#                               (failover.ko, net_failover.ko, virtio_net.ko,
#                               decompressed) and their load order (order),
#                               which the two-host migration test loads in L1
#   $CACHE/nested/busybox       busybox-static for arm64
#
# The .deb files stay under $CACHE/debs/nested-arm64. When everything is
# already there and valid, nothing is downloaded. Prints $CACHE/kernels.

. "$(dirname "$0")/nested.sh"

busybox=$NESTED_CACHE/busybox
# virtio_net's modules in load order, and where they are in the tree
NETMODS="failover net_failover virtio_net"
netmod_path() {
    case $1 in
    failover) echo "kernel/net/core/failover.ko.xz" ;;
    *) echo "kernel/drivers/net/$1.ko.xz" ;;
    esac
}

complete() {
    local s
    for s in $NESTED_SERIES; do
        is_arm64_image "$KERNELS/Image-$s" && [ -s "$KERNELS/config-$s" ] &&
            [ "$(cat "$KERNELS/abi-$s" 2>/dev/null)" = "$(kernel_abi "$s")" ] || return 1
    done
    for m in $NETMODS; do
        is_arm64_elf "$KERNELS/netmods-7.2/$m.ko" || return 1
    done
    [ "$(cat "$KERNELS/netmods-7.2/order" 2>/dev/null)" = "$NETMODS" ] || return 1
    is_arm64_elf "$busybox"
}

if complete; then
    printf '%s\n' "$KERNELS"
    exit 0
fi

apt_dir=$CACHE/apt-sid-trixie-arm64
debs=$CACHE/debs/nested-arm64
write_private_apt "$apt_dir" deb "sid trixie" arm64
private_apt_update "$apt_dir"
# bookworm's arm64 index, as harness/build.sh writes it for the sysroot
bookworm_apt=$CACHE/apt-bookworm-arm64
write_private_apt "$bookworm_apt" deb bookworm arm64
private_apt_update "$bookworm_apt"
mkdir -p "$debs" "$KERNELS" "$NESTED_CACHE"

# fetch PACKAGE [APTDIR]: print the path of PACKAGE's .deb from the index of
# APTDIR (default sid/trixie), downloading it if needed. A stale .deb of an
# older revision is replaced.
fetch() {
    local pkg=$1 dir=${2:-$apt_dir} ver deb
    ver=$(APT_CONFIG=$dir/apt.conf apt-cache policy "$pkg" |
          awk '/Candidate:/ { print $2 }')
    [ -n "$ver" ] && [ "$ver" != "(none)" ] \
        || die "package $pkg is not in the arm64 index of $dir" \
               "(if the archive has moved on, update kernel_abi in nested.sh)"
    deb=$debs/${pkg}_${ver//:/%3a}_arm64.deb      # apt's file name for an epoch
    if [ ! -s "$deb" ]; then
        log "downloading $pkg $ver"
        rm -f "$debs/${pkg}"_*.deb
        (cd "$debs" && APT_CONFIG=$dir/apt.conf \
            apt-get -q download "$pkg=$ver" >&2) || die "downloading $pkg failed"
        [ -s "$deb" ] || die "apt-get download $pkg did not produce $(basename "$deb")"
    fi
    printf '%s\n' "$deb"
}

# extract DEB DEST PATH...: copy the member of DEB that is one of PATH... to
# DEST, without unpacking the rest.
extract() {
    local deb=$1 dest=$2 member
    shift 2
    member=$(dpkg-deb --fsys-tarfile "$deb" | tar -t |
             awk -v want="$*" 'BEGIN { n = split(want, w, " ") }
                  { sub(/^\.?\//, "") }
                  !found { for (i = 1; i <= n; i++) if ($0 == w[i]) { print "./" $0; found = 1 } }') \
        || die "cannot read $deb"
    [ -n "$member" ] || die "$(basename "$deb") has none of: $*"
    dpkg-deb --fsys-tarfile "$deb" | tar -xO "$member" > "$dest" \
        || die "cannot extract $member from $deb"
}

# install_image DEB PATH SERIES: install the kernel as Image-SERIES.
# Debian's arm64 vmlinuz files are plain Images today; a gzip'ed one (which
# QEMU's -kernel would also take) is decompressed so that it can be checked.
install_image() {
    local dst=$KERNELS/Image-$3
    extract "$1" "$dst.tmp" "$2"
    if [ "$(od -An -tx1 -N2 "$dst.tmp" | tr -d ' ')" = 1f8b ]; then
        gzip -dc < "$dst.tmp" > "$dst.raw" && mv "$dst.raw" "$dst.tmp" \
            || die "cannot decompress $2 from $1"
    fi
    is_arm64_image "$dst.tmp" || die "$2 in $1 is not an arm64 Linux Image (no ARM\\x64 magic)"
    mv "$dst.tmp" "$dst"
}

# install_config DEB PATH SERIES
install_config() {
    local dst=$KERNELS/config-$3
    extract "$1" "$dst.tmp" "$2"
    grep -qx 'CONFIG_KVM=y' "$dst.tmp" || die "$2 in $1 does not have CONFIG_KVM=y"
    mv "$dst.tmp" "$dst"
}

# sid 7.2: the Image is in linux-binary-unsigned, the config in linux-base.
abi=$(kernel_abi 7.2)
deb=$(fetch "linux-binary-unsigned-$abi")
install_image "$deb" "usr/lib/modules/$abi/vmlinuz.unsigned" 7.2
deb=$(fetch "linux-base-$abi")
install_config "$deb" "usr/lib/modules/$abi/config" 7.2
echo "$abi" > "$KERNELS/abi-7.2"
# its modules (93 MB) for the virtio-net driver, which is not built in
deb=$(fetch "linux-modules-$abi")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/netmods.XXXXXX")
members=()
for m in $NETMODS; do
    members+=("./usr/lib/modules/$abi/$(netmod_path "$m")")
done
# one pass over the 93 MB archive for the three members
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "${members[@]}" \
    || die "cannot extract the virtio-net modules from $(basename "$deb")"
mkdir -p "$KERNELS/netmods-7.2"
for m in $NETMODS; do
    xz -dc "$tmp/usr/lib/modules/$abi/$(netmod_path "$m")" \
        > "$KERNELS/netmods-7.2/$m.ko.tmp" \
        || die "cannot decompress $m.ko.xz from $(basename "$deb")"
    is_arm64_elf "$KERNELS/netmods-7.2/$m.ko.tmp" || die "$m.ko is not an arm64 ELF"
    mv "$KERNELS/netmods-7.2/$m.ko.tmp" "$KERNELS/netmods-7.2/$m.ko"
done
echo $NETMODS > "$KERNELS/netmods-7.2/order"
rm -rf "$tmp"

# trixie 6.12: one package with the Image and its config in /boot.
abi=$(kernel_abi 6.12)
deb=$(fetch "linux-image-$abi-unsigned")
install_image "$deb" "boot/vmlinuz-$abi" 6.12
install_config "$deb" "boot/config-$abi" 6.12
echo "$abi" > "$KERNELS/abi-6.12"

# bookworm 6.1: as trixie's
abi=$(kernel_abi 6.1)
deb=$(fetch "linux-image-$abi-unsigned" "$bookworm_apt")
install_image "$deb" "boot/vmlinuz-$abi" 6.1
install_config "$deb" "boot/config-$abi" 6.1
echo "$abi" > "$KERNELS/abi-6.1"

# /usr/bin/busybox in sid, /bin/busybox in older releases.
deb=$(fetch busybox-static)
extract "$deb" "$busybox.tmp" usr/bin/busybox bin/busybox
is_arm64_elf "$busybox.tmp" || die "busybox in $(basename "$deb") is not an arm64 binary"
chmod 755 "$busybox.tmp"
mv "$busybox.tmp" "$busybox"

complete || die "the kernel cache is still incomplete after fetching"
log "kernels: $(cd "$KERNELS" && echo Image-*)"
printf '%s\n' "$KERNELS"
