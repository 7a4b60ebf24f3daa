#!/usr/bin/env bash
# Makes the minimal arm64 root that qemu-aarch64-static needs to run the linux-arm64 bundle on an x64 machine:
# glibc, libstdc++, libgcc and zlib unpacked from Debian's arm64 packages (downloaded with apt into a private list
# folder, so the host's apt configuration is untouched), plus a /proc/cpuinfo of an ARM CPU.
#
#   runtime/deploy/arm64-sysroot.sh DIR
#
# Why the fake /proc/cpuinfo: qemu-user (before 8.2) passes the host's x86 /proc/cpuinfo through, and the cpuinfo
# library inside ONNX Runtime dereferences a null pointer when it finds no ARM processor there. qemu's -L prefix is
# searched first for every absolute path, so DIR/proc/cpuinfo is what the emulated process reads.
set -euo pipefail
dir="${1:?usage: arm64-sysroot.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
opts=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
apt-get "${opts[@]}" update -qq >&2
(cd "$work/debs" && apt-get "${opts[@]}" download libc6 libstdc++6 libgcc-s1 zlib1g >&2)
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$dir"; done
mkdir -p "$dir/proc"
: > "$dir/proc/cpuinfo"
for cpu in 0 1 2 3; do
  # A Cortex-A76 (Raspberry Pi 5).
  printf 'processor\t: %s\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x4\nCPU part\t: 0xd0b\nCPU revision\t: 1\n\n' "$cpu" >> "$dir/proc/cpuinfo"
done
touch "$dir/.complete"
echo "$dir"
