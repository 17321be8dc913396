"""Paths in, findings out: discovery, reading, per-document linting and archive checks.

``lint_file`` is a pure function of (path, settings) so it runs unchanged in a process pool.
"""

from __future__ import annotations

import fnmatch
import gc
import os
import stat
from collections.abc import Iterator
from typing import Any

from linter.budget import TimeBudgetExceeded, budget_handler, time_budget
from linter.checks import CheckContext, DocumentKey, LocatedIssue, load_check
from linter.config import relative_to_root
from linter.document import Document
from linter.engine import (
    PlannedCheck,
    RuleSet,
    Settings,
    internal_error,
    lint_document,
    stamp,
    time_budget_finding,
)
from linter.findings import Finding, finding_sort_key, from_columns, to_columns
from linter.languages import detect_language
from linter.readers import FileIssue, ReadOptions, format_of, read_bytes


class PathError(Exception):
    """A path that cannot be linted (missing, unreadable): reported on stderr, exit 2."""


# Not dataclasses: see "Habits" in docs/contributing.md (start-up time).
class FileResult:
    """What linting one file gave: its findings, documents and archive-check signatures."""

    def __init__(self, path: str, findings: list[Finding] | None = None, documents: int = 0,
                 signatures: list[tuple[str, DocumentKey, Any]] | None = None,
                 error: str | None = None, suppressions: Any = None, extra: Any = None):
        self.path = path
        self.findings = [] if findings is None else findings
        self.documents = documents
        self.signatures = [] if signatures is None else signatures
        self.error = error
        self.suppressions = suppressions  # linter.suppressions.FileSuppressions, if any
        self.extra = extra  # what a replacement ``lint`` adds (the fixer: its FileFix)
        self.rendered = None  # from a worker: (Segment, Tally) of its batch (linter.shards)

    # Sent back by a worker process with the findings as columns (linter.findings.to_columns),
    # kept so by the receiving side until ``findings`` is first read: the run's log takes the
    # columns as they are (FindingLog.extend_columns).
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "findings" in state:
            state["findings"] = to_columns(state["findings"])
        return state

    def __setstate__(self, state: dict) -> None:
        columns = state.pop("findings", None)
        self.__dict__.update(state)
        if columns is not None:
            self.__dict__["finding_columns"] = columns

    def __getattr__(self, name: str) -> Any:  # only for an attribute not set
        if name == "findings" and "finding_columns" in self.__dict__:
            self.findings = from_columns(self.__dict__.pop("finding_columns"))
            return self.findings
        raise AttributeError(name)

    def take_columns(self) -> tuple | None:
        """The findings as columns, when they arrived so and were not read: then ``findings``
        is left empty."""
        columns = self.__dict__.pop("finding_columns", None)
        if columns is not None:
            self.findings = []
        return columns


class RunResult:
    """A whole run's findings (a list, or a FindingLog), counts and path errors (the Dask
    engine adds what its reports need)."""

    def __init__(self, findings: list[Finding] | None = None, files: int = 0,
                 documents: int = 0, errors: list[str] | None = None):
        self.findings = [] if findings is None else findings
        self.files = files
        self.documents = documents
        self.errors = [] if errors is None else errors


