"""The Document: one article's raw text plus the structure every rule needs.

Offsets are indices into ``text`` (the decoded file, or the article assembled from a .jsonl
record). Line and column are derived on demand by bisecting a line-start table built once.
Paragraphs and sentences are spans over the raw text, so rules never copy or normalise it.
"""

from __future__ import annotations

import bisect
from functools import cached_property
from itertools import repeat
from typing import Any, NamedTuple, Protocol

from linter import patterns

# ``_new_tuple(Span, (start, end))`` builds a named tuple without the Python-level
# ``__new__`` call: for the spans made once per line of every document.
_new_tuple = tuple.__new__
LINE_BREAK = patterns.compile(r"\r\n|\r|\n")
# Sentence-ending marks: Urdu full stop and question mark, Latin marks, danda and double danda.
SENTENCE_END = patterns.compile(r"""[۔؟!?।॥.]+["'”’»)\]]*(?=\s|$)""")
# What SENTENCE_END matches.
SENTENCE_CHARACTERS = "۔؟!?।॥.\"'”’»)]"
MARKDOWN_HEADING = patterns.compile(r"#{1,6}[ \t]+")
ABBREVIATION = patterns.compile(
    r"\(?(?:(?:\p{Lu}\.)*\p{Lu}|Mr|Mrs|Ms|Dr|Prof|St|No|Jr|Sr|vs|etc|Inc|Ltd|Co)")


class Span(NamedTuple):
    start: int
    end: int


class Paragraph(NamedTuple):
    start: int
    end: int
    kind: str  # "title", "heading" or "paragraph"


class Locator(Protocol):
    """Maps an offset in the document text to a (line, column) in the source file."""

    def position(self, offset: int) -> tuple[int, int]: ...


