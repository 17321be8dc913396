"""Scrape residue: website furniture left in the article text (R001 ``scrape-residue``).

The phrases and patterns live in the language packs (``residue:`` in
``rules/languages/<lang>.yaml``), not here: each group names a ``kind`` (comment form, read-more
link, share prompt ...), literal ``phrases`` and/or ``patterns`` (regex), and a ``scope`` that
says how much of the line is residue:

- ``inline`` (default): the matched text; the whole line when nothing else is on it.
- ``line``: only when the match is the whole line (``blank``, ``Advertisement``, ``فیس بک``).
- ``tail``: from the match to the end of the line (footers, image credits, app promotions).
- ``lead``: the whole line when it starts with the match (``और पढ़ें: <headline>`` is a link
  line), otherwise only the marker (``... ہے۔ لازمی پڑھیں۔ ...`` inside a paragraph, where the
  linked headline that follows cannot be told from the article text).

Literal phrases match across any run of white space and across a hard line wrap inside the
phrase (archives wrapped at a fixed width split ``تبصرے دکھائیں`` as ``تبصرے د`` / ``کھائیں``).
The fix is unsafe: delete the line, or the inline residue with the space after it.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
from collections.abc import Container, Iterator
from functools import cache, lru_cache

import regex

from linter import patterns
from linter.checks import CheckContext, regex_literals, residue_prefilter
from linter.checks.residue_prefilter import (
    Prefilter,
    active_sources,
    build_prefilter,
    prefilter_for,
    remember_prefilter,
)
from linter.document import Document
from linter.findings import Fix, Issue
from linter.languages import language_packs
from linter.resources import cache_file, write_cache_bytes

SCOPES = ("inline", "line", "tail", "lead")
WRAP = r"(?:[ \t\u00a0]*(?:\r\n|\r|\n)[ \t\u00a0]*)?"
SPACE = r"(?:[ \t\u00a0\u2000-\u200a\u202f]|\r\n|\r|\n)+"
WORD = r"[\p{L}\p{M}\p{N}_]"
WORD_CHAR = patterns.compile(WORD)
# What may surround residue on its line and still leave "nothing else" on it.
FILLER = patterns.compile(r"[\s\p{P}\p{S}\u200b-\u200f\ufeff]*")
# Before residue, a sentence end (`۔ تبصرے دکھائیں` on a wrapped line) belongs to the text.
FILLER_BEFORE = patterns.compile(r"(?:(?![۔؟!?।॥.])[\s\p{P}\p{S}\u200b-\u200f\ufeff])*")
# A delimiter right after an inline marker belongs to it: `لازمی پڑھیں۔`, `और पढ़ें:`.
DELIMITER = patterns.compile(r"[ \t\u00a0]*[:：ः۔।.\-–—|]")
HSPACE = patterns.compile(r"[ \t\u00a0]*")
# The modules whose code builds the groups and pre-filters (see _prepared).
_BUILDERS = (__file__, residue_prefilter.__file__, regex_literals.__file__)


class Phrase:
    """A literal phrase of a group (immutable by convention)."""

    __slots__ = ("ascii", "first", "key", "rank", "source")

    def __init__(self, rank: tuple[int, int], source: str, first: str, key: str,
                 ascii: bool) -> None:
        self.rank = rank  # place in the group's alternation
        self.source = source
        self.first = first  # the first word: the phrase joins only when it occurs in the text as is
        self.key = key  # the words joined: a match with its white space removed is exactly this
        self.ascii = ascii  # the key is ASCII: look for it in the text's ASCII characters only


class Group:
    """One residue group, matched as the alternation of its phrases and patterns, longest
    source first (``Print تبصرے دیکھیں`` wins over ``Print``). Only the sources active in the
    article join it (:func:`active_sources`). Immutable by convention."""

    __slots__ = ("kind", "ordered", "patterns", "phrases", "scope")

    def __init__(self, kind: str, scope: str, phrases: tuple[Phrase, ...],
                 patterns: tuple[tuple[tuple[int, int], str], ...]) -> None:
        self.kind = kind
        self.scope = scope
        self.phrases = phrases
        self.patterns = patterns  # (rank, source)
        ranked = sorted([(p.rank, p.source) for p in phrases] + list(patterns))
        self.ordered = tuple(source for _, source in ranked)  # alternation order

    def finditer(self, text: str, active: Container[str], pos: int) -> Iterator[regex.Match]:
        """What ``finditer`` of the alternation of the ``active`` sources finds from ``pos``."""
        alternatives = [s for s in self.ordered if s in active]
        if len(alternatives) <= 1:
            if alternatives:
                yield from _compiled(alternatives[0]).finditer(text, pos)
            return
        found = list(_leftmost_first([_compiled(s) for s in alternatives], text, pos))
        if not found or found[-1] is not None:
            yield from found
            return
        # After an empty match, the alternation itself says what follows.
        yield from _alternation(tuple(alternatives)).finditer(text, pos)


def _leftmost_first(patterns: list[regex.Pattern], text: str,
                    pos: int) -> Iterator[regex.Match | None]:
    """What ``finditer`` of ``p0|p1|...`` finds, from one scan per pattern: `regex` scans one
    pattern fast (it looks for its literal parts first) but tries an alternation at every
    position. At each step the leftmost match wins, the first pattern on a tie. Ends with None
    at an empty match."""
    upcoming = [p.search(text, pos) for p in patterns]
    while True:
        best = None
        for index, match in enumerate(upcoming):
            if match is not None and match.start() < pos:
                match = upcoming[index] = patterns[index].search(text, pos)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return
        if best.start() == best.end():
            yield None
            return
        yield best
        pos = best.end()


@cache
def _compiled(source: str) -> regex.Pattern:
    return patterns.compile(source)  # when first needed: wrap-tolerant phrases compile slowly


@lru_cache(maxsize=64)
def _alternation(alternatives: tuple[str, ...]) -> regex.Pattern:
    return patterns.compile("|".join(alternatives))


_escaped = cache(regex.escape)  # one character at a time: a few dozen distinct ones


def phrase_pattern(phrase: str) -> str:
    """A literal phrase as a regex: flexible white space, tolerant of a hard wrap inside words,
    and bounded so it never matches inside a longer word."""
    parts = []
    words = phrase.split()
    for index, word in enumerate(words):
        if index:
            parts.append(SPACE)
        parts.append(WRAP.join(map(_escaped, word)))
    body = "".join(parts)
    before = rf"(?<!{WORD})" if WORD_CHAR.match(phrase[0]) else ""
    after = rf"(?!{WORD})" if WORD_CHAR.match(phrase[-1]) else ""
    return before + body + after


def compile_groups(section) -> tuple[Group, ...]:
    """Prepare a ``residue:`` section (a list of groups); trusted data, so errors raise."""
    groups = []
    for entry in section or ():
        phrases = list(entry.get("phrases") or ())
        patterns = [f"(?:{p})" for p in entry.get("patterns") or ()]
        if not (phrases or patterns):
            continue
        for pattern in patterns:  # matched one by one, so a global flag must not change the rest
            if _compiled(pattern).flags != _compiled("").flags:
                raise ValueError(f"residue pattern {pattern}: a global flag (V1, r, b, e, p)")
            if r"\G" in pattern:
                raise ValueError(f"residue pattern {pattern}: \\G (where a search starts "
                                 f"differs when patterns are matched one by one)")
        sources = [phrase_pattern(p) for p in phrases] + patterns
        # Longest first, so `Print تبصرے دیکھیں` wins over `Print`; list order on a tie.
        rank = [(-len(source), index) for index, source in enumerate(sources)]
        keys = ["".join(p.split()) for p in phrases]
        groups.append(Group(
            str(entry.get("kind", "residue")), entry.get("scope", "inline"),
            tuple(Phrase(rank[i], sources[i], p.split()[0], keys[i], keys[i].isascii())
                  for i, p in enumerate(phrases)),
            tuple(zip(rank[len(phrases):], patterns))))
    return tuple(groups)


@cache
def groups_for(lang: str | None) -> tuple[Group, ...]:
    """The language's groups; their pre-filter is then what :func:`prefilter_for` gives."""
    packs = language_packs()
    # Unknown language: every pack's residue (phrases of different scripts do not collide).
    codes = [lang] if lang in packs else sorted(packs)
    entries = [entry for code in codes for entry in packs[code].section("residue") or ()]
    groups, prefilter = _prepared(entries)
    remember_prefilter(lang, groups, prefilter)
    return groups


