"""Unicode hygiene rules (U001-U008): hits, legitimate text, and exact fixes.

All text here is written for the tests. Fix tests apply the reported edits and lint again:
none of the fixed findings may come back.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.catalogue import builtin_catalogue
from linter.config import Config, RuleSetting
from tests.conftest import lint_text, triples

U = ["U"]
ZWSP, ZWNJ, ZWJ, SHY, WJ, BOM = "\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"
LRM, RLM, RLO, PDF, PDI, RLI = "\u200e", "\u200f", "\u202e", "\u202c", "\u2069", "\u2067"


def lint(text, lang, select=None, config=None):
    return lint_text(text, lang=lang, select=select or U, config=config)


def apply_fixes(text, findings, *, unsafe=True):
    """Apply every fix (as the fixer would in one pass; the tests keep edits disjoint)."""
    edits = sorted((e for f in findings if f.fix and (unsafe or f.fix.safe)
                    for e in f.fix.edits), key=lambda e: e.start, reverse=True)
    for a, b in pairwise(edits):
        assert b.end <= a.start, "overlapping edits"
    for edit in edits:
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def fixed(text, lang, rule):
    """Fix ``rule``'s findings; assert the fixed text has none of them left."""
    findings = [f for f in lint(text, lang) if f.rule == rule]
    assert findings, f"no {rule} finding to fix"
    result = apply_fixes(text, findings)
    assert not [f for f in lint(result, lang) if f.rule == rule], "fix is not exact"
    assert apply_fixes(result, [f for f in lint(result, lang) if f.rule == rule]) == result
    return result


# --- invisible-character ----------------------------------------------------------------------

def test_invisible_characters_reported_once_per_run():
    text = (f"عنوان\nپاکستان{ZWSP} کی حکومت{ZWSP}{ZWSP} نے{SHY} اعلان{WJ} کیا{BOM}۔\n")
    assert triples(lint(text, "ur")) == [
        ("invisible-character", 2, 8), ("invisible-character", 2, 18),
        ("invisible-character", 2, 23), ("invisible-character", 2, 30),
        ("invisible-character", 2, 35)]


def test_bom_at_start_is_the_bom_rules_not_ours():
    text = f"{BOM}عنوان\nخبر ہے۔\n"
    assert triples(lint(text, "ur", ["U", "bom"])) == [("bom", 1, 1)]


def test_zwnj_inside_urdu_words_is_legitimate():
    # After a letter that joins on its left (م ہ ی), before another letter: Urdu spelling.
    text = f"عنوان\nنیم{ZWNJ}سرکاری ادارے نے بین{ZWNJ}الاقوامی اور کم{ZWNJ}عمر فیصلہ{ZWNJ}کن کیا۔\n"
    assert lint(text, "ur") == []


def test_zwnj_where_it_does_nothing():
    # after ا (never joins), before a space, after a space, doubled, at the end of a word.
    text = (f"عنوان\nا{ZWNJ}ور نیم {ZWNJ}سرکاری بین{ZWNJ}{ZWNJ}الاقوامی خبر{ZWNJ}\n")
    assert triples(lint(text, "ur")) == [
        ("invisible-character", 2, 2), ("invisible-character", 2, 10),
        ("invisible-character", 2, 21), ("invisible-character", 2, 35)]


def test_joiners_in_devanagari_conjuncts_are_legitimate():
    # virama + ZWJ (half form), virama + ZWNJ (explicit virama), eyelash RA, emoji sequence.
    text = f"शीर्षक\nलक्ष्{ZWJ}य और क्{ZWNJ}ष तथा र{ZWJ}्य, 👩{ZWJ}💻 ❤\ufe0f।\n"
    assert lint(text, "hi") == []


def test_joiners_doing_nothing_in_devanagari():
    text = f"शीर्षक\nक{ZWJ}ि सरकार {ZWJ}ने लक्ष्{ZWJ}{ZWJ}य।\n"
    assert triples(lint(text, "hi")) == [
        ("invisible-character", 2, 2), ("invisible-character", 2, 11),
        ("invisible-character", 2, 20)]


