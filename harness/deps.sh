#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install what the build and the tests need on a Debian 12 (bookworm) x86-64
# or arm64 machine. Idempotent: does nothing when everything is present.
# Uses the machine's own apt sources plus bookworm-backports (for meson >= 1.5,
# python3-pycotap and libvirt 11.3, which harness/libvirt.py drives), added through a private SourceParts directory so the
# system configuration is not edited. The cross build adds the arm64 dpkg
# architecture for the Multi-Arch: same -dev packages.

. "$(dirname "$0")/common.sh"

NATIVE_PKGS="gcc g++ make pkg-config ninja-build python3-venv libglib2.0-dev
 libpixman-1-dev zlib1g-dev libfdt-dev flex bison ccache bzip2 xz-utils git
 cpio gzip dpkg-dev ipxe-qemu seabios socat xorriso swtpm swtpm-tools
 python3-sphinx python3-sphinx-rtd-theme valgrind time clang libclang-rt-dev"
BACKPORTS_PKGS="meson python3-pycotap libvirt-daemon libvirt-daemon-driver-qemu
 libvirt-clients"
CROSS_PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
 libglib2.0-dev:arm64 libpixman-1-dev:arm64 zlib1g-dev:arm64"

host_arch=$(dpkg --print-architecture)
want_cross=1
[ "$host_arch" = arm64 ] && want_cross=0

missing() {
    local p out=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' \
            || out="$out $p"
    done
    printf '%s' "$out"
}

meson_ok() {
    command -v meson >/dev/null && \
        /usr/bin/python3 - <<'PY' 2>/dev/null
import sys, mesonbuild.coredata as c
v = tuple(int(x) for x in c.version.split('.')[:2])
sys.exit(0 if v >= (1, 5) else 1)
PY
}

# bookworm's own libvirt (9.0) is older than what a QEMU 10.x user pairs
libvirt_ok() {
    dpkg --compare-versions \
        "$(dpkg-query -W -f='${Version}' libvirt-daemon-driver-qemu 2>/dev/null)" \
        ge 11.3
}

need=$(missing $NATIVE_PKGS)
need_bp=$(missing $BACKPORTS_PKGS)
meson_ok || need_bp="$need_bp meson"
libvirt_ok || need_bp="$need_bp libvirt"
need_cross=""
if [ $want_cross = 1 ]; then
    dpkg --print-foreign-architectures | grep -qx arm64 || {
        log "adding the arm64 dpkg architecture (for the cross build's -dev packages)"
        dpkg --add-architecture arm64
        need_cross=forced
    }
    need_cross="$(missing $CROSS_PKGS)${need_cross:+ }"
    [ "$need_cross" = " " ] && need_cross=""
fi

if [ -z "$need$need_bp$need_cross" ]; then
    log "all build and test dependencies are installed"
    exit 0
fi

[ "$(id -u)" = 0 ] || die "missing packages:$need$need_bp $need_cross; run as root to install them"

# bookworm-backports next to the machine's own sources, in a private parts dir.
parts=$CACHE/apt-host/sources.list.d
mkdir -p "$parts"
rm -f "$parts"/*.sources "$parts"/*.list
for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] && cp "$f" "$parts/"
done
[ -r /etc/apt/sources.list ] && grep -q '^deb' /etc/apt/sources.list && \
    cp /etc/apt/sources.list "$parts/system.list"
cat > "$parts/zz-backports.sources" <<EOT
Types: deb
URIs: $(debian_archive_uri)
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
APT="apt-get -q -o Dir::Etc::SourceParts=$parts -o Dir::Etc::SourceList=/dev/null"
export DEBIAN_FRONTEND=noninteractive

log "installing:$need$need_bp $need_cross"
$APT update >&2 || die "apt-get update failed"
if [ -n "$need" ] || [ -n "$need_cross" ]; then
    pkgs="$NATIVE_PKGS"
    [ $want_cross = 1 ] && pkgs="$pkgs $CROSS_PKGS"
    $APT install -y --no-install-recommends $pkgs >&2 || die "installing build packages failed"
fi
# no service starts during the install (no init system runs here; the test
# starts its own libvirtd): a policy-rc.d of our own if the machine has none
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > $policy
    chmod 755 $policy
fi
rc=0
$APT install -y --no-install-recommends -t bookworm-backports $BACKPORTS_PKGS >&2 \
    || rc=$?
[ -z "$policy" ] || rm -f "$policy"
[ $rc = 0 ] || die "installing meson/python3-pycotap/libvirt from bookworm-backports failed"
meson_ok || die "meson >= 1.5 is still not available to /usr/bin/python3"
libvirt_ok || die "libvirt 11.3 from bookworm-backports is still not installed"
log "dependencies installed"
