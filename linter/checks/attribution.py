"""Attribution: an article must say where it came from (A001 ``missing-attribution``).

Evidence, in order: metadata fields (front matter or .jsonl: ``author``, ``byline``, ``source``,
``publication``, ``url``); then the first and last ``window`` non-blank lines of the text (the
title excluded), matched against the ``attribution:`` section of the language pack:

- byline and source labels at the start of a line (``رپورٹ:``, ``بشکریہ``, ``लेखक:``,
  ``Source:``), or inside brackets (``(इनपुट- पीटीआई)``);
- a short name line ending with a known city (``پروفیسر ظفیر احمد، کولکاتا``);
- agency and desk tags in brackets near a line's start or end (``(اے پی پی)``, ``(भाषा)``,
  ``اسلام آباد (نمائندہ خصوصی)``), after a dash at the end (``— PTI``), or after a dateline's
  comma (``लखनऊ, जेएनएन ।``), or ``city[reporter]:``;
- a publication-and-issue line (``ہفت روزہ دعوت – شمارہ ...``) or a copyright line (``© ...``);
- a source URL or domain alone on its line (``techcrunch.com``).

A date, or a city alone, is not attribution.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from types import SimpleNamespace

import regex

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Issue
from linter.languages import language_packs

EVIDENCE_FIELDS = ("author", "byline", "source", "publication", "url")
EDGE = 120  # characters at each end of a long line searched for tags
NAME_LINE_MAX = 70
LABEL_LINE_MAX = 40  # `تحریر احمد علی` without a colon: a short line only
PUBLICATION_LINE_MAX = 120
PUBLICATION_NAME_MAX = 40
DIGIT = patterns.compile(r"\d")
BOUND_L = r"(?<![\p{L}\p{M}\p{N}])"
BOUND_R = r"(?![\p{L}\p{M}\p{N}])"
URL_LINE = patterns.compile(
    r"\W{0,3}(?:(?:https?://|www\.)\S+|(?:[\w-]+\.)+(?:com|org|net|pk|in|tv|co|uk|info|news|gov"
    r"|edu|io|me|us|au|ca|de|fr|tk|कॉम)(?:/\S*)?)\W{0,3}", regex.IGNORECASE)
COPYRIGHT = patterns.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?[\p{L}]", regex.IGNORECASE)
# One of these characters is in every match of the pattern named (`tests/test_attribution.py`
# checks each against the pattern): a line without any is not searched.
NAME_CITY_NEEDS = ",،"  # the comma before the city
URL_NEEDS = ".:"  # `://` or a dot
BRACKET_NEEDS = "(["
DASH_NEEDS = "—–-"
DATELINE_NEEDS = ",،:ः["  # the comma of a dateline, the mark after a desk, `city[reporter]`
COPYRIGHT_NEEDS = "©cC"  # `©`, `(c)` or `copyright`, in any case


def _alt(words) -> str:
    # Longest first (an alternation takes the first that matches); a fixed order on a tie, so
    # the pattern is the same in every process.
    items = sorted({str(w).strip() for w in words or () if str(w).strip()},
                   key=lambda w: (-len(w), w))
    return "|".join("".join(map(_escaped, w)).replace(r"\ ", r"\s+") for w in items) or r"(?!)"


_escaped = cache(regex.escape)  # regex.escape of a word, one character at a time


class Matchers(SimpleNamespace):
    """A language's attribution patterns, ``Matchers(sources={name: source}, note_words=...)``.
    Each pattern is compiled when first used (a one-article run needs few of them), then is
    an ordinary attribute. Immutable by convention."""

    label: regex.Pattern
    label_sep: regex.Pattern
    note: regex.Pattern
    bracket: regex.Pattern
    dash_agency: regex.Pattern
    dateline: regex.Pattern
    publication: regex.Pattern
    name_city: regex.Pattern
    alone: regex.Pattern
    note_words: tuple[str, ...]  # the longest word of each note, which every match contains

    def __getattr__(self, name: str) -> regex.Pattern:
        """A pattern not compiled yet (only called for a name not set on the instance)."""
        sources = self.__dict__.get("sources") or {}
        if name not in sources:
            raise AttributeError(name)
        pattern = patterns.compile(sources[name])
        setattr(self, name, pattern)
        return pattern


def build_matchers(sections: list[dict]) -> Matchers:
    def merged(key: str) -> list[str]:
        return [w for section in sections for w in section.get(key) or ()]

    labels = _alt(merged("byline-labels") + merged("source-labels"))
    agencies = _alt(merged("agencies"))
    desks = _alt(merged("desks"))
    tags = f"(?:{agencies}|{desks})"
    cities = _alt(merged("cities"))
    honorifics = _alt(merged("honorifics"))
    publications = _alt(merged("publications"))
    sep = r"\s*[:：ः\-–—]"
    sources = dict(
        # `رپورٹ: احمد`, `Source - X`, or a label then a name on a short line (`By Jane Doe`).
        label=(rf"\W{{0,3}}(?:{labels}){BOUND_R}(?:{sep}\s*\S"
               rf"|\s+[\p{{L}}\p{{M}}.]{{2,}}(?:\s+[\p{{L}}\p{{M}}.]{{2,}}){{0,3}}\s*$)"),
        label_sep=rf"\W{{0,3}}(?:{labels}){sep}\s*\S",
        note=rf"{BOUND_L}(?:{_alt(merged('notes'))}){BOUND_R}",
        # `(اے پی پی)`, `[भाषा]`, `(इनपुट- पीटीआई)`, `(नमाइندہ خصوصی)`.
        bracket=(
            rf"[(\[]\s*(?:{tags}(?:\s*[,،/]\s*{tags})*|(?:{labels}){sep}[^)\]\n]{{1,60}})\s*[)\]]"),
        dash_agency=rf"[—–-]\s*(?:{agencies}){BOUND_R}\s*[).۔।]?\s*$",
        # `लखनऊ, जेएनएन ।`, `نئی دہلی، 12 مارچ، ایجنسیاں:`, `राज्य ब्यूरो, कोलकाता :`,
        # `अलीगढ़[संतोष शर्मा]:`.
        dateline=(
            rf"\W{{0,3}}(?:[^\n,،]{{2,40}}[,،]\s*(?:[\d\p{{L}}\s]{{1,20}}[,،]\s*)?{tags}\s*(?:[।:ः۔|,،)]|$)"
            rf"|(?:{desks})\s*[,،:ः]"
            rf"|[\p{{L}}\p{{M}}\s]{{2,25}}\[[^\]\n]{{2,40}}\]\s*[:ः])"),
        publication=rf"{BOUND_L}(?:{publications}){BOUND_R}",
        name_city=(
            rf"\W{{0,3}}(?:(?:{honorifics})\.?\s+)?[\p{{L}}\p{{M}}.]+(?:\s+[\p{{L}}\p{{M}}.]+){{0,4}}"
            rf"\s*[،,]\s*(?:{cities})\s*[.۔।]?\s*"),
        # `(اے پی پی)` or `PTI` alone, or an outlet and a city: `بی بی سی اردو ڈاٹ کام، لاہور`.
        alone=rf"\W{{0,3}}{tags}(?:\s*[,،]\s*(?:{cities}))?\W{{0,3}}",
    )
    return Matchers(sources=sources,
                    note_words=tuple(sorted({max(str(w).split(), key=len)
                                             for w in merged("notes") if str(w).strip()})))


@cache
def matchers_for(lang: str | None) -> Matchers:
    packs = language_packs()
    if lang in packs:
        return build_matchers([packs[lang].section("attribution")])
    return build_matchers([packs[c].section("attribution") for c in sorted(packs)])


def window_lines(doc: Document, size: int) -> list[str]:
    """The first and last ``size`` non-blank lines of the body, without the title."""
    text = doc.text
    title = next((p for p in doc.paragraphs if p.kind == "title"), None)

    def nonblank(spans):
        for span in spans:
            if span.end <= doc.body_start:
                continue
            if title is not None and span.start <= title.start < span.end + 1:
                continue
            line = text[span.start:span.end].strip()
            if line:
                yield line

    if size > 0:  # read only the lines needed, from each end
        lines = list(islice(nonblank(doc.lines), 2 * size + 1))
        if len(lines) <= 2 * size:
            return lines
        return lines[:size] + list(islice(nonblank(reversed(doc.lines)), size))[::-1]
    lines = list(nonblank(doc.lines))
    return lines if len(lines) <= 2 * size else lines[:size] + lines[-size:]


def _holds(text: str, needles: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``needles``: a pattern that needs one of them in every
    match cannot match without (cheaper than letting the pattern find out)."""
    for needle in needles:  # noqa: SIM110 (a loop: any() would build a generator per call)
        if needle in text:
            return True
    return False


