"""A list of findings that does not have to fit in memory.

A run over a whole archive finds millions of things (a gigabyte of scraped articles holds
about two million findings, most of them trailing white space and punctuation spacing). The
runner appends each file's findings here as the file is done; past ``memory_limit`` findings,
batches are pickled to a temporary file, so memory stays flat however large the archive is.
Reading it back (any number of times, e.g. once for the summary and once for the report) yields
the findings in the order they were appended.
"""

from __future__ import annotations

import gc
import heapq
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import attrgetter

from linter.findings import Finding, finding_sort_key, from_columns, to_columns

_SEVERITY, _RULE, _FIX = attrgetter("severity"), attrgetter("rule"), attrgetter("fix")
DEFAULT_MEMORY_LIMIT = 20_000  # about 10 MB of findings; ARCHIVE_LINT_SPILL_LIMIT overrides


def _limit_from_environment() -> int | None:
    value = os.environ.get("ARCHIVE_LINT_SPILL_LIMIT", "")
    return int(value) if value.isdigit() else None


class FindingLog:
    """Append-only findings: in memory up to ``memory_limit``, then spilled to disk."""

    def __init__(self, memory_limit: int | None = None) -> None:
        self.memory_limit = max(1, memory_limit or _limit_from_environment()
                                or DEFAULT_MEMORY_LIMIT)
        self._batch: list[Finding] = []
        self._count = 0
        self._folder: tempfile.TemporaryDirectory | None = None
        self._writer = None
        self._late: list[Finding] = []  # merged in by sort key when read (see merge_sorted)
        self._severities: Counter = Counter()
        self._rules: Counter = Counter()
        self._fixable = 0

    def extend(self, findings: Iterable[Finding]) -> None:
        items = iter(findings)
        while True:
            room = self.memory_limit - len(self._batch)
            before = len(self._batch)
            self._batch.extend(islice(items, room))
            self._count += len(self._batch) - before
            self._tally(self._batch[before:])
            if len(self._batch) < self.memory_limit:
                return
            self._spill()

    def append(self, finding: Finding) -> None:
        self.extend((finding,))

    def merge_sorted(self, findings: Iterable[Finding]) -> None:
        """Add ``findings`` at their place in sort-key order (the log being in that order):
        kept apart and merged on every read, so the spilled findings are not rewritten."""
        findings = list(findings)
        self._tally(findings)
        self._late = sorted([*self._late, *findings], key=finding_sort_key)

    def _tally(self, findings: list[Finding]) -> None:
        self._severities.update(map(_SEVERITY, findings))
        self._rules.update(map(_RULE, findings))
        self._fixable += sum(1 for fix in map(_FIX, findings) if fix is not None and fix.safe)

    def tally(self) -> tuple[Counter, Counter, int]:
        """Findings by severity, by rule, and how many have a safe fix: counted as they were
        added, so a summary does not read a spilled log back."""
        return Counter(self._severities), Counter(self._rules), self._fixable

    def __len__(self) -> int:
        return self._count + len(self._late)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Finding]:
        if self._late:  # heapq.merge is stable: appended findings first on equal keys
            return heapq.merge(self._appended(), list(self._late), key=finding_sort_key)
        return self._appended()

    def _appended(self) -> Iterator[Finding]:
        if self._writer is not None:
            self._writer.flush()
            with open(self._writer.name, "rb") as reader:
                end = os.fstat(reader.fileno()).st_size
                while reader.tell() < end:
                    yield from _load_batch(reader)
        yield from list(self._batch)  # a copy: appending while iterating stays well defined

    @property
    def spilled(self) -> bool:
        return self._writer is not None

    def _spill(self) -> None:
        if self._writer is None:
            self._folder = tempfile.TemporaryDirectory(prefix="archive-lint-")
            self._writer = open(os.path.join(self._folder.name, "findings.pickle"), "wb")  # noqa: SIM115
        pickle.dump(to_columns(self._batch), self._writer, protocol=pickle.HIGHEST_PROTOCOL)
        self._batch = []

    def close(self) -> None:
        """Remove the temporary file (also done when the log is garbage-collected)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _load_batch(reader) -> list[Finding]:
    """One spilled batch. The cyclic garbage collector is paused meanwhile: unpickling 20,000
    findings creates about 100,000 objects, enough to set off several collections that walk
    the whole heap (3-4x the cost of the load itself), and findings hold no cycles for it to
    free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return from_columns(pickle.load(reader))
    finally:
        if enabled:
            gc.enable()
