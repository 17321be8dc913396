"""Character tables, compiled patterns and character names of the Unicode hygiene rules
(linter/checks/unicode.py and unicode_forms.py).

Built once at import from the ``regex`` package's property tables and ``unicodedata2`` (current
Unicode data); the slow part, the composition data, is kept in the cache folder.
"""

from __future__ import annotations

import re
from functools import cache

import regex
import unicodedata2

from linter import patterns
from linter.resources import cached_data

ZWNJ, ZWJ = "\u200c", "\u200d"
BIDI_MARKS = "\u200e\u200f\u061c"  # LRM, RLM, ALM
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates

# --- control-character ----------------------------------------------------------------------
# Tab, LF and CR are text (CR is line-endings' business); everything else in C0, DEL, C1 is
# not, nor are the line/paragraph separators U+2028/U+2029 (JavaScript scrapes).
CONTROL = patterns.compile(r"[\p{Cc}\u2028\u2029--[\t\n\r]]+", regex.V1)
LINE_LIKE_CONTROLS = "\x0b\x0c\x85\u2028\u2029"  # fixed to a line break, not removed
NEWLINES = patterns.compile(r"\n+")

# --- bidi-control ---------------------------------------------------------------------------
BIDI_RUN = patterns.compile(r"\p{Bidi_Control}+")  # exactly the controls and the three marks
BIDI_CONTROL_CHAR = patterns.compile(rf"[{BIDI_CONTROLS}]")

# --- invisible-character --------------------------------------------------------------------
# Default-ignorable code points, without the bidi characters (bidi-control reports those).
INVISIBLE_RUN = patterns.compile(
    rf"[\p{{Default_Ignorable_Code_Point}}--[{BIDI_CONTROLS}{BIDI_MARKS}]]+", regex.V1)
# Contexts where a single ZWNJ or ZWJ does something (match at the joiner's offset):
JOINER_OK = patterns.compile(
    # Arabic script: after a letter that joins on its left (harakat in between are
    # transparent), before another Arabic letter: ZWNJ breaks the join, ZWJ forces it.
    r"(?<=\p{Joining_Type=Dual_Joining}\p{Mn}*)[\u200c\u200d](?=[\p{L}&&\p{scx=Arabic}])"
    # Brahmic scripts: after a virama, before a consonant (half forms, explicit virama).
    r"|(?<=\p{ccc=9})[\u200c\u200d](?=\p{L})"
    # Devanagari eyelash RA: र + ZWJ + virama.
    r"|(?<=\u0930)\u200d(?=\u094d)"
    # Emoji ZWJ sequences (👩‍💻), with an optional VS16 or skin tone before the ZWJ.
    r"|(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?)\ufe0f?\u200d(?=\p{Extended_Pictographic})"
    # Ligature control between letters of alphabetic scripts (Latin, Greek, Cyrillic).
    r"|(?<=[\p{Latin}\p{Greek}\p{Cyrillic}]\p{M}*)[\u200c\u200d](?=[\p{Latin}\p{Greek}\p{Cyrillic}])",
    regex.V1)
OTHER_OK = patterns.compile(
    # Variation selectors after emoji, symbols and ideographs (❤️, 1️⃣, 葛󠄀).
    r"(?<=[\p{Emoji}\p{Ideographic}])[\ufe0e\ufe0f\U000e0100-\U000e01ef]"
    # Emoji tag sequences (subdivision flags): 🏴 + tags + CANCEL TAG.
    r"|(?<=\U0001f3f4)[\U000e0020-\U000e007e]+\U000e007f", regex.V1)
VIRAMA = patterns.compile(r"\p{ccc=9}", regex.V1)
LETTER = patterns.compile(r"\p{L}")

# --- arabic-letter-variant ------------------------------------------------------------------
MARKS_AFTER = patterns.compile(r"\p{M}*")
MARKS_BEFORE = patterns.compile(r"(?r)\p{M}*")
QUOTE_CHARS = "\"“”«»‘’﴾﴿"
QUOTED = patterns.compile(rf"[{QUOTE_CHARS}]([^{QUOTE_CHARS}\n]{{1,600}})[{QUOTE_CHARS}]")
ARABIC_LETTER = patterns.compile(r"[\p{L}&&\p{scx=Arabic}]", regex.V1)

# --- presentation-form ----------------------------------------------------------------------
# Arabic presentation forms with a compatibility decomposition (ornate parentheses, noncharacters
# and U+FEFF have none and are not presentation forms of letters).
def _presentation_chars() -> str:
    return "".join(chr(c) for r in (range(0xFB50, 0xFE00), range(0xFE70, 0xFEFF))
                   for c in r if unicodedata2.normalize("NFKC", chr(c)) != chr(c))


def char_name(char: str) -> str:
    name = unicodedata2.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def char_names(text: str) -> str:
    seen = list(dict.fromkeys(text))
    return ", ".join(char_name(c) for c in seen[:4]) + (" ..." if len(seen) > 4 else "")


