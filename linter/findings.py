"""The values that flow from rules to reporters: severities, edits, fixes, issues, findings.

Rules yield :class:`Issue` objects in character offsets of one document. The engine turns them
into :class:`Finding` objects stamped with path, line, column, rule name, code and severity.
"""

from __future__ import annotations

from enum import IntEnum
from itertools import chain, repeat
from operator import itemgetter
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


# Edit, Fix and Issue are named tuples, like Finding: checks make one or more per finding, and
# a frozen dataclass takes two to three times as long to build.
class Edit(NamedTuple):
    """Replace ``text[start:end]`` of a document with ``replacement``."""

    start: int
    end: int
    replacement: str


class Fix(NamedTuple):
    """One or more edits that together repair one issue."""

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""

    @classmethod
    def replace(cls, start: int, end: int, replacement: str, *, safe: bool = True,
                description: str = "") -> Fix:
        return cls((Edit(start, end, replacement),), safe, description)


class Issue(NamedTuple):
    """What a check reports: a span of the document text and a message.

    ``rule`` names the rule when one check serves several rules; a check that serves one rule
    may leave it empty and the engine fills it in.
    """

    start: int
    end: int
    message: str
    rule: str = ""
    fix: Fix | None = None


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
        """Report order: path, line, column, code, rule, end line, end column, message."""
        return finding_sort_key(self)


SORT_FIELDS = ("path", "line", "column", "code", "rule", "end_line", "end_column", "message")
# Finding.sort_key as one C call, for ``sorted`` and ``heapq.merge`` over many findings.
finding_sort_key = itemgetter(*(Finding._fields.index(name) for name in SORT_FIELDS))


# Findings by columns (one tuple per field; the fixes' and their edits' fields likewise), for
# pickling many at once (the spill log, results sent back by worker processes): pickle then
# calls no Python code per finding, which makes writing about 3x and reading 1.3x faster.

def to_columns(findings: list[Finding]) -> tuple:
    """``findings`` as columns, for :func:`from_columns`."""
    columns = list(zip(*findings)) or [()] * len(Finding._fields)
    fixes = columns[_FIX_COLUMN]
    present = [fix for fix in fixes if fix is not None]
    edits = [edit for fix in present for edit in fix.edits]
    columns[_FIX_COLUMN] = [fix is not None for fix in fixes]
    return (columns, [fix.safe for fix in present], [fix.description for fix in present],
            [len(fix.edits) for fix in present], list(zip(*edits)))


def from_columns(data: tuple) -> list[Finding]:
    """The findings :func:`to_columns` made columns of."""
    columns, safe, descriptions, counts, edit_columns = data
    edits = list(map(tuple.__new__, repeat(FixEdit), zip(*edit_columns)))
    located, start = [], 0
    for count in counts:
        located.append(tuple(edits[start:start + count]))
        start += count
    fixes = map(tuple.__new__, repeat(FindingFix), zip(safe, descriptions, located))
    columns[_FIX_COLUMN] = [next(fixes) if has_fix else None
                            for has_fix in columns[_FIX_COLUMN]]
    return list(map(tuple.__new__, repeat(Finding), zip(*columns)))


def joined_columns(blocks: list[tuple]) -> tuple:
    """The columns of :func:`to_columns` for the findings of ``blocks`` (each from
    :func:`to_columns`) one after another: one rebuild with :func:`from_columns` then costs a
    third of one per block."""
    if len(blocks) == 1:
        return blocks[0]
    joined = list(map(list, map(chain.from_iterable, zip(*[block[0] for block in blocks]))))
    lists = [list(chain.from_iterable(map(itemgetter(part), blocks))) for part in (1, 2, 3)]
    edited = [block[4] for block in blocks if block[4]]
    edits = list(map(list, map(chain.from_iterable, zip(*edited))))
    return (joined, *lists, edits)


def column_count(data: tuple) -> int:
    """How many findings :func:`to_columns` made ``data`` of."""
    return len(data[0][0])


def finding_column(data: tuple, name: str):
    """One field of every finding in ``data`` (from :func:`to_columns`), e.g. ``"rule"``."""
    return data[0][Finding._fields.index(name)]


def safe_fix_flags(data: tuple) -> list[bool]:
    """For each finding of ``data`` (from :func:`to_columns`) with a fix: whether it is safe."""
    return data[1]


_FIX_COLUMN = Finding._fields.index("fix")
