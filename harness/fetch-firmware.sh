#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Firmware for QEMU's own qtests that the +ds tarball strips: the NPCM7xx and
# NPCM8xx boot ROMs, which Debian builds from source and ships in
# qemu-system-data (taken from sid, extracted into the cache, not installed).
# Prints the directory that holds them.

. "$(dirname "$0")/common.sh"

dest=$CACHE/firmware/qemu
want="npcm7xx_bootrom.bin npcm8xx_bootrom.bin"

have=1
for f in $want; do
    [ -s "$dest/$f" ] || have=0
done
if [ $have = 1 ]; then
    printf '%s\n' "$dest"
    exit 0
fi

apt_dir=$CACHE/apt-sid-all
write_private_apt "$apt_dir" deb sid "$(dpkg --print-architecture)"
private_apt_update "$apt_dir"
debs=$CACHE/debs/sid-all
mkdir -p "$debs"
rm -f "$debs"/qemu-system-data_*.deb
(cd "$debs" && APT_CONFIG=$apt_dir/apt.conf apt-get -q download qemu-system-data >&2) \
    || die "downloading qemu-system-data from sid failed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$debs"/qemu-system-data_*.deb "$tmp"
mkdir -p "$dest"
for f in $want; do
    [ -s "$tmp/usr/share/qemu/$f" ] || die "qemu-system-data no longer ships $f"
    cp "$tmp/usr/share/qemu/$f" "$dest/$f"
done
log "firmware from $(basename "$debs"/qemu-system-data_*.deb) in $dest"
printf '%s\n' "$dest"
