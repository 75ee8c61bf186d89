#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# closure.sh [-L LIBDIR]... OUT BINARY[:DEST]...
#
# Copy arm64 ELF binaries into the directory tree OUT (an EXTRA_DIR for
# mkinitramfs.sh), each at DEST (default /usr/bin/<name>), together with the
# closure of their DT_NEEDED shared libraries, put in /lib/aarch64-linux-gnu,
# and the dynamic loader at the path the binaries request (PT_INTERP).
#
# Libraries are looked up in each -L LIBDIR first (for example
# build/sysroot/usr/lib/aarch64-linux-gnu, which holds libfdt.so.1), then in
# this machine's arm64 multiarch directories, then in the cross toolchain's
# libc directory. A library that is not found is an error.

. "$(dirname "$0")/nested.sh"

libdirs=()
while [ $# -gt 0 ]; do
    case $1 in
    -L)  [ $# -ge 2 ] || die "-L needs a directory"; libdirs+=("$2"); shift 2 ;;
    -L*) libdirs+=("${1#-L}"); shift ;;
    *)   break ;;
    esac
done
[ $# -ge 2 ] || die "usage: closure.sh [-L LIBDIR]... OUT BINARY[:DEST]..."
out=$1
shift
libdirs+=(/usr/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu /usr/aarch64-linux-gnu/lib)

# find_lib NAME: print the path of the shared library NAME.
find_lib() {
    local d
    for d in "${libdirs[@]}"; do
        if [ -e "$d/$1" ]; then
            printf '%s\n' "$d/$1"
            return 0
        fi
    done
    return 1
}

needed() {
    LC_ALL=C aarch64-linux-gnu-readelf -d "$1" |
        sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p'
}

interp() {
    LC_ALL=C aarch64-linux-gnu-readelf -l "$1" |
        sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p'
}

declare -A copied=()
queue=()
interps=()

for arg in "$@"; do
    bin=${arg%%:*}
    dest=/usr/bin/$(basename "$bin")
    [ "$arg" = "$bin" ] || dest=${arg#*:}
    [ -f "$bin" ] || die "binary $bin does not exist"
    is_arm64_elf "$bin" || die "$bin is not an arm64 ELF file"
    mkdir -p "$out$(dirname "$dest")"
    cp -L "$bin" "$out$dest"
    queue+=("$bin")
    i=$(interp "$bin")
    [ -z "$i" ] || interps+=("$i")
done

# Breadth-first over DT_NEEDED; each library once, by its DT_NEEDED name.
while [ ${#queue[@]} -gt 0 ]; do
    f=${queue[0]}
    queue=("${queue[@]:1}")
    for lib in $(needed "$f"); do
        [ -z "${copied[$lib]:-}" ] || continue
        path=$(find_lib "$lib") ||
            die "library $lib (needed by $(basename "$f")) not found in: ${libdirs[*]}"
        mkdir -p "$out/lib/aarch64-linux-gnu"
        cp -L "$path" "$out/lib/aarch64-linux-gnu/$lib"
        copied[$lib]=$path
        queue+=("$path")
    done
done

# The loader comes from the same directories, so that it matches libc.
for i in $(printf '%s\n' "${interps[@]}" | sort -u); do
    path=$(find_lib "$(basename "$i")") ||
        die "dynamic loader $(basename "$i") not found in: ${libdirs[*]}"
    mkdir -p "$out$(dirname "$i")"
    cp -L "$path" "$out$i"
done
log "$# binaries, ${#copied[@]} libraries into $out"
