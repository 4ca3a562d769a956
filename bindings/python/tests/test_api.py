"""whosaid.Pipeline: spans, the JSON contract, batches, errors, threads and pickling."""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import pickle
import subprocess
import sys
import threading

import pytest

import whosaid
from conftest import FIXTURES, NONASCII, fixture_files, run_extract

TEXT = NONASCII.read_text(encoding="utf-8")


def spans(a):
    """Every (span, expected text or None) of an analysis."""
    for p in a["paragraphs"]:
        yield p, None
    for s in a["sentences"]:
        yield s, None
    for t in a.get("tokens", []):
        yield t, None
    for e in a["entities"]:
        yield e, e["text"]
    for q in a["quotes"]:
        yield q["content"], q["text"]
        if q["cue"] is not None:
            yield q["cue"], None
        if q["speaker"] is not None:
            yield q["speaker"], q.get("speaker_text")


@pytest.fixture(scope="module")
def pipeline():
    return whosaid.Pipeline(threads=2)


def test_the_fixture_is_not_ascii():
    assert len(TEXT) < len(TEXT.encode("utf-8"))
    for s in ("“", "«", "Москва", "🌉", "🇪🇪"):
        assert s in TEXT


def test_char_offsets_slice_python_strings(pipeline):
    a = pipeline.analyze(TEXT)
    assert len(a["quotes"]) >= 6
    n = 0
    for span, want in spans(a):
        assert 0 <= span["start"] <= span["end"] <= len(TEXT)
        if want is not None:
            assert TEXT[span["start"] : span["end"]] == want
            n += 1
    assert n > 20
    quotes = [TEXT[q["content"]["start"] : q["content"]["end"]] for q in a["quotes"]]
    assert "“We will keep the bridge open 🌉 every night,”" in quotes
    assert "«Nobody told us anything,»" in quotes
    assert "“Ни шагу назад,”" in quotes
    moskva = [e for e in a["entities"] if e["text"] == "Москва"]
    assert moskva and TEXT[moskva[0]["start"] : moskva[0]["end"]] == "Москва"


def test_byte_offsets_slice_utf8(pipeline):
    a = pipeline.analyze(TEXT, offsets="byte")
    data = TEXT.encode("utf-8")
    for span, want in spans(a):
        piece = data[span["start"] : span["end"]].decode("utf-8")  # on character boundaries
        if want is not None:
            assert piece == want


def test_char_and_byte_offsets_agree(pipeline):
    """Byte offsets converted independently (by decoding the prefix) give the char offsets."""
    data = TEXT.encode("utf-8")
    by_char = pipeline.analyze(TEXT)
    by_byte = pipeline.analyze(TEXT, offsets="byte")

    def conv(x):
        if isinstance(x, dict):
            if set(x) >= {"start", "end"}:
                x = dict(x)
                x["start"] = len(data[: x["start"]].decode("utf-8"))
                x["end"] = len(data[: x["end"]].decode("utf-8"))
            return {k: conv(v) for k, v in x.items()}
        if isinstance(x, list):
            return [conv(v) for v in x]
        return x

    assert conv(by_byte) == by_char


