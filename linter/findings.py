"""The values that flow from rules to reporters: severities, edits, fixes, issues, findings.

Rules yield :class:`Issue` objects in character offsets of one document. The engine turns them
into :class:`Finding` objects stamped with path, line, column, rule name, code and severity.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = ("info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a document with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """One or more edits that together repair one issue."""

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""

    @classmethod
    def replace(cls, start: int, end: int, replacement: str, *, safe: bool = True,
                description: str = "") -> Fix:
        return cls((Edit(start, end, replacement),), safe, description)


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check reports: a span of the document text and a message.

    ``rule`` names the rule when one check serves several rules; a check that serves one rule
    may leave it empty and the engine fills it in.
    """

    start: int
    end: int
    message: str
    rule: str = ""
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


class FixEdit(NamedTuple):
    """An edit located in the file, as reporters show it."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str
    start: int = 0
    end: int = 0


class FindingFix(NamedTuple):
    safe: bool
    description: str
    edits: tuple[FixEdit, ...]


class Finding(NamedTuple):
    """A located, stamped issue: the unit every reporter consumes.

    ``line``/``column`` are 1-based, columns in Unicode code points; ``end_column`` is the column
    just past the last character (a zero-width finding has ``end == start``). ``start``/``end``
    are character offsets in the decoded document text (for .jsonl, of the record's article).

    Findings are named tuples, not dataclasses: a run over an archive makes millions of them
    and sends them between processes and to disk, and tuples are built and pickled in C
    (a frozen dataclass takes about ten times as long each way).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    severity: Severity
    message: str
    excerpt: str = ""
    fix: FindingFix | None = None
    record: str | None = None
    start: int = 0
    end: int = 0

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.rule, self.end_line,
                self.end_column, self.message)
