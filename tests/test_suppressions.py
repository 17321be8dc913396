"""Inline suppressions, one kind per format, and the unused-suppression rule."""

from __future__ import annotations

from tests.conftest import run_cli

BODY = "یہ خبر ہے۔"


def lint(folder, *args):
    result = run_cli("check", "--no-config", "--select", "L001,L003", "--format", "json-lines",
                     *args, ".", cwd=folder)
    import json

    return [(f["path"][2:], f["rule"], f["line"]) for f in map(json.loads,
                                                               result.stdout.splitlines())]


def test_markdown_disable_enable_and_next_line(tmp_path):
    (tmp_path / "a.md").write_text(
        f"# عنوان\n"                                                  # 1
        f"{BODY}  \n"                                                 # 2 reported
        f"<!-- archive-lint: disable=trailing-whitespace -->\n"       # 3
        f"{BODY}  \n"                                                 # 4 suppressed
        f"<!-- archive-lint: enable=trailing-whitespace -->\n"        # 5
        f"{BODY}  \n"                                                 # 6 reported
        f"<!-- archive-lint: disable-next-line=L001 -->\n"            # 7 (by code)
        f"{BODY}  \n"                                                 # 8 suppressed
        f"{BODY}  \n"                                                 # 9 reported
        f"<!-- archive-lint: disable -->\n"                           # 10 every rule
        f"{BODY}  \n"                                                 # 11 suppressed
        f"{BODY}", encoding="utf-8")                                  # 12 L003 suppressed
    assert lint(tmp_path) == [("a.md", "trailing-whitespace", 2),
                              ("a.md", "trailing-whitespace", 6),
                              ("a.md", "trailing-whitespace", 9)]


def test_front_matter_list_disables_rules_for_the_file(tmp_path):
    (tmp_path / "a.md").write_text(
        f"---\nlang: ur\narchive-lint-disable: [trailing-whitespace]\n---\n{BODY}  \n{BODY}",
        encoding="utf-8")
    assert lint(tmp_path) == [("a.md", "final-newline", 6)]


def test_jsonl_record_field(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": 1, "text": "خبر  "}\n'
        '{"id": 2, "text": "خبر  ", "archive-lint-disable": ["trailing-whitespace"]}\n'
        '{"id": 3, "text": "خبر  ", "archive-lint-disable": "L001, L003"}\n',
        encoding="utf-8")
    assert lint(tmp_path) == [("a.jsonl", "trailing-whitespace", 1)]


def test_txt_uses_config_overrides(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.txt").write_text(f"عنوان\n{BODY}  \n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"عنوان\n{BODY}  \n", encoding="utf-8")
    (tmp_path / ".archive-lint.yaml").write_text(
        "overrides:\n  - files: ['old/*.txt']\n    ignore: [trailing-whitespace]\n",
        encoding="utf-8")
    result = run_cli("check", "--select", "L001", "--format", "json-lines", ".", cwd=tmp_path)
    assert [line for line in result.stdout.splitlines() if '"old/' in line] == []
    assert '"./b.txt"' in result.stdout


def test_unused_suppression_is_off_by_default_and_reported_when_on(tmp_path):
    (tmp_path / "a.md").write_text(
        f"---\narchive-lint-disable: [bom]\n---\n"
        f"<!-- archive-lint: disable=trailing-whitespace,no-such-rule -->\n"
        f"{BODY}  \n"
        f"<!-- archive-lint: disable-next-line=final-newline -->\n{BODY}\n", encoding="utf-8")
    assert lint(tmp_path) == []
    result = run_cli("check", "--no-config", "--select", "L001,L003,E002,X002", ".",
                     cwd=tmp_path)
    assert result.stdout == (
        "./a.md:2:1: X002 [warning] unused suppression (front-matter): nothing to suppress "
        "for bom (unused-suppression)\n"
        "./a.md:4:1: X002 [warning] unused suppression (disable): unknown rule "
        "'no-such-rule' (unused-suppression)\n"
        "./a.md:6:1: X002 [warning] unused suppression (disable-next-line): nothing to "
        "suppress for final-newline (unused-suppression)\n")


def test_suppressed_findings_are_not_fixed(tmp_path):
    path = tmp_path / "a.md"
    text = f"# عنوان\n<!-- archive-lint: disable-next-line=trailing-whitespace -->\n{BODY}  \n"
    path.write_text(text + f"{BODY}  \n", encoding="utf-8")
    result = run_cli("fix", "--no-config", "--select", "L001", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_text(encoding="utf-8") == text + f"{BODY}\n"
