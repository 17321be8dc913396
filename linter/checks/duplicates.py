"""Duplicates: repeated paragraphs, sentences and phrases, and articles archived twice.

Scraped and machine-translated archives repeat themselves: a paragraph pasted again after a
``***`` separator, a sentence restated, a phrase stuttered inside one sentence, the same story
saved under two file names. Every comparison runs on normalised word keys
(:mod:`linter.normalize`: NFC, letter variants, digit systems, tatweel, joiners, case; punctuation
and white space are separators), while findings point at the raw text.

``repeats`` serves the four document rules; ``duplicate_article`` is an archive check (a MinHash
signature per article, compared with datasketch's MinHash LSH, and with a stored signature index
of the rest of the archive when one exists; see :mod:`linter.index`). The shared word analysis
is :mod:`linter.checks.word_grams`.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from linter import normalize, signatures, sketch
from linter.checks import CheckContext, DocumentKey, LocatedIssue
from linter.checks.word_grams import (
    Grams,
    NearIndex,
    Unit,
    document_words,
    drop_grams,
    paragraph_units,
    word_id_array,
    word_ids,
    worth_comparing,
)
from linter.document import Document, Paragraph
from linter.findings import Issue
from linter.hashing import blake2b
from linter.signatures import SignatureTable

PARAGRAPH = "duplicate-paragraph"
NEAR_PARAGRAPH = "near-duplicate-paragraph"
SENTENCE = "duplicate-sentence"
PHRASE = "repeated-phrase"
ARTICLE = "duplicate-article"


def _line(doc: Document, offset: int) -> int:
    return doc.position(offset)[0]


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- document rules ------------------------------------------------------------------------

def repeats(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Paragraphs, sentences and phrases that repeat within one article.

    - ``duplicate-paragraph``: a paragraph equal to an earlier one after normalisation.
    - ``near-duplicate-paragraph``: word-shingle Jaccard at or above ``threshold`` with an
      earlier paragraph.
    - ``duplicate-sentence``: a sentence of at least ``min-words`` words repeated exactly or
      nearly elsewhere in the article (sentences of repeated paragraphs are not reported again).
    - ``repeated-phrase``: ``min-words`` or more words repeated inside one sentence, the repeat
      starting at most ``max-gap`` words after the first occurrence ends (a stutter, not a
      parallel construction far apart in a long sentence).

    Short lines (``***``, a one-word line, a sign-off) have fewer than ``min-words`` words and
    are never compared. Bad: a paragraph pasted again after ``***``. Good: every paragraph once.
    """
    units = paragraph_units(doc)
    words = document_words(doc)
    flagged: set[int] = set()  # paragraphs reported as repeats: their sentences are not
    try:
        if ctx.enabled(PARAGRAPH) or ctx.enabled(NEAR_PARAGRAPH):
            yield from _paragraphs(doc, ctx, units, words, flagged)
        if ctx.enabled(SENTENCE) or ctx.enabled(PHRASE):
            sentences = _sentence_words(doc, units, words)
            if ctx.enabled(SENTENCE):
                yield from _sentences(doc, ctx, units, words, sentences, flagged)
            if ctx.enabled(PHRASE):
                yield from _phrases(doc, ctx, words, sentences)
    finally:
        drop_grams(doc)


def _sentence_words(doc: Document, units: list[Unit], words: normalize.Words):
    """Per unit: its sentences as ``(span, first word, last word)`` (none without words)."""
    starts = words.starts
    result = []
    for unit, spans in zip(units, doc.sentences_of([unit.paragraph for unit in units])):
        first, last = unit.first, unit.last
        if first == last:
            result.append([])
            continue
        result.append([(span, bisect_left(starts, span.start, first, last),
                        bisect_left(starts, span.end, first, last)) for span in spans])
    return result


