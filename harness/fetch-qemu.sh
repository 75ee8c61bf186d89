#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Download the pinned upstream QEMU (Debian source package qemu 1:10.2.2+ds-1,
# whose orig tarball is upstream 10.2.2 minus non-free and prebuilt files)
# with apt's own client, verify it, and cache it. Prints the tarball's path.

. "$(dirname "$0")/common.sh"

dest=$CACHE/qemu-src
tarball=$dest/$QEMU_ORIG

if [ -f "$tarball" ] && [ "$(sha256_of "$tarball")" = "$QEMU_ORIG_SHA256" ]; then
    printf '%s\n' "$tarball"
    exit 0
fi

apt_dir=$CACHE/apt-src
write_private_apt "$apt_dir" deb-src sid "$(dpkg --print-architecture)"
private_apt_update "$apt_dir"

mkdir -p "$dest"
log "downloading the source package qemu=$QEMU_DEB_VERSION"
(cd "$dest" && APT_CONFIG=$apt_dir/apt.conf \
    apt-get -q source --download-only "qemu=$QEMU_DEB_VERSION" >&2) \
    || die "apt-get source qemu=$QEMU_DEB_VERSION failed (is the sid deb-src index reachable?)"
[ -f "$tarball" ] || die "apt-get source did not produce $QEMU_ORIG"
got=$(sha256_of "$tarball")
if [ "$got" != "$QEMU_ORIG_SHA256" ]; then
    mv "$tarball" "$tarball.bad"
    die "sha256 mismatch for $QEMU_ORIG: got $got, want $QEMU_ORIG_SHA256"
fi
rm -f "$dest"/*.debian.tar.* "$dest"/*.dsc
printf '%s\n' "$tarball"
