"""Fixing: `archive-lint fix`, `check --fix`, `--diff`, atomic writes, .jsonl, the fix hook."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.findings import Finding, FindingFix, FixEdit, Severity
from linter.fixer import EditSet, TextEdit, apply_edits, choose_edits, fix_text
from tests.conftest import ROOT, run_cli

LAYOUT = "L001,L002,L003,E002,E003"  # the rules with safe fixes, whatever other families add
TITLE = "بارش سے موسم خوشگوار ہو گیا"
BODY = "لاہور میں صبح سے بارش ہو رہی ہے۔"
HINDI = "दिल्ली में आज बारिश हुई।"


def fix(*args, cwd):
    return run_cli("fix", "--no-config", "--select", LAYOUT, *args, cwd=cwd)


PAIRS = [
    # (name, input bytes, fixed bytes)
    ("trailing-space", f"{TITLE}  \n{BODY}\t\n".encode(), f"{TITLE}\n{BODY}\n".encode()),
    ("blank-lines", f"{TITLE}\n{BODY}\n\n\n\n{BODY}\n\n".encode(),
     f"{TITLE}\n{BODY}\n\n{BODY}\n".encode()),
    ("final-newline", f"{TITLE}\n{BODY}".encode(), f"{TITLE}\n{BODY}\n".encode()),
    ("bom", f"\ufeff{TITLE}\n{BODY}\n".encode(), f"{TITLE}\n{BODY}\n".encode()),
    ("line-endings", f"{TITLE}\r\n{BODY}\r\n".encode(), f"{TITLE}\n{BODY}\n".encode()),
    ("everything", f"\ufeff{TITLE} \r\n{BODY}\u00a0\r\n\r\n\r\n{HINDI}".encode(),
     f"{TITLE}\n{BODY}\n\n{HINDI}\n".encode()),
]


@pytest.mark.parametrize("name,before,after", PAIRS, ids=[p[0] for p in PAIRS])
def test_fix_pairs_and_idempotence(tmp_path, name, before, after):
    path = tmp_path / "article.txt"
    path.write_bytes(before)
    first = fix("article.txt", cwd=tmp_path)
    assert first.returncode == 1, first.stderr  # a file changed: the pre-commit convention
    assert path.read_bytes() == after
    assert "Fixed" in first.stderr
    assert first.stdout == ""  # nothing remains
    second = fix("article.txt", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert path.read_bytes() == after
    assert not [p for p in tmp_path.iterdir() if p.name != "article.txt"]  # no temp files


def test_check_fix_exit_code_comes_from_what_remains(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{TITLE}  \n{BODY}\n", encoding="utf-8")
    result = run_cli("check", "--no-config", "--select", LAYOUT, "--fix", "a.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8") == f"{TITLE}\n{BODY}\n"
    assert "Fixed 1 issue(s) in 1 file(s)." in result.stderr


def test_line_ending_and_bom_style_kept_unless_the_fix_is_about_them(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(f"\ufeff{TITLE}  \r\n{BODY}\r\n".encode())
    result = run_cli("fix", "--no-config", "--select", "L001", "a.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_bytes() == f"\ufeff{TITLE}\r\n{BODY}\r\n".encode()


def test_remaining_findings_are_reported_after_fixing(tmp_path):
    (tmp_path / "a.txt").write_text(f"{TITLE}  \n", encoding="utf-8")  # no body: not fixable
    result = run_cli("fix", "--no-config", "--select", "L001,L004", "a.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ("a.txt:1:1: L004 [warning] the article has a title but no body "
                             "text (empty-article)\n")


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    path = tmp_path / "a.txt"
    before = f"{TITLE}  \n{BODY}".encode()
    path.write_bytes(before)
    result = run_cli("check", "--no-config", "--select", LAYOUT, "--diff", "a.txt",
                     cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_bytes() == before
    assert result.stdout == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n"
        f"-{TITLE}  \n-{BODY}\n\\ No newline at end of file\n+{TITLE}\n+{BODY}\n")
    clean = tmp_path / "b.txt"
    clean.write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    result = run_cli("fix", "--no-config", "--select", LAYOUT, "--diff", "b.txt", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""


def test_read_only_file_is_left_untouched_and_reported(tmp_path):
    path = tmp_path / "a.txt"
    before = f"{TITLE}  \n{BODY}\n".encode()
    path.write_bytes(before)
    path.chmod(0o444)
    result = fix("a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "a.txt: read-only file: not fixed" in result.stderr
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert "Fixed" not in result.stderr
    assert "a.txt:1:28: L001 [warning]" in result.stdout  # its findings are still reported


def test_permissions_are_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{TITLE}  \n{BODY}\n", encoding="utf-8")
    path.chmod(0o640)
    assert fix("a.txt", cwd=tmp_path).returncode == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_file_that_did_not_decode_is_never_written(tmp_path):
    path = tmp_path / "a.txt"
    before = f"{TITLE}  \n".encode() + b"\xff\xfe bad \n"
    path.write_bytes(before)
    result = run_cli("fix", "--no-config", "--select", LAYOUT + ",E001", "a.txt", cwd=tmp_path)
    assert path.read_bytes() == before
    assert "E001" in result.stdout and "L001" in result.stdout
    assert result.returncode == 1


def test_jsonl_is_fixed_record_by_record(tmp_path):
    records = [
        '{"id": 1, "title": "عنوان  ", "text": "پہلا  \\nدوسرا\\t", "n": [1, 2.50]}',
        '{"text":"\\u067e\\u06c1\\u0644\\u0627  \\n\\u062f\\u0648","id":"x","z":"a\\u00a0 "}',
        '{"id": 3, "text": "صاف متن۔"}',
        '{broken',
        '{"id": 5, "text": "' + HINDI + '\\u00a0", "meta": {"k": "  "}}',
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    result = run_cli("fix", "--no-config", "--select", "L001,E004", "archive.jsonl",
                     cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert path.read_text(encoding="utf-8").split("\n") == [
        '{"id": 1, "title": "عنوان", "text": "پہلا\\nدوسرا", "n": [1, 2.50]}',
        '{"text":"\\u067e\\u06c1\\u0644\\u0627\\n\\u062f\\u0648","id":"x","z":"a\\u00a0 "}',
        '{"id": 3, "text": "صاف متن۔"}',
        '{broken',
        '{"id": 5, "text": "' + HINDI + '", "meta": {"k": "  "}}',
        "",
    ]
    assert result.stdout.startswith("archive.jsonl:4:")  # the broken line is still reported
    for line in path.read_text(encoding="utf-8").splitlines():
        if line != "{broken":
            json.loads(line)


# --------------------------------------------------------------------------- in-process units

def _finding(start, end, replacement, *, safe=True, line=1, column=1):
    edit = FixEdit(1, start + 1, 1, end + 1, replacement, start, end)
    return Finding("a.txt", line, column, line, column, "rule", "X999", Severity.WARNING, "m",
                   fix=FindingFix(safe, "", (edit,)), start=start, end=end)


def test_overlapping_edits_first_wins_rest_wait():
    text = "abcdef"
    findings = [_finding(1, 3, "X"), _finding(2, 4, "Y", column=3), _finding(4, 4, "+"),
                _finding(4, 4, "-", column=5), _finding(5, 6, "", column=6)]
    edits, taken = choose_edits(text, "a.txt", findings, [], unsafe=False)
    assert taken == 3
    assert apply_edits(text, edits) == "aXd+e"


def test_unsafe_fixes_only_on_request():
    findings = [_finding(0, 1, "Z", safe=False)]
    assert choose_edits("abc", "a.txt", findings, [], unsafe=False) == ([], 0)
    edits, taken = choose_edits("abc", "a.txt", findings, [], unsafe=True)
    assert taken == 1 and apply_edits("abc", edits) == "Zbc"


def test_edit_set_rejects_overlaps_and_double_insertions():
    chosen = EditSet()
    chosen.add(TextEdit(2, 5, ""))
    assert not chosen.fits(TextEdit(4, 6, ""))
    assert not chosen.fits(TextEdit(3, 3, "x"))
    assert chosen.fits(TextEdit(5, 5, "x")) and chosen.fits(TextEdit(2, 2, "x"))
    chosen.add(TextEdit(5, 5, "x"))
    assert not chosen.fits(TextEdit(5, 5, "y"))


SETTINGS = Settings(builtin_catalogue(), select=LAYOUT.split(","))
ALPHABET = st.sampled_from(["ا", "ب", "۔", "क", "ि", "a", " ", "\t", "\u00a0", "\n", "\r",
                            "\r\n", "\ufeff", "\u200c", "  "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_fixes_touch_only_the_reported_spans(text):
    outcome, remaining = fix_text(text, "a.txt", SETTINGS)
    current = text
    for step in outcome.passes:
        assert step.before == current
        # Every applied edit is a reported fix edit of that pass; nothing between them changes.
        from linter.readers import read_bytes
        from linter.runner import lint_read

        read = read_bytes(current.encode(), "a.txt")
        reported = {(e.start, e.end, e.replacement)
                    for f in lint_read(read, "a.txt", SETTINGS).findings if f.fix
                    for e in f.fix.edits}
        assert {(e.start, e.end, e.replacement) for e in step.edits} <= reported
        pieces, position = [], 0
        for edit in step.edits:
            assert edit.start >= position
            pieces.append(current[position:edit.start])
            pieces.append(edit.replacement)
            position = edit.end
        pieces.append(current[position:])
        current = "".join(pieces)
    assert current == outcome.fixed
    if outcome.converged:
        again, _ = fix_text(outcome.fixed, "a.txt", SETTINGS)
        assert again.fixed == outcome.fixed and not again.passes  # idempotent
        assert not [f for f in remaining.findings if f.fix and f.fix.safe]


@settings(max_examples=100, deadline=None)
@given(st.lists(ALPHABET, max_size=20).map("".join), st.lists(ALPHABET, max_size=20).map("".join))
def test_jsonl_fix_leaves_other_fields_byte_identical(title, body):
    other = '"meta": {"a": " \\u00a0 ", "b": [1, 2]}'
    line = ('{"id": 7, "title": ' + json.dumps(title, ensure_ascii=False) + ', ' + other +
            ', "text": ' + json.dumps(body) + '}')
    text = line + "\n"
    outcome, _ = fix_text(text, "a.jsonl", SETTINGS)
    fixed = outcome.fixed.rstrip("\n")
    record = json.loads(fixed)
    assert record["id"] == 7 and record["meta"] == {"a": " \u00a0 ", "b": [1, 2]}
    assert other in fixed
    assert fixed.startswith('{"id": 7, "title": ')
    assert outcome.fixed.endswith("}\n")


# --------------------------------------------------------------------------- kill during write

KILL_SCRIPT = """
import sys
from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.fixer import fix_paths
print("ready", flush=True)
fix_paths(sys.argv[1:], Settings(builtin_catalogue(), select={!r}))
""".format(LAYOUT.split(","))


def test_kill_during_fixing_leaves_old_or_new_file(tmp_path):
    rng = random.Random(8)
    line = f"{BODY}  \r\n" * 2000  # ~100 KB per file, every line needs two fixes
    originals, expected = {}, {}
    source = tmp_path / "source"
    source.mkdir()
    for index in range(40):
        data = f"{TITLE} {index}\r\n{line}".encode()
        originals[f"{index:03}.txt"] = data
        (source / f"{index:03}.txt").write_bytes(data)
    reference = tmp_path / "reference"
    shutil.copytree(source, reference)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(reference)], check=True, env=env,
                   capture_output=True, timeout=300)
    for name in originals:
        expected[name] = (reference / name).read_bytes()
        assert expected[name] != originals[name]
    start = time.monotonic()
    probe = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(reference)], env=env,
                             stdout=subprocess.PIPE)
    probe.stdout.readline()
    ready = time.monotonic()
    probe.wait(timeout=300)
    duration = max(time.monotonic() - ready, 0.05)
    del start
    mixed = 0
    for attempt in range(6):
        work = tmp_path / f"run{attempt}"
        shutil.copytree(source, work)
        process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(work)], env=env,
                                   stdout=subprocess.PIPE)
        process.stdout.readline()
        time.sleep(rng.uniform(0.1, 0.9) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stdout.close()
        states = set()
        for name in originals:
            data = (work / name).read_bytes()
            assert data in (originals[name], expected[name]), f"torn file {name}"
            states.add(data == expected[name])
        mixed += len(states) == 2
        leftovers = [p.name for p in work.iterdir() if p.name not in originals]
        assert all(name.endswith(".archive-lint-tmp") for name in leftovers), leftovers
    assert mixed >= 1, "no kill landed in the middle of the run"


# --------------------------------------------------------------------------- the fix hook

def test_fix_hook_with_real_pre_commit(tmp_path, hook_repo, pre_commit_home):
    from tests.conftest import git, try_repo

    source, _sha = hook_repo
    repo = tmp_path / "archive"
    repo.mkdir()
    git(repo, "init", "-q")
    # Only the layout and encoding rules, whatever other rule families find in these articles.
    (repo / ".archive-lint.yaml").write_text(f"select: [{LAYOUT}]\n", encoding="utf-8")
    (repo / "clean.txt").write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    (repo / "messy.txt").write_text(f"{TITLE}  \n{BODY}\n\n\n", encoding="utf-8")
    git(repo, "add", ".")

    clean = try_repo(source, repo, pre_commit_home, "archive-lint-fix", "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    messy = try_repo(source, repo, pre_commit_home, "archive-lint-fix", "messy.txt")
    assert messy.returncode == 1, messy.stdout + messy.stderr
    assert "Failed" in messy.stdout and "files were modified by this hook" in messy.stdout
    assert (repo / "messy.txt").read_text(encoding="utf-8") == f"{TITLE}\n{BODY}\n"

    again = try_repo(source, repo, pre_commit_home, "archive-lint-fix", "messy.txt")
    assert again.returncode == 0, again.stdout + again.stderr


def test_jsonl_records_with_repeated_ids_are_fixed_in_their_own_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "text": "پہلا  "}\n{"id": 1, "text": "دوسرا\\t", "k": 0}\n',
                    encoding="utf-8")
    result = run_cli("fix", "--no-config", "--select", "L001", "a.jsonl", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert path.read_text(encoding="utf-8") == (
        '{"id": 1, "text": "پہلا"}\n{"id": 1, "text": "دوسرا", "k": 0}\n')


UNSAFE = [(spec.name, example) for spec in builtin_catalogue() if spec.fix == "unsafe"
          for example in spec.examples[:1]
          if example.format == "txt" and isinstance(example.bad, str)]


@pytest.mark.parametrize("name,example", UNSAFE, ids=[name for name, _ in UNSAFE])
def test_unsafe_fixes_need_the_flag(tmp_path, name, example):
    from tests.conftest import lint_text

    found = lint_text(example.bad, lang=example.lang, select=[name])
    if not any(f.fix is not None and not f.fix.safe for f in found):
        pytest.skip(f"{name}'s bad example carries no unsafe fix")
    (tmp_path / ".archive-lint.yaml").write_text(f"lang: {example.lang}\n" if example.lang
                                                 else "{}\n", encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(example.bad.encode("utf-8"))
    safe_only = run_cli("fix", "--select", name, "a.txt", cwd=tmp_path)
    assert path.read_bytes() == example.bad.encode("utf-8"), safe_only.stderr
    unsafe = run_cli("fix", "--unsafe-fixes", "--select", name, "a.txt", cwd=tmp_path)
    assert unsafe.returncode == 1, unsafe.stderr
    assert path.read_bytes() != example.bad.encode("utf-8")
    again = run_cli("fix", "--unsafe-fixes", "--select", name, "a.txt", cwd=tmp_path)
    assert again.returncode in (0, 1) and "Fixed" not in again.stderr  # idempotent
