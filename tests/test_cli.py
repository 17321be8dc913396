"""The command line end to end: exact output streams and the exit-code contract."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import jsonschema
import pytest

from linter import __version__
from tests.conftest import ROOT, run_cli

SCHEMA = json.loads((ROOT / "docs" / "json-report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "clean.txt").write_text("عنوان\nیہ ایک صاف خبر ہے۔\n", encoding="utf-8")
    (tmp_path / "warn.txt").write_text("शीर्षक\nयह खबर है।  \n", encoding="utf-8")
    return tmp_path


def test_text_output_is_exact_and_summary_goes_to_stderr(archive):
    result = run_cli("--select", "L", str(archive), cwd=archive)
    assert result.returncode == 0  # warnings do not fail with the default --fail-on error
    assert result.stdout == (f"{archive}/warn.txt:2:11: L001 [warning] trailing white space at "
                             f"the end of the line (space) (trailing-whitespace) [*]\n")
    assert result.stderr == ("Found 1 finding(s) (1 warning) in 2 file(s), 2 article(s); "
                             "1 fixable with `archive-lint fix`.\n")


def test_relative_paths_are_reported_as_given(archive):
    result = run_cli("check", "--select", "L001", "-q", "warn.txt", cwd=archive)
    assert result.stdout.startswith("warn.txt:2:11: L001 [warning]")
    assert result.stderr == ""


@pytest.mark.parametrize("args,code", [
    (["--select", "L001", "clean.txt"], 0),
    (["--select", "L001", "warn.txt"], 0),
    (["--select", "L001", "--fail-on", "warning", "warn.txt"], 1),
    (["--select", "L001", "--fail-on", "warning", "--exit-zero", "warn.txt"], 0),
    (["--select", "L001", "missing.txt", "warn.txt"], 2),
    (["--select", "NOPE", "warn.txt"], 2),
    (["--format", "yaml", "warn.txt"], 2),
    (["--config", "absent.yaml", "warn.txt"], 2),
    (["explain", "no-such-rule"], 2),
    (["rules"], 0),
    (["explain", "L001"], 0),
])
def test_exit_code_contract(archive, args, code):
    assert run_cli(*args, cwd=archive).returncode == code


def test_errors_are_exit_one_by_default(archive):
    (archive / "binary.txt").write_bytes(b"\x00\x01")
    result = run_cli("binary.txt", cwd=archive)
    assert result.returncode == 1
    assert result.stdout == ("binary.txt:1:1: E001 [error] binary file: NUL byte at this "
                             "position; not linted (invalid-encoding)\n")


def test_json_report_matches_the_schema_and_carries_every_field(archive):
    result = run_cli("--format", "json", "--select", "L", ".", cwd=archive)
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["summary"] == {"files": 2, "documents": 2, "findings": 1,
                                 "by_severity": {"error": 0, "warning": 1, "info": 0},
                                 "by_rule": {"trailing-whitespace": 1}, "fixable": 1}
    assert report["findings"] == [{
        "path": "./warn.txt", "record": None, "line": 2, "column": 11, "end_line": 2,
        "end_column": 13, "rule": "trailing-whitespace", "code": "L001",
        "severity": "warning", "message": "trailing white space at the end of the line (space)",
        "excerpt": "  ", "fix": {"safe": True, "description": "remove the trailing white space",
                                 "edits": [{"line": 2, "column": 11, "end_line": 2,
                                            "end_column": 13, "replacement": ""}]}}]
    assert report["tool"] == {"name": "archive-lint", "version": __version__}


def test_seeds_json_is_valid_and_fails_the_run():
    result = run_cli("--format", "json", "seeds/")
    jsonschema.validate(json.loads(result.stdout), SCHEMA)
    assert result.returncode == 1


def test_output_file_keeps_stdout_empty_and_the_exit_code(archive):
    result = run_cli("--select", "L001", "--fail-on", "warning", "-o", "out.txt", ".",
                     cwd=archive)
    assert (result.returncode, result.stdout) == (1, "")
    assert (archive / "out.txt").read_text(encoding="utf-8").startswith("./warn.txt:2:11:")


def test_statistics_counts_per_rule(archive):
    result = run_cli("--statistics", "--select", "L", "-q", ".", cwd=archive)
    assert result.stdout == "     1  L001   trailing-whitespace                warning\n"


def test_version_and_help():
    assert run_cli("--version").stdout == f"archive-lint {__version__}\n"
    help_text = run_cli("--help").stdout
    assert "Exit codes: 0 clean, 1 findings" in help_text


def test_help_lists_every_command_and_usage_errors_keep_their_messages():
    from linter.commands import COMMANDS

    help_text = run_cli("--help").stdout
    assert help_text.startswith("usage: archive-lint [-h] [--version] COMMAND ...\n")
    for name in COMMANDS:
        assert f"\n    {name}" in help_text
    for args in (["check", "--bad-option"], ["--bad-option", "."]):
        result = run_cli(*args)
        assert result.returncode == 2
        assert result.stderr == ("usage: archive-lint [-h] [--version] COMMAND ...\n"
                                 "archive-lint: error: unrecognized arguments: --bad-option\n")
    result = run_cli("check", "--jobs", "x", ".")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: archive-lint check [-h]")
    assert result.stderr.endswith("archive-lint check: error: argument -j/--jobs: not a whole "
                                  "number: 'x'\n")


@pytest.mark.parametrize("argv", [
    ["check", "-q", "a.txt"], ["check", "--help"], ["check", "--bad-option"],
    ["check", "--format", "nope"], ["check", "--config", "a", "--no-config"],
    ["check", "--version"], ["fix", "--diff", "--help"], ["fix", "--fix"],
    ["baseline"], ["baseline", "write", "-h"], ["rules", "--bogus"], ["explain"],
    ["explain", "S001", "extra"], ["config", "-h"], ["report"], ["index", "status", "."],
    ["test-pack", "--help"], ["test-pack", "a", "b"],
])
def test_a_run_parses_with_only_its_command_as_the_full_parser_does(argv, capsys):
    """A run builds only its own command's parser: the same values, help, usage and errors."""
    from linter.cli import build_parser

    outcomes = []
    for parser in (build_parser(), build_parser(argv[0])):
        try:
            outcome = vars(parser.parse_args(argv))
        except SystemExit as exc:
            outcome = exc.code
        outcomes.append((outcome, capsys.readouterr()))
    assert outcomes[0] == outcomes[1]


