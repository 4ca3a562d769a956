#!/usr/bin/env python3
"""Quotes and entities of a news corpus, with Apache Spark and whosaid.

    python examples/spark/quotes_job.py INPUT OUTPUT [--master local[2]] [--format auto]
        [--offsets char|byte] [--threads N] [--partitions N]

INPUT is a folder of ``.txt`` files (one document each, its id the file name), or JSON Lines
or Parquet with ``id`` and ``text`` columns (ids are read as strings). whosaid runs inside
``mapInArrow``: each Arrow batch of texts goes to Rust through the Arrow C data interface and
comes back as Arrow columns, with no Python object per row. OUTPUT gets four Parquet tables
(see ``whosaid.arrow`` for the columns):

* ``documents/``: one row per document analyzed (id, length, paragraphs, sentences, entities,
  groups, quotes);
* ``quotes/``: one row per quote (id, quote, kind, content/cue/speaker offsets, speaker_name,
  speaker_group, text, speaker_text, confidence);
* ``entities/``: one row per entity mention (id, entity, start, end, text, kind, country, group);
* ``errors/``: one row per document that could not be analyzed (id, error), such as a null text.

Every input document is in exactly one of ``documents`` and ``errors``. Offsets are character
(code point) offsets unless ``--offsets byte``. The job prints the documents, quotes, entities
and errors it wrote, and the documents per second of the whole run (reading, analysis and
writing).

Threads: each Spark task runs one Python worker; inside it whosaid uses one thread (it detects
the running Spark task), so ``local[N]`` or N executor cores use N cores. ``--threads`` sets
whosaid's threads per worker explicitly (``WHOSAID_THREADS`` in the executors' environment does
the same); raise it only with fewer task slots than cores.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
from typing import Iterator, Optional

import pyarrow as pa

# The whosaid columns nested per document, as mapInArrow returns them: the id, the error (null
# when the document was analyzed), the document's counts, and its quotes and entities.
DOC_FIELDS = ["length", "paragraphs", "sentences", "groups"]


def nested_schema() -> pa.Schema:
    import whosaid.arrow as wa

    s = wa.schemas(pa.string())
    docs = s["documents"]
    return pa.schema(
        [pa.field("id", pa.string()), pa.field("error", pa.string())]
        + [pa.field(n, docs.field(n).type) for n in DOC_FIELDS]
        + [
            pa.field("quotes", pa.list_(pa.struct(list(s["quotes"])[1:]))),
            pa.field("entities", pa.list_(pa.struct(list(s["entities"])[1:]))),
        ]
    )


def _per_row(rows: pa.Array, values: pa.Array, n: int) -> pa.Array:
    """``values[k]`` placed at row ``rows[k]`` of ``n`` rows, null elsewhere (no Python loop)."""
    import numpy as np

    index = np.full(n, len(values), dtype=np.int64)
    index[rows.to_numpy()] = np.arange(len(values), dtype=np.int64)
    return pa.concat_arrays([values, pa.nulls(1, values.type)]).take(pa.array(index))


def _lists(table: pa.RecordBatch, n: int) -> pa.Array:
    """The rows of ``table`` (first column: the row index of their document, sorted) as one
    list per document."""
    import numpy as np

    counts = np.bincount(table.column(0).to_numpy(), minlength=n)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    fields = [table.schema.field(i) for i in range(1, table.num_columns)]
    items = pa.StructArray.from_arrays(
        [table.column(i) for i in range(1, table.num_columns)], fields=fields
    )
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), items)


def analyze_batches(
    batches: Iterator[pa.RecordBatch], offsets: str, threads: Optional[int]
) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` function: batches of (id, text) in, one nested row per document out."""
    import whosaid
    import whosaid.arrow as wa

    pipeline = whosaid.Pipeline(threads=threads)
    schema = nested_schema()
    for batch in batches:
        n = batch.num_rows
        texts = batch.column(batch.schema.get_field_index("text"))
        r = wa.analyze(texts, offsets=offsets, pipeline=pipeline)  # id = row index
        docs = r.documents
        columns = [
            batch.column(batch.schema.get_field_index("id")),
            _per_row(r.errors.column(0), r.errors.column(1), n),
        ]
        for name in DOC_FIELDS:
            columns.append(_per_row(docs.column(0), docs.column(name), n))
        columns += [_lists(r.quotes, n), _lists(r.entities, n)]
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def detect_format(path: str) -> str:
    p = pathlib.Path(path)
    if "://" not in path and p.is_dir():
        names = [c.name for c in p.iterdir()]
        if any(n.endswith(".txt") for n in names):
            return "txt"
        if any(n.endswith(".parquet") for n in names):
            return "parquet"
        if any(n.endswith((".jsonl", ".json")) for n in names):
            return "jsonl"
    if path.endswith(".parquet"):
        return "parquet"
    if path.endswith((".jsonl", ".json")):
        return "jsonl"
    raise SystemExit(f"cannot tell the format of {path}: pass --format txt|jsonl|parquet")