def _paragraphs(doc: Document, ctx: CheckContext, units: list[Unit], words: normalize.Words,
                flagged: set[int]) -> Iterator[Issue]:
    exact_words = max(ctx.options(PARAGRAPH)["min-words"], 1) if ctx.enabled(PARAGRAPH) else None
    near = ctx.options(NEAR_PARAGRAPH) if ctx.enabled(NEAR_PARAGRAPH) else None
    keys_of = [tuple(words.keys[u.first:u.last]) if u.paragraph.kind == "paragraph" else None
               for u in units]
    compared: list[bool | None] = [None] * len(units)  # None: not compared (too short)
    if near is not None:
        grams, least = Grams.of_document(doc, near["shingle-size"]), max(near["min-words"], 1)
        numbers = [number for number, keys in enumerate(keys_of)
                   if keys is not None and len(keys) >= least]
        worth = worth_comparing(grams, [(units[n].first, units[n].last) for n in numbers],
                                near["threshold"])
        for number, flag in zip(numbers, worth):
            compared[number] = flag
    first: dict[tuple[str, ...], int] = {}
    seen_keys: set[tuple[str, ...]] = set()
    index = NearIndex()
    index_of: list[int] = []  # near-index item -> unit number
    for number, unit in enumerate(units):
        keys = keys_of[number]
        if keys is None:
            continue
        paragraph = unit.paragraph
        if exact_words is not None and len(keys) >= exact_words:
            earlier = first.setdefault(keys, number)
            if earlier != number:
                flagged.add(number)
                line = _line(doc, units[earlier].paragraph.start)
                yield Issue(paragraph.start, paragraph.end,
                            f"paragraph repeats the paragraph on line {line}", rule=PARAGRAPH)
                continue
        worth = compared[number]
        seen = len(seen_keys)
        seen_keys.add(keys)
        # Not compared, an exact repeat (duplicate-paragraph's business) or not worth it.
        if worth is None or len(seen_keys) == seen or not worth:
            continue
        shingles = grams.of(unit.first, unit.last)
        best = index.best(shingles, near["threshold"])
        if best is not None:
            flagged.add(number)
            line = _line(doc, units[index_of[best[0]]].paragraph.start)
            yield Issue(paragraph.start, paragraph.end,
                        f"paragraph nearly repeats the paragraph on line {line} "
                        f"({best[1]:.0%} of word {near['shingle-size']}-grams shared)",
                        rule=NEAR_PARAGRAPH)
            continue
        index.add(shingles)
        index_of.append(number)


def _sentences(doc: Document, ctx: CheckContext, units: list[Unit], words: normalize.Words,
               sentences, flagged: set[int]) -> Iterator[Issue]:
    options = ctx.options(SENTENCE)
    min_words, size = max(options["min-words"], 1), options["shingle-size"]
    threshold = options["threshold"]
    keys, grams = words.keys, Grams.of_document(doc, size)
    candidates = []  # (span, first word, last word) of the sentences that take part
    for number, unit in enumerate(units):
        # A one-sentence title is a headline, and a lede may restate it; a title holding
        # several sentences is a lede that lost its line break, and takes part.
        kind = unit.paragraph.kind
        if number in flagged or kind == "heading" or (kind == "title"
                                                      and len(sentences[number]) < 2):
            continue
        for span, first_word, last_word in sentences[number]:
            if last_word - first_word >= min_words:
                candidates.append((span, first_word, last_word))
    worth = worth_comparing(grams, [(first, last) for _, first, last in candidates],
                            threshold)
    # A sentence repeated exactly shares all its n-grams with its repeat, so both are worth
    # comparing: with a threshold of at most 1, a sentence that is not can be neither an
    # exact repeat nor repeated, and needs no key.
    every = threshold > 1
    first: dict[tuple[str, ...], int] = {}
    index = NearIndex()
    starts: list[int] = []  # near-index item -> sentence start
    for (span, first_word, last_word), compare in zip(candidates, worth):
        if not (compare or every):
            continue
        sentence_keys = tuple(keys[first_word:last_word])
        earlier = first.get(sentence_keys)
        if earlier is not None:
            yield Issue(span.start, span.end,
                        f"sentence repeats the sentence on line {_line(doc, earlier)}",
                        rule=SENTENCE)
            continue
        if compare:
            shingles = grams.of(first_word, last_word)
            best = index.best(shingles, threshold)
            if best is not None:
                yield Issue(span.start, span.end,
                            f"sentence nearly repeats the sentence on line "
                            f"{_line(doc, starts[best[0]])} ({best[1]:.0%} of word "
                            f"{size}-grams shared)", rule=SENTENCE)
                continue
            index.add(shingles)
            starts.append(span.start)
        first[sentence_keys] = span.start


