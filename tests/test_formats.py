"""CI formats: SARIF (validated against the official schema), GitHub annotations, JSON lines,
and --output, which never changes the exit code."""

from __future__ import annotations

import json

import jsonschema
import pytest

from linter.catalogue import builtin_catalogue
from tests.conftest import ROOT, run_cli

SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
TITLE = "عنوان"
BODY = "یہ خبر ہے۔"


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "a,b:c.txt").write_text(f"{TITLE}\n{BODY}  \n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"id": "r1", "text": "خبر\\t"}\n', encoding="utf-8")
    (tmp_path / "e.txt").write_text(f"{TITLE}\n", encoding="utf-8")
    return tmp_path


def lint(archive, *args):
    return run_cli("check", "--no-config", "--select", "L001,L004", *args, ".", cwd=archive)


def test_sarif_is_valid_and_complete(archive):
    result = lint(archive, "--format", "sarif")
    assert result.returncode == 0, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [spec.code for spec in builtin_catalogue()]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]) for r in results] == [
        ("L001", "a%2Cb%3Ac.txt",
         {"startLine": 2, "startColumn": 11, "endLine": 2, "endColumn": 13}),
        ("L001", "d.jsonl", {"startLine": 1, "startColumn": 26, "endLine": 1, "endColumn": 28}),
        ("L004", "e.txt", {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 6}),
    ]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert results[0]["fixes"] == [{
        "description": {"text": "remove the trailing white space"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "a%2Cb%3Ac.txt", "uriBaseId": "%SRCROOT%"},
            "replacements": [{"deletedRegion": {"startLine": 2, "startColumn": 11,
                                                "endLine": 2, "endColumn": 13},
                              "insertedContent": {"text": ""}}]}]}]
    assert "fixes" not in results[2]
    assert results[1]["properties"]["record"] == "r1"
    assert [r["level"] for r in results] == ["warning", "warning", "warning"]


def test_the_schema_really_checks():
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                         "columnKind": "bytes"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(bad)


def test_github_annotations_exact(archive):
    result = lint(archive, "--format", "github")
    assert result.returncode == 0
    assert result.stdout == (
        "::warning file=a%2Cb%3Ac.txt,line=2,col=11,endLine=2,endColumn=13,title=L001 "
        "trailing-whitespace::trailing white space at the end of the line (space) "
        "(trailing-whitespace)\n"
        "::warning file=d.jsonl,line=1,col=26,endLine=1,endColumn=28,title=L001 "
        "trailing-whitespace::trailing white space at the end of the line (tab) [record r1] "
        "(trailing-whitespace)\n"
        "::warning file=e.txt,line=1,col=1,endLine=1,endColumn=6,title=L004 empty-article::"
        "the article has a title but no body text (empty-article)\n")


def test_github_escaping():
    from linter.findings import Finding, Severity
    from linter.report.github import annotation

    finding = Finding("x%y,z.txt", 3, 4, 3, 5, "r", "X999", Severity.INFO,
                      "50% of\r\nlines: a,b", record="k:1")
    assert annotation(finding) == ("::notice file=x%25y%2Cz.txt,line=3,col=4,endLine=3,"
                                   "endColumn=5,title=X999 r::50%25 of%0D%0Alines: a,b "
                                   "[record k:1] (r)")


def test_json_lines_exact(archive):
    result = lint(archive, "--format", "json-lines")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert json.loads(lines[2]) == {
        "path": "./e.txt", "record": None, "line": 1, "column": 1, "end_line": 1,
        "end_column": 6, "rule": "empty-article", "code": "L004", "severity": "warning",
        "message": "the article has a title but no body text", "excerpt": TITLE, "fix": None}
    assert lines[1] == (
        '{"path": "./d.jsonl", "record": "r1", "line": 1, "column": 26, "end_line": 1, '
        '"end_column": 28, "rule": "trailing-whitespace", "code": "L001", "severity": '
        '"warning", "message": "trailing white space at the end of the line (tab)", "excerpt": '
        '"\\t", "fix": {"safe": true, "description": "remove the trailing white space", '
        '"edits": [{"line": 1, "column": 26, "end_line": 1, "end_column": 28, '
        '"replacement": ""}]}}')


@pytest.mark.parametrize("fmt", ["text", "json", "json-lines", "sarif", "github"])
@pytest.mark.parametrize("fail_on", ["warning", "error"])
def test_output_file_never_changes_the_exit_code(archive, tmp_path_factory, fmt, fail_on):
    out = tmp_path_factory.mktemp("out") / "report"
    to_stdout = lint(archive, "--format", fmt, "--fail-on", fail_on)
    to_file = lint(archive, "--format", fmt, "--fail-on", fail_on, "--output", str(out))
    assert to_file.returncode == to_stdout.returncode == (1 if fail_on == "warning" else 0)
    assert to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    clean = tmp_path_factory.mktemp("clean")
    (clean / "ok.txt").write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    assert run_cli("check", "--no-config", "--select", "L001", "--format", fmt, "--output",
                   str(out), ".", cwd=clean).returncode == 0
