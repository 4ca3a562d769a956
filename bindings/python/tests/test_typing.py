"""The package is typed (py.typed, .pyi stubs, TypedDicts): mypy --strict accepts correct use
and rejects wrong offsets or field types."""

from __future__ import annotations

import pytest

mypy_api = pytest.importorskip("mypy.api", reason="mypy is not installed (pip install mypy)")

GOOD = """
import whosaid
p = whosaid.Pipeline(threads=2, tokens=True)
a: whosaid.Analysis = p.analyze("x")
for q in a["quotes"]:
    start: int = q["content"]["start"]
    name: "str | None" = q["speaker_name"]
for item in p.analyze_batch(["a", "b"], offsets="byte"):
    if "error" in item:
        pass
threads: int = whosaid.default_threads()
"""

BAD = """
import whosaid
p = whosaid.Pipeline()
p.analyze("x", offsets="utf16")
n: str = p.analyze("x")["quotes"][0]["content"]["start"]
"""


def run_mypy(tmp_path, name, code):
    path = tmp_path / name
    path.write_text(code)
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(path)]
    )
    return out + err, status


def test_strict_mypy_accepts_correct_use(tmp_path):
    out, status = run_mypy(tmp_path, "good.py", GOOD)
    assert status == 0, out


def test_strict_mypy_rejects_wrong_use(tmp_path):
    out, status = run_mypy(tmp_path, "bad.py", BAD)
    assert status == 1
    assert 'incompatible type "Literal[\'utf16\']"' in out
    assert 'expression has type "int", variable has type "str"' in out