def _phrases(doc: Document, ctx: CheckContext, words: normalize.Words,
             sentences) -> Iterator[Issue]:
    options = ctx.options(PHRASE)
    n, max_gap = max(options["min-words"], 4), max(options["max-gap"], 0)
    text, word_starts, word_ends = doc.text, words.starts, words.ends
    all_ids, key_of = word_ids(doc)
    grams = None
    for unit_sentences in sentences:
        for _span, first_word, last_word in unit_sentences:
            if last_word - first_word < 2 * n:
                continue
            grams = grams or Grams.of_document(doc, n)
            numbers = grams.all[first_word:last_word - n + 1]  # the sentence's n-grams
            if len(set(numbers)) == len(numbers):
                continue  # no n words twice: no repeated phrase
            ids = all_ids[first_word:last_word]
            seen: dict = {}
            j = 0
            while j + n <= len(ids):
                gram = numbers[j]
                i = seen.get(gram)
                if i is not None and i + n <= j:
                    length = n
                    while (j + length < len(ids) and i + length < j
                           and ids[i + length] == ids[j + length]):
                        length += 1
                    if j - (i + length) <= max_gap and _worth_reporting(
                            key_of[w] for w in ids[j:j + n]):
                        start = word_starts[first_word + j]
                        end = word_ends[first_word + j + length - 1]
                        yield Issue(start, end,
                                    f"phrase «{_quote(text[start:end])}» ({length} words) is "
                                    f"repeated within one sentence (first at column "
                                    f"{doc.position(word_starts[first_word + i])[1]})",
                                    rule=PHRASE)
                        j += length
                        continue
                seen[gram] = j
                j += 1


def _worth_reporting(gram: Iterable[str]) -> bool:
    """At least three words of three or more letters (not numbers): a stutter carries content,
    while short function-word runs (``کو فروغ دیا ہے``, ``के लिए ...``) recur naturally."""
    return sum(1 for word in gram if len(word) > 2 and not word.isdigit()) >= 3


# --- archive rule --------------------------------------------------------------------------

def article_words(doc: Document) -> tuple[list[str], Any, Paragraph | None]:
    """The body's normalised words (title excluded), their ids (:func:`word_ids`: a list, or
    a NumPy array when NumPy is loaded) and its first paragraph."""
    units = [unit for unit in paragraph_units(doc) if unit.paragraph.kind != "title"]
    if not units:
        return [], [], None
    keys = document_words(doc).keys
    numpy = sys.modules.get("numpy")
    ids = word_id_array(doc) if numpy is not None and keys else word_ids(doc)[0]
    if all(a.last == b.first for a, b in pairwise(units)):
        first, last = units[0].first, units[-1].last
        return keys[first:last], ids[first:last], units[0].paragraph
    parts = [ids[unit.first:unit.last] for unit in units]
    return ([key for unit in units for key in keys[unit.first:unit.last]],
            [i for part in parts for i in part] if isinstance(ids, list)
            else numpy.concatenate(parts), units[0].paragraph)


def body_digest(words: list[str]) -> int:
    return int.from_bytes(blake2b(" ".join(words).encode("utf-8"),
                                          digest_size=8).digest(), "little")


