"""``check --engine dask``: the per-document lint mapped over a Dask bag, archive checks reduced.

The run has three steps, all built from the local runner's own functions (no rule logic here):

1. **plan** (client): :func:`linter.runner.discover` lists the files exactly as a local run does;
   the workers count each shard's units (lines of a .jsonl, rows of a .parquet from its footer,
   one for any other file); the client cuts them into partitions of at most
   ``partition_size`` documents: whole small files packed together, big shards sliced.
2. **map** (workers): each partition is linted slice by slice with
   :func:`linter.runner.lint_read` (``lint_file`` for whole files); a partition returns its
   findings, the archive-check signatures of its documents (a 512-byte MinHash each, never the
   text), the inline suppressions it found and the language of each document.
3. **reduce** (client): :func:`linter.runner.reduce_archive` over the signatures only (LSH is
   built from the MinHashes), then the suppressions and the same sort as a local run, so the
   findings, the report and the exit code are those of ``archive-lint check`` on the same paths.

A .jsonl slice is the shard's lines ``start..stop`` with the lines before it blanked, so every
line number and column is the one in the file; a shard that is not clean UTF-8 (or holds a NUL
or a UTF-16 byte-order mark) is linted whole by its first slice, exactly as locally.
"""

from __future__ import annotations

import bisect
import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from linter.runner import (
    FileResult,
    RunResult,
    collect_signatures,
    discover,
    filter_suppressed,
    lint_file,
    lint_read,
    read_options,
    reduce_archive,
    unused_suppressions,
)

DEFAULT_PARTITION_SIZE = 1000
MISSING = ("--engine dask needs Dask: pip install 'archive-lint[dask]' "
           "(dask[distributed] and pyarrow)")


@dataclass(frozen=True)
class Slice:
    """Units ``start``..``stop`` of one file (lines of a .jsonl, rows of a .parquet); the whole
    file when ``start`` is None. A .jsonl slice also has its byte range, so a task reads only
    its own lines."""

    path: str
    start: int | None = None
    stop: int | None = None
    offset: int = 0
    end: int | None = None


@dataclass(frozen=True)
class Survey:
    """What the planner needs of one file: its units and, for a clean .jsonl, the byte offset
    of every ``step``-th line (``offsets[k]`` is where line ``k * step`` starts)."""

    path: str
    units: int = 1
    offsets: tuple[int, ...] = ()
    sliceable: bool = False


@dataclass
class PartitionResult:
    findings: list = field(default_factory=list)
    signatures: list = field(default_factory=list)
    suppressions: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # path -> message
    paths: list = field(default_factory=list)  # files linted without error
    documents: int = 0
    languages: dict = field(default_factory=dict)  # (path, record) -> lang


# --- planning ------------------------------------------------------------------------------

def survey(path: str, step: int) -> Survey:
    """Count the units of ``path`` (runs on a worker, streaming the file once for a .jsonl).

    Only a .jsonl that is clean UTF-8 without NUL bytes or a UTF-16 byte-order mark is cut into
    slices: the reader reports the others as a whole, so they stay whole (one task)."""
    import codecs

    lower = path.lower()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return Survey(path)  # a FIFO or device: the whole-file path reports it, unread
    except OSError:
        return Survey(path)
    if lower.endswith(".parquet"):
        from linter.parquet import count_rows

        rows = count_rows(path)
        return Survey(path, rows, (), True) if rows else Survey(path)
    if not lower.endswith(".jsonl"):
        return Survey(path)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offsets, lines, position, first = [0], 0, 0, True
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 22):
                if (first and chunk.startswith((b"\xff\xfe", b"\xfe\xff"))) or b"\x00" in chunk:
                    return Survey(path)
                first = False
                decoder.decode(chunk)
                at = chunk.find(b"\n")
                while at >= 0:
                    lines += 1
                    if lines % step == 0:
                        offsets.append(position + at + 1)
                    at = chunk.find(b"\n", at + 1)
                position += len(chunk)
        decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return Survey(path)
    return Survey(path, lines + 1, tuple(offsets), True)