def discover(paths: list[str], settings: Settings) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, None)`` for each file to lint and ``(path, message)`` for bad paths."""
    config = settings.config
    excluded = config.exclude_matcher

    def is_excluded(path: str, is_dir: bool = False) -> bool:
        if not config.exclude:  # no patterns: spare working out the relative path
            return False
        rel = relative_to_root(path, config.root)
        return excluded.match_file(rel + "/" if is_dir else rel)

    for given in paths:
        if os.path.isdir(given):
            for folder, dirs, files in os.walk(given, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not is_excluded(os.path.join(folder, d), True))
                for name in sorted(files):
                    path = os.path.join(folder, name)
                    if any(fnmatch.fnmatch(name, p) for p in config.include) and \
                            not is_excluded(path):
                        yield path, None
        elif os.path.lexists(given):
            if not is_excluded(given):
                yield given, None
        else:
            yield given, "no such file or directory"


def read_options(settings: Settings) -> ReadOptions:
    return ReadOptions(jsonl_fields=dict(settings.config.jsonl),
                       paragraphs=settings.config.paragraphs)


class NotARegularFile(OSError):
    """A FIFO, socket or device matched by the include globs: never opened for reading."""


def read_regular_file(path: str) -> bytes:
    """The bytes of ``path``; refuses anything but a regular file without blocking (a FIFO
    named ``*.txt`` would otherwise hang the run waiting for a writer)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(0, "not a regular file (a FIFO, socket or device); not read")
        # os.read on the descriptor: no file object. The size is a hint (the file may grow).
        parts = []
        while chunk := os.read(fd, max(info.st_size + 1, 1 << 16)):
            parts.append(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def lint_file(path: str, settings: Settings, options: ReadOptions | None = None) -> FileResult:
    result = FileResult(path)
    read = read_file(path, options or read_options(settings), result)
    return result if read is None else lint_read(read, path, settings, result)


def read_file(path: str, options: ReadOptions, result: FileResult) -> Any:
    """What ``read_bytes`` makes of the file, or None with ``result.error`` set."""
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        result.error = "no such file (it may have been removed during the run)"
    except IsADirectoryError:
        result.error = "is a directory"
    except PermissionError:
        result.error = "cannot read: permission denied"
    except OSError as exc:
        result.error = f"cannot read: {exc.strerror or exc}"
    else:
        return read_bytes(data, path, options)
    return None


def lint_read(read, path: str, settings: Settings, result: FileResult | None = None) -> FileResult:
    """Lint what ``read_bytes`` made of one file (the fixer calls this on fixed text)."""
    result = result or FileResult(path)
    overrides = begin(read, path, settings, result)
    budget = settings.config.time_budget
    try:
        with time_budget(budget):
            for doc in read.documents:
                result.documents += 1
                lint_one(doc, settings, overrides, result)
    except TimeBudgetExceeded:
        result.findings.append(time_budget_finding(path, budget, settings.catalogue))
    return result


def begin(read, path: str, settings: Settings, result: FileResult) -> tuple[int, ...]:
    """The file's part before its documents are linted: its suppressions and the findings of
    the file itself; returns the config overrides that apply to it."""
    from linter.suppressions import collect

    result.suppressions = collect(read.documents, path, settings.catalogue)
    overrides = settings.overrides_for(path)
    file_rules = settings.ruleset(overrides, None, format_of(path)).rules
    for issue in read.issues:
        active = file_rules.get(issue.rule)
        if active is not None:
            result.findings.append(stamp(path, issue.record, _located(issue), active))
    return overrides


def _located(issue: FileIssue) -> LocatedIssue:
    return LocatedIssue(issue.line, issue.column, issue.end_line or issue.line,
                        issue.end_column or issue.column, issue.message, issue.rule,
                        issue.excerpt)


def lint_one(doc: Document, settings: Settings, overrides: tuple[int, ...],
             result: FileResult) -> None:
    ruleset = ruleset_of(doc, settings, overrides)
    result.findings.extend(lint_document(doc, ruleset))
    for planned in ruleset.plan(doc.lang)[1]:  # the archive checks
        sign(doc, planned, result)


def ruleset_of(doc: Document, settings: Settings, overrides: tuple[int, ...]) -> RuleSet:
    """The rules for ``doc``, once its language is settled (metadata, config or detected)."""
    if doc.lang is None:
        configured = settings.language_for(overrides)
        if configured:
            doc.lang, doc.lang_source = configured, "config"
        else:
            doc.lang, doc.lang_source = detect_language(doc.text[doc.body_start:]), "detected"
    return settings.ruleset(overrides, doc.lang, doc.format)


def sign(doc: Document, planned: PlannedCheck, result: FileResult) -> None:
    """Add ``doc``'s signature for the archive check ``planned`` to ``result`` (a crash: a
    finding)."""
    try:
        signature = planned.check.signature(doc, planned.context)
    except Exception as exc:
        result.findings.append(internal_error(doc, sorted(planned.rules), exc))
        return
    if signature is not None:
        result.signatures.append((planned.kind, DocumentKey(doc.path, doc.record), signature))


def collect_signatures(collected: dict[str, Any], signatures) -> None:
    """Add ``(kind, key, signature)`` triples to the per-check containers in ``collected``
    (the check's compact ``entries()`` where it has one, else a list)."""
    for kind, key, signature in signatures:
        entries = collected.get(kind)
        if entries is None:
            check = load_check(kind)
            entries = collected[kind] = check.entries() if hasattr(check, "entries") else []
        entries.append((key, signature))


def reduce_archive(signatures, settings: Settings) -> list[Finding]:
    """Run every archive check over the signatures collected from all documents:
    ``{kind: entries}`` from :func:`collect_signatures`, or ``(kind, key, signature)``
    triples."""
    if not isinstance(signatures, dict):
        by_kind: dict[str, Any] = {}
        collect_signatures(by_kind, signatures)
        signatures = by_kind
    findings: list[Finding] = []
    active = settings.enabled_names()
    for kind, entries in sorted(signatures.items()):
        rules = {name: a for name, a in active.items() if a.spec.check == kind}
        if not rules or not len(entries):
            continue
        only = next(iter(rules)) if len(rules) == 1 else None
        try:
            from linter import index  # the signature index of the rest of the archive

            views = index.views(kind, rules, settings)
            for key, issue in load_check(kind).reduce(entries, CheckContext(rules), views):
                rule = rules.get(issue.rule or only or "")
                if rule is not None:
                    findings.append(stamp(key.path, key.record, issue, rule))
            index.update(kind, entries, views, rules, settings)
        except Exception as exc:
            first = next(iter(entries))[0]
            findings.append(internal_error(Document(first.path, "", record=first.record),
                                           sorted(rules), exc))
    return findings


def settled(result: FileResult) -> FileResult:
    """``result`` with the findings its file's inline suppressions cover taken out (the
    directives that covered one marked used) and the rest in report order: done where the
    file was linted, so a worker process does it in parallel."""
    findings = result.findings
    if result.suppressions is not None:
        findings = filter_suppressed(findings, {result.path: result.suppressions})
    result.findings = sorted(findings, key=finding_sort_key)
    return result


# Files between two moves of the surviving objects out of the garbage collector's sight.
FREEZE_EVERY = 64


def _frozen_as_they_age(results: Iterator[FileResult]) -> Iterator[FileResult]:
    """``results``, with the objects that outlive the files hidden from the garbage collector
    until the run ends (:func:`gc.freeze`): after the first file (the modules, patterns and
    tables it loaded live as long as the run), then every ``FREEZE_EVERY`` files (the findings
    and signatures kept so far). Otherwise every full collection walks them all again, which
    grows with the archive. Before each later freeze a collection frees the garbage, so
    nothing unreachable is kept; the first file's few cycles are freed when the run ends."""
    frozen = False
    try:
        for index, result in enumerate(results):
            yield result
            if index % FREEZE_EVERY == 0:
                if index:
                    gc.collect()
                gc.freeze()
                frozen = True
    finally:
        if frozen:
            gc.unfreeze()


def run(paths: list[str], settings: Settings, lint=None, jobs: int = 1,
        on_result=None, spill: bool = False, render: str | None = None) -> RunResult:
    """Lint every file under ``paths``; findings sorted by path, line and column.

    ``lint(path, settings, options) -> FileResult`` replaces :func:`lint_file` (the fixer
    passes one that fixes the file first and returns the findings that remain). With
    ``jobs`` > 1 and enough files, files are linted in a pool of processes (``lint`` must then
    be picklable or the platform must fork); the archive checks reduce the signatures in file
    order afterwards, so the result is the same as a serial run's.
    ``on_result(FileResult)`` is called here, in path order, for each file linted.

    Files are linted in path order and each file's findings are sorted where it was linted
    (:func:`settled`), so they stream out already in report order; only the archive checks'
    findings (and unused suppressions) arrive at the end and are merged in. With ``spill``,
    ``findings`` is a :class:`linter.spill.FindingLog` that keeps memory flat on archives of
    any size. With ``spill`` and ``render`` (a format of :data:`linter.report.RENDERINGS`),
    worker processes write their findings in that format themselves (:mod:`linter.shards`).
    """
    import heapq

    from linter import pool

    outcome = RunResult()
    if spill:
        from linter.spill import FindingLog

        outcome.findings = FindingLog()
    signatures: dict[str, Any] = {}  # archive check -> its entries
    suppressions: dict[str, Any] = {}
    found = list(discover(paths, settings))
    outcome.errors = [f"{path}: {problem}" for path, problem in found if problem]
    files = sorted({path for path, problem in found if not problem})  # each file once
    with budget_handler(settings.config.time_budget):  # each file then only arms a timer
        shards = (render, outcome.findings.shard_folder) if spill and render else None
        for result in _frozen_as_they_age(pool.results(files, settings, lint or lint_file, jobs,
                                                       shards)):
            if result.rendered is not None:
                outcome.findings.extend_rendered(*result.rendered)
            if on_result is not None:
                on_result(result)
            if result.error:
                outcome.errors.append(f"{result.path}: {result.error}")
                continue
            outcome.files += 1
            outcome.documents += result.documents
            if result.suppressions is not None:
                suppressions[result.path] = result.suppressions
            columns = result.take_columns() if spill else None
            if columns is not None:
                outcome.findings.extend_columns(columns)
            else:
                outcome.findings.extend(result.findings)
            collect_signatures(signatures, result.signatures)
    late = filter_suppressed(reduce_archive(signatures, settings), suppressions)
    late.extend(unused_suppressions(suppressions, settings))
    if late and spill:
        outcome.findings.merge_sorted(late)
    elif late:
        late.sort(key=finding_sort_key)
        outcome.findings = list(heapq.merge(outcome.findings, late, key=finding_sort_key))
    return outcome


def filter_suppressed(findings: list[Finding], suppressions: dict[str, Any]) -> list[Finding]:
    """``findings`` without those an inline suppression covers (see :mod:`linter.suppressions`)."""
    from linter.suppressions import drop_suppressed

    return drop_suppressed(findings, suppressions) if suppressions else list(findings)


def unused_suppressions(suppressions: dict[str, Any], settings: Settings) -> list[Finding]:
    from linter.suppressions import unused_findings

    return unused_findings(suppressions, settings) if suppressions else []
