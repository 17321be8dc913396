"""Byte-level fuzzing of the reader (issue 10): whatever the bytes, a finding or a clear error.

Random bytes, truncated UTF-8, UTF-16/UTF-32 with and without a BOM, NUL bytes, BOMs, mixed
line endings, Markdown front matter and .jsonl variants go through the real byte reader and
every rule; nothing raises and no rule crashes. The nastiest inputs found are kept in
``tests/regressions/`` and run through the real CLI in every report format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.catalogue import builtin_catalogue
from linter.engine import INTERNAL_ERROR, Settings
from linter.readers import read_bytes
from linter.runner import lint_read, reduce_archive
from tests.conftest import ROOT, run_cli

ALL = Settings(builtin_catalogue(), select=["ALL"])
REGRESSIONS = ROOT / "tests" / "regressions"
SCHEMA = json.loads((ROOT / "docs" / "json-report.schema.json").read_text(encoding="utf-8"))
LONG = int(os.environ.get("ARCHIVE_LINT_FUZZ_EXAMPLES", "0"))
PATHS = st.sampled_from(["a.txt", "a.md", "a.jsonl", "a.markdown", "A.JSONL"])


def budget(examples: int):
    return settings(max_examples=LONG or examples, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def lint_bytes(data: bytes, path: str):
    read = read_bytes(data, path)
    result = lint_read(read, path, ALL)
    findings = result.findings + reduce_archive(result.signatures, ALL)
    crashes = [f.message for f in findings if f.rule == INTERNAL_ERROR]
    assert not crashes, crashes
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1
        finding.message.encode("utf-8")  # printable: no lone surrogates reach a reporter
        finding.excerpt.encode("utf-8")
        (finding.record or "").encode("utf-8")
    return read, findings


TEXT = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from([
    "بارش سے موسم خوشگوار ہو گیا۔", "दिल्ली में आज बारिश हुई।", "ঢাকায় বৃষ্টি", "中文新闻",
    "\u200c\u200d\u202e\u2066\ufeff", "e\u0301\u0301", "---", "lang: ur", '"', "\\u0000"])
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85", "\n\n\n", ""])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                             "utf-32", "cp1252", "latin-1", "cp1256", "iso8859-6"])


@st.composite
def structured_bytes(draw) -> bytes:
    """Text in some encoding, cut, spliced with NULs, BOMs and stray bytes."""
    lines = draw(st.lists(TEXT, max_size=8))
    breaks = [draw(NEWLINES) for _ in lines]
    text = "".join(a + b for a, b in zip(lines, breaks))
    data = text.encode(draw(ENCODINGS), "replace")
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]  # truncated mid-sequence
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([
            b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff", b"\xc0\x80",
            b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe0\xa4", b"\r", b"\n---\n"])) + data[at:]
    return data


@st.composite
def markdown_bytes(draw) -> bytes:
    """Front matter: valid, broken, tagged, aliased, unterminated, BOM-prefixed, CRLF."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    fields = draw(st.lists(st.sampled_from([
        "lang: ur", "lang: hi", "lang: [ur]", "lang: 5", "lang: ", "title: x", 'title: "\\ud800"',
        "title: !!python/object/apply:os.system [id]", "title: !!binary aGk=", "date: 2024-13-45",
        "a: &a [1, 2]", "b: *a", "c: *missing", "x: [", "? complex key", "- item", "{", "...",
        "n: 1" + "0" * 5000, "<<: {k: v}", "k: v\nk: w", "\t tab: indented"]), max_size=5))
    body = draw(TEXT)
    head = draw(st.sampled_from(["", "\ufeff"]))
    close = draw(st.sampled_from(["---", "...", "", "--- "]))
    return (head + "---" + newline + newline.join(fields) + newline + close + newline +
            body).encode("utf-8", "surrogatepass")


