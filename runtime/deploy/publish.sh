#!/usr/bin/env bash
# Builds the drl-run device bundle for a Raspberry Pi (or any Linux ARM board): a self-contained single-file
# executable (the .NET runtime inside, nothing to install on the device), ONNX Runtime's native library beside it,
# the policies, example configs, the systemd unit and the install script, as a folder and a .tar.gz.
#
#   runtime/deploy/publish.sh [--rid linux-arm64|linux-arm|linux-x64] [--out DIR] [--model FILE]... \
#                             [--onnxruntime-lib FILE] [--artifacts-path DIR] [--no-ready-to-run]
#
# --model may be repeated; without it every models/*.onnx of the repository is shipped. linux-arm (32-bit Raspberry
# Pi OS) needs --onnxruntime-lib: the Microsoft.ML.OnnxRuntime package ships no 32-bit ARM library, so an armhf
# libonnxruntime.so built elsewhere must be supplied. --no-ready-to-run skips the ReadyToRun compilation (minutes
# on a small machine; the tests use it), at the price of a JIT pause on the first ticks. Prints the bundle folder on
# the last line.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rid=linux-arm64
out="$repo/artifacts/deploy"
models=()
ort_lib=""
artifacts=""
ready_to_run=true
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --model) models+=("$2"); shift 2 ;;
    --onnxruntime-lib) ort_lib="$2"; shift 2 ;;
    --artifacts-path) artifacts="$2"; shift 2 ;;
    --no-ready-to-run) ready_to_run=false; shift ;;
    *) echo "publish.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$rid" in linux-arm64|linux-arm|linux-x64) ;; *) echo "publish.sh: --rid must be linux-arm64, linux-arm or linux-x64, not '$rid'" >&2; exit 2 ;; esac
if [ ${#models[@]} -eq 0 ]; then
  shopt -s nullglob
  models=("$repo"/models/*.onnx)
  shopt -u nullglob
fi
if [ ${#models[@]} -eq 0 ]; then
  echo "publish.sh: no models: add models/*.onnx to the repository or pass --model FILE" >&2
  exit 2
fi
for m in "${models[@]}"; do
  [ -f "$m" ] || { echo "publish.sh: model '$m' not found" >&2; exit 2; }
done
if [ "$rid" = linux-arm ] && [ -z "$ort_lib" ]; then
  echo "publish.sh: linux-arm needs --onnxruntime-lib FILE (an armhf libonnxruntime.so); Microsoft.ML.OnnxRuntime ships none for 32-bit ARM" >&2
  exit 2
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
artifacts="${artifacts:-$out/build-$rid}"
bundle="$out/drl-run-$rid"
rm -rf "$bundle"
mkdir -p "$bundle/models" "$bundle/configs"

# Single file for the managed code and the runtime; native libraries stay beside it (loaded in place, never extracted
# to a temporary folder on the device's SD card). ReadyToRun code means the first control tick does not wait for the
# JIT (about 11 ms on a desktop, far more on a Pi); hot methods are still re-jitted in the background.
dotnet publish "$repo/runtime/DrlRobot.Runtime.csproj" -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:PublishReadyToRun=$ready_to_run -p:DebugType=none -p:DebugSymbols=false \
  --artifacts-path "$artifacts" -o "$bundle" >&2
# The OnnxRuntime package copies its Windows DLLs into Linux publishes as well; they are dead weight here.
rm -f "$bundle"/*.dll "$bundle"/*.pdb
if [ -n "$ort_lib" ]; then
  cp "$ort_lib" "$bundle/libonnxruntime.so"
fi
[ -f "$bundle/libonnxruntime.so" ] || { echo "publish.sh: no libonnxruntime.so in the bundle for $rid" >&2; exit 1; }

for m in "${models[@]}"; do
  cp "$m" "$bundle/models/"
  card="${m%.onnx}.card.json"
  [ -f "$card" ] && cp "$card" "$bundle/models/"
done
cp "$repo"/runtime/deploy/configs/*.json "$bundle/configs/"
if [ -d "$repo/hardware/configs" ]; then
  cp "$repo"/hardware/configs/*.json "$bundle/configs/" 2>/dev/null || true
fi
cp "$repo/runtime/deploy/drl-run.service" "$repo/runtime/deploy/drl-run.env" "$bundle/"
install -m 755 "$repo/runtime/deploy/install.sh" "$bundle/install.sh"
{
  echo "rid $rid"
  echo "commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$bundle/VERSION"
tar -czf "$out/drl-run-$rid.tar.gz" -C "$out" "drl-run-$rid"
echo "$bundle"
