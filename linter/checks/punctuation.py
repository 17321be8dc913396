"""Punctuation rules: Urdu and Hindi marks, doubled marks, spacing, quotes and brackets.

Which marks a language uses comes from the ``punctuation`` section of its language pack
(``rules/languages/<lang>.yaml``): the script whose words take the marks, the native full stop,
comma, question mark and semicolon, which Latin marks stand for them, which Latin marks are an
accepted house style, whether a space before the full stop is accepted, and which ``|`` forms
stand for a danda. A third language is a YAML section, not code.

Every scan is one compiled pattern over the raw text (or a paragraph of it); Python only looks
at the matches. Scans of a fixed set of characters use the standard ``re``, which runs such a
class several times faster than ``regex``; a pattern whose matches are rare and start at a mark
or the white space before it is tried only there (``_matches_after_space``). Quotes and
brackets, which pair up within a paragraph, are in :mod:`linter.checks.pairing`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from types import SimpleNamespace
from typing import Any

import regex

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Fix, Issue

LATIN_MARKS = ".,;?!"
# Horizontal white space (never a line break: a mark at the start of a line is layout).
HSPACE_CHARS = r" \t\u00a0\u2000-\u200a\u202f\u205f\u3000"
HSPACE = rf"[{HSPACE_CHARS}]"
CLOSERS = r"""[)\]}"'”’»]"""
# What may stand right before a mark: a letter with its marks, a digit, a closing bracket/quote.
BEFORE = r"""[\p{L}\p{M}\p{N})\]}"'”’»]"""


class Marks(SimpleNamespace):
    """A language's punctuation, with the compiled patterns that depend on it (keyword
    arguments; immutable by convention)."""

    script: str
    full_stops: str  # native full stop(s): "۔" or "।॥"
    natives: str  # every native mark: full stop, comma, question, semicolon
    latin_map: dict  # Latin mark -> native replacement
    house_style: frozenset
    space_before_full_stop: str
    pipe_map: dict
    abbreviations: frozenset
    all_marks: str  # natives and Latin marks, for sequences and spacing
    questions: str  # question and exclamation marks (combine freely: ?! !! ؟!)
    latin_punct: Any
    latin_scan: Any  # a Latin mark latin_punct may end on: where to look for its matches
    reported_latin_scan: Any  # the same without house-style marks (None: there is no other)
    pipe: Any
    sequence: Any
    lone: Any
    space_before: Any
    # mode -> where space_before may match (a mark after white space), as a source for
    # _scan_pattern: a document needs one mode's, and compiling one costs half a millisecond.
    space_scans: dict
    missing_after: Any
    missing_scan: Any  # a mark glued to what follows: where missing_after may match


