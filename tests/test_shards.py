"""Findings that worker processes write ahead in the report's text (linter.shards): the report
is byte for byte what rendering every finding in the parent writes."""

from __future__ import annotations

import io
import json
import os
from types import SimpleNamespace

import pytest

from linter import spill
from linter.commands.check import _rendered_by_workers
from linter.findings import Finding, FindingFix, FixEdit, Severity
from linter.report import Summary, rendering
from linter.report import github as github_report
from linter.report import json as json_report
from linter.report import jsonlines as jsonlines_report
from linter.report import text as text_report
from linter.report.jsonstream import frame
from linter.report.pieces import write_pieces
from linter.runner import FileResult
from linter.shards import ShardReader, ShardWriter


def _finding(path: str, line: int, message: str = "مسئلہ", fix: bool = False) -> Finding:
    edit = FixEdit(line, 2, line, 3, "۔", 10, 11)
    return Finding(path, line, 2, line, 3, "latin-punctuation", "P001", Severity.WARNING,
                   message, ".", FindingFix(True, "use ۔", (edit,)) if fix else None)


def _batches() -> list[list[Finding]]:
    """Three batches of findings in report order, as three workers' batches would be."""
    return [[_finding("a.txt", 1, fix=True), _finding("a.txt", 5), _finding("b.txt", 2)],
            [_finding("c.txt", 1), _finding("c.txt", 9, fix=True)],
            [_finding("d.txt", 3), _finding("e.txt", 4)]]


def _logs(tmp_path, format_name: str, late: list[Finding], first: list[Finding] = ()):
    """The same findings in two logs: written ahead as segments, and appended as findings."""
    written, plain = spill.FindingLog(), spill.FindingLog()
    writer = ShardWriter(written.shard_folder(), format_name)
    if first:  # linted in the parent: held by the log, before the segments
        written.extend(first)
        plain.extend(first)
    for batch in _batches():
        written.extend_rendered(*writer.write(batch))
        plain.extend(batch)
    written.merge_sorted(late)
    plain.merge_sorted(late)
    return written, plain


def _report(write, log) -> str:
    stream = io.StringIO()
    write(log, Summary.of(log, 5, 5), stream)
    return stream.getvalue()


LATE_CASES = {
    "none": [],
    "inside a segment": [_finding("a.txt", 3, "late")],
    "between segments": [_finding("b.txt", 7, "late")],
    "two in one segment, one after all": [_finding("c.txt", 2, "x"), _finding("c.txt", 5, "y"),
                                          _finding("z.txt", 1, "last")],
    "equal to a written one": [_finding("a.txt", 5)],
    "before everything": [_finding("0.txt", 1, "first")],
}


@pytest.mark.parametrize("late", LATE_CASES.values(), ids=LATE_CASES.keys())
@pytest.mark.parametrize("write, format_name", [(json_report.write, "json"),
                                                (jsonlines_report.write, "json-lines"),
                                                (text_report.write, "text"),
                                                (github_report.write, "github")])
def test_written_ahead_report_equals_the_rendered_one(tmp_path, write, format_name, late):
    written, plain = _logs(tmp_path, format_name, late, first=[_finding("0.txt", 1)])
    assert written.segments == 3 and not plain.segments
    assert _report(write, written) == _report(write, plain)
    assert list(written) == list(plain)  # read as findings, segments too
    assert Summary.of(written, 5, 5) == Summary.of(plain, 5, 5)
    written.close()


def test_a_segment_with_no_late_finding_inside_is_copied_as_written(tmp_path):
    written, _ = _logs(tmp_path, "json", [_finding("b.txt", 7, "late")])
    pieces = list(written.rendered_pieces(rendering("json")))
    copied = [piece[0].decode() for piece in pieces if isinstance(piece, tuple)]
    # The late finding goes before the second segment's first: that one is rendered again.
    assert [text.split("\n")[1].strip() for text in copied] == ['"path": "a.txt",',
                                                                  '"path": "d.txt",']


@pytest.mark.parametrize("write", [json_report.write, text_report.write])
def test_segments_written_in_another_format_are_rendered_again(tmp_path, write):
    written, plain = _logs(tmp_path, "json-lines", LATE_CASES["inside a segment"])
    assert written.segments == 3
    assert _report(write, written) == _report(write, plain)


