"""Duplicates: repeated paragraphs, sentences and phrases, and articles archived twice.

Scraped and machine-translated archives repeat themselves: a paragraph pasted again after a
``***`` separator, a sentence restated, a phrase stuttered inside one sentence, the same story
saved under two file names. Every comparison runs on normalised word keys
(:mod:`linter.normalize`: NFC, letter variants, digit systems, tatweel, joiners, case; punctuation
and white space are separators), while findings point at the raw text.

``repeats`` serves the four document rules; ``duplicate_article`` is an archive check (a MinHash
signature per article, compared with datasketch's MinHash LSH, and with a stored signature index
of the rest of the archive when one exists; see :mod:`linter.index`).
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from linter import normalize, sketch
from linter.checks import CheckContext, DocumentKey, LocatedIssue
from linter.document import Document, Paragraph
from linter.findings import Issue

PARAGRAPH = "duplicate-paragraph"
NEAR_PARAGRAPH = "near-duplicate-paragraph"
SENTENCE = "duplicate-sentence"
PHRASE = "repeated-phrase"
ARTICLE = "duplicate-article"


# --- shared per-document analysis ---------------------------------------------------------

def paragraph_tokens(doc: Document) -> list[tuple[Paragraph, list[tuple[int, int, str]]]]:
    """Each paragraph (title and headings too) with its word tokens; cached on the document."""
    cached = doc.cache.get("duplicates.tokens")
    if cached is None:
        cached = [(p, normalize.tokens(doc.text, p.start, p.end)) for p in doc.paragraphs]
        doc.cache["duplicates.tokens"] = cached
    return cached


def _jaccard(a: set, b: set) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


class _NearIndex:
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


def _grams(words, size: int) -> set:
    """Word n-grams as tuples (built in C): the same sets as :func:`normalize.shingles`, whose
    joined strings are one-to-one with these tuples as words hold no spaces."""
    if len(words) <= size:
        return {tuple(words)} if words else set()
    return set(zip(*[words[i:] for i in range(size)]))


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
    units = paragraph_tokens(doc)
    flagged: set[int] = set()  # paragraphs reported as repeats: their sentences are not
    if ctx.enabled(PARAGRAPH) or ctx.enabled(NEAR_PARAGRAPH):
        yield from _paragraphs(doc, ctx, units, flagged)
    if ctx.enabled(SENTENCE):
        yield from _sentences(doc, ctx, units, flagged)
    if ctx.enabled(PHRASE):
        yield from _phrases(doc, ctx, units)


def _paragraphs(doc: Document, ctx: CheckContext, units, flagged: set[int]) -> Iterator[Issue]:
    exact_words = ctx.options(PARAGRAPH)["min-words"] if ctx.enabled(PARAGRAPH) else None
    near = ctx.options(NEAR_PARAGRAPH) if ctx.enabled(NEAR_PARAGRAPH) else None
    first: dict[tuple[str, ...], int] = {}
    seen_keys: set[tuple[str, ...]] = set()
    index = _NearIndex()
    index_of: list[int] = []  # near-index item -> unit number
    for number, (paragraph, toks) in enumerate(units):
        if paragraph.kind != "paragraph":
            continue
        keys = tuple(t[2] for t in toks)
        if exact_words is not None and len(keys) >= max(exact_words, 1):
            earlier = first.get(keys)
            if earlier is not None:
                flagged.add(number)
                line = _line(doc, units[earlier][0].start)
                yield Issue(paragraph.start, paragraph.end,
                            f"paragraph repeats the paragraph on line {line}", rule=PARAGRAPH)
                continue
            first[keys] = number
        if near is None or len(keys) < max(near["min-words"], 1):
            seen_keys.add(keys)
            continue
        if keys in seen_keys:  # an exact repeat: duplicate-paragraph's business
            continue
        seen_keys.add(keys)
        shingles = _grams(keys, near["shingle-size"])
        best = index.best(shingles, near["threshold"])
        if best is not None:
            flagged.add(number)
            line = _line(doc, units[index_of[best[0]]][0].start)
            yield Issue(paragraph.start, paragraph.end,
                        f"paragraph nearly repeats the paragraph on line {line} "
                        f"({best[1]:.0%} of word {near['shingle-size']}-grams shared)",
                        rule=NEAR_PARAGRAPH)
            continue
        index.add(shingles)
        index_of.append(number)


def _sentences(doc: Document, ctx: CheckContext, units, flagged: set[int]) -> Iterator[Issue]:
    options = ctx.options(SENTENCE)
    min_words, size = max(options["min-words"], 1), options["shingle-size"]
    threshold = options["threshold"]
    first: dict[tuple[str, ...], int] = {}
    index = _NearIndex()
    starts: list[int] = []  # near-index item -> sentence start
    for number, (paragraph, toks) in enumerate(units):
        if number in flagged or paragraph.kind == "heading":
            continue
        sentences = doc.sentences(paragraph)
        # A one-sentence title is a headline, and a lede may restate it; a title holding
        # several sentences is a lede that lost its line break, and takes part.
        if paragraph.kind == "title" and len(sentences) < 2:
            continue
        offsets = [t[0] for t in toks]
        for sentence in sentences:
            words = [t[2] for t in toks[bisect_left(offsets, sentence.start):
                                        bisect_left(offsets, sentence.end)]]
            if len(words) < min_words:
                continue
            keys = tuple(words)
            shingles = _grams(words, size)
            earlier = first.get(keys)
            if earlier is not None:
                yield Issue(sentence.start, sentence.end,
                            f"sentence repeats the sentence on line {_line(doc, earlier)}",
                            rule=SENTENCE)
                continue
            best = index.best(shingles, threshold)
            if best is not None:
                yield Issue(sentence.start, sentence.end,
                            f"sentence nearly repeats the sentence on line "
                            f"{_line(doc, starts[best[0]])} ({best[1]:.0%} of word "
                            f"{size}-grams shared)", rule=SENTENCE)
                continue
            first[keys] = sentence.start
            index.add(shingles)
            starts.append(sentence.start)


def _phrases(doc: Document, ctx: CheckContext, units) -> Iterator[Issue]:
    options = ctx.options(PHRASE)
    n, max_gap = max(options["min-words"], 4), max(options["max-gap"], 0)
    text = doc.text
    for paragraph, toks in units:
        if len(toks) < 2 * n:
            continue
        starts = [t[0] for t in toks]
        for sentence in doc.sentences(paragraph):
            words = toks[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
            if len(words) < 2 * n:
                continue
            keys = [w[2] for w in words]
            if len(set(pairwise(keys))) == len(keys) - 1:
                continue  # no word pair twice: no repeated phrase of n >= 4 words
            seen: dict[tuple[str, ...], int] = {}
            j = 0
            while j + n <= len(keys):
                gram = tuple(keys[j:j + n])
                i = seen.get(gram)
                if i is not None and i + n <= j:
                    length = n
                    while (j + length < len(keys) and i + length < j
                           and keys[i + length] == keys[j + length]):
                        length += 1
                    if j - (i + length) <= max_gap and _worth_reporting(gram):
                        start, end = words[j][0], words[j + length - 1][1]
                        yield Issue(start, end,
                                    f"phrase «{_quote(text[start:end])}» ({length} words) is "
                                    f"repeated within one sentence (first at column "
                                    f"{doc.position(words[i][0])[1]})", rule=PHRASE)
                        j += length
                        continue
                seen[gram] = j
                j += 1


def _worth_reporting(gram: tuple[str, ...]) -> bool:
    """At least three words of three or more letters (not numbers): a stutter carries content,
    while short function-word runs (``کو فروغ دیا ہے``, ``के लिए ...``) recur naturally."""
    return sum(1 for word in gram if len(word) > 2 and not word.isdigit()) >= 3


# --- archive rule --------------------------------------------------------------------------

def article_words(doc: Document) -> tuple[list[str], Paragraph | None]:
    """The body's normalised words (title excluded) and its first paragraph."""
    words: list[str] = []
    first = None
    for paragraph, toks in paragraph_tokens(doc):
        if paragraph.kind == "title":
            continue
        first = first or paragraph
        words.extend(t[2] for t in toks)
    return words, first