def plan(surveys: list[Survey], partition_size: int) -> list[list[Slice]]:
    """Partitions of at most ``partition_size`` units, in discovery order: small files packed
    together, a big shard cut at every ``partition_size``-th unit of its own."""
    size = max(int(partition_size), 1)
    partitions: list[list[Slice]] = []
    current: list[Slice] = []
    filled = 0

    def close() -> None:
        nonlocal current, filled
        if current:
            partitions.append(current)
        current, filled = [], 0

    for item in surveys:
        count = item.units if item.sliceable else 1
        if count <= size - filled:
            current.append(Slice(item.path))
            filled += count
        else:
            close()
            for k, start in enumerate(range(0, count, size)):
                stop = min(start + size, count)
                offset = item.offsets[k] if item.offsets else 0
                end = item.offsets[k + 1] if k + 1 < len(item.offsets) else None
                current.append(Slice(item.path, start, stop, offset, end))
                filled = stop - start
                if filled >= size:
                    close()
        if filled >= size:
            close()
    close()
    return partitions


# --- the map step (on workers) -------------------------------------------------------------

def _read_slice(piece: Slice, options):
    """The ReadResult of one slice: a .parquet's rows (only their row groups are read) or a
    .jsonl's lines (only their bytes are read; the lines before them are blank, so line
    numbers are the file's)."""
    from linter.readers import read_bytes

    if piece.path.lower().endswith(".parquet"):
        from linter.parquet import read_parquet

        return read_parquet(piece.path, piece.path, options, piece.start, piece.stop)
    with open(piece.path, "rb") as stream:
        stream.seek(piece.offset)
        data = stream.read() if piece.end is None else stream.read(piece.end - piece.offset)
    return read_bytes(b"\n" * piece.start + data, piece.path, options)


def _read_whole(path: str) -> bytes:
    """The file's bytes as :func:`linter.runner.lint_file` reads them (regular files only)."""
    from linter import runner

    reader = getattr(runner, "read_regular_file", None)
    return reader(path) if reader is not None else Path(path).read_bytes()


def lint_partition(slices: list[Slice], settings, options=None) -> PartitionResult:
    """Lint one partition with the local runner's functions."""
    options = options or read_options(settings)
    out = PartitionResult()
    for piece in slices:
        read = None
        try:
            if piece.start is None:
                from linter.readers import read_bytes

                read = read_bytes(_read_whole(piece.path), piece.path, options)
            else:
                read = _read_slice(piece, options)
        except OSError:
            result = lint_file(piece.path, settings, options)  # the local run's error message
        else:
            result = lint_read(read, piece.path, settings, FileResult(piece.path))
        if result.error:
            out.errors[piece.path] = result.error
            continue
        out.paths.append(piece.path)
        out.documents += result.documents
        out.findings.extend(result.findings)
        out.signatures.extend(result.signatures)
        if result.suppressions is not None:
            _merge_suppressions(out.suppressions, piece.path, result.suppressions)
        if read is not None:
            for doc in read.documents:
                out.languages[(doc.path, doc.record)] = doc.lang
    return out


def _merge_suppressions(table: dict, path: str, found) -> None:
    if path in table:
        table[path].directives.extend(found.directives)
    else:
        table[path] = found


# --- the cluster ---------------------------------------------------------------------------

