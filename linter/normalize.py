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
from linter.scripts import bmp_plane

NORMALISATION_VERSION = 2  # bump when keys or hashes change: stored indexes are then rebuilt

# A word: letters, marks and digits, with joiners (ZWNJ, ZWJ) and tatweel inside it.
WORD = patterns.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}\u200c\u200d\u0640]*")
WORD_STARTS = patterns.compile(r"[\p{L}\p{N}]+")
WORD_CHARACTERS = patterns.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d\u0640]+")

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

    With NumPy loaded (a run of many articles), word edges and keys come from table lookups
    per character (:func:`_words_numpy`, :func:`_keys_numpy`); otherwise, or for text outside
    the Basic Multilingual Plane, from one ``WORD`` split in C, offsets by accumulating the
    part lengths and keys through the cached :func:`fold`. No Python code runs per word.
    """
    end = len(text) if end is None else end
    piece = text[start:end] if start or end != len(text) else text
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        found = _words_numpy(numpy, piece, start)
        if found is not None:
            return found
    parts = WORD_SPLIT.split(piece)
    if len(parts) < 3:
        return Words([], [], [])
    offsets = list(accumulate(map(len, parts), initial=start))
    return Words(offsets[1:-1:2], offsets[2::2], list(map(fold, parts[1::2])))


def _words_numpy(numpy, piece: str, start: int) -> Words | None:
    """:func:`words` of ``piece`` (at ``start``) by array operations, or None when ``piece``
    holds a character outside the BMP.

    ``WORD`` matches from a letter or digit through the run of word characters (letters, marks,
    digits, joiners, tatweel) it starts: a run's leading marks are skipped. The text is read
    between two NULs (never word characters), so every run has both edges and array position
    ``i + 1`` is character ``i``; one table lookup per character gives all its properties
    (:func:`_char_info`).
    """
    codes = numpy.frombuffer(f"\0{piece}\0".encode("utf-32-le", "surrogatepass"),
                             dtype=numpy.uint32)
    try:
        info = _char_info()[0].take(codes)
    except IndexError:  # a code point past the table's 0x10000
        return None
    in_word = (info & _WORD_CHARACTER).view(bool)
    edges = numpy.flatnonzero(in_word[1:] != in_word[:-1])  # character offsets in piece
    if not len(edges):
        return Words([], [], [])
    if not (info.take(edges[0::2] + 1) & _WORD_START).all():  # a run opens with a mark
        in_word = _skip_leading_marks(numpy, info, in_word)
        edges = numpy.flatnonzero(in_word[1:] != in_word[:-1])
        if not len(edges):
            return Words([], [], [])
    firsts, ends = edges[0::2], edges[1::2]
    return Words((firsts + start).tolist(), (ends + start).tolist(),
                 _keys_numpy(numpy, piece, codes, info, in_word, firsts, ends))


def _skip_leading_marks(numpy, info, in_word):
    """``in_word`` less the word characters of each run before its first letter or digit."""
    where = numpy.arange(len(info))
    last_gap = numpy.maximum.accumulate(numpy.where(in_word, -1, where))
    last_start = numpy.maximum.accumulate(numpy.where(info & _WORD_START, where, -1))
    return last_start > last_gap


def _keys_numpy(numpy, piece: str, codes, info, in_word, firsts, ends) -> list[str]:
    """:func:`fold` of each word ``piece[firsts[i]:ends[i]]``, character by character through
    a table (no lookup per word in a cache shared by the whole run, whose memory traffic cost
    more than the folding itself); only words the table cannot fold alone go to :func:`fold`.
    ``codes``, ``info`` and ``in_word`` are padded with one NUL on each side.

    A word whose characters are all NFC_Quick_Check=Yes, with its combining marks in canonical
    order, is NFC as it stands (UAX #15's quick check), so its key is each character's
    translation and case fold (both character by character; the table says when one gives
    several characters). Deleted characters are dropped; NUL separates the words.
    """
    folds, classes = _char_info()[1], _fold_table()[2]
    kept = in_word & ((info & _DELETED) == 0)
    kept[ends[:-1] + 1] = True  # one separator after each word but the last (folds to NUL)
    keys = folds.take(codes[kept]).tobytes().decode("utf-16-le").split("\0")
    # Words to fold whole: a character the table cannot fold alone, or two combining marks
    # out of canonical order (both have a non-zero class).
    whole = numpy.flatnonzero(info & _WHOLE)
    marks = numpy.flatnonzero(info[1:] & info[:-1] & _COMBINING)  # marks at p and p + 1
    if len(marks):
        marks = marks[(classes.take(codes[marks]) > classes.take(codes[marks + 1]))
                      & in_word[marks]] + 1
        whole = numpy.concatenate((whole, marks))
    if len(whole):
        whole = whole[in_word[whole]] - 1  # character offsets in piece
        numbers = numpy.searchsorted(firsts, whole, side="right") - 1
        for number in set(numbers.tolist()):
            keys[number] = fold(piece[firsts[number]:ends[number]])
    return keys


_CONTINUES, _STARTS = 1, 2
_FOLD_DELETED, _FOLD_WHOLE = 1, 2
# Bits of _char_info.
_WORD_CHARACTER, _WORD_START, _DELETED, _WHOLE, _COMBINING = 1, 2, 4, 8, 16
NFC_UNSURE = patterns.compile(r"\P{NFC_QC=Yes}")


@lru_cache(maxsize=1)
def _fold_table():
    """Three tables over the BMP: the code point :func:`fold` makes of each character in NFC
    text; its kind (``_FOLD_DELETED``: dropped; ``_FOLD_WHOLE``: its word goes to
    :func:`fold`, because its NFC_Quick_Check is not Yes or it folds to several characters;
    else 0); and its canonical combining class.

    Folding and classes come from the same ``unicodedata`` as :func:`fold`; quick-check values
    from ``regex``, whose Unicode may be newer. For a character both know they agree
    (normalisation stability); a character only ``regex`` knows is unassigned for
    ``unicodedata``, so NFC leaves it alone: folding it whole is exact either way."""
    import numpy

    plane = bmp_plane()
    chars = list(plane)
    folded = list(map(str.casefold, (char.translate(_TABLE) for char in chars)))
    lengths = numpy.fromiter(map(len, folded), dtype=numpy.int64, count=0x10000)
    # A stand-in for the rest (never NUL, the separator): dropped, or replaced by fold().
    one = "".join([text if len(text) == 1 else "\x01" for text in folded])
    folds = numpy.frombuffer(one.encode("utf-32-le"), dtype=numpy.uint32)
    kinds = numpy.zeros(0x10000, dtype=numpy.uint8)
    kinds[lengths == 0] = _FOLD_DELETED
    kinds[lengths > 1] = _FOLD_WHOLE
    for run in NFC_UNSURE.finditer(plane):
        kinds[run.start():run.end()] = _FOLD_WHOLE
    classes = numpy.fromiter(map(unicodedata.combining, chars), dtype=numpy.uint8,
                             count=0x10000)
    return folds, kinds, classes


@lru_cache(maxsize=1)
def _word_classes():
    """For each BMP code point: ``_STARTS`` when ``WORD`` can start there (letters, digits),
    ``_CONTINUES`` when it can only continue a word (marks, joiners), else 0. Built with the
    same ``regex`` classes as ``WORD``, so both paths split alike."""
    import numpy

    table = numpy.zeros(0x10000, dtype=numpy.uint8)
    plane = bmp_plane()
    for classes, value in ((WORD_CHARACTERS, _CONTINUES), (WORD_STARTS, _STARTS)):
        for run in classes.finditer(plane):
            table[run.start():run.end()] = value
    return table


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


def shingle_hashes_of_ids(ids, distinct: list[str], size: int):
    """:func:`shingle_hashes` of ``[distinct[i] for i in ids]``, hashing each distinct word
    once (most words of an article recur). ``ids``: a list, or an integer NumPy array."""
    crcs = map(zlib.crc32, map(str.encode, distinct))
    numpy = sys.modules.get("numpy")
    if numpy is None or not len(ids):
        crcs = list(crcs)
        return _combine([crcs[i] for i in ids], size)
    return _combine(numpy.fromiter(crcs, dtype=numpy.uint64, count=len(distinct))[ids], size)


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
    # Horner's rule in place; array arithmetic wraps modulo 2**64 without a warning.
    value = each[:count].copy()
    mix = numpy.uint64(_MIX)
    for offset in range(1, size):
        value *= mix
        value += each[offset:offset + count]
    value >>= numpy.uint64(32)
    top = value.astype(numpy.uint32)
    top.sort()  # then drop repeats: for small arrays far cheaper than numpy.unique's hashing
    keep = numpy.empty(len(top), dtype=bool)
    keep[0] = True
    numpy.not_equal(top[1:], top[:-1], out=keep[1:])
    return top[keep]


@lru_cache(maxsize=1)
def _char_info():
    """Two tables over the BMP, from :func:`_word_classes` and :func:`_fold_table`, for
    :func:`_words_numpy`: the bits of each code point, ``_WORD_CHARACTER`` (``WORD`` can hold
    it), ``_WORD_START`` (``WORD`` can start there), ``_DELETED`` and ``_WHOLE`` (its fold
    kind, for word characters) and ``_COMBINING`` (a non-zero canonical combining class); and
    its fold as one UTF-16 code unit, NUL (the separator of words) for a character no word
    holds. A word character whose fold is none (outside the BMP, or a surrogate) is
    ``_WHOLE``."""
    import numpy

    word = _word_classes()
    folds, kinds, classes = _fold_table()
    folds = numpy.where(word != 0, folds, 0)
    wide = (folds > 0xFFFF) | ((folds >= 0xD800) & (folds <= 0xDFFF))
    folds[wide] = 1
    info = numpy.zeros(0x10000, dtype=numpy.uint8)
    info[word != 0] |= _WORD_CHARACTER
    info[word == _STARTS] |= _WORD_START
    info[(word != 0) & (kinds == _FOLD_DELETED)] |= _DELETED
    info[(word != 0) & ((kinds == _FOLD_WHOLE) | wide)] |= _WHOLE
    info[classes != 0] |= _COMBINING
    return info, folds.astype(numpy.uint16)