def _cls(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@cache
def _marks_for(code: str, frozen: tuple) -> Marks | None:
    data = dict(frozen)
    script = data.get("script")
    if not script:
        return None
    full_stops = (data.get("full-stop") or "") + (data.get("double-full-stop") or "")
    natives = "".join(dict.fromkeys(
        c for key in ("full-stop", "double-full-stop", "comma", "question-mark", "semicolon",
                      "exclamation-mark")
        for c in (data.get(key) or "") if c not in LATIN_MARKS))
    all_marks = "".join(dict.fromkeys(natives + LATIN_MARKS))
    questions = "".join(dict.fromkeys("?!" + (data.get("question-mark") or "")
                                      + (data.get("exclamation-mark") or "")))
    letter = rf"[\p{{Script={script}}}&&\p{{L}}]"
    word = rf"{letter}\p{{M}}*"
    latin_map = dict(data.get("latin-marks") or {})
    pipe_map = dict(data.get("pipe-marks") or {})
    flags = regex.V1
    latin = _cls("".join(latin_map)) if latin_map else "(?!)"
    # A Latin mark right after (or one space run after) a word of the script, ending a clause:
    # followed by space, end, a closer, `!`, or (no space) a letter of the script. Not part of
    # an ellipsis (a neighbouring `.`) and never after a digit (5.6, 16,000).
    latin_punct = patterns.compile(
        rf"(?<={word})(?P<sp>{HSPACE}*)(?<![.])(?P<m>{latin})(?![.,;?])"
        rf"(?=\s|$|{CLOSERS}|!|{letter})", flags)
    pipe = patterns.compile(
        rf"(?<={word})(?P<sp>{HSPACE}*)(?P<m>\|\|?)(?!\|)(?:(?P<eol>{HSPACE}*(?=$|[\r\n]))|"
        rf"(?=\s|{letter}|{CLOSERS}))", flags | regex.MULTILINE)
    # Where latin_punct may end: a Latin mark after white space, a mark or a letter of the script.
    latin_scan = patterns.compile(rf"{latin}(?<=(?:{HSPACE}|\p{{M}}|{letter}).)", flags)
    reported = sorted(set(latin_map) - set(data.get("house-style") or ()))
    reported_latin_scan = patterns.compile(
        rf"{_cls(reported)}(?<=(?:{HSPACE}|\p{{M}}|{letter}).)", flags) if reported else None
    m = _cls(all_marks)
    # Patterns of fixed characters only use the standard re, which scans such a class
    # several times faster than regex.
    sequence = re.compile(rf"{m}(?:{HSPACE}*{m})+")
    lone = patterns.compile(rf"{m}(?={HSPACE}|$)", flags)
    space_before = patterns.compile(
        rf"(?<={BEFORE})(?P<sp>{HSPACE}+)(?P<m>{m})(?P<next>.?)", flags | regex.DOTALL)
    # Where space_before may match, per space-before-full-stop mode. A full stop after one
    # space (single) or any (allow) is never reported, so it is not looked at. Leaving a match
    # out cannot hide the next one: what follows a mark never matches (a mark is not BEFORE).
    others = "".join(c for c in all_marks if c not in full_stops)
    after_space = rf"(?<={HSPACE}.)"
    space_scans = dict.fromkeys(("report", "single", "allow"), rf"{m}{after_space}")
    if full_stops and others:
        space_scans["single"] = (
            rf"{m}{after_space}(?<![^{HSPACE_CHARS}]{HSPACE}{_cls(full_stops)})")
        space_scans["allow"] = rf"{_cls(others)}{after_space}"
    native = _cls(natives) if natives else "(?!)"
    latin_after = _cls(",;?!")
    missing_after = patterns.compile(
        rf"(?<={BEFORE})(?<!{m})(?P<m>{native})(?=[\p{{L}}\p{{N}}])"
        rf"|(?<={BEFORE})(?P<m>{latin_after})(?={letter})"
        rf"|(?<={word})(?P<dot>\.)(?={letter})", flags)
    # Where missing_after may match: a mark before an ASCII letter or digit, or before any
    # non-ASCII character but white space (a superset of the letters and digits).
    missing_scan = re.compile(
        _cls(natives + ",;?!.") + r"(?=[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\s])")
    return Marks(
        script=script, full_stops=full_stops, natives=natives, latin_map=latin_map,
        house_style=frozenset(data.get("house-style") or ()),
        space_before_full_stop=str(data.get("space-before-full-stop") or "report"),
        pipe_map=pipe_map, abbreviations=frozenset(data.get("abbreviations") or ()),
        all_marks=all_marks, questions=questions,
        latin_punct=latin_punct, latin_scan=latin_scan, reported_latin_scan=reported_latin_scan,
        pipe=pipe, sequence=sequence,
        lone=lone, space_before=space_before, space_scans=space_scans,
        missing_after=missing_after, missing_scan=missing_scan)


# The standard re for a scan of fixed characters (see _marks_for), compiled when first used.
_scan_pattern = cache(re.compile)


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


# id(section) -> (section, Marks): freezing a section costs more than a small document's scans.
_BY_SECTION: dict[int, tuple[dict, Marks | None]] = {}


def marks(ctx: CheckContext) -> Marks | None:
    """The language's punctuation (None when the language or its section is unknown)."""
    if ctx.lang is None:
        return None
    section = ctx.lang.section("punctuation")
    if not section:
        return None
    known = _BY_SECTION.get(id(section))
    if known is not None and known[0] is section:
        return known[1]
    frozen = tuple((k, _freeze(v)) for k, v in sorted(section.items()))
    result = _marks_for(ctx.lang.code, frozen)
    if len(_BY_SECTION) >= 64:
        _BY_SECTION.clear()
    _BY_SECTION[id(section)] = (section, result)
    return result


# --- helpers ---------------------------------------------------------------------------------
WORD_BEFORE = patterns.compile(r"(?r)[\p{L}\p{M}.]+")  # matched backwards from where it ends
NEXT_TOKEN = patterns.compile(r"\s*([\p{L}\p{M}]+)(\.?)")
INITIAL = patterns.compile(r"\p{L}\p{M}*")
HSPACE_CHAR = patterns.compile(HSPACE)
ELLIPSES = patterns.compile(r"\.{3,}|۔{3,}|…")
DOTS_AND_COMMAS = patterns.compile(r"[.,]+")


def _word_before(text: str, end: int) -> str:
    """The last word (letters, marks, dots) of the 40 characters before ``end``, which follows
    a letter or mark (the callers' patterns see to it)."""
    match = WORD_BEFORE.match(text, max(0, end - 40), end)
    return match.group().rsplit(".", 1)[-1] if match else ""


def _is_initial(word: str) -> bool:
    """One letter with its signs (Devanagari ``ए``, ``के``): an initial when it takes a dot."""
    return INITIAL.fullmatch(word) is not None


def _abbreviation_dot(text: str, dot: int, mk: Marks) -> bool:
    """Whether the Latin ``.`` at ``dot`` ends an abbreviation or initial, not a clause."""
    word = _word_before(text, dot)
    if word in mk.abbreviations:
        return True
    if _is_initial(word):
        before = text[max(0, dot - len(word) - 3):dot - len(word)]
        if before.rstrip().endswith("."):
            return True  # ...ए. के.
        nxt = NEXT_TOKEN.match(text, dot + 1)
        if nxt and nxt.group(2) and _is_initial(nxt.group(1)) and \
                nxt.group(1) not in mk.abbreviations:
            return True  # ए.के. / ए. के.
    return False


SPACE_BEFORE = patterns.compile(rf"(?r){HSPACE}*")


def _matches_after_space(pattern: regex.Pattern, scan: regex.Pattern, text: str, pos: int
                         ) -> Iterator[regex.Match]:
    """``pattern.finditer(text, pos)`` for a pattern whose matches start with the white space
    before a mark (or at the mark): ``scan`` finds the marks, the space run before each is
    where a match may start, and only those places are tried."""
    last = pos
    for mark in scan.finditer(text, pos):
        start = SPACE_BEFORE.match(text, 0, mark.start()).start()
        if start < last:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            last = match.end()


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


# --- rules -----------------------------------------------------------------------------------
def latin_punctuation(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A Latin ``.`` ``?`` ``,`` ``;`` ending a clause after a word of the language's script.

    Urdu takes ``۔`` ``؟`` ``،`` ``؛``; a Latin mark there is a keyboard or conversion defect.
    Decimals, versions, domains and Latin phrases are untouched (the mark must follow a letter
    of the script). In Hindi a Latin ``.`` full stop is a house style: reported only with the
    option ``native-full-stop``. Bad: ``ہاں اور نہ.`` Good: ``ہاں اور نہ۔`` and ``5.6``.
    """
    mk = marks(ctx)
    if mk is None:
        return
    native_full_stop = bool(ctx.options().get("native-full-stop", False))
    # Without the option, house-style marks are never reported: they are not looked at (a
    # match ends at its mark, so leaving one out cannot hide the next).
    scan = mk.latin_scan if native_full_stop else mk.reported_latin_scan
    if scan is None:
        return
    text = doc.text
    for match in _matches_after_space(mk.latin_punct, scan, text, doc.body_start):
        mark = match.group("m")
        start = match.start("m")
        if mark == "." and _abbreviation_dot(text, start, mk):
            continue
        native = mk.latin_map[mark]
        yield Issue(start, start + 1,
                    f"Latin '{mark}' after a word in {mk.script} script; this language writes "
                    f"'{native}'",
                    fix=Fix.replace(start, start + 1, native,
                                    description=f"replace '{mark}' with '{native}'"))


def pipe_danda(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """``|`` or ``||`` typed for the danda ``।`` or double danda ``॥`` at a clause end.

    Text with ``|`` breaks sentence splitting and search. A ``|`` with spaces on both sides in
    the middle of a line separates title segments and is not reported; neither are table rows.
    Bad: ``यह खबर है|`` Good: ``यह खबर है।`` and ``मिंट प्राइमर | स्टारगेट``.
    """
    mk = marks(ctx)
    if mk is None or not mk.pipe_map or "|" not in doc.text:  # every match holds a pipe
        return
    text = doc.text
    for match in mk.pipe.finditer(text, doc.body_start):
        at_line_end = match.group("eol") is not None
        if match.group("sp") and not at_line_end:
            continue  # `शीर्षक | खंड`: a separator between segments
        start, end = match.span("m")
        line_start = _line_start(text, start)
        if text[line_start:start].lstrip().startswith("|"):
            continue  # a table row
        native = mk.pipe_map.get(match.group("m"))
        if not native:
            continue
        yield Issue(start, end, f"'{match.group('m')}' typed for '{native}'",
                    fix=Fix.replace(start, end, native,
                                    description=f"replace '{match.group('m')}' with '{native}'"))


def _sequence_allowed(group: str, mk: Marks) -> bool:
    """Whether a run of marks is a legitimate combination rather than a doubled mark."""
    marks_only = HSPACE_CHAR.sub("", group)
    if all(c in mk.questions for c in marks_only):
        return True  # ?! !! ؟؟
    if group in ("।।", "۔۔", ".."):
        return True  # the double danda written twice; a two-dot ellipsis
    rest = ELLIPSES.sub("", marks_only)
    # an ellipsis next to one mark (`..., ` `... ।`) or to ? and !
    return rest != marks_only and (len(rest) <= 1 or all(c in mk.questions for c in rest))


def punctuation_sequence(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Conflicting or doubled sentence marks, and a lone mark starting a paragraph.

    ``۔،``, ``۔.``, ``۔ .``, ``،،``, ``,,``, ``।.`` are conversion or editing debris. Ellipses
    (``...``, ``۔۔۔``), ``?!``, ``!!`` and the double danda ``।।`` are not reported.
    Bad: ``یہ ہیں۔، بلکل`` Good: ``یہ ہیں، بلکل``
    """
    mk = marks(ctx)
    if mk is None:
        return
    text = doc.text
    for match in mk.sequence.finditer(text, doc.body_start):
        group = match.group()
        if _sequence_allowed(group, mk):
            continue
        if DOTS_AND_COMMAS.fullmatch(group) and match.start() > 0 and \
                text[match.start() - 1].isdigit() and text[match.end():match.end() + 1].isdigit():
            continue  # 1.,2 is odd but numeric
        yield Issue(match.start(), match.end(),
                    f"conflicting or doubled punctuation '{group}'")
    all_marks = mk.all_marks
    for paragraph in doc.paragraphs:
        if text[paragraph.start] not in all_marks:
            continue  # what lone matches starts with a mark
        match = mk.lone.match(text, paragraph.start, paragraph.end)
        if match:
            yield Issue(match.start(), match.end(),
                        f"a lone '{match.group()}' starts the paragraph, cut off from "
                        f"its sentence")


def _space_before_mode(ctx: CheckContext, mk: Marks) -> str:
    """report, single or allow: the rule's per-language option, else the language pack's."""
    option = ctx.options().get("space-before-full-stop") or {}
    mode = option.get(ctx.lang.code) if isinstance(option, dict) else option
    mode = str(mode or mk.space_before_full_stop)
    return mode if mode in ("report", "single", "allow") else "report"


def space_before_punctuation(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """White space between a word and the mark that follows it.

    ``ہیں ،`` and ``ہے ۔`` break lines before the mark and defeat search. Whether a space
    before the full stop is accepted is per language (Hindi papers write ``है ।``): the pack's
    ``space-before-full-stop`` (report, single, allow), overridden by the rule's option.
    Bad: ``یہ ہیں ، وہ`` Good: ``یہ ہیں، وہ``
    """
    mk = marks(ctx)
    if mk is None:
        return
    mode = _space_before_mode(ctx, mk)
    text = doc.text
    scan = _scan_pattern(mk.space_scans[mode])
    for match in _matches_after_space(mk.space_before, scan, text, doc.body_start):
        mark, nxt = match.group("m"), match.group("next")
        if mark in ".۔" and nxt == mark:
            continue  # a spaced ellipsis: `ہے ...`
        if mark == "." and nxt and (nxt.isalnum() or nxt == "/"):
            continue  # `.com`, `.5`, `.NET`
        if mark == "," and nxt.isdigit():
            continue
        start, end = match.span("sp")
        space = match.group("sp")
        if mark in mk.full_stops:
            if mode == "allow" or (mode == "single" and len(space) == 1):
                continue
            if mode == "single":
                yield Issue(start, end,
                            f"{len(space)} spaces before '{mark}'; one is the house style",
                            fix=Fix.replace(start, end, " ",
                                            description="keep one space"))
                continue
        yield Issue(start, end, f"space before '{mark}'",
                    fix=Fix.replace(start, end, "", description="remove the space"))


def missing_space_after_punctuation(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """A sentence mark glued to the next word: ``ہوگئی۔اسٹاک``, ``है।अब``.

    The two sentences read as one word to search and tokenizers. Decimals and thousands
    (``16،000``), ellipses, domains and abbreviations (``डॉ.``, ``ए.के.``) are not reported.
    Bad: ``ہوگئی۔اسٹاک`` Good: ``ہوگئی۔ اسٹاک``
    """
    mk = marks(ctx)
    if mk is None:
        return
    text = doc.text
    for candidate in mk.missing_scan.finditer(text, doc.body_start):
        match = mk.missing_after.match(text, candidate.start())  # one character: no overlaps
        if match is None:
            continue
        if match.group("dot"):
            start = match.start("dot")
            if _abbreviation_dot(text, start, mk):
                continue
            mark = "."
        else:
            start = match.start("m")
            mark = match.group("m")
            if text[start - 1].isdigit() and text[start + 1:start + 2].isdigit():
                continue  # 16،000
            if LATIN_LETTER.match(text, start + 1):
                continue  # ``।COVID``: missing-space-between-scripts owns the script boundary
        end = start + 1
        yield Issue(start, end, f"no space after '{mark}'",
                    fix=Fix.replace(end, end, " ", description=f"add a space after '{mark}'"))


LATIN_LETTER = patterns.compile(r"\p{Latin}")
