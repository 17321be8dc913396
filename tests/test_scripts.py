"""Script integrity (S001-S006): exact (rule, line, column) on text written for these tests."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS, lint_text, triples

MIXED = "mixed-script-word"
SPACE = "missing-space-between-scripts"
FOREIGN = "foreign-script"
DRIFT = "script-drift"
MISMATCH = "language-mismatch"
DIGITS = "mixed-digits"

UR_TITLE = "عنوان\n"
HI_TITLE = "शीर्षक\n"
# Carrier text after the snippet under test, so that a short foreign snippet does not make its
# whole line a drifted paragraph.
UR_TAIL = " اور یہ خبر آج کے اخبار میں شائع ہوئی۔"
HI_TAIL = " और यह खबर आज के अखबार में छपी।"


def s(text: str, lang: str | None = None, select=("S",)):
    return lint_text(text, lang=lang, select=list(select))


def found(text: str, lang: str | None = None):
    return triples(s(text, lang))


# --- mixed-script-word: each script pair -------------------------------------------------------
@pytest.mark.parametrize("word,scripts", [
    ("समावेशی", "Devanagari and Arabic"),     # Devanagari stem, Urdu suffix
    ("تعاوनी", "Arabic and Devanagari"),      # Urdu stem, Devanagari ending
    ("સહકരണ", "Gujarati and Malayalam"),
    ("व्याവസयिक", "Devanagari and Malayalam"),
    ("की积极ता", "Devanagari and Han"),
    ("চীनी", "Bengali and Devanagari"),
    ("ਪੰजाब", "Gurmukhi and Devanagari"),
    ("ଓडिशा", "Oriya and Devanagari"),
    ("한국ی", "Hangul and Arabic"),
])
def test_mixed_word_in_urdu(word, scripts):
    text = UR_TITLE + f"یہ ایک {word} عالمی تعاون ہے۔\n"
    findings = s(text, "ur")
    assert triples(findings) == [(MIXED, 2, 8)]
    assert findings[0].message == f"one word mixes {scripts} letters: «{word}»"
    assert findings[0].end_column == 8 + len(word)


def test_mixed_word_in_hindi_with_arabic_letters():
    assert found(HI_TITLE + "यह हिंदیک शब्द है।\n", "hi") == [(MIXED, 2, 4)]


def test_latin_with_cyrillic_look_alike_is_mixed_not_a_missing_space():
    # "Mоscow" with a Cyrillic о (U+043E)
    assert found(UR_TITLE + "یہ M\u043escow ہے۔\n", "ur") == [(MIXED, 2, 4)]


def test_stray_latin_letter_inside_a_word_is_corruption():
    # legacy-font debris: í in the middle of a Devanagari word
    findings = s(HI_TITLE + "सामाजिक, आíथक और नैतिक।\n", "hi")
    assert triples(findings) == [(MIXED, 2, 10)]


def test_kanji_with_kana_is_one_word_but_foreign():
    findings = s(UR_TITLE + "لفظ 悪い ہے۔" + UR_TAIL + "\n", "ur")
    assert triples(findings) == [(FOREIGN, 2, 5)]
    assert findings[0].excerpt == "悪い"
    assert findings[0].message == "Han and Hiragana text inside Urdu"


def test_mixed_word_is_not_also_foreign():
    # the Devanagari part of समावेशی is not reported again as foreign-script
    assert [f.rule for f in s(UR_TITLE + "یہ समावेशی ہے۔" + UR_TAIL + "\n", "ur")] == [MIXED]


# --- neutral characters never make a word mixed ------------------------------------------------
@pytest.mark.parametrize("text", [
    "نئی\u200cدہلی میں بات ہوئی۔",                     # ZWNJ inside an Urdu word
    "می\u200dں اور وہ۔",                                # ZWJ
    "یہ بات ہے، اور وہ؟ اور یہ؛ ختم۔",                   # Arabic punctuation glued to words
    "اللـــہ کا نام۔",                                   # tatweel
    "بِسْمِ اللّٰہِ الرَّحْمٰنِ الرَّحِیْمِ۔",              # harakat (combining marks)
    "ۂ اور \u06c1\u0654 دونوں ٹھیک ہیں۔",                # precomposed and decomposed hamza
    "سال 2024ء میں ۲۰۲۴ اور ٢٠٢٤ لکھا گیا۔",             # ASCII, Urdu and Arabic-Indic digits
    "کیفے cafe\u0301 اور café دونوں۔",                   # decomposed and precomposed Latin
    "OpenAI نے (AI-R-1) اور GPT-3.5 جاری کیا۔",          # Latin is allowed in Urdu
    "مزید https://example.com/a?b=c اور info@example.org پر۔",
    "قرآن میں ہے: «إِنَّ اللَّهَ مَعَ الصَّابِرِينَ» یعنی صبر۔",  # quoted Arabic
    "AI، Baidu، اور Tencent۔",                           # a comma after a Latin word is fine
])
def test_urdu_exceptions_are_clean(text):
    assert found(UR_TITLE + text + "\n", "ur") == []


@pytest.mark.parametrize("text", [
    "क्\u200dष और क्\u200cष दोनों।",                    # joiners in Devanagari
    "ज़रूर और \u095bरूर दोनों सही हैं।",                 # decomposed and precomposed nukta
    "फ़िल्म और \u095eिल्म।",
    "यह OpenAI का GPT-3.5 है। COVID-19 के मामले।",       # Latin is allowed in Hindi
    "साल २०२४ और 2025 में।",                             # either digit system alone
    "यह है। वह है॥ और ठीक।",                             # danda
])
def test_hindi_exceptions_are_clean(text):
    assert found(HI_TITLE + text + "\n", "hi") == []


def test_decomposed_and_precomposed_nukta_in_urdu_are_each_one_foreign_run():
    decomposed = "\u091c\u093c\u0930\u0942\u0930"   # ज़रूर with U+093C
    precomposed = unicodedata.normalize("NFC", decomposed)  # NFC keeps it decomposed
    assert precomposed == decomposed
    composed = "\u095b\u0930\u0942\u0930"            # U+095B precomposed
    findings = s(UR_TITLE + f"یہ {decomposed} ہے اور {composed} بھی۔" + UR_TAIL + "\n", "ur")
    assert triples(findings) == [(FOREIGN, 2, 4), (FOREIGN, 2, 17)]
    assert [f.excerpt for f in findings] == [decomposed, composed]


# --- missing-space-between-scripts -------------------------------------------------------------
def test_latin_glued_to_urdu():
    findings = s(UR_TITLE + "Dogecoinجس کی قیمت اور ذریعہBBC۔\n", "ur")
    assert triples(findings) == [(SPACE, 2, 1), (SPACE, 2, 24)]
    assert findings[0].excerpt == "Dogecoinجس"
    assert findings[0].message == "no space between Latin and Arabic text: «Dogecoinجس» reads " \
                                  "as one word"
    assert [(e.column, e.replacement) for e in findings[0].fix.edits] == [(9, " ")]
    assert not findings[0].fix.safe
    assert findings[1].excerpt == "ذریعہBBC"
    assert [e.column for e in findings[1].fix.edits] == [29]


def test_latin_glued_to_devanagari_and_after_a_danda():
    findings = s(HI_TITLE + "मामले बढ़े।COVID19 की जांच और COVIDके मामले।\n", "hi")
    assert triples(findings) == [(SPACE, 2, 11), (SPACE, 2, 31)]
    assert findings[0].excerpt == "।COVID"
    assert findings[0].message == "no space after «।» before the Latin word «COVID»"
    assert [e.column for e in findings[0].fix.edits] == [12]
    assert findings[1].excerpt == "COVIDके"


def test_latin_after_urdu_full_stop_and_through_digits():
    findings = s(UR_TITLE + "بات ختم ہوئی۔Dogecoin اور COVID19کے مریض۔ سال 2024ء۔\n", "ur")
    assert triples(findings) == [(SPACE, 2, 13), (SPACE, 2, 27)]
    assert findings[0].excerpt == "۔Dogecoin"
    assert findings[1].excerpt == "COVID19کے"
    assert [e.column for e in findings[1].fix.edits] == [34]


def test_latin_glued_to_devanagari_in_urdu_is_a_missing_space_and_foreign():
    findings = s(UR_TITLE + "یہ COVIDके ہے۔\n", "ur")
    assert triples(findings) == [(SPACE, 2, 4), (FOREIGN, 2, 9)]


# --- foreign-script ----------------------------------------------------------------------------
def test_foreign_runs_merge_across_spaces_and_punctuation_only():
    text = UR_TITLE + "چین نے চীন আন্তর্জাতিক فورم، اور इसे भले, के लिए 悪 के लिए कहा۔" + \
        UR_TAIL * 3 + "\n"
    findings = s(text, "ur")
    assert triples(findings) == [(FOREIGN, 2, 8), (FOREIGN, 2, 34), (FOREIGN, 2, 50),
                                 (FOREIGN, 2, 52)]
    assert [f.excerpt for f in findings] == ["চীন আন্তর্জাতিক", "इसे भले, के लिए", "悪",
                                             "के लिए कहा"]
    assert [f.message for f in findings] == ["Bengali text inside Urdu",
                                             "Devanagari text inside Urdu",
                                             "Han text inside Urdu",
                                             "Devanagari text inside Urdu"]


def test_foreign_runs_do_not_merge_across_lines():
    text = UR_TITLE + "یہ और" + UR_TAIL + "\nवह ہے۔" + UR_TAIL + "\n"
    assert found(text, "ur") == [(FOREIGN, 2, 4), (FOREIGN, 3, 1)]


def test_arabic_script_inside_hindi_and_latin_allowed():
    findings = s(HI_TITLE + "उन्होंने कहा خاص طور پر यह OpenAI से।\n", "hi")
    assert triples(findings) == [(FOREIGN, 2, 14)]
    assert findings[0].excerpt == "خاص طور پر"
    assert findings[0].message == "Arabic text inside Hindi"


@pytest.mark.parametrize("word,script", [
    ("ગુજરાત", "Gujarati"), ("ਪੰਜਾਬ", "Gurmukhi"), ("മലയാളം", "Malayalam"),
    ("ଓଡ଼ିଆ", "Oriya"), ("中国", "Han"), ("ひらがな", "Hiragana"), ("カタカナ", "Katakana"),
    ("한국", "Hangul"), ("বাংলা", "Bengali"),
])
@pytest.mark.parametrize("lang,title,before,after", [
    ("ur", UR_TITLE, "یہ ", " ہے۔"), ("hi", HI_TITLE, "यह ", " है।")])
def test_other_scripts_are_foreign_in_both_languages(word, script, lang, title, before, after):
    tail = UR_TAIL if lang == "ur" else HI_TAIL
    findings = s(title + before + word + after + tail + "\n", lang)
    assert triples(findings) == [(FOREIGN, 2, 4)]
    assert findings[0].message == f"{script} text inside {'Urdu' if lang == 'ur' else 'Hindi'}"


def test_devanagari_inside_urdu_title():
    assert found("خبر और عنوان\nمتن۔\n", "ur") == [(FOREIGN, 1, 5)]


# --- script-drift ------------------------------------------------------------------------------
DRIFTING = (UR_TITLE
            + "پہلا پیراگراف اردو میں ہے۔\n"                          # 2 Urdu
            + "दूसरा अनुच्छेद हिंदी में है और کچھ اردو۔\n"             # 3 drifted
            + "तीसरा भी हिंदी में চীন और 悪 के साथ।\n"                 # 4 drifted + Bengali + Han
            + "چوتھا پیراگراف پھر اردو میں ہے مگر यह لفظ۔\n"          # 5 back, one foreign run
            + "English paragraph about AI in an Urdu article.\n")      # 6 Latin: allowed


def test_article_drifts_and_drifts_back():
    findings = s(DRIFTING, "ur")
    assert triples(findings) == [(DRIFT, 3, 1), (DRIFT, 4, 1), (FOREIGN, 4, 20),
                                 (FOREIGN, 4, 27), (FOREIGN, 5, 36)]
    assert findings[0].message == ("this paragraph is in Devanagari (Hindi), not Urdu: 25 of "
                                   "its 32 letters are Devanagari")
    assert [f.excerpt for f in findings[2:]] == ["চীন", "悪", "यह"]
    assert findings[0].end_column == len("दूसरा अनुच्छेद हिंदी में है और کچھ اردو۔") + 1


def test_drift_off_reports_the_runs_instead():
    findings = s(DRIFTING, "ur", select=[FOREIGN])
    assert triples(findings) == [(FOREIGN, 3, 1), (FOREIGN, 4, 1), (FOREIGN, 4, 20),
                                 (FOREIGN, 4, 24), (FOREIGN, 4, 27), (FOREIGN, 4, 29),
                                 (FOREIGN, 5, 36)]


def test_hindi_article_drifting_into_urdu():
    text = HI_TITLE + "यह हिंदी का अनुच्छेद है।\nیہ پیراگراف اردو میں ہے۔\nफिर हिंदी।\n"
    findings = s(text, "hi")
    assert triples(findings) == [(DRIFT, 3, 1)]
    assert findings[0].message.startswith("this paragraph is in Arabic (Urdu), not Hindi")


def test_heading_drift_in_markdown():
    text = "---\nlang: ur\ntitle: عنوان\n---\n# साझा जिम्मेदारी\n\nمتن اردو میں ہے۔\n"
    findings = lint_text(text, select=["S"], path="article.md")
    assert triples(findings) == [(DRIFT, 5, 3)]
    assert findings[0].message.startswith("this heading is in Devanagari")


def test_short_foreign_paragraph_below_min_letters_is_foreign():
    assert found(UR_TITLE + "متن۔\nक\n", "ur") == [(FOREIGN, 3, 1)]


# --- language-mismatch -------------------------------------------------------------------------
HINDI_ARTICLE = (HI_TITLE + "यह पूरा लेख हिंदी में लिखा गया है और इसमें कई वाक्य हैं।\n"
                 + "दूसरा अनुच्छेद भी हिंदी में है, पूरी तरह देवनागरी में।\n"
                 + "یہ ایک اردو پیراگراف ہے۔\n")


def test_declared_urdu_but_hindi_is_reported_once_and_judged_as_hindi():
    findings = s(HINDI_ARTICLE + "और চীন भी।\n", "ur")
    # the Urdu paragraph is explained by the mismatch; Bengali is still foreign in Hindi
    assert triples(findings) == [(MISMATCH, 1, 1), (FOREIGN, 5, 4)]
    assert findings[0].message == (
        "the article is declared Urdu (in its metadata) but 83% of its Arabic and Devanagari "
        "letters are Devanagari: it reads as Hindi; the script rules judge it as Hindi")
    assert findings[1].message == "Bengali text inside Hindi"


def test_near_tie_is_drift_not_mismatch():
    urdu = "یہ اردو کا ایک لمبا پیراگراف ہے جس میں کئی الفاظ اور جملے شامل ہیں۔\n"
    hindi = "यह हिंदी का एक लंबा अनुच्छेद है जिसमें कई शब्द और वाक्य शामिल हैं।\n"
    assert found(UR_TITLE + urdu + hindi, "ur") == [(DRIFT, 3, 1)]


def test_detected_language_never_mismatches():
    assert found(HINDI_ARTICLE) == [(DRIFT, 4, 1)]


def test_matching_declaration_is_clean():
    assert found(HINDI_ARTICLE, "hi") == [(DRIFT, 4, 1)]


# --- mixed-digits ------------------------------------------------------------------------------
def test_mixed_digits():
    text = UR_TITLE + "سال 2۰24 اور ۲٠۲۴ اور 5.6 اور ۵٫۶ اور 1,۰00 ٹھیک 2024۔\n"
    findings = s(text, "ur")
    assert triples(findings) == [(DIGITS, 2, 5), (DIGITS, 2, 14), (DIGITS, 2, 39)]
    assert findings[0].message == "number «2۰24» mixes ASCII and Urdu (Extended Arabic-Indic) " \
                                  "digits"
    assert findings[1].message == "number «۲٠۲۴» mixes Arabic-Indic and Urdu (Extended " \
                                  "Arabic-Indic) digits"


def test_mixed_digits_hindi():
    findings = s(HI_TITLE + "कीमत ५.6 और ५.६ और 5.6 प्रतिशत।\n", "hi")
    assert triples(findings) == [(DIGITS, 2, 6)]
    assert findings[0].excerpt == "५.6"


# --- the seeds ---------------------------------------------------------------------------------
SEED_002 = [
    (MIXED, 9, 596), (FOREIGN, 10, 159), (MIXED, 11, 223), (MIXED, 23, 549), (MIXED, 25, 25),
    (MIXED, 26, 145), (FOREIGN, 26, 157), (FOREIGN, 26, 336), (FOREIGN, 26, 446),
    (FOREIGN, 26, 465), (DRIFT, 27, 1), (DRIFT, 28, 1), (DRIFT, 29, 1), (DRIFT, 30, 1),
    (DRIFT, 31, 1), (DRIFT, 32, 1), (FOREIGN, 32, 128), (MIXED, 32, 169), (MIXED, 32, 198),
    (DRIFT, 33, 1), (MIXED, 34, 1), (DRIFT, 34, 1), (DRIFT, 35, 1), (MIXED, 35, 46),
    (DRIFT, 36, 1), (DRIFT, 37, 1), (FOREIGN, 38, 117), (FOREIGN, 38, 158), (FOREIGN, 38, 162),
    (FOREIGN, 38, 164),
]


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_002_script_defects():
    findings = lint_text(_seed("002"), select=["S"])
    assert triples(findings) == SEED_002
    excerpts = {(f.line, f.column): f.excerpt for f in findings}
    assert excerpts[9, 596] == "समावेशی"
    assert excerpts[26, 336] == "यह दृष्टिकोण"
    assert excerpts[26, 465] == "या बुनियादी ढांचा नहीं हो सकता"
    assert excerpts[32, 128] == "চীন আন্তর্জাতিক"
    # Gujarati with three Malayalam letters
    assert excerpts[32, 169] == "\u0ab8\u0ab9\u0d15\u0d30\u0d23\u0aaa\u0ac2\u0ab0\u0acd\u0aa3"
    assert excerpts[32, 198] == "की积极तापूर्वक"
    assert excerpts[38, 117] == "इसे भले के लिए तैनात किया जा"
    assert excerpts[38, 162] == "悪"
    assert excerpts[38, 164] == "के लिए भी तैनात किया जा सकता"


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_other_seeds_are_clean(prefix):
    assert lint_text(_seed(prefix), select=["S"]) == []


# --- robustness --------------------------------------------------------------------------------
def test_unknown_language_still_checks_words():
    # no Arabic or Devanagari letters: no language pack, but glued scripts are still seen
    assert found("Title\nsome text 2۰24 and Mоscow\n") == [(DIGITS, 2, 11), (MIXED, 2, 20)]


def test_option_also_allow():
    from linter.config import Config, RuleSetting
    config = Config(rules={FOREIGN: RuleSetting(options={"also-allow": ["Bengali"]})})
    text = UR_TITLE + "چین نے চীন فورم اور 悪 کہا۔\n"
    findings = lint_text(text, lang="ur", select=["S"], config=config)
    assert triples(findings) == [(FOREIGN, 2, 21)]


ALPHABET = st.sampled_from([*"اب ت\u200cक\u093c\u0958ा aZ\u0301 ০ગ中ー۲2٠५.,\n।۔،", "\r\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join), st.sampled_from([None, "ur", "hi"]))
def test_arbitrary_text_never_crashes_and_spans_are_in_range(text, lang):
    for finding in lint_text(text, lang=lang, select=["S"]):
        assert finding.rule != "internal-error", finding.message
        assert 0 <= finding.start <= finding.end <= len(text)


@pytest.mark.parametrize("base", ["Arabic", "Devanagari", "Latin", None])
def test_run_scan_skips_only_ranges_without_foreign_letters(base):
    """foreign_runs skips the base script's block before trying the letter class: the runs it
    finds must be those of the plain pattern, on every character up to U+1000 in every
    neighbourhood (each alone, and glued to its neighbours)."""
    import regex

    from linter.scripts import _not_neutral_letter, _run, foreign_runs

    plain = regex.compile(_run(_not_neutral_letter(base)), regex.V1)
    chars = [chr(c) for c in range(0x1000)]
    for text in (" ".join(chars), "".join(chars), "".join(reversed(chars))):
        assert [m.span() for m in foreign_runs(base).finditer(text)] == \
            [m.span() for m in plain.finditer(text)]


def test_split_of_a_run_that_is_one_latin_word_equals_the_full_split():
    """split_by_script returns a run wholly matched by the split's first (Latin) alternative
    as one piece without scanning it: the pieces must be those of the full split."""
    import random

    from linter.scripts import _script_split, foreign_runs, split_by_script

    alphabet = ["a", "Z", "é", "о", "α", "क", "\u093f", "ب", "\u0301", "\u200c", "\u200d",
                "ক", "中", "ー", " ", "1"]
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        for run in foreign_runs(None).finditer(text):
            full = [(m.start(), m.end(), m.lastgroup)
                    for m in _script_split().finditer(text, *run.span())]
            assert split_by_script(text, *run.span()) == full, text
