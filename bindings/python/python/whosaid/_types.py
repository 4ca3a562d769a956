"""The shapes of whosaid's results, as TypedDicts (the crate's JSON contract)."""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict, Union

#: The unit of every ``start``/``end``: ``"char"`` (code points, what ``str`` slicing counts,
#: the default) or ``"byte"`` (UTF-8 bytes, the Rust crate's own spans).
Offsets = Literal["char", "byte"]

EntityKind = Literal["person", "organization", "country", "location", "nationality", "misc"]
QuoteKind = Literal["direct", "mixed", "indirect"]


class Span(TypedDict):
    """A half-open range ``[start, end)``: ``text[start:end]`` with character offsets."""

    start: int
    end: int


class Sentence(TypedDict):
    start: int
    end: int
    #: Index of its paragraph in ``Analysis["paragraphs"]``.
    paragraph: int
    #: Its tokens: ``tokens[first_token:end_token]`` (with ``Pipeline(tokens=True)``).
    first_token: int
    end_token: int


class _EntityRequired(TypedDict):
    start: int
    end: int
    text: str
    kind: EntityKind


class Entity(_EntityRequired, total=False):
    """An entity mention. ``country`` (ISO 3166-1 alpha-2) and ``group`` are left out when
    unknown."""

    country: str
    #: Index into ``Analysis["groups"]``.
    group: int


class _GroupRequired(TypedDict):
    id: int
    kind: EntityKind
    name: str
    #: Indices into ``Analysis["entities"]``.
    mentions: List[int]


class Group(_GroupRequired, total=False):
    """All the mentions of one entity."""

    country: str


class _QuoteRequired(TypedDict):
    kind: QuoteKind
    #: What was said; a direct quote's content includes its quotation marks.
    content: Span
    cue: Optional[Span]
    speaker: Optional[Span]
    speaker_name: Optional[str]
    #: ``"person"`` or ``"organization"`` when the source is one, else ``None``.
    speaker_kind: Optional[EntityKind]
    #: In [0, 1]: the share of attributions like this one that were right on a held-out part
    #: of PolNeAR train.
    confidence: float
    #: ``text[content]``.
    text: str


class Quote(_QuoteRequired, total=False):
    """An attributed quote. ``speaker_group`` and ``speaker_text`` are left out when there is
    no resolved group or no speaker mention."""

    speaker_group: int
    speaker_text: str


class _AnalysisRequired(TypedDict):
    paragraphs: List[Span]
    sentences: List[Sentence]
    entities: List[Entity]
    groups: List[Group]
    quotes: List[Quote]


class Analysis(_AnalysisRequired, total=False):
    """Everything found in one document. ``tokens`` is there with ``Pipeline(tokens=True)``."""

    tokens: List[Span]


class DocumentError(TypedDict):
    """A document of a batch that could not be analyzed, in its place in the results."""

    #: Why (a stage's error, or text that is not valid Unicode).
    error: str
    #: Its position in the batch.
    index: int


#: One item of ``Pipeline.analyze_batch``'s result.
BatchItem = Union[Analysis, DocumentError]
