"""Findings stream out of a run: spilled to disk past a limit, reports written one at a time."""

from __future__ import annotations

import heapq
import io
import json
import os
import shutil

import pytest
from conftest import SEEDS, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import spill
from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.findings import (
    Finding,
    FindingFix,
    FixEdit,
    Severity,
    finding_sort_key,
    from_columns,
    to_columns,
)
from linter.report import Summary, jsonstream
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


@given(st.lists(st.integers(0, 12), max_size=30), st.lists(st.integers(0, 13), max_size=6),
       st.integers(1, 5))
@settings(max_examples=300, deadline=None)
def test_late_findings_merge_as_heapq_merge_does_across_batches(appended, late, limit):
    """Equal keys across a batch edge, late findings before, between and after all batches."""
    appended = [_finding(n)._replace(excerpt=f"appended {i}") for i, n in enumerate(sorted(appended))]
    late = [_finding(n)._replace(excerpt=f"late {i}") for i, n in enumerate(late)]
    log = spill.FindingLog(memory_limit=limit)
    log.extend(appended)
    log.merge_sorted(late)
    expected = list(heapq.merge(appended, sorted(late, key=finding_sort_key),
                                key=finding_sort_key))
    assert list(log) == expected
    log.close()


@pytest.mark.parametrize("count", [0, 1, 255, 256, 257, 512, 600])
def test_streamed_dump_equals_json_dumps_at_every_chunk_edge(count):
    items = [{"n": n, "text": "اردو"} for n in range(count)]
    document = {"before": 1, "items": [], "after": [2]}
    stream = io.StringIO()
    jsonstream.dump(document, document["items"], iter(items), stream)
    assert stream.getvalue() == json.dumps({**document, "items": items}, ensure_ascii=False,
                                           indent=2)


def test_the_fast_sort_key_is_finding_sort_key():
    from linter.findings import finding_sort_key

    finding = Finding(path="a.txt", line=2, column=3, end_line=4, end_column=5, rule="r",
                      code="C001", severity=Severity.INFO, message="m", excerpt="e", start=7,
                      end=9)
    assert finding_sort_key(finding) == finding.sort_key() == (
        "a.txt", 2, 3, "C001", "r", 4, 5, "m")


def test_spilled_findings_read_back_equal_and_of_the_same_types():
    edit = FixEdit(1, 2, 1, 3, "x", 1, 2)
    findings = [
        _finding(1),
        _finding(2)._replace(fix=FindingFix(True, "one edit", (edit,)), record="r1"),
        _finding(3)._replace(fix=FindingFix(False, "two", (edit, edit._replace(line=9)))),
        _finding(4)._replace(fix=FindingFix(True, "no edits", ()), severity=Severity.ERROR),
        _finding(5)._replace(excerpt="کتاب", start=3, end=7),
    ]
    for batch in (findings, [], [_finding(6)]):
        assert from_columns(to_columns(batch)) == batch
    log = spill.FindingLog(memory_limit=2)
    log.extend(findings)
    assert log.spilled
    back = list(log)
    assert back == findings
    assert [type(f) for f in back] == [Finding] * len(findings)
    assert {type(f.severity) for f in back} == {Severity}
    assert [type(f.fix) for f in back[1:4]] == [FindingFix] * 3
    assert {type(e) for f in back[1:3] for e in f.fix.edits} == {FixEdit}
    log.close()


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


_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
            | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
            | st.sampled_from(["", "\x00", "\u2028", "\"\\", "اردو", "हिन्दी", "\ud800"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
                       | st.tuples(inner, inner), max_leaves=20)


@given(_values, st.sampled_from(["", "  ", "    "]))
@settings(max_examples=400, deadline=None)
def test_indented_writes_what_json_dumps_writes(value, indent):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    assert jsonstream.indented(value, indent) == expected


_texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(
    ["", "\x00\t\n", "\"\\", "اردو ۔", "\udcff"])
_edits = st.builds(FixEdit, st.integers(1, 9), st.integers(1, 9), st.integers(1, 9),
                   st.integers(1, 9), _texts, st.integers(0, 99), st.integers(0, 99))
_findings = st.builds(
    Finding, path=_texts, line=st.integers(1, 10**6), column=st.integers(1, 999),
    end_line=st.integers(1, 10**6), end_column=st.integers(1, 999), rule=_texts, code=_texts,
    severity=st.sampled_from(list(Severity)), message=_texts, excerpt=_texts,
    fix=st.none() | st.builds(FindingFix, st.booleans(), _texts,
                              st.lists(_edits, max_size=3).map(tuple)),
    record=st.none() | _texts)


@given(_findings, st.sampled_from(["", "    "]))
@settings(max_examples=300, deadline=None)
def test_finding_json_writes_what_json_dumps_writes_of_its_dict(finding, indent):
    expected = json.dumps(json_report.finding_to_dict(finding), ensure_ascii=False, indent=2)
    assert json_report.finding_json(finding, indent) == expected.replace("\n", "\n" + indent)


def test_summary_of_a_log_comes_from_its_counts_without_reading_it(monkeypatch):
    findings = list(run([str(SEEDS)], Settings(builtin_catalogue())).findings)
    assert any(f.fix is not None and f.fix.safe for f in findings)
    assert any(f.fix is not None and not f.fix.safe for f in findings)
    log = spill.FindingLog(memory_limit=7)
    log.extend(findings[:-5])
    log.merge_sorted(findings[-5:])
    assert log.spilled
    expected = Summary.of(iter(findings), 3, 4)
    monkeypatch.setattr(spill.FindingLog, "__iter__", lambda self: iter(()))  # unread
    assert Summary.of(log, 3, 4) == expected
    assert expected.findings == len(findings) == 60 and expected.fixable > 0
