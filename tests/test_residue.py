"""scrape-residue (R001): website furniture, from the language packs' `residue:` sections."""

from __future__ import annotations

from tests.conftest import lint_text, triples

R = "scrape-residue"


def residue(text, lang):
    return triples(lint_text(text, lang=lang, select=[R]))


def test_comment_form_line_ur():
    text = "عنوان\nیہ خبر کا متن ہے۔\n\nاپنا تبصرہ لکھیں\n"
    assert residue(text, "ur") == [(R, 4, 1)]


def test_placeholder_title_and_comment_form():
    text = "blank\n\nپہلا جملہ ہے۔\nاپنا تبصرہ بھیجیں\n"
    assert residue(text, "ur") == [(R, 1, 1), (R, 4, 1)]


def test_inline_read_more_marker_mid_paragraph():
    text = "عنوان\nپہلا جملہ یہ ہے۔ لازمی پڑھیں۔ دوسرا جملہ یہ ہے۔\n"
    findings = lint_text(text, lang="ur", select=[R])
    assert triples(findings) == [(R, 2, 18)]
    assert findings[0].excerpt == "لازمی پڑھیں۔"
    assert "read-more link" in findings[0].message


def test_read_more_verb_is_article_text():
    text = "عنوان\nطلبہ اگلے سال مزید پڑھیں گے۔\n"
    assert residue(text, "ur") == []


def test_hindi_read_more_link_lines():
    text = "शीर्षक\nपहला अनुच्छेद।\nऔर पढ़ें: दूसरी ख़बर का शीर्षक\nयह भी पढ़ें- तीसरी ख़बर\n"
    assert residue(text, "hi") == [(R, 3, 1), (R, 4, 1)]


def test_hindi_sentence_mentioning_reading_is_clean():
    text = "शीर्षक\nबच्चे रोज़ किताबें पढ़ें और सीखें।\n"
    assert residue(text, "hi") == []


def test_hard_wrapped_phrase_matches_across_the_break():
    text = "عنوان\nپہلا جملہ ہے۔ تبصرے د\n      کھائیں\n"
    assert residue(text, "ur") == [(R, 2, 15)]


def test_sentence_end_before_residue_is_kept():
    text = "عنوان\nیہ جملہ ایک لمبی لائن میں ٹوٹ گیا\n۔ تبصرے دکھائیں\n"
    findings = lint_text(text, lang="ur", select=[R])
    assert triples(findings) == [(R, 3, 3)]
    assert findings[0].fix.edits[0].column == 2  # the `۔` stays


def test_share_prompt_fragments_hi():
    text = "शीर्षक\nपाठ।\nयहां क्लिक करें. आप हमें\nफ़ेसबुक और\nट्विटर पर भी फ़ॉलो कर सकते हैं.)\n"
    assert residue(text, "hi") == [(R, 3, 1), (R, 4, 1), (R, 5, 1)]


def test_facebook_in_a_sentence_is_clean():
    text = "शीर्षक\nउन्होंने फ़ेसबुक और ट्विटर पर लिखा।\n"
    assert residue(text, "hi") == []


def test_print_button_only_between_urdu_words():
    assert residue("عنوان\nفائل فوٹو Print یہ خبر ہے۔\n", "ur") == [(R, 2, 11)]
    assert residue("عنوان\nاخبار Print media کا حصہ ہے۔\n", "ur") == []


def test_fix_deletes_the_line_or_the_inline_residue():
    text = "عنوان\nپہلا جملہ ہے۔ لازمی پڑھیں۔ دوسرا۔\nاپنا تبصرہ لکھیں\n"
    findings = lint_text(text, lang="ur", select=[R])
    edits = [(f.fix.edits[0].start, f.fix.edits[0].end, f.fix.safe) for f in findings]
    out = text
    for start, end, _ in sorted(edits, reverse=True):
        out = out[:start] + out[end:]
    assert out == "عنوان\nپہلا جملہ ہے۔ دوسرا۔\n"
    assert not any(safe for _, _, safe in edits)


def test_seeds_residue(seeds):
    from linter.catalogue import builtin_catalogue
    from linter.engine import Settings
    from linter.runner import run

    found = run([str(seeds)], Settings(builtin_catalogue(), select=[R])).findings
    got = sorted((f.path.rsplit("/", 1)[-1][:3], f.line, f.column) for f in found)
    assert got == [("001", 7, 1), ("003", 1, 1), ("003", 46, 1), ("004", 4, 1), ("004", 13, 1)]
