"""The words of an article as the duplicate checks compare them: split and normalised once
per document, as ids and n-grams, with the set operations that find repeats cheaply.

Every comparison runs on normalised word keys (:mod:`linter.normalize`); ``doc.cache`` holds
the words, the paragraph units, the word ids and the n-grams, so the document rules and the
archive rule share one pass.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Iterable
from typing import NamedTuple

from linter import normalize
from linter.document import Document, Paragraph


class Unit(NamedTuple):
    """A paragraph (title and headings too) and its words: ``words[first:last]``."""

    paragraph: Paragraph
    first: int
    last: int


def document_words(doc: Document) -> normalize.Words:
    """The words of the article body, split and normalised once; cached on the document."""
    cached = doc.cache.get("duplicates.words")
    if cached is None:
        cached = doc.cache["duplicates.words"] = normalize.words(doc.text, doc.body_start)
    return cached


def paragraph_units(doc: Document) -> list[Unit]:
    """Each paragraph with the range of its words in :func:`document_words`; cached.

    Paragraphs are trimmed lines (or blocks of lines), so no word straddles their edges.
    """
    cached = doc.cache.get("duplicates.units")
    if cached is None:
        starts = document_words(doc).starts
        cached = doc.cache["duplicates.units"] = [
            Unit(p, bisect_left(starts, p.start), bisect_left(starts, p.end))
            for p in doc.paragraphs]
    return cached


def repeated_grams(gram_sets: Iterable[set]) -> set:
    """The grams held by at least two of the sets (set operations in C)."""
    seen: set = set()
    repeated: set = set()
    for grams in gram_sets:
        repeated |= grams & seen
        seen |= grams
    return repeated


def may_match(grams: set, repeated: set, threshold: float) -> bool:
    """Whether ``grams`` can reach Jaccard ``threshold`` with any other set.

    ``J(A, B) >= t`` needs ``|A & B| >= t * |A|``, and every gram of ``A & B`` is held by two
    sets: an item with fewer repeated grams than that is never similar enough to another, so
    it needs no index work at all (most sentences of most articles).
    """
    return len(grams & repeated) >= threshold * len(grams) * (1 - 1e-9)


class NearIndex:
    """Earlier items by shingle, to find the most similar earlier item without n² work.

    Set operations run in C: the shingles shared with any earlier item are one intersection
    with the index's keys (usually empty), and only the items holding them are scored.
    """

    def __init__(self) -> None:
        self.sets: list[set] = []
        self.first: dict = {}  # shingle -> the first item holding it
        self.more: dict = {}  # shingle -> later items holding it too

    def best(self, shingles: set, threshold: float) -> tuple[int, float] | None:
        shared = shingles & self.first.keys()
        if not shared:
            return None
        candidates = {self.first[s] for s in shared}
        more = self.more
        if more:
            for s in shared & more.keys():
                candidates.update(more[s])
        best = None
        size = len(shingles)
        for index in sorted(candidates):
            other = self.sets[index]
            inter = len(shingles & other)
            score = inter / (size + len(other) - inter)
            if score >= threshold and (best is None or score > best[1]):
                best = (index, score)
        return best

    def add(self, shingles: set) -> int:
        index = len(self.sets)
        self.sets.append(shingles)
        first = self.first
        shared = shingles & first.keys()  # iterates the smaller side
        for shingle in shared:
            self.more.setdefault(shingle, []).append(index)
        first.update(dict.fromkeys(shingles - shared if shared else shingles, index))
        return index


def word_ids(doc: Document) -> tuple[list[int], list[str]]:
    """Each body word as a small number (equal numbers, equal keys) and the keys by number;
    cached. Comparing and hashing ints is cheaper than strings, and n-grams of them pack into
    one int (:class:`Grams`)."""
    cached = doc.cache.get("duplicates.ids")
    if cached is None:
        keys = document_words(doc).keys
        distinct = list(dict.fromkeys(keys))
        number = dict(zip(distinct, range(len(distinct))))
        cached = doc.cache["duplicates.ids"] = (list(map(number.__getitem__, keys)), distinct)
    return cached


def word_id_array(doc: Document):
    """:func:`word_ids` as a uint64 NumPy array (NumPy loaded); cached, so the n-grams of
    each size and the signature convert the ids once."""
    cached = doc.cache.get("duplicates.id_array")
    if cached is None:
        numpy = sys.modules["numpy"]
        cached = doc.cache["duplicates.id_array"] = numpy.array(word_ids(doc)[0],
                                                                dtype=numpy.uint64)
    return cached


GRAMS_KEY = "duplicates.grams"


def drop_grams(doc: Document) -> None:
    """Free the document's n-grams: only the repeat rules use them, and for a long article
    they are tens of megabytes that the checks after them would otherwise hold on to."""
    doc.cache.pop(GRAMS_KEY, None)


class Grams:
    """The word n-grams of ``words[first:last]`` as sets, sliced from one list of all the
    document's n-grams. An n-gram is its word ids as one number in base ``V`` (the document's
    count of distinct words), computed in NumPy: two n-grams are equal exactly when their
    numbers are (when ``V ** size`` does not fit 64 bits, or NumPy is not loaded, a tuple of
    the ids). A unit with fewer words than ``size`` is one shorter tuple, equal to no n-gram.
    The sets are one-to-one with those of :func:`normalize.shingles`."""

    def __init__(self, ids: list[int], distinct: int, size: int, id_array=None) -> None:
        self.ids, self.size = ids, size
        numpy = sys.modules.get("numpy")
        base = max(distinct, 2)
        self.array = None  # the numbers as a uint64 array, when they are numbers
        if numpy is None or base ** size > 1 << 64 or len(ids) < size:
            self.all = list(zip(*[ids[i:] for i in range(size)]))
            return
        each = id_array if id_array is not None else numpy.array(ids, dtype=numpy.uint64)
        count = len(ids) - size + 1
        value = each[:count].copy()
        for offset in range(1, size):
            value *= numpy.uint64(base)
            value += each[offset:offset + count]
        self.array = value
        self.all = value.tolist()

    @classmethod
    def of_document(cls, doc: Document, size: int) -> Grams:
        """The document's n-grams of ``size``; cached (paragraphs and sentences share them)
        until :func:`drop_grams`."""
        cached = doc.cache.setdefault(GRAMS_KEY, {})
        if size not in cached:
            ids, distinct = word_ids(doc)
            array = word_id_array(doc) if "numpy" in sys.modules and ids else None
            cached[size] = cls(ids, len(distinct), size, array)
        return cached[size]

    def of(self, first: int, last: int) -> set:
        if last - first < self.size:
            return {tuple(self.ids[first:last])} if last > first else set()
        return set(self.all[first:last - self.size + 1])


# From this many ranges the array computation is cheaper than the sets (about 35 us each way
# at 25 ranges of 20 words; 3 against 19 us at two ranges).
ARRAYS_FROM = 24


def worth_comparing(grams: Grams, ranges: list[tuple[int, int]], threshold: float,
                    arrays_from: int = ARRAYS_FROM) -> list[bool]:
    """For each word range ``[first, last)``: whether its n-gram set can reach Jaccard
    ``threshold`` with another range's, that is :func:`may_match` against the
    :func:`repeated_grams` of all the ranges' sets.

    With ``arrays_from`` ranges or more, when the n-grams are numbers and every range holds
    one, this runs over all ranges at once in NumPy (no set per range): sort the (n-gram,
    range) pairs, drop repeats within a range, mark the n-grams held by two ranges, count per
    range. Otherwise, with the sets.
    """
    numpy = sys.modules.get("numpy")
    if (numpy is None or grams.array is None or len(ranges) < max(arrays_from, 1)
            or any(last - first < grams.size for first, last in ranges)):
        sets = [grams.of(first, last) for first, last in ranges]
        repeated = repeated_grams(sets)
        return [may_match(item, repeated, threshold) for item in sets]
    firsts = numpy.array([first for first, _ in ranges], dtype=numpy.int64)
    counts = numpy.array([last - first for first, last in ranges], dtype=numpy.int64)
    counts -= grams.size - 1
    owner = numpy.repeat(numpy.arange(len(ranges)), counts)
    ends = numpy.cumsum(counts)
    position = numpy.arange(int(ends[-1])) + numpy.repeat(firsts - (ends - counts), counts)
    values = grams.array[position]
    order = numpy.lexsort((owner, values))
    values, owner = values[order], owner[order]
    new = numpy.ones(len(values), dtype=bool)
    new[1:] = (values[1:] != values[:-1]) | (owner[1:] != owner[:-1])
    values, owner = values[new], owner[new]
    held_before = values[1:] == values[:-1]  # each pair now names a distinct range
    repeated = numpy.zeros(len(values), dtype=bool)
    repeated[1:] |= held_before
    repeated[:-1] |= held_before
    distinct = numpy.bincount(owner, minlength=len(ranges))
    shared = numpy.bincount(owner, weights=repeated, minlength=len(ranges))
    return (shared >= threshold * distinct * (1 - 1e-9)).tolist()
