"""The engine's stamping: findings located where the document says their offsets are."""

from __future__ import annotations

from linter.catalogue import builtin_catalogue
from linter.checks import ActiveRule
from linter.engine import locate
from linter.findings import Edit, Fix, Issue, Severity
from linter.readers import read_bytes


def _active(name: str = "trailing-whitespace") -> ActiveRule:
    return ActiveRule(builtin_catalogue().lookup(name), Severity.WARNING, {})


def test_locate_matches_document_position_on_every_line_ending():
    # At every offset, with LF, CRLF and CR line breaks and at the very end of the text.
    text = "Title\r\nfirst line  \nsecond\rthird\r\n\r\nlast"
    doc = read_bytes(text.encode("utf-8"), "a.txt").documents[0]
    active = _active()
    for start in range(len(text) + 1):
        for end in (start, min(start + 3, len(text)), len(text)):
            finding = locate(doc, Issue(start, end, "m"), active)
            assert (finding.line, finding.column) == doc.position(start)
            assert (finding.end_line, finding.end_column) == doc.position(end)
            assert finding.excerpt == text[start:end]
            assert (finding.start, finding.end) == (start, end)


def test_locate_places_each_edit_of_a_fix():
    text = "Title\nab  \ncd\n"
    doc = read_bytes(text.encode("utf-8"), "a.txt").documents[0]
    one = locate(doc, Issue(8, 10, "m", fix=Fix.replace(8, 10, "")), _active())
    assert [tuple(e) for e in one.fix.edits] == [(2, 3, 2, 5, "", 8, 10)]
    two = locate(doc, Issue(8, 10, "m", fix=Fix((Edit(8, 9, ""), Edit(11, 12, "x")), False,
                                                   "d")), _active())
    assert (two.fix.safe, two.fix.description) == (False, "d")
    assert [tuple(e) for e in two.fix.edits] == [(2, 3, 2, 4, "", 8, 9), (3, 1, 3, 2, "x", 11, 12)]
    assert locate(doc, Issue(8, 10, "m", fix=Fix(())), _active()).fix is None
