"""missing-attribution (A001): byline, source or publication, from metadata or the text."""

from __future__ import annotations

import pytest

from tests.conftest import lint_text, triples

A = "missing-attribution"


def missing(text, lang, path="article.txt"):
    return triples(lint_text(text, lang=lang, select=[A], path=path))


@pytest.mark.parametrize("line", [
    "رپورٹ: احمد علی",
    "تحریر: ثنا خان",
    "پروفیسر ظفیر احمد، کولکاتا",
    "اسلام آباد (نمائندہ خصوصی)",
    "بشکریہ روزنامہ مثال",
    "ہفت روزہ مثال – شمارہ 09 فروری تا 15 فروری 2025",
    "example.com",
    "Source: Example News",
    "بی بی سی اردو ڈاٹ کام، لاہور",
    "(اے پی پی)",
])
def test_urdu_evidence_lines(line):
    text = f"عنوان\n{line}\nیہ خبر کا متن ہے۔\n"
    assert missing(text, "ur") == []


@pytest.mark.parametrize("line", [
    "नई दिल्ली, 12 मार्च (भाषा) यह ख़बर का पाठ है।",
    "लखनऊ, जेएनएन । यह ख़बर का पाठ है।",
    "लेखक: राम कुमार",
    "स्रोत: पीटीआई",
    "(इनपुट- पीटीआई)",
    "यह ख़बर का पाठ है। — PTI",
    "राम कुमार, पटना",
])
def test_hindi_evidence_lines(line):
    text = f"शीर्षक\nपहला अनुच्छेद।\n{line}\n"
    assert missing(text, "hi") == []


@pytest.mark.parametrize("line", [
    "नई दिल्ली",                       # a city alone
    "03:52 PM, 28-MAR-2020",           # a date alone
    "रिपोर्ट में कहा गया है कि मामले बढ़े हैं।",  # the word "report" in a sentence
])
def test_not_attribution_hi(line):
    text = f"शीर्षक\n{line}\nपहला अनुच्छेद।\n"
    assert missing(text, "hi") == [(A, 1, 1)]


def test_message_says_what_was_looked_for():
    (finding,) = lint_text("عنوان\nیہ خبر کا متن ہے۔\n", lang="ur", select=[A])
    assert "metadata" in finding.message and "agency tags" in finding.message


def test_metadata_counts():
    text = "---\nlang: ur\nsource: Example News\n---\nیہ خبر کا متن ہے۔\n"
    assert missing(text, "ur", path="a.md") == []


def test_far_from_the_edges_does_not_count():
    body = "\n".join(f"جملہ نمبر {i} ہے۔" for i in range(20))
    text = f"عنوان\n{body[:60]}\nرپورٹ: احمد علی\n{body}\n"
    assert missing(text, "ur") == []
    text = f"عنوان\n{body}\nرپورٹ: احمد علی\n{body}\n"
    assert missing(text, "ur") == [(A, 1, 1)]


def test_seeds_attribution(seeds):
    from linter.catalogue import builtin_catalogue
    from linter.engine import Settings
    from linter.runner import run

    found = run([str(seeds)], Settings(builtin_catalogue(), select=[A])).findings
    assert sorted(f.path.rsplit("/", 1)[-1][:3] for f in found) == ["001", "002", "004"]
    assert {(f.line, f.column) for f in found} == {(1, 1)}


# --------------------------------------------------------------------------- character pre-filters
# `evidence` skips a pattern when the line lacks every character that pattern needs in each
# match (`*_NEEDS`); skipping must never change the answer.

def _pieces():
    from hypothesis import strategies as st

    from linter.languages import language_packs

    words = sorted({str(word) for code in ("ur", "hi")
                    for key, values in language_packs()[code].section("attribution").items()
                    if isinstance(values, list) for word in values})
    marks = list("()[],،:ःः—–-©cC.۔।/ ") + ["://", "www.", "example.com", "(c)", "Copyright",
                                          "2024", "  ", "احمد علی", "राम कुमार", "PTI", "AP"]
    pieces = st.sampled_from(words + marks) | st.sampled_from(words).map(lambda w: f"({w})")
    return st.lists(pieces, min_size=1, max_size=8).map(" ".join) | \
        st.lists(pieces, min_size=1, max_size=8).map("".join)


def test_character_prefilters_never_change_the_evidence(monkeypatch):
    from hypothesis import HealthCheck, given, settings

    from linter.checks import attribution

    matchers = [attribution.matchers_for(code) for code in ("ur", "hi", None)]

    @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_pieces())
    def check(line):
        line = line.strip()
        for m in matchers:
            filtered = attribution.evidence(line, m)
            with monkeypatch.context() as patched:
                patched.setattr(attribution, "_holds", lambda text, characters: True)
                assert attribution.evidence(line, m) == filtered, line

    check()


@pytest.mark.parametrize(("needs", "line"), [
    ("NAME_CITY_NEEDS", "پروفیسر ظفیر احمد، کولکاتا"),
    ("URL_NEEDS", "example.com"),
    ("URL_NEEDS", "http://localhost"),
    ("BRACKET_NEEDS", "اسلام آباد (نمائندہ خصوصی)"),
    ("DASH_NEEDS", "यह ख़बर का पाठ है। — PTI"),
    ("DATELINE_NEEDS", "लखनऊ, जेएनएन । यह ख़बर का पाठ है।"),
    ("DATELINE_NEEDS", "अलीगढ़[संतोष शर्मा]: यह ख़बर का पाठ है।"),
    ("COPYRIGHT_NEEDS", "© 2024 مثال"),
    ("COPYRIGHT_NEEDS", "COPYRIGHT مثال"),
])
def test_each_prefilter_lets_its_evidence_through(needs, line):
    from linter.checks import attribution

    assert attribution._holds(line, getattr(attribution, needs))
    assert attribution.evidence(line, attribution.matchers_for(None)) is not None


def test_alternation_escapes_as_regex_escape_does():
    """_alt escapes a word one character at a time (cached): the same as regex.escape."""
    import regex

    from linter.checks.attribution import _alt

    words = ["بی بی سی", "a.b (c)", "क़ानून+", "x|y", "tab\there", "[PTI]"]
    expected = "|".join(regex.escape(w).replace(r"\ ", r"\s+")
                        for w in sorted(words, key=lambda w: (-len(w), w)))
    assert _alt(words) == expected
