"""Punctuation family: marks, spacing, quotes and brackets (P001-P008).

Every text here is written for the tests. Fix tests apply the reported edits to the text and
assert the result exactly, then lint the result again: the rule must not fire twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.catalogue import builtin_catalogue
from linter.config import Config, RuleSetting, load_config
from linter.engine import Settings
from linter.runner import run
from tests.conftest import SEEDS, lint_text, triples

UR_TITLE = "عنوان\n"
HI_TITLE = "शीर्षक\n"


def apply_fixes(text: str, findings) -> str:
    edits = sorted((e for f in findings if f.fix for e in f.fix.edits),
                   key=lambda e: (e.start, e.end), reverse=True)
    for edit in edits:
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def lint(text, rule, lang, config=None):
    return lint_text(text, lang=lang, select=[rule], config=config)


def fixed(text, rule, lang, config=None):
    """The text with ``rule``'s fixes applied; asserts the rule is then silent."""
    result = apply_fixes(text, lint(text, rule, lang, config))
    assert lint(result, rule, lang, config) == [], f"{rule} still fires on {result!r}"
    return result


def option(rule, **options):
    return Config(rules={rule: RuleSetting(options=options)})


# --- latin-punctuation -----------------------------------------------------------------------
def test_latin_marks_after_urdu_words():
    text = UR_TITLE + "ہاں اور نہ. کیا یہ کرنا? یہ ہیں, اور وہ; پھر\n"
    found = lint(text, "latin-punctuation", "ur")
    assert triples(found) == [("latin-punctuation", 2, 11), ("latin-punctuation", 2, 24),
                              ("latin-punctuation", 2, 32), ("latin-punctuation", 2, 40)]
    assert found[0].message == ("Latin '.' after a word in Arabic script; this language "
                                "writes '۔'")
    assert fixed(text, "latin-punctuation", "ur") == \
        UR_TITLE + "ہاں اور نہ۔ کیا یہ کرنا؟ یہ ہیں، اور وہ؛ پھر\n"


def test_latin_mark_before_bracket_and_at_line_end():
    text = UR_TITLE + "(کچھ منصوبے آگے بڑھتے ہیں، بلکل.)\nیہ نمونہ.\n"
    assert triples(lint(text, "latin-punctuation", "ur")) == [
        ("latin-punctuation", 2, 32), ("latin-punctuation", 3, 9)]
    assert fixed(text, "latin-punctuation", "ur") == \
        UR_TITLE + "(کچھ منصوبے آگے بڑھتے ہیں، بلکل۔)\nیہ نمونہ۔\n"


@pytest.mark.parametrize("text", [
    "قیمت 5.6 ملین اور 0.55 فی ٹوکن ہے۔",
    "قیمت ۵.۶ ملین ہے۔",
    "کل 16,000 چپس اور 10.30 بجے۔",
    "ماڈل GPT-3.5 اور Grok Apache 2.0 ہے۔",
    "ذریعہ techcrunch.com اور https://example.org/a.b?x=1 ہے۔",
    "رابطہ info@example.com پر کریں۔",
    "یہ U.S. Army اور Dr. Smith کا بیان ہے، etc.",
    "یہ بات ہے... پھر وہ۔۔۔ چلا گیا۔",
])
def test_latin_punctuation_exceptions(text):
    assert lint(UR_TITLE + text + "\n", "latin-punctuation", "ur") == []


def test_hindi_latin_full_stop_is_house_style_unless_danda_is_asked_for():
    text = HI_TITLE + "यह खबर है. डॉ. राम और ए.के. सिंह आए. क्या, कब?\n"
    assert lint(text, "latin-punctuation", "hi") == []
    config = option("latin-punctuation", **{"native-full-stop": True})
    assert triples(lint(text, "latin-punctuation", "hi", config)) == [
        ("latin-punctuation", 2, 10), ("latin-punctuation", 2, 36)]
    assert fixed(text, "latin-punctuation", "hi", config) == \
        HI_TITLE + "यह खबर है। डॉ. राम और ए.के. सिंह आए। क्या, कब?\n"


# --- pipe-danda ------------------------------------------------------------------------------
def test_pipe_for_danda():
    text = HI_TITLE + "यह खबर है| अब आगे पढ़ें||\nदूसरी बात है |\n"
    assert triples(lint(text, "pipe-danda", "hi")) == [
        ("pipe-danda", 2, 10), ("pipe-danda", 2, 24), ("pipe-danda", 3, 14)]
    assert fixed(text, "pipe-danda", "hi") == \
        HI_TITLE + "यह खबर है। अब आगे पढ़ें॥\nदूसरी बात है ।\n"


