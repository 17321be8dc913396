"""Paths in, findings out: discovery, reading, per-document linting and archive checks.

``lint_file`` is a pure function of (path, settings) so it runs unchanged in a process pool.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from linter.checks import CheckContext, DocumentKey, is_archive_check, load_check
from linter.config import relative_to_root
from linter.document import Document
from linter.engine import (Settings, internal_error, lint_document, stamp, _pack)
from linter.findings import Finding
from linter.languages import detect_language
from linter.readers import FileIssue, ReadOptions, format_of, read_bytes
from linter.checks import LocatedIssue


class PathError(Exception):
    """A path that cannot be linted (missing, unreadable): reported on stderr, exit 2."""


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    signatures: list[tuple[str, DocumentKey, Any]] = field(default_factory=list)
    error: str | None = None
    suppressions: Any = None  # linter.suppressions.FileSuppressions, when the file has any


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    errors: list[str] = field(default_factory=list)


def discover(paths: list[str], settings: Settings) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, None)`` for each file to lint and ``(path, message)`` for bad paths."""
    config = settings.config
    excluded = config.exclude_matcher

    def is_excluded(path: str, is_dir: bool = False) -> bool:
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


def lint_file(path: str, settings: Settings, options: ReadOptions | None = None) -> FileResult:
    result = FileResult(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        result.error = "no such file (it may have been removed during the run)"
        return result
    except IsADirectoryError:
        result.error = "is a directory"
        return result
    except PermissionError:
        result.error = "cannot read: permission denied"
        return result
    except OSError as exc:
        result.error = f"cannot read: {exc.strerror or exc}"
        return result
    return lint_read(read_bytes(data, path, options or read_options(settings)), path, settings,
                     result)


def lint_read(read, path: str, settings: Settings, result: FileResult | None = None) -> FileResult:
    """Lint what ``read_bytes`` made of one file (the fixer calls this on fixed text)."""
    from linter.suppressions import collect

    result = result or FileResult(path)
    result.suppressions = collect(read.documents, path, settings.catalogue)
    overrides = settings.overrides_for(path)
    file_rules = settings.ruleset(overrides, None, format_of(path)).rules
    for issue in read.issues:
        active = file_rules.get(issue.rule)
        if active is not None:
            result.findings.append(stamp(path, issue.record, _located(issue), active))
    for doc in read.documents:
        result.documents += 1
        lint_one(doc, settings, overrides, result)
    return result


def _located(issue: FileIssue) -> LocatedIssue:
    return LocatedIssue(issue.line, issue.column, issue.end_line or issue.line,
                        issue.end_column or issue.column, issue.message, issue.rule,
                        issue.excerpt)


def lint_one(doc: Document, settings: Settings, overrides: tuple[int, ...],
             result: FileResult) -> None:
    if doc.lang is None:
        configured = settings.language_for(overrides)
        if configured:
            doc.lang, doc.lang_source = configured, "config"
        else:
            doc.lang, doc.lang_source = detect_language(doc.text[doc.body_start:]), "detected"
    ruleset = settings.ruleset(overrides, doc.lang, doc.format)
    result.findings.extend(lint_document(doc, ruleset))
    for kind, rules in ruleset.kinds.items():
        check = load_check(kind)
        if not is_archive_check(check):
            continue
        try:
            signature = check.signature(doc, CheckContext(rules, _pack(doc.lang)))
        except Exception as exc:  # noqa: BLE001
            result.findings.append(internal_error(doc, sorted(rules), exc))
            continue
        if signature is not None:
            result.signatures.append((kind, DocumentKey(doc.path, doc.record), signature))


def reduce_archive(signatures: list[tuple[str, DocumentKey, Any]],
                   settings: Settings) -> list[Finding]:
    """Run every archive check over the signatures collected from all documents."""
    findings: list[Finding] = []
    by_kind: dict[str, list[tuple[DocumentKey, Any]]] = {}
    for kind, key, signature in signatures:
        by_kind.setdefault(kind, []).append((key, signature))
    active = settings.enabled_names()
    for kind, entries in sorted(by_kind.items()):
        rules = {name: a for name, a in active.items() if a.spec.check == kind}
        if not rules:
            continue
        only = next(iter(rules)) if len(rules) == 1 else None
        try:
            from linter import index  # the signature index of the rest of the archive
            entries = index.attach(kind, entries, rules, settings)
            for key, issue in load_check(kind).reduce(entries, CheckContext(rules)):
                rule = rules.get(issue.rule or only or "")
                if rule is not None:
                    findings.append(stamp(key.path, key.record, issue, rule))
            index.update(kind, entries, rules, settings)
        except Exception as exc:  # noqa: BLE001
            first = entries[0][0]
            findings.append(internal_error(Document(first.path, "", record=first.record),
                                           sorted(rules), exc))
    return findings


def run(paths: list[str], settings: Settings, lint=None) -> RunResult:
    """Lint every file under ``paths``; findings sorted by path, line and column.

    ``lint(path, settings, options) -> FileResult`` replaces :func:`lint_file` (the fixer
    passes one that fixes the file first and returns the findings that remain).
    """
    outcome = RunResult()
    signatures: list[tuple[str, DocumentKey, Any]] = []
    suppressions: dict[str, Any] = {}
    options = read_options(settings)
    for path, problem in discover(paths, settings):
        if problem:
            outcome.errors.append(f"{path}: {problem}")
            continue
        result = (lint or lint_file)(path, settings, options)
        if result.error:
            outcome.errors.append(f"{path}: {result.error}")
            continue
        outcome.files += 1
        outcome.documents += result.documents
        outcome.findings.extend(result.findings)
        signatures.extend(result.signatures)
        if result.suppressions is not None:
            suppressions[path] = result.suppressions
    outcome.findings.extend(reduce_archive(signatures, settings))
    outcome.findings = apply_suppressions(outcome.findings, suppressions, settings)
    outcome.findings.sort(key=Finding.sort_key)
    return outcome


def apply_suppressions(findings: list[Finding], suppressions: dict[str, Any],
                       settings: Settings) -> list[Finding]:
    """The filter step after linting: inline suppressions (see :mod:`linter.suppressions`)."""
    from linter.suppressions import apply

    return apply(findings, suppressions, settings)
