"""Generic check kinds behind rule-pack rules (see :mod:`linter.packs`, docs/rule-packs.md).

Each function serves every enabled pack rule of its kind; a rule's definition is its spec's
``data``. User patterns run with the rule's ``timeout`` (seconds, per pattern and document): a
pattern that backtracks catastrophically is stopped and reported as a finding of that rule,
never a hang or a crash.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import regex

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Fix, Issue

WORD = r"[\p{L}\p{M}\p{N}_]"
_COMPILED: dict[str, Any] = {}


def token_pattern(token: str) -> str:
    """A literal phrase: any run of white space between words, never inside a longer word."""
    body = r"\s+".join(regex.escape(part) for part in token.split())
    before = rf"(?<!{WORD})" if regex.match(WORD, token[0]) else ""
    after = rf"(?!{WORD})" if regex.match(WORD, token[-1]) else ""
    return before + body + after


def _flags(data: dict) -> int:
    return regex.IGNORECASE if data.get("ignore-case") else 0


def _union(data: dict) -> regex.Pattern:
    key = json.dumps(["union", data], sort_keys=True, ensure_ascii=False)
    if key not in _COMPILED:
        parts = [token_pattern(t) for t in sorted(data.get("tokens") or (), key=len,
                                                  reverse=True)]
        parts += [f"(?:{p})" for p in data.get("patterns") or ()]
        _COMPILED[key] = patterns.compile("|".join(parts) or r"(?!)", _flags(data))
    return _COMPILED[key]


def _timeout_issue(name: str, seconds: float) -> Issue:
    return Issue(0, 0, f"a pattern of {name} ran longer than {seconds:g}s on this document and "
                       f"was stopped; simplify it (nested quantifiers such as (a+)+ backtrack "
                       f"catastrophically)", rule=name)


def _rules(ctx: CheckContext):
    for name, active in ctx.rules.items():
        yield name, active.spec.data


def _message(data: dict, default: str, match: str) -> str:
    template = data.get("message")
    return template.replace("{match}", match) if template else default


def existence(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A house rule: these phrases or patterns must not appear.

    Bad (pack ``tokens: [ब्रेकिंग न्यूज़]``): ``ब्रेकिंग न्यूज़: ...`` Good: the news without it.
    """
    for name, data in _rules(ctx):
        timeout = data.get("timeout", 1.0)
        try:
            found = list(_union(data).finditer(doc.text, doc.body_start, timeout=timeout))
        except TimeoutError:
            yield _timeout_issue(name, timeout)
            continue
        for match in found:
            if match.end() > match.start():
                yield Issue(match.start(), match.end(),
                            _message(data, f"«{match.group()}» is not allowed here "
                                           f"(house rule {name})", match.group()), rule=name)


def substitution(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A house rule: a wrong form and its replacement (safe fix).

    Bad (pack ``swap: {ओपनईएआई: ओपनएआई}``): ``ओपनईएआई ने कहा`` Good: ``ओपनएआई ने कहा``.
    """
    for name, data in _rules(ctx):
        swap: dict[str, str] = data.get("swap") or {}
        key = json.dumps(["swap", data], sort_keys=True, ensure_ascii=False)
        if key not in _COMPILED:
            wrongs = sorted(swap, key=len, reverse=True)
            _COMPILED[key] = patterns.compile("|".join(token_pattern(w) for w in wrongs),
                                           _flags(data))
        pattern = _COMPILED[key]
        lookup = {(" ".join(w.split())).casefold(): r for w, r in swap.items()}
        timeout = data.get("timeout", 1.0)
        try:
            found = list(pattern.finditer(doc.text, doc.body_start, timeout=timeout))
        except TimeoutError:
            yield _timeout_issue(name, timeout)
            continue
        for match in found:
            wrong = match.group()
            right = swap.get(wrong, lookup.get(" ".join(wrong.split()).casefold()))
            if right is None or right == wrong:
                continue
            yield Issue(match.start(), match.end(),
                        _message(data, f"use «{right}» instead of «{wrong}» (house rule "
                                       f"{name})", wrong),
                        rule=name, fix=Fix.replace(match.start(), match.end(), right,
                                                   description=f"replace with «{right}»"))


def _region_spans(doc: Document, region: str, lines: int) -> list[tuple[int, int]]:
    body = [s for s in doc.lines if s.start >= doc.body_start and doc.text[s.start:s.end].strip()]
    chosen = body[:lines] if region == "start" else body[-lines:]
    return [(s.start, s.end) for s in chosen]


def required(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A house rule: at least one of these must appear in a region (start, end or metadata).

    Bad (pack ``region: end``, ``patterns: ['^(?:स्रोत|Source):']``): no source line at the end.
    Good: ``स्रोत: पीटीआई`` as the last line.
    """
    if not doc.text[doc.body_start:].strip() and not doc.metadata:
        return
    for name, data in _rules(ctx):
        region = data.get("region", "start")
        timeout = data.get("timeout", 1.0)
        pattern = _union(data) if (data.get("tokens") or data.get("patterns")) else None
        try:
            if region == "metadata":
                fields = data.get("fields") or list(doc.metadata)
                values = [str(doc.metadata[f]) for f in fields
                          if doc.metadata.get(f) not in (None, "", [], {})]
                ok = bool(values) and (pattern is None or any(
                    pattern.search(v, timeout=timeout) for v in values))
                where = (f"metadata field {' or '.join(repr(f) for f in fields)}"
                         if data.get("fields") else "the metadata")
            else:
                count = data.get("lines", 5)
                ok = any(pattern.search(doc.text[s:e], timeout=timeout)
                         for s, e in _region_spans(doc, region, count))
                where = f"the {'first' if region == 'start' else 'last'} {count} lines"
        except TimeoutError:
            yield _timeout_issue(name, timeout)
            continue
        if not ok:
            yield Issue(0, 0, _message(data, f"required text not found in {where} (house rule "
                                             f"{name})", ""), rule=name)


def consistency(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A house rule: one article must not use two spellings of the same name.

    Bad (pack ``sets: [[ओपनएआई, ओपन एआई]]``): both in one article. Good: one spelling throughout.
    """
    for name, data in _rules(ctx):
        timeout = data.get("timeout", 1.0)
        for group in data.get("sets") or ():
            key = json.dumps(["set", group, data.get("ignore-case")], ensure_ascii=False)
            if key not in _COMPILED:
                _COMPILED[key] = [patterns.compile(token_pattern(s), _flags(data)) for s in group]
            try:
                hits = [list(p.finditer(doc.text, doc.body_start, timeout=timeout))
                        for p in _COMPILED[key]]
            except TimeoutError:
                yield _timeout_issue(name, timeout)
                break
            used = [(len(h), -h[0].start(), i) for i, h in enumerate(hits) if h]
            if len(used) < 2:
                continue
            keep = max(used)[2]
            for index, matches in enumerate(hits):
                if index == keep:
                    continue
                for match in matches:
                    yield Issue(match.start(), match.end(),
                                _message(data, f"«{match.group()}» and «{group[keep]}» both "
                                               f"spell one name in this article; keep one "
                                               f"(house rule {name})", match.group()),
                                rule=name)