def test_invisible_fix_removes_or_keeps_one_joiner():
    text = f"عنوان\nپاکستان{ZWSP} کی بین{ZWNJ}{ZWNJ}الاقوامی خبر{ZWNJ} ہے۔\n"
    assert fixed(text, "ur", "invisible-character") == \
        f"عنوان\nپاکستان کی بین{ZWNJ}الاقوامی خبر ہے۔\n"
    hindi = f"शीर्षक\nलक्ष्{ZWJ}{ZWJ}य और क्{ZWSP}ष।\n"
    # A separator after a virama shows the virama: the fix keeps that look with a ZWNJ.
    assert fixed(hindi, "hi", "invisible-character") == f"शीर्षक\nलक्ष्{ZWJ}य और क्{ZWNJ}ष।\n"


def test_allow_option():
    config = Config(rules={"invisible-character": RuleSetting(options={"allow": [SHY]})})
    text = f"शीर्षक\nसरकार{SHY} ने{ZWSP} कहा।\n"
    assert triples(lint(text, "hi", config=config)) == [("invisible-character", 2, 10)]


# --- bidi-control -----------------------------------------------------------------------------

def test_bidi_controls_and_mark_runs():
    text = f"عنوان\nوزیر اعظم {RLO}نے{PDF} کہا {LRM}{LRM} ok {RLI}خبر{PDI} {RLM} ٹھیک۔\n"
    assert triples(lint(text, "ur")) == [
        ("bidi-control", 2, 11), ("bidi-control", 2, 14), ("bidi-control", 2, 20),
        ("bidi-control", 2, 26), ("bidi-control", 2, 30)]


def test_single_direction_mark_is_fine_and_mark_runs_collapse_safely():
    assert lint(f"عنوان\nقیمت {LRM}100 روپے ہے۔\n", "ur") == []
    findings = lint(f"عنوان\nقیمت {RLM}{RLM}{RLM}100 روپے۔\n", "ur")
    assert [(f.fix.safe, f.fix.edits[0].replacement) for f in findings] == [(True, RLM)]
    assert fixed(f"عنوان\nقیمت {RLM}{RLM}100 روپے {RLO}ہے۔\n", "ur", "bidi-control") == \
        f"عنوان\nقیمت {RLM}100 روپے ہے۔\n"


# --- control-character ------------------------------------------------------------------------

def test_control_characters():
    text = "शीर्षक\nसरकार\x07 ने\tकहा\x1b[0m और\x85आगे \x9d।\n"
    assert triples(lint(text, "hi")) == [
        ("control-character", 2, 6), ("control-character", 2, 14),
        ("control-character", 2, 21), ("control-character", 2, 26)]
    assert fixed(text, "hi", "control-character") == "शीर्षक\nसरकार ने\tकहा[0m और\nआगे ।\n"


def test_tab_newline_and_cr_are_not_control_findings():
    assert lint("शीर्षक\r\nसरकार\tने कहा।\r\n", "hi") == []


# --- arabic-letter-variant --------------------------------------------------------------------

def test_arabic_letters_in_urdu():
    text = "عنوان\nٹيلی ويژن كے مطابق لاهور میں ٢٠٢٤ کا بجٹ پیش ہوا۔\n"
    assert triples(lint(text, "ur")) == [
        ("arabic-letter-variant", 2, 2), ("arabic-letter-variant", 2, 7),
        ("arabic-letter-variant", 2, 11), ("arabic-letter-variant", 2, 22),
        ("arabic-letter-variant", 2, 30), ("arabic-letter-variant", 2, 31),
        ("arabic-letter-variant", 2, 32), ("arabic-letter-variant", 2, 33)]
    assert fixed(text, "ur", "arabic-letter-variant") == \
        "عنوان\nٹیلی ویژن کے مطابق لاہور میں ۲۰۲۴ کا بجٹ پیش ہوا۔\n"


