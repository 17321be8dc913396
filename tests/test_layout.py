"""Layout and encoding rules: exact positions and exact fixed text."""

from __future__ import annotations

from tests.conftest import lint_text, triples


def apply_fixes(text: str, findings) -> str:
    edits = sorted((e for f in findings if f.fix for e in f.fix.edits),
                   key=lambda e: e.start, reverse=True)
    for edit in edits:
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def test_trailing_whitespace_spaces_tabs_and_nbsp():
    text = "عنوان\nپہلا۔ \t\nدوسرا۔\u00a0\nتیسرا۔\n"
    findings = lint_text(text, select=["trailing-whitespace"])
    assert triples(findings) == [("trailing-whitespace", 2, 6), ("trailing-whitespace", 3, 7)]
    assert findings[0].message == "trailing white space at the end of the line (space, tab)"
    assert findings[1].message == "trailing white space at the end of the line (no-break space)"
    assert apply_fixes(text, findings) == "عنوان\nپہلا۔\nدوسرا۔\nتیسرا۔\n"


def test_trailing_whitespace_before_crlf_and_at_end_of_file():
    text = "शीर्षक  \r\nपाठ। "
    findings = lint_text(text, select=["trailing-whitespace"])
    assert triples(findings) == [("trailing-whitespace", 1, 7), ("trailing-whitespace", 2, 5)]
    assert apply_fixes(text, findings) == "शीर्षक\r\nपाठ।"


def test_blank_lines_runs_start_and_end():
    text = "عنوان\n\n\nپہلا۔\n\nدوسرا۔\n\n\n\nتیسرا۔\n\n\n"
    findings = lint_text(text, select=["blank-lines"])
    assert triples(findings) == [("blank-lines", 3, 1), ("blank-lines", 8, 1),
                                 ("blank-lines", 11, 1)]
    assert [f.message for f in findings] == [
        "2 blank lines in a row; one blank line separates paragraphs",
        "3 blank lines in a row; one blank line separates paragraphs",
        "2 blank lines at the end of the article"]
    fixed = apply_fixes(text, findings)
    assert fixed == "عنوان\n\nپہلا۔\n\nدوسرا۔\n\nتیسرا۔\n"
    assert lint_text(fixed, select=["blank-lines"]) == []


def test_empty_title_line_is_not_a_blank_line_but_a_second_one_is():
    assert lint_text("\nپہلا۔\n", select=["blank-lines"]) == []
    findings = lint_text("\n\nپہلا۔\n", select=["blank-lines"])
    assert triples(findings) == [("blank-lines", 2, 1)]
    assert findings[0].message == "1 blank line at the start of the article"


def test_markdown_blank_lines_after_front_matter_are_leading():
    text = "---\nlang: ur\n---\n\n# سرخی\n"
    assert triples(lint_text(text, select=["blank-lines"], path="a.md")) == [
        ("blank-lines", 4, 1)]


def test_final_newline_keeps_the_file_line_ending_style():
    findings = lint_text("शीर्षक\r\nपाठ।", select=["final-newline"])
    assert triples(findings) == [("final-newline", 2, 5)]
    assert apply_fixes("शीर्षक\r\nपाठ।", findings) == "शीर्षक\r\nपाठ।\r\n"
    assert lint_text("शीर्षक\nपाठ।\n", select=["final-newline"]) == []
    assert lint_text("", select=["final-newline"]) == []


def test_empty_article_file_and_title_only():
    assert triples(lint_text("", select=["empty-article"])) == [("empty-article", 1, 1)]
    assert triples(lint_text("  \n\n", select=["empty-article"])) == [("empty-article", 1, 1)]
    findings = lint_text("صرف عنوان\n", select=["empty-article"])
    assert triples(findings) == [("empty-article", 1, 1)]
    assert findings[0].message == "the article has a title but no body text"
    assert lint_text("\nمتن ہے۔\n", select=["empty-article"]) == []


def test_bom_fix_removes_only_the_mark():
    findings = lint_text("\ufeffعنوان\nمتن۔\n", select=["bom"])
    assert triples(findings) == [("bom", 1, 1)]
    assert apply_fixes("\ufeffعنوان\nمتن۔\n", findings) == "عنوان\nمتن۔\n"


def test_line_endings_fix_converts_every_break_and_style_option():
    from linter.catalogue import builtin_catalogue
    from linter.config import Config, RuleSetting

    text = "शीर्षक\r\nपाठ।\rअंत\n"
    findings = lint_text(text, select=["line-endings"])
    assert triples(findings) == [("line-endings", 1, 7)]
    assert apply_fixes(text, findings) == "शीर्षक\nपाठ।\nअंत\n"
    crlf = Config(rules={"line-endings": RuleSetting(options={"style": "crlf"})})
    assert builtin_catalogue().rules["line-endings"].options == {"style": "lf"}
    findings = lint_text("a\r\nb\n", select=["line-endings"], config=crlf)
    assert [f.message for f in findings] == [
        "mixed line endings (1 LF, 1 CRLF); expected CRLF throughout"]
    assert apply_fixes("a\r\nb\n", findings) == "a\r\nb\r\n"
