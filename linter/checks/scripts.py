"""Script integrity: words, runs and paragraphs in the wrong writing system (rules S001-S006).

Machine translation, OCR and bad merges leave Urdu articles with Devanagari fused into words,
Bengali, Gujarati, Malayalam or CJK leaking in, and paragraphs that slide into Hindi; Hindi
articles get the mirror image. One check serves the family so the document is scanned once:

1. one compiled scan finds every *run* of letters that is neither neutral (Common, Inherited)
   nor of the language's primary script (in an Urdu article: Latin, Devanagari, Bengali ...);
2. each run is split by script (Script_Extensions) and grown to its word, so a word that mixes
   scripts (``समावेशی``) is seen even when one part is primary-script;
3. runs are tallied per paragraph; only a paragraph with enough foreign letters is counted in
   full (one more scan of that paragraph) to decide whether it drifted.

Marks and joiners (ZWNJ, ZWJ, harakat, nukta, vowel signs) belong to the letters around them
and never decide a script; digits and punctuation are not letters, so they never make a word
mixed. Latin is allowed in both languages; Latin glued to Urdu or Devanagari is a missing
space, not corruption. Allowed scripts come from the language pack (``allowed-scripts``, or
``scripts.allowed``), plus ``scripts.also-allowed`` and the rule option ``also-allow``.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator

import regex

from linter import patterns
from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Edit, Fix, Issue
from linter.languages import language_packs

try:  # the newer Unicode database, matching the regex package's
    import unicodedata2 as unicodedata
except ImportError:  # pragma: no cover
    import unicodedata

from linter.scripts import (
    OTHER_SCRIPT,
    base_letter,
    foreign_runs,
    mixing_group,
    script_letters,
    split_by_script,
    word_around,
)

MIXED = "mixed-script-word"
MISSING_SPACE = "missing-space-between-scripts"
FOREIGN = "foreign-script"
DRIFT = "script-drift"
MISMATCH = "language-mismatch"
DIGITS = "mixed-digits"
SCRIPT_RULES = (MIXED, MISSING_SPACE, FOREIGN, DRIFT, MISMATCH)

LETTER = patterns.compile(r"\p{L}", regex.V1)
# Digits glued between a Latin word and a letter of another script: ``COVID19کے``. The Urdu
# year sign ``ء`` after digits is correct (``2024ء``), so it does not count as glue.
DIGITS_THEN_LETTER = patterns.compile(
    r"\p{Nd}+(?=[\p{L}--[\p{scx=Latin}\p{scx=Common}\p{scx=Inherited}\u0621]])", regex.V1)
NON_ASCII_DIGIT = patterns.compile(r"\p{Nd}(?<![0-9])")  # one property first: a fast scan
NUMBER = patterns.compile(r"\p{Nd}(?:\p{Nd}|[.,\u066b\u066c](?=\p{Nd}))*", regex.V1)
DIGIT_SYSTEMS = {0x30: "ASCII", 0x660: "Arabic-Indic", 0x6F0: "Urdu (Extended Arabic-Indic)",
                 0x966: "Devanagari"}
# Latin glued to these is a look-alike substitution (``Mоscow`` with Cyrillic о), not a lost
# space: reported as mixed-script-word.
HOMOGLYPH_SCRIPTS = {"Cyrillic", "Greek", "Armenian", OTHER_SCRIPT}


def script_integrity(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """Words, runs and paragraphs in a script the article's language does not use.

    Serves mixed-script-word, missing-space-between-scripts, foreign-script, script-drift,
    language-mismatch and mixed-digits with one scan of the document.
    Bad (Urdu): ``یہ समावेशی تعاون ہے۔`` (a Devanagari-Urdu word), ``চীন`` in an Urdu article.
    Good (Urdu): ``OpenAI نے GPT-3.5 جاری کیا۔`` (Latin is allowed; ZWNJ and digits are neutral).
    """
    enabled = {name for name in (*SCRIPT_RULES, DIGITS) if ctx.enabled(name)}
    if DIGITS in enabled:
        yield from _mixed_digits(doc)
    if not enabled & set(SCRIPT_RULES):
        return
    pack = ctx.lang
    scan = Scan(doc, pack)
    if pack is not None and MISMATCH in enabled and doc.lang_source in ("metadata", "config"):
        actual = _mismatch(scan, ctx.options(MISMATCH))
        if actual is not None:
            real_pack, share = actual
            first = next(iter(doc.paragraphs), None)
            span = (first.start, first.end) if first else (doc.body_start, doc.body_start)
            where = {"metadata": "in its metadata", "config": "by the configuration"}
            yield Issue(*span, f"the article is declared {pack.name} "
                        f"({where[doc.lang_source]}) but {share:.0%} of its "
                        f"{pack.primary_script} and {real_pack.primary_script} letters are "
                        f"{real_pack.primary_script}: it reads as {real_pack.name}; the script "
                        f"rules judge it as {real_pack.name}", rule=MISMATCH)
            # One problem, one finding: the declared language's script is explained by this
            # finding, so only the other scripts are judged against the real language.
            scan = Scan(doc, real_pack, also_allowed=_allowed_scripts(pack, ctx))
    yield from scan.issues(enabled, ctx)


class Scan:
    """The runs of non-primary letters of one document, split by script and grouped by word."""

    def __init__(self, doc: Document, pack, also_allowed: list[str] = ()):
        self.doc = doc
        self.pack = pack
        self.also_allowed = list(also_allowed)
        text = doc.text
        self.base = pack.primary_script if pack is not None else "Latin"
        # pieces: (start, end, script); words: (start, end, first piece, last piece + 1, base?)
        pieces: list[tuple[int, int, str]] = []
        words: list[tuple[int, int, int, int, bool]] = []
        base_letter_pattern = base_letter(self.base)
        word_end = -1
        for match in foreign_runs(self.base).finditer(text, doc.body_start):
            start, end = match.span()
            first = len(pieces)
            pieces.extend(split_by_script(text, start, end))
            if start < word_end:  # a second run inside the word already recorded
                w_start, w_end, w_first, _, has_base = words[-1]
                words[-1] = (w_start, w_end, w_first, len(pieces), has_base)
                continue
            w_start, w_end = word_around(text, start, end)
            word_end = w_end
            has_base = (w_start, w_end) != (start, end) and \
                base_letter_pattern.search(text, w_start, w_end) is not None
            words.append((w_start, w_end, first, len(pieces), has_base))
        self.pieces = pieces
        self.words = words

    def script_totals(self) -> Counter:
        totals: Counter = Counter()
        for start, end, script in self.pieces:
            totals[script] += end - start
        return totals

    # --- findings ----------------------------------------------------------------------------
    def issues(self, enabled: set[str], ctx: CheckContext) -> Iterator[Issue]:
        doc, text, pieces = self.doc, self.doc.text, self.pieces
        if not pieces:
            return  # no letter outside the primary script (most articles)
        pack = self.pack
        allowed = {*_allowed_scripts(pack, ctx), *self.also_allowed} if pack is not None \
            else None
        in_mixed = [False] * len(pieces)
        for w_start, w_end, first, last, has_base in self.words:
            groups = {mixing_group(script) for _, _, script in pieces[first:last]}
            if has_base:
                groups.add(mixing_group(self.base))
            if len(groups) < 2:
                continue
            if len(groups) == 2 and "Latin" in groups and not groups & HOMOGLYPH_SCRIPTS \
                    and not self._stray_latin(w_start, w_end, first, last):
                if MISSING_SPACE in enabled:
                    yield self._missing_space(w_start, w_end, first, last, has_base)
                continue
            for index in range(first, last):
                in_mixed[index] = True
            if MIXED in enabled:
                yield Issue(w_start, w_end, self._mixed_message(w_start, w_end, first, last,
                                                                has_base), rule=MIXED)
        if MISSING_SPACE in enabled and self.base != "Latin":
            yield from self._glued_latin(pack)
        if allowed is None or not enabled & {FOREIGN, DRIFT}:
            return
        if all(script in allowed for _, _, script in pieces):
            return
        paragraphs = doc.paragraphs
        starts = [p.start for p in paragraphs]
        where = [max(bisect.bisect_right(starts, start) - 1, 0) for start, _, _ in pieces]
        drifted = self._drift(paragraphs, where, allowed, ctx) if DRIFT in enabled else {}
        for index, script in drifted.items():
            paragraph = paragraphs[index]
            if DRIFT in enabled:
                yield Issue(paragraph.start, paragraph.end, self._drift_message(
                    paragraph, script, self._counts[index]), rule=DRIFT)
        if FOREIGN not in enabled:
            return
        group: list[int] = []
        for index, (start, _, script) in enumerate(pieces):
            if in_mixed[index] or script in allowed or drifted.get(where[index]) == script:
                continue
            if group:
                _, p_end, p_script = pieces[group[-1]]
                if mixing_group(p_script) == mixing_group(script) and \
                        where[group[-1]] == where[index] and \
                        LETTER.search(text, p_end, start) is None:
                    group.append(index)
                    continue
                yield self._foreign(group)
            group = [index]
        if group:
            yield self._foreign(group)

    def _stray_latin(self, w_start: int, w_end: int, first: int, last: int) -> bool:
        """A Latin letter or two inside a word of another script is corruption (``आíथक``,
        legacy-font debris), not a lost space: a lost space leaves Latin at one end."""
        return any(script == "Latin" and w_start < start and end < w_end and end - start <= 2
                   for start, end, script in self.pieces[first:last])

    def _missing_space(self, w_start: int, w_end: int, first: int, last: int,
                       has_base: bool) -> Issue:
        text = self.doc.text
        boundaries = set()
        for start, end, script in self.pieces[first:last]:
            if script == "Latin":
                boundaries.update(b for b in (start, end) if w_start < b < w_end)
        other = next((s for _, _, s in self.pieces[first:last] if s != "Latin"), self.base)
        edits = tuple(Edit(b, b, " ") for b in sorted(boundaries))
        return Issue(w_start, w_end,
                     f"no space between Latin and {other} text: "
                     f"«{text[w_start:w_end]}» reads as one word",
                     rule=MISSING_SPACE,
                     fix=Fix(edits, safe=False, description="insert a space between the scripts"))

    def _glued_latin(self, pack) -> Iterator[Issue]:
        """Latin right after a sentence mark (``।COVID19``) or glued through digits."""
        text = self.doc.text
        marks = _glue_marks(pack)
        for w_start, w_end, first, last, has_base in self.words:
            if (w_start, w_end) != (self.pieces[first][0], self.pieces[last - 1][1]) or \
                    has_base or any(s != "Latin" for _, _, s in self.pieces[first:last]):
                continue
            if w_start > 0 and text[w_start - 1] in marks:
                yield Issue(w_start - 1, w_end,
                            f"no space after «{text[w_start - 1]}» before the Latin word "
                            f"«{text[w_start:w_end]}»", rule=MISSING_SPACE,
                            fix=Fix.replace(w_start, w_start, " ", safe=False,
                                            description="insert a space"))
            digits = DIGITS_THEN_LETTER.match(text, w_end)
            if digits is not None:
                after = word_around(text, digits.end(), digits.end())[1]
                yield Issue(w_start, after,
                            f"no space between «{text[w_start:digits.end()]}» and the "
                            f"word after it", rule=MISSING_SPACE,
                            fix=Fix.replace(digits.end(), digits.end(), " ", safe=False,
                                            description="insert a space"))

    def _mixed_message(self, w_start: int, w_end: int, first: int, last: int,
                       has_base: bool) -> str:
        order: list[tuple[int, str]] = [(start, script) for start, _, script in
                                        self.pieces[first:last]]
        if has_base:
            where = base_letter(self.base).search(self.doc.text, w_start, w_end).start()
            order.append((where, self.base))
        names: list[str] = []
        for _, script in sorted(order):
            name = _script_name(script)
            if name not in names:
                names.append(name)
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return f"one word mixes {listed} letters: «{self.doc.text[w_start:w_end]}»"

    def _drift(self, paragraphs, where, allowed, ctx) -> dict[int, str]:
        """Paragraph index -> drift script, for paragraphs mostly in a disallowed script."""
        minimum = ctx.options(DRIFT).get("min-letters", 3)
        counts: dict[int, Counter] = defaultdict(Counter)
        for (start, end, script), index in zip(self.pieces, where, strict=True):
            counts[index][script] += end - start
        self._counts = counts
        drifted = {}
        text = self.doc.text
        base_runs = script_letters(self.base)
        for index, by_script in counts.items():
            foreign = [(n, s) for s, n in by_script.items() if s not in allowed]
            if not foreign:
                continue
            n, script = max(foreign)
            if n < minimum or any(m >= n for s, m in by_script.items() if s != script):
                continue
            paragraph = paragraphs[index]
            base_count = sum(map(len, base_runs.findall(text, paragraph.start, paragraph.end)))
            by_script[self.base] = base_count
            if n > base_count:
                drifted[index] = script
        return drifted

    def _drift_message(self, paragraph, script: str, by_script: Counter) -> str:
        total = sum(by_script.values())
        language = _language_of(script)
        reads = f" ({language})" if language else ""
        heading = {"title": "title", "heading": "heading"}.get(paragraph.kind, "paragraph")
        return (f"this {heading} is in {_script_name(script)}{reads}, not "
                f"{self.pack.name}: {by_script[script]} of its {total} letters are "
                f"{_script_name(script)}")

    def _foreign(self, group: list[int]) -> Issue:
        start = self.pieces[group[0]][0]
        end = self.pieces[group[-1]][1]
        names: list[str] = []
        for index in group:
            name = _script_name(self.pieces[index][2])
            if name not in names:
                names.append(name)
        if names == [_script_name(OTHER_SCRIPT)]:
            return Issue(start, end, f"letters of a script not used in {self.pack.name}",
                         rule=FOREIGN)
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return Issue(start, end, f"{listed} text inside {self.pack.name}", rule=FOREIGN)


def _mismatch(scan: Scan, options: dict) -> tuple[object, float] | None:
    """The pack the text really is in, when it is not the declared one, and its share."""
    totals = scan.script_totals()
    minimum = options.get("min-letters", 50)
    min_share = options.get("min-share", 0.6)
    candidates = [(totals[p.primary_script], p) for p in language_packs().values()
                  if p.primary_script != scan.base and totals[p.primary_script] >= minimum]
    if not candidates:
        return None
    count, pack = max(candidates, key=lambda item: item[0])
    doc = scan.doc
    base_count = sum(map(len, script_letters(scan.base).findall(doc.text, doc.body_start)))
    share = count / (count + base_count)
    if share < min_share:
        return None
    return pack, share


def _mixed_digits(doc: Document) -> Iterator[Issue]:
    text = doc.text
    if NON_ASCII_DIGIT.search(text, doc.body_start) is None:
        return
    for match in NUMBER.finditer(text, doc.body_start):
        number = match.group()
        if NON_ASCII_DIGIT.search(number) is None:
            continue
        systems = sorted({ord(ch) - unicodedata.digit(ch) for ch in number
                          if unicodedata.digit(ch, None) is not None})
        if len(systems) > 1:
            names = [_digit_system(zero) for zero in systems]
            yield Issue(match.start(), match.end(),
                        f"number «{number}» mixes {' and '.join(names)} digits", rule=DIGITS)


def _digit_system(zero: int) -> str:
    if zero in DIGIT_SYSTEMS:
        return DIGIT_SYSTEMS[zero]
    name = unicodedata.name(chr(zero), "")
    return name.split(" DIGIT")[0].title() or f"U+{zero:04X}"


def _allowed_scripts(pack, ctx: CheckContext) -> list[str]:
    section = pack.section("scripts")
    allowed = list(section.get("allowed") or pack.allowed_scripts)
    allowed += section.get("also-allowed") or []
    if ctx.enabled(FOREIGN):
        allowed += ctx.options(FOREIGN).get("also-allow") or []
    return allowed


def _glue_marks(pack) -> str:
    if pack is None:
        return ""
    return pack.section("scripts").get("glue-marks") or ""


def _script_name(script: str) -> str:
    return "another script" if script == OTHER_SCRIPT else script


def _language_of(script: str) -> str | None:
    for pack in language_packs().values():
        if pack.primary_script == script:
            return pack.name
    return None
