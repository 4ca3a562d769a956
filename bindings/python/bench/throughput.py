"""Python ``analyze_batch`` against the crate's own ``analyze_batch``, same engine, same threads.

    python bindings/python/bench/throughput.py [DIR] [--threads N] [--rounds R]

DIR defaults to ../shared/data/polnear/train/text (840 articles). Each round times the Rust
call (``Engine._rust_batch``: the crate's ``analyze_batch`` alone, no conversion) and the
Python call (``Pipeline.analyze_batch``: texts in, dicts out, character offsets), alternating;
prints the best round of each, their ratio, the median of the rounds' ratios, and the CPU time
of each call (all threads), which a loaded machine disturbs less than the wall-clock time.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import whosaid

ROOT = pathlib.Path(__file__).resolve().parents[3]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=str(ROOT / "../shared/data/polnear/train/text"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--offsets", default="char", choices=["char", "byte"])
    args = ap.parse_args()
    files = sorted(pathlib.Path(args.dir).glob("*.txt"))
    if not files:
        print(f"no .txt files in {args.dir}", file=sys.stderr)
        return 2
    texts = [f.read_text(encoding="utf-8") for f in files]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    p = whosaid.Pipeline(threads=args.threads)
    engine = p._get_engine()
    p.analyze_batch(texts[:50])  # warm up
    rust, python, rust_cpu, python_cpu = [], [], [], []
    for _ in range(args.rounds):
        c0 = time.process_time()
        secs, quotes_rust = engine._rust_batch(texts)
        rust_cpu.append(time.process_time() - c0)
        rust.append(secs)
        c0, t0 = time.process_time(), time.perf_counter()
        out = p.analyze_batch(texts, offsets=args.offsets)
        python.append(time.perf_counter() - t0)
        python_cpu.append(time.process_time() - c0)
        quotes_py = sum(len(a["quotes"]) for a in out)
        assert quotes_py == quotes_rust, (quotes_py, quotes_rust)
        del out  # freed outside the timed call
    r, py = min(rust), min(python)
    print(f"{len(texts)} documents, {mb:.2f} MB, {quotes_rust} quotes, threads={args.threads}, "
          f"offsets={args.offsets}, best of {args.rounds}")
    print(f"Rust analyze_batch:   {r:.3f} s  {len(texts) / r:8.1f} docs/s  {mb / r:.2f} MB/s")
    print(f"Python analyze_batch: {py:.3f} s  {len(texts) / py:8.1f} docs/s  {mb / py:.2f} MB/s")
    print(f"Python / Rust throughput: {100 * r / py:.1f} % (best rounds); "
          f"median of the rounds' ratios {100 * statistics.median(a / b for a, b in zip(rust, python)):.1f} %")
    print(f"CPU time (all threads), median: Rust {statistics.median(rust_cpu):.3f} s, "
          f"Python {statistics.median(python_cpu):.3f} s "
          f"({100 * statistics.median(rust_cpu) / statistics.median(python_cpu):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