def code_point_ranges(chars: str) -> list[str]:
    """``chars`` as compact code-point ranges, each the body of a character class (a class of
    a thousand single characters is many times slower to scan than a few dozen ranges)."""
    codes = sorted({ord(c) for c in chars})
    parts, index = [], 0
    while index < len(codes):
        end = index
        while end + 1 < len(codes) and codes[end + 1] == codes[end] + 1:
            end += 1
        first, last = codes[index], codes[end]
        parts.append(f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}")
        index = end + 1
    return parts


def char_class(chars: str) -> str:
    return "".join(code_point_ranges(chars))


def first_start(text: str, patterns: tuple[regex.Pattern, ...], pos: int = 0) -> int | None:
    """Where the first match of any of ``patterns`` from ``pos`` starts (None: nowhere)."""
    starts = [m.start() for m in (p.search(text, pos) for p in patterns) if m is not None]
    return min(starts, default=None)


# Up to this many characters, :func:`first_of` finds the first of them faster than a scan for
# a class of them (``str.find`` of one character is several times faster than any pattern).
FIND_MAX = 32


def first_of(text: str, chars: str, pos: int = 0) -> int | None:
    """Where the first of ``chars`` occurs in ``text`` from ``pos`` (None: nowhere): one
    ``str.find`` each, bounded by the first found so far."""
    first = -1
    for char in chars:
        found = text.find(char, pos) if first < 0 else text.find(char, pos, first)
        if found >= 0:
            first = found
    return None if first < 0 else first


PRESENTATION_RUN = patterns.compile(r"(?:[\uFB50-\uFDFF\uFE70-\uFEFE]\p{M}*)+")
PRESENTATION_HINT = patterns.compile(r"[\uFB50-\uFEFE]")  # one range: a fast scan
MARKS_RUN = patterns.compile(r"\p{M}*")


# --- not-normalized -------------------------------------------------------------------------
def _composition_data() -> tuple[str, str, str]:
    """From unicodedata2's current tables (a few ms: only blocks with canonical decompositions
    or combining marks): characters NFC never keeps, characters NFC may compose with what comes
    before them (second halves of compositions, Hangul vowel and final jamo), and characters
    with a non-zero combining class (which canonical ordering may move)."""
    no, second, reorderable = [], set(), []
    for low, high in ((0, 0x3400), (0xA000, 0xAC00), (0xF900, 0x20000), (0x2F800, 0x2FA20)):
        for code in range(low, high):
            char = chr(code)
            if unicodedata2.combining(char):
                reorderable.append(char)
            decomposition = unicodedata2.decomposition(char)
            if not decomposition or decomposition.startswith("<"):
                continue
            if unicodedata2.normalize("NFC", char) != char:
                no.append(char)
                continue
            parts = decomposition.split()
            if len(parts) == 2:
                second.add(chr(int(parts[1], 16)))
    second.update(map(chr, [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]))  # Hangul V, T
    return "".join(no), "".join(sorted(second)), "".join(reorderable)


# The Devanagari nukta is NFC's commonest candidate in Hindi: it composes only after न र ळ (NFC
# writes क़ ख़ ... decomposed). After these letters a nukta is NFC as it stands.
NUKTA = "\u093c"


def _nukta_inert(second: str) -> str:
    return "".join(char for char in map(chr, range(0x0900, 0x0980))
                   if not unicodedata2.combining(char) and char not in second
                   and unicodedata2.normalize("NFC", char + NUKTA) == char + NUKTA)


# Places where NFC may differ from the text: a character NFC replaces or may compose with the one
# before it (NFC_Quick_Check No/Maybe), or two reorderable marks in a row. Each is then judged by
# normalising just its segment with unicodedata2 (most matches turn out to be NFC already).
# The classes are regex's property tables (fast lookups); characters unicodedata2 knows and
# regex's tables do not yet are added explicitly (the extras).
_QC = patterns.compile(r"[\p{NFC_QC=No}\p{NFC_QC=Maybe}]")
_REORDERABLE = patterns.compile(r"\P{ccc=0}")


def _table_data() -> list[str]:
    """Every table derived from unicodedata2 and regex's property tables (see the names
    :data:`TABLES` gives them)."""
    no, second, reorderable = _composition_data()
    return [no, second, reorderable, _presentation_chars(), _nukta_inert(second),
            "".join(c for c in no + second if not _QC.match(c)),
            "".join(c for c in reorderable if not _REORDERABLE.match(c))]


def _tables() -> list[str]:
    """:func:`_table_data`, kept in the cache folder keyed by the versions of unicodedata2's
    Unicode data and of regex: scanning the tables costs tens of milliseconds of a one-file
    run. A cache of another shape is recomputed."""
    data = cached_data("unicode-tables", f"{unicodedata2.unidata_version} {regex.__version__}",
                       _table_data)
    if isinstance(data, list) and len(data) == 7 and all(isinstance(t, str) for t in data):
        return data
    return _table_data()


(NFC_NO, NFC_SECOND, NFC_REORDERABLE, PRESENTATION_CHARS, _NUKTA_INERT_CHARS, _QC_EXTRA,
 _REORDERABLE_EXTRA) = _tables()
