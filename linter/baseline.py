"""Baselines: adopt archive-lint on an old archive, then ratchet.

``archive-lint baseline write FILE PATH...`` records the current findings; ``check --baseline
FILE`` reports only findings that are not in it. A finding is matched by content, not by line
number: (path, rule, hash of the normalised text of its line, occurrence count). For a .jsonl
record the "line" is the line of the record's article that holds the finding. Inserting a
paragraph above an old finding therefore does not resurrect it, and when a finding is fixed
its entry simply stops matching (rewrite the baseline to drop it: the ratchet).

Paths are stored relative to the baseline file's folder, so the file can be committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import patterns
from linter.document import LINE_BREAK
from linter.findings import Finding

VERSION = 1
SPACE = patterns.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


class BaselineError(Exception):
    """A baseline file that cannot be read (reported as a usage error)."""


def normalise(text: str) -> str:
    """NFC, white space collapsed to one space (invisible joiners dropped), trimmed."""
    return SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:20]


class _Lines:
    """The text of the line that holds each finding, reading each file once."""

    def __init__(self, options=None) -> None:
        self._options = options
        self._path: str | None = None
        self._lines: list[str] = []
        self._records: dict = {}

    def _load(self, path: str) -> None:
        from linter.readers import format_of, read_bytes

        self._path, self._lines, self._records = path, [], {}
        try:
            data = Path(path).read_bytes()
        except OSError:
            return
        text = data.decode("utf-8", "replace")
        self._lines = LINE_BREAK.split(text)
        if format_of(path) == "jsonl":
            documents = (read_bytes(data, path, self._options) if self._options is not None
                         else read_bytes(data, path)).documents
            for doc in documents:
                if doc.locator is not None:
                    self._records[(doc.record, doc.locator.line_number)] = doc

    def text(self, finding: Finding) -> str:
        if finding.path != self._path:
            self._load(finding.path)
        doc = self._records.get((finding.record, finding.line))
        if doc is not None:
            index = min(max(doc.line_index(min(finding.start, len(doc.text))), 0),
                        len(doc.lines) - 1)
            return doc.slice(doc.lines[index])
        if 1 <= finding.line <= len(self._lines):
            return self._lines[finding.line - 1]
        return ""


def _relative(path: str, base: Path) -> str:
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:
        return Path(absolute).as_posix()


def keys(findings: Iterable[Finding], base: Path, options=None) -> Iterator[tuple[str, str, str]]:
    """(path, rule, line hash) for each finding, in the order given (a run's findings come
    sorted by path, so each file is read once). ``options`` are the reader's options (the
    configured .jsonl field names)."""
    lines = _Lines(options)
    for finding in findings:
        yield _relative(finding.path, base), finding.rule, text_hash(lines.text(finding))


@dataclass
class Filtered:
    findings: Any  # a FindingLog
    baselined: int
    stale: int


def write(findings: list[Finding], file: str, options=None) -> tuple[int, int]:
    """Record ``findings`` in ``file``; returns (entries, findings)."""
    base = Path(os.path.abspath(file)).parent
    counts = Counter(keys(findings, base, options))
    entries = [{"path": p, "rule": r, "hash": h, "count": n}
               for (p, r, h), n in sorted(counts.items())]
    payload = {"version": VERSION, "tool": "archive-lint",
               "comment": "Findings accepted when archive-lint was adopted. `archive-lint "
                          "check --baseline` reports only findings not listed here; rewrite "
                          "with `archive-lint baseline write` to drop fixed ones.",
               "entries": entries}
    from linter.fixer import write_atomic

    data = json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    write_atomic(file, data.encode("utf-8"))
    return len(entries), len(findings)


def load(file: str) -> Counter:
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline file {file} not found (create it with `archive-lint "
                            f"baseline write {file} PATH...`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"cannot read baseline file {file}: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or \
            not isinstance(data.get("entries"), list):
        raise BaselineError(f"{file} is not an archive-lint baseline (version {VERSION})")
    counts: Counter = Counter()
    for entry in data["entries"]:
        try:
            counts[(str(entry["path"]), str(entry["rule"]), str(entry["hash"]))] += \
                int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{file}: malformed entry {entry!r}") from None
    return counts


def apply(findings: Iterable[Finding], file: str, options=None) -> Filtered:
    """Drop the findings the baseline accounts for (the first ``count`` of each key, in
    file order); the rest are new (kept in a :class:`~linter.spill.FindingLog`)."""
    from linter.spill import FindingLog

    remaining = load(file)
    base = Path(os.path.abspath(file)).parent
    kept = FindingLog()
    baselined = 0
    findings = list(findings) if isinstance(findings, Iterator) else findings
    for finding, key in zip(findings, keys(findings, base, options), strict=True):
        if remaining.get(key, 0) > 0:
            remaining[key] -= 1
            baselined += 1
        else:
            kept.append(finding)
    return Filtered(kept, baselined, sum(remaining.values()))
