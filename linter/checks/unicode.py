"""Unicode hygiene (U001-U008): characters that look right on screen but are wrong underneath.

One check kind, :func:`hygiene`, serves all eight rules so the text is scanned once for the
whole family: a few scans of one Unicode property or code-point range each (the kind ``regex``
runs fastest) decide whether a document has anything suspicious at all (most have not), and
each rule then runs one compiled scan from there. Python code only runs per *match* (a
suspicious character or run), never per character of the text.

Rules and what they catch:

- ``invisible-character``: zero-width spaces, soft hyphens, word joiners, U+FEFF after the
  start of the file and other default-ignorable characters; ZWNJ/ZWJ only where they do nothing.
- ``bidi-control``: embedding, override and isolate controls; runs of LRM/RLM/ALM.
- ``control-character``: C0/C1 control characters other than tab, LF and CR.
- ``arabic-letter-variant``: Arabic ي ى ك ه and Arabic-Indic digits in Urdu text.
- ``presentation-form``: Arabic presentation forms (PDF extraction) other than ﷺ and ﷲ.
- ``not-normalized``: text that is not in NFC, reported per place.
- ``mojibake``: UTF-8 read as a legacy code page (ftfy confirms and repairs).
- ``replacement-character``: U+FFFD in the text (not the ones the reader inserted).

Judgements about normalisation use ``unicodedata2`` (current Unicode data), not the standard
library's older tables. Language data (the letter-variant map, the letters that only Urdu uses,
the consonants that take an aspiration ھ) comes from the ``unicode:`` section of the pack.
The character tables and patterns are in :mod:`linter.checks.unicode_tables`; not-normalized and
mojibake, which judge text in the wrong form rather than stray characters, are in
:mod:`linter.checks.unicode_forms`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import Any

import regex
import unicodedata2

from linter import patterns
from linter.checks import CheckContext
from linter.checks.unicode_forms import mojibake, not_normalized
from linter.checks.unicode_tables import (
    ARABIC_LETTER,
    BIDI_CONTROL_CHAR,
    BIDI_RUN,
    CONTROL,
    DEFAULT_IGNORABLE,
    FIND_MAX,
    INVISIBLE_RUN,
    JOINER_OK,
    LETTER,
    LINE_LIKE_CONTROLS,
    MARKS_AFTER,
    MARKS_BEFORE,
    MARKS_RUN,
    NEWLINES,
    ODD,
    OTHER_OK,
    PRESENTATION_HINT,
    PRESENTATION_RUN,
    PRESENTATION_SET,
    QUOTED,
    RARE,
    REPLACEMENT_RUN,
    VIRAMA,
    ZWJ,
    ZWNJ,
    char_class,
    char_name,
    char_names,
    code_point_ranges,
    first_of,
    first_start,
    odd_controls,
)
from linter.document import Document
from linter.findings import Fix, Issue

RULES = ("invisible-character", "bidi-control", "control-character", "arabic-letter-variant",
         "presentation-form", "not-normalized", "mojibake", "replacement-character")


# Rules that look only inside the runs of rare characters (replacement-character too): in most
# texts there are none, and nothing to do.
IN_ODD_RUNS = frozenset({"control-character", "bidi-control", "invisible-character"})


class _Scan:
    """Per-document state shared by the rules: the runs of rare characters (one scan, made on
    first use) and the spans mojibake covers (other rules do not report inside them)."""

    def __init__(self, doc: Document, ctx: CheckContext):
        self.doc, self.ctx, self.text = doc, ctx, doc.text
        self.garbled: list[tuple[int, int]] = []  # sorted, non-overlapping

    @cached_property
    def rare(self) -> int | None:
        """Where the first of the characters in ``RARE`` is (None: nowhere)."""
        match = RARE.search(self.text)
        return None if match is None else match.start()

    @cached_property
    def odd(self) -> list[tuple[int, int]]:
        first = first_start(self.text, (DEFAULT_IGNORABLE,))
        if self.rare is not None:
            control = odd_controls().search(self.text, self.rare)
            if control is not None and (first is None or control.start() < first):
                first = control.start()
        if first is None:
            return []
        return [m.span() for m in ODD.finditer(self.text, first)]

    def within_odd(self, pattern: regex.Pattern) -> Iterator[regex.Match]:
        """Matches of ``pattern`` inside the runs of rare characters."""
        for start, end in self.odd:
            yield from pattern.finditer(self.text, start, end)

    def in_garbled(self, offset: int) -> bool:
        index = bisect_right(self.garbled, (offset, len(self.text) + 1)) - 1
        return index >= 0 and self.garbled[index][0] <= offset < self.garbled[index][1]


def hygiene(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Unicode hygiene of one article: all eight U rules, with a few compiled scans in all.

    Invisible, control, bidi and replacement characters, Arabic letter variants and
    presentation forms in Urdu, text that is not NFC, and mojibake. Such text looks right but
    breaks search, duplicate detection and display.
    Bad: ``ٹيلی ويژن كے`` (Arabic ي ك), ``بچاﺅ`` (presentation form), ``Ø§Ø±Ø¯Ùˆ`` (mojibake).
    Good: ``ٹیلی ویژن کے``, ``بچاؤ``, ``اردو``.
    """
    scan = _Scan(doc, ctx)
    if ctx.enabled("mojibake"):
        yield from mojibake(scan)
    if ctx.enabled("replacement-character") and scan.odd:
        yield from replacement_characters(scan)
    for name, check in (("control-character", control_characters),
                        ("bidi-control", bidi_controls),
                        ("invisible-character", invisible_characters),
                        ("arabic-letter-variant", letter_variants),
                        ("presentation-form", presentation_forms),
                        ("not-normalized", not_normalized)):
        if ctx.enabled(name) and (name not in IN_ODD_RUNS or scan.odd):
            for issue in check(scan):
                if not scan.in_garbled(issue.start):
                    yield issue


