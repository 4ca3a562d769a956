"""``whosaid.Pipeline``: configuration, pickling and per-process engines."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from typing import Any, Iterable, List, Optional, Tuple

from ._types import Analysis, BatchItem, Offsets
from ._whosaid import Engine

# Set in a child process made by fork() after this module was imported (multiprocessing's
# "fork" start method, pre-forking servers, Spark's Python daemon when it imports us first).
_forked = False


def _after_fork_in_child() -> None:
    global _forked
    _forked = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

# Engines built in a parent process and inherited through fork(): their thread pool's threads
# do not exist in the child, so they are never used or dropped there; they are kept here.
_inherited: List[Engine] = []


def worker_reason() -> Optional[str]:
    """Why this process looks like one worker among many (so whosaid should use one thread),
    or ``None``:

    * ``"forked"``: a child made by ``fork()`` after ``whosaid`` was imported;
    * ``"multiprocessing"``: a ``multiprocessing`` child, any start method (also Dask's
      worker processes, which multiprocessing starts);
    * ``"spark"``: a PySpark task is running in this process (a Python worker of an executor).
    """
    if _forked:
        return "forked"
    if multiprocessing.parent_process() is not None:
        return "multiprocessing"
    pyspark = sys.modules.get("pyspark")
    if pyspark is not None:
        try:
            if pyspark.TaskContext.get() is not None:
                return "spark"
        except Exception:  # pragma: no cover - an old or partial pyspark
            pass
    return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_threads() -> int:
    """The number of threads a ``Pipeline(threads=None)`` uses in this process.

    1. ``WHOSAID_THREADS`` from the environment, when set;
    2. 1 inside a worker process (see :func:`worker_reason`), so that a pool of worker
       processes, one per core, is not oversubscribed;
    3. otherwise the cores this process may run on.
    """
    env = os.environ.get("WHOSAID_THREADS", "").strip()
    if env:
        try:
            n = int(env)
        except ValueError:
            n = 0
        if n < 1:
            raise ValueError(f"WHOSAID_THREADS must be a whole number of at least 1, not {env!r}")
        return n
    if worker_reason() is not None:
        return 1
    return _cores()


def _check_offsets(offsets: str) -> None:
    if offsets not in ("char", "byte"):
        raise ValueError(f'offsets must be "char" or "byte", not {offsets!r}')


class Pipeline:
    """The built-in whosaid pipeline: segmentation, entities, entity groups and quotes.

    ``threads``: worker threads for :meth:`analyze_batch` (and ``whosaid.arrow``); ``None``
    picks them per process with :func:`default_threads` (1 inside a worker process).
    ``tokens``: include the token spans in each result (left out by default, as ``extract``
    does without ``--tokens``).

    A pipeline is cheap to pickle: it pickles as its configuration and builds its engine
    (models and thread pool) again, lazily, in the process that uses it, including a child
    process that inherited it through ``fork()``. One pipeline can be shared by Python threads.
    """

    __slots__ = ("_threads", "_tokens", "_engine", "_pid", "_lock")

    def __init__(self, threads: Optional[int] = None, *, tokens: bool = False) -> None:
        if threads is not None:
            if isinstance(threads, bool) or not isinstance(threads, int):
                raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
            if threads < 1:
                raise ValueError("threads must be at least 1")
        if not isinstance(tokens, bool):
            raise TypeError(f"tokens must be a bool, not {type(tokens).__name__}")
        self._threads = threads
        self._tokens = tokens
        self._engine: Optional[Engine] = None
        self._pid = -1
        self._lock = threading.Lock()

    # -- configuration -----------------------------------------------------------------------

    @property
    def threads(self) -> Optional[int]:
        """The configured number of threads (``None``: chosen per process)."""
        return self._threads

    @property
    def tokens(self) -> bool:
        """Whether results include the token list."""
        return self._tokens

    @property
    def effective_threads(self) -> int:
        """The threads this process's engine runs with (builds the engine)."""
        return self._get_engine().threads

    def __repr__(self) -> str:
        return f"Pipeline(threads={self._threads!r}, tokens={self._tokens!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pipeline):
            return NotImplemented
        return (self._threads, self._tokens) == (other._threads, other._tokens)

    def __hash__(self) -> int:
        return hash((self._threads, self._tokens))

    # -- pickling: the configuration only ----------------------------------------------------

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore, (self._threads, self._tokens))

    # -- the engine, one per process ---------------------------------------------------------

    def _get_engine(self) -> Engine:
        engine = self._engine
        pid = os.getpid()
        if engine is not None and self._pid == pid:
            return engine
        if self._pid != pid:
            # A new process: the lock may have been copied while held by a thread that does
            # not exist here.
            self._lock = threading.Lock()
        with self._lock:
            if self._engine is not None and self._pid == pid:
                return self._engine
            if self._engine is not None:
                _inherited.append(self._engine)
            threads = self._threads if self._threads is not None else default_threads()
            self._engine = Engine(threads, self._tokens)
            self._pid = pid
            return self._engine

    # -- analysis ----------------------------------------------------------------------------

    def analyze(self, text: str, *, offsets: Offsets = "char") -> Analysis:
        """Analyzes one document (on the calling thread, with the GIL released).

        Raises ``TypeError`` when ``text`` is not a ``str`` and :class:`whosaid.AnalysisError`
        when the document cannot be analyzed (for example a ``str`` with lone surrogates).
        """
        _check_offsets(offsets)
        return self._get_engine().analyze(text, offsets)

    def analyze_batch(self, texts: Iterable[str], *, offsets: Offsets = "char") -> List[BatchItem]:
        """Analyzes many documents in parallel (rayon, the GIL released), in input order.

        A document that cannot be analyzed gives ``{"error": message, "index": i}`` in its
        place; the others are returned as usual. Raises ``TypeError`` when ``texts`` is a
        ``str`` or holds anything but ``str``.
        """
        _check_offsets(offsets)
        return self._get_engine().analyze_batch(texts, offsets)


def _restore(threads: Optional[int], tokens: bool) -> Pipeline:
    return Pipeline(threads, tokens=tokens)
