"""Findings written ahead, in the report's own text, by the worker processes that found them.

A parallel run with ``--format json`` or ``json-lines`` spends most of its serial time in the
parent: receiving every finding, then turning each into report text after the last file, while
the workers sit idle. Instead, each worker writes each batch's findings as the report will show
them (:class:`linter.report.Rendering`) to a shard file of its own, followed by the batch's
findings as columns, and sends back only a :class:`Segment`: where the text lies, how many
findings it holds and their counts. The report then copies the segments in path order, byte
for byte; a segment that a late finding (``duplicate-article``, an unused suppression) falls
inside is read back as findings and written around it, so the report is exactly a serial
run's (a test compares them).
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from typing import NamedTuple

from linter.findings import Finding, finding_sort_key, from_columns, to_columns


class Segment(NamedTuple):
    """One batch's findings in a shard: ``size`` bytes of report text at ``offset``, then
    ``columns_size`` bytes of the same findings pickled as columns."""

    shard: str
    offset: int
    size: int
    columns_size: int
    count: int
    last_key: tuple  # finding_sort_key of the last finding: late findings after it skip it
    escaped: bool  # the text holds lone surrogates, encoded with surrogateescape
    format: str  # the Rendering's name


class Tally(NamedTuple):
    """A segment's counts, as :meth:`linter.spill.FindingLog.tally` keeps them."""

    severities: Counter
    rules: Counter
    fixable: int


class ShardWriter:
    """A worker's shard: report text and columns of the batches it linted, appended."""

    def __init__(self, folder: str, format_name: str) -> None:
        from linter.report import rendering

        self.rendering = rendering(format_name)
        self.path = os.path.join(folder, f"shard-{os.getpid()}")
        self.descriptor: int | None = None
        self.offset = 0

    def write(self, findings: list[Finding]) -> tuple[Segment, Tally]:
        """Append ``findings`` (in report order); raises OSError when the disk refuses."""
        render = self.rendering.render
        text = self.rendering.separator.join([render(finding) for finding in findings])
        try:
            data, escaped = text.encode("utf-8"), False
        except UnicodeEncodeError:
            data, escaped = text.encode("utf-8", "surrogateescape"), True
        columns = pickle.dumps(to_columns(findings), protocol=pickle.HIGHEST_PROTOCOL)
        if self.descriptor is None:
            self.descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _write_all(self.descriptor, data + columns)
        segment = Segment(self.path, self.offset, len(data), len(columns), len(findings),
                          finding_sort_key(findings[-1]), escaped, self.rendering.name)
        self.offset += len(data) + len(columns)
        fixable = sum(1 for finding in findings if finding.fix is not None and finding.fix.safe)
        return segment, Tally(Counter(finding.severity for finding in findings),
                              Counter(finding.rule for finding in findings), fixable)

    def take(self, results: list) -> None:
        """Write the findings of ``results`` (settled FileResults, in path order) and leave
        them empty; the first carries the segment. On a write error they keep their findings
        and travel back as usual."""
        findings = [finding for result in results for finding in result.findings]
        if not findings:
            return
        try:
            written = self.write(findings)
        except OSError:
            return
        for result in results:
            result.findings = []
        results[0].rendered = written


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


class ShardReader:
    """Reads segments back, one open descriptor per shard."""

    def __init__(self) -> None:
        self.descriptors: dict[str, int] = {}

    def _read(self, shard: str, size: int, offset: int) -> bytes:
        descriptor = self.descriptors.get(shard)
        if descriptor is None:
            descriptor = self.descriptors[shard] = os.open(shard, os.O_RDONLY)
        data = os.pread(descriptor, size, offset)
        if len(data) != size:
            raise OSError(f"{shard}: shard file cut short")
        return data

    def text(self, segment: Segment) -> bytes:
        return self._read(segment.shard, segment.size, segment.offset)

    def findings(self, segment: Segment) -> list[Finding]:
        return from_columns(pickle.loads(self._read(segment.shard, segment.columns_size,
                                                    segment.offset + segment.size)))

    def close(self) -> None:
        for descriptor in self.descriptors.values():
            os.close(descriptor)
        self.descriptors.clear()