@pytest.mark.parametrize("text", [
    "और पढ़ें: मिंट प्राइमर | स्टारगेट वार्स: भारत कहां है?",
    "| नाम | शहर |",
    "देखें https://example.org/a|b पर।",
])
def test_pipe_separators_are_not_dandas(text):
    assert lint(HI_TITLE + text + "\n", "pipe-danda", "hi") == []


def test_pipe_danda_is_silent_in_urdu():
    assert lint(UR_TITLE + "یہ خبر ہے|\n", "pipe-danda", "ur") == []


# --- punctuation-sequence --------------------------------------------------------------------
def test_conflicting_and_doubled_marks():
    text = UR_TITLE + "یہ ہیں۔، بلکل ہے۔. اور ہے۔ . اس، ، پھر،، اب,, تو\n"
    found = lint(text, "punctuation-sequence", "ur")
    assert triples(found) == [("punctuation-sequence", 2, 7), ("punctuation-sequence", 2, 17),
                              ("punctuation-sequence", 2, 26), ("punctuation-sequence", 2, 32),
                              ("punctuation-sequence", 2, 39), ("punctuation-sequence", 2, 44)]
    assert [f.message for f in found][:3] == [
        "conflicting or doubled punctuation '۔،'", "conflicting or doubled punctuation '۔.'",
        "conflicting or doubled punctuation '۔ .'"]
    hindi = HI_TITLE + "यह खबर है।. और है. . फिर\n"
    assert triples(lint(hindi, "punctuation-sequence", "hi")) == [
        ("punctuation-sequence", 2, 10), ("punctuation-sequence", 2, 18)]


def test_allowed_sequences():
    assert lint(UR_TITLE + "کیا؟! واہ!! اور پھر... یا پھر۔۔۔ بس، ...\n",
                "punctuation-sequence", "ur") == []
    assert lint(HI_TITLE + "सत्यमेव जयते।। क्या?! वाह!! और... फिर?\n",
                "punctuation-sequence", "hi") == []


def test_lone_mark_starting_a_paragraph():
    text = UR_TITLE + "حملہ ہوا\n۔ انہوں نے کہا\n"
    found = lint(text, "punctuation-sequence", "ur")
    assert triples(found) == [("punctuation-sequence", 3, 1)]


# --- space-before-punctuation ----------------------------------------------------------------
def test_space_before_urdu_marks():
    text = UR_TITLE + "یہ اہم ہیں ، لیکن مہنگے ہیں ۔ کیا ہے ؟ ہاں ،اور\n"
    assert triples(lint(text, "space-before-punctuation", "ur")) == [
        ("space-before-punctuation", 2, 11), ("space-before-punctuation", 2, 28),
        ("space-before-punctuation", 2, 37), ("space-before-punctuation", 2, 43)]
    assert fixed(text, "space-before-punctuation", "ur") == \
        UR_TITLE + "یہ اہم ہیں، لیکن مہنگے ہیں۔ کیا ہے؟ ہاں،اور\n"


def test_hindi_accepts_one_space_before_danda_by_default():
    text = HI_TITLE + "यह खबर है । दूसरी खबर है  । तीसरी , चौथी\n"
    found = lint(text, "space-before-punctuation", "hi")
    assert triples(found) == [("space-before-punctuation", 2, 25),
                              ("space-before-punctuation", 2, 34)]
    assert found[0].message == "2 spaces before '।'; one is the house style"
    assert fixed(text, "space-before-punctuation", "hi") == \
        HI_TITLE + "यह खबर है । दूसरी खबर है । तीसरी, चौथी\n"


def test_space_before_danda_is_configurable_per_language():
    text = HI_TITLE + "यह खबर है । दूसरी खबर है  ।\n"
    report = option("space-before-punctuation", **{"space-before-full-stop": {"hi": "report"}})
    assert triples(lint(text, "space-before-punctuation", "hi", report)) == [
        ("space-before-punctuation", 2, 10), ("space-before-punctuation", 2, 25)]
    assert fixed(text, "space-before-punctuation", "hi", report) == \
        HI_TITLE + "यह खबर है। दूसरी खबर है।\n"
    allow = option("space-before-punctuation", **{"space-before-full-stop": {"hi": "allow"}})
    assert lint(text, "space-before-punctuation", "hi", allow) == []
    # the Hindi setting leaves Urdu alone
    assert triples(lint(UR_TITLE + "یہ ہے ۔\n", "space-before-punctuation", "ur", allow)) == [
        ("space-before-punctuation", 2, 6)]


