#!/usr/bin/env bash
# Makes TorchSharp's native library load on a libstdc++ without GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04).
#
#   apply.sh OUTPUT_DIR WORK_DIR [auto|on|off]
#
# Run by the build after it copies files to OUTPUT_DIR (see Directory.Build.targets). For every
# libLibTorchSharp.so under OUTPUT_DIR (the build's own copy, never the NuGet cache) it marks the GLIBCXX_3.4.32
# version need weak and adds a shim that supplies the one symbol of that version as a dependency (see
# patch_verneed.cpp and glibcxx_compat.cpp). In "auto" mode nothing is done where the installed libstdc++ already
# defines the version. The shim and the patch tool are compiled with g++ into WORK_DIR, once.
set -euo pipefail

out=$1
work=$2
mode=${3:-auto}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=GLIBCXX_3.4.32
shim=libdrlrobot_glibcxx_compat.so

[ "$mode" = off ] && exit 0
mapfile -t libs < <(find "$out" -name libLibTorchSharp.so -type f 2>/dev/null)
[ ${#libs[@]} -gt 0 ] || exit 0

if [ "$mode" = auto ]; then
  stdcxx=$( { /sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true; } |
    awk '$1 == "libstdc++.so.6" && /x86-64/ { print $NF; exit }')
  if [ -z "$stdcxx" ]; then
    for candidate in /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libstdc++.so.6 \
                     /usr/lib64/libstdc++.so.6 /lib64/libstdc++.so.6; do
      if [ -f "$candidate" ]; then stdcxx=$candidate; break; fi
    done
  fi
  if [ -z "$stdcxx" ]; then
    echo "torch-compat: warning: libstdc++.so.6 not found; TorchSharp will not load until it is installed" >&2
    exit 0
  fi
  if grep -q "$version" "$stdcxx"; then
    exit 0
  fi
fi

if ! command -v g++ >/dev/null 2>&1; then
  echo "torch-compat: error: this system's libstdc++ lacks $version, which TorchSharp needs; g++ is required to build the compatibility shim (Debian/Ubuntu: sudo apt-get install g++)" >&2
  exit 1
fi

mkdir -p "$work"
if [ ! -x "$work/patch_verneed" ] || [ "$here/patch_verneed.cpp" -nt "$work/patch_verneed" ]; then
  g++ -std=c++17 -O2 -o "$work/patch_verneed" "$here/patch_verneed.cpp"
fi
if [ ! -f "$work/$shim" ] || [ "$here/glibcxx_compat.cpp" -nt "$work/$shim" ]; then
  g++ -std=c++17 -O2 -shared -fPIC -o "$work/$shim" "$here/glibcxx_compat.cpp"
fi

for lib in "${libs[@]}"; do
  cp -f "$work/$shim" "$(dirname "$lib")/$shim"
  "$work/patch_verneed" "$lib" "$version" "$shim" >/dev/null
done
echo "torch-compat: TorchSharp patched for a libstdc++ without $version (${#libs[@]} file(s) under $out)"