def control_characters(scan: _Scan) -> Iterator[Issue]:
    """C0/C1 control characters (and U+2028/U+2029) other than tab, LF and CR.

    They are invisible, break parsers and terminals, and betray a broken conversion.
    Bad: ``خبر\\x07 ہے`` Good: ``خبر ہے``. The (unsafe) fix removes them; vertical tab, form
    feed, NEL and the Unicode line separators become a line break.
    """
    for match in scan.within_odd(CONTROL):
        run = match.group()
        replacement = "".join("\n" if c in LINE_LIKE_CONTROLS else "" for c in run)
        replacement = NEWLINES.sub("\n", replacement)
        yield Issue(match.start(), match.end(), f"control character{'s' if len(run) > 1 else ''}"
                    f" {char_names(run)} in the text", rule="control-character",
                    fix=Fix.replace(match.start(), match.end(), replacement, safe=False,
                                    description="remove the control characters"))


def bidi_controls(scan: _Scan) -> Iterator[Issue]:
    """Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), and runs of two
    or more direction marks (LRM, RLM, ALM).

    Controls can make text display in a different order from what it says; doubled marks are
    debris. A run of one repeated mark is safely collapsed to one; the rest is an unsafe removal.
    Bad: ``وزیر\\u202eاعظم`` Good: ``وزیر اعظم``
    """
    for match in scan.within_odd(BIDI_RUN):
        run = match.group()
        start, end = match.span()
        if BIDI_CONTROL_CHAR.search(run):
            yield Issue(start, end, f"bidi control character{'s' if len(run) > 1 else ''} "
                        f"{char_names(run)}: text may display in a different order from what it "
                        f"says", rule="bidi-control",
                        fix=Fix.replace(start, end, "", safe=False,
                                        description="remove the bidi controls"))
        elif len(run) > 1:
            same = len(set(run)) == 1
            yield Issue(start, end, f"{len(run)} direction marks in a row ({char_names(run)}); one "
                        f"is enough", rule="bidi-control",
                        fix=Fix.replace(start, end, run[-1], safe=same,
                                        description="keep one direction mark"))


def _joiner_ok(text: str, start: int, end: int) -> bool:
    match = JOINER_OK.match(text, start)
    if match is not None and match.end() == end:
        return True
    match = OTHER_OK.match(text, start)
    return match is not None and match.end() == end


