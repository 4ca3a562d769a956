"""The Spark job in local mode against calling whosaid directly, on the same documents.

    python bindings/python/bench/spark_overhead.py [--master local[2]] [--threads 2]

Documents: the 840 PolNeAR train articles and their paragraphs (17,000 documents, as in
test_spark.py). Runs examples/spark/quotes_job.py on a Parquet file of them (its documents/s
covers reading, analysis in mapInArrow and writing four Parquet tables, not the JVM's start),
then ``Pipeline(threads).analyze_batch`` and ``whosaid.arrow.analyze`` on the same texts in
this process, and prints the three rates and the job's overhead.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

import whosaid
import whosaid.arrow as wa

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bindings" / "python" / "tests"))
from conftest import polnear_corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="use the documents N times (new ids)")
    args = ap.parse_args()
    docs = [(f"{d}~{k}" if k else d, t) for k in range(args.repeat) for d, t in polnear_corpus()]
    if not docs:
        print("PolNeAR is absent (../shared/data)", file=sys.stderr)
        return 2
    texts = [t for _, t in docs]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        pq.write_table(pa.table({"id": [d for d, _ in docs], "text": texts}), f"{tmp}/corpus.parquet")
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
        t0 = time.perf_counter()
        run = subprocess.run(
            [sys.executable, str(ROOT / "examples/spark/quotes_job.py"), f"{tmp}/corpus.parquet",
             f"{tmp}/out", "--master", args.master],
            capture_output=True, text=True, env=env, check=True,
        )
        wall = time.perf_counter() - t0
    line = [l for l in run.stdout.splitlines() if l.startswith("documents ")][-1]
    spark_secs = float(re.search(r"([\d.]+) s,", line).group(1))
    p = whosaid.Pipeline(threads=args.threads)
    p.analyze_batch(texts[:100])
    t0 = time.perf_counter()
    out = p.analyze_batch(texts)
    direct = time.perf_counter() - t0
    quotes = sum(len(a["quotes"]) for a in out)
    del out
    t0 = time.perf_counter()
    r = wa.analyze(pa.array(texts), pipeline=p)
    arrow = time.perf_counter() - t0
    n = len(texts)
    print(f"{n} documents, {mb:.2f} MB, {quotes} quotes")
    print(f"Spark job ({args.master}): {line}  (process wall {wall:.1f} s with JVM start)")
    print(f"analyze_batch (threads={args.threads}): {direct:.2f} s, {n / direct:.0f} documents/s")
    print(f"whosaid.arrow.analyze (threads={args.threads}): {arrow:.2f} s, {n / arrow:.0f} documents/s, {r.quotes.num_rows} quote rows")
    print(f"Spark job / analyze_batch time: {spark_secs / direct:.2f}x (overhead {spark_secs - direct:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