def test_urdu_letters_are_never_folded():
    # آ ے ھ ۂ ئ ؤ and the Urdu letters are correct; so are ﷺ and Urdu digits.
    text = "عنوان\nآج گئے، بھی، کئی، ملاقات میں ۲۰۲۴، نقطۂ نظر، بچاؤ، نبی ﷺ نے فرمایا۔\n"
    assert lint(text, "ur") == []


def test_heh_that_may_be_aspiration_has_no_fix():
    findings = lint("عنوان\nوه بهی آئے۔\n", "ur")
    assert triples(findings) == [("arabic-letter-variant", 2, 2),
                                 ("arabic-letter-variant", 2, 5)]
    assert findings[0].fix is not None and findings[0].fix.edits[0].replacement == "ہ"
    assert findings[1].fix is None and "ھ" in findings[1].message


def test_decomposed_yeh_hamza_is_not_a_letter_variant():
    # ي + HAMZA ABOVE is ئ written decomposed: not-normalized, not arabic-letter-variant.
    findings = lint("عنوان\nگي\u0654ے۔\n", "ur")
    assert triples(findings) == [("not-normalized", 2, 2)]
    assert findings[0].fix.edits[0].replacement == "ئ"


def test_quoted_arabic_is_exempt_by_default():
    text = "عنوان\nانہوں نے “بسم الله الرحمن الرحيم” پڑھا اور کہا “يہ ٹھيک ہے”۔\n"
    assert triples(lint(text, "ur")) == [("arabic-letter-variant", 2, 49),
                                         ("arabic-letter-variant", 2, 54)]
    config = Config(rules={"arabic-letter-variant":
                           RuleSetting(options={"exempt-quoted-arabic": False})})
    assert triples(lint(text, "ur", config=config)) == [
        ("arabic-letter-variant", 2, 18), ("arabic-letter-variant", 2, 31),
        ("arabic-letter-variant", 2, 49), ("arabic-letter-variant", 2, 54)]


def test_hindi_has_no_letter_variants():
    assert lint("शीर्षक\nखबर ٢٠٢٤ में।\n", "hi") == []


# --- presentation-form ------------------------------------------------------------------------

def test_presentation_forms():
    text = "عنوان\nسیلاب سے بچاﺅ کے ﻟﺌﮯ اقدامات، نبی ﷺ اور ﷲ کا ذکر۔\n"
    findings = lint(text, "ur")
    assert triples(findings) == [("presentation-form", 2, 13), ("presentation-form", 2, 18)]
    assert fixed(text, "ur", "presentation-form") == \
        "عنوان\nسیلاب سے بچاؤ کے لئے اقدامات، نبی ﷺ اور ﷲ کا ذکر۔\n"


def test_presentation_form_fix_composes_with_following_marks():
    # ALEF ISOLATED FORM + MADDA: NFKC of the run with its mark gives آ, already NFC.
    text = "عنوان\nﺍ\u0653ج\n"
    assert fixed(text, "ur", "presentation-form") == "عنوان\nآج\n"


# --- not-normalized ---------------------------------------------------------------------------

def test_not_normalized_per_place():
    text = "عنوان\nا\u0653ج بارش ہو\u0654ی اور ا\u0653ندھی آئی۔\n"
    assert triples(lint(text, "ur")) == [("not-normalized", 2, 1), ("not-normalized", 2, 11),
                                         ("not-normalized", 2, 19)]
    assert fixed(text, "ur", "not-normalized") == "عنوان\nآج بارش ہؤی اور آندھی آئی۔\n"


def test_not_normalized_fix_output():
    text = "عنوان\nا\u0653ج و\u0654 ک\u0651\u064eل\n"
    assert fixed(text, "ur", "not-normalized") == "عنوان\nآج ؤ ک\u064e\u0651ل\n"


