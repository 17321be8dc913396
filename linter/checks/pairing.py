"""Quotes and brackets that pair up within a paragraph (rules of the punctuation family).

Paragraphs hard-wrapped mid-sentence are joined first, quotes and brackets are found with one
scan of a fixed character set (the standard ``re``, several times faster than ``regex`` for it)
and paired only in the paragraphs that hold one; the token patterns are tried only at those
characters, not over the whole paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

import regex

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Issue

SENTENCE_FINAL_MARKS = "۔؟!?।॥.:"
CLOSING = ")]}\"'”’»"
UNITS_KEY = "punctuation.units"


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with a sentence mark (closing brackets and quotes may
    follow it; a final line break is ignored)."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    while end > start and text[end - 1] in CLOSING:
        end -= 1
    return end > start and text[end - 1] in SENTENCE_FINAL_MARKS


def _units(doc: Document) -> list[tuple[int, int]]:
    """Paragraph spans, with hard-wrapped lines joined: a body line that does not end a
    sentence continues on the next line (scraped text often wraps inside a quotation)."""
    if UNITS_KEY not in doc.cache:  # quotes and brackets share them
        doc.cache[UNITS_KEY] = _join_wrapped(doc)
    return doc.cache[UNITS_KEY]


def _join_wrapped(doc: Document) -> list[tuple[int, int]]:
    text, line_starts = doc.text, doc.line_starts
    units: list[tuple[int, int]] = []
    wrapped_line = -2  # the last line of the paragraph before, if it does not end a sentence
    for start, end, kind in doc.paragraphs:
        if kind == "paragraph" and wrapped_line >= 0 and \
                bisect_right(line_starts, start) - 1 == wrapped_line + 1:
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
        if kind == "paragraph" and not _ends_sentence(text, start, end):
            wrapped_line = bisect_right(line_starts, end) - 1
        else:
            wrapped_line = -2
    return units


# Every quote token holds one of these quote characters; brackets are the last six. (re: a
# fixed class scans faster.)
PAIRED = re.compile(r"""["'“”„«»‘’()\[\]{}]""")
PAIRED_KEY = "punctuation.paired"


def _paired(doc: Document) -> tuple[list[int], list[int]]:
    """Offsets of the quote characters and of the brackets in the text (one scan for both)."""
    if PAIRED_KEY not in doc.cache:
        quotes: list[int] = []
        brackets: list[int] = []
        for match in PAIRED.finditer(doc.text):
            (brackets if match.group() in "()[]{}" else quotes).append(match.start())
        doc.cache[PAIRED_KEY] = quotes, brackets
    return doc.cache[PAIRED_KEY]


# --- quotes ----------------------------------------------------------------------------------
# Urdu typesetting writes double quotes as doubled single ones (’’…‘‘): one token.
DOUBLE_QUOTES = patterns.compile(r"""‘‘|’’|''|["“”„«»]""")
# A single quote not doubled; `'` and `’` between two Latin letters are apostrophes (don't,
# Qur'an). Between Urdu or Hindi letters they are quotes glued to words (فلم’قصور‘).
SINGLE_QUOTES = patterns.compile(
    r"""(?<![‘’'])(?:(?<!\p{Latin})['‘’]|['‘’](?!\p{Latin}))(?![‘’'])""")
STYLE = {'"': "straight", "'": "straight", "''": "straight", "“": "curly", "”": "curly",
         "„": "curly", "‘": "curly", "’": "curly", "‘‘": "curly", "’’": "curly",
         "«": "guillemet", "»": "guillemet"}
SAME_DIRECTION_BAD = {("“", "“"), ("”", "”"), ("‘", "‘"), ("’", "’"), ("‘‘", "‘‘"),
                      ("’’", "’’"), ("«", "«"), ("»", "»")}


def _pair_ok(a: str, b: str) -> bool:
    return STYLE[a] == STYLE[b]


def _pair_bad(a: str, b: str) -> bool:
    return not _pair_ok(a, b)


