"""Resident memory of a Python worker analyzing many short documents in batches.

    python bindings/python/bench/memory.py [--docs 100000] [--batch 1000] [--threads 2]

The documents are sentences of the crate's test articles, each made unique by a number, fed
in batches to ``Pipeline.analyze_batch`` (results dropped after each batch, as a worker that
writes them out would). Prints the RSS after the first batch, then every 10 % and at the end.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

import whosaid

ROOT = pathlib.Path(__file__).resolve().parents[3]


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=1_000)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    sentences = []
    for f in sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt")):
        sentences += [s for s in re.split(r"(?<=[.”])\s+", f.read_text(encoding="utf-8")) if len(s) > 20]
    p = whosaid.Pipeline(threads=args.threads)
    done, quotes, start = 0, 0, None
    marks = {args.docs * k // 10 for k in range(1, 11)}
    while done < args.docs:
        n = min(args.batch, args.docs - done)
        batch = [f"{sentences[(done + i) % len(sentences)]} (item {done + i})" for i in range(n)]
        out = p.analyze_batch(batch)
        quotes += sum(len(a["quotes"]) for a in out)
        del out, batch
        done += n
        if start is None:
            start = rss_mb()
            print(f"after batch 1: {done:>7} documents, RSS {start:.1f} MB")
        if done in marks:
            print(f"{done:>7} documents, RSS {rss_mb():.1f} MB")
    end = rss_mb()
    print(f"{done} short documents in batches of {args.batch} ({quotes} quotes), threads={args.threads}: "
          f"RSS {start:.1f} MB after the first batch, {end:.1f} MB at the end ({end - start:+.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