def invisible_characters(scan: _Scan) -> Iterator[Issue]:
    """Zero-width and other default-ignorable characters that do nothing in article text.

    ZWSP, soft hyphen, word joiner, U+FEFF after the start of the file, variation selectors
    after letters, Hangul fillers...; ZWNJ/ZWJ only where they do nothing: at word edges, next to
    spaces or punctuation, doubled, after a letter that never joins (ا د ر و ے), or between
    Devanagari letters without a virama. They split words for search and duplicate detection.
    Bad: ``پاکستان\\u200b کی`` Good: ``پاکستان کی``; ``نیم‌سرکاری`` (ZWNJ after م) is fine.
    The safe fix removes the run (or keeps one joiner where one joiner is right).
    """
    text, doc = scan.text, scan.doc
    allowed = set(scan.ctx.options("invisible-character").get("allow", []))
    for match in scan.within_odd(INVISIBLE_RUN):
        start, end = match.span()
        if start == 0 and text[0] == "\ufeff" and doc.format in ("txt", "md"):
            start = 1  # the bom rule reports a byte-order mark at the start of the file
        while start < end and text[start] in allowed:
            start += 1
        while end > start and text[end - 1] in allowed:
            end -= 1
        if start >= end or _joiner_ok(text, start, end):
            continue
        run = text[start:end]
        replacement = ""
        for joiner in (ZWNJ, ZWJ):
            if joiner in run and _joiner_ok(text[:start] + joiner + text[end:end + 1], start,
                                            start + 1):
                replacement = joiner
                break
        else:
            # A separator after a virama shows the virama: keep that look with a ZWNJ.
            if set(run) - {ZWNJ, ZWJ} and start > 0 and VIRAMA.match(text, start - 1) \
                    and LETTER.match(text, end):
                replacement = ZWNJ
        if run in (ZWNJ, ZWJ):
            message = (f"{char_name(run)} does nothing here (a joiner belongs between letters: "
                       f"after a virama, or after an Arabic letter that joins the next)")
        else:
            message = f"invisible character{'s' if len(run) > 1 else ''} {char_names(run)}"
        action = {"": "remove it", ZWNJ: "keep one ZWNJ", ZWJ: "keep one ZWJ"}[replacement]
        yield Issue(start, end, message, rule="invisible-character",
                    fix=Fix.replace(start, end, replacement, description=action))


@lru_cache(maxsize=8)
def _variant_data(pack: Any) -> tuple[dict[str, str], regex.Pattern | None, str | tuple, dict,
                                     str]:
    """The pack's letter-variant map, its pattern and what finds where it may first match
    (its characters, when few, found with str.find: many times faster than a scan for the
    class; else one pattern per range of them, else the pattern), ambiguous contexts and
    native letters."""
    section = pack.section("unicode") if pack is not None else {}
    variants = {str(k): str(v) for k, v in (section.get("letter-variants") or {}).items()}
    pattern = patterns.compile(f"[{char_class(''.join(variants))}]") if variants else None
    chars = "".join(sorted(set("".join(variants))))
    ranges = code_point_ranges(chars)
    if len(chars) <= FIND_MAX:
        hints: str | tuple = chars
    else:
        hints = tuple(patterns.compile(f"[{r}]") for r in ranges) if len(ranges) <= 8 \
            else (pattern,)
    ambiguous = {str(k): (frozenset(str(v.get("after", ""))), str(v.get("choices", "")))
                 for k, v in (section.get("ambiguous-variants") or {}).items()}
    native = str(section.get("native-letters") or "")
    return variants, pattern, hints, ambiguous, native


def _arabic_quotes(text: str, native: str) -> list[tuple[int, int]]:
    """Quoted spans written in Arabic: Arabic letters and none of the letters only Urdu uses."""
    spans = []
    for match in QUOTED.finditer(text, overlapped=False):
        inner = match.group(1)
        if ARABIC_LETTER.search(inner) and not any(c in native for c in inner):
            spans.append(match.span())
    return spans