def _run_on_terminal(args, cwd, env):
    main_fd, child_fd = pty.openpty()
    process = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, env=env,
                             stdout=child_fd, stderr=subprocess.DEVNULL, timeout=60)
    os.close(child_fd)
    output = b""
    try:
        while chunk := os.read(main_fd, 65536):
            output += chunk
    except OSError:
        pass
    os.close(main_fd)
    return process.returncode, output.decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(archive):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    _code, coloured = _run_on_terminal(["--select", "L001", "warn.txt"], archive, env)
    assert "\x1b[" in coloured and "warn.txt" in coloured
    _code, plain = _run_on_terminal(["--select", "L001", "warn.txt"], archive,
                                    {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "warn.txt:2:11: L001 [warning]" in plain
    piped = run_cli("--select", "L001", "warn.txt", cwd=archive, env={"NO_COLOR": ""})
    assert "\x1b[" not in piped.stdout


def test_a_crashing_rule_becomes_a_finding_and_exit_three(archive, monkeypatch, capsys):
    from linter import cli
    from linter.checks import layout, load_check

    def broken(doc, ctx):
        raise ValueError("boom")
        yield  # pragma: no cover

    load_check.cache_clear()
    monkeypatch.setattr(layout, "trailing_whitespace", broken)
    monkeypatch.chdir(archive)
    try:
        code = cli.main(["--select", "L001,L003", "--fail-on", "info", "warn.txt"])
    finally:
        load_check.cache_clear()
    out = capsys.readouterr().out
    assert code == 3
    assert out.startswith("warn.txt:1:1: X001 [error] rule trailing-whitespace crashed on this "
                          "document (ValueError: boom at test_cli.py:")
    assert "(internal-error)" in out


def test_rules_and_explain_list_the_catalogue():
    listing = run_cli("rules").stdout
    assert "L001   trailing-whitespace" in listing
    explained = run_cli("explain", "L002").stdout
    assert explained.startswith("blank-lines (L002)\n")
    assert "Bad (hi):" in explained and "Good (hi):" in explained
    rows = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"name": "bom", "code": "E002"}.items() <= next(
        r for r in rows if r["name"] == "bom").items()
