"""Unicode script classification with compiled ``regex`` scans (Script_Extensions aware).

Other modules ask here which script a run of letters belongs to; nothing else in the package
hard-codes script ranges.
"""

from __future__ import annotations

from functools import cache

import regex

from linter import patterns


def bmp_plane() -> str:
    """Every code point of the Basic Multilingual Plane, in order, as one string: what table
    builders scan with a class pattern (character ``i`` is U+i). The surrogates stand in as NUL,
    which no letter, mark or word class matches."""
    return "".join(map(chr, range(0xD800))) + "\0" * 0x800 + "".join(
        map(chr, range(0xE000, 0x10000)))


@cache
def script_letters(script: str) -> regex.Pattern:
    """A pattern matching runs of letters and marks whose Script_Extensions include ``script``."""
    return patterns.compile(rf"[\p{{scx={script}}}&&[\p{{L}}\p{{M}}]]+", regex.V1)


def letter_count(text: str, script: str) -> int:
    """How many letters and marks of ``script`` the text holds (one scan, no per-char loop)."""
    return sum(map(len, script_letters(script).findall(text)))


def dominant_script(text: str, scripts: list[str]) -> tuple[str | None, dict[str, int]]:
    """The script among ``scripts`` with the most letters in ``text``, and all the counts."""
    counts = {script: letter_count(text, script) for script in scripts}
    best = max(counts, key=counts.get, default=None)
    if best is None or counts[best] == 0:
        return None, counts
    return best, counts


# --- Script-integrity helpers (rules S001-S006, linter/checks/scripts.py) -----------------------
#
# A *run* is a maximal stretch of letters (and the marks and joiners between and after them)
# that are not neutral (Common or Inherited) and not of a given base script. One compiled scan
# per document finds all runs; a second compiled pattern splits a run by script. Marks and
# joiners never decide a script: they belong to the letters around them.

# Scripts named in messages, in the order a letter shared between several is attributed.
KNOWN_SCRIPTS: tuple[str, ...] = (
    "Latin", "Arabic", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil",
    "Telugu", "Kannada", "Malayalam", "Sinhala", "Han", "Hiragana", "Katakana", "Bopomofo",
    "Hangul", "Thai", "Lao", "Tibetan", "Myanmar", "Khmer", "Greek", "Cyrillic", "Armenian",
    "Georgian", "Hebrew", "Syriac", "Thaana", "Ethiopic",
)
OTHER_SCRIPT = "Other"
# Scripts that legitimately share one word (Japanese mixes kanji and kana; Korean hanja).
SCRIPT_GROUPS: dict[str, str] = {s: "CJK" for s in ("Han", "Hiragana", "Katakana", "Bopomofo",
                                                    "Hangul")}

INWORD = r"[\p{M}\u200c\u200d]"  # marks and joiners: part of a word, never its script


def _letter(script: str) -> str:
    return rf"[\p{{L}}&&\p{{scx={script}}}]"


def _not_neutral_letter(exclude: str | None) -> str:
    base = rf"\p{{scx={exclude}}}" if exclude else ""
    return rf"[\p{{L}}--[{base}\p{{scx=Common}}\p{{scx=Inherited}}]]"


def _run(letter: str) -> str:
    return rf"{letter}(?:{INWORD}*{letter})*\p{{M}}*"


# The Unicode block most of a script's text is in. A run cannot start in a range that holds no
# letter it would count (checked when the pattern is built), so the run scan first skips such
# ranges: a class of two ranges is several times faster to scan than the letter class.
MAIN_BLOCKS: dict[str, tuple[int, int]] = {
    "Arabic": (0x0600, 0x06FF), "Devanagari": (0x0900, 0x097F), "Latin": (0x0041, 0x007F)}


def _skipped_ranges(letter: str, ranges: list[tuple[int, int]]) -> str:
    """The body of a character class of those ``ranges`` holding no character of ``letter``."""
    pattern = patterns.compile(letter, regex.V1)
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges
                   if pattern.search("".join(map(chr, range(low, high + 1)))) is None)


@cache
def foreign_runs(base: str | None) -> regex.Pattern:
    """Runs of non-neutral letters whose Script_Extensions exclude ``base`` (None: any)."""
    letter = _not_neutral_letter(base)
    ranges = [(0x00, 0x40)]  # ASCII up to "@": no letters
    if base in MAIN_BLOCKS:
        ranges.append(MAIN_BLOCKS[base])
    skipped = _skipped_ranges(letter, ranges)
    start = f"(?=[^{skipped}])" if skipped else ""
    return patterns.compile(start + _run(letter), regex.V1)


@cache
def base_letter(script: str) -> regex.Pattern:
    """One letter of ``script`` (by Script_Extensions)."""
    return patterns.compile(_letter(script), regex.V1)


@cache
def _script_split() -> regex.Pattern:
    """One named group per known script (compiled on first use: most articles hold no run of
    a foreign script, and the pattern takes several milliseconds to compile)."""
    return patterns.compile(
        "|".join(rf"(?P<{name}>{_run(_letter(name))})" for name in KNOWN_SCRIPTS)
        + rf"|(?P<{OTHER_SCRIPT}>{_run(_not_neutral_letter(None))})", regex.V1)
WORD_AFTER = patterns.compile(r"[\p{L}\p{M}\u200c\u200d]*", regex.V1)
WORD_BEFORE = patterns.compile(r"(?r)[\p{L}\p{M}\u200c\u200d]*", regex.V1)


@cache
def _first_script_run() -> regex.Pattern:
    """The first alternative of ``_script_split`` alone."""
    return patterns.compile(_run(_letter(KNOWN_SCRIPTS[0])), regex.V1)


def split_by_script(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``text[start:end]`` (one run) as ``(start, end, script)`` pieces, one per script."""
    # Most runs are one Latin word: the split's first alternative matching all of it is the
    # split's one piece.
    whole = _first_script_run().match(text, start, end)
    if whole is not None and whole.end() == end:
        return [(start, end, KNOWN_SCRIPTS[0])]
    return [(m.start(), m.end(), m.lastgroup) for m in _script_split().finditer(text, start, end)]


def word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The word (maximal run of letters, marks and joiners) holding ``text[start:end]``."""
    return WORD_BEFORE.match(text, 0, start).start(), WORD_AFTER.match(text, end).end()


def mixing_group(script: str) -> str:
    """Scripts in one group may share a word (kanji and kana); others may not."""
    return SCRIPT_GROUPS.get(script, script)
