"""Bytes to Documents: ``.txt``, ``.md`` with YAML front matter, and ``.jsonl`` records.

Decoding problems never raise: invalid UTF-8, UTF-16, binary (NUL) content and unparsable
records or front matter become located issues of the file (``invalid-encoding``,
``invalid-record``, ``front-matter``). Text that failed to decode is still linted (with U+FFFD
in place of each bad sequence) but marked so that ``fix`` never writes it back.
"""

from __future__ import annotations

import json
from json.decoder import scanstring
from typing import Any, NamedTuple

import regex

from linter import patterns
from linter.document import LINE_BREAK, Document, Span

FRONT_MATTER = patterns.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
    regex.DOTALL | regex.MULTILINE)
JSON_STRING_CHAR = patterns.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|.",
    regex.DOTALL)
LANGUAGE_NAMES = {"urdu": "ur", "hindi": "hi", "urd": "ur", "hin": "hi"}
MAX_REPORTED_DECODE_ERRORS = 10
JSONL_FIELDS = ("text", "title", "id", "author", "byline", "source", "publication", "url",
                "lang", "date")  # the fields a .jsonl record may have, by default so named
# JSON escapes (and YAML ones) can spell lone UTF-16 surrogates, which are not characters.
LONE_SURROGATE = patterns.compile(r"[\ud800-\udfff]")


# Not dataclasses: see "Habits" in docs/contributing.md (start-up time).
class FileIssue(NamedTuple):
    """A problem of the file itself, already located (it may have no Document)."""

    rule: str
    message: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    excerpt: str = ""
    record: str | None = None


class ReadResult:
    """The documents read from one file, and the problems of the file itself."""

    __slots__ = ("documents", "issues")

    def __init__(self, documents: list[Document] | None = None,
                 issues: list[FileIssue] | None = None):
        self.documents = [] if documents is None else documents
        self.issues = [] if issues is None else issues


class ReadOptions:
    """How to read files: the JSON Lines field names, and what a paragraph is."""

    __slots__ = ("jsonl_fields", "paragraphs")

    def __init__(self, jsonl_fields: dict[str, str] | None = None, paragraphs: str = "lines"):
        self.jsonl_fields = {k: k for k in JSONL_FIELDS} if jsonl_fields is None else jsonl_fields
        self.paragraphs = paragraphs


DEFAULT_READ_OPTIONS = ReadOptions()


def format_of(path: str) -> str:
    lower = path.lower()
    if lower.endswith((".md", ".markdown")):
        return "md"
    if lower.endswith((".jsonl", ".parquet")):  # .parquet: rows are records (linter.parquet)
        return "jsonl"
    return "txt"


