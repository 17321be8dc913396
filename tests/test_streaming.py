"""Findings stream out of a run: spilled to disk past a limit, reports written one at a time."""

from __future__ import annotations

import io
import json
import os
import shutil

from conftest import SEEDS, run_cli

from linter import spill
from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.findings import Finding, Severity
from linter.report import Summary
from linter.report import json as json_report
from linter.report import sarif as sarif_report
from linter.runner import run


def _finding(n: int) -> Finding:
    return Finding(path=f"{n:03}.txt", line=n, column=1, end_line=n, end_column=2,
                   rule="trailing-whitespace", code="L001", severity=Severity.WARNING,
                   message=f"number {n}")


def test_log_spills_past_its_limit_and_reads_back_in_order_twice():
    log = spill.FindingLog(memory_limit=4)
    log.extend(_finding(n) for n in range(10))
    log.append(_finding(10))
    assert log.spilled and len(log) == 11
    expected = [_finding(n) for n in range(11)]
    assert list(log) == expected
    assert list(log) == expected  # a second pass (summary, then report) reads the same
    folder = log._folder.name
    log.close()
    assert not os.path.exists(folder)


def test_late_findings_merge_into_their_place_without_rewriting_the_log():
    log = spill.FindingLog(memory_limit=3)
    log.extend(_finding(n) for n in (0, 2, 4, 6, 8))
    log._writer.flush()
    spilled_size = os.path.getsize(log._writer.name)
    assert spilled_size > 0
    late = [_finding(5), _finding(1), _finding(9)]
    twin = _finding(4)._replace(excerpt="late")  # an equal sort key: the appended one first
    log.merge_sorted([*late, twin])
    assert [(f.line, f.excerpt) for f in log] == [
        (0, ""), (1, ""), (2, ""), (4, ""), (4, "late"), (5, ""), (6, ""), (8, ""), (9, "")]
    assert len(log) == 9 and list(log) == list(log)
    log._writer.flush()
    assert os.path.getsize(log._writer.name) == spilled_size


def test_log_under_its_limit_never_touches_disk():
    log = spill.FindingLog(memory_limit=100)
    log.extend([_finding(1), _finding(2)])
    assert not log.spilled and list(log) == [_finding(1), _finding(2)] and bool(log)
    assert not spill.FindingLog()


def test_spilled_run_equals_an_in_memory_run(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    shutil.copytree(SEEDS, archive)
    # The same article twice: the archive check's finding is merged into the stream.
    shutil.copy(archive / "001_d454e800eccc777d.txt", archive / "001_z-copy.txt")
    settings = Settings(builtin_catalogue())
    plain = run([str(archive)], settings)
    monkeypatch.setattr(spill, "DEFAULT_MEMORY_LIMIT", 3)
    streamed = run([str(archive)], Settings(builtin_catalogue()), spill=True)
    assert streamed.findings.spilled
    assert list(streamed.findings) == plain.findings
    assert plain.findings == sorted(plain.findings, key=Finding.sort_key)
    assert [(f.rule, f.path.rsplit("/", 1)[1]) for f in plain.findings
            if f.rule == "duplicate-article"] == [("duplicate-article", "001_z-copy.txt")]


def test_a_file_named_twice_is_linted_once(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("عنوان\n\nیہ ایک جملہ ہے۔ \n", encoding="utf-8")
    once = run([str(article)], Settings(builtin_catalogue(), select=["trailing-whitespace"]))
    twice = run([str(article), str(tmp_path)],
                Settings(builtin_catalogue(), select=["trailing-whitespace"]))
    assert [(f.rule, f.line, f.column) for f in twice.findings] == \
        [(f.rule, f.line, f.column) for f in once.findings] == [("trailing-whitespace", 3, 16)]


def test_streamed_json_and_sarif_are_byte_identical_to_whole_dumps():
    outcome = run([str(SEEDS)], Settings(builtin_catalogue()))
    summary = Summary.of(outcome.findings, outcome.files, outcome.documents)
    assert outcome.findings
    for module, whole in ((json_report, json_report.report_dict(outcome.findings, summary)),
                          (sarif_report, sarif_report.report_dict(outcome.findings))):
        stream = io.StringIO()
        module.write(iter(outcome.findings), summary, stream)
        assert stream.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
        empty = io.StringIO()
        module.write(iter(()), Summary.of([], 0, 0), empty)
        assert json.loads(empty.getvalue())  # "findings": [] / "results": []


def test_summary_counts_in_one_pass_over_an_iterator():
    findings = [_finding(1), _finding(2)]
    summary = Summary.of(iter(findings), 2, 2)
    assert (summary.findings, summary.by_severity, summary.by_rule) == (
        2, {"error": 0, "warning": 2, "info": 0}, {"trailing-whitespace": 2})
    assert summary.fails(Severity.WARNING) and not summary.fails(Severity.ERROR)


def test_cli_json_report_through_a_spilled_run(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SEEDS, archive)
    small = run_cli("check", "--no-config", "--format", "json", str(archive),
                    env={"ARCHIVE_LINT_SPILL_LIMIT": "2"})
    large = run_cli("check", "--no-config", "--format", "json", str(archive))
    assert small.returncode == large.returncode == 1
    assert small.stdout == large.stdout
    assert len(json.loads(small.stdout)["findings"]) == json.loads(small.stdout)["summary"][
        "findings"] > 2
