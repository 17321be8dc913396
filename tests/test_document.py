"""The document model: positions, paragraphs and sentences over raw text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.document import Document
from linter.readers import read_bytes


def doc_of(text: str, path: str = "a.txt") -> Document:
    return read_bytes(text.encode("utf-8"), path).documents[0]


def texts(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.slice(p) for p in doc.paragraphs if kind is None or p.kind == kind]


def test_positions_are_one_based_code_points_across_line_ending_styles():
    doc = doc_of("اردو\r\nہندی\rतीन\nfour")
    assert doc.position(0) == (1, 1)
    assert doc.position(2) == (1, 3)
    assert doc.position(6) == (2, 1)  # after CRLF
    assert doc.position(11) == (3, 1)  # after CR
    assert doc.position(15) == (4, 1)
    assert [doc.slice(line) for line in doc.lines] == ["اردو", "ہندی", "तीन", "four"]


def test_txt_line_one_is_the_title_and_each_line_a_paragraph():
    doc = doc_of("عنوان\nپہلا پیراگراف۔\n\nدوسرا پیراگراف۔\n")
    assert texts(doc, "title") == ["عنوان"]
    assert texts(doc, "paragraph") == ["پہلا پیراگراف۔", "دوسرا پیراگراف۔"]
    assert doc.title == "عنوان"


def test_empty_line_one_means_no_title():
    doc = doc_of("\nپہلا پیراگراف۔\n")
    assert texts(doc, "title") == []
    assert texts(doc, "paragraph") == ["پہلا پیراگراف۔"]


def test_blocks_mode_joins_hard_wrapped_lines():
    doc = read_bytes("शीर्षक\nपहली पंक्ति\nदूसरी पंक्ति।\n\nअगला।\n".encode(), "a.txt").documents[0]
    doc.paragraph_mode = "blocks"
    assert texts(doc, "paragraph") == ["पहली पंक्ति\nदूसरी पंक्ति।", "अगला।"]


def test_markdown_headings_and_front_matter_are_kept_apart():
    doc = doc_of("---\ntitle: عنوان\nlang: ur\n---\n# سرخی\n\nمتن ہے۔\n", "a.md")
    assert doc.metadata == {"title": "عنوان", "lang": "ur"}
    assert (doc.lang, doc.lang_source) == ("ur", "metadata")
    assert [(p.kind, doc.slice(p)) for p in doc.paragraphs] == [("heading", "سرخی"),
                                                                ("paragraph", "متن ہے۔")]
    assert doc.title == "عنوان"


def test_sentences_split_on_urdu_hindi_and_latin_marks_but_not_numbers_or_abbreviations():
    doc = doc_of("t\nقیمت 5.6 فیصد بڑھی۔ کیا یہ درست ہے؟ GPT-3.5 آیا! U.S. میں techcrunch.com پر۔\n")
    (paragraph,) = [p for p in doc.paragraphs if p.kind == "paragraph"]
    assert [doc.slice(s) for s in doc.sentences(paragraph)] == [
        "قیمت 5.6 فیصد بڑھی۔", "کیا یہ درست ہے؟", "GPT-3.5 آیا!", "U.S. میں techcrunch.com پر۔"]
    hindi = doc_of("t\nयह पहला वाक्य है। यह दूसरा है॥ तीसरा\n")
    (paragraph,) = [p for p in hindi.paragraphs if p.kind == "paragraph"]
    assert [hindi.slice(s) for s in hindi.sentences(paragraph)] == [
        "यह पहला वाक्य है।", "यह दूसरा है॥", "तीसरा"]


ARTICLE_TEXT = st.text(
    alphabet=st.sampled_from(list("اردوہندیकखग़ि ्\u200c\u200d\r\n\t .۔।?؟\"”")),
    max_size=200)


@given(ARTICLE_TEXT)
@settings(max_examples=300, deadline=None)
def test_every_offset_maps_to_a_position_that_maps_back(text):
    doc = Document("a.txt", text)
    for offset in range(len(text) + 1):
        line, column = doc.position(offset)
        assert doc.line_starts[line - 1] + column - 1 == offset
    for paragraph in doc.paragraphs:
        assert 0 <= paragraph.start < paragraph.end <= len(text)
        for sentence in doc.sentences(paragraph):
            assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_blank_is_exactly_white_space_and_the_zero_width_characters():
    from linter.document import BLANK

    white_space = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(BLANK) == white_space | {"\u200b", "\ufeff"}


SENTENCE_TEXT = st.text(
    alphabet=st.sampled_from(list("اب कख \t\u3000\u200b\ufeff\n.۔।?؟!\"”)")), max_size=120)


@given(SENTENCE_TEXT)
@settings(max_examples=400, deadline=None)
def test_sentences_are_trimmed_and_cover_every_non_blank_character(text):
    from linter.document import BLANK

    doc = Document("a.txt", text, has_title_line=False)
    for paragraph in doc.paragraphs:
        spans = doc.sentences(paragraph)
        covered = set()
        for span in spans:
            piece = doc.slice(span)
            assert piece and piece == piece.strip(BLANK)
            covered.update(range(span.start, span.end))
        assert [s.start for s in spans] == sorted(s.start for s in spans)
        assert {i for i in range(paragraph.start, paragraph.end)
                if text[i] not in BLANK} <= covered


@given(st.text(alphabet=st.sampled_from(list("ab \n\r\u2028\x85")), max_size=60))
@settings(max_examples=300, deadline=None)
def test_line_starts_follow_cr_lf_and_crlf_only(text):
    from linter.document import LINE_BREAK

    assert Document("a.txt", text).line_starts == [
        0, *(m.end() for m in LINE_BREAK.finditer(text))]
    assert Document("a.txt", "x\ny\n\nz").line_starts == [0, 2, 4, 5]


@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n\u3000\u200b\ufeff\x85\u2028")),
               max_size=80),
       st.integers(min_value=0, max_value=80), st.booleans())
@settings(max_examples=400, deadline=None)
def test_lines_and_line_paragraphs_match_a_plain_reference(text, body_start, title):
    """``lines`` and the ``lines``-mode paragraphs (built by a fast path) equal the
    definition: split at CR, LF and CRLF only; each body line stripped of BLANK."""
    from linter.document import BLANK, LINE_BREAK, Paragraph, Span

    body_start = min(body_start, len(text))
    doc = Document("a.txt", text, body_start=body_start, has_title_line=title)
    breaks = list(LINE_BREAK.finditer(text))
    starts = [0, *(m.end() for m in breaks)]
    ends = [*(m.start() for m in breaks), len(text)]
    assert doc.lines == [Span(s, e) for s, e in zip(starts, ends)]
    assert all(type(span) is Span for span in doc.lines)
    expected = []
    body = [(s, e) for s, e in zip(starts, ends) if s >= body_start]
    for number, (start, end) in enumerate(body):
        piece = text[start:end]
        if piece.strip(BLANK):
            first = start + len(piece) - len(piece.lstrip(BLANK))
            kind = "title" if title and number == 0 else "paragraph"
            expected.append(Paragraph(first, end - len(piece) + len(piece.rstrip(BLANK)), kind))
    assert doc.paragraphs == expected
    assert all(type(paragraph) is Paragraph for paragraph in doc.paragraphs)


SENTENCE_ALPHABET = st.sampled_from(list("ab U.S Dr\n\r\t#۔؟!?।॥.\"'”’»)]\u200b\ufeff\x1c\x85\u3000"))


@settings(max_examples=500, deadline=None)
@given(st.text(SENTENCE_ALPHABET, max_size=60), st.sampled_from(["a.txt", "a.md"]),
       st.sampled_from(["lines", "blocks"]))
def test_sentences_of_all_paragraphs_in_one_scan_equal_one_paragraph_at_a_time(text, path,
                                                                               mode):
    """One scan for every paragraph splits as a scan per paragraph, also where a paragraph
    is followed by a blank that is not white space (zero-width space, BOM: then it is split
    alone)."""
    doc = doc_of(text, path)
    doc.paragraph_mode = mode
    paragraphs = doc.paragraphs
    assert doc.sentences_of(paragraphs) == [doc.sentences(p) for p in paragraphs]


def test_sentences_of_spans_after_a_mark_or_before_a_zero_width_space():
    """A span starting just after a mark is split alone (the scan's match crosses its start);
    marks ending a span before a zero-width space or another mark end its last sentence."""
    text = "t\na.. b. c\nd۔\u200b\ne۔ f۔\ufeff\n"
    doc = doc_of(text)
    spans = [(2, 3), (4, 8), (9, 10), (11, 13), (15, 21), (2, 4)]
    assert doc.sentences_of(spans) == [doc.sentences(s) for s in spans]
    assert [[text[a:b] for a, b in s] for s in doc.sentences_of(spans)] == [
        ["a"], [".", "b."], ["c"], ["d۔"], ["e۔", "f۔"], ["a."]]
    assert doc.sentences_of(doc.paragraphs) == [doc.sentences(p) for p in doc.paragraphs]


@settings(max_examples=300, deadline=None)
@given(st.text(SENTENCE_ALPHABET, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=5))
def test_sentences_of_any_spans_equal_one_span_at_a_time(text, cuts):
    """Spans out of order, overlapping or starting next to a mark are split alone."""
    doc = doc_of(text)
    spans = [(start, min(start + length, len(text))) for start, length in cuts
             if start < len(text) and text[start:start + length].strip()]
    spans = [s for s in spans if text[s[0]] not in " \n\r\t\x85\u3000\x1c\u200b\ufeff"
             and text[s[1] - 1] not in " \n\r\t\x85\u3000\x1c\u200b\ufeff"]
    assert doc.sentences_of(spans) == [doc.sentences(s) for s in spans]