@st.composite
def jsonl_bytes(draw) -> bytes:
    records = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            records.append(draw(st.text(max_size=30)))
        elif kind == 1:
            depth = draw(st.integers(1, 3000))
            records.append('{"text": ' + "[" * depth + "]" * depth + "}")
        else:
            record = draw(st.dictionaries(
                st.sampled_from(["id", "title", "text", "lang", "author", "url",
                                 "archive-lint-disable"]),
                st.one_of(TEXT, st.integers(), st.floats(), st.none(), st.booleans(),
                          st.lists(TEXT, max_size=2)), max_size=6))
            raw = json.dumps(record, ensure_ascii=draw(st.booleans()))
            if draw(st.booleans()):  # escapes JSON allows but Unicode does not
                raw = raw.replace("}", ', "text": "\\ud800 \\udfff x"}', 1)
            records.append(raw)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(records).encode("utf-8", "surrogatepass")


@budget(400)
@given(st.binary(max_size=400), PATHS)
def test_random_bytes_never_crash(data, path):
    lint_bytes(data, path)


@budget(300)
@given(structured_bytes(), PATHS)
def test_encodings_truncation_nul_and_boms_never_crash(data, path):
    read, findings = lint_bytes(data, path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        assert not read.documents  # UTF-16/32 and binary files: one finding, not linted
        assert [f.rule for f in findings] == ["invalid-encoding"]


@budget(200)
@given(markdown_bytes())
def test_front_matter_variants_never_crash(data):
    lint_bytes(data, "a.md")


@budget(200)
@given(jsonl_bytes())
def test_jsonl_variants_never_crash(data):
    lint_bytes(data, "a.jsonl")


def test_regression_corpus_in_process():
    files = sorted(p for p in REGRESSIONS.iterdir() if p.suffix in (".txt", ".md", ".jsonl"))
    assert len(files) >= 20
    for path in files:
        lint_bytes(path.read_bytes(), str(path))


@pytest.mark.parametrize("fmt", ["json", "sarif", "html"])
def test_regression_corpus_through_the_real_cli(fmt, tmp_path):
    result = run_cli("check", "--no-config", "--select", "ALL", "--format", fmt,
                     "-o", str(tmp_path / "out"), ".", cwd=REGRESSIONS,
                     env={"PYTHONIOENCODING": "utf-8:strict"})
    assert result.returncode == 1, result.stderr  # findings (errors), never 3
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    out = (tmp_path / "out").read_text(encoding="utf-8")
    if fmt == "json":
        assert "internal-error" not in out
        report = json.loads(out)
        jsonschema.validate(report, SCHEMA)
        assert report["summary"]["files"] == len([p for p in REGRESSIONS.iterdir()
                                                   if p.suffix in (".txt", ".md", ".jsonl")])


def test_regression_corpus_fix_never_writes_a_broken_file(tmp_path):
    import shutil

    work = tmp_path / "work"
    shutil.copytree(REGRESSIONS, work)
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    result = run_cli("fix", "--no-config", "--select", "ALL", "--unsafe-fixes", ".", cwd=work,
                     env={"PYTHONIOENCODING": "utf-8:strict"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for path in work.iterdir():
        data = before[path.name]
        after = path.read_bytes()
        if after != data:  # only files that decoded cleanly are rewritten, as valid UTF-8
            data.decode("utf-8")
            after.decode("utf-8")
    assert sorted(p.name for p in work.iterdir()) == sorted(before)  # no temp files left


def test_file_names_that_are_not_utf8_print_as_their_bytes(tmp_path):
    name = b"\xff\xfe-\xd8.txt"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as stream:
        stream.write("عنوان  \nمتن۔\n".encode())
    for fmt in ("text", "json", "sarif", "github", "json-lines", "html"):
        result = subprocess.run(
            [sys.executable, "-m", "linter", "check", "--no-config", "--select", "L001",
             "--format", fmt, "."], cwd=tmp_path, capture_output=True, timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1"})
        assert result.returncode == 0, (fmt, result.stderr)
        assert b"internal error" not in result.stderr
        if fmt in ("text", "github"):
            assert b"\xff\xfe-\xd8.txt" in result.stdout  # the name's own bytes
