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
from functools import cached_property
from itertools import chain, count
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
            _new_tuple(Unit, (p, bisect_left(starts, p.start), bisect_left(starts, p.end)))
            for p in doc.paragraphs]
    return cached


_new_tuple = tuple.__new__  # a named tuple without the Python-level __new__ call


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
    """Each body word as a small number (equal numbers, equal keys; numbered in order of first
    occurrence) and the keys by number; cached. Comparing and hashing ints is cheaper than
    strings, and n-grams of them pack into one int (:class:`Grams`)."""
    cached = doc.cache.get("duplicates.ids")
    if cached is None:
        keys = document_words(doc).keys
        numpy = sys.modules.get("numpy")
        if numpy is not None and keys:
            array, distinct = _numbered(numpy, keys)
            doc.cache["duplicates.id_array"] = array
            cached = doc.cache["duplicates.ids"] = (array.tolist(), distinct)
        else:
            distinct = list(dict.fromkeys(keys))
            number = dict(zip(distinct, range(len(distinct))))
            cached = doc.cache["duplicates.ids"] = (list(map(number.__getitem__, keys)),
                                                    distinct)
    return cached


def _numbered(numpy, keys: list[str]):
    """:func:`word_ids` of ``keys`` as a uint64 array, and the distinct keys: one pass of the
    keys through a dict (each key's first position), the positions ranked in NumPy."""
    first_at: dict[str, int] = {}
    where = numpy.fromiter(map(first_at.setdefault, keys, count()), dtype=numpy.int64,
                           count=len(keys))
    rank = numpy.empty(len(keys), dtype=numpy.uint64)
    rank[numpy.fromiter(first_at.values(), dtype=numpy.int64, count=len(first_at))] = (
        numpy.arange(len(first_at), dtype=numpy.uint64))
    return rank[where], list(first_at)


def word_id_array(doc: Document):
    """:func:`word_ids` as a uint64 NumPy array (NumPy loaded); cached, so the n-grams of
    each size and the signature convert the ids once."""
    cached = doc.cache.get("duplicates.id_array")
    if cached is None:
        ids = word_ids(doc)[0]
        cached = doc.cache.get("duplicates.id_array")
        if cached is None:
            numpy = sys.modules["numpy"]
            cached = doc.cache["duplicates.id_array"] = numpy.array(ids, dtype=numpy.uint64)
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

    @cached_property
    def all(self) -> list:
        """Every n-gram of the document, in order (made on first use from :attr:`array`)."""
        return self.array.tolist()

    @classmethod
    def of_document(cls, doc: Document, size: int) -> Grams:
        """The document's n-grams of ``size``; cached (paragraphs and sentences share them)
        until :func:`drop_grams`."""
        cached = doc.cache.setdefault(GRAMS_KEY, {})
        if size not in cached:
            ids, distinct = word_ids(doc)
            array = word_id_array(doc) if sys.modules.get("numpy") is not None and ids else None
            cached[size] = cls(ids, len(distinct), size, array)
        return cached[size]

    @cached_property
    def twice(self):
        """Per n-gram position (numbers only): whether its n-gram occurs twice or more in the
        document."""
        return self._repeats[0]

    @cached_property
    def twice_by_value(self):
        """The positions of :attr:`twice` n-grams and their numbers, ordered by number and,
        for equal numbers, by position."""
        return self._repeats[1:]

    @cached_property
    def _repeats(self):
        """:attr:`twice` and :attr:`twice_by_value`, from one stable sort of the numbers."""
        numpy = sys.modules["numpy"]
        order = self.array.argsort(kind="stable")
        ordered = self.array[order]
        same = ordered[1:] == ordered[:-1]
        repeated = numpy.zeros(len(ordered), dtype=bool)
        repeated[1:] = same
        repeated[:-1] |= same
        twice = numpy.empty(len(ordered), dtype=bool)
        twice[order] = repeated
        return twice, order[repeated], ordered[repeated]

    @cached_property
    def held(self):
        """``held[i]``: the positions before ``i`` of :attr:`twice` n-grams (one more entry
        than positions), so a range's count is one subtraction."""
        numpy = sys.modules["numpy"]
        held = numpy.zeros(len(self.array) + 1, dtype=numpy.int64)
        numpy.cumsum(self.twice, out=held[1:])
        return held

    def of(self, first: int, last: int) -> set:
        if last - first < self.size:
            return {tuple(self.ids[first:last])} if last > first else set()
        if self.array is not None and "all" not in self.__dict__:
            return set(self.array[first:last - self.size + 1].tolist())
        return set(self.all[first:last - self.size + 1])


