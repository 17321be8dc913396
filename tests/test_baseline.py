"""Baselines: adopt with `baseline write`, then only new findings fail `check --baseline`."""

from __future__ import annotations

import json

from tests.conftest import run_cli

TITLE = "بارش سے موسم خوشگوار ہو گیا"
OLD = "لاہور میں صبح سے بارش ہو رہی ہے۔"
NEW = "محکمہ موسمیات کے مطابق یہ سلسلہ کل تک جاری رہے گا۔"
SELECT = ("--no-config", "--select", "L001,L003")


def write_baseline(folder, *paths):
    return run_cli("baseline", "write", "baseline.json", *(paths or (".",)), *SELECT,
                   cwd=folder)


def check(folder, *args):
    return run_cli("check", *SELECT, "--baseline", "baseline.json", *args, ".", cwd=folder)


def test_baseline_hides_old_findings_and_survives_inserted_lines(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"{TITLE}\n{OLD}  \n{OLD} \n{NEW}", encoding="utf-8")
    written = write_baseline(tmp_path)
    assert written.returncode == 0, written.stderr
    assert "Wrote 3 finding(s)" in written.stderr
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [(e["path"], e["rule"], e["count"]) for e in data["entries"]] == sorted(
        [("a.txt", "trailing-whitespace", 2), ("a.txt", "final-newline", 1)])

    # Paragraphs inserted above move every old finding down: none comes back.
    article.write_text(f"{TITLE}\n{NEW}\n{NEW}\n\n{OLD}  \n{OLD} \n{NEW}", encoding="utf-8")
    result = check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "3 known finding(s) hidden" in result.stderr

    # A new defect on a new line is reported; so is a third copy of an old one (count 2).
    article.write_text(f"{TITLE}\n{NEW}  \n{OLD}  \n{OLD} \n{OLD}\t\n{NEW}", encoding="utf-8")
    result = check(tmp_path, "--fail-on", "warning")
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        "./a.txt:2:51", "./a.txt:5:33"]


def test_fixed_findings_drop_out_when_the_baseline_is_rewritten(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"{TITLE}\n{OLD}  \n{NEW} \n", encoding="utf-8")
    write_baseline(tmp_path)
    article.write_text(f"{TITLE}\n{OLD}\n{NEW} \n", encoding="utf-8")
    result = check(tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    assert "1 baseline entry no longer found" in result.stderr
    write_baseline(tmp_path)  # the ratchet
    entries = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 1
    # The fixed defect is no longer accepted if it comes back.
    article.write_text(f"{TITLE}\n{OLD}  \n{NEW} \n", encoding="utf-8")
    assert check(tmp_path, "--fail-on", "warning").returncode == 1


def test_jsonl_records_inserted_above(tmp_path):
    archive = tmp_path / "a.jsonl"
    old = '{"id": 9, "title": "t", "text": "' + OLD + '\\n' + NEW + '  "}\n'
    archive.write_text(old, encoding="utf-8")
    write_baseline(tmp_path)
    archive.write_text('{"id": 1, "text": "' + NEW + '"}\n' + old, encoding="utf-8")
    result = check(tmp_path, "--fail-on", "warning")
    assert result.returncode == 0 and result.stdout == ""


def test_paths_are_relative_to_the_baseline_file(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(f"{TITLE}\n{OLD}  \n", encoding="utf-8")
    write_baseline(tmp_path, "articles")
    sub = tmp_path / "articles"
    result = run_cli("check", *SELECT, "--baseline", "../baseline.json", "--fail-on", "warning",
                     "a.txt", cwd=sub)
    assert result.returncode == 0 and result.stdout == ""


def test_missing_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(f"{TITLE}\n{OLD}\n", encoding="utf-8")
    result = check(tmp_path)
    assert result.returncode == 2
    assert "baseline file baseline.json not found" in result.stderr