def body_digest(words: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"),
                                          digest_size=8).digest(), "little")


class DuplicateArticle:
    """Articles whose body duplicates or nearly duplicates another article of the archive.

    The same story saved twice (two file names, two URLs, a re-scrape with a new title or one
    paragraph fewer) skews counts and leaks between training and test splits. Each article
    contributes a signature: its length, a digest of its normalised body and a 128-value
    MinHash of word ``shingle-size``-grams (512 bytes). ``reduce`` finds exact copies by digest
    and near copies with datasketch's MinHash LSH at ``threshold`` (estimated Jaccard), and
    reports the later file in path order, naming the earlier one. Articles already in a
    signature index (``archive-lint index build``) are compared too; a match there is reported
    on the linted file. Bad: ``a.txt`` and ``b.txt`` with the same body under different titles.
    Good: two articles on the same subject written separately.
    """

    def signature(self, doc: Document, ctx: CheckContext) -> tuple | None:
        options = ctx.options(ARTICLE)
        words, first = article_words(doc)
        if first is None or len(words) < max(options["min-words"], 1):
            return None
        hashes = normalize.shingle_hashes(words, options["shingle-size"])
        line, column = doc.position(first.start)
        end_line, end_column = doc.position(first.end)
        if sketch.loaded() or _made_one():
            payload = ("minhash", sketch.minhash_bytes(hashes))
        else:  # the first article of a run: maybe the only one; MinHash it in reduce if not
            payload = ("hashes", array("I", hashes).tobytes())
        return ((line, column, end_line, end_column), len(words), body_digest(words),
                options["shingle-size"], payload)

    def reduce(self, entries: Iterable[tuple[DocumentKey, Any]],
               ctx: CheckContext) -> Iterator[tuple[DocumentKey, LocatedIssue]]:
        options = ctx.options(ARTICLE)
        threshold = options["threshold"]
        docs, views = [], []
        for key, signature in entries:
            if hasattr(signature, "best_matches"):
                views.append(signature)
            elif signature is not None:
                docs.append((key, signature))
        if not docs or (len(docs) < 2 and not views):
            return
        docs.sort(key=lambda entry: entry[0].path)  # stable: records keep their file order
        sketches = [_sketch(signature) for _, signature in docs]
        found: dict[int, tuple[str, float, bool]] = {}  # doc -> (other, similarity, exact)
        first_by_digest: dict[int, int] = {}
        for number, (_key, signature) in enumerate(docs):
            earlier = first_by_digest.setdefault(signature[2], number)
            if earlier != number:
                found[number] = (_name(docs[earlier][0]), 1.0, True)
        if len(docs) >= 2:
            lsh = sketch.lsh(threshold)
            for number in range(len(docs)):
                if number not in found:
                    best = None
                    for other in lsh.query(sketches[number]):
                        score = sketches[number].jaccard(sketches[other])
                        if score >= threshold and (best is None or score > best[1]
                                                   or (score == best[1] and other < best[0])):
                            best = (other, score)
                    if best is not None:
                        found[number] = (_name(docs[best[0]][0]), best[1], False)
                lsh.insert(number, sketches[number], check_duplication=False)
        for view in views:
            pending = [n for n in range(len(docs)) if n not in found]
            matches = view.best_matches([docs[n][0] for n in pending],
                                        [docs[n][1][2] for n in pending],
                                        [sketches[n] for n in pending], threshold)
            for n, match in zip(pending, matches):
                if match is not None:
                    found[n] = match
        for number, (other, score, exact) in sorted(found.items()):
            key, signature = docs[number]
            line, column, end_line, end_column = signature[0]
            how = ("an exact copy after normalisation" if exact else
                   f"a near copy: about {score:.0%} of word {signature[3]}-grams shared")
            yield key, LocatedIssue(line, column, end_line, end_column,
                                    f"article body duplicates {other} ({how})", rule=ARTICLE)


_COUNT = [0]


def _made_one() -> bool:
    """True from the second signature of this process on: then comparisons are certain."""
    _COUNT[0] += 1
    return _COUNT[0] > 1


def _sketch(signature: tuple) -> Any:
    kind, data = signature[4]
    if kind == "minhash":
        return sketch.from_bytes(data)
    return sketch.minhash(array("I", data).tolist())


def _name(key: DocumentKey) -> str:
    return key.path if key.record is None else f"{key.path} (record {key.record})"


duplicate_article = DuplicateArticle()