class DuplicateArticle:
    """Articles whose body duplicates or nearly duplicates another article of the archive.

    The same story saved twice (two file names, two URLs, a re-scrape with a new title or one
    paragraph fewer) skews counts and leaks between training and test splits. Each article
    contributes a signature: its length, a digest of its normalised body and a 128-value
    MinHash of word ``shingle-size``-grams (512 bytes). ``reduce`` finds exact copies by digest
    and near copies at ``threshold`` (estimated Jaccard) with the banding of datasketch's
    MinHash LSH, run over the stored rows (:mod:`linter.signatures`), and reports the later
    file in path order, naming the earlier one. Articles already in a
    signature index (``archive-lint index build``) are compared too; a match there is reported
    on the linted file. Bad: ``a.txt`` and ``b.txt`` with the same body under different titles.
    Good: two articles on the same subject written separately.
    """

    def signature(self, doc: Document, ctx: CheckContext) -> tuple | None:
        options = ctx.options(ARTICLE)
        words, ids, first = article_words(doc)
        if first is None or len(words) < max(options["min-words"], 1):
            return None
        hashes = normalize.shingle_hashes_of_ids(ids, word_ids(doc)[1], options["shingle-size"])
        line, column = doc.position(first.start)
        end_line, end_column = doc.position(first.end)
        if sketch.loaded() or _made_one():
            payload = ("minhash", sketch.minhash_bytes(hashes))
        else:  # the first article of a run: maybe the only one; MinHash it in reduce if not
            payload = ("hashes", array("I", hashes).tobytes())
        return ((line, column, end_line, end_column), len(words), body_digest(words),
                options["shingle-size"], payload)

    def entries(self) -> SignatureTable:
        """Where a run collects the signatures: compact, and on disk past a few megabytes."""
        return SignatureTable()

    def reduce(self, entries: Iterable[tuple[DocumentKey, Any]], ctx: CheckContext,
               views: Iterable[Any] = ()) -> Iterator[tuple[DocumentKey, LocatedIssue]]:
        """Exact copies by digest, near copies by LSH over the MinHash rows, then the
        signature index (``views``) for the articles not matched within the run."""
        options = ctx.options(ARTICLE)
        threshold = options["threshold"]
        table = entries if isinstance(entries, SignatureTable) else _table_of(entries)
        views = list(views)
        if not len(table) or (len(table) < 2 and not views):
            return
        keys = table.keys
        order = sorted(range(len(table)), key=lambda row: keys[row].path)  # stable: records
        found: dict[int, tuple[str, float, bool]] = {}  # position -> (other, similarity, exact)
        first_by_digest: dict[int, int] = {}
        for position, row in enumerate(order):
            earlier = first_by_digest.setdefault(table.digest(row), position)
            if earlier != position:
                found[position] = (_name(keys[order[earlier]]), 1.0, True)
        # An exact copy's MinHash equals its original's, which is earlier: it never wins a tie,
        # so exact copies take no part in the near-copy search.
        taking_part = [position for position in range(len(order)) if position not in found]
        rows = [order[position] for position in taking_part]
        if len(rows) >= 2:
            for later, (earlier, score) in signatures.near_copies(table, rows, threshold).items():
                found[taking_part[later]] = (_name(keys[rows[earlier]]), score, False)
        for view in views:
            pending = [position for position in range(len(order)) if position not in found]
            matches = view.best_matches([keys[order[p]] for p in pending],
                                        [table.digest(order[p]) for p in pending],
                                        signatures.LazySketches(table, [order[p] for p in pending]),
                                        threshold)
            for position, match in zip(pending, matches, strict=True):
                if match is not None:
                    found[position] = match
        for position, (other, score, exact) in sorted(found.items()):
            row = order[position]
            line, column, end_line, end_column = table.position(row)
            how = ("an exact copy after normalisation" if exact else
                   f"a near copy: about {score:.0%} of word {table.shingle_size(row)}-grams "
                   f"shared")
            yield keys[row], LocatedIssue(line, column, end_line, end_column,
                                          f"article body duplicates {other} ({how})",
                                          rule=ARTICLE)


def _table_of(entries: Iterable[tuple[DocumentKey, Any]]) -> SignatureTable:
    table = SignatureTable()
    for entry in entries:
        if entry[1] is not None:
            table.append(entry)
    return table


_COUNT = [0]


def _made_one() -> bool:
    """True from the second signature of this process on: then comparisons are certain."""
    _COUNT[0] += 1
    return _COUNT[0] > 1


def _name(key: DocumentKey) -> str:
    return key.path if key.record is None else f"{key.path} (record {key.record})"


duplicate_article = DuplicateArticle()
