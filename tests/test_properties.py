"""Property tests over the whole engine with every rule on (issue 10).

Arbitrary text, weighted towards the scripts and code points that break text tools (Arabic,
Devanagari, Bengali, CJK, combining marks, joiners, bidi controls, surrogate-escaped bytes,
huge lines), goes through the real byte reader, every document rule, the archive reduce step,
the JSON reporter and the fixer. The properties: nothing raises and no rule crashes (no
``internal-error`` finding); every finding's span lies inside the text, its excerpt is that
span and its line/column round-trip to the offset; the JSON report validates against the
schema; fixing twice equals fixing once and no character outside a reported fix edit changes.

CI runs a few hundred examples per property. A long campaign:
``ARCHIVE_LINT_FUZZ_EXAMPLES=20000 python -m pytest tests/test_properties.py``
(the count applies to every property; see docs/reliability.md).
"""

from __future__ import annotations

import json
import os

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.catalogue import builtin_catalogue
from linter.checks import is_archive_check, load_check
from linter.engine import INTERNAL_ERROR, Settings
from linter.fixer import fix_text
from linter.readers import read_bytes
from linter.report import Summary
from linter.report.json import report_dict
from linter.runner import lint_read, reduce_archive
from tests.conftest import ROOT

CATALOGUE = builtin_catalogue()
ALL = Settings(CATALOGUE, select=["ALL"])
SCHEMA = json.loads((ROOT / "docs" / "json-report.schema.json").read_text(encoding="utf-8"))
FILE_RULES = {"invalid-encoding", "invalid-record", "front-matter", "time-budget"}
# Archive rules locate their findings themselves (another document may be the one cited).
ARCHIVE_RULES = {spec.name for spec in CATALOGUE if is_archive_check(load_check(spec.check))}
LONG = int(os.environ.get("ARCHIVE_LINT_FUZZ_EXAMPLES", "0"))