def letter_variants(scan: _Scan) -> Iterator[Issue]:
    """Arabic letters and digits in Urdu text: ي/ى for ی, ك for ک, ه for ہ, ٠-٩ for ۰-۹.

    They look alike but are different characters, so search and deduplication miss them.
    Judged on NFC (the ي inside a decomposed ئ is not a variant). ھ, ے, آ and hamza are never
    folded. ه after a consonant that takes aspiration may stand for ھ: reported without a fix.
    Quoted Arabic (no Urdu-only letters inside the quotes) is exempt by default.
    Bad: ``ٹيلی ويژن كے`` Good: ``ٹیلی ویژن کے``
    """
    ctx, text = scan.ctx, scan.text
    variants, pattern, hints, ambiguous, native = _variant_data(ctx.lang)
    if pattern is None:
        return
    first = first_of(text, hints) if isinstance(hints, str) else first_start(text, hints)
    if first is None:
        return
    options = ctx.options("arabic-letter-variant")
    exempt = None
    for match in pattern.finditer(text, first):
        start = match.start()
        char = match.group()
        marks_end = MARKS_AFTER.match(text, start + 1).end()
        if marks_end > start + 1 and \
                unicodedata2.normalize("NFC", text[start:marks_end])[0] != char:
            continue  # NFC composes it (ي + hamza = ئ): not-normalized's business
        if options.get("exempt-quoted-arabic", True):
            if exempt is None:
                exempt = _arabic_quotes(text, native)
            if any(a <= start < b for a, b in exempt):
                continue
        wanted = variants[char]
        if char in ambiguous:
            after, choices = ambiguous[char]
            before = MARKS_BEFORE.match(text, 0, start).start()
            if before > 0 and text[before - 1] in after:
                words = ", or ".join(f"{c} (U+{ord(c):04X})" for c in choices)
                yield Issue(start, start + 1, f"Arabic {char} (U+{ord(char):04X}) in Urdu text: "
                            f"Urdu writes {words} where it marks aspiration after "
                            f"{text[before - 1]}; not fixed automatically",
                            rule="arabic-letter-variant")
                continue
        yield Issue(start, start + 1, f"Arabic {char} (U+{ord(char):04X}) in Urdu text: Urdu "
                    f"writes {wanted} (U+{ord(wanted):04X})", rule="arabic-letter-variant",
                    fix=Fix.replace(start, start + 1, wanted,
                                    description=f"replace with {char_name(wanted)}"))


def presentation_forms(scan: _Scan) -> Iterator[Issue]:
    """Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFE), left by PDF extraction.

    ``بچاﺅ`` ends in the glyph code U+FE85, not the letter ؤ: search and spell checks miss it.
    The (unsafe) fix is NFKC of just that run. ﷺ and ﷲ are normal in Urdu (option ``allow``).
    Bad: ``بچاﺅ`` Good: ``بچاؤ``
    """
    text = scan.text
    first = None if scan.rare is None else PRESENTATION_HINT.search(text, scan.rare)
    if first is None:
        return
    allowed = frozenset(scan.ctx.options("presentation-form").get("allow", ["ﷺ", "ﷲ"]))
    for block in PRESENTATION_RUN.finditer(text, first.start()):
        # Split the block into runs of presentation forms (with their marks) that are neither
        # allowed nor plain symbols such as the ornate parentheses.
        position, end = block.span()
        while position < end:
            start = position
            while start < end and (text[start] not in PRESENTATION_SET
                                   or text[start] in allowed):
                start += 1
            if start >= end:
                break
            stop = start
            while stop < end and text[stop] in PRESENTATION_SET and text[stop] not in allowed:
                stop = MARKS_RUN.match(text, stop + 1).end()
            position = stop
            run = text[start:stop]
            fixed = unicodedata2.normalize("NFKC", run)
            forms = "".join(c for c in run if c in PRESENTATION_SET)
            yield Issue(start, stop, f"Arabic presentation form{'s' if len(forms) > 1 else ''} "
                        f"{char_names(forms)}; the letters are {fixed}", rule="presentation-form",
                        fix=Fix.replace(start, stop, fixed, safe=False,
                                        description="replace with the letters (NFKC)"))


def replacement_characters(scan: _Scan) -> Iterator[Issue]:
    """U+FFFD REPLACEMENT CHARACTER in the text: something upstream lost characters.

    Those the reader inserted for invalid UTF-8 are ``invalid-encoding`` findings instead.
    Bad: ``پاکستان � کی`` Good: ``پاکستان کی``
    """
    doc = scan.doc
    if doc.format == "jsonl" and not doc.decoded_cleanly:
        return  # the reader's own U+FFFD cannot be told apart here
    inserted = {span[0] for span in doc.decode_error_spans}
    for match in scan.within_odd(REPLACEMENT_RUN):
        offsets = [o for o in range(*match.span()) if o not in inserted]
        if not offsets:
            continue
        start, end = offsets[0], offsets[-1] + 1
        count = end - start
        yield Issue(start, end, f"{count} replacement character{'s' if count > 1 else ''} "
                    f"U+FFFD: text was lost when it was decoded upstream; restore it from the "
                    f"source", rule="replacement-character")
