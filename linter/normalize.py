"""Normalised copies of words for comparisons (duplicates): never applied to the document.

Two spellings of the same text should compare equal: NFC and non-NFC, Arabic and Urdu letter
variants (ي/ی, ك/ک, ه/ہ), the digit systems (0-9, ٠-٩, ۰-۹, ०-९), tatweel, joiners and
Latin case. Punctuation and quotes are not words, so their variants cannot make two texts differ,
and runs of white space are only separators.

``tokens(text, start, end)`` yields ``(start, end, key)``: raw offsets (for reporting) and the
normalised key (for comparing). Word splitting uses ``regex``: stdlib ``re`` splits Devanagari
and Arabic words at vowel signs, nukta and harakat.
"""

from __future__ import annotations

import unicodedata
import zlib
from functools import lru_cache
from itertools import accumulate

import regex

NORMALISATION_VERSION = 1  # bump when keys change: stored indexes are then rebuilt

# A word: letters, marks and digits, with joiners (ZWNJ, ZWJ) and tatweel inside it.
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}\u200c\u200d\u0640]*")

_FOLD = {
    # Arabic letter variants in Urdu text -> the Urdu letters.
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d0": "\u06cc",  # ي ى ې -> ی
    "\u0643": "\u06a9",  # ك -> ک
    "\u0647": "\u06c1", "\u06d5": "\u06c1",  # ه ە -> ہ
    "\u0629": "\u06c3",  # ة -> ۃ
    # Removed: tatweel, joiners, soft hyphen, zero-width space, word joiner, BOM.
    "\u0640": None, "\u200c": None, "\u200d": None, "\u00ad": None, "\u200b": None,
    "\u2060": None, "\ufeff": None,
}
for _zero in (0x0660, 0x06F0, 0x0966):  # Arabic-Indic, Extended Arabic-Indic, Devanagari
    for _digit in range(10):
        _FOLD[chr(_zero + _digit)] = str(_digit)
_TABLE = str.maketrans(_FOLD)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The comparison key of one word."""
    return unicodedata.normalize("NFC", word).translate(_TABLE).casefold()


# Split keeps the words (the capture group) between the gaps: gap, word, gap, ..., gap.
WORD_SPLIT = regex.compile(f"({WORD.pattern})")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Words of ``text[start:end]`` as ``(start, end, key)`` with raw offsets."""
    end = len(text) if end is None else end
    # One split in C, offsets by accumulating the part lengths: no Python work per match.
    parts = WORD_SPLIT.split(text[start:end])
    if len(parts) < 3:
        return []
    offsets = list(accumulate(map(len, parts), initial=start))
    return list(zip(offsets[1::2], offsets[2::2], map(fold, parts[1::2])))


def keys(text: str) -> list[str]:
    """Just the normalised words of ``text``."""
    return [fold(word) for word in WORD.findall(text)]


def shingles(words: list[str], size: int) -> set[str]:
    """Word n-grams (all words when there are fewer than ``size``)."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*[words[i:] for i in range(size)])))


def shingle_hashes(words: list[str], size: int) -> list[int]:
    """Stable 32-bit hashes of the word n-grams (the same in every process and run)."""
    return sorted(set(map(zlib.crc32, map(str.encode, shingles(words, size)))))