def _odd_one(tokens: list[tuple[int, str]]) -> int:
    """Index of the unmatched token in an odd run: the removal leaving the fewest bad pairs."""
    n = len(tokens)
    chars = [c for _, c in tokens]

    def bad(a: str, b: str) -> int:
        return int(_pair_bad(a, b)) + int((a, b) in SAME_DIRECTION_BAD)

    prefix = [0]
    for i in range(0, n - 1, 2):
        prefix.append(prefix[-1] + bad(chars[i], chars[i + 1]))
    suffix = [0] * (n + 2)
    for i in range(n - 2, 0, -2):
        suffix[i] = suffix[i + 2] + bad(chars[i], chars[i + 1])
    best, best_cost = n - 1, None
    for i in range(0, n, 2):
        cost = prefix[i // 2] + (suffix[i + 1] if i + 1 < n else 0)
        if best_cost is None or cost < best_cost or (cost == best_cost and i > best):
            best, best_cost = i, cost
    return best


def _quote_findings(tokens: list[tuple[int, str]], ctx: CheckContext, kind: str
                    ) -> Iterator[Issue]:
    if len(tokens) % 2:
        odd = _odd_one(tokens)
        offset, char = tokens[odd]
        if ctx.enabled("unbalanced-quotes"):
            yield Issue(offset, offset + len(char),
                        f"{kind} quote {char} is never closed in this paragraph"
                        if odd < len(tokens) - 1 or len(tokens) == 1 else
                        f"{kind} quote {char} has no partner in this paragraph",
                        rule="unbalanced-quotes")
        tokens = tokens[:odd] + tokens[odd + 1:]
    if not ctx.enabled("mismatched-quotes"):
        return
    for i in range(0, len(tokens) - 1, 2):
        (start, a), (end, b) = tokens[i], tokens[i + 1]
        if _pair_bad(a, b):
            yield Issue(start, end + len(b),
                        f"quote opened with {a} ({STYLE[a]}) and closed with {b} ({STYLE[b]})",
                        rule="mismatched-quotes")
        elif (a, b) in SAME_DIRECTION_BAD:
            yield Issue(start, end + len(b), f"quote opened and closed with the same mark {a}",
                        rule="mismatched-quotes")


def quotes(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Quotes never closed in their paragraph, or opened in one style and closed in another.

    Each family pairs up within a paragraph: curly (“” ‘’, in either order, as right-to-left
    text often stores them), guillemets and straight quotes by parity. Apostrophes inside words
    (``don't``, ``Qur'an``) are not quotes. Bad: ``"اچھے دن”`` Good: ``“اچھے دن”``
    """
    text = doc.text
    found = _paired(doc)[0]
    if not found:
        return
    for start, end in _units(doc):
        first = bisect_left(found, start)
        if first == len(found) or found[first] >= end:
            continue
        places = found[first:bisect_left(found, end, first)]
        for pattern, kind in ((DOUBLE_QUOTES, "double"), (SINGLE_QUOTES, "single")):
            tokens = _tokens(pattern, text, places, end)
            if tokens:
                yield from _quote_findings(tokens, ctx, kind)


def _tokens(pattern: regex.Pattern, text: str, places: list[int], end: int
            ) -> list[tuple[int, str]]:
    """``pattern.finditer(text, places[0], end)`` as (offset, token) pairs, for a pattern
    whose every match starts at one of the sorted ``places`` (a quote character): only those
    are tried, not every character of the paragraph."""
    tokens = []
    last = -1
    for offset in places:
        if offset < last:
            continue  # inside the token before
        match = pattern.match(text, offset, end)
        if match is not None:
            tokens.append((offset, match.group()))
            last = match.end()
    return tokens


# --- brackets --------------------------------------------------------------------------------
PAIRS = {")": "(", "]": "[", "}": "{"}
# `1)`, `۲)`, `a)` at the start of a paragraph or after a space: a list item, not a bracket.
LIST_ITEM = patterns.compile(r"(?:^|(?<=\s))(?:\p{N}{1,3}|\p{L})\)(?=\s|$)")
SMILEY = patterns.compile(r"(?<![\p{L}\p{N}])[:;]-?[()\]\[](?![\p{L}\p{N}])")
CARRY_UNITS = 6  # a bracket may close this many paragraphs later (scrapes split asides)


def _not_brackets(text: str, places: list[int], start: int, end: int) -> set[int]:
    """Offsets of the brackets (at ``places``) in ``text[start:end]`` that are list markers or
    emoticons. Each pattern is scanned only if a bracket it could end on is there."""
    skip: set[int] = set()
    if any(text[offset] == ")" for offset in places):
        skip.update(m.end() - 1 for m in LIST_ITEM.finditer(text, start, end))
    if any(text[offset - 1] in ":;-" for offset in places):
        skip.update(m.end() - 1 for m in SMILEY.finditer(text, start, end))
    return skip


def unbalanced_brackets(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """``( ) [ ] { }`` that do not pair up within a paragraph.

    An unclosed bracket swallows the rest of the sentence for readers and parsers. List
    markers (``1)``, ``a)``) and emoticons are not reported; an aside that a scrape split over
    up to six paragraphs (``(... \n\n ...)``) is one pair.
    Bad: ``ذہانت (AI کی ترقی`` Good: ``ذہانت (AI) کی ترقی``
    """
    text = doc.text
    found = _paired(doc)[1]
    if not found:
        return
    carried: list[tuple[int, str, int]] = []  # unclosed openers of earlier paragraphs
    for index, (unit_start, unit_end) in enumerate(_units(doc)):
        first = bisect_left(found, unit_start)
        places = found[first:bisect_left(found, unit_end, first)]
        if not carried and not places:
            continue  # nothing to pair, nothing open
        stack: list[tuple[int, str]] = []
        skip = _not_brackets(text, places, unit_start, unit_end)
        for offset in places:
            char = text[offset]
            if char in "([{":
                if offset not in skip:
                    stack.append((offset, char))
                continue
            opener = PAIRS[char]
            if any(c == opener for _, c in stack):
                while stack[-1][1] != opener:
                    start, c = stack.pop()
                    yield Issue(start, start + 1, f"'{c}' is never closed in this paragraph")
                stack.pop()
            elif not stack and carried and carried[-1][1] == opener and \
                    index - carried[-1][2] <= CARRY_UNITS:
                carried.pop()
            elif offset in skip:
                continue
            else:
                yield Issue(offset, offset + 1, f"'{char}' closes nothing in this paragraph")
        carried.extend((start, c, index) for start, c in stack)
        if _ends_sentence(text, unit_start, unit_end) or \
                (carried and index - carried[0][2] >= CARRY_UNITS):
            # a paragraph that ends its sentence closes every aside before it
            for start, c, _ in carried:
                yield Issue(start, start + 1, f"'{c}' is never closed in this paragraph")
            carried = []
    for start, c, _ in carried:
        yield Issue(start, start + 1, f"'{c}' is never closed in this paragraph")