def _found_in_either(pattern: regex.Pattern, edges: tuple[str, ...],
                     needles: Iterable[str]) -> bool:
    for edge in edges:  # noqa: SIM110 (a loop: any() would build a generator per call)
        if _holds(edge, needles) and pattern.search(edge):
            return True
    return False


def evidence(line: str, m: Matchers) -> str | None:
    """What kind of attribution ``line`` is, or None."""
    if m.label.match(line) and (len(line) <= LABEL_LINE_MAX or m.label_sep.match(line)):
        return "byline or source label"
    if len(line) <= NAME_LINE_MAX and _holds(line, NAME_CITY_NEEDS) and m.name_city.fullmatch(line):
        return "name and city"
    if m.alone.fullmatch(line):
        return "agency tag"
    if _holds(line, URL_NEEDS) and URL_LINE.fullmatch(line):
        return "source URL or domain"
    head, tail = line[:EDGE], line[-EDGE:]
    edges = (head,) if len(line) <= EDGE else (head, tail)  # a short line is its own tail
    if _found_in_either(m.bracket, edges, BRACKET_NEEDS):
        return "agency or reporter tag"
    if _found_in_either(m.note, edges, m.note_words):
        return "source note"
    if _holds(tail, DASH_NEEDS) and m.dash_agency.search(tail):
        return "agency tag"
    if _holds(head, DATELINE_NEEDS) and m.dateline.match(head):
        return "dateline with reporter or agency"
    if _holds(head, COPYRIGHT_NEEDS) and COPYRIGHT.search(head):
        return "copyright line"
    # A publication name alone (`روزنامہ جنگ`), or with an issue or date; not a sentence that
    # mentions a newspaper (`روزنامہ العربیہ میں ایک بیان شائع ہوا ہے ...`).
    short = len(line) <= PUBLICATION_NAME_MAX or (
        len(line) <= PUBLICATION_LINE_MAX and DIGIT.search(line))
    if short and m.publication.search(line):
        return "publication line"
    return None


