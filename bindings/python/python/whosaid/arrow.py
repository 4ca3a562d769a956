"""The Arrow batch API, for dataframe engines (Spark's ``mapInArrow``, Polars, DuckDB, …).

``analyze`` takes a pyarrow string array (``string``, ``large_string`` or ``string_view``),
a chunked array, or a ``RecordBatch``/``Table`` with a ``text`` column and an optional ``id``
column, and returns four ``pyarrow.RecordBatch`` tables. The texts cross into Rust through
the Arrow C data interface and the tables come back the same way: no Python object is made
per row.

Every table starts with ``id``: the input's ``id`` value for that document (any Arrow type),
or the document's row index (``int64``) when there is no ``id`` column. Offsets are character
(code point) offsets unless ``offsets="byte"``.

``documents`` (one row per document analyzed)
    ``id``, ``length`` (int64, the text's length in the offsets' unit), ``paragraphs``,
    ``sentences``, ``entities``, ``groups``, ``quotes`` (int32 counts).
``quotes`` (one row per quote, in document then text order)
    ``id``, ``quote`` (int32, its index in the document), ``kind`` (``direct|mixed|indirect``),
    ``content_start``, ``content_end`` (int64), ``cue_start``, ``cue_end``,
    ``speaker_start``, ``speaker_end`` (int64, null when absent), ``speaker_name`` (string,
    null when unresolved), ``speaker_group`` (int32, null when none), ``text`` (the content),
    ``speaker_text`` (null when no speaker mention), ``confidence`` (float64, in [0, 1]: the
    share of attributions like it that were right on a held-out part of PolNeAR train).
``entities`` (one row per mention)
    ``id``, ``entity`` (int32, its index in the document), ``start``, ``end`` (int64),
    ``text``, ``kind`` (``person|organization|country|location|nationality|misc``),
    ``country`` (ISO 3166-1 alpha-2, null when unknown), ``group`` (int32, null when none).
``errors`` (one row per document that could not be analyzed: a null text, or a failure)
    ``id``, ``error`` (string).

Every input row is in exactly one of ``documents`` and ``errors``.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, NamedTuple, Optional, Tuple

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ._pipeline import Pipeline, _check_offsets
from ._types import Offsets

__all__ = ["ArrowResult", "analyze", "schemas"]


class ArrowResult(NamedTuple):
    """The four tables of one call to :func:`analyze`."""

    documents: pa.RecordBatch
    quotes: pa.RecordBatch
    entities: pa.RecordBatch
    errors: pa.RecordBatch


_default: Optional[Pipeline] = None
_default_lock = threading.Lock()


def _default_pipeline() -> Pipeline:
    global _default
    with _default_lock:
        if _default is None:
            _default = Pipeline()
        return _default


def _column(data: Any, name: str) -> Optional[pa.Array]:
    index = data.schema.get_field_index(name)
    if index < 0:
        return None
    col = data.column(index)
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    return col


def _inputs(data: Any, text_column: str, id_column: str) -> Tuple[Any, Optional[Any]]:
    """The text array and the id array (``None``: row indices) of ``data``."""
    if isinstance(data, (pa.RecordBatch, pa.Table)):
        texts = _column(data, text_column)
        if texts is None:
            raise ValueError(
                f"no {text_column!r} column (columns: {', '.join(data.schema.names)})"
            )
        return texts, _column(data, id_column)
    if isinstance(data, pa.ChunkedArray):
        return data.combine_chunks(), None
    if isinstance(data, pa.Array):
        return data, None
    if hasattr(data, "__arrow_c_array__"):
        return pa.array(data), None
    raise TypeError(
        "expected a pyarrow Array, ChunkedArray, RecordBatch or Table of strings, "
        f"not {type(data).__name__}"
    )


def _with_id(batch: pa.RecordBatch, ids: Optional[pa.Array]) -> pa.RecordBatch:
    """``batch`` with its first column (``doc``, the row index) replaced by ``id``."""
    doc = batch.column(0)
    if ids is None:
        id_col, id_type = doc, pa.int64()
    else:
        id_col, id_type = pc.take(ids, doc), ids.type
    fields = [pa.field("id", id_type)] + [batch.schema.field(i) for i in range(1, batch.num_columns)]
    return pa.RecordBatch.from_arrays(
        [id_col] + [batch.column(i) for i in range(1, batch.num_columns)],
        schema=pa.schema(fields),
    )


def analyze(
    data: Any,
    *,
    offsets: Offsets = "char",
    pipeline: Optional[Pipeline] = None,
    text_column: str = "text",
    id_column: str = "id",
) -> ArrowResult:
    """Analyzes every text of ``data`` (see the module's documentation for the tables).

    ``pipeline``: the :class:`whosaid.Pipeline` to run (its threads; a default one per process
    otherwise). The GIL is released while Rust works.
    """
    _check_offsets(offsets)
    texts, ids = _inputs(data, text_column, id_column)
    if not (
        pa.types.is_string(texts.type)
        or pa.types.is_large_string(texts.type)
        or (hasattr(pa.types, "is_string_view") and pa.types.is_string_view(texts.type))
    ):
        raise TypeError(f"the texts must be an Arrow string array, not {texts.type}")
    if ids is not None and len(ids) != len(texts):  # pragma: no cover - pyarrow checks this
        raise ValueError("the id and text columns differ in length")
    engine = (pipeline or _default_pipeline())._get_engine()
    tables = engine.analyze_arrow(texts, offsets)
    return ArrowResult(*(_with_id(t, ids) for t in tables))


def schemas(id_type: pa.DataType = pa.int64()) -> Dict[str, pa.Schema]:
    """The schemas of the four tables, for an ``id`` column of ``id_type``."""
    empty = pa.RecordBatch.from_arrays(
        [pa.array([], id_type), pa.array([], pa.string())], names=["id", "text"]
    )
    return {name: table.schema for name, table in analyze(empty)._asdict().items()}
