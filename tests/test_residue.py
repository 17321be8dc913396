"""scrape-residue (R001): website furniture, from the language packs' `residue:` sections."""

from __future__ import annotations

import re

import pytest
import regex

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


# --------------------------------------------------------------------------- one scan per pattern
# `_leftmost_first` must find exactly what `finditer` of the joined alternation `p0|p1|...` finds.

def merged(alternatives, text, pos=0):
    import regex

    from linter.checks.residue import _leftmost_first

    return [None if m is None else m.span()
            for m in _leftmost_first([regex.compile(a) for a in alternatives], text, pos)]


def joined(alternatives, text, pos=0):
    import regex

    return [m.span() for m in regex.compile("|".join(alternatives)).finditer(text, pos)]


@pytest.mark.parametrize("alternatives, expected", [
    (["(?:تبصرے دیکھیں)", "(?:تبصرے)"], [(4, 16), (21, 26)]),  # longer listed first: it wins
    (["(?:تبصرے)", "(?:تبصرے دیکھیں)"], [(4, 9), (21, 26)]),  # shorter listed first: it wins
])
def test_leftmost_first_tie_goes_to_the_earlier_alternative(alternatives, expected):
    text = "خبر تبصرے دیکھیں اور تبصرے"
    assert joined(alternatives, text) == expected
    assert merged(alternatives, text) == expected


def test_leftmost_first_skips_a_match_starting_inside_the_previous_one():
    # `cde` at 2 starts inside `abcd` (0-4): skipped, and the pattern is searched again
    # from 4, which finds the later `cde` at 6.
    alternatives = ["(?:abcd)", "(?:cde)"]
    expected = [(0, 4), (6, 9)]
    assert joined(alternatives, "abcde cde") == expected
    assert merged(alternatives, "abcde cde") == expected
    # The earlier start wins even when the other alternative comes first in the list.
    alternatives = ["(?:cde)", "(?:abcd)"]
    assert joined(alternatives, "abcde cde") == expected
    assert merged(alternatives, "abcde cde") == expected


def test_leftmost_first_adjacent_matches():
    alternatives = ["(?:और)", "(?:पढ़ें)"]
    text = "औरपढ़ेंऔर पढ़ें"
    expected = [(0, 2), (2, 7), (7, 9), (10, 15)]
    assert joined(alternatives, text) == expected
    assert merged(alternatives, text) == expected


def test_leftmost_first_lookarounds_see_text_before_the_scan_position():
    # `(?<=b)c` looks back into the previous match; `a(?=b)` ties with `ab` at 0 and wins.
    alternatives = ["(?:a(?=b))", "(?:ab)", "(?:(?<=b)c)"]
    text = "abc c bc ab"
    expected = [(0, 1), (2, 3), (7, 8), (9, 10)]
    assert joined(alternatives, text) == expected
    assert merged(alternatives, text) == expected
    # Started past the `b`, the lookbehind still sees it (pos is not a slice).
    assert joined(alternatives, text, 2) == merged(alternatives, text, 2) == [(2, 3), (7, 8),
                                                                              (9, 10)]


def test_leftmost_first_stops_at_an_empty_match_and_the_group_falls_back():
    from linter.checks.residue import compile_groups

    assert merged(["(?:ab)", "(?:x*)"], "abab") == [(0, 2), (2, 4), None]
    assert merged(["(?:x*)", "(?:ab)"], "abab") == [None]
    # The group then yields what the joined alternation finds, empty matches included.
    for patterns, expected in ((["ab", "x*"], [(0, 2), (2, 4), (4, 4)]),
                               (["x*", "ab"], [(0, 0), (0, 2), (2, 2), (2, 4), (4, 4)])):
        assert joined([f"(?:{p})" for p in patterns], "abab") == expected
        (group,) = compile_groups([{"kind": "k", "patterns": patterns}])
        assert [m.span() for m in group.finditer("abab", set(group.ordered), 0)] == expected


def test_group_orders_alternatives_longest_source_first_then_list_order():
    from linter.checks.residue import compile_groups
    from linter.checks.residue_prefilter import active_sources, build_prefilter

    groups = compile_groups([{"kind": "k", "phrases": ["Print", "Print تبصرے دیکھیں"],
                              "patterns": ["ab", "cd"]}])
    text = "Print تبصرے دیکھیں cdab Print"
    active = active_sources(text, build_prefilter(groups))
    assert len(active) == 4
    got = [m.span() for m in groups[0].finditer(text, active, 0)]
    assert got == [(0, 18), (19, 21), (21, 23), (24, 29)]


