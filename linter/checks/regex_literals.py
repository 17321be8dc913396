"""Literals that every match of a regular expression holds, read from its source.

Scrape-residue patterns with no fixed start (``(?:हमें|हमसे) ... फ़ॉलो ...``) make ``regex`` try
every position of the article. :func:`required` reads a pattern and gives sets of literals such
that every match holds one literal of each set; an article that lacks one of them cannot match,
and the pattern is not searched (the way RE2's and ripgrep's prefilters work; neither ``regex``
nor ``re`` exposes this). The analysis is conservative: any construct it does not model makes
it claim nothing, and the pattern is always searched.
"""

from __future__ import annotations

from linter import patterns

EXACT_MAX = 16  # the most strings a node's exact set holds; more, and it is "unknown"
SPECIAL = "()[].^$\\|*+?{}"
QUANTIFIER = patterns.compile(r"\{([0-9]*)(,[0-9]*)?\}")


class _Unmodelled(Exception):
    """A construct :func:`required` does not model; it then claims nothing."""


class _Node:
    """What the analysis knows of a piece of a pattern (immutable by convention)."""

    __slots__ = ("exact", "needs")

    def __init__(self, exact: frozenset[str] | None, needs: tuple[frozenset[str], ...]) -> None:
        self.exact = exact  # every string the node matches, when known and few
        self.needs = needs  # every match holds one string of each set

    def facts(self) -> tuple[frozenset[str], ...]:
        if self.exact is not None and "" not in self.exact:
            return (*self.needs, self.exact)
        return self.needs


UNKNOWN = _Node(None, ())  # text we know nothing of (a class, a repeat that may be empty)
EMPTY = _Node(frozenset({""}), ())  # zero width: an anchor, a boundary, a lookaround


def required(source: str) -> tuple[frozenset[str], ...]:
    """Sets of literals such that every match of ``source`` (compiled without flags) holds
    one literal of each set. Conservative: a construct it does not model (a case-insensitive or
    verbose flag, a backreference, a named or atomic group, a fuzzy constraint, an escape it
    does not know ...) makes it claim nothing."""
    try:
        node, end = _alternation_node(source, 0)
    except (_Unmodelled, IndexError, ValueError, RecursionError):
        return ()
    return node.facts() if end == len(source) else ()


def _alternation_node(s: str, i: int) -> tuple[_Node, int]:
    branches = []
    while True:
        items = []
        while i < len(s) and s[i] not in "|)":
            atom, i = _atom(s, i)
            node, i = _quantified(s, i, atom)
            items.append(node)
        branches.append(_sequence(items))
        if i == len(s) or s[i] != "|":
            return _either(branches), i
        i += 1


def _atom(s: str, i: int) -> tuple[_Node, int]:
    c = s[i]
    if c == "(":
        return _group(s, i)
    if c == "[":
        return UNKNOWN, _class_end(s, i)
    if c == ".":
        return UNKNOWN, i + 1
    if c in "^$":
        return EMPTY, i + 1
    if c == "\\":
        return _escape(s, i)
    if c in "*+?{}]":
        raise _Unmodelled(c)
    end = i + 1  # a run of plain characters is one literal; a quantifier takes the last alone
    while end < len(s) and s[end] not in SPECIAL:
        end += 1
    if end < len(s) and s[end] in "?*+{" and end - i > 1:
        end -= 1
    return _Node(frozenset({s[i:end]}), ()), end


def _group(s: str, i: int) -> tuple[_Node, int]:
    i += 1
    lookaround = False
    if s.startswith("?", i):
        if s.startswith(("?=", "?!"), i) or s.startswith(("?<=", "?<!"), i):
            lookaround, i = True, i + (2 if s[i + 1] in "=!" else 3)
        else:
            i += 1
            while s[i] in "ms-":  # scoped flags that leave literals alone
                i += 1
            if s[i] != ":":
                raise _Unmodelled(s[i])
            i += 1
    inner, i = _alternation_node(s, i)
    if s[i] != ")":
        raise _Unmodelled(s[i])
    return (EMPTY if lookaround else inner), i + 1


