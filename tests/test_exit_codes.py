"""The exit-code contract for every command (issue 10), table-driven through the real CLI.

0 clean; 1 findings at or above --fail-on (or, for fix, a file changed); 2 usage, config or
path error; 3 internal error (a crashing rule, or a bug caught at the top). Never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli

CLEAN = "عنوان\nرپورٹر: احمد علی\nیہ ایک صاف خبر ہے۔\n"
DIRTY = "عنوان  \nرپورٹر: احمد علی\nیہ ایک خبر ہے۔\n"  # a trailing-space warning (fixable)
ERROR = b"\x00binary"  # invalid-encoding: an error
PACK = ("rules:\n  - name: no-khabar\n    code: H001\n    kind: existence\n    tokens: [خبر]\n"
        "    examples:\n      - bad: \"عنوان\\nیہ خبر ہے۔\\n\"\n"
        "        good: \"عنوان\\nیہ بات ہے۔\\n\"\n")
BAD_PACK = "rules:\n  - name: Bad Name\n    code: H001\n    kind: existence\n    tokens: [x]\n"
FAILING_PACK = ("rules:\n  - name: no-khabar\n    code: H001\n    kind: existence\n"
                "    tokens: [خبر]\n    examples:\n      - good: \"عنوان\\nیہ خبر ہے۔\\n\"\n")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("exit-codes")
    (root / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (root / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (root / "error.txt").write_bytes(ERROR)
    (root / "pack.yaml").write_text(PACK, encoding="utf-8")
    (root / "bad-pack.yaml").write_text(BAD_PACK, encoding="utf-8")
    (root / "failing-pack.yaml").write_text(FAILING_PACK, encoding="utf-8")
    (root / "bad.yaml").write_text("selectt: [L001]\n", encoding="utf-8")
    (root / "not-json.json").write_text("{", encoding="utf-8")
    return root


L = ["--no-config", "--select", "L001"]
TABLE = [
    # check
    ("check clean", ["check", *L, "clean.txt"], 0),
    ("check warning below fail-on", ["check", *L, "dirty.txt"], 0),
    ("check warning at fail-on", ["check", *L, "--fail-on", "warning", "dirty.txt"], 1),
    ("check exit-zero", ["check", *L, "--fail-on", "warning", "--exit-zero", "dirty.txt"], 0),
    ("check error finding", ["check", "--no-config", "--select", "E001", "error.txt"], 1),
    ("default command", [*L, "clean.txt"], 0),
    ("check missing path", ["check", *L, "missing.txt"], 2),
    ("check missing path among good", ["check", *L, "clean.txt", "missing.txt"], 2),
    ("check unknown rule", ["check", "--no-config", "--select", "NOPE", "clean.txt"], 2),
    ("check bad format", ["check", "--format", "yaml", "clean.txt"], 2),
    ("check bad config", ["check", "--config", "bad.yaml", "clean.txt"], 2),
    ("check missing config", ["check", "--config", "absent.yaml", "clean.txt"], 2),
    ("check missing baseline", ["check", *L, "--baseline", "absent.json", "clean.txt"], 2),
    ("check json clean", ["check", *L, "--format", "json", "clean.txt"], 0),
    ("check sarif findings", ["check", *L, "--fail-on", "info", "--format", "sarif",
                              "dirty.txt"], 1),
    ("check --diff nothing", ["check", *L, "--diff", "clean.txt"], 0),
    ("check --diff something", ["check", *L, "--diff", "dirty.txt"], 1),
    # fix (on copies: see test_exit_code_table)
    ("fix nothing to fix", ["fix", *L, "clean.txt"], 0),
    ("fix changed a file", ["fix", *L, "dirty.txt"], 1),
    ("fix missing path", ["fix", *L, "missing.txt"], 2),
    ("fix bad config", ["fix", "--config", "bad.yaml", "clean.txt"], 2),
    # baseline
    ("baseline write", ["baseline", *L, "write", "base.json", "."], 0),
    ("baseline bad config", ["baseline", "--config", "bad.yaml", "write", "b.json", "."], 2),
    ("baseline bad action", ["baseline", "--no-config", "erase", "b.json"], 2),
    # rules, explain, config
    ("rules", ["rules"], 0),
    ("rules json", ["rules", "--format", "json"], 0),
    ("explain known", ["explain", "L001"], 0),
    ("explain unknown", ["explain", "no-such-rule"], 2),
    ("config default", ["config", "--no-config"], 0),
    ("config bad", ["config", "--config", "bad.yaml"], 2),
    # report
    ("report missing input", ["report", "--no-config", "absent.json"], 2),
    ("report not json", ["report", "--no-config", "not-json.json"], 2),
    # index
    ("index status without index", ["index", "--no-config", "status", "."], None),
    ("index bad action", ["index", "--no-config", "rebuild", "."], 2),
    # test-pack
    ("test-pack good", ["test-pack", "--no-config", "pack.yaml"], 0),
    ("test-pack invalid", ["test-pack", "--no-config", "bad-pack.yaml"], 2),
    ("test-pack failing example", ["test-pack", "--no-config", "failing-pack.yaml"], 1),
    ("test-pack missing", ["test-pack", "--no-config", "absent.yaml"], 2),
    # no command at all
    ("no arguments help", ["--help"], 0),
]


def cli_main(args, cwd, monkeypatch) -> int:
    """``archive-lint ARGS`` in this process (the table is too long for a process a row;
    the real CLI is exercised by the crash tests below and by tests/test_cli.py)."""
    from linter import cli

    monkeypatch.chdir(cwd)
    try:
        return cli.main(list(args))
    except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
        return exc.code


@pytest.mark.parametrize("name,args,code", TABLE, ids=[row[0] for row in TABLE])
def test_exit_code_table(archive, tmp_path, monkeypatch, capsys, name, args, code):
    import shutil

    work = tmp_path / "work"
    shutil.copytree(archive, work)  # fix and baseline write: never touch the shared copy
    returned = cli_main(args, work, monkeypatch)
    err = capsys.readouterr().err
    if code is None:  # documented as 0 or 2 depending on whether an index exists
        assert returned in (0, 2), err
    else:
        assert returned == code, err[-500:]


@pytest.mark.parametrize("args,code", [(["check", *L, "clean.txt"], 0),
                                       (["check", *L, "missing.txt"], 2),
                                       (["fix", *L, "dirty.txt"], 1)])
def test_exit_code_through_the_real_process(archive, tmp_path, args, code):
    import shutil

    work = tmp_path / "work"
    shutil.copytree(archive, work)
    result = run_cli(*args, cwd=work)
    assert result.returncode == code and "Traceback" not in result.stderr


def test_report_round_trip_exit_code(archive, tmp_path):
    out = tmp_path / "findings.json"
    result = run_cli("check", "--no-config", "--select", "L001", "--format", "json", "-o",
                     str(out), "dirty.txt", cwd=archive)
    assert result.returncode == 0
    report = run_cli("report", "--no-config", "-o", str(tmp_path / "r.html"), str(out),
                     cwd=archive)
    assert report.returncode == 0, report.stderr


CRASH = """
import sys
from linter import cli
from linter.checks import layout, load_check

def broken(doc, ctx):
    raise ValueError("boom")
    yield

layout.trailing_whitespace = broken
load_check.cache_clear()
sys.exit(cli.main(sys.argv[1:]))
"""

BUG = """
import sys
from linter import cli
import linter.commands.rules as rules

def broken(*args, **kwargs):
    raise RuntimeError("bug")

rules.run = broken
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("script,args,message", [
    (CRASH, ["check", "--no-config", "--select", "L001", "dirty.txt"], "X001 [error]"),
    (CRASH, ["fix", "--no-config", "--select", "L001", "dirty.txt"], "X001 [error]"),
    (CRASH, ["check", "--no-config", "--select", "L001", "--diff", "dirty.txt"], ""),
    (BUG, ["rules"], "archive-lint: internal error: RuntimeError: bug"),
], ids=["check-crashing-rule", "fix-crashing-rule", "diff-crashing-rule", "bug-in-command"])
def test_internal_errors_exit_three_without_a_traceback(archive, tmp_path, script, args,
                                                        message):
    import shutil

    work = tmp_path / "work"
    shutil.copytree(archive, work)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("ARCHIVE_LINT_DEBUG", None)
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stdout + result.stderr
