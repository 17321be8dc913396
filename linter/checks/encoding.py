"""Encoding rules: byte-order marks and line endings (decoding errors come from the reader)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Edit, Fix, Issue

LINE_BREAK = patterns.compile(r"\r\n|\r|\n")
BREAK_NAMES = {"\r\n": "CRLF", "\r": "CR", "\n": "LF"}
STYLES = {"lf": "\n", "crlf": "\r\n"}


def from_reader(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Rules whose issues the reader reports while decoding (invalid-encoding, invalid-record,
    front-matter) and the engine's internal-error: nothing to check on the decoded text."""
    return iter(())


def bom(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A UTF-8 byte-order mark at the start of the file.

    UTF-8 needs no BOM; it breaks front matter, shebangs and naive concatenation.
    Bad: ``\\ufeffعنوان`` Good: ``عنوان``
    """
    if doc.text.startswith("\ufeff"):
        yield Issue(0, 1, "UTF-8 byte-order mark at the start of the file",
                    fix=Fix.replace(0, 1, "", description="remove the byte-order mark"))


def line_endings(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Line breaks other than the configured style (LF by default), or a mix of styles.

    Mixed or CR-only line endings make one article look like one line to some tools and
    two to others. Reported once per file; the fix rewrites every line break.
    Bad: ``پہلا\\r\\nدوسرا`` Good: ``پہلا\\nدوسرا``
    """
    wanted = STYLES[ctx.options().get("style", "lf")]
    if wanted == "\n" and "\r" not in doc.text:
        return  # LF only (most files)
    breaks = list(LINE_BREAK.finditer(doc.text))
    counts = Counter(m.group() for m in breaks)
    wrong = [m for m in breaks if m.group() != wanted]
    if not wrong:
        return
    first = wrong[0]
    if len(counts) > 1:
        mix = ", ".join(f"{n} {BREAK_NAMES[k]}" for k, n in sorted(counts.items()))
        message = f"mixed line endings ({mix}); expected {BREAK_NAMES[wanted]} throughout"
    else:
        message = (f"{BREAK_NAMES[first.group()]} line endings ({len(wrong)} lines); "
                   f"expected {BREAK_NAMES[wanted]}")
    edits = tuple(Edit(m.start(), m.end(), wanted) for m in wrong)
    yield Issue(first.start(), first.end(), message,
                fix=Fix(edits, True, f"convert line breaks to {BREAK_NAMES[wanted]}"))