# From this many ranges the array computation is cheaper than the sets (from one, with the
# document's n-grams counted once for paragraphs and sentences: about 11 against 24 us).
ARRAYS_FROM = 1


def worth_comparing(grams: Grams, ranges: list[tuple[int, int]], threshold: float,
                    arrays_from: int = ARRAYS_FROM) -> list[bool]:
    """For each word range ``[first, last)``: whether its n-gram set can reach Jaccard
    ``threshold`` with another range's, that is :func:`may_match` against the
    :func:`repeated_grams` of all the ranges' sets.

    With ``arrays_from`` ranges or more, when the n-grams are numbers and every range holds
    one, this runs over all ranges at once in NumPy (no set per range), see
    :func:`_worth_in_arrays`. Otherwise, with the sets.
    """
    numpy = sys.modules.get("numpy")
    if (numpy is None or grams.array is None or len(ranges) < max(arrays_from, 1)
            or any(last - first < grams.size for first, last in ranges)):
        sets = [grams.of(first, last) for first, last in ranges]
        repeated = repeated_grams(sets)
        return [may_match(item, repeated, threshold) for item in sets]
    return _worth_in_arrays(numpy, grams, ranges, threshold)


def _worth_in_arrays(numpy, grams: Grams, ranges: list[tuple[int, int]],
                     threshold: float) -> list[bool]:
    """:func:`worth_comparing` of ranges that each hold an n-gram, in NumPy.

    A range's n-grams that occur once in the whole document are distinct and held by no other
    range (when the ranges are disjoint): with ``u`` of its ``c`` n-gram positions such,
    ``d`` distinct n-grams and ``s`` held by another range, ``s <= d - u`` and ``d <= c``, so
    reaching ``s >= threshold * d`` needs ``c - u >= threshold * c``. Most ranges of most
    documents fall short and are ruled out by counting alone (:attr:`Grams.held`). Otherwise
    the (n-gram, range) pairs of the n-grams occurring twice come from the document's n-grams
    sorted once (:attr:`Grams.twice_by_value`); repeats within a range are dropped, the
    n-grams held by two ranges marked, and the counts made per range.
    """
    bounds = numpy.fromiter(chain.from_iterable(ranges), dtype=numpy.int64,
                            count=2 * len(ranges))
    firsts = bounds[0::2]
    lasts = bounds[1::2] - (grams.size - 1)  # the ranges' n-gram positions: [first, last)
    counts = lasts - firsts
    if not (firsts[1:] >= lasts[:-1]).all():  # overlapping or out of order: no shortcut
        return _sort_and_count(numpy, grams.array, firsts, counts, threshold)
    held = grams.held
    twice = held[lasts] - held[firsts]  # positions whose n-gram occurs twice in the document
    if not (twice >= counts * (threshold * (1 - 1e-6))).any():
        return [False] * len(ranges)
    # The twice n-grams inside the ranges, by number then position, so by number then range.
    positions, values = grams.twice_by_value
    owner = numpy.searchsorted(firsts, positions, side="right") - 1
    inside = (owner >= 0) & (positions < lasts[owner])
    return _count_shared(numpy, values[inside], owner[inside], counts - twice, threshold)


def _count_shared(numpy, values, owner, alone, threshold: float) -> list[bool]:
    """The test of :func:`worth_comparing` from (n-gram, range) pairs ordered by n-gram, then
    range; ``alone``: per range, the n-grams no other range can hold, besides the pairs."""
    new = numpy.ones(len(values), dtype=bool)
    new[1:] = (values[1:] != values[:-1]) | (owner[1:] != owner[:-1])
    values, owner = values[new], owner[new]
    held_before = values[1:] == values[:-1]  # each pair now names a distinct range
    repeated = numpy.zeros(len(values), dtype=bool)
    repeated[1:] |= held_before
    repeated[:-1] |= held_before
    distinct = numpy.bincount(owner, minlength=len(alone)) + alone
    shared = numpy.bincount(owner, weights=repeated, minlength=len(alone))
    return (shared >= threshold * distinct * (1 - 1e-9)).tolist()


def _sort_and_count(numpy, values, firsts, counts, threshold: float) -> list[bool]:
    """The exact test of :func:`_worth_in_arrays` for any ranges of ``counts`` n-gram
    positions from ``firsts``: every (n-gram, range) pair, sorted."""
    ends = numpy.cumsum(counts)
    owner = numpy.repeat(numpy.arange(len(counts)), counts)
    position = numpy.arange(int(ends[-1])) + numpy.repeat(firsts - (ends - counts), counts)
    values = values[position]
    order = numpy.lexsort((owner, values))
    return _count_shared(numpy, values[order], owner[order], numpy.zeros_like(counts),
                         threshold)