def normalise_lang(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    code = regex.split(r"[-_]", value.strip().lower())[0]
    return LANGUAGE_NAMES.get(code, code)


def read_bytes(data: bytes, path: str, options: ReadOptions = DEFAULT_READ_OPTIONS) -> ReadResult:
    """Turn one file's bytes into documents and file issues."""
    if path.lower().endswith(".parquet"):
        from linter.parquet import read_parquet

        return read_parquet(data, path, options)
    result = ReadResult()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.issues.append(FileIssue("invalid-encoding", "file is UTF-16 encoded (it starts "
                                       "with a UTF-16 byte-order mark); archive-lint reads "
                                       "UTF-8: convert it (e.g. iconv -f UTF-16 -t UTF-8)"))
        return result
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = len(data[data.rfind(b"\n", 0, nul) + 1:nul].decode("utf-8", "replace")) + 1
        result.issues.append(FileIssue("invalid-encoding", "binary file: NUL byte at this "
                                       "position; not linted", line, column))
        return result
    text, bad = decode_utf8(data)
    for index, (offset, raw) in enumerate(bad[:MAX_REPORTED_DECODE_ERRORS]):
        more = len(bad) - MAX_REPORTED_DECODE_ERRORS
        suffix = f" ({more} more invalid sequences in this file)" if (
            index == MAX_REPORTED_DECODE_ERRORS - 1 and more > 0) else ""
        line, column = _text_position(text, offset)
        result.issues.append(FileIssue(
            "invalid-encoding", f"invalid UTF-8 byte sequence {raw.hex(' ')}; shown as U+FFFD "
            f"and the file will not be fixed{suffix}", line, column, line, column + 1))
    spans = tuple(Span(offset, offset + 1) for offset, _raw in bad)
    fmt = format_of(path)
    if fmt == "jsonl":
        _read_jsonl(text, path, options, result)
    else:
        doc = Document(path=path, text=text, format=fmt, paragraph_mode=options.paragraphs)
        if fmt == "md":
            _read_front_matter(doc, result)
        result.documents.append(doc)
    for doc in result.documents:
        doc.decoded_cleanly = doc.decoded_cleanly and not bad
        if doc.format != "jsonl":
            doc.decode_error_spans = spans
    return result


def decode_utf8(data: bytes) -> tuple[str, list[tuple[int, bytes]]]:
    """Decode UTF-8, replacing each invalid sequence with U+FFFD; return where they were."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    bad: list[tuple[int, bytes]] = []
    position = length = 0
    while position < len(data):
        try:
            chunk = data[position:].decode("utf-8")
            parts.append(chunk)
            break
        except UnicodeDecodeError as exc:
            good = data[position:position + exc.start].decode("utf-8")
            parts.append(good)
            length += len(good)
            bad.append((length, data[position + exc.start:position + exc.end]))
            parts.append("\ufffd")
            length += 1
            position += exc.end
            if len(bad) > 1000:  # hopeless (a legacy code page): replace the rest wholesale
                rest = data[position:].decode("utf-8", "replace")
                parts.append(rest)
                break
    return "".join(parts), bad


def _text_position(text: str, offset: int) -> tuple[int, int]:
    starts = [0, *(m.end() for m in LINE_BREAK.finditer(text, 0, offset))]
    return len(starts), offset - starts[-1] + 1


def _no_surrogates(value: Any) -> Any:
    """A string with lone surrogates as U+FFFD (other values as they are: never walked, since
    YAML aliases can make a small document an enormous tree)."""
    return LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _read_front_matter(doc: Document, result: ReadResult) -> None:
    match = FRONT_MATTER.match(doc.text)
    if not match:
        return
    doc.body_start = match.end()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="safe").load(match.group(1))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = (mark.line + 2) if mark else 1
        column = (mark.column + 1) if mark else 1
        result.issues.append(FileIssue("front-matter", _no_surrogates(
            f"front matter is not valid YAML: {exc.problem}"), line, column))
        return
    except (YAMLError, RecursionError, ValueError) as exc:
        result.issues.append(FileIssue("front-matter", _no_surrogates(
            f"front matter is not valid YAML: {exc}")))
        return
    if data is None:
        return
    if not isinstance(data, dict):
        result.issues.append(FileIssue("front-matter", "front matter must be a mapping of "
                                       "fields (title, author, source, url, date, lang)", 2, 1))
        return
    doc.metadata = {_no_surrogates(str(k)): _no_surrogates(v) for k, v in data.items()}
    lang = normalise_lang(doc.metadata.get("lang"))
    if lang:
        doc.lang, doc.lang_source = lang, "metadata"


class JsonlLocator:
    """Maps offsets in a record's article text to columns of the raw line in the .jsonl file.

    The article is the title field, a newline, then the text field; each part maps through
    the JSON string escapes of its raw value, so columns point at the exact source character.
    """

    def __init__(self, line_number: int, raw_line: str, parts: list[tuple[int, int, int]]):
        # parts: (document offset where the part starts, raw start of the string's content,
        #         raw end of the string's content)
        self.line_number, self.raw_line, self.parts = line_number, raw_line, parts
        self._maps: dict[int, list[int]] = {}

    def _raw_offsets(self, index: int) -> list[int]:
        if index not in self._maps:
            _doc_start, raw_start, raw_end = self.parts[index]
            self._maps[index] = [m.start() for m in
                                 JSON_STRING_CHAR.finditer(self.raw_line, raw_start, raw_end)]
            self._maps[index].append(raw_end)
        return self._maps[index]

    def position(self, offset: int) -> tuple[int, int]:
        for index in range(len(self.parts) - 1, -1, -1):
            doc_start = self.parts[index][0]
            if offset >= doc_start:
                raw = self._raw_offsets(index)
                return self.line_number, raw[min(offset - doc_start, len(raw) - 1)] + 1
        return self.line_number, 1


def _top_level_fields(line: str) -> dict[str, tuple[Any, int, int]]:
    """Parse one JSON object, keeping each top-level value's raw span in ``line``."""
    decoder = json.JSONDecoder()
    ws = patterns.compile(r"[ \t\r\n]*")
    pos = ws.match(line).end()
    if not line.startswith("{", pos):
        raise ValueError("a record must be a JSON object")
    pos = ws.match(line, pos + 1).end()
    fields: dict[str, tuple[Any, int, int]] = {}
    if line.startswith("}", pos):
        return fields
    while True:
        if not line.startswith('"', pos):
            raise ValueError(f"expected a quoted key at column {pos + 1}")
        key, pos = scanstring(line, pos + 1)
        pos = ws.match(line, pos).end()
        if not line.startswith(":", pos):
            raise ValueError(f"expected ':' at column {pos + 1}")
        pos = ws.match(line, pos + 1).end()
        value, end = decoder.raw_decode(line, pos)
        fields[key] = (value, pos, end)
        pos = ws.match(line, end).end()
        if line.startswith(",", pos):
            pos = ws.match(line, pos + 1).end()
            continue
        if line.startswith("}", pos) and not line[pos + 1:].strip():
            return fields
        raise ValueError(f"expected ',' or '}}' at column {pos + 1}")


def _read_jsonl(text: str, path: str, options: ReadOptions, result: ReadResult) -> None:
    names = options.jsonl_fields
    for number, raw_line in enumerate(text.split("\n"), 1):
        if not raw_line.strip():
            continue
        try:
            fields = _top_level_fields(raw_line)
        except (ValueError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            column = exc.colno if isinstance(exc, json.JSONDecodeError) else 1
            result.issues.append(FileIssue("invalid-record", f"line is not a valid JSON "
                                           f"record: {message}", number, column))
            continue
        record_id = fields.get(names["id"], (None,))[0]
        record_id = _no_surrogates(str(record_id)) if record_id is not None else f"line {number}"
        body = fields.get(names["text"])
        if body is None or not isinstance(body[0], str):
            result.issues.append(FileIssue(
                "invalid-record", f"record has no string field {names['text']!r} (set "
                f"jsonl.text in the config to the field holding the article)", number, 1,
                record=record_id))
            continue
        parts: list[tuple[int, int, int]] = []
        article = ""
        title = fields.get(names["title"])
        has_title = title is not None and isinstance(title[0], str)
        if has_title:
            parts.append((0, title[1] + 1, title[2] - 1))
            article = title[0] + "\n"
        parts.append((len(article), body[1] + 1, body[2] - 1))
        article += body[0]
        metadata = {key: value[0] for key, value in fields.items() if key != names["text"]}
        for canonical, actual in names.items():
            if actual in fields and canonical not in ("text",):
                metadata[canonical] = fields[actual][0]
        metadata = {_no_surrogates(k): _no_surrogates(v) for k, v in metadata.items()}
        surrogate = LONE_SURROGATE.search(article)
        if surrogate:  # one U+FFFD each (offsets still map to the raw escapes); never fixed
            result.issues.append(FileIssue(
                "invalid-encoding", f"record holds a lone UTF-16 surrogate escape "
                f"(\\u{ord(surrogate.group()):04x}), not a character; shown as U+FFFD and the "
                f"file will not be fixed", number, 1, record=record_id))
            article = LONE_SURROGATE.sub("\ufffd", article)
        doc = Document(path=path, text=article, format="jsonl", metadata=metadata,
                       has_title_line=has_title, record=record_id,
                       locator=JsonlLocator(number, raw_line, parts),
                       paragraph_mode=options.paragraphs)
        lang = normalise_lang(metadata.get("lang"))
        if lang:
            doc.lang, doc.lang_source = lang, "metadata"
        doc.decoded_cleanly = surrogate is None
        result.documents.append(doc)
