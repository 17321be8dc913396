"""The exact pre-filter of scrape residue (:mod:`linter.checks.residue`): which of a
language's phrases and patterns can match in an article, from substring tests on the text
with its white space removed, so most sources are spared their regex scan.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from linter.checks.regex_literals import required

if TYPE_CHECKING:
    from linter.checks.residue import Group

# Literals without white space, each with whether it is ASCII: a test that one occurs.
Literals = tuple[tuple[str, bool], ...]
# (gate, ascii, ((key, first word, sources), ...)): see Prefilter.phrases.
PhraseTests = tuple[str, bool, tuple[tuple[str, str, tuple[str, ...]], ...]]


class Prefilter:
    """A language's exact pre-filters, tested once per article: a source that fails its test
    cannot match (or, for a phrase, does not join by the rule's contract), so it is left out
    of its group's alternation (an alternative that never matches changes nothing). Immutable
    by convention."""

    __slots__ = ("always", "patterns", "phrases")

    def __init__(self, phrases: tuple[PhraseTests, ...],
                 patterns: tuple[tuple[tuple[Literals, ...], tuple[str, ...]], ...],
                 always: frozenset[str]) -> None:
        # (gate, ascii, ((key, first word, sources), ...)): phrases with one first word, behind
        # the longest prefix of all their keys (see :func:`active_sources`).
        self.phrases = phrases
        # (literal sets, sources): every match holds one literal of each set (:func:`required`).
        self.patterns = patterns
        self.always = always  # patterns with no literal known to be in every match


def active_sources(text: str, prefilter: Prefilter) -> set[str]:
    """The phrases and patterns that may match in ``text``.

    A phrase joins when its key occurs in ``text`` with its white space removed (exact: a match
    with its white space removed is the key) and its first word occurs in ``text`` as is (the
    rule's contract: a wrap inside the first word is not matched). A pattern joins when ``text``
    holds one literal of each of its sets (exact: every match does), white space removed on both
    sides. An ASCII key or literal is looked up in the text's ASCII characters only, a short
    string. These substring tests spare most sources their regex scan. Phrases with the same
    first word are tested behind the prefix all their keys share (exact: a text without it
    holds none of the keys), once for all of them."""
    keyspace = _keyspace(text)
    active = set(prefilter.always)
    for gate, ascii, phrases in prefilter.phrases:
        space = keyspace[ascii]
        if gate not in space:
            continue
        for key, first, sources in phrases:
            # A key as long as the gate is the gate (each key starts with it).
            if (len(key) == len(gate) or key in space) and first in text:
                active.update(sources)
    for literal_sets, sources in prefilter.patterns:
        if _holds_each(keyspace, literal_sets):
            active.update(sources)
    return active


def _holds_each(keyspace: tuple[str, str], literal_sets: tuple[Literals, ...]) -> bool:
    for literals in literal_sets:
        for literal, ascii in literals:
            if literal in keyspace[ascii]:
                break
        else:
            return False
    return True


def _keyspace(text: str) -> tuple[str, str]:
    """``text`` without its white space, and that without non-ASCII characters."""
    # Spaces first: str.replace is cheaper than split on every word.
    squeezed = "".join(text.replace(" ", "").split())
    return squeezed, squeezed.encode("ascii", "ignore").decode("ascii")


def build_prefilter(groups: Iterable[Group]) -> Prefilter:
    phrases: dict[tuple[str, bool, str], set[str]] = {}
    patterns: dict[tuple, set[str]] = {}
    always: set[str] = set()
    for group in groups:
        for phrase in group.phrases:
            phrases.setdefault((phrase.key, phrase.ascii, phrase.first), set()).add(phrase.source)
        for _, source in group.patterns:
            literal_sets = _squeezed_literals(source)
            if literal_sets:
                patterns.setdefault(literal_sets, set()).add(source)
            else:
                always.add(source)
    by_first: dict[tuple[bool, str], list] = {}
    for test in sorted(phrases):
        key, ascii, first = test
        by_first.setdefault((ascii, first), []).append((key, first, tuple(sorted(phrases[test]))))
    return Prefilter(tuple((_common_prefix([key for key, _, _ in tests]), ascii, tuple(tests))
                           for (ascii, _), tests in sorted(by_first.items())),
                     tuple((test, tuple(sorted(patterns[test]))) for test in sorted(patterns)),
                     frozenset(always))


def _common_prefix(keys: list[str]) -> str:
    """The longest string every one of ``keys`` starts with."""
    low, high = min(keys), max(keys)  # what the lowest and highest share, all share
    size = 0
    while size < min(len(low), len(high)) and low[size] == high[size]:
        size += 1
    return low[:size]


def _squeezed_literals(source: str) -> tuple[Literals, ...]:
    """:func:`required` literals without white space, with whether each is ASCII; a set that
    holds a literal of white space only tells nothing and is left out, and so is a set that
    another as small implies (each of whose literals holds one of the set's)."""
    found = set()
    for literals in required(source):
        squeezed = frozenset("".join(literal.split()) for literal in literals)
        if "" not in squeezed:
            found.add(squeezed)

    def order(literals):  # fewest literals first, then the longest shortest one
        return len(literals), -min(map(len, literals)), sorted(literals)

    kept = sorted((literals for literals in found
                   if not any(order(other) < order(literals)
                              and all(any(mine in theirs for mine in literals)
                                      for theirs in other) for other in found)), key=order)
    # The first set without a literal in the text ends the test.
    return tuple(tuple((literal, literal.isascii()) for literal in sorted(literals))
                 for literals in kept)


_prefilters: dict[str | None, tuple[tuple[Group, ...], Prefilter]] = {}


def prefilter_for(lang: str | None, groups: tuple[Group, ...]) -> Prefilter:
    """The pre-filter of ``groups = groups_for(lang)``, built once for each tuple it returns."""
    entry = _prefilters.get(lang)
    if entry is None or entry[0] is not groups:
        entry = _prefilters[lang] = (groups, build_prefilter(groups))
    return entry[1]


def remember_prefilter(lang: str | None, groups: tuple[Group, ...], prefilter: Prefilter) -> None:
    """Make ``prefilter`` (of ``groups``, say from the cache folder) what :func:`prefilter_for`
    gives for ``lang`` and ``groups``."""
    _prefilters[lang] = (groups, prefilter)
