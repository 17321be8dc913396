"""``.parquet`` shards: one article per row, read with pyarrow (``pip install archive-lint[dask]``).

Columns are named by the same ``jsonl:`` table of the config as .jsonl fields (``text``,
``title``, ``id``, ``lang``, ``author`` ...); every other column becomes metadata, as the other
fields of a .jsonl record do. A row becomes a Document of format ``jsonl`` (a record), so the
record rules, ``archive-lint-disable`` record suppressions and format filters behave as for
.jsonl.

Positions: ``line`` is the row number within the shard (1-based), ``column`` the code point
within the field (the title column for the title, the text column for the body; 1-based), and
``record`` the id column (``row N`` when the id is missing). Parquet shards are never fixed.

pyarrow is imported only when a .parquet path is read.
"""

from __future__ import annotations

import datetime
from typing import Any

from linter.document import Document
from linter.readers import FileIssue, ReadOptions, ReadResult, normalise_lang

MISSING_PYARROW = ("reading .parquet shards needs pyarrow: pip install 'archive-lint[dask]' "
                   "(or pip install pyarrow)")


class ParquetLocator:
    """Offsets of a row's article (title, newline, text) to (row number, column in field)."""

    def __init__(self, line_number: int, body_start: int):
        self.line_number, self.body_start = line_number, body_start

    def position(self, offset: int) -> tuple[int, int]:
        if offset >= self.body_start:
            return self.line_number, offset - self.body_start + 1
        return self.line_number, offset + 1


def _pyarrow():
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return pq


def _open(source):
    """A ``pyarrow.parquet.ParquetFile`` over a path or the file's bytes."""
    import pyarrow as pa

    pq = _pyarrow()
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = pa.BufferReader(source)
    return pq.ParquetFile(source)


def count_rows(path: str) -> int | None:
    """Rows in the shard from its footer (no data read); None when it cannot be read."""
    if _pyarrow() is None:
        return None
    try:
        return _open(path).metadata.num_rows
    except Exception:
        return None


def _plain(value: Any) -> Any:
    """Parquet values as the JSON-like values a .jsonl record would hold."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def read_parquet(source, path: str, options: ReadOptions | None = None, start: int = 0,
                 stop: int | None = None) -> ReadResult:
    """Rows ``start``..``stop`` (0-based, end exclusive) of one shard as documents.

    ``source`` is the path or the file's bytes. Problems of the whole shard (unreadable, no
    text column) are reported only by the slice that starts at row 0.
    """
    result = ReadResult()
    options = options or ReadOptions()
    if _pyarrow() is None:
        if start == 0:
            result.issues.append(FileIssue("invalid-record", MISSING_PYARROW))
        return result
    names = options.jsonl_fields
    try:
        shard = _open(source)
        total = shard.metadata.num_rows
        stop = total if stop is None else min(stop, total)
        columns = shard.schema_arrow.names
        if names["text"] not in columns:
            if start == 0:
                result.issues.append(FileIssue(
                    "invalid-record", f"Parquet shard has no column {names['text']!r} (set "
                    f"jsonl.text in the config to the column holding the article); columns: "
                    f"{', '.join(columns)}"))
            return result
        rows = _rows(shard, start, stop)
    except Exception as exc:
        if start == 0:
            result.issues.append(FileIssue("invalid-record", f"not a readable Parquet file: "
                                           f"{type(exc).__name__}: {exc}"))
        return result
    for number, row in enumerate(rows, start + 1):
        record_id = row.get(names["id"])
        record_id = str(record_id) if record_id is not None else f"row {number}"
        body = row.get(names["text"])
        if not isinstance(body, str):
            result.issues.append(FileIssue(
                "invalid-record", f"row has no string value in column {names['text']!r}",
                number, 1, record=record_id))
            continue
        title = row.get(names["title"]) if names["title"] in row else None
        has_title = isinstance(title, str)
        article = (title + "\n" if has_title else "") + body
        metadata = {key: _plain(value) for key, value in row.items() if key != names["text"]}
        for canonical, actual in names.items():
            if actual in row and canonical != "text":
                metadata[canonical] = _plain(row[actual])
        doc = Document(path=path, text=article, format="jsonl", metadata=metadata,
                       has_title_line=has_title, record=record_id,
                       locator=ParquetLocator(number, len(title) + 1 if has_title else 0),
                       paragraph_mode=options.paragraphs)
        lang = normalise_lang(metadata.get("lang"))
        if lang:
            doc.lang, doc.lang_source = lang, "metadata"
        result.documents.append(doc)
    return result


def _rows(shard, start: int, stop: int) -> list[dict]:
    """Rows ``start``..``stop`` as dicts, reading only the row groups that hold them."""
    if start >= stop:
        return []
    meta = shard.metadata
    groups, first_row, offset = [], None, 0
    for group in range(meta.num_row_groups):
        count = meta.row_group(group).num_rows
        if offset + count > start and offset < stop:
            if first_row is None:
                first_row = offset
            groups.append(group)
        offset += count
    if not groups:
        return []
    table = shard.read_row_groups(groups)
    return table.slice(start - first_row, stop - start).to_pylist()