def test_space_before_option_in_a_config_file(tmp_path):
    path = tmp_path / ".archive-lint.yaml"
    path.write_text("rules:\n  space-before-punctuation:\n"
                    "    space-before-full-stop: {hi: report}\n", encoding="utf-8")
    config = load_config(path, builtin_catalogue())
    assert config.rules["space-before-punctuation"].options == {
        "space-before-full-stop": {"hi": "report"}}


@pytest.mark.parametrize("text", [
    "ذریعہ example .com اور .NET ہے۔",
    "یہ بات ہے ... پھر",
    "قیمت 5 ,000 ہے۔",
])
def test_space_before_exceptions(text):
    assert lint(UR_TITLE + text + "\n", "space-before-punctuation", "ur") == []


# --- missing-space-after-punctuation ---------------------------------------------------------
def test_missing_space_after_marks():
    text = UR_TITLE + "مارکیٹ بند ہوگئی۔اسٹاک گر گئے،سونا مہنگا؟کیوں\n"
    assert triples(lint(text, "missing-space-after-punctuation", "ur")) == [
        ("missing-space-after-punctuation", 2, 17), ("missing-space-after-punctuation", 2, 30),
        ("missing-space-after-punctuation", 2, 41)]
    assert fixed(text, "missing-space-after-punctuation", "ur") == \
        UR_TITLE + "مارکیٹ بند ہوگئی۔ اسٹاک گر گئے، سونا مہنگا؟ کیوں\n"
    hindi = HI_TITLE + "यह खबर है।अब आगे.फिर क्या,कब?\n"
    assert fixed(hindi, "missing-space-after-punctuation", "hi") == \
        HI_TITLE + "यह खबर है। अब आगे. फिर क्या, कब?\n"


@pytest.mark.parametrize("lang,text", [
    ("ur", "کل ۱۶،۰۰۰ چپس اور techcrunch.com ہے۔"),
    ("ur", "یہ واقعات ہوتے ہیں۔۔۔لیکن ہم"),
    ("hi", "डॉ.राम और ए.के.सिंह आए।"),
    ("hi", "कुल 10,000 जीपीयू, Node.js और 2.5 प्रतिशत।"),
])
def test_missing_space_exceptions(lang, text):
    title = UR_TITLE if lang == "ur" else HI_TITLE
    assert lint(title + text + "\n", "missing-space-after-punctuation", lang) == []


# --- quotes ----------------------------------------------------------------------------------
def test_unclosed_quote():
    text = UR_TITLE + "انہوں نے کہا کہ “یہ خطرہ ہے۔\nاور \"دوسرا\" ٹھیک ہے۔\n"
    found = lint(text, "unbalanced-quotes", "ur")
    assert triples(found) == [("unbalanced-quotes", 2, 17)]
    assert found[0].message == "double quote “ is never closed in this paragraph"


@pytest.mark.parametrize("text", [
    "یہ “اوپن سورس” ہے اور ”یہ بھی“ ہے۔",  # both orders are balanced in right-to-left text
    "ان کا کہنا ہے کہ ’’یہ درست ہے‘‘ اور ‘اوپن’ بھی۔",
    "Qur'an اور don't اور Musk’s کمپنی۔",
    "سال 2001 میں فلم’قصور‘ میں اداکاری کی۔",  # quotes glued to Urdu words are quotes
    "یہ 'اوپن' اور \"کھلا\" ہے۔",
])
def test_balanced_quotes(text):
    assert lint(UR_TITLE + text + "\n", "unbalanced-quotes", "ur") == []
    assert lint(UR_TITLE + text + "\n", "mismatched-quotes", "ur") == []


def test_quote_across_a_hard_wrapped_line_is_balanced():
    text = UR_TITLE + "انہوں نے کہا کہ “یہ خطرہ\nہے” اور چلے گئے۔\n"
    assert lint(text, "unbalanced-quotes", "ur") == []