def test_precomposed_nukta_is_not_nfc_and_decomposed_is_fine():
    text = "शीर्षक\nयह \u095c\u093e और \u095e\u0948सला है, \u0921\u093c\u093e ठीक है।\n"
    assert triples(lint(text, "hi")) == [("not-normalized", 2, 4), ("not-normalized", 2, 10)]
    assert fixed(text, "hi", "not-normalized") == \
        "शीर्षक\nयह \u0921\u093c\u093e और \u092b\u093c\u0948सला है, \u0921\u093c\u093e ठीक है।\n"


def test_nfc_text_with_harakat_and_virama_is_clean():
    text = "शीर्षक\nक्षत्रिय ज़िंदगी।\n"
    assert lint(text, "hi") == []
    assert lint("عنوان\nمُحَمَّد نے کہا۔\n", "ur") == []


# --- mojibake ---------------------------------------------------------------------------------

def test_mojibake_per_line_with_repair():
    text = "عنوان\nØ§Ø±Ø¯Ùˆ Ø²Ø¨Ø§Ù†\nیہ ٹھیک ہے\nnews Ø®Ø¨Ø± here\n"
    findings = lint(text, "ur")
    assert triples(findings) == [("mojibake", 2, 1), ("mojibake", 4, 6)]
    assert "اردو زبان" in findings[0].message
    assert fixed(text, "ur", "mojibake") == "عنوان\nاردو زبان\nیہ ٹھیک ہے\nnews خبر here\n"


def test_mojibake_hindi_and_no_double_report_of_its_c1_and_soft_hyphens():
    # ہ is DB 81: read as Windows-1252 the 0x81 survives as a C1 control; ح (D8 AD) leaves a
    # soft hyphen. Both belong to the mojibake finding, not to other rules.
    garbled = "".join(_cp1252_or_c1(b) for b in "یہ خبر ہے، حکومت".encode())
    text = f"عنوان\n{garbled}\nà¤¹à¤¿à¤‚à¤¦à¥€\n"
    findings = lint(text, "ur")
    assert triples(findings) == [("mojibake", 2, 1), ("mojibake", 3, 1)]
    assert fixed(text, "ur", "mojibake") == "عنوان\nیہ خبر ہے، حکومت\nहिंदी\n"


def _cp1252_or_c1(byte):
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # bytes Windows-1252 leaves undefined come through as C1 controls


def test_lossy_mojibake_has_no_fix():
    garbled = "یہ خبر ہے".encode().decode("cp1252", errors="replace")
    findings = [f for f in lint(f"عنوان\n{garbled}\n", "ur") if f.rule == "mojibake"]
    assert len(findings) == 1 and findings[0].fix is None


def test_latin_accents_are_not_mojibake():
    assert lint("शीर्षक\nकैफ़े café, naïve, Zürich, São Paulo, voilà।\n", "hi") == []


# --- replacement-character --------------------------------------------------------------------

def test_replacement_characters():
    text = "عنوان\nپاکستان \ufffd\ufffd کی حکومت \ufffd۔\n"
    assert triples(lint(text, "ur")) == [("replacement-character", 2, 9),
                                         ("replacement-character", 2, 21)]


def test_decoder_replacements_are_invalid_encoding_not_ours():
    from linter.catalogue import builtin_catalogue
    from linter.engine import Settings
    from linter.readers import read_bytes
    from linter.runner import FileResult, lint_one

    data = "عنوان\nخبر ".encode() + b"\xff" + " ہے۔\n".encode()
    settings = Settings(builtin_catalogue(), None, select=["U", "invalid-encoding"])
    read = read_bytes(data, "a.txt")
    result = FileResult("a.txt")
    for doc in read.documents:
        doc.lang = "ur"
        lint_one(doc, settings, (), result)
    assert [f.rule for f in result.findings if f.rule.startswith("replacement")] == []


# --- the sample archive -----------------------------------------------------------------------

