#!/usr/bin/env bash
# Sets up a CPU-only libtorch 2.4.0 (what tch 0.17 / rust-bert 0.23 expect) without root and
# without any download beyond PyPI.
#
#   scripts/setup-libtorch.sh [DEST]      # default DEST: <repo>/.libtorch (git-ignored)
#
# PyPI has no CPU-only Linux torch wheel, but the CUDA wheel `torch==2.4.0` holds everything a
# CPU build needs: torch/include and torch/lib/{libtorch_cpu,libtorch,libc10}.so plus its
# bundled libgomp. libtorch_cpu.so also links libcudart.so.12 and libcupti.so.12, which come from
# two small wheels. Only those files are copied into DEST, which has no libtorch_cuda.so
# (torch-sys links torch_cuda whenever it sees one), so the result is a CPU libtorch.
#
# Set WHOSAID_WHEEL_DIR to a folder that already holds the three wheels to skip `pip download`.
# Idempotent: does nothing when DEST already holds a complete libtorch.
#
# Then build with (the same values for every cargo command, so torch-sys is not rebuilt):
#   export LIBTORCH=DEST LIBTORCH_CXX11_ABI=0
#   cargo test --features transformer
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-$ROOT/.libtorch}"
TORCH_VERSION=2.4.0
CUDA_RT_VERSION=12.1.105
LIBS=(libtorch_cpu.so libtorch.so libc10.so libgomp-a34b3233.so.1 libcudart.so.12 libcupti.so.12)

complete() {
  [ -f "$1/include/torch/csrc/api/include/torch/torch.h" ] || return 1
  for l in "${LIBS[@]}"; do [ -f "$1/lib/$l" ] || return 1; done
  [ -f "$1/build-version" ] && [ "$(cat "$1/build-version")" = "$TORCH_VERSION" ]
}

if complete "$DEST"; then
  echo "libtorch $TORCH_VERSION already set up in $DEST"
  exit 0
fi

for tool in unzip python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done

WHEELS="${WHOSAID_WHEEL_DIR:-}"
CLEAN_WHEELS=""
find_wheel() { ls "$WHEELS"/$1 2>/dev/null | head -n1; }
if [ -z "$WHEELS" ] \
  || [ -z "$(find_wheel "torch-$TORCH_VERSION-*.whl")" ] \
  || [ -z "$(find_wheel "nvidia_cuda_runtime_cu12-$CUDA_RT_VERSION-*.whl")" ] \
  || [ -z "$(find_wheel "nvidia_cuda_cupti_cu12-$CUDA_RT_VERSION-*.whl")" ]; then
  mkdir -p "$(dirname "$DEST")"
  WHEELS="$(mktemp -d "${DEST%/}.wheels.XXXXXX")"
  CLEAN_WHEELS="$WHEELS"
  echo "downloading the torch $TORCH_VERSION wheel (about 800 MB) and two CUDA runtime wheels into $WHEELS"
  # --platform/--python-version: the wheel's contents do not depend on the local Python.
  python3 -m pip download --no-deps --only-binary=:all: --dest "$WHEELS" \
    --platform manylinux1_x86_64 --python-version 3.11 --implementation cp \
    "torch==$TORCH_VERSION" \
    "nvidia-cuda-runtime-cu12==$CUDA_RT_VERSION" \
    "nvidia-cuda-cupti-cu12==$CUDA_RT_VERSION"
fi
TORCH_WHL="$(find_wheel "torch-$TORCH_VERSION-*.whl")"
RT_WHL="$(find_wheel "nvidia_cuda_runtime_cu12-$CUDA_RT_VERSION-*.whl")"
CUPTI_WHL="$(find_wheel "nvidia_cuda_cupti_cu12-$CUDA_RT_VERSION-*.whl")"

mkdir -p "$(dirname "$DEST")"
TMP="$(mktemp -d "${DEST%/}.tmp.XXXXXX")"
trap 'rm -rf "$TMP" ${CLEAN_WHEELS:+"$CLEAN_WHEELS"}' EXIT
echo "unpacking into $DEST"
unzip -q "$TORCH_WHL" 'torch/include/*' \
  'torch/lib/libtorch_cpu.so' 'torch/lib/libtorch.so' 'torch/lib/libc10.so' \
  'torch/lib/libgomp-a34b3233.so.1' -d "$TMP/whl"
unzip -q -j "$RT_WHL" 'nvidia/cuda_runtime/lib/libcudart.so.12' -d "$TMP/whl/torch/lib"
unzip -q -j "$CUPTI_WHL" 'nvidia/cuda_cupti/lib/libcupti.so.12' -d "$TMP/whl/torch/lib"
mkdir -p "$TMP/out"
mv "$TMP/whl/torch/include" "$TMP/whl/torch/lib" "$TMP/out/"
echo "$TORCH_VERSION" >"$TMP/out/build-version"
[ ! -e "$TMP/out/lib/libtorch_cuda.so" ] || { echo "error: libtorch_cuda.so must not be copied" >&2; exit 1; }
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$TMP/out" "$DEST"
complete "$DEST" || { echo "error: incomplete libtorch in $DEST" >&2; exit 1; }
echo "libtorch $TORCH_VERSION (CPU) ready in $DEST"
echo "use: export LIBTORCH=$DEST LIBTORCH_CXX11_ABI=0"