def test_quote_not_closed_before_the_sentence_ends():
    text = UR_TITLE + "انہوں نے کہا کہ ‘یہ خطرہ ہے۔\nوہ چلے گئے’ اور۔\n"
    assert triples(lint(text, "unbalanced-quotes", "ur")) == [
        ("unbalanced-quotes", 2, 17), ("unbalanced-quotes", 3, 11)]


def test_mismatched_quotes():
    text = UR_TITLE + "اس کے \"اچھے دن” ختم ہوئے اور ‘نیا' دور۔\n"
    found = lint(text, "mismatched-quotes", "ur")
    assert triples(found) == [("mismatched-quotes", 2, 7), ("mismatched-quotes", 2, 30)]
    assert found[0].message == 'quote opened with " (straight) and closed with ” (curly)'
    assert (found[0].end_column - found[0].column) == len("\"اچھے دن”")
    assert lint(text, "unbalanced-quotes", "ur") == []


# --- brackets --------------------------------------------------------------------------------
def test_unbalanced_brackets():
    text = UR_TITLE + "مصنوعی ذہانت (AI کی ترقی۔\nیہ ماڈل AI) ہے۔\n[یہ (درست] ہے۔\n"
    found = lint(text, "unbalanced-brackets", "ur")
    assert triples(found) == [("unbalanced-brackets", 2, 14), ("unbalanced-brackets", 3, 11),
                              ("unbalanced-brackets", 4, 5)]
    assert [f.message for f in found] == ["'(' is never closed in this paragraph",
                                          "')' closes nothing in this paragraph",
                                          "'(' is never closed in this paragraph"]


@pytest.mark.parametrize("text", [
    "ذہانت (AI) اور [حوالہ] اور {x} ہے۔",
    "1) پہلا نکتہ 2) دوسرا نکتہ a) تیسرا",
    "بہت خوب :) اور :( بھی",
    "(یہ پہلی سطر\n\nدوسری سطر ہے)",  # an aside a scrape split over paragraphs
])
def test_balanced_brackets(text):
    assert lint(UR_TITLE + text + "\n", "unbalanced-brackets", "ur") == []


# --- seeds -----------------------------------------------------------------------------------
SEED_FINDINGS = [
    ("000_9db22900c2392ea6.txt", "mismatched-quotes", 22, 210, '"اچھے دن”', None),
    ("000_9db22900c2392ea6.txt", "mismatched-quotes", 24, 98, None, None),
    ("000_9db22900c2392ea6.txt", "mismatched-quotes", 27, 210, '"اچھے دن”', None),
    ("003_539bb2835e14a777.txt", "latin-punctuation", 5, 336, ".", "۔"),
    ("003_539bb2835e14a777.txt", "punctuation-sequence", 19, 305, "۔ .", None),
    ("003_539bb2835e14a777.txt", "punctuation-sequence", 19, 601, "۔.", None),
    ("003_539bb2835e14a777.txt", "punctuation-sequence", 23, 488, "۔،", None),
    ("003_539bb2835e14a777.txt", "latin-punctuation", 23, 495, ".", "۔"),
    ("003_539bb2835e14a777.txt", "latin-punctuation", 29, 97, ".", "۔"),
    ("003_539bb2835e14a777.txt", "latin-punctuation", 37, 219, "?", "؟"),
    ("003_539bb2835e14a777.txt", "latin-punctuation", 39, 517, ".", "۔"),
]


def test_seeds_exact_findings():
    settings = Settings(builtin_catalogue(), Config(root=SEEDS), select=["P"])
    findings = run([str(SEEDS)], settings).findings
    got = [(Path(f.path).name, f.rule, f.line, f.column) for f in findings]
    assert got == [row[:4] for row in SEED_FINDINGS]
    for finding, (name, _, _, _, span, replacement) in zip(findings, SEED_FINDINGS, strict=True):
        text = (SEEDS / name).read_text(encoding="utf-8")
        if span is not None:
            assert text[finding.start:finding.end] == span
        if replacement is None:
            assert finding.fix is None
        else:
            assert [e.replacement for e in finding.fix.edits] == [replacement]


