"""A list of findings that does not have to fit in memory.

A run over a whole archive finds millions of things (a gigabyte of scraped articles holds
about two million findings, most of them trailing white space and punctuation spacing). The
runner appends each file's findings here as the file is done; past ``memory_limit`` findings,
batches are pickled to a temporary file, so memory stays flat however large the archive is.
Reading it back (any number of times, e.g. once for the summary and once for the report) yields
the findings in the order they were appended. In a parallel run the workers may write their
findings to shard files of their own (:mod:`linter.shards`): the log then holds only where each
batch lies, and hands the JSON reports that text as it is (:meth:`FindingLog.rendered_pieces`).
"""

from __future__ import annotations

import gc
import os
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain, groupby, islice
from operator import attrgetter

from linter.findings import (
    Finding,
    column_count,
    finding_column,
    finding_sort_key,
    from_columns,
    joined_columns,
    safe_fix_flags,
    to_columns,
)

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
        # In memory: blocks of findings, each a list or the columns of :func:`to_columns`.
        self._held: list[list[Finding] | tuple] = []
        self._held_count = 0
        self._count = 0
        # Before the held blocks, in order: spilled batches (their offsets in the spill file)
        # and the workers' segments (linter.shards.Segment).
        self._parts: list = []
        self.segments = 0
        self._folder: tempfile.TemporaryDirectory | None = None
        self._writer = None
        self._late: list[Finding] = []  # merged in by sort key when read (see merge_sorted)
        self._severities: Counter = Counter()
        self._rules: Counter = Counter()
        self._fixable = 0

    def extend(self, findings: Iterable[Finding]) -> None:
        items = iter(findings)
        while True:
            block = list(islice(items, self.memory_limit - self._held_count))
            if block:
                self._hold(block, len(block))
                self._tally(block)
            if self._held_count < self.memory_limit:
                return
            self._spill()

    def extend_columns(self, columns: tuple) -> None:
        """Append findings as :func:`to_columns` gave them (a worker process's, unpickled):
        they are built into findings only when read, and spilled as they are."""
        count = column_count(columns)
        if not count:
            return
        self._hold(columns, count)
        self._severities.update(finding_column(columns, "severity"))
        self._rules.update(finding_column(columns, "rule"))
        self._fixable += sum(safe_fix_flags(columns))
        if self._held_count >= self.memory_limit:
            self._spill()

    def extend_rendered(self, segment, tally) -> None:
        """Append a segment a worker wrote (:class:`linter.shards.Segment`) with its counts."""
        if self._held:
            self._spill()  # the held findings come first
        self._parts.append(segment)
        self.segments += 1
        self._count += segment.count
        self._severities.update(tally.severities)
        self._rules.update(tally.rules)
        self._fixable += tally.fixable

    def shard_folder(self) -> str:
        """A folder for the workers' shard files, removed with the log."""
        return self._temporary_folder()

    def _temporary_folder(self) -> str:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="archive-lint-")
        return self._folder.name

    def _hold(self, block: list[Finding] | tuple, count: int) -> None:
        self._held.append(block)
        self._held_count += count
        self._count += count

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
        if self._late:
            return chain.from_iterable(_merged(self._batches(), list(self._late)))
        return chain.from_iterable(self._batches())

    def _batches(self, segments_as_text: bool = False) -> Iterator:
        """The appended findings, a batch at a time (a new list: appending while iterating
        stays well defined); with ``segments_as_text``, each worker's segment as itself."""
        from_spill = shards = None
        if self._writer is not None:
            self._writer.flush()
        try:
            for part in list(self._parts):
                if type(part) is int:
                    if from_spill is None:
                        from_spill = open(self._writer.name, "rb")  # noqa: SIM115
                    from_spill.seek(part)
                    yield _without_gc(_load_batch, from_spill)
                elif segments_as_text:
                    yield part
                else:
                    if shards is None:
                        shards = _shard_reader()
                    yield _without_gc(shards.findings, part)
            yield _built(self._held)
        finally:
            if from_spill is not None:
                from_spill.close()
            if shards is not None:
                shards.close()

    def rendered_pieces(self, rendering) -> Iterator[str | tuple[bytes, bool]]:
        """The findings in report text (``rendering``: a :class:`linter.report.Rendering`), as
        pieces for :func:`linter.report.pieces.write_pieces`: a worker's segment as the bytes
        it wrote, unless a late finding falls inside it or it was written in another format;
        the rest rendered here."""
        name, render, separator = rendering
        late = list(self._late)
        keys = list(map(finding_sort_key, late))
        at = 0  # the next late finding
        shards = None
        try:
            for batch in self._batches(segments_as_text=True):
                if type(batch) is not list:  # a segment
                    if shards is None:
                        shards = _shard_reader()
                    if batch.format == name and (at == len(late) or keys[at] >= batch.last_key):
                        yield shards.text(batch), batch.escaped  # as written: none falls inside
                        continue
                    batch = _without_gc(shards.findings, batch)
                pieces, at = _placed(batch, late, keys, at)
                for piece in pieces:
                    yield separator.join(map(render, piece))
            yield separator.join(map(render, late[at:]))
        finally:
            if shards is not None:
                shards.close()

    @property
    def spilled(self) -> bool:
        return self._writer is not None

    def _spill(self) -> None:
        import pickle  # only once a log spills: a one-article run never does

        if self._writer is None:
            self._writer = open(os.path.join(self._temporary_folder(), "findings.pickle"),  # noqa: SIM115
                                "wb")
        self._parts.append(self._writer.tell())
        pickle.dump(_columns(self._held), self._writer, protocol=pickle.HIGHEST_PROTOCOL)
        self._held, self._held_count = [], 0

    def close(self) -> None:
        """Remove the temporary file (also done when the log is garbage-collected)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _merged(batches: Iterable[list[Finding]], late: list[Finding]) -> Iterator[Iterable[Finding]]:
    """``heapq.merge(appended, late, key=finding_sort_key)`` (appended findings first on equal
    keys) as pieces to chain, for sorted batches and a sorted handful of late findings: each
    late finding is placed by a binary search in its batch, so the appended ones pass through
    in C, with no Python comparison each (a run has about one late finding per ten thousand)."""
    keys = list(map(finding_sort_key, late))
    at = 0  # the next late finding
    for batch in batches:
        pieces, at = _placed(batch, late, keys, at)
        yield from pieces
    yield late[at:]


def _placed(batch: list[Finding], late: list[Finding], keys: list[tuple],
            at: int) -> tuple[list[Iterable[Finding]], int]:
    """``batch`` cut around the late findings from ``late[at]`` on that go inside it (before
    its first finding with a greater key), and the next late finding's index."""
    pieces, start = [], 0
    while at < len(late):
        cut = bisect_right(batch, keys[at], start, key=finding_sort_key)
        if cut == len(batch):  # maybe equal keys in the next batch: they come first
            break
        pieces.append(islice(batch, start, cut))
        pieces.append(late[at:at + 1])
        at, start = at + 1, cut
    pieces.append(islice(batch, start, None) if start else batch)
    return pieces, at


