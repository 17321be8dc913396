"""Normalised copies of words for comparisons (duplicates): never applied to the document.

Two spellings of the same text should compare equal: NFC and non-NFC, Arabic and Urdu letter
variants (ي/ی, ك/ک, ه/ہ), the digit systems (0-9, ٠-٩, ۰-۹, ०-९), tatweel, joiners and
Latin case. Punctuation and quotes are not words, so their variants cannot make two texts differ,
and runs of white space are only separators.

``words(text, start, end)`` gives raw offsets (for reporting) and normalised keys (for
comparing). Word splitting uses ``regex``: stdlib ``re`` splits Devanagari
and Arabic words at vowel signs, nukta and harakat.
"""

from __future__ import annotations

import sys
import unicodedata
import zlib
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from linter import patterns

NORMALISATION_VERSION = 2  # bump when keys or hashes change: stored indexes are then rebuilt

# A word: letters, marks and digits, with joiners (ZWNJ, ZWJ) and tatweel inside it.
WORD = patterns.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}\u200c\u200d\u0640]*")

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
WORD_SPLIT = patterns.compile(f"({WORD.pattern})")


class Words(NamedTuple):
    """The words of a text as three parallel lists: raw start and end offsets, and keys."""

    starts: list[int]
    ends: list[int]
    keys: list[str]


def words(text: str, start: int = 0, end: int | None = None) -> Words:
    """Words of ``text[start:end]`` with raw offsets and normalised keys.

    One split in C, offsets by accumulating the part lengths, keys through the cached
    :func:`fold`: no Python code runs per word.
    """
    end = len(text) if end is None else end
    parts = WORD_SPLIT.split(text[start:end] if start or end != len(text) else text)
    if len(parts) < 3:
        return Words([], [], [])
    offsets = list(accumulate(map(len, parts), initial=start))
    return Words(offsets[1::2], offsets[2::2], list(map(fold, parts[1::2])))


def shingles(words: list[str], size: int) -> set[str]:
    """Word n-grams (all words when there are fewer than ``size``)."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*[words[i:] for i in range(size)])))


# Shingle hashes: each word's CRC-32, combined over the n-gram as a polynomial modulo 2**64
# (top 32 bits kept). Stable across processes and runs, unlike ``hash()``.
_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def shingle_hashes(words: list[str], size: int):
    """Sorted distinct 32-bit hashes of the word n-grams (one n-gram of all the words when
    there are fewer than ``size``): the same values in every process and run.

    Vectorised with NumPy when it is already loaded (a run of many articles: then a uint32
    array); otherwise the same arithmetic in Python (a list), so a one-file run does not pay
    NumPy's import.
    """
    return _combine(list(map(zlib.crc32, map(str.encode, words))), size)


def shingle_hashes_of_ids(ids: list[int], distinct: list[str], size: int):
    """:func:`shingle_hashes` of ``[distinct[i] for i in ids]``, hashing each distinct word
    once (most words of an article recur)."""
    crcs = list(map(zlib.crc32, map(str.encode, distinct)))
    numpy = sys.modules.get("numpy")
    if numpy is None or not ids:
        return _combine([crcs[i] for i in ids], size)
    return _combine(numpy.array(crcs, dtype=numpy.uint64)[numpy.array(ids)], size)


def _combine(word_hashes, size: int):
    """Each n-gram's word hashes as a polynomial modulo 2**64, top 32 bits, sorted, distinct
    (``word_hashes``: a list, or a uint64 array when NumPy is loaded)."""
    if not len(word_hashes):
        return []
    size = max(1, min(size, len(word_hashes)))
    numpy = sys.modules.get("numpy")
    if numpy is None:
        values = set()
        for i in range(len(word_hashes) - size + 1):
            value = 0
            for word_hash in word_hashes[i:i + size]:
                value = (value * _MIX + word_hash) & _MASK
            values.add(value >> 32)
        return sorted(values)
    each = numpy.asarray(word_hashes, dtype=numpy.uint64)
    count = len(each) - size + 1
    value = numpy.zeros(count, dtype=numpy.uint64)
    mix = numpy.uint64(_MIX)
    with numpy.errstate(over="ignore"):
        for offset in range(size):
            value = value * mix + each[offset:offset + count]
    return numpy.unique((value >> numpy.uint64(32)).astype(numpy.uint32))