def find_attribution(doc: Document, lang: str | None, window: int) -> str | None:
    for field in EVIDENCE_FIELDS:
        value = doc.metadata.get(field)
        if value not in (None, "", [], {}) and str(value).strip():
            return f"metadata field {field!r}"
    m = matchers_for(lang)
    for line in window_lines(doc, window):
        found = evidence(line, m)
        if found:
            return found
    return None


def missing_attribution(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """An article with no byline, no source and no publication line anywhere.

    Without attribution an archived article cannot be cited, checked or licensed.
    Bad: a title and paragraphs only. Good: ``رپورٹ: احمد علی`` under the title, or
    ``ہفت روزہ دعوت – شمارہ 09 فروری 2025`` at the end, or ``source:`` in the front matter.
    """
    body = doc.text[doc.body_start:]
    if not body or body.isspace():  # (what ``not body.strip()`` says, without a copy)
        return  # an empty article is empty-article's business
    window = int(ctx.options("missing-attribution").get("window", 6))
    lang = ctx.lang.code if ctx.lang is not None else None
    if find_attribution(doc, lang, window) is None:
        yield Issue(0, 0,
                    "no attribution: no author, byline, source, publication or url in the "
                    f"metadata, and none in the first or last {window} lines (looked for "
                    "byline and source labels, a name and a city, agency tags, datelines with a "
                    "reporter or agency, publication and copyright lines, a source URL or "
                    "domain; a date or a city alone does not count)")