def client_for(scheduler: str | None):
    """A ``distributed.Client`` for ``scheduler``, or over a LocalCluster sized to the machine."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from linter.commands import UsageError

        raise UsageError(MISSING) from None
    if scheduler:
        try:
            return Client(scheduler, timeout=30), None
        except (OSError, TimeoutError, ValueError) as exc:
            from linter.commands import UsageError

            raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    workers = max(len(usable) if usable else (os.cpu_count() or 1), 1)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0")
    return Client(cluster), cluster


def run(paths: list[str], settings, *, scheduler: str | None = None, client=None,
        partition_size: int = DEFAULT_PARTITION_SIZE) -> RunResult:
    """Lint ``paths`` on a Dask cluster; the same RunResult as :func:`linter.runner.run`."""
    try:
        import dask
        import dask.bag as db
    except ImportError:
        from linter.commands import UsageError

        raise UsageError(MISSING) from None
    outcome = RunResult()
    files: list[str] = []
    for path, problem in discover(paths, settings):
        if problem:
            outcome.errors.append(f"{path}: {problem}")
        else:
            files.append(path)
    files = sorted(set(files))  # path order, as a local run: partitions stream out in order
    own = None
    if client is None:
        client, own = client_for(scheduler)
    try:
        options = read_options(settings)
        surveys = (db.from_sequence(files, partition_size=64).map(survey, partition_size)
                   .compute(scheduler=client) if files else [])
        partitions = plan(surveys, partition_size)
        results: Iterable[PartitionResult] = ()
        if partitions:
            shared = dask.delayed(settings, pure=True)
            bag = db.from_sequence(partitions, npartitions=len(partitions))
            parts = bag.map(lint_partition, shared, options).to_delayed()
            # Earlier partitions first: the client takes them in order, so without priorities
            # the scheduler may finish the last first and the workers hold every result.
            futures = [client.compute(part, priority=len(parts) - number)
                       for number, part in enumerate(parts)]
            results = _in_order(futures)
        return combine(results, partitions, outcome, settings)
    finally:
        if own is not None:
            client.close()
            own.close()


def _in_order(futures) -> Iterator[PartitionResult]:
    """Each partition's result as it is needed, in partition order: the client holds one
    partition at a time, while the workers run ahead."""
    for future in futures:
        yield from future.result()
        future.release()


def combine(results: Iterable[PartitionResult], partitions, outcome: RunResult,
            settings) -> RunResult:
    """The reduce: archive checks over the signatures, suppressions, the merge in report
    order. Partitions come in path order and each one's findings are sorted, so findings
    stream into a :class:`~linter.spill.FindingLog` as in a local run."""
    from linter.findings import Finding
    from linter.spill import FindingLog

    findings = FindingLog()
    signatures: dict = {}
    suppressions, errors, linted = {}, {}, {}
    languages: dict = {}
    for result in results:
        outcome.documents += result.documents
        findings.extend(sorted(result.findings, key=Finding.sort_key))
        collect_signatures(signatures, result.signatures)
        for path, found in result.suppressions.items():
            _merge_suppressions(suppressions, path, found)
        errors.update(result.errors)
        linted.update(dict.fromkeys(result.paths))
        languages.update(result.languages)
    for path, message in errors.items():
        outcome.errors.append(f"{path}: {message}")
    outcome.files = sum(1 for path in linted if path not in errors)
    late = reduce_archive(signatures, settings)
    if suppressions:  # a directive in one slice of a shard may cover another slice's finding
        kept = FindingLog()
        stream = iter(findings)
        while chunk := list(islice(stream, 10_000)):  # a chunk at a time: memory stays flat
            kept.extend(filter_suppressed(chunk, suppressions))
        findings.close()
        findings = kept
        late = filter_suppressed(late, suppressions)
        late.extend(unused_suppressions(suppressions, settings))
    findings.merge_sorted(late)
    outcome.findings = findings
    outcome.partitions = partitions  # for --output-dir
    outcome.languages = languages
    return outcome


# --- --output-dir --------------------------------------------------------------------------

def write_output_dir(outcome: RunResult, directory: str, summary) -> None:
    """One JSON-lines shard per partition (``part-00000.jsonl`` ...; archive findings go with
    the document they are reported on) and ``summary.json``: counts by rule, severity and
    language (the document's language; ``unknown`` when it has none)."""
    from linter.report.json import finding_to_dict

    partitions = getattr(outcome, "partitions", None) or [[]]
    languages = getattr(outcome, "languages", {})
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.jsonl"):
        old.unlink()
    where: dict[str, list[tuple[int, int]]] = {}  # path -> sorted (first line, partition)
    for number, partition in enumerate(partitions):
        for piece in partition:
            where.setdefault(piece.path, []).append((piece.start or 0, number))
    for spots in where.values():
        spots.sort()
    by_language: Counter = Counter()
    width = max(5, len(str(len(partitions))))
    streams: dict[int, Any] = {}
    try:
        for number in range(len(partitions)):  # every partition has its shard, maybe empty
            streams[number] = open(out / f"part-{number:0{width}}.jsonl", "w",  # noqa: SIM115
                                   encoding="utf-8")
        for finding in outcome.findings:
            spots = where.get(finding.path, [(0, 0)])
            index = bisect.bisect_right(spots, (finding.line - 1, len(partitions))) - 1
            streams[spots[max(index, 0)][1]].write(
                json.dumps(finding_to_dict(finding), ensure_ascii=False) + "\n")
            by_language[languages.get((finding.path, finding.record)) or "unknown"] += 1
    finally:
        for stream in streams.values():
            stream.close()
    documents_by_language = Counter(lang or "unknown" for lang in languages.values())
    data = {
        "version": 1,
        "files": summary.files,
        "documents": summary.documents,
        "partitions": len(partitions),
        "findings": summary.findings,
        "by_rule": summary.by_rule,
        "by_severity": summary.by_severity,
        "by_language": dict(sorted(by_language.items())),
        "documents_by_language": dict(sorted(documents_by_language.items())),
        "fixable": summary.fixable,
    }
    with open(out / "summary.json", "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")