def test_the_json_report_parses_and_holds_every_finding(tmp_path):
    written, _ = _logs(tmp_path, "json", LATE_CASES["inside a segment"])
    report = json.loads(_report(json_report.write, written))
    assert [(f["path"], f["line"]) for f in report["findings"]] == [
        ("a.txt", 1), ("a.txt", 3), ("a.txt", 5), ("b.txt", 2), ("c.txt", 1), ("c.txt", 9),
        ("d.txt", 3), ("e.txt", 4)]
    assert report["summary"]["findings"] == 8 and report["summary"]["fixable"] == 2


def test_workers_write_ahead_only_what_the_report_copies_as_is(tmp_path):
    def args(fmt, **given):
        return SimpleNamespace(**{"format": fmt, "statistics": False, "baseline": None,
                                  "output": str(tmp_path / "report"), **given})

    assert [_rendered_by_workers(args(fmt)) for fmt in ("text", "json", "github")] == [
        "text", "json", "github"]
    assert _rendered_by_workers(args("sarif")) is None  # one document, not a run of items
    assert _rendered_by_workers(args("html")) is None
    assert _rendered_by_workers(args("json", baseline="b.json")) is None  # filtered after
    assert _rendered_by_workers(args("text", statistics=True)) is None  # counted, not listed


def test_frame_splits_what_json_dumps_writes_around_the_items():
    document = {"version": 1, "findings": [], "after": {"x": [1]}}
    head, indent, tail = frame(document, document["findings"])
    items = [{"a": "ب"}, {"c": None}]
    expected = dict(document, findings=items)
    middle = ",\n".join(indent + json.dumps(item, ensure_ascii=False, indent=2).replace(
        "\n", "\n" + indent) for item in items)
    assert head + middle + tail == json.dumps(expected, ensure_ascii=False, indent=2)
    assert indent == "    " and document["findings"] == []


def _stream(errors: str) -> tuple[io.BytesIO, io.TextIOWrapper]:
    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding="utf-8", errors=errors, newline="")


def test_pieces_go_as_bytes_to_a_utf8_buffer_in_order_with_text_between():
    raw, stream = _stream("strict")
    write_pieces(stream, ["one", ("دو".encode(), False), "", "three", (b"four", False)],
                 "[", ", ")
    stream.flush()
    assert raw.getvalue().decode() == "[one, دو, three, four"


def test_escaped_bytes_raise_on_a_strict_stream_as_the_text_would():
    escaped = "a\udcff".encode("utf-8", "surrogateescape")
    _, strict = _stream("strict")
    with pytest.raises(UnicodeEncodeError):
        write_pieces(strict, [(escaped, True)], "", "")
        strict.flush()
    raw, lenient = _stream("surrogateescape")
    write_pieces(lenient, [(escaped, True)], "", "")
    lenient.flush()
    assert raw.getvalue() == b"a\xff"
    text = io.StringIO()  # no buffer: decoded
    write_pieces(text, [(escaped, True)], "", "")
    assert text.getvalue() == "a\udcff"


def test_a_shard_keeps_the_text_and_the_findings_of_each_batch(tmp_path):
    writer = ShardWriter(str(tmp_path), "json-lines")
    batches = _batches()
    segments = [writer.write(batch)[0] for batch in batches]
    reader = ShardReader()
    try:
        for segment, batch in zip(segments, batches, strict=True):
            lines = reader.text(segment).decode().splitlines()
            assert [json.loads(line)["line"] for line in lines] == [f.line for f in batch]
            assert reader.findings(segment) == batch
            assert segment.count == len(batch) and not segment.escaped
    finally:
        reader.close()
    assert os.listdir(tmp_path) == [f"shard-{os.getpid()}"]


def test_a_batch_that_cannot_be_written_keeps_its_findings(tmp_path):
    writer = ShardWriter(str(tmp_path / "gone"), "json")
    findings = _batches()[0]
    results = [FileResult("a.txt", findings[:2]), FileResult("b.txt", findings[2:])]
    writer.take(results)
    assert [r.findings for r in results] == [findings[:2], findings[2:]]
    assert results[0].rendered is None

    writer = ShardWriter(str(tmp_path), "json")
    writer.take(results)
    assert [r.findings for r in results] == [[], []]
    segment, tally = results[0].rendered
    assert segment.count == 3 and tally.rules == {"latin-punctuation": 3} and tally.fixable == 1
    assert results[1].rendered is None