def _class_end(s: str, i: int) -> int:
    i += 2 if s.startswith("[^", i) else 1
    if s[i] == "]":  # a ] first is itself
        i += 1
    while s[i] != "]":
        if s[i] == "[":  # a nested set or a POSIX class
            raise _Unmodelled(s[i])
        i += 2 if s[i] == "\\" else 1
    return i + 1


def _escape(s: str, i: int) -> tuple[_Node, int]:
    c = s[i + 1]
    if c in "bBAZz":
        return EMPTY, i + 2
    if c in "dDwWsShH":
        return UNKNOWN, i + 2
    if c in "pP":
        return UNKNOWN, (s.index("}", i) + 1 if s[i + 2] == "{" else i + 3)
    if c in "ntr":
        return _Node(frozenset({"\n\t\r"["ntr".index(c)]}), ()), i + 2
    if c.isalnum() or c == "_":
        raise _Unmodelled(c)
    return _Node(frozenset({c}), ()), i + 2  # an escaped symbol is itself


def _quantified(s: str, i: int, node: _Node) -> tuple[_Node, int]:
    if i == len(s) or s[i] not in "?*+{":
        return node, i
    if s[i] == "{":
        counts = QUANTIFIER.match(s, i)
        if counts is None or not (counts[1] or (counts[2] or ",")[1:]):
            raise _Unmodelled(s[i])  # a fuzzy constraint, or a literal brace
        least, end = int(counts[1] or 0), counts.end()
    else:
        least, end = (1 if s[i] == "+" else 0), i + 1
    if end < len(s) and s[end] in "?+":  # lazy or possessive
        end += 1
    if end < len(s) and s[end] in "*+?{":
        raise _Unmodelled(s[end])
    if s[i] == "?":
        exact = None if node.exact is None else node.exact | {""}
        return _Node(exact if exact is None or len(exact) <= EXACT_MAX else None, ()), end
    return (_Node(None, node.facts()) if least else UNKNOWN), end


def _product(left: frozenset[str] | None,
             right: frozenset[str] | None) -> frozenset[str] | None:
    if left is None or right is None or len(left) * len(right) > EXACT_MAX:
        return None
    return frozenset(a + b for a in left for b in right)


def _sequence(items: list[_Node]) -> _Node:
    """Each run of items with known strings gives a set of strings that every match holds, and
    so does each run of items with one string each (a single literal: one test)."""
    needs: list[frozenset[str]] = []
    exact: frozenset[str] | None = frozenset({""})
    run = frozenset({""})
    fixed = ""
    for item in items:
        needs.extend(item.needs)
        exact = _product(exact, item.exact)
        joined = _product(run, item.exact)
        if joined is None:
            needs.append(run)
            joined = item.exact if item.exact is not None else frozenset({""})
        run = joined
        if item.exact is not None and len(item.exact) == 1:
            fixed += next(iter(item.exact))
        else:
            needs.append(frozenset({fixed}))
            fixed = ""
    needs += [run, frozenset({fixed})]
    return _Node(exact, tuple(dict.fromkeys(literals for literals in needs
                                            if "" not in literals)))


def _either(branches: list[_Node]) -> _Node:
    exact: frozenset[str] | None = None
    if all(b.exact is not None for b in branches):
        exact = frozenset().union(*(b.exact for b in branches))
        exact = exact if len(exact) <= EXACT_MAX else None
    facts = [b.facts() for b in branches]
    if len(branches) == 1:
        return _Node(exact, branches[0].needs)
    if not all(facts):
        return _Node(exact, ())
    strongest = [max(f, key=lambda literals: (min(map(len, literals)), -len(literals)))
                 for f in facts]
    return _Node(exact, (frozenset().union(*strongest),))