def test_one_active_alternative_is_searched_alone_empty_matches_included():
    from linter.checks.residue import compile_groups

    (group,) = compile_groups([{"kind": "k", "phrases": ["تبصرے"], "patterns": ["x*"]}])
    text = "abxa تبصرے"
    phrase = group.phrases[0].source
    # Inactive phrase: the pattern alone, as its finditer finds it.
    assert [m.span() for m in group.finditer(text, {"(?:x*)"}, 0)] == joined(["(?:x*)"], text)
    # Active: both, as their alternation finds them (the phrase's source is longer: first).
    assert ([m.span() for m in group.finditer(text, {phrase, "(?:x*)"}, 0)]
            == joined([phrase, "(?:x*)"], text))


# --------------------------------------------------------------------------- phrase pre-filter
# A phrase joins only when its words joined occur in the article with its white space removed;
# a phrase split by a hard wrap between (or inside) its words must still be found.

@pytest.mark.parametrize(("lang", "text", "column", "excerpt"), [
    pytest.param("ur", "عنوان\nپہلا جملہ ہے۔ اپنا تبصرہ\nلکھیں دوسرا جملہ ہے۔\n", 15,
                 "اپنا تبصرہ\nلکھیں", id="ur-between-words"),
    pytest.param("ur", "عنوان\nپہلا جملہ ہے، اپنا\nتبصرہ لکھیں تاکہ بات ہو۔\n", 15,
                 "اپنا\nتبصرہ لکھیں", id="ur-after-first-word"),
    # (`और\nपढ़ें:` is a pattern with `\h`, not a phrase: it does not match across a wrap.)
    pytest.param("hi", "शीर्षक\nपहला वाक्य है। अपनी\nटिप्पणी लिखें और दूसरा वाक्य।\n", 16,
                 "अपनी\nटिप्पणी लिखें", id="hi-after-first-word"),
    pytest.param("ur", "عنوان\nپہلا جملہ ہے۔ Leave a\ncomment دوسرا جملہ ہے۔\n", 15,
                 "Leave a\ncomment", id="ascii-phrase-in-urdu"),
])
def test_phrase_wrapped_mid_paragraph_is_found(lang, text, column, excerpt):
    findings = lint_text(text, lang=lang, select=[R])
    assert triples(findings) == [(R, 2, column)]
    assert findings[0].excerpt == excerpt
    assert (findings[0].end_line, findings[0].end_column) == (3, 1 + len(excerpt.split("\n")[1]))


def test_phrase_words_present_but_not_together_give_no_finding():
    # Every word of `اپنا تبصرہ لکھیں` occurs, but not as the phrase.
    text = "عنوان\nاس نے اپنا کام کیا اور تبصرہ نہیں کیا۔\nوہ کل خط لکھیں گے۔\n"
    assert residue(text, "ur") == []


def test_prefilter_skips_a_phrase_whose_key_is_absent():
    # A phrase whose source would match is still skipped when its key is not in the keyspace;
    # an ASCII key is looked up in the ASCII keyspace, a non-ASCII one in the full one.
    from linter.checks.residue import Group, Phrase
    from linter.checks.residue_prefilter import active_sources, build_prefilter

    def spans(phrase, text):
        group = Group("k", "inline", (phrase,), ())
        active = active_sources(text, build_prefilter([group]))
        return [m.span() for m in group.finditer(text, active, 0)]

    assert spans(Phrase((0, 0), "ab", "ab", "ab", True), "x ab") == [(2, 4)]
    assert spans(Phrase((0, 0), "ab", "ab", "abz", True), "x ab") == []
    # `a ب b`: the ASCII keyspace is `ab`, the full one `aبb`.
    assert spans(Phrase((0, 0), "a", "a", "ab", True), "a ب b") == [(0, 1)]
    assert spans(Phrase((0, 0), "a", "a", "ab", False), "a ب b") == []