def budget(examples: int):
    """CI-sized by default; ``ARCHIVE_LINT_FUZZ_EXAMPLES`` sets every property's count."""
    return settings(max_examples=LONG or examples, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def _range(first: int, last: int) -> st.SearchStrategy[str]:
    return st.integers(first, last).map(chr)


URDU = st.sampled_from(list("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےۓئۂۃۀ")
                       + ["ي", "ك", "ه", "ۃ", "ۓ", "۔", "؟", "،", "؛", "٪", "۰", "۹", "٠", "٩"])
ARABIC = st.one_of(_range(0x0600, 0x06FF), _range(0x0750, 0x077F), _range(0xFB50, 0xFDFF),
                   _range(0xFE70, 0xFEFF))
DEVANAGARI = st.one_of(_range(0x0900, 0x097F), st.sampled_from(
    ["क़", "ख़", "ज़", "फ़", "क\u093c", "।", "॥", "्", "ं", "ँ", "०", "९", "क्ष", "त्र"]))
BENGALI = _range(0x0980, 0x09FF)
CJK = st.one_of(_range(0x4E00, 0x9FFF), _range(0x3000, 0x303F), _range(0xFF00, 0xFFEF))
MARKS = st.one_of(_range(0x0300, 0x036F), _range(0x064B, 0x065F), _range(0x093C, 0x094D),
                  _range(0x1AB0, 0x1AFF), _range(0x20D0, 0x20FF))
JOINERS = st.sampled_from(["\u200c", "\u200d", "\u200b", "\u2060", "\ufeff", "\u00ad",
                           "\u034f", "\u180e"])
BIDI = st.sampled_from(["\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)),
                        *map(chr, range(0x2066, 0x206A))])
SPACE = st.sampled_from([" ", " ", "  ", "\t", "\n", "\n", "\n\n", "\r", "\r\n", "\u00a0",
                         "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\u3000", "\u2009"])
LATIN = st.sampled_from(list("aZ.,;:!?'\"()[]{}<>-–—…/\\@#*_|~`=+%&0123456789")
                        + ["Mr.", "GPT-3.5", "5.6", "techcrunch.com", "a@b.co",
                           "https://x.org/a?b=1", "...", "—", "«", "»", "“", "”"])
# Whole tokens the rules look for: front matter, suppressions, headings, attributions.
TOKENS = st.sampled_from([
    "---\n", "---\nlang: ur\n---\n", "---\nlang: hi\ntitle: x\n---\n", "---\n: [\n---\n",
    "<!-- archive-lint: disable=trailing-whitespace -->",
    "<!-- archive-lint: disable=ALL -->", "<!-- archive-lint: disable-next-line -->",
    "<!-- archive-lint: enable -->", "# ", "## ", "> ", "* ", "1. ", "```",
    "نے کہا", "کے مطابق", "ने कहा", "के अनुसार", "ذرائع", "सूत्रों",
    "Read more", "مزید پڑھیں", "यह भी पढ़ें", "Advertisement", "اشتہار",
    "\ufffd", "Ã©", "Ø§", "à¤•", "&amp;", "&nbsp;", "<p>", "</p>", "<br>", "\\n",
])
# Lone surrogates U+DC80..U+DCFF become single invalid bytes with "surrogateescape".
ESCAPED = _range(0xDC80, 0xDCFF)
# Any character but a surrogate: only U+DC80-U+DCFF (ESCAPED) stand for bytes, and hypothesis
# draws other surrogates now and then, which no UTF-8 can hold.
ANY = st.characters(codec=None, exclude_categories=["Cs"])
PIECE = st.one_of(URDU, URDU, URDU, ARABIC, DEVANAGARI, DEVANAGARI, DEVANAGARI, BENGALI, CJK,
                  MARKS, JOINERS, BIDI, SPACE, SPACE, SPACE, LATIN, TOKENS, ESCAPED, ANY)
# One line of up to ~100,000 characters (more in a long campaign): a repeated unit.
HUGE = st.tuples(st.lists(PIECE, min_size=1, max_size=6).map("".join),
                 st.integers(500, 20_000 if LONG else 2_000)).map(
    lambda pair: pair[0] * pair[1])


def texts(max_size: int = 120, huge: bool = True) -> st.SearchStrategy[str]:
    """Text that may carry lone surrogates (raw bytes, for the byte reader)."""
    small = st.lists(PIECE, max_size=max_size).map("".join)
    if not huge:
        return small
    return st.one_of(small, small, small, small, small, small, small, small, small, small,
                     st.tuples(small, HUGE, small).map("".join))


def to_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def clean(text: str) -> str:
    """The same text with the escaped bytes dropped: what ``fix`` may rewrite."""
    return to_bytes(text).decode("utf-8", "ignore")


def lint(data: bytes, path: str):
    read = read_bytes(data, path)
    result = lint_read(read, path, ALL)
    findings = result.findings + reduce_archive(result.signatures, ALL)
    return read, findings


def check_findings(read, findings, path: str) -> None:
    assert not [f for f in findings if f.rule == INTERNAL_ERROR], \
        [f.message for f in findings if f.rule == INTERNAL_ERROR]
    # A record is its id and its line (ids may repeat in a broken archive).
    by_record = {(doc.record, doc.locator.line_number if doc.locator else None): doc
                 for doc in read.documents}
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1, finding
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), finding
        if finding.rule in FILE_RULES or finding.rule in ARCHIVE_RULES:
            continue
        doc = by_record.get((finding.record, finding.line if finding.record else None))
        if doc is None:  # an archive finding of another document of this file
            continue
        text = doc.text
        assert 0 <= finding.start <= finding.end <= len(text), finding
        assert finding.excerpt == text[finding.start:finding.end], finding
        assert doc.position(finding.start) == (finding.line, finding.column), finding
        if finding.end != finding.start:
            assert doc.position(finding.end) == (finding.end_line, finding.end_column), finding
        if doc.locator is None:  # .txt and .md: line/column map back to the very offset
            starts = doc.line_starts
            assert starts[finding.line - 1] + finding.column - 1 == finding.start, finding
        if finding.fix is not None:
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), finding
                assert doc.position(edit.start) == (edit.line, edit.column), finding
    report = report_dict(findings, Summary.of(findings, 1, len(read.documents)))
    encoded = json.dumps(report, ensure_ascii=False).encode("utf-8")  # must be encodable
    jsonschema.validate(json.loads(encoded), SCHEMA)