def _prepared(entries: list) -> tuple[tuple[Group, ...], Prefilter]:
    """:func:`compile_groups` of ``entries`` and their :func:`build_prefilter`. Building them
    costs a millisecond or two of a one-article run, so they are kept in the cache folder
    (marshal: tuples stay tuples), keyed by the entries, the Python and regex versions and when
    the code that builds them last changed; a missing, stale or unreadable cache means building
    them."""
    try:
        key = _cache_key(entries)
    except (OSError, TypeError, ValueError):  # a value JSON does not take (a YAML date)
        key = None
    path = None if key is None else cache_file("residue", key, ".marshal")
    if path is not None:
        try:
            return _from_data(marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            pass
    groups = compile_groups(entries)
    prefilter = build_prefilter(groups)
    if path is not None:
        try:
            data = marshal.dumps(_to_data(groups, prefilter))
        except ValueError:  # a value marshal does not take: not kept
            pass
        else:
            write_cache_bytes(path, data)
    return groups, prefilter


def _cache_key(entries: list) -> str:
    code = [str(os.stat(path).st_mtime_ns) for path in _BUILDERS]
    return "\0".join([sys.version, regex.__version__, *code,
                      json.dumps(entries, ensure_ascii=False, sort_keys=True)])


def _to_data(groups: tuple[Group, ...], prefilter: Prefilter) -> tuple:
    return (tuple((group.kind, group.scope,
                   tuple((p.rank, p.source, p.first, p.key, p.ascii) for p in group.phrases),
                   group.patterns) for group in groups),
            (prefilter.phrases, prefilter.patterns, prefilter.always))


def _from_data(data: tuple) -> tuple[tuple[Group, ...], Prefilter]:
    groups, (phrases, patterns, always) = data
    return (tuple(Group(kind, scope, tuple(Phrase(*phrase) for phrase in group_phrases),
                        group_patterns)
                  for kind, scope, group_phrases, group_patterns in groups),
            Prefilter(phrases, patterns, frozenset(always)))


class Candidate:
    """Residue found on a line, before overlaps are resolved."""

    __slots__ = ("end", "kind", "line_end", "line_start", "start", "whole_line")

    def __init__(self, start: int, end: int, whole_line: bool, kind: str, line_start: int,
                 line_end: int) -> None:
        self.start = start
        self.end = end
        self.whole_line = whole_line
        self.kind = kind
        self.line_start = line_start
        self.line_end = line_end


def _line_bounds(doc: Document, start: int, end: int) -> tuple[int, int]:
    first = doc.lines[doc.line_index(start)]
    last = doc.lines[doc.line_index(max(start, end - 1))]
    return first.start, last.end


def _only_filler(text: str, start: int, end: int, filler=FILLER) -> bool:
    return start >= end or filler.fullmatch(text, start, end) is not None


def candidates(doc: Document, groups: tuple[Group, ...], prefilter: Prefilter) -> list[Candidate]:
    text = doc.text
    active = active_sources(text, prefilter)
    found: list[Candidate] = []
    for group in groups:
        if active.isdisjoint(group.ordered):
            continue
        for match in group.finditer(text, active, doc.body_start):
            start, end = match.span()
            if start == end:
                continue
            line_start, line_end = _line_bounds(doc, start, end)
            before_empty = _only_filler(text, line_start, start, FILLER_BEFORE)
            after_empty = _only_filler(text, end, line_end)
            scope = group.scope
            if scope == "line":
                if not (before_empty and after_empty):
                    continue
                whole = True
            elif scope == "tail":
                whole = before_empty
                end = line_end
            elif scope == "lead":
                whole = before_empty
            else:
                whole = before_empty and after_empty
            if not whole:
                delimiter = DELIMITER.match(text, end)
                if delimiter and scope in ("inline", "lead"):
                    end = delimiter.end()
                    if _only_filler(text, end, line_end):
                        end = line_end
            found.append(Candidate(start, end, whole, group.kind, line_start, line_end))
    found.sort(key=lambda c: (c.start if not c.whole_line else c.line_start,
                              -(c.end - c.start), not c.whole_line))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def scrape_residue(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Website furniture in the text: comment forms, read-more links, share and follow prompts,
    advertisement labels, player and cookie text, image credits, placeholders (``blank``).

    It is not the article: it inflates counts, leaks into search results and training data.
    Bad: ``اپنا تبصرہ لکھیں`` as the last line, or ``... ہے۔ لازمی پڑھیں۔ ...`` mid-paragraph.
    Good: the article's own sentences only.
    """
    lang = ctx.lang.code if ctx.lang is not None else None
    groups = groups_for(lang)
    if not groups:
        return
    found = candidates(doc, groups, prefilter_for(lang, groups))
    if not found:
        return
    text = doc.text
    title = next((p for p in doc.paragraphs if p.kind == "title"), None)
    taken: list[tuple[int, int]] = []
    for cand in found:
        if cand.whole_line:
            start, end = _trimmed(text, cand.line_start, cand.line_end)
            if title is not None and title.start <= start < title.end:
                del_start, del_end = start, end  # keep the (now empty) title slot
            else:
                del_start = cand.line_start
                index = doc.line_index(cand.line_end)
                if index + 1 < len(doc.line_starts):
                    del_end = doc.line_starts[index + 1]
                else:  # last line without a line break: take the break before it
                    del_end = cand.line_end
                    previous = doc.line_index(cand.line_start) - 1
                    if previous >= 0:
                        del_start = doc.lines[previous].end
        else:
            start, end = _trimmed(text, cand.start, cand.end)
            del_start, del_end = start, end
            after = HSPACE.match(text, del_end).end()
            if after < cand.line_end:
                del_end = after
            else:
                before = del_start
                while before > cand.line_start and text[before - 1] in " \t\u00a0":
                    before -= 1
                del_start, del_end = before, cand.line_end
        if start >= end or any(s < max(end, del_end) and min(start, del_start) < e
                               for s, e in taken):
            continue
        taken.append((min(start, del_start), max(end, del_end)))
        if cand.whole_line:
            message = (f"scrape residue ({cand.kind}): the whole line is website furniture, "
                       f"not article text")
            description = "delete the line"
        else:
            message = f"scrape residue ({cand.kind}) inside the text: website furniture"
            if cand.kind == "read-more link":
                message += " (check whether the linked headline after it is residue too)"
            description = "delete the residue"
        yield Issue(start, end, message,
                    fix=Fix.replace(del_start, del_end, "", safe=False,
                                    description=description))