def read_documents(spark, path: str, fmt: str):
    from pyspark.sql import functions as F

    if fmt == "txt":
        df = spark.read.text(path, wholetext=True, pathGlobFilter="*.txt")
        return df.select(F.col("_metadata.file_name").alias("id"), F.col("value").alias("text"))
    if fmt == "jsonl":
        df = spark.read.schema("id string, text string").json(path)
    else:
        df = spark.read.parquet(path)
    return df.select(F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text"))


def run(spark, args) -> dict:
    """Runs the job on an existing session; returns the figures it prints."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    t0 = time.perf_counter()
    fmt = args.format if args.format != "auto" else detect_format(args.input)
    docs = read_documents(spark, args.input, fmt)
    # One task per core at least: a small input (one Parquet file, a few text files) is often a
    # single partition, which would leave all but one task slot idle.
    partitions = args.partitions or spark.sparkContext.defaultParallelism
    if args.partitions or docs.rdd.getNumPartitions() < partitions:
        docs = docs.repartition(partitions)
    offsets, threads = args.offsets, args.threads
    analyzed = docs.mapInArrow(
        lambda batches: analyze_batches(batches, offsets, threads),
        from_arrow_schema(nested_schema()),
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        out = args.output.rstrip("/")
        ok = analyzed.where(F.col("error").isNull())
        ok.select(
            "id",
            *DOC_FIELDS,
            F.size("entities").alias("entities"),
            F.size("quotes").alias("quotes"),
        ).write.mode("overwrite").parquet(f"{out}/documents")
        analyzed.select("id", F.inline("quotes")).write.mode("overwrite").parquet(f"{out}/quotes")
        analyzed.select("id", F.inline("entities")).write.mode("overwrite").parquet(f"{out}/entities")
        analyzed.where(F.col("error").isNotNull()).select("id", "error").write.mode(
            "overwrite"
        ).parquet(f"{out}/errors")
        row = analyzed.agg(
            F.count(F.lit(1)).alias("documents"),
            F.count("error").alias("errors"),
            F.coalesce(F.sum(F.size("quotes")), F.lit(0)).alias("quotes"),
            F.coalesce(F.sum(F.size("entities")), F.lit(0)).alias("entities"),
        ).first()
    finally:
        analyzed.unpersist()
    seconds = time.perf_counter() - t0
    figures = {
        "documents": row["documents"],
        "errors": row["errors"],
        "quotes": row["quotes"],
        "entities": row["entities"],
        "seconds": seconds,
        "documents_per_second": row["documents"] / seconds if seconds > 0 else 0.0,
    }
    print(
        f"documents {figures['documents']} (errors {figures['errors']}), "
        f"quotes {figures['quotes']}, entities {figures['entities']}, "
        f"{figures['seconds']:.1f} s, {figures['documents_per_second']:.1f} documents/s"
    )
    return figures


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="folder of .txt files, or JSON Lines / Parquet of {id, text}")
    ap.add_argument("output", help="folder for the documents, quotes, entities and errors tables")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, or local[2])")
    ap.add_argument("--format", default="auto", choices=["auto", "txt", "jsonl", "parquet"])
    ap.add_argument("--offsets", default="char", choices=["char", "byte"])
    ap.add_argument("--threads", type=int, default=None, help="whosaid threads per Python worker (default: 1 per task)")
    ap.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="repartition the documents (default: only when fewer partitions than task slots)",
    )
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    master = args.master
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not run by spark-submit
        master = "local[2]"
    if master is not None and master.startswith("local"):
        # Local mode: the Python workers run this interpreter (with whosaid installed).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("whosaid-quotes").config(
        "spark.ui.showConsoleProgress", "false"
    )
    if master is not None:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    run(spark, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