@budget(100)
@given(texts(), st.sampled_from(["a.txt", "a.md"]))
def test_any_text_lints_without_crash_and_findings_are_located(text, path):
    read, findings = lint(to_bytes(text), path)
    check_findings(read, findings, path)


@budget(100)
@given(st.lists(st.fixed_dictionaries(
    {"id": st.one_of(st.integers(), texts(8, huge=False)), "text": texts(60, huge=bool(LONG))},
    optional={"title": texts(20, huge=False), "author": texts(10, huge=False),
              "lang": st.sampled_from(["ur", "hi", "urdu", "xx", ""])}), max_size=4),
    st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_any_jsonl_archive_lints_without_crash(records, ascii_only, newline):
    lines = [json.dumps({k: clean(v) if isinstance(v, str) else v for k, v in r.items()},
                        ensure_ascii=ascii_only) for r in records]
    data = newline.join(lines).encode("utf-8")
    read, findings = lint(data, "a.jsonl")
    check_findings(read, findings, "a.jsonl")


@budget(60)
@given(texts(60, huge=False), texts(60, huge=False), st.sampled_from(["a.txt", "a.md"]))
def test_duplicate_documents_never_crash_the_archive_reduce(first, second, path):
    # Two files sharing a paragraph: the duplicates family's signature and reduce step.
    shared = "\n\nیہ ایک مشترک پیراگراف ہے جو دونوں خبروں میں ہے۔\n\n"
    results, signatures = [], []
    for index, text in enumerate((first, second)):
        name = f"{index}{path}"
        read = read_bytes(to_bytes(text + shared + text), name)
        result = lint_read(read, name, ALL)
        results.append((read, result))
        signatures.extend(result.signatures)
    archive = reduce_archive(signatures, ALL)
    assert not [f for f in archive if f.rule == INTERNAL_ERROR]
    for read, result in results:
        check_findings(read, result.findings, path)


def _replay(outcome, path, unsafe):
    """Every applied edit was reported in its pass; text between edits is copied unchanged."""
    current = outcome.original
    for step in outcome.passes:
        assert step.before == current
        read = read_bytes(current.encode("utf-8"), path)
        findings = lint_read(read, path, ALL).findings
        reported = {(e.start, e.end, e.replacement) for f in findings
                    if f.fix and (f.fix.safe or unsafe) for e in f.fix.edits}
        assert {(e.start, e.end, e.replacement) for e in step.edits} <= reported
        pieces, position = [], 0
        for edit in step.edits:
            assert position <= edit.start <= edit.end <= len(current)
            pieces += [current[position:edit.start], edit.replacement]
            position = edit.end
        pieces.append(current[position:])
        current = "".join(pieces)
    assert current == outcome.fixed


@budget(200)
@given(texts(80, huge=False).map(clean), st.sampled_from(["a.txt", "a.md"]), st.booleans())
def test_fixing_twice_equals_fixing_once_and_only_fix_spans_change(text, path, unsafe):
    outcome, remaining = fix_text(text, path, ALL, unsafe=unsafe)
    assert not [f for f in remaining.findings if f.rule == INTERNAL_ERROR]
    _replay(outcome, path, unsafe)
    if outcome.converged:
        again, _ = fix_text(outcome.fixed, path, ALL, unsafe=unsafe)
        assert again.fixed == outcome.fixed and not again.passes


@budget(80)
@given(st.lists(texts(30, huge=False).map(clean), min_size=1, max_size=3), st.booleans())
def test_fixing_jsonl_twice_equals_once_and_records_stay_json(bodies, unsafe):
    text = "".join(json.dumps({"id": i, "text": b}, ensure_ascii=i % 2 == 0) + "\n"
                   for i, b in enumerate(bodies))
    outcome, remaining = fix_text(text, "a.jsonl", ALL, unsafe=unsafe)
    assert not [f for f in remaining.findings if f.rule == INTERNAL_ERROR]
    for index, line in enumerate(outcome.fixed.rstrip("\n").split("\n")):
        assert json.loads(line)["id"] == index
    if outcome.converged:
        again, _ = fix_text(outcome.fixed, "a.jsonl", ALL, unsafe=unsafe)
        assert again.fixed == outcome.fixed
