#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Download the pinned Linux kernel source (Debian's linux-source-7.2
# 7.2.13-1, the patched tree as Debian builds it) with apt's own client,
# verify it, and cache only the two files scripts/gen-idregs.py reads:
#
#   $CACHE/linux-sysreg/<version>/arch/arm64/tools/sysreg
#   $CACHE/linux-sysreg/<version>/arch/arm64/kernel/cpufeature.c
#   $CACHE/linux-sysreg/<version>/SOURCE      where they came from (one line)
#
# Prints that directory, which is a LINUX_PATH for scripts/gen-idregs.py.
# The binary package (164 MB) is used rather than `apt-get source linux`
# (orig tarball 164 MB + debian tarball 1.5 MB, unpatched until dpkg-source
# runs); the .deb is deleted once the two files are extracted and verified.

. "$(dirname "$0")/common.sh"

# The pin. sha256 of the .deb as the sid index lists it, and of the two
# extracted files, so that a warm run only has to hash 300 KB.
LINUX_PKG=linux-source-7.2
LINUX_PKG_VERSION=7.2.13-1
LINUX_UPSTREAM_VERSION=${LINUX_PKG_VERSION%-*}
LINUX_DEB_SHA256=30a8c5fc63f9028a62e6d7b3f7f43bee67425dbce2a05fceba83f9b87c92083d
SYSREG=arch/arm64/tools/sysreg
SYSREG_SHA256=2a70a561fd7565eaa38640c0f577fc5d1f5b4cf4ddb7d6e33f7b38e3835fef3d
CPUFEATURE=arch/arm64/kernel/cpufeature.c
CPUFEATURE_SHA256=a95afb598f931f38bf04ab416511d395bffcab880d7d6789d38f705c9f8d66bb

dest=$CACHE/linux-sysreg/$LINUX_PKG_VERSION
source_line="Linux $LINUX_UPSTREAM_VERSION (Debian $LINUX_PKG $LINUX_PKG_VERSION)"

complete() {
    [ -f "$dest/$SYSREG" ] && [ -f "$dest/$CPUFEATURE" ] &&
        [ "$(sha256_of "$dest/$SYSREG")" = "$SYSREG_SHA256" ] &&
        [ "$(sha256_of "$dest/$CPUFEATURE")" = "$CPUFEATURE_SHA256" ] &&
        [ "$(cat "$dest/SOURCE" 2>/dev/null)" = "$source_line" ]
}

if complete; then
    printf '%s\n' "$dest"
    exit 0
fi

apt_dir=$CACHE/apt-sid-all
write_private_apt "$apt_dir" deb sid "$(dpkg --print-architecture)"
private_apt_update "$apt_dir"
have=$(APT_CONFIG=$apt_dir/apt.conf apt-cache madison "$LINUX_PKG" | awk '{ print $3 }')
printf '%s\n' "$have" | grep -qxF "$LINUX_PKG_VERSION" \
    || die "$LINUX_PKG $LINUX_PKG_VERSION is not in the sid index" \
           "(it has: ${have:-nothing}); update the pin in $0"

debs=$CACHE/debs/sid-all
deb=$debs/${LINUX_PKG}_${LINUX_PKG_VERSION}_all.deb
mkdir -p "$debs"
if [ ! -f "$deb" ] || [ "$(sha256_of "$deb")" != "$LINUX_DEB_SHA256" ]; then
    rm -f "$debs/${LINUX_PKG}"_*.deb
    log "downloading $LINUX_PKG $LINUX_PKG_VERSION (164 MB)"
    (cd "$debs" && APT_CONFIG=$apt_dir/apt.conf \
        apt-get -q download "$LINUX_PKG=$LINUX_PKG_VERSION" >&2) \
        || die "apt-get download $LINUX_PKG=$LINUX_PKG_VERSION failed"
    [ -f "$deb" ] || die "apt-get download did not produce $(basename "$deb")"
    got=$(sha256_of "$deb")
    if [ "$got" != "$LINUX_DEB_SHA256" ]; then
        mv "$deb" "$deb.bad"
        die "sha256 mismatch for $(basename "$deb"): got $got, want $LINUX_DEB_SHA256"
    fi
fi

# The .deb holds usr/src/linux-source-7.2.tar.xz; take the two members out of
# it without unpacking the rest. --occurrence makes the last tar stop once
# both are out, which kills the stages before it with SIGPIPE: only the last
# stage's status counts (the .deb's and the files' sha256 are checked anyway).
tmp=$(mktemp -d "$CACHE/linux-sysreg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tarball=usr/src/$LINUX_PKG.tar.xz
log "extracting $SYSREG and $CPUFEATURE from $tarball"
(
    set +o pipefail
    dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -xO "./$tarball" 2>/dev/null |
        tar -xJ -C "$tmp" --occurrence "$LINUX_PKG/$SYSREG" "$LINUX_PKG/$CPUFEATURE"
) || die "cannot extract $SYSREG and $CPUFEATURE from $tarball in $(basename "$deb")"
for f in "$SYSREG:$SYSREG_SHA256" "$CPUFEATURE:$CPUFEATURE_SHA256"; do
    got=$(sha256_of "$tmp/$LINUX_PKG/${f%%:*}")
    [ "$got" = "${f#*:}" ] \
        || die "sha256 mismatch for ${f%%:*} in $(basename "$deb"): got $got, want ${f#*:}"
done
printf '%s\n' "$source_line" > "$tmp/$LINUX_PKG/SOURCE"
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$tmp/$LINUX_PKG" "$dest"
rm -f "$deb"
complete || die "$dest is still incomplete after extracting"
log "$source_line: $SYSREG and $CPUFEATURE in $dest"
printf '%s\n' "$dest"
