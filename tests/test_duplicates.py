"""Duplicates family: exact (rule, line, column) on text written for these tests."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy  # noqa: F401 - loaded, so n-grams take their NumPy path
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from linter.catalogue import builtin_catalogue
from linter.config import Config
from linter.engine import Settings
from linter.runner import run
from tests.conftest import SEEDS, lint_text, triples

D = ["D"]

UR_A = ("شہر کی بلدیہ نے اعلان کیا ہے کہ اگلے مہینے سے تمام بڑی سڑکوں پر نئی روشنیاں "
        "لگائی جائیں گی اور اس کام کے لیے ایک خصوصی فنڈ قائم کیا گیا ہے۔")
UR_B = ("حکام کے مطابق اس منصوبے سے رات کے وقت حادثات میں کمی آئے گی اور شہریوں کو محفوظ "
        "سفر کی سہولت ملے گی۔")
UR_C = "مقامی تاجروں نے اس فیصلے کا خیرمقدم کیا ہے اور امید ظاہر کی ہے کہ بازار دیر تک کھلے رہ سکیں گے۔"
HI_A = ("राज्य सरकार ने बुधवार को घोषणा की कि अगले महीने से सभी जिलों में नई बस सेवा शुरू "
        "होगी और किराया पहले से कम रखा जाएगा।")
HI_B = "परिवहन मंत्री ने कहा कि इस योजना से ग्रामीण इलाकों के लोगों को शहर तक पहुंचने में आसानी होगी।"
HI_C = "विपक्ष ने योजना का स्वागत किया लेकिन बसों की संख्या पर सवाल उठाए।"


def lint(text, lang="ur"):
    return triples(lint_text(text, lang=lang, select=D))


# --- duplicate-paragraph -------------------------------------------------------------------

def test_exact_paragraph_repeat_after_separator_names_first_line():
    findings = lint_text(f"عنوان\n{UR_A}\n{UR_B}\n***\n{UR_A}\n", lang="ur", select=D)
    assert triples(findings) == [("duplicate-paragraph", 5, 1)]
    assert findings[0].message == "paragraph repeats the paragraph on line 2"


def test_paragraph_repeat_found_through_normalisation():
    variant = (UR_A.replace("ی", "ي").replace("ک", "ك").replace("ہ", "ه")
               .replace(" ", "  ").replace("خصوصی", "خصو\u0640صی"))
    assert lint(f"عنوان\n{UR_A}\n{UR_B}\n{variant}\n") == [("duplicate-paragraph", 4, 1)]


def test_digit_systems_and_quotes_fold():
    first = "सरकार ने 2024 में “नई योजना” शुरू की और 150 करोड़ रुपये दिए गए थे।"
    second = "सरकार ने २०२४ में \"नई योजना\" शुरू की और १५० करोड़ रुपये दिए गए थे।"
    assert lint(f"शीर्षक\n{first}\n{HI_B}\n{second}\n", "hi") == [("duplicate-paragraph", 4, 1)]


def test_boilerplate_lines_are_not_paragraph_duplicates():
    text = f"عنوان\n{UR_A}\n***\n{UR_B}\n***\nخبر\n{UR_C}\nخبر\nاپنا تبصرہ بھیجیں\nاپنا تبصرہ بھیجیں\n"
    assert lint(text) == []


def test_title_equal_to_a_paragraph_is_not_a_duplicate_paragraph():
    assert lint(f"{UR_A}\n{UR_A}\n{UR_B}\n") == []


# --- near-duplicate-paragraph ----------------------------------------------------------------

def test_near_duplicate_paragraph_hindi():
    near = HI_A.replace("शुरू होगी", "शुरू की जाएगी")
    findings = lint_text(f"शीर्षक\n{HI_A}\n{HI_B}\n{near}\n", lang="hi", select=D)
    assert triples(findings) == [("near-duplicate-paragraph", 4, 1)]
    assert "line 2" in findings[0].message


def test_different_paragraphs_are_not_near_duplicates():
    assert lint(f"शीर्षक\n{HI_A}\n{HI_B}\n{HI_C}\n", "hi") == []


# --- duplicate-sentence ----------------------------------------------------------------------

def test_sentence_repeated_in_another_paragraph_with_a_word_in_front():
    text = f"शीर्षक\n{HI_A} {HI_B}\n{HI_C} अब {HI_B}\n"
    findings = lint_text(text, lang="hi", select=D)
    column = len(HI_C) + 2
    assert triples(findings) == [("duplicate-sentence", 3, column)]
    assert "line 2" in findings[0].message


def test_exact_sentence_repeat_urdu():
    text = f"عنوان\n{UR_A} {UR_B}\n{UR_C} {UR_B}\n"
    assert lint(text) == [("duplicate-sentence", 3, len(UR_C) + 2)]


def test_short_sentences_repeat_freely():
    text = f"عنوان\nیہ اچھا ہے۔ {UR_A}\nیہ اچھا ہے۔ {UR_B}\n"
    assert lint(text) == []


def test_sentences_of_a_repeated_paragraph_are_not_reported_again():
    text = f"عنوان\n{UR_A} {UR_B}\n{UR_C}\n{UR_A} {UR_B}\n"
    assert lint(text) == [("duplicate-paragraph", 4, 1)]


# --- repeated-phrase -------------------------------------------------------------------------

def test_stutter_inside_one_sentence_hindi():
    text = ("शीर्षक\nकंपनी ने अपने नए सस्ते मॉडल को कम लागत में अपने नए सस्ते मॉडल को "
            "प्रशिक्षित किया।\n")
    findings = lint_text(text, lang="hi", select=D)
    assert triples(findings) == [("repeated-phrase", 2, 44)]
    assert "(5 words)" in findings[0].message


def test_stutter_urdu_and_far_apart_parallel_phrase_is_not():
    stutter = "عنوان\nحکومت نے نئی سڑکوں کی تعمیر کا منصوبہ نئی سڑکوں کی تعمیر کا منصوبہ منظور کیا۔\n"
    assert lint(stutter) == [("repeated-phrase", 2, 39)]
    parallel = ("عنوان\nپہلے سال نئی سڑکوں کی تعمیر پر کام ہوگا جبکہ دوسرے سال شہر کے تمام اضلاع "
                "میں پانی اور بجلی کی فراہمی بہتر بنانے کے بعد نئی سڑکوں کی تعمیر دوبارہ ہوگی۔\n")
    assert lint(parallel) == []


def test_function_word_runs_are_not_stutters():
    text = "शीर्षक\nवह घर से बाहर आ गया और फिर वह घर से बाहर आ गया।\n"
    assert lint(text, "hi") == []


# --- seeds -------------------------------------------------------------------------------------

def test_seeds_findings_are_exactly_the_known_defects():
    settings = Settings(builtin_catalogue(), Config(), select=D)
    found = [(Path(f.path).name[:3], f.rule, f.line, f.column, f.message)
             for f in run([str(SEEDS)], settings).findings]
    assert found == [
        ("000", "duplicate-paragraph", 27, 1, "paragraph repeats the paragraph on line 22"),
        ("004", "repeated-phrase", 3, 114,
         "phrase «अपने ओपन-सोर्स आर 1 मॉडल को» (7 words) is repeated within one sentence "
         "(first at column 62)"),
        ("004", "duplicate-sentence", 6, 449,
         "sentence nearly repeats the sentence on line 1 (94% of word 2-grams shared)"),
    ]


# --- duplicate-article -------------------------------------------------------------------------

HI_PARAS = [
    "राज्य सरकार ने बुधवार को घोषणा की कि अगले महीने से सभी जिलों में नई बस सेवा शुरू होगी।",
    "परिवहन मंत्री ने कहा कि इस योजना से ग्रामीण इलाकों के लोगों को शहर तक पहुंचने में आसानी होगी।",
    "विपक्ष ने योजना का स्वागत किया लेकिन बसों की संख्या और किराये पर कई सवाल उठाए हैं।",
    "अधिकारियों के अनुसार पहले चरण में पांच सौ नई बसें खरीदी जाएंगी और चालकों को प्रशिक्षण मिलेगा।",
    "यात्रियों की सुविधा के लिए हर बस अड्डे पर टिकट काउंटर और पीने के पानी की व्यवस्था होगी।",
    "दूसरे चरण में बिजली से चलने वाली बसें शहरों के भीतर चलाई जाएंगी ताकि प्रदूषण कम हो।",
    "सरकार ने इस योजना के लिए बजट में अलग से धनराशि का प्रावधान करने की बात कही है।",
    "व्यापारियों का मानना है कि बेहतर परिवहन से छोटे कस्बों के बाजारों में रौनक बढ़ेगी।",
    "महिला यात्रियों की सुरक्षा के लिए बसों में कैमरे और आपातकालीन बटन लगाए जाएंगे।",
    "योजना की निगरानी के लिए एक समिति बनाई गई है जो हर तीन महीने में रिपोर्ट देगी।",
]


def _archive(tmp_path, articles: dict[str, str]):
    for name, text in articles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings(builtin_catalogue(), Config(root=tmp_path, lang="hi"),
                        select=["duplicate-article"])
    return [(Path(f.path).name, f.rule, f.line, f.column, f.message)
            for f in run([str(tmp_path)], settings).findings]


def test_exact_copy_under_another_title_is_reported_on_the_later_file(tmp_path):
    body = "\n".join(HI_PARAS) + "\n"
    found = _archive(tmp_path, {"a.txt": "बस सेवा\n" + body, "b.txt": "नई बसें\n" + body,
                                "c.txt": "अलग खबर\n" + "\n".join(HI_PARAS[:2]) + "\n"})
    assert found == [("b.txt", "duplicate-article", 2, 1,
                      f"article body duplicates {tmp_path}/a.txt "
                      f"(an exact copy after normalisation)")]


LONG = HI_PARAS + [" ".join(p.rstrip("।").split()[::-1]) + "।" for p in HI_PARAS]


def test_near_copy_with_a_paragraph_dropped(tmp_path):
    found = _archive(tmp_path, {
        "a.txt": "बस सेवा\n" + "\n".join(LONG) + "\n",
        "b.txt": "बस सेवा\n" + "\n".join(LONG[:5] + LONG[6:]) + "\n"})
    assert [f[:4] for f in found] == [("b.txt", "duplicate-article", 2, 1)]
    assert "a near copy" in found[0][4]


def test_different_articles_and_short_bodies_are_not_duplicates(tmp_path):
    found = _archive(tmp_path, {
        "a.txt": "बस सेवा\n" + "\n".join(HI_PARAS[:5]) + "\n",
        "b.txt": "बस सेवा\n" + "\n".join(HI_PARAS[5:]) + "\n",
        "c.txt": "शीर्षक\nअपनी टिप्पणी लिखें\n", "d.txt": "शीर्षक\nअपनी टिप्पणी लिखें\n"})
    assert found == []


def test_single_document_run_does_not_import_datasketch(tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("बस सेवा\n" + "\n".join(HI_PARAS) + "\n", encoding="utf-8")
    code = ("import sys; from linter.cli import main; main(['check', '-q', '--no-config', "
            f"{str(tmp_path / 'a.txt')!r}]); print('datasketch.minhash' in sys.modules, "
            "'numpy' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.stderr.strip().endswith("False False")


def test_duplicate_records_in_one_jsonl_file(tmp_path):
    import json

    records = [{"id": "r0", "text": "बस सेवा\n" + "\n".join(LONG)},
               {"id": "r1", "text": "दूसरी खबर\n" + "\n".join(LONG[:4])},
               {"id": "r2", "text": "नई बसें\n" + "\n".join(LONG)}]
    (tmp_path / "recs.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    settings = Settings(builtin_catalogue(), Config(root=tmp_path, lang="hi"),
                        select=["duplicate-article"])
    findings = run([str(tmp_path / "recs.jsonl")], settings).findings
    assert [(f.record, f.line, f.column) for f in findings] == [("r2", 3, 23)]
    assert f"duplicates {tmp_path}/recs.jsonl (record r0)" in findings[0].message


def _jaccards(grams_of, units) -> list[float]:
    sets = [grams_of(first, last) for first, last in units]
    return [len(a & b) / len(a | b) if a | b else 0.0 for a in sets for b in sets]


@pytest.mark.parametrize("with_numpy", [True, False])
def test_word_id_grams_compare_as_the_joined_shingles_do(with_numpy, monkeypatch):
    from linter import normalize
    from linter.checks.word_grams import Grams

    if not with_numpy:
        monkeypatch.setitem(sys.modules, "numpy", None)
    text = ("ایک دو تین چار پانچ چھ سات ایک دو تین ۔ आठ नौ दस ایک دو تین چار "
            "ایک دو تین Ab ab AB 12 ۱۲ ١٢ one two")
    keys = normalize.words(text).keys
    distinct = list(dict.fromkeys(keys))
    ids = [distinct.index(key) for key in keys]
    # units of fewer, exactly and more words than the n-gram size, overlapping and apart
    units = [(0, 3), (0, 4), (7, 10), (13, 16), (13, 17), (0, 10), (7, 17), (20, 23),
             (17, 23), (23, 25), (0, len(keys)), (5, 5)]
    for size in (3, 4):
        grams = Grams(ids, len(distinct), size)
        assert isinstance(grams.all[0], int if with_numpy else tuple)
        expected = _jaccards(lambda first, last, n=size: normalize.shingles(keys[first:last], n),
                             units)
        assert _jaccards(grams.of, units) == expected


@given(st.lists(st.integers(0, 6), min_size=0, max_size=60), st.data(),
       st.sampled_from([0.5, 0.8, 1.0]))
@hypothesis_settings(max_examples=300, deadline=None)
def test_worth_comparing_in_numpy_equals_the_set_test(ids, data, threshold):
    """The array path of worth_comparing gives may_match against repeated_grams, range by
    range, as the sets do (ranges overlapping, equal, apart, of one n-gram or many)."""
    from linter.checks.word_grams import Grams, may_match, repeated_grams, worth_comparing

    grams = Grams(ids, 7, 2)
    cuts = data.draw(st.lists(st.tuples(st.integers(0, len(ids)), st.integers(2, 20)),
                              max_size=8))
    ranges = [(first, first + length) for first, length in cuts if first + length <= len(ids)]
    sets = [grams.of(first, last) for first, last in ranges]
    repeated = repeated_grams(sets)
    assert grams.array is not None or len(ids) < 2
    expected = [may_match(item, repeated, threshold) for item in sets]
    assert worth_comparing(grams, ranges, threshold, arrays_from=0) == expected
    assert worth_comparing(grams, ranges, threshold) == expected


@given(st.lists(st.integers(0, 9), min_size=2, max_size=80), st.data(),
       st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0, 1.5]))
@hypothesis_settings(max_examples=400, deadline=None)
def test_worth_comparing_of_disjoint_ranges_equals_the_set_test(ids, data, threshold):
    """Disjoint ranges in order (paragraphs, sentences) take the counting shortcut: a range
    whose n-grams mostly occur once in the whole document is ruled out without sorting. It
    must rule out exactly what the sets do (n-grams repeated inside one range, or outside
    every range, count for nothing)."""
    from linter.checks.word_grams import Grams, may_match, repeated_grams, worth_comparing

    size = data.draw(st.sampled_from([2, 3]))
    grams = Grams(ids, 10, size)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(ids)), max_size=16)))
    ranges = [(first, last) for first, last in zip(cuts[::2], cuts[1::2])
              if last - first >= size]
    sets = [grams.of(first, last) for first, last in ranges]
    expected = [may_match(item, repeated_grams(sets), threshold) for item in sets]
    assert worth_comparing(grams, ranges, threshold, arrays_from=0) == expected
    assert worth_comparing(grams, ranges, threshold) == expected


POOL = ["ایک دو تین چار پانچ چھ سات آٹھ نو دس", "ایک دو تین چار پانچ چھ سات آٹھ نو گیارہ",
        "شہر کی بلدیہ نے اعلان کیا ہے کہ اگلے مہینے سے کام ہوگا",
        "حکام کے مطابق اس منصوبے سے رات کے وقت حادثات میں کمی آئے گی",
        "بارہ تیرہ چودہ پندرہ سولہ سترہ اٹھارہ انیس بیس اکیس"]


@pytest.mark.parametrize("seed", range(20))
def test_worth_comparing_of_many_disjoint_ranges_equals_the_set_test(seed):
    """Long documents too (hundreds of equal n-grams: their sort must keep positions in
    order), with some ranges repeating earlier ones."""
    import random

    from linter.checks.word_grams import Grams, may_match, repeated_grams, worth_comparing

    rng = random.Random(seed)
    ids = [rng.randrange(6) for _ in range(300)]
    for first in range(100, 300, 37):  # copies of an early stretch
        ids[first:first + 12] = ids[10:22]
    grams = Grams(ids, 6, 2)
    cuts = sorted(rng.sample(range(len(ids) + 1), 40))
    ranges = [(first, last) for first, last in zip(cuts[::2], cuts[1::2]) if last - first >= 2]
    sets = [grams.of(first, last) for first, last in ranges]
    for threshold in (0.5, 0.8, 0.9, 1.0):
        expected = [may_match(item, repeated_grams(sets), threshold) for item in sets]
        assert worth_comparing(grams, ranges, threshold, arrays_from=0) == expected


PHRASES = ["ایک دو تین چار پانچ", "چھ سات آٹھ نو دس", "شہر کی بلدیہ نے", "اعلان کیا", "ہے"]


@given(st.lists(st.lists(st.lists(st.sampled_from(range(len(PHRASES))), min_size=1,
                                  max_size=8), min_size=1, max_size=3),
                min_size=1, max_size=6))
@hypothesis_settings(max_examples=150, deadline=None)
def test_the_numpy_shortcuts_change_no_finding(paragraphs):
    """Without NumPy every repeat rule compares plain sets and tuples: the array paths and
    the shortcuts they allow (ranges and sentences ruled out by counting the n-grams that
    occur twice in the document) report the same findings."""
    text = "عنوان\n" + "\n".join("۔ ".join(" ".join(PHRASES[i] for i in sentence)
                                          for sentence in paragraph) + "۔"
                                 for paragraph in paragraphs) + "\n"
    rules = ["duplicate-paragraph", "near-duplicate-paragraph", "duplicate-sentence",
             "repeated-phrase"]
    expected = triples(lint_text(text, lang="ur", select=rules))
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "numpy", None)
        assert triples(lint_text(text, lang="ur", select=rules)) == expected


@given(st.lists(st.lists(st.sampled_from(range(len(POOL))), min_size=1, max_size=3),
                min_size=1, max_size=8))
@hypothesis_settings(max_examples=150, deadline=None)
def test_sentences_not_worth_comparing_change_no_finding(paragraphs):
    """Skipping the sentences worth_comparing rules out (no near search, no exact-repeat key)
    gives the findings of comparing every sentence: a sentence that shares too few n-grams can
    neither match nor be matched, exactly or nearly."""
    from linter.checks import duplicates

    text = "عنوان\n" + "\n".join("۔ ".join(POOL[i] for i in p) + "۔" for p in paragraphs) + "\n"
    expected = lint(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duplicates, "worth_comparing",
                      lambda grams, ranges, threshold: [True] * len(ranges))
        assert lint(text) == expected


@pytest.mark.parametrize("text", ["", "۔ ۔", "a b a c b a", "Ab ab AB ۱۲ 12 ١٢ ي ی",
                                  "ایک دو ایک तीन दो तीन\nایک"])
def test_word_ids_with_numpy_equal_the_plain_numbering(text):
    """Ids number the keys in order of first occurrence, with NumPy (ranked in arrays) and
    without (a dict), as ints; the cached array holds the same numbers."""
    from linter.checks.word_grams import document_words, word_id_array, word_ids
    from linter.readers import read_bytes

    def doc_of(text):
        return read_bytes(text.encode("utf-8"), "a.txt").documents[0]

    doc = doc_of(text)
    keys = document_words(doc).keys
    ids, distinct = word_ids(doc)
    assert distinct == list(dict.fromkeys(keys))
    assert ids == [distinct.index(key) for key in keys]
    assert all(type(number) is int for number in ids)
    if keys:
        assert word_id_array(doc).tolist() == ids
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "numpy", None)
        assert word_ids(doc_of(text)) == (ids, distinct)
