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
