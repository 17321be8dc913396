"""Inline suppressions: findings the archive's own files say to ignore.

A filter applied after linting (rules never see suppressions). The forms, one per format:

- Markdown: HTML comments ``<!-- archive-lint: disable=rule-a,rule-b -->`` (from that line
  until ``<!-- archive-lint: enable=rule-a,rule-b -->`` or the end of the file; a bare
  ``disable``/``enable`` means every rule) and ``<!-- archive-lint: disable-next-line=rule -->``
  (the line after the comment only).
- Markdown front matter: ``archive-lint-disable: [rule-a, rule-b]`` turns rules off for the
  whole file.
- .jsonl: a record field ``"archive-lint-disable": ["rule-a"]`` turns rules off for that record.
- .txt: no inline form (the article text is the data); use a per-path ``overrides`` entry with
  ``ignore:`` in the config.

Rules are named by name or code. A directive that suppresses nothing is reported by the
``unused-suppression`` rule (off by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from linter import patterns
from linter.document import Document

FIELD = "archive-lint-disable"
UNUSED = "unused-suppression"
NEVER_SUPPRESSED = frozenset({"internal-error", UNUSED})
DIRECTIVE = patterns.compile(
    r"<!--[ \t]*archive-lint:[ \t]*(disable-next-line|disable|enable)\b"
    r"(?:[ \t]*=[ \t]*([^>]*?))?[ \t]*-->")
FRONT_MATTER_KEY = patterns.compile(rf"^[ \t]*{regex.escape(FIELD)}[ \t]*:", regex.MULTILINE)
SEPARATOR = patterns.compile(r"[\s,]+")
END = 10 ** 12  # "to the end of the file"


# Not dataclasses: see "Habits" in docs/contributing.md (start-up time).
class Directive:
    """One suppression: which rules (empty: all), over which lines, written where."""

    __slots__ = (
        "column",
        "end_column",
        "end_line",
        "first",
        "kind",
        "last",
        "line",
        "record",
        "rules",
        "unknown",
        "used",
    )

    def __init__(self, kind: str, rules: tuple[str, ...], first: int, last: int, line: int,
                 column: int, end_line: int, end_column: int, record: str | None = None,
                 unknown: tuple[str, ...] = ()):
        self.kind = kind  # "disable", "disable-next-line", "front-matter" or "record"
        self.rules = rules
        self.first = first
        self.last = last
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.record = record
        self.unknown = unknown
        self.used: set[str] = set()

    def covers(self, finding) -> bool:
        if not self.first <= finding.line <= self.last:
            return False
        if self.kind == "record" and finding.record != self.record:
            return False
        return not self.rules or finding.rule in self.rules


class FileSuppressions:
    """The suppressions written in one file."""

    __slots__ = ("directives", "path")

    def __init__(self, path: str, directives: list[Directive] | None = None):
        self.path = path
        self.directives = [] if directives is None else directives


def _names(value: Any, catalogue) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Known rule names and unknown tokens from a list or a comma/space-separated string."""
    if isinstance(value, str):
        tokens = [t for t in SEPARATOR.split(value.strip()) if t]
    elif isinstance(value, (list, tuple)):
        tokens = [str(t).strip() for t in value if str(t).strip()]
    else:
        tokens = [] if value is None else [str(value)]
    known, unknown = [], []
    for token in tokens:
        spec = catalogue.lookup(token) if catalogue is not None else None
        (known if spec is not None else unknown).append(spec.name if spec else token)
    return tuple(dict.fromkeys(known)), tuple(dict.fromkeys(unknown))


def collect(documents: Iterable[Document], path: str, catalogue) -> FileSuppressions | None:
    """Every suppression written in one file's documents; None when there is none."""
    found = FileSuppressions(path)
    for doc in documents:
        if doc.format == "md":
            _markdown(doc, catalogue, found)
        value = doc.metadata.get(FIELD) if isinstance(doc.metadata, dict) else None
        if value is None:
            continue
        rules, unknown = _names(value, catalogue)
        if doc.format == "jsonl":
            line, _column = doc.position(0)
            found.directives.append(Directive("record", rules, line, line, line, 1, line, 1,
                                              record=doc.record, unknown=unknown))
        else:
            match = FRONT_MATTER_KEY.search(doc.text, 0, doc.body_start or len(doc.text))
            line, column = doc.position(match.start()) if match else (1, 1)
            end = len(FIELD) + column
            found.directives.append(Directive("front-matter", rules, 1, END, line, column,
                                              line, end, unknown=unknown))
    return found if found.directives else None


def _markdown(doc: Document, catalogue, found: FileSuppressions) -> None:
    open_ranges: dict[tuple[str, ...], Directive] = {}
    for match in DIRECTIVE.finditer(doc.text):
        kind, value = match.group(1), match.group(2)
        rules, unknown = _names(value, catalogue) if value else ((), ())
        line, column = doc.position(match.start())
        end_line, end_column = doc.position(match.end())
        if kind == "disable-next-line":
            found.directives.append(Directive(kind, rules, line + 1, line + 1, line, column,
                                              end_line, end_column, unknown=unknown))
        elif kind == "disable":
            key = rules or ("*",)
            if key in open_ranges:
                continue
            directive = Directive(kind, rules, line, END, line, column, end_line, end_column,
                                  unknown=unknown)
            open_ranges[key] = directive
            found.directives.append(directive)
        else:  # enable: ends the disable with the same rules; a bare enable ends them all
            keys = list(open_ranges) if not rules else [
                k for k in open_ranges if k != ("*",) and set(k) <= set(rules)]
            for key in keys:
                open_ranges.pop(key).last = line


def apply(findings: list, table: dict[str, FileSuppressions], settings) -> list:
    """Drop suppressed findings; add ``unused-suppression`` findings where that rule is on."""
    if not table:
        return findings
    kept = drop_suppressed(findings, table)
    kept.extend(unused_findings(table, settings))
    return kept


def drop_suppressed(findings: Iterable, table: dict[str, FileSuppressions]) -> list:
    """The findings no directive covers; marks the directives that were used."""
    kept = []
    for finding in findings:
        suppressions = table.get(finding.path)
        if suppressions is None or finding.rule in NEVER_SUPPRESSED:
            kept.append(finding)
            continue
        hit = False
        for directive in suppressions.directives:
            if directive.covers(finding):
                directive.used.add(finding.rule)
                hit = True
        if not hit:
            kept.append(finding)
    return kept


def unused_findings(table: dict[str, FileSuppressions], settings) -> list:
    from linter.checks import LocatedIssue
    from linter.engine import stamp

    out = []
    for path, suppressions in table.items():
        active = settings.enabled_names(settings.overrides_for(path)).get(UNUSED)
        if active is None:
            continue
        for d in suppressions.directives:
            problems = [f"unknown rule {name!r}" for name in d.unknown]
            if d.rules:
                unused = [name for name in d.rules if name not in d.used]
                if unused:
                    problems.append(f"nothing to suppress for {', '.join(unused)}")
            elif not d.used and not d.unknown:
                problems.append("nothing to suppress")
            if problems:
                message = f"unused suppression ({d.kind}): {'; '.join(problems)}"
                issue = LocatedIssue(d.line, d.column, d.end_line, d.end_column, message)
                out.append(stamp(path, d.record, issue, active))
    return out