def test_byte_offsets_equal_the_golden_json_contract(pipeline):
    """The crate's golden file is `extract`'s output on its fixtures (tests/api.rs checks that)."""
    golden = (FIXTURES / "golden" / "extract.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(golden) == 8
    for line in golden:
        want = json.loads(line)
        path = FIXTURES / want.pop("file")
        got = pipeline.analyze(path.read_text(encoding="utf-8"), offsets="byte")
        assert got == want, path.name
        # The same JSON text, key order included.
        assert json.dumps(got, ensure_ascii=False, separators=(",", ":")) == json.dumps(
            want, ensure_ascii=False, separators=(",", ":")
        )


def test_equals_extract_binary(pipeline, extract_bin):
    files = fixture_files()
    want = run_extract(extract_bin, files)
    got = pipeline.analyze_batch([f.read_text(encoding="utf-8") for f in files], offsets="byte")
    assert len(want) == len(files)
    for f, g in zip(files, got):
        assert g == want[str(f)], f.name


def test_tokens_on_request():
    a = whosaid.Pipeline(tokens=True).analyze(TEXT)
    assert a["tokens"]
    for s in a["sentences"]:
        toks = a["tokens"][s["first_token"] : s["end_token"]]
        assert toks and toks[0]["start"] == s["start"] and toks[-1]["end"] == s["end"]
        for t in toks:
            assert TEXT[t["start"] : t["end"]].strip()
    assert "tokens" not in whosaid.Pipeline().analyze(TEXT)


def test_batch_keeps_input_order(pipeline):
    texts = [f"“Point {i} stands {'🙂' * (i % 3)},” said Olga Smirnova in Москва." for i in range(300)]
    texts[7] = ""
    texts[8] = TEXT
    out = pipeline.analyze_batch(texts)
    assert len(out) == len(texts)
    for i, (t, a) in enumerate(zip(texts, out)):
        assert a == pipeline.analyze(t), i
        if i not in (7, 8):
            q = a["quotes"][0]
            assert t[q["content"]["start"] : q["content"]["end"]] == q["text"]
            assert f"Point {i} " in q["text"]
    assert out[7]["sentences"] == [] and out[7]["quotes"] == []


def test_batch_takes_any_iterable(pipeline):
    texts = ["“Yes,” said Roll.", TEXT]
    want = pipeline.analyze_batch(texts)
    assert pipeline.analyze_batch(tuple(texts)) == want
    assert pipeline.analyze_batch(t for t in texts) == want
    assert pipeline.analyze_batch([]) == []


def test_non_str_raises_type_error(pipeline):
    with pytest.raises(TypeError, match="text must be str, not int"):
        pipeline.analyze(3)
    with pytest.raises(TypeError, match="not bytes"):
        pipeline.analyze(b"bytes")
    with pytest.raises(TypeError, match="not a single str"):
        pipeline.analyze_batch("a str is not a batch")
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, not NoneType"):
        pipeline.analyze_batch(["fine", None])
    with pytest.raises(TypeError, match="iterable of str, not int"):
        pipeline.analyze_batch(5)


def test_bad_offsets_raise_value_error(pipeline):
    with pytest.raises(ValueError, match="offsets"):
        pipeline.analyze("x", offsets="utf16")


def test_a_failing_document_is_an_error_in_its_place(pipeline):
    bad = "Broken \udcff text, from surrogateescape decoding."
    texts = ["“Yes,” said Roll.", bad, TEXT]
    out = pipeline.analyze_batch(texts)
    assert len(out) == 3
    assert set(out[1]) == {"error", "index"}
    assert out[1]["index"] == 1 and "not valid Unicode" in out[1]["error"]
    assert out[0] == pipeline.analyze(texts[0])
    assert out[2] == pipeline.analyze(TEXT)
    with pytest.raises(whosaid.AnalysisError, match="not valid Unicode"):
        pipeline.analyze(bad)


def test_threads_are_checked():
    with pytest.raises(ValueError):
        whosaid.Pipeline(threads=0)
    with pytest.raises(TypeError):
        whosaid.Pipeline(threads="2")
    with pytest.raises(TypeError):
        whosaid.Pipeline(threads=True)
    assert whosaid.Pipeline(threads=3).effective_threads == 3


def test_pickles_as_its_configuration():
    p = whosaid.Pipeline(threads=2, tokens=True)
    want = p.analyze(TEXT)
    for q in (pickle.loads(pickle.dumps(p)), copy.deepcopy(p), copy.copy(p)):
        assert q == p and q is not p
        assert (q.threads, q.tokens) == (2, True)
        assert q.analyze(TEXT) == want
    assert len(pickle.dumps(p)) < 200  # configuration, not models
    assert pickle.loads(pickle.dumps(whosaid.Pipeline())).threads is None
    assert repr(p) == "Pipeline(threads=2, tokens=True)"


def _child_run(p, texts):
    return (
        os.getpid(),
        whosaid.worker_reason(),
        p.effective_threads,
        p.analyze_batch(texts),
    )


# Built and used in the parent before the pool forks: children inherit it, engine and all.
_INHERITED = whosaid.Pipeline()


def _inherited_run(texts):
    return _INHERITED.effective_threads, _INHERITED.analyze_batch(texts)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_multiprocessing_workers_get_one_thread(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    texts = [TEXT, "“Yes,” said Roll."]
    p = whosaid.Pipeline()
    want = p.analyze_batch(texts)
    assert p.effective_threads >= 1
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        results = [pool.apply_async(_child_run, (p, texts)) for _ in range(4)]
        for r in results:
            pid, reason, threads, out = r.get(timeout=300)
            assert pid != os.getpid()
            assert reason in ("forked", "multiprocessing")
            assert threads == 1
            assert out == want


def test_fork_rebuilds_an_inherited_engine():
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    texts = [TEXT] * 4
    want = _INHERITED.analyze_batch(texts)  # the parent's engine and pool exist now
    with multiprocessing.get_context("fork").Pool(2) as pool:
        threads, out = pool.apply_async(_inherited_run, (texts,)).get(timeout=300)
    assert threads == 1
    assert out == want


def _env_threads(value):
    code = "import whosaid; print(whosaid.default_threads(), whosaid.Pipeline().effective_threads)"
    env = dict(os.environ, WHOSAID_THREADS=value)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_threads_from_the_environment():
    r = _env_threads("3")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["3", "3"]
    r = _env_threads("zero")
    assert r.returncode != 0 and "WHOSAID_THREADS" in r.stderr


def test_main_process_is_not_a_worker():
    assert whosaid.worker_reason() is None
    assert whosaid.default_threads() >= 1


def test_python_threads_can_share_a_pipeline(pipeline):
    texts = [f"“Item {i},” said Olga Smirnova." for i in range(40)] + [TEXT]
    want = pipeline.analyze_batch(texts)
    results = [None] * 4
    errors = []

    def work(k):
        try:
            results[k] = pipeline.analyze_batch(texts)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(r == want for r in results)


def test_version():
    assert whosaid.__version__ == "0.1.0"


def test_the_garbage_collector_is_restored(pipeline):
    import gc

    assert gc.isenabled()
    pipeline.analyze_batch([TEXT] * 50)
    pipeline.analyze(TEXT)
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.analyze_batch([TEXT] * 50)
        assert not gc.isenabled()
    finally:
        gc.enable()
