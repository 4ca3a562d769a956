"""The Spark job (examples/spark/quotes_job.py) with PySpark in local mode.

The big test runs the job's command line (``--master local[2]``) over the 840 PolNeAR train
articles and their paragraphs (17,000 documents; skipped with a message when ../shared/data is
absent) and checks that every document comes back exactly once and that its rows equal the
Rust ``extract`` output for the same texts. The smaller tests read a folder of ``.txt`` files
and JSON Lines in this process's own Spark session.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from conftest import NONASCII, REPO, char_table, fixture_files, polnear_corpus, polnear_dir, run_extract

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (pip install pyspark)")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime: install Java 17 (Debian: openjdk-17-jre-headless)", allow_module_level=True)

import whosaid  # noqa: E402
import whosaid.arrow as wa  # noqa: E402

JOB = REPO / "examples" / "spark" / "quotes_job.py"
QUOTE_COLUMNS = [f.name for f in wa.schemas()["quotes"]]
ENTITY_COLUMNS = [f.name for f in wa.schemas()["entities"]]


def load_job():
    spec = importlib.util.spec_from_file_location("quotes_job", JOB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_table(folder: pathlib.Path):
    return pq.read_table(str(folder)).to_pylist()


def expected_rows(docs, analyses, byte_offsets: bool):
    """Quote, entity and document rows for (id, text) documents and their analyses (dicts
    with byte offsets, as extract prints them), in the job's units."""
    quotes, entities, documents = [], [], []
    for (doc_id, text), a in zip(docs, analyses):
        conv = (lambda b: b) if byte_offsets or text.isascii() else (lambda b, t=char_table(text): int(t[b]))

        def span(s):
            return (conv(s["start"]), conv(s["end"])) if s else (None, None)

        for i, q in enumerate(a["quotes"]):
            quotes.append(
                (doc_id, i, q["kind"], *span(q["content"]), *span(q["cue"]), *span(q["speaker"]),
                 q["speaker_name"], q.get("speaker_group"), q["text"], q.get("speaker_text"),
                 q["confidence"])
            )
        for i, e in enumerate(a["entities"]):
            entities.append(
                (doc_id, i, conv(e["start"]), conv(e["end"]), e["text"], e["kind"], e.get("country"), e.get("group"))
            )
        documents.append(
            (doc_id, len(text.encode("utf-8")) if byte_offsets else len(text), len(a["paragraphs"]),
             len(a["sentences"]), len(a["groups"]), len(a["entities"]), len(a["quotes"]))
        )
    return sorted(quotes), sorted(entities), sorted(documents)


def output_rows(out: pathlib.Path):
    quotes = sorted(tuple(r[c] for c in QUOTE_COLUMNS) for r in read_table(out / "quotes"))
    entities = sorted(tuple(r[c] for c in ENTITY_COLUMNS) for r in read_table(out / "entities"))
    doc_cols = ["id", "length", "paragraphs", "sentences", "groups", "entities", "quotes"]
    documents = sorted(tuple(r[c] for c in doc_cols) for r in read_table(out / "documents"))
    return quotes, entities, documents


