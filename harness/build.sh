#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build.sh native|cross|docs|sanitize [ninja targets...]
#
# Without targets: everything for native; for cross, qemu-system-aarch64 and
# the qtests of CROSS_QTESTS (common.sh), which run inside the nested harness;
# for docs, QEMU's manual (build/docs/docs/manual, with
# docs/system/arm/cpu-models.rst and the QMP reference); for sanitize,
# qemu-system-aarch64 and the tests of SANITIZE_TESTS (common.sh).
#
# native: qemu-system-aarch64 for this machine (TCG, plus KVM on an arm64
#         host), with the unit tests and qtests.
# cross:  on an x86-64 machine, the same tree for an arm64 host with
#         --enable-kvm --disable-tcg and only the virt machine: the build in
#         which target/arm/kvm.c is compiled, and the QEMU that runs inside
#         the nested-KVM harness.
# docs:   QEMU's sphinx manual alone (warnings are errors), nothing compiled.
# sanitize: the native tree with AddressSanitizer and UndefinedBehaviorSanitizer
#         (QEMU's --enable-asan --enable-ubsan), for make check-sanitize.
# native and cross use ccache (cache under ~/.cache/arm-cpu-models/ccache). configure is
# re-run only when its arguments change; meson re-configures itself when a
# meson.build file changes.

. "$(dirname "$0")/common.sh"

kind=${1:?usage: build.sh native|cross|docs|sanitize [targets...]}
shift
host_arch=$(dpkg --print-architecture)

common_args=(--target-list=aarch64-softmmu --python=/usr/bin/python3
             --disable-install-blobs --disable-docs)

case $kind in
native)
    dir=$NATIVE
    # QEMU's own qtests want firmware: option ROMs (virt's default NIC loads
    # efi-virtio.rom) and a few boot ROMs. Look for it where Debian's own
    # QEMU does.
    firmware_dirs=(/usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu)
    args=("${common_args[@]}" "--cc=ccache gcc" "--cxx=ccache g++"
          "--host-cc=gcc"
          "--firmwarepath=$(IFS=:; echo "${firmware_dirs[*]}")")
    ;;
cross)
    [ "$host_arch" != arm64 ] || die "this machine is arm64: the native build already has KVM"
    dir=$CROSS
    # libfdt-dev is not Multi-Arch: same, so it comes from a sysroot of its own.
    if [ ! -e "$SYSROOT/usr/include/libfdt.h" ]; then
        apt_dir=$CACHE/apt-bookworm-arm64
        write_private_apt "$apt_dir" deb bookworm arm64
        private_apt_update "$apt_dir"
        debs=$CACHE/debs/bookworm-arm64
        mkdir -p "$debs"
        (cd "$debs" && APT_CONFIG=$apt_dir/apt.conf apt-get -q download \
            libfdt-dev:arm64 libfdt1:arm64 >&2) || die "downloading libfdt-dev:arm64 failed"
        rm -rf "$SYSROOT"
        for d in "$debs"/libfdt-dev_*.deb "$debs"/libfdt1_*.deb; do
            dpkg-deb -x "$d" "$SYSROOT"
        done
    fi
    if [ $# = 0 ]; then
        set -- qemu-system-aarch64
        # (a tree at a patch of the series may not have them all yet)
        for t in $CROSS_QTESTS; do
            [ -e "$SRC/tests/qtest/$t.c" ] && set -- "$@" "tests/qtest/$t"
        done
    fi
    args=("${common_args[@]}" --cross-prefix=aarch64-linux-gnu-
          "--cc=ccache aarch64-linux-gnu-gcc" "--cxx=ccache aarch64-linux-gnu-g++"
          "--host-cc=gcc"
          --enable-kvm --disable-tcg --with-devices-aarch64=minimal
          --disable-tools --disable-user --disable-guest-agent
          "--extra-cflags=-I$SYSROOT/usr/include"
          "--extra-ldflags=-L$SYSROOT/usr/lib/aarch64-linux-gnu -Wl,-rpath-link,$SYSROOT/usr/lib/aarch64-linux-gnu")
    ;;
sanitize)
    dir=$SANITIZE
    if [ $# = 0 ]; then
        set -- qemu-system-aarch64 $SANITIZE_TESTS
    fi
    args=("${common_args[@]}" "--cc=ccache gcc" "--cxx=ccache g++"
          "--host-cc=gcc" --enable-asan --enable-ubsan --disable-tools
          --disable-user --disable-guest-agent)
    ;;
docs)
    # QEMU's manual, built by QEMU's own sphinx setup (with -W: a warning
    # fails it), in a build directory of its own that compiles nothing
    dir=$DOCS
    args=(--target-list=aarch64-softmmu --python=/usr/bin/python3
          --disable-install-blobs --enable-docs --enable-werror --disable-tools
          --disable-user)
    [ $# != 0 ] || set -- docs/docs.stamp
    ;;
*)
    die "unknown build kind '$kind' (accepted: native, cross, docs, sanitize)"
    ;;
esac

[ -e "$SRC/configure" ] || die "build/src is not assembled; run 'make assemble'"
mkdir -p "$dir" "$CCACHE_DIR"
want=$(printf '%q ' "${args[@]}")
if [ ! -e "$dir/build.ninja" ] || [ "$(cat "$dir/.configure-args" 2>/dev/null)" != "$want" ]; then
    log "configuring the $kind build"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && "$SRC/configure" "${args[@]}" > configure.log 2>&1) || {
        tail -40 "$dir/configure.log" >&2
        die "configure failed for the $kind build (full log: $dir/configure.log)"
    }
    printf '%s' "$want" > "$dir/.configure-args"
fi

# QEMU's decodetree.py walks Python sets, so the order of the lines it
# generates (decode-*.c.inc) follows the hash seed: with a random seed every
# fresh build tree misses ccache for the eight target/arm/tcg/translate*.c
# that include them (~65 s of CPU, paid at each series boundary that
# recompiles them). A fixed seed makes the generated files, and ccache, stable.
export PYTHONHASHSEED=0
log "building ($kind)${*:+: $*}"
start=$(date +%s)
ninja -C "$dir" "$@" >&2 || die "the $kind build failed"
if [ "$kind" = native ]; then
    # Run from the build tree, QEMU looks for its firmware path below
    # qemu-bundle/ (see get_relocated_path()): point that at Debian's ROMs,
    # and /usr/share/qemu at the boot ROMs fetched into the cache.
    bundle=$dir/qemu-bundle
    mkdir -p "$bundle/usr/share" "$bundle/usr/lib/ipxe"
    ln -sfn /usr/share/seabios "$bundle/usr/share/seabios"
    ln -sfn /usr/lib/ipxe/qemu "$bundle/usr/lib/ipxe/qemu"
    ln -sfn "$(bash "$TOP/harness/fetch-firmware.sh")" "$bundle/usr/share/qemu"
elif [ "$kind" = sanitize ]; then
    # The same ROMs in the default firmware path, relocated below
    # qemu-bundle/ (its configure arguments stay the minimal ones)
    fw=$dir/qemu-bundle/usr/local/share/qemu-firmware
    mkdir -p "$fw"
    for d in /usr/share/seabios /usr/lib/ipxe/qemu "$(bash "$TOP/harness/fetch-firmware.sh")"; do
        for f in "$d"/*; do
            ln -sfn "$f" "$fw/$(basename "$f")"
        done
    done
fi