def test_phrases_behind_a_shared_prefix_join_exactly_as_alone():
    # Phrases with one first word are tested behind the prefix their keys share: every phrase
    # must join exactly when it would if tested alone (key in the keyspace, first word in the
    # text), whichever of its neighbours are present.
    from linter.checks.residue import compile_groups
    from linter.checks.residue_prefilter import active_sources, build_prefilter

    phrases = ["تبصرے", "تبصرے بند ہیں", "تبصرے دکھائیں", "اپنا تبصرہ لکھیں",
               "اپنا تبصرہ بھیجیں", "اپنی رائے دیں", "Read more", "Read also", "Print"]
    (group,) = compile_groups([{"kind": "k", "phrases": phrases}])
    prefilter = build_prefilter([group])
    texts = ["", "تبصرے", "تبصر ے بند", "اپنا تبصرہ\nلکھیں اور", "اپنا\nتبصرہ بھیجیں",
             "اپناتبصرہ لکھیں", "اپنی رائے", "Readmore Read also", "Print تبصرے دکھائیں",
             "تبصرےبندہیں", "Re ad more", "ReadPrint", "اپنی رائے دیں تبصرے بند ہیں"]
    for text in texts:
        keyspace = "".join(text.split())
        ascii_space = keyspace.encode("ascii", "ignore").decode()
        expected = {phrase.source for phrase in group.phrases
                    if phrase.key in (ascii_space if phrase.ascii else keyspace)
                    and phrase.first in text}
        assert active_sources(text, prefilter) == expected, text


# --------------------------------------------------------------------------- whole-expression flags

GLOBAL_FLAGS = ["V1", "r", "b", "e", "p"]


@pytest.mark.parametrize("flag", GLOBAL_FLAGS)
def test_global_flag_in_a_residue_pattern_is_rejected(flag):
    from linter.checks.residue import compile_groups

    with pytest.raises(ValueError) as error:
        compile_groups([{"kind": "k", "patterns": ["ok", f"(?{flag})خبر"]}])
    assert str(error.value) == (f"residue pattern (?:(?{flag})خبر): a global flag "
                                f"(V1, r, b, e, p)")


def test_a_residue_pattern_anchored_where_the_search_starts_is_rejected():
    from linter.checks.residue import compile_groups

    # Alternatives are searched one by one from different positions: \G would mean
    # something else than in the joined alternation (joined: "baa" -> b, a, a; alone: b).
    with pytest.raises(ValueError) as error:
        compile_groups([{"kind": "k", "patterns": [r"\Ga", "b"]}])
    assert str(error.value) == (r"residue pattern (?:\Ga): \G (where a search starts differs "
                                "when patterns are matched one by one)")


@pytest.mark.parametrize("pattern", ["(?i)abc", "(?i:abc)", "(?x)a b", "(?s)a.", "(?m)^a"])
def test_scoped_flags_in_a_residue_pattern_are_accepted(pattern):
    from linter.checks.residue import compile_groups

    (group,) = compile_groups([{"kind": "k", "patterns": [pattern]}])
    assert group.patterns == (((-len(pattern) - 4, 0), f"(?:{pattern})"),)


@pytest.fixture
def custom_language_packs(tmp_path, monkeypatch):
    """Language packs read from ``tmp_path/languages`` (the built-in loader, another folder)."""
    from linter import engine, languages
    from linter.checks import residue as residue_check

    def clear():
        languages.language_packs.cache_clear()
        residue_check.groups_for.cache_clear()
        engine._pack.cache_clear()

    (tmp_path / "languages").mkdir()
    monkeypatch.setenv("ARCHIVE_LINT_NO_CACHE", "1")
    monkeypatch.setattr(languages, "rules_dir", lambda: tmp_path)
    clear()
    yield tmp_path / "languages"
    clear()


def test_global_flag_in_a_language_pack_residue_pattern(custom_language_packs):
    from linter.checks.residue import groups_for
    from linter.engine import INTERNAL_ERROR

    (custom_language_packs / "ur.yaml").write_text(
        "code: ur\nname: Urdu\nprimary-script: Arabic\nallowed-scripts: [Arabic, Latin]\n"
        "residue:\n  - kind: comment form\n    phrases: [اپنا تبصرہ لکھیں]\n"
        "  - kind: read-more link\n    patterns: ['(?r)مزید پڑھیں']\n", encoding="utf-8")
    message = "residue pattern (?:(?r)مزید پڑھیں): a global flag (V1, r, b, e, p)"
    with pytest.raises(ValueError, match=re.escape(message)):
        groups_for("ur")
    findings = lint_text("عنوان\nاپنا تبصرہ لکھیں\n", lang="ur", select=[R])
    assert [(f.rule, f.line, f.column) for f in findings] == [(INTERNAL_ERROR, 1, 1)]
    assert f"(ValueError: {message} at residue.py:" in findings[0].message


