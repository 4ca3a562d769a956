"""whosaid.arrow: schemas, row counts, ids, errors, and the same results as analyze_batch."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")

import whosaid  # noqa: E402
import whosaid.arrow as wa  # noqa: E402
from conftest import NONASCII, fixture_files  # noqa: E402

TEXTS = [f.read_text(encoding="utf-8") for f in fixture_files()]

SCHEMAS = {
    "documents": [
        ("id", pa.int64()),
        ("length", pa.int64()),
        ("paragraphs", pa.int32()),
        ("sentences", pa.int32()),
        ("entities", pa.int32()),
        ("groups", pa.int32()),
        ("quotes", pa.int32()),
    ],
    "quotes": [
        ("id", pa.int64()),
        ("quote", pa.int32()),
        ("kind", pa.string()),
        ("content_start", pa.int64()),
        ("content_end", pa.int64()),
        ("cue_start", pa.int64()),
        ("cue_end", pa.int64()),
        ("speaker_start", pa.int64()),
        ("speaker_end", pa.int64()),
        ("speaker_name", pa.string()),
        ("speaker_group", pa.int32()),
        ("text", pa.string()),
        ("speaker_text", pa.string()),
        ("confidence", pa.float64()),
    ],
    "entities": [
        ("id", pa.int64()),
        ("entity", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("kind", pa.string()),
        ("country", pa.string()),
        ("group", pa.int32()),
    ],
    "errors": [("id", pa.int64()), ("error", pa.string())],
}


@pytest.fixture(scope="module")
def pipeline():
    return whosaid.Pipeline(threads=2)


def quote_rows(doc_id, a):
    """The quotes table's rows for one analysis dict (what the Arrow API must give)."""
    rows = []
    for i, q in enumerate(a["quotes"]):
        cue, spk = q["cue"] or {}, q["speaker"] or {}
        rows.append(
            {
                "id": doc_id,
                "quote": i,
                "kind": q["kind"],
                "content_start": q["content"]["start"],
                "content_end": q["content"]["end"],
                "cue_start": cue.get("start"),
                "cue_end": cue.get("end"),
                "speaker_start": spk.get("start"),
                "speaker_end": spk.get("end"),
                "speaker_name": q["speaker_name"],
                "speaker_group": q.get("speaker_group"),
                "text": q["text"],
                "speaker_text": q.get("speaker_text"),
                "confidence": q["confidence"],
            }
        )
    return rows


def entity_rows(doc_id, a):
    return [
        {
            "id": doc_id,
            "entity": i,
            "start": e["start"],
            "end": e["end"],
            "text": e["text"],
            "kind": e["kind"],
            "country": e.get("country"),
            "group": e.get("group"),
        }
        for i, e in enumerate(a["entities"])
    ]


def test_schemas_are_as_documented():
    got = wa.schemas()
    assert list(got) == ["documents", "quotes", "entities", "errors"]
    for name, fields in SCHEMAS.items():
        assert [(f.name, f.type) for f in got[name]] == fields, name
    assert wa.schemas(pa.string())["quotes"].field("id").type == pa.string()


@pytest.mark.parametrize("offsets", ["char", "byte"])
def test_rows_equal_analyze_batch(pipeline, offsets):
    r = wa.analyze(pa.array(TEXTS), offsets=offsets, pipeline=pipeline)
    want = pipeline.analyze_batch(TEXTS, offsets=offsets)
    for name in SCHEMAS:
        assert [(f.name, f.type) for f in getattr(r, name).schema] == SCHEMAS[name]
    assert r.documents.num_rows == len(TEXTS) and r.errors.num_rows == 0
    assert r.quotes.num_rows == sum(len(a["quotes"]) for a in want) > 50
    assert r.entities.num_rows == sum(len(a["entities"]) for a in want) > 100
    assert r.quotes.to_pylist() == [row for i, a in enumerate(want) for row in quote_rows(i, a)]
    assert r.entities.to_pylist() == [row for i, a in enumerate(want) for row in entity_rows(i, a)]
    docs = r.documents.to_pylist()
    for i, (d, a, t) in enumerate(zip(docs, want, TEXTS)):
        assert d["id"] == i
        assert d["length"] == (len(t) if offsets == "char" else len(t.encode("utf-8")))
        for k in ("paragraphs", "sentences", "entities", "groups", "quotes"):
            assert d[k] == len(a[k])


def test_char_offsets_slice_the_text(pipeline):
    text = NONASCII.read_text(encoding="utf-8")
    r = wa.analyze(pa.array([text]), pipeline=pipeline)
    for q in r.quotes.to_pylist():
        assert text[q["content_start"] : q["content_end"]] == q["text"]
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker_text"]
    for e in r.entities.to_pylist():
        assert text[e["start"] : e["end"]] == e["text"]


def test_record_batch_ids_nulls_and_errors(pipeline):
    ids = ["a", "b", "c", "d"]
    texts = [TEXTS[0], None, "", TEXTS[-1]]
    batch = pa.record_batch({"id": pa.array(ids), "text": pa.array(texts, pa.string())})
    r = wa.analyze(batch, pipeline=pipeline)
    assert r.errors.to_pylist() == [{"id": "b", "error": "text is null"}]
    assert r.documents.column("id").to_pylist() == ["a", "c", "d"]
    assert set(r.quotes.column("id").to_pylist()) == {"a", "d"}
    assert r.quotes.schema.field("id").type == pa.string()
    # Every input row is in exactly one of documents and errors.
    seen = r.documents.column("id").to_pylist() + r.errors.column("id").to_pylist()
    assert sorted(seen) == ids


def test_tables_chunks_and_string_types(pipeline):
    want = wa.analyze(pa.array(TEXTS), pipeline=pipeline)
    table = pa.Table.from_batches(
        [
            pa.record_batch({"id": pa.array(range(0, 4), pa.int64()), "text": pa.array(TEXTS[:4])}),
            pa.record_batch({"id": pa.array(range(4, len(TEXTS)), pa.int64()), "text": pa.array(TEXTS[4:])}),
        ]
    )
    assert table.column("text").num_chunks == 2
    got = wa.analyze(table, pipeline=pipeline)
    assert got.quotes.equals(want.quotes) and got.entities.equals(want.entities)
    types = [pa.large_string()] + ([pa.string_view()] if hasattr(pa, "string_view") else [])
    for t in types:
        got = wa.analyze(pa.array(TEXTS, t), pipeline=pipeline)
        assert got.quotes.equals(want.quotes), t
    got = wa.analyze(pa.chunked_array([TEXTS[:3], TEXTS[3:]]), pipeline=pipeline)
    assert got.entities.equals(want.entities)


def test_default_pipeline_and_empty_input():
    r = wa.analyze(pa.array([], pa.string()))
    assert [t.num_rows for t in r] == [0, 0, 0, 0]
    r = wa.analyze(pa.array(["“Yes,” said Roll."]))
    assert r.quotes.num_rows == 1


def test_bad_inputs():
    with pytest.raises(TypeError, match="string"):
        wa.analyze(pa.array([1, 2]))
    with pytest.raises(ValueError, match="'text' column"):
        wa.analyze(pa.record_batch({"body": pa.array(["x"])}))
    with pytest.raises(TypeError, match="pyarrow"):
        wa.analyze(["a list"])
    with pytest.raises(ValueError, match="offsets"):
        wa.analyze(pa.array(["x"]), offsets="words")
