"""Text in the wrong form (rules of the Unicode hygiene family, run by
:func:`linter.checks.unicode.hygiene`): not in NFC (``not-normalized``), or UTF-8 read with a
legacy code page (``mojibake``).

Judgements about normalisation use ``unicodedata2`` (current Unicode data), not the standard
library's older tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import unicodedata2

from linter.checks.unicode_tables import (
    FAST_NFC_OK,
    MARKS_TO_ORDER,
    MOJIBAKE_HINT,
    MOJIBAKE_RUN,
    MOJIBAKE_RUN_BEFORE,
    NFC_CANDIDATE,
    NFC_EXTRA_CHARS,
    NFC_EXTRA_HINTS,
    NFC_QUICK_CHECK,
    NFC_SECOND_SET,
    NUKTA,
    NUKTA_INERT,
    UNASSIGNED,
    char_names,
    first_of,
    first_start,
)
from linter.findings import Edit, Fix, Issue

if TYPE_CHECKING:
    from linter.checks.unicode import _Scan


def _nfc_segment(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to boundaries NFC never crosses."""
    combining = unicodedata2.combining
    if combining(text[start]) or text[start] in NFC_SECOND_SET:
        while start > 0 and (combining(text[start - 1]) or text[start - 1] in NFC_SECOND_SET):
            start -= 1
        if start > 0:
            start -= 1  # the starter the marks belong to
    while end < len(text) and (combining(text[end]) or text[end] in NFC_SECOND_SET):
        end += 1
    return start, end


def _nfc_candidates(text: str) -> list[tuple[int, int]]:
    """Spans where NFC may differ from the text, in order of their start: NFC_CANDIDATE's, or
    (on text without the extras, most) those of its two fast halves. Two places found in one
    cluster (a starter and the marks after it) widen to the same segment, so the halves'
    matches may overlap."""
    if (first_of(text, NFC_EXTRA_CHARS) is not None
            or first_start(text, NFC_EXTRA_HINTS) is not None) and \
            (not FAST_NFC_OK or UNASSIGNED.search(text) is not None):
        return [match.span() for match in NFC_CANDIDATE.finditer(text)]
    spans = [match.span() for match in NFC_QUICK_CHECK.finditer(text)]
    marks = [match.span() for match in MARKS_TO_ORDER.finditer(text)]
    return sorted(spans + marks) if marks else spans


def _inert_nukta(text: str, offset: int) -> bool:
    """Whether the nukta at ``offset`` is a whole NFC segment that NFC keeps: after a letter it
    does not compose with, and before nothing that could join its segment."""
    if offset == 0 or text[offset - 1] not in NUKTA_INERT:
        return False
    following = text[offset + 1:offset + 2]
    return not following or (not unicodedata2.combining(following)
                             and following not in NFC_SECOND_SET)


def _common_affixes(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of two short strings."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def not_normalized(scan: _Scan) -> Iterator[Issue]:
    """Text that is not in Unicode NFC, reported per place.

    ``ا`` + U+0653 for ``آ``, ``و`` + U+0654 for ``ؤ``, marks out of canonical order, and the
    precomposed nukta letters U+0958-U+095F (NFC writes them as letter + ़; the decomposed
    spelling is the normal one). Equal words then compare unequal. The safe fix is NFC of the
    span.
    Bad: ``اب`` + U+0653 ``پ`` Good: ``آپ``
    """
    text = scan.text
    segments: list[list[int]] = []
    for start, end in _nfc_candidates(text):
        if end - start == 1 and text[start] == NUKTA and _inert_nukta(text, start):
            continue  # its segment is NFC and touches no other
        start, end = _nfc_segment(text, start, end)
        if segments and start < segments[-1][1]:
            segments[-1][1] = max(segments[-1][1], end)
        else:
            segments.append([start, end])
    normalize = unicodedata2.normalize
    for start, end in segments:
        raw = text[start:end]
        fixed = normalize("NFC", raw)
        if fixed == raw:
            continue
        prefix, suffix = _common_affixes(raw, fixed)
        a, b = start + prefix, end - suffix
        new = fixed[prefix:len(fixed) - suffix]
        shown = f"◌{new}" if new and unicodedata2.combining(new[0]) else new
        yield Issue(a, b, f"not in NFC: {char_names(text[a:b])} is written {shown} "
                    f"({' '.join(f'U+{ord(c):04X}' for c in new)}) in NFC",
                    rule="not-normalized",
                    fix=Fix.replace(a, b, new, description="normalise to NFC"))


def mojibake(scan: _Scan) -> Iterator[Issue]:
    """UTF-8 text decoded with a legacy code page (Windows-1252, Latin-1), per line.

    ``Ø§Ø±Ø¯Ùˆ`` is ``اردو`` and ``à¤¹à¤¿`` is ``हि`` read with the wrong code page. A cheap
    pattern finds candidate runs; ftfy confirms and repairs them. The (unsafe) fix is ftfy's
    repair, offered only when it is lossless.
    Bad: ``Ø§Ø±Ø¯Ùˆ`` Good: ``اردو``
    """
    text, doc = scan.text, scan.doc
    hints = [] if scan.rare is None else list(MOJIBAKE_HINT.finditer(text, scan.rare))
    if not hints:
        return
    import ftfy  # slow to import: only for documents that look garbled

    runs: dict[int, list[tuple[int, int]]] = {}
    last_end = -1
    for hint in hints:
        if hint.start() < last_end:
            continue
        line = doc.line_index(hint.start())
        line_start, line_end = doc.lines[line]
        start = MOJIBAKE_RUN_BEFORE.match(text, line_start, hint.start()).start()
        run = MOJIBAKE_RUN.match(text, start, line_end)
        last_end = run.end()
        runs.setdefault(line, []).append((start, last_end))
    for spans in runs.values():
        edits, lossless = [], True
        for start, end in spans:
            raw = text[start:end]
            result = ftfy.fix_encoding_and_explain(raw)
            if result.text == raw or not any(step[0] == "decode" for step in
                                             result.explanation or ()):
                continue
            if ("transcode", "replace_lossy_sequences") in result.explanation \
                    or result.text.count("\ufffd") > raw.count("\ufffd") \
                    or ftfy.fix_encoding(result.text) != result.text:
                lossless = False
            prefix, suffix = _common_affixes(raw, result.text)
            edits.append((start + prefix, end - suffix,
                           result.text[prefix:len(result.text) - suffix]))
        if not edits:
            continue
        start, end = edits[0][0], edits[-1][1]
        scan.garbled.append((start, end))
        repaired = " … ".join(e[2] for e in edits)
        if lossless:
            fix = Fix(tuple(Edit(a, b, r) for a, b, r in edits), False,
                      "re-decode as UTF-8 (ftfy)")
            message = f"mojibake: UTF-8 read as a legacy code page; it says «{repaired}»"
        else:
            fix = None
            message = (f"mojibake: UTF-8 read as a legacy code page; bytes were lost, so it "
                       f"cannot be repaired exactly (roughly «{repaired}»)")
        yield Issue(start, end, message, rule="mojibake", fix=fix)
    scan.garbled.sort()