def test_custom_language_pack_without_flags_loads(custom_language_packs):
    (custom_language_packs / "ur.yaml").write_text(
        "code: ur\nname: Urdu\nprimary-script: Arabic\nallowed-scripts: [Arabic, Latin]\n"
        "residue:\n  - kind: read-more link\n    patterns: ['(?i:more) پڑھیں']\n",
        encoding="utf-8")
    assert residue("عنوان\nپہلا جملہ ہے۔\nMORE پڑھیں\n", "ur") == [(R, 3, 1)]


# --------------------------------------------------------------------------- pattern pre-filter
# A pattern joins only when the article holds a literal of each set `required` gives it: the
# sets must hold for every match, or a real match would be skipped.

def test_required_literals_of_some_patterns():
    from linter.checks.regex_literals import required

    def sets(pattern):
        return sorted(sorted(literals) for literals in set(required(pattern)))

    assert sets(r"(?:&(?:nbsp|amp);)") == [["&"], ["&amp;", "&nbsp;"], [";"], ["amp", "nbsp"]]
    assert sets(r"&(?:nbsp|#\d+);") == [["#", "nbsp"], ["&"], [";"]]
    assert sets(r"(?:सभी\h*(?:कॉमेंट्स|कमेंट्स)\h*देख[ेै]ं)") == [
        ["ं"], ["कमेंट्स", "कॉमेंट्स"], ["देख"], ["सभी"]]
    assert sets(r"(?:(?m:^)\h*ab(?:c|de)?\.?(?=\h*x\b|\h*$))") == [
        ["ab"], ["ab", "ab.", "abc", "abc.", "abde", "abde."]]
    assert sets(r"x(?:ab)+y") == [["ab"], ["x"], ["y"]]
    assert sets(r"xab?c") == [["c"], ["xa"], ["xabc", "xac"]]  # `?` takes the `b` alone
    assert sets(r"\p{L}+ [A-Z]\d{1,2}") == [[" "]]
    # Nothing claimed for what it does not model, or for what may match empty.
    for pattern in [r"(?i)abc", r"(?i:abc)", r"(?x)a b", r"ab{e<=1}", r"(a)\1", r"(?P<n>ab)",
                    r"(?>ab)", r"[[:alpha:]]ab", r"\Nab", r"a*", r"(?:ab)?", r"a{0,3}", r"a|b*"]:
        assert required(pattern) == (), pattern


def _patterns():
    from hypothesis import strategies as st

    leaves = st.one_of(st.sampled_from(["a", "b", " ", "\\n", "\\."]), st.sampled_from(
        [".", "[ab]", "[^a]", "\\h", "\\s", "\\w", "\\b", "^", "$", "\\p{L}", "(?m:^)"]))
    quantifiers = st.sampled_from(["", "", "", "", "", "", "?", "*", "+", "{0,2}", "{1,2}", "{2}",
                                   "??", "+?"])

    def grow(inner):
        sequence = st.lists(st.tuples(inner, quantifiers), min_size=1, max_size=4).map(
            lambda items: "".join(atom + q if atom in ("a", "b", " ") else f"(?:{atom}){q}"
                                  for atom, q in items))
        return st.one_of(
            sequence,
            st.lists(sequence, min_size=2, max_size=3).map(lambda b: "(?:" + "|".join(b) + ")"),
            st.tuples(st.sampled_from(["(", "(?:", "(?s:", "(?=", "(?!", "(?<=", "(?<!"]),
                      sequence).map(lambda t: t[0] + t[1] + ")"))

    return st.recursive(leaves, grow, max_leaves=12)


def test_required_literals_hold_in_every_match():
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    from linter.checks.regex_literals import required
    from linter.checks.residue import Group
    from linter.checks.residue_prefilter import active_sources, build_prefilter

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_patterns(), st.text(alphabet="ab \n.", max_size=14))
    def check(pattern, text):
        try:
            compiled = regex.compile(pattern)
        except regex.error:
            assume(False)
        if compiled.search(text) is None:
            return
        for literals in required(pattern):
            assert any(literal in text for literal in literals), (pattern, text, literals)
        group = Group("k", "inline", (), (((0, 0), pattern),))
        assert pattern in active_sources(text, build_prefilter([group]))

    check()

