"""whosaid: who is in a news article, and who said what.

A thin layer over the Rust crate ``whosaid``: segmentation, entity tagging, entity groups
and quote attribution, offline, with the built-in models.

>>> import whosaid
>>> text = "“The talks are over,” said Madis Roll in Москва."
>>> q = whosaid.Pipeline().analyze(text)["quotes"][0]
>>> text[q["content"]["start"]:q["content"]["end"]]
'“The talks are over,”'

Results are dicts with the fields of the crate's JSON contract; spans are character (code
point) offsets by default, so that ``text[start:end]`` gives the words back, or the crate's
UTF-8 byte offsets with ``offsets="byte"``. ``whosaid.arrow`` (needs pyarrow) analyzes Arrow
string arrays into Arrow tables, for dataframe engines such as Spark.
"""

from ._pipeline import Pipeline, default_threads, worker_reason
from ._types import (
    Analysis,
    DocumentError,
    Entity,
    EntityKind,
    Group,
    Offsets,
    Quote,
    QuoteKind,
    Sentence,
    Span,
)
from ._whosaid import AnalysisError, __version__

__all__ = [
    "Analysis",
    "AnalysisError",
    "DocumentError",
    "Entity",
    "EntityKind",
    "Group",
    "Offsets",
    "Pipeline",
    "Quote",
    "QuoteKind",
    "Sentence",
    "Span",
    "__version__",
    "default_threads",
    "worker_reason",
]