def _shard_reader():
    from linter.shards import ShardReader

    return ShardReader()


def _columns(blocks: list[list[Finding] | tuple]) -> tuple:
    """The findings of ``blocks`` (lists of findings, or their columns) as one set of columns
    (:func:`to_columns`): each run of lists converted at once."""
    parts = []
    for is_list, group in groupby(blocks, key=_is_list):
        if is_list:
            parts.append(to_columns(list(chain.from_iterable(group))))
        else:
            parts.extend(group)
    return joined_columns(parts)


def _is_list(block: list[Finding] | tuple) -> bool:
    return type(block) is list


def _built(blocks: list[list[Finding] | tuple]) -> list[Finding]:
    """One new list of the findings of ``blocks`` (lists of findings, or their columns)."""
    parts = []
    for is_list, group in groupby(blocks, key=_is_list):
        if is_list:
            parts.extend(group)
        else:
            parts.append(from_columns(joined_columns(list(group))))
    return list(chain.from_iterable(parts))


def _load_batch(reader) -> list[Finding]:
    """One spilled batch."""
    import pickle

    return from_columns(pickle.load(reader))


def _without_gc(load, *args):
    """``load(*args)`` with the cyclic garbage collector paused: unpickling 20,000 findings
    creates about 100,000 objects, enough to set off several collections that walk the whole
    heap (3-4x the cost of the load itself), and findings hold no cycles for it to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load(*args)
    finally:
        if enabled:
            gc.enable()
