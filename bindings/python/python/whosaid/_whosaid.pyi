"""Type stubs for the native module ``whosaid._whosaid`` (PyO3)."""

from typing import Any, Iterable, List, Tuple

from ._types import Analysis, BatchItem, Offsets

__version__: str

class AnalysisError(Exception):
    """A document could not be analyzed (a stage failed, or the text is not valid Unicode)."""

class Engine:
    """A built pipeline with its own thread pool; use :class:`whosaid.Pipeline` instead."""

    def __init__(self, threads: int, tokens: bool = False) -> None: ...
    @property
    def threads(self) -> int: ...
    @property
    def tokens(self) -> bool: ...
    def analyze(self, text: str, offsets: Offsets = "char") -> Analysis: ...
    def analyze_batch(self, texts: Iterable[str], offsets: Offsets = "char") -> List[BatchItem]: ...
    def analyze_arrow(self, texts: Any, offsets: Offsets = "char") -> Tuple[Any, Any, Any, Any]:
        """A pyarrow string array in; (documents, quotes, entities, errors) record batches out,
        keyed by ``doc``, the row index."""
    def _rust_batch(self, texts: Iterable[str]) -> Tuple[float, int]:
        """Benchmarks only: the crate's ``analyze_batch`` alone (seconds, quotes found)."""