def test_polnear_through_the_job_equals_extract(tmp_path, extract_bin):
    docs = polnear_corpus()
    if not docs:
        pytest.skip(f"PolNeAR is absent ({polnear_dir()}): the 1,000-document Spark test needs ../shared/data")
    assert len(docs) >= 1000
    ids = [d for d, _ in docs] + ["no-text"]
    table = pa.table({"id": ids, "text": [t for _, t in docs] + [None]})
    pq.write_table(table, str(tmp_path / "corpus.parquet"))

    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(JOB), str(tmp_path / "corpus.parquet"), str(out), "--master", "local[2]"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    line = [l for l in run.stdout.splitlines() if l.startswith("documents ")][-1]
    print(line)
    m = re.match(r"documents (\d+) \(errors (\d+)\), quotes (\d+), entities (\d+), ([\d.]+) s, ([\d.]+) documents/s", line)
    assert m, line
    n_docs, n_errors, n_quotes, n_entities = map(int, m.groups()[:4])
    assert (n_docs, n_errors) == (len(ids), 1)
    assert float(m.group(6)) > 0

    # Every document exactly once: analyzed, or in the errors table.
    analyzed = [r["id"] for r in read_table(out / "documents")]
    errors = read_table(out / "errors")
    assert errors == [{"id": "no-text", "error": "text is null"}]
    counts = collections.Counter(analyzed + [e["id"] for e in errors])
    assert counts == collections.Counter(ids) and max(counts.values()) == 1

    # The rows equal extract's output for the same texts (byte offsets turned to characters).
    folder = tmp_path / "texts"
    folder.mkdir()
    for i, (_, text) in enumerate(docs):
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    by_file = run_extract(extract_bin, [folder])
    analyses = [by_file[str(folder / f"{i:06d}.txt")] for i in range(len(docs))]
    want = expected_rows(docs, analyses, byte_offsets=False)
    got = output_rows(out)
    assert len(got[0]) == n_quotes == len(want[0])
    assert len(got[1]) == n_entities == len(want[1])
    assert got[2] == want[2]
    assert got[0] == want[0]
    assert got[1] == want[1]


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("whosaid-tests")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def job_args(job, *argv):
    return job.parse_args([str(a) for a in argv])


def test_txt_folder_and_byte_offsets(spark, tmp_path):
    job = load_job()
    folder = tmp_path / "in"
    folder.mkdir()
    files = fixture_files()
    for f in files:
        shutil.copy(f, folder / f.name)
    (folder / "notes.md").write_text("not a document")
    docs = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    pipeline = whosaid.Pipeline(threads=1)
    for offsets in ("char", "byte"):
        out = tmp_path / f"out-{offsets}"
        figures = job.run(spark, job_args(job, folder, out, "--offsets", offsets))
        assert (figures["documents"], figures["errors"]) == (len(files), 0)
        analyses = pipeline.analyze_batch([t for _, t in docs], offsets="byte")
        assert output_rows(out) == expected_rows(docs, analyses, byte_offsets=offsets == "byte")
        assert figures["quotes"] == sum(len(a["quotes"]) for a in analyses)
    # Character offsets slice the Python strings.
    text = NONASCII.read_text(encoding="utf-8")
    rows = [r for r in read_table(tmp_path / "out-char" / "quotes") if r["id"] == NONASCII.name]
    assert rows and all(text[r["content_start"] : r["content_end"]] == r["text"] for r in rows)


def test_jsonl_with_numeric_ids_and_errors(spark, tmp_path, capsys):
    job = load_job()
    texts = [f.read_text(encoding="utf-8") for f in fixture_files()]
    path = tmp_path / "docs.jsonl"
    with path.open("w", encoding="utf-8") as w:
        for i, t in enumerate(texts):
            w.write(json.dumps({"id": 100 + i, "text": t}, ensure_ascii=False) + "\n")
        w.write(json.dumps({"id": 999, "text": None}) + "\n")
    out = tmp_path / "out"
    job.run(spark, job_args(job, path, out, "--threads", "1", "--partitions", "3"))
    printed = capsys.readouterr().out
    assert f"documents {len(texts) + 1} (errors 1)" in printed and "documents/s" in printed
    assert read_table(out / "errors") == [{"id": "999", "error": "text is null"}]
    ids = sorted(int(r["id"]) for r in read_table(out / "documents"))
    assert ids == list(range(100, 100 + len(texts)))
    want = wa.analyze(pa.array(texts), pipeline=whosaid.Pipeline(threads=1))
    assert len(read_table(out / "quotes")) == want.quotes.num_rows
    assert len(read_table(out / "entities")) == want.entities.num_rows



def test_spark_tasks_use_one_thread(spark):
    def worker_threads(_):  # nested: cloudpickle ships it by value
        import whosaid as w

        return [(w.worker_reason(), w.Pipeline().effective_threads)]

    got = spark.sparkContext.parallelize(range(4), 2).mapPartitions(worker_threads).collect()
    assert len(got) == 2
    assert all(reason in ("spark", "forked") and threads == 1 for reason, threads in got), got
