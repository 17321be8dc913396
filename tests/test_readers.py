"""Reading archives: every kind of bad input is a finding or a clear error, never a traceback."""

from __future__ import annotations

import json

from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.readers import read_bytes
from linter.runner import run

CATALOGUE = builtin_catalogue()


def lint_files(tmp_path, files: dict[str, bytes], select=None):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return run([str(tmp_path)], Settings(CATALOGUE, select=select))


def located(outcome):
    return [(f.path.rsplit("/", 1)[-1], f.rule, f.line, f.column) for f in outcome.findings]


def test_invalid_utf8_is_reported_per_sequence_and_the_rest_is_still_linted(tmp_path):
    outcome = lint_files(tmp_path, {"a.txt": "عنوان\nخبر \xe9 ہے۔  \n".encode().replace(
        "é".encode(), b"\xe9")}, select=["E", "L001"])
    assert located(outcome) == [("a.txt", "invalid-encoding", 2, 5),
                                ("a.txt", "trailing-whitespace", 2, 10)]
    assert "invalid UTF-8 byte sequence e9" in outcome.findings[0].message


def test_binary_file_with_nul_byte_is_one_finding_and_not_linted(tmp_path):
    outcome = lint_files(tmp_path, {"b.txt": b"abc\n\x00\x01\x02  \n"})
    assert located(outcome) == [("b.txt", "invalid-encoding", 2, 1)]
    assert outcome.findings[0].message.startswith("binary file")


def test_utf16_file_is_reported_with_a_conversion_hint(tmp_path):
    outcome = lint_files(tmp_path, {"c.txt": "خبر\n".encode("utf-16")})
    assert located(outcome) == [("c.txt", "invalid-encoding", 1, 1)]
    assert "UTF-16" in outcome.findings[0].message


def test_bom_crlf_and_mixed_line_endings_are_findings(tmp_path):
    outcome = lint_files(tmp_path, {
        "bom.txt": "\ufeffعنوان\nمتن۔\n".encode(),
        "crlf.txt": "शीर्षक\r\nपाठ।\r\n".encode(),
        "mixed.txt": "शीर्षक\r\nपाठ।\nऔर\rअंत\n".encode(),
    }, select=["E"])
    assert located(outcome) == [("bom.txt", "bom", 1, 1), ("crlf.txt", "line-endings", 1, 7),
                                ("mixed.txt", "line-endings", 1, 7)]
    assert outcome.findings[1].message == "CRLF line endings (2 lines); expected LF"
    assert outcome.findings[2].message == \
        "mixed line endings (2 LF, 1 CR, 1 CRLF); expected LF throughout"


def test_empty_file_is_a_finding(tmp_path):
    outcome = lint_files(tmp_path, {"empty.txt": b""})
    assert located(outcome) == [("empty.txt", "empty-article", 1, 1)]


def test_jsonl_findings_point_at_the_record_line_and_raw_column(tmp_path):
    records = [
        {"id": "r1", "title": "عنوان", "text": "پہلا پیراگراف۔"},
        {"id": "r2", "title": "दूसरा", "text": "\u0627\u0628 hello  \nاگلا"},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=i == 1) for i, r in enumerate(records))
    outcome = lint_files(tmp_path, {"a.jsonl": (data + "\n{not json\n").encode()},
                         select=["L001", "E004"])
    raw_line = data.split("\n")[1]
    spaces_at = raw_line.index("hello  ") + len("hello")
    assert located(outcome) == [("a.jsonl", "trailing-whitespace", 2, spaces_at + 1),
                                ("a.jsonl", "invalid-record", 3, 1)]
    assert outcome.findings[0].record == "r2"
    assert outcome.findings[0].excerpt == "  "


def test_jsonl_record_without_the_text_field_names_the_config_key(tmp_path):
    outcome = lint_files(tmp_path, {"a.jsonl": b'{"id": 1, "body": "x"}\n'}, select=["E004"])
    assert located(outcome) == [("a.jsonl", "invalid-record", 1, 1)]
    assert "jsonl.text" in outcome.findings[0].message


def test_jsonl_field_names_are_configurable():
    from linter.readers import ReadOptions

    fields = {**ReadOptions().jsonl_fields, "text": "body", "id": "uid", "lang": "language"}
    result = read_bytes('{"uid": 9, "body": "متن", "language": "urdu"}\n'.encode(), "x.jsonl",
                        ReadOptions(jsonl_fields=fields))
    (doc,) = result.documents
    assert (doc.record, doc.text, doc.lang, doc.has_title_line) == ("9", "متن", "ur", False)


def test_broken_front_matter_is_located(tmp_path):
    outcome = lint_files(tmp_path, {"a.md": "---\ntitle: x\nlang: [ur\n---\nمتن\n".encode()},
                         select=["E005"])
    assert located(outcome) == [("a.md", "front-matter", 3, 10)]
    assert "front matter is not valid YAML" in outcome.findings[0].message


def test_missing_path_is_an_error_and_other_paths_still_run(tmp_path):
    (tmp_path / "ok.txt").write_text("عنوان\nمتن۔  \n", encoding="utf-8")
    outcome = run([str(tmp_path / "missing.txt"), str(tmp_path / "ok.txt")],
                  Settings(CATALOGUE, select=["L001"]))
    assert outcome.errors == [f"{tmp_path / 'missing.txt'}: no such file or directory"]
    assert [(f.rule, f.line, f.column) for f in outcome.findings] == [
        ("trailing-whitespace", 2, 5)]


def test_unreadable_file_is_an_error(tmp_path):
    import os

    path = tmp_path / "secret.txt"
    path.write_text("x\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions do not apply
            import pytest
            pytest.skip("running as root; a chmod 000 file is still readable")
        outcome = run([str(path)], Settings(CATALOGUE))
        assert outcome.errors == [f"{path}: cannot read: permission denied"]
    finally:
        path.chmod(0o644)


def test_folders_are_walked_in_order_and_hidden_or_unknown_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/z.txt", "a.md", ".git/x.txt", "notes.csv", "c.jsonl"):
        (tmp_path / name).write_text("")
    outcome = run([str(tmp_path)], Settings(CATALOGUE, select=["L004"]))
    assert [f.path.removeprefix(str(tmp_path) + "/") for f in outcome.findings] == [
        "a.md", "b/z.txt"]
    assert outcome.files == 3