def test_seeds_have_no_unicode_findings(seeds):
    from linter.engine import Settings
    from linter.runner import run

    paths = sorted(str(p) for p in seeds.rglob("*") if p.is_file())
    findings = run(paths, Settings(builtin_catalogue(), None, select=U)).findings
    assert [(f.path, f.rule, f.line, f.column) for f in findings] == []


# --- fixes are exact, on arbitrary text -------------------------------------------------------

ALPHABET = list("باپیکہےھآ ۔،") + list("يكهى٢") + list("कनरडि्ा़ ") + [
    "\u095d", ZWNJ, ZWJ, ZWSP, SHY, WJ, BOM, LRM, RLM, RLO, PDI, "\x07", "\x85", "\u0653",
    "\u0654", "\u0651", "\u064e", "\ufe85", "\ufefb", "\ufdfa", "\ufffd", "Ø", "§", "Ù", "ˆ",
    "\ufe0f", "👩", "\n"]
FIXABLE = ["invisible-character", "bidi-control", "control-character", "arabic-letter-variant",
           "presentation-form", "not-normalized", "mojibake"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(alphabet=ALPHABET, max_size=40), lang=st.sampled_from(["ur", "hi"]),
       rule=st.sampled_from(FIXABLE))
def test_fixing_a_rule_leaves_none_of_its_fixable_findings(body, lang, rule):
    text = f"عنوان\n{body}\n"
    findings = [f for f in lint(text, lang) if f.rule == rule and f.fix]
    result = apply_fixes(text, findings)
    again = [f for f in lint(result, lang) if f.rule == rule and f.fix]
    assert again == [], (text, result)


# --- other formats ----------------------------------------------------------------------------

def test_jsonl_columns_point_at_the_escapes_and_a_bom_in_a_record_is_invisible():
    import json

    record = json.dumps({"title": "عنوان", "text": f"{BOM}پاکستان{ZWSP} کی حکومت۔"})
    findings = lint_text(record + "\n", lang="ur", select=U, path="a.jsonl")
    # {"title": "<5 escapes>", "text": "  -> the text starts at column 54
    assert triples(findings) == [("invisible-character", 1, 54),
                                 ("invisible-character", 1, 102)]


def test_markdown_front_matter_and_bom():
    text = f"{BOM}---\ntitle: خبر\nlang: ur\n---\nپاکستان{ZWSP} کی ٹيلی ویژن۔\n"
    assert triples(lint_text(text, select=["U", "bom"], path="a.md")) == [
        ("bom", 1, 1), ("invisible-character", 5, 8), ("arabic-letter-variant", 5, 14)]


def test_nukta_judged_without_nfc_changes_no_finding(monkeypatch):
    """not-normalized skips a nukta after a letter it never composes with (most of Hindi's
    candidates) without normalising its segment: the findings must be those of normalising."""
    import linter.checks.unicode_forms as unicode_checks

    class Scan:
        def __init__(self, text):
            self.text = text

    before = ["", "क", "\u093c", "\u094d", "\u0301", "a"]
    letters = [chr(c) for c in range(0x0900, 0x0980)] + ["a", "ب", "\u0627"]
    after = ["", " ", "a", "\u093c", "\u094d", "\u0901", "\u093e", "\u0654", "\u0301", "\u0958",
             "\u1161"]
    texts = [b + x + "\u093c" + y for b in before for x in letters for y in after]

    def findings():
        return [list(unicode_checks.not_normalized(Scan(text))) for text in texts]

    fast = findings()
    monkeypatch.setattr(unicode_checks, "_inert_nukta", lambda text, offset: False)
    assert fast == findings()
    assert sum(map(bool, fast)) > 100  # the texts do hold places NFC changes


def test_rare_scan_holds_every_character_the_later_scans_start_with():
    """The control, presentation-form and mojibake scans start where RARE finds its first
    character: each of their matches must start with a character of RARE."""
    from linter.checks.unicode_tables import MOJIBAKE_HINT, PRESENTATION_HINT, RARE, odd_controls

    for code in range(0x10000):
        char = chr(code)
        if odd_controls().match(char) or PRESENTATION_HINT.match(char) or \
                MOJIBAKE_HINT.match(char + "\u0080"):
            assert RARE.match(char), f"U+{code:04X}"


