"""Shared fixtures: the repository's paths and the Rust ``extract`` example."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
from typing import Dict, List

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
FIXTURES = REPO / "tests" / "fixtures"
NONASCII = HERE / "data" / "nonascii.txt"


def fixture_files() -> List[pathlib.Path]:
    """The crate's own test articles and the non-ASCII one of these tests."""
    return (
        [FIXTURES / "wire_quotes.txt", FIXTURES / "wire_entities.txt"]
        + sorted((FIXTURES / "articles").glob("*.txt"))
        + [NONASCII]
    )


def polnear_dir() -> pathlib.Path:
    data = os.environ.get("WHOSAID_DATA")
    base = pathlib.Path(data) if data else REPO.parent / "shared" / "data"
    return base / "polnear" / "train" / "text"


@pytest.fixture(scope="session")
def extract_bin() -> pathlib.Path:
    """The compiled ``extract`` example: ``$WHOSAID_EXTRACT``, or built with cargo (release)."""
    env = os.environ.get("WHOSAID_EXTRACT")
    if env:
        return pathlib.Path(env)
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo is not installed and WHOSAID_EXTRACT is not set: no extract to compare with")
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    subprocess.run(
        [cargo, "build", "--release", "--example", "extract"], cwd=REPO, check=True
    )
    return target / "release" / "examples" / "extract"


def run_extract(binary: pathlib.Path, paths: List[pathlib.Path]) -> Dict[str, dict]:
    """``extract``'s JSON for each path, by file name as extract prints it."""
    out = subprocess.run(
        [str(binary), *map(str, paths)], check=True, capture_output=True
    ).stdout.decode("utf-8")
    result = {}
    for line in out.splitlines():
        d = json.loads(line)
        result[d.pop("file")] = d
    return result


def paragraphs(text: str) -> List[str]:
    """The paragraphs of an article: its blocks between blank lines, stripped, non-empty."""
    out, block = [], []
    for line in text.split("\n"):
        if line.strip():
            block.append(line)
        elif block:
            out.append("\n".join(block).strip())
            block = []
    if block:
        out.append("\n".join(block).strip())
    return [p for p in out if p]


def polnear_corpus() -> List[tuple]:
    """(id, text) for the PolNeAR train articles and, as further documents, their paragraphs.
    Empty when the shared data is absent."""
    folder = polnear_dir()
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    docs = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        docs.append((f.name, text))
        for k, p in enumerate(paragraphs(text)):
            docs.append((f"{f.name}#{k}", p))
    return docs


def char_table(text: str):
    """Byte offset -> character offset for ``text`` (numpy: counts UTF-8 lead bytes)."""
    import numpy as np

    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    starts = (data & 0xC0) != 0x80
    table = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum(starts, out=table[1:])
    return table
