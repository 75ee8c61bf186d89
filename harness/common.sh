# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared settings for the harness scripts: paths, the pinned base, logging,
# and the Debian archive URI read from the machine's own apt sources.
# Sourced, not executed.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${ARMCPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/arm-cpu-models}
BUILD=${ARMCPU_BUILD:-$TOP/build}
SRC=$BUILD/src              # assembled QEMU tree (a git repository)
NATIVE=$BUILD/native        # x86-64 (host) build directory
CROSS=$BUILD/cross          # arm64 --enable-kvm cross build directory
DOCS=$BUILD/docs            # QEMU's manual (sphinx), with ours in it
SANITIZE=$BUILD/sanitize    # the native tree with ASan and UBSan
SYSROOT=$BUILD/sysroot      # arm64 packages that are not Multi-Arch: same

# The pinned upstream base (see README.md).
QEMU_VERSION=10.2.2
QEMU_DEB_VERSION=1:10.2.2+ds-1
QEMU_ORIG=qemu_10.2.2+ds.orig.tar.xz
QEMU_ORIG_SHA256=be05230fe47a6937cd29f28f562932c8125f9c93c2a82c625198f7a4aa601dfb

# QEMU qtests with KVM cases that the cross build also builds, to run in L1.
CROSS_QTESTS="arm-cpu-features arm-cpu-models-test arm-cpu-models-guest-test"

# What make check-sanitize builds and runs under ASan and UBSan, besides
# qemu-system-aarch64: the unit tests of the pure layer and the qtests that
# drive the CPU properties, the models and their QMP commands.
SANITIZE_TESTS="tests/unit/test-arm-cpu-idregs tests/unit/test-arm-cpu-idprops
 tests/unit/test-arm-cpu-models tests/unit/test-arm-cpu-idlimit
 tests/unit/test-arm-cpu-idkvm tests/unit/test-arm-cpu-idaccel
 tests/unit/test-arm-cpu-idcompare tests/unit/test-arm-cpu-models-shipped
 tests/qtest/arm-cpu-models-props-test tests/qtest/arm-cpu-models-types-test
 tests/qtest/arm-cpu-models-test
 tests/qtest/arm-cpu-features tests/qtest/qom-test
 tests/qtest/device-introspect-test tests/qtest/qmp-cmd-test"

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-2G}
# Hits across checkouts: a clean clone elsewhere (CI) compiles the same
# files as this one; paths below TOP are hashed relative to it, and the
# build directory is not hashed (debug info may name another checkout).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
# A header's hash is kept by its inode and times: QEMU's headers are hashed
# once per tree, not once per file that includes them (a fully cached
# build: 57.5 -> 54.7 s of CPU); CCACHE_NOINODECACHE=1 turns it off.
[ -n "${CCACHE_NOINODECACHE:-}" ] || export CCACHE_INODECACHE=1

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# The Debian archive this machine already uses, read from its apt sources so
# that no archive host name is written into the repository.
debian_archive_uri() {
    local uri=""
    if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
        uri=$(awk '
            /^[Uu][Rr][Ii][Ss]:/ { u = $2 }
            /^[Ss]uites:/ && u != "" {
                for (i = 2; i <= NF; i++) {
                    if ($i !~ /security/) { print u; exit }
                }
            }
            /^$/ { u = "" }' /etc/apt/sources.list.d/*.sources)
    fi
    if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $0 !~ /security/ && $2 ~ /debian/ {
                       for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit }
                   }' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || die "cannot find a Debian archive URI in /etc/apt/sources.list{,.d/*.sources}"
    printf '%s\n' "$uri"
}

# write_private_apt DIR "TYPES" "SUITES" ARCH
# A self-contained apt configuration (own lists, cache and status) so that
# downloads of sources and foreign packages never touch the system's apt state.
write_private_apt() {
    local dir=$1 types=$2 suites=$3 arch=$4 uri
    uri=$(debian_archive_uri)
    mkdir -p "$dir/etc/sources.list.d" "$dir/etc/apt.conf.d" "$dir/etc/preferences.d" \
             "$dir/state/lists/partial" "$dir/cache/archives/partial"
    [ -e "$dir/state/status" ] || : > "$dir/state/status"
    cat > "$dir/etc/sources.list.d/debian.sources" <<EOT
Types: $types
URIs: $uri
Suites: $suites
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
    cat > "$dir/apt.conf" <<EOT
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Dir::Etc "$dir/etc";
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$dir/etc/sources.list.d";
Dir::Etc::Parts "$dir/etc/apt.conf.d";
Dir::Etc::Preferences "/dev/null";
Dir::Etc::PreferencesParts "$dir/etc/preferences.d";
Dir::Etc::Trusted "/etc/apt/trusted.gpg";
Dir::Etc::TrustedParts "/etc/apt/trusted.gpg.d";
Dir::State "$dir/state";
Dir::State::status "$dir/state/status";
Dir::Cache "$dir/cache";
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
EOT
}

# private_apt_update DIR: refresh a private apt's lists at most once a day.
private_apt_update() {
    local dir=$1 stamp=$1/state/updated
    if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
        APT_CONFIG=$dir/apt.conf apt-get -q update >&2 || die "apt-get update failed for $dir"
        touch "$stamp"
    fi
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
