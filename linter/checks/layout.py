"""Layout rules: white space and blank lines that scrapes leave behind."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Fix, Issue

# Horizontal white space: tab, space, no-break space, U+2000-U+200A, U+202F, U+205F, U+3000.
SPACES = "\t \u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
SPACES_BEFORE = patterns.compile(rf"(?r)[{SPACES}]+")
SPACE_NAMES = {"\t": "tab", " ": "space", "\u00a0": "no-break space"}


def trailing_whitespace(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Spaces, tabs or no-break spaces at the end of a line.

    Invisible, they break diffs and duplicate detection. Bad: ``خبر ہے۔␠␠`` Good: ``خبر ہے۔``
    """
    text, body_start = doc.text, doc.body_start
    # A line's end is followed by its line break or the end of the text.
    ends = [end for _, end in doc.lines if end > body_start and text[end - 1] in SPACES]
    for end in ends:
        start = max(SPACES_BEFORE.match(text, 0, end).start(), body_start)
        yield Issue(start, end, _trailing_message(text[start:end]),
                    fix=Fix.replace(start, end, "", description="remove the trailing white space"))


@lru_cache(maxsize=256)
def _trailing_message(run: str) -> str:
    """The message for one run of trailing white space (most runs are one or two spaces)."""
    kinds = sorted({SPACE_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in run})
    return f"trailing white space at the end of the line ({', '.join(kinds)})"


def _blank(text: str, lines) -> list[bool]:
    """Whether each line is blank (empty or white space only)."""
    return [start == end or (text[start].isspace() and not text[start:end].strip())
            for start, end in lines]


def blank_lines(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Blank lines at the start or end of an article, or more than one in a row.

    One blank line separates paragraphs; more is layout debris from scraping. In .txt files
    an empty line 1 is an empty title, not a blank line.
    Bad: ``پہلا پیراگراف\\n\\n\\n\\nدوسرا`` Good: ``پہلا پیراگراف\\n\\nدوسرا``
    """
    lines = doc.lines
    text = doc.text
    # The last "line" after a final newline is empty by construction, not a blank line.
    last = len(lines) - 1 if text.endswith(("\n", "\r")) else len(lines)
    body_first = doc.line_index(doc.body_start) if doc.body_start else 0
    first = body_first
    if doc.format == "txt" and doc.has_title_line and first == 0:
        first = 1  # line 1 is the title slot; an empty title is allowed
    blank = _blank(text, lines)
    index = first
    while index < last:
        if not blank[index]:
            index += 1
            continue
        run_end = index
        while run_end < last and blank[run_end]:
            run_end += 1
        count = run_end - index
        at_start = all(blank[body_first:index])
        at_end = run_end == last
        if at_start or at_end:
            where = "start" if at_start else "end"
            extra_from = index
            message = (f"{count} blank line{'s' if count > 1 else ''} at the {where} of the "
                       f"article")
        elif count > 1:
            extra_from = index + 1
            message = f"{count} blank lines in a row; one blank line separates paragraphs"
        else:
            index = run_end
            continue
        start = doc.line_starts[extra_from]
        end = len(text) if at_end else doc.line_starts[run_end]
        yield Issue(start, end, message,
                    fix=Fix.replace(start, end, "", description="remove the extra blank lines"))
        index = run_end


def final_newline(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A non-empty file whose last line has no line break.

    Tools that concatenate or diff files expect a final newline. Bad: ``خبر ہے۔`` at end of
    file. Good: ``خبر ہے۔`` followed by a line break.
    """
    text = doc.text
    if not text.endswith(("\n", "\r")) and text.strip():
        newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
        end = len(text)
        yield Issue(end, end, "no line break at the end of the file",
                    fix=Fix.replace(end, end, newline, description="add a final line break"))


def empty_article(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A file or record with no article text (empty, or a title with no body).

    An empty article is a failed scrape or extraction. Bad: a 0-byte file. Good: a title line
    followed by the article's paragraphs.
    """
    body = [p for p in doc.paragraphs if p.kind != "title"]
    if body:
        return
    title = next((p for p in doc.paragraphs if p.kind == "title"), None)
    if title is None or not doc.text[doc.body_start:].strip():  # nothing, or only a BOM/ZWSP
        yield Issue(0, 0, "empty file: no article text" if doc.format != "jsonl"
                    else "empty record: the text field holds no article text")
    else:
        yield Issue(title.start, title.end, "the article has a title but no body text")
