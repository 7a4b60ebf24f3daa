#!/usr/bin/env bash
# Runs a linux-arm64 drl-run bundle on an x64 machine under qemu-aarch64-static, with the sysroot made by
# arm64-sysroot.sh. Speed under qemu means nothing; this checks that the bundle runs and computes the same actions.
#
#   runtime/deploy/qemu-arm64-run.sh BUNDLE SYSROOT drl-run-arguments...
#   e.g. runtime/deploy/qemu-arm64-run.sh artifacts/deploy/drl-run-linux-arm64 artifacts/arm64-sysroot sim models/lander.onnx --episodes 3
set -euo pipefail
bundle="${1:?usage: qemu-arm64-run.sh BUNDLE SYSROOT ARGS...}"
sysroot="${2:?usage: qemu-arm64-run.sh BUNDLE SYSROOT ARGS...}"
shift 2
command -v qemu-aarch64-static >/dev/null || { echo "qemu-arm64-run.sh: qemu-aarch64-static not found (apt-get install qemu-user-static)" >&2; exit 3; }
# No ICU in the sysroot; and W^X double-mapping of JIT code does not work under qemu-user.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0
exec qemu-aarch64-static -L "$sysroot" "$bundle/drl-run" "$@"