def test_nfc_candidates_from_two_scans_change_no_finding(monkeypatch):
    """not-normalized scans the quick-check property and runs of marks apart and merges the
    matches (on text without the characters regex's tables lack): the findings must be those
    of one scan of NFC_CANDIDATE."""
    import random

    import linter.checks.unicode_forms as unicode_checks

    class Scan:
        def __init__(self, text):
            self.text = text

    from linter.checks.unicode_tables import NFC_CANDIDATE, NFC_REORDERABLE, UNASSIGNED

    newer = [c for c in NFC_REORDERABLE if UNASSIGNED.match(c)]  # marks regex does not know

    alphabet = ["a", "e", "ا", "و", "ہ", "न", "क", " ", "\u0653", "\u0654", "\u064e", "\u0650",
                "\u0651", "\u0670", "\u093c", "\u094d", "\u0301", "\u0323", "\u0958", "\u1161",
                "\u0b3e", "\U0001d165", *newer[:2], *newer[-1:]]
    rng = random.Random(5)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
             for _ in range(3000)]

    def findings():
        return [list(unicode_checks.not_normalized(Scan(text))) for text in texts]

    split = findings()
    monkeypatch.setattr(unicode_checks, "_nfc_candidates",
                        lambda text: [m.span() for m in NFC_CANDIDATE.finditer(text)])
    assert split == findings()
    assert sum(map(bool, split)) > 500


def test_first_of_finds_what_a_class_scan_finds():
    # first_of (one str.find per character) stands in for scanning a class of the characters.
    import regex

    from linter.checks.unicode_tables import first_of

    chars = "كهىي٠٩"
    pattern = regex.compile(f"[{chars}]")
    for text in ["", "abc", "ك", "ٹیلی ويژن كے", "۱۲ ٠٩ ي", "ه" * 3, "xي\U0001f600ك", "يى"]:
        for pos in range(len(text) + 1):
            match = pattern.search(text, pos)
            assert first_of(text, chars, pos) == (match.start() if match else None), (text, pos)


def test_nfc_extra_hints_cover_exactly_the_hint_ranges():
    # The BMP part of the hint ranges is looked for character by character (NFC_EXTRA_CHARS),
    # the rest with patterns: together they must hold exactly the code points of the ranges.
    import regex

    from linter.checks.unicode_tables import (
        _NFC_HINT_RANGES,
        NFC_EXTRA_CHARS,
        NFC_EXTRA_HINTS,
    )

    plane = "".join(map(chr, range(0x30000)))
    # No ranges when regex and unicodedata know the same characters (then nothing to find).
    expected = [m.start() for m in regex.finditer("[" + "".join(_NFC_HINT_RANGES) + "]", plane)
                ] if _NFC_HINT_RANGES else []
    found = sorted({ord(c) for c in NFC_EXTRA_CHARS}
                   | {m.start() for p in NFC_EXTRA_HINTS for m in p.finditer(plane)})
    assert found == expected


def test_unicode_tables_from_the_cache_folder_are_those_computed(tmp_path, monkeypatch):
    """The derived tables read back from the cache folder equal those computed afresh; a cache
    of another shape is recomputed."""
    import json

    from linter.checks import unicode_tables

    monkeypatch.delenv("ARCHIVE_LINT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    computed = unicode_tables._table_data()
    assert unicode_tables._tables() == computed  # computed and written
    assert unicode_tables._tables() == computed  # read back
    (cached,) = (tmp_path / "archive-lint").glob("unicode-tables-*.json")
    cached.write_text(json.dumps(["too", "short"]), encoding="utf-8")
    assert unicode_tables._tables() == computed
    assert computed[3] == unicode_tables.PRESENTATION_CHARS
    assert frozenset(computed[4]) == unicode_tables.NUKTA_INERT