def test_seed_context_of_the_reported_marks():
    text = (SEEDS / "003_539bb2835e14a777.txt").read_text(encoding="utf-8")
    findings = lint_text(text, lang="ur", select=["latin-punctuation"])
    result = apply_fixes(text, findings)
    for before, after in [("ہاں اور نہ.", "ہاں اور نہ۔"), ("بلکل.)", "بلکل۔)"),
                          ("یا ڈسٹل.", "یا ڈسٹل۔"), ("کرنا?", "کرنا؟"), ("نمونہ.", "نمونہ۔")]:
        assert before in text and after in result and before not in result
    assert "GPT-3.5" in result and "Apache 2.0" in result and "techcrunch.com" in result


def test_native_mark_glued_to_latin_is_left_to_the_scripts_family():
    """One problem, one finding: ``।COVID`` is missing-space-between-scripts, not P005."""
    text = "शीर्षक\nयह खबर है।COVID19 के मामले बढ़े।अब और।\n"
    assert triples(lint_text(text, lang="hi", select=["P005", "S002"])) == [
        ("missing-space-between-scripts", 2, 10),
        ("missing-space-after-punctuation", 2, 32)]


def test_quote_tokens_tried_at_quote_characters_equal_a_full_scan():
    """quotes tries its token patterns only at the quote characters the shared scan found: the
    tokens must be those of a scan of the whole paragraph, whatever surrounds the quotes."""
    import random

    from linter.checks.pairing import DOUBLE_QUOTES, PAIRED, SINGLE_QUOTES, _tokens

    alphabet = ["a", "Q", "ب", "ک", "क", "1", " ", "\n", "'", "‘", "’", '"', "“", "”", "„",
                "«", "»", "(", ")"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        places = [m.start() for m in PAIRED.finditer(text, start, end)
                  if m.group() not in "()[]{}"]
        for pattern in (DOUBLE_QUOTES, SINGLE_QUOTES):
            assert _tokens(pattern, text, places, end) == \
                [(m.start(), m.group()) for m in pattern.finditer(text, start, end)], text


def test_list_markers_and_emoticons_found_only_near_brackets_equal_a_full_scan():
    """unbalanced-brackets scans a paragraph for list markers and emoticons only when one of
    its brackets could end one: the skipped offsets must be those of the full scans."""
    import random

    from linter.checks.pairing import LIST_ITEM, PAIRED, SMILEY, _not_brackets

    alphabet = ["a", "ب", "1", "۲", " ", "\n", ":", ";", "-", "(", ")", "[", "]", "{", "}"]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        places = [m.start() for m in PAIRED.finditer(text, start, end) if m.group() in "()[]{}"]
        full = {m.end() - 1 for p in (LIST_ITEM, SMILEY) for m in p.finditer(text, start, end)}
        assert _not_brackets(text, places, start, end) == full, text


def test_house_style_marks_left_out_of_the_latin_scan_hide_no_other_mark():
    """Without native-full-stop, latin-punctuation does not look at house-style marks at all:
    the matches must be those of looking at every mark and dropping the house-style ones."""
    import random

    from linter.checks.punctuation import _freeze, _marks_for, _matches_after_space

    section = {"script": "Arabic", "full-stop": "۔", "comma": "،", "question-mark": "؟",
               "semicolon": "؛", "latin-marks": {".": "۔", ",": "،", "?": "؟", ";": "؛"},
               "house-style": [".", ";"]}
    mk = _marks_for("test", tuple((k, _freeze(v)) for k, v in sorted(section.items())))
    alphabet = ["ب", "ک", "\u0650", " ", ".", ",", "?", ";", "!", "a", "5", "\n", "”"]
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        every = [m.span() for m in _matches_after_space(mk.latin_punct, mk.latin_scan, text, 0)
                 if m.group("m") not in mk.house_style]
        assert [m.span() for m in _matches_after_space(
            mk.latin_punct, mk.reported_latin_scan, text, 0)] == every, text


def test_word_before_a_dot_matched_backwards_equals_a_search_for_it():
    """_word_before matches its run backwards from the dot; it must equal a search for the
    run that ends there, wherever the text before the dot is a letter or mark."""
    import random

    import regex

    from linter.checks.punctuation import _word_before

    search = regex.compile(r"[\p{L}\p{M}.]+$")
    alphabet = ["a", "ب", "क", "\u093f", "\u0650", ".", " ", "5", "\n", "-"]
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        for end in range(1, len(text) + 1):
            if regex.match(r"[\p{L}\p{M}]", text[end - 1]):
                match = search.search(text, max(0, end - 40), end)
                assert _word_before(text, end) == \
                    (match.group().rsplit(".", 1)[-1] if match else ""), (text, end)
