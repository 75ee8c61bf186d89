# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared settings for the nested-KVM harness: real arm64 KVM inside an arm64
# Linux guest (L1) that runs under TCG with -M virt,virtualization=on.
# Sourced, not executed.

. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

NESTED=$TOP/harness/nested
KERNELS=$CACHE/kernels              # Image-<series>, config-<series>
NESTED_CACHE=$CACHE/nested          # busybox

# The kernels the tests cover, by series: Debian sid and trixie, whose KVM
# lets a VMM change ID registers, and bookworm's 6.1, whose KVM does not
# (no KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES: -cpu host only, no models).
# Each maps to the binary package that holds it and to its ABI name.
NESTED_SERIES="7.2 6.12 6.1"
kernel_abi() {
    case $1 in
    7.2)  echo 7.2.13+deb14-arm64 ;;
    6.12) echo 6.12.107+deb13-arm64 ;;
    6.1)  echo 6.1.0-50-arm64 ;;
    *)    die "unknown kernel series '$1' (accepted: $NESTED_SERIES)" ;;
    esac
}

# Is FILE an uncompressed arm64 Linux Image ("ARM\x64" at offset 0x38)?
is_arm64_image() {
    [ -s "$1" ] && [ "$(od -An -c -j 56 -N 4 "$1" | tr -d ' ')" = 'ARMd' ]
}

# Is FILE an arm64 (AArch64) ELF binary?
is_arm64_elf() {
    LC_ALL=C aarch64-linux-gnu-readelf -h "$1" 2>/dev/null | grep -q 'Machine:.*AArch64'
}