NFC_SECOND_SET = frozenset(NFC_SECOND)
NUKTA_INERT = frozenset(_NUKTA_INERT_CHARS)
PRESENTATION_SET = frozenset(PRESENTATION_CHARS)
NFC_CANDIDATE = patterns.compile(
    rf"[\p{{NFC_QC=No}}\p{{NFC_QC=Maybe}}{char_class(_QC_EXTRA)}]"
    rf"|[\P{{ccc=0}}{char_class(_REORDERABLE_EXTRA)}]{{2,}}")
# The same with one property per pattern, scanned several times faster (and faster apart than
# as one alternation); together they equal NFC_CANDIDATE on text without the extras (text
# without characters regex's tables leave unassigned has none when FAST_NFC_OK).
NFC_QUICK_CHECK = patterns.compile(r"\P{NFC_QC=Yes}")
MARKS_TO_ORDER = patterns.compile(r"\P{ccc=0}{2,}")
UNASSIGNED = patterns.compile(r"\p{Cn}")
FAST_NFC_OK = all(UNASSIGNED.match(c) for c in _QC_EXTRA + _REORDERABLE_EXTRA)


def _hint_ranges(chars: str) -> list[str]:
    """Few code-point ranges holding ``chars``: ranges of the BMP less than 64 apart merged, and
    every character beyond the BMP as one range."""
    merged: list[list[int]] = []
    for code in sorted({ord(c) for c in chars if c <= "\uffff"}):
        if merged and code - merged[-1][1] <= 64:
            merged[-1][1] = code
        else:
            merged.append([code, code])
    ranges = [f"\\U{low:08x}-\\U{high:08x}" for low, high in merged]
    if any(c > "\uffff" for c in chars):
        ranges.append("\\U00010000-\\U0010ffff")
    return ranges


def _range_chars(ranges: list[str]) -> str:
    """Every character of ``_hint_ranges`` ranges inside the BMP."""
    bounds = [[int(end[2:], 16) for end in r.split("-")] for r in ranges]
    return "".join(chr(code) for low, high in bounds if high <= 0xFFFF
                   for code in range(low, high + 1))


# Where the extras may be: a few searches say that a text holds none of them (most texts)
# faster than a scan for unassigned characters. The ranges' characters in the BMP are found
# with str.find when they are few (NFC_EXTRA_CHARS), the rest with one scan per range.
_NFC_HINT_RANGES = _hint_ranges(_QC_EXTRA + _REORDERABLE_EXTRA)
NFC_EXTRA_CHARS = _range_chars(_NFC_HINT_RANGES)
if len(NFC_EXTRA_CHARS) > FIND_MAX:
    NFC_EXTRA_CHARS = ""
NFC_EXTRA_HINTS = tuple(patterns.compile(f"[{r}]") for r in _NFC_HINT_RANGES
                        if not NFC_EXTRA_CHARS or r.endswith("0010ffff"))

# --- mojibake -------------------------------------------------------------------------------
# UTF-8 read as Windows-1252 or Latin-1: a lead byte (Â..ô) followed by a continuation byte as
# that code page shows it (U+0080-U+00BF, or Windows-1252's specials at 0x80-0x9F). Cheap; ftfy
# (slow) only looks at the runs this finds.
CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
MOJIBAKE_HINT = patterns.compile(rf"[\u00c2-\u00f4][\u0080-\u00bf{CP1252_SPECIALS}]")
# A run of characters a legacy code page can produce (ASCII included so words stay together).
MOJIBAKE_RUN = patterns.compile(rf"[\x20-\x7e\u0080-\u00ff\ufffd{CP1252_SPECIALS}]+")
MOJIBAKE_RUN_BEFORE = patterns.compile(rf"(?r)[\x20-\x7e\u0080-\u00ff\ufffd{CP1252_SPECIALS}]*")
REPLACEMENT_RUN = patterns.compile("\ufffd+")

# --- one scan for the rare characters ---------------------------------------------------------
# Controls, bidi controls and marks, default-ignorables and U+FFFD are rare: one scan finds the
# runs of any of them, and the four rules look only inside those runs.
ODD = patterns.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cc}\u2028\u2029\ufffd--[\t\n\r]]+",
                    regex.V1)
# Where the first run starts (in most texts, nowhere): the default-ignorables are one property,
# which regex scans several times faster than ODD's class; the other characters are in RARE.
DEFAULT_IGNORABLE = patterns.compile(r"\p{Default_Ignorable_Code_Point}")


@cache
def odd_controls() -> re.Pattern:
    """The rest of ODD's characters, compiled when first needed (half a millisecond; most texts
    hold none of RARE's characters, so it is never needed)."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffd]")


# One scan of a fixed class (the standard re scans it fastest) for the characters that start
# odd_controls(), PRESENTATION_HINT and MOJIBAKE_HINT matches: their scans start where it finds
# the first, if anywhere.
RARE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c2-\u00f4\u2028\u2029"
                  "\ufb50-\ufefe\ufffd]")