class Document:
    """One article. ``format`` is ``txt``, ``md`` or ``jsonl``. Equal only to itself.

    A plain class, not a dataclass: see "Habits" in docs/contributing.md (start-up time)."""

    def __init__(self, path: str, text: str, format: str = "txt",
                 metadata: dict[str, Any] | None = None, lang: str | None = None,
                 lang_source: str = "", body_start: int = 0, has_title_line: bool = True,
                 record: str | None = None, locator: Locator | None = None,
                 decoded_cleanly: bool = True, decode_error_spans: tuple[Span, ...] = (),
                 paragraph_mode: str = "lines", cache: dict[str, Any] | None = None):
        self.path = path
        self.text = text
        self.format = format
        self.metadata = {} if metadata is None else metadata
        self.lang = lang
        self.lang_source = lang_source
        self.body_start = body_start
        self.has_title_line = has_title_line
        self.record = record
        self.locator = locator
        self.decoded_cleanly = decoded_cleanly
        self.decode_error_spans = decode_error_spans
        self.paragraph_mode = paragraph_mode
        self.cache = {} if cache is None else cache

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, record={self.record!r}, lang={self.lang!r})"

    @cached_property
    def line_starts(self) -> list[int]:
        text = self.text
        if "\r" in text:
            return [0, *(m.end() for m in LINE_BREAK.finditer(text))]
        starts = [0]  # LF only (most files): str.find is several times faster than a scan
        found = text.find("\n")
        while found >= 0:
            starts.append(found + 1)
            found = text.find("\n", found + 1)
        return starts

    @cached_property
    def lines(self) -> list[Span]:
        """Every line as a span without its terminator."""
        starts = self.line_starts
        text = self.text
        # A line ends where the next starts, less its terminator (\n, \r\n or \r).
        if "\r" in text:
            ends = [end - (2 if text[end - 2:end] == "\r\n" else 1) for end in starts[1:]]
        else:
            ends = [end - 1 for end in starts[1:]]
        ends.append(len(text))
        return list(map(_new_tuple, repeat(Span), zip(starts, ends)))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count Unicode code points."""
        if self.locator is not None:
            return self.locator.position(offset)
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def line_index(self, offset: int) -> int:
        """0-based index into ``lines`` of the line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def slice(self, span: tuple[int, int]) -> str:
        return self.text[span[0]:span[1]]

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Title, headings and paragraphs of the article body, trimmed of surrounding space.

        In ``lines`` mode every non-blank line is a paragraph (most scraped archives); in
        ``blocks`` mode runs of non-blank lines separated by blank lines are (hard-wrapped text).
        In .txt and .jsonl the first line is the title when ``has_title_line``.
        """
        if self.format != "md" and self.paragraph_mode == "lines":
            return self._line_paragraphs()
        text = self.text
        result: list[Paragraph] = []
        block: list[Span] = []

        def flush() -> None:
            if block:
                result.append(Paragraph(block[0].start, block[-1].end, "paragraph"))
                block.clear()

        first_body_line = True
        for span in self._body_lines():
            trimmed = _trim(text, span)
            if trimmed is None:
                flush()
                if first_body_line and self.has_title_line and self.format != "md":
                    first_body_line = False
                continue
            if first_body_line and self.has_title_line and self.format != "md":
                result.append(Paragraph(trimmed.start, trimmed.end, "title"))
                first_body_line = False
                continue
            first_body_line = False
            if self.format == "md":
                heading = MARKDOWN_HEADING.match(text, trimmed.start, trimmed.end)
                if heading:
                    flush()
                    if heading.end() < trimmed.end:
                        result.append(Paragraph(heading.end(), trimmed.end, "heading"))
                    continue
            if self.paragraph_mode == "blocks":
                block.append(trimmed)
            else:
                result.append(Paragraph(trimmed.start, trimmed.end, "paragraph"))
        flush()
        return result

    def _line_paragraphs(self) -> list[Paragraph]:
        """``paragraphs`` in ``lines`` mode outside Markdown: each non-blank body line, trimmed
        (the first is the title when it is the body's first line and ``has_title_line``)."""
        text = self.text
        lines = self._body_lines()
        found: list[Paragraph] = []
        append = found.append
        for start, end in lines:  # _trim, inlined: this runs once per line of every document
            kept = text[start:end].lstrip(BLANK)
            if kept:
                first = end - len(kept)
                append(_new_tuple(Paragraph, (first, first + len(kept.rstrip(BLANK)),
                                              "paragraph")))
        if found and self.has_title_line and found[0].start < lines[0].end:
            found[0] = Paragraph(found[0].start, found[0].end, "title")
        return found

    def _body_lines(self) -> list[Span]:
        """``lines`` from the first that starts at or after ``body_start``."""
        if not self.body_start:
            return self.lines
        return self.lines[bisect.bisect_left(self.line_starts, self.body_start):]

    def sentences(self, paragraph: tuple[int, int]) -> list[Span]:
        """Sentences of one paragraph: split after ``۔ ؟ ! ? . । ॥`` followed by space.

        A ``.`` inside a number, domain or version is not followed by space and never splits;
        a ``.`` after a single capital or a common abbreviation (``U.S.``, ``Dr.``) does not split.
        """
        start, end = paragraph[0], paragraph[1]
        text = self.text
        spans: list[Span] = []
        sentence_start = start
        for match in SENTENCE_END.finditer(text, start, end):
            marks = match.group()
            if marks[0] == "." and marks.rstrip("\"'”’»)]") == ".":
                window = text[max(start, match.start() - 12):match.start()].split()
                if window and ABBREVIATION.fullmatch(window[-1]):
                    continue
            # The marks are not blank: the sentence ends with them, and only its start needs
            # trimming (usually of the one space after the previous sentence).
            first = sentence_start
            while text[first] in BLANK:
                first += 1
            spans.append(Span(first, match.end()))
            sentence_start = match.end()
        trimmed = _trim(text, Span(sentence_start, end))
        if trimmed is not None:
            spans.append(trimmed)
        return spans

    def sentences_of(self, paragraphs: list[Paragraph]) -> list[list[Span]]:
        """``[self.sentences(p) for p in paragraphs]`` with one scan of the text for all of
        them (``paragraphs`` in text order, apart, as :attr:`paragraphs` are).

        A paragraph takes the scan's matches inside it when no match can cross its start (the
        character before it is no sentence mark); otherwise, or when the paragraphs are out
        of order, it is split alone. At its end nothing can differ: a run of marks that ends
        it but fails the scan's lookahead there (say before a zero-width space) ends the
        last sentence all the same, as the rest of the paragraph.
        """
        text = self.text
        if not paragraphs:
            return []
        matches = [match.span() for match in SENTENCE_END.finditer(
            text, paragraphs[0][0], max(paragraph[1] for paragraph in paragraphs))]
        matches.append((len(text) + 1, len(text) + 1))  # a sentinel past every paragraph
        result = []
        number = 0  # the next match
        previous_end = paragraphs[0][0]
        for paragraph in paragraphs:
            start, end = paragraph[0], paragraph[1]
            if start < previous_end or (start and text[start - 1] in SENTENCE_CHARACTERS):
                result.append(self.sentences(paragraph))
                previous_end = max(previous_end, end)
                continue
            previous_end = end
            while matches[number][0] < start:
                number += 1
            spans: list[Span] = []
            sentence_start = start
            while matches[number][1] <= end:
                found, mark_end = matches[number]
                number += 1
                if text[found] == "." and text[found:mark_end].rstrip("\"'”’»)]") == ".":
                    window = text[max(start, found - 12):found].split()
                    if window and ABBREVIATION.fullmatch(window[-1]):
                        continue
                first = sentence_start
                while text[first] in BLANK:
                    first += 1
                spans.append(_new_tuple(Span, (first, mark_end)))
                sentence_start = mark_end
            if sentence_start < end:
                trimmed = _trim(text, Span(sentence_start, end))
                if trimmed is not None:
                    spans.append(trimmed)
            result.append(spans)
        return result

    @cached_property
    def all_sentences(self) -> list[Span]:
        return [s for p in self.paragraphs if p.kind == "paragraph" for s in self.sentences(p)]

    @property
    def title(self) -> str | None:
        for paragraph in self.paragraphs:
            if paragraph.kind == "title":
                return self.slice(paragraph)
        return self.metadata.get("title")


# What ``str.isspace()`` holds true (Unicode White_Space), and the zero-width space and BOM.
BLANK = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
         "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff")


def _trim(text: str, span: Span) -> Span | None:
    """``span`` without leading and trailing white space, or None if nothing is left."""
    kept = text[span[0]:span[1]].lstrip(BLANK)
    if not kept:
        return None
    first = span[1] - len(kept)
    return _new_tuple(Span, (first, first + len(kept.rstrip(BLANK))))
