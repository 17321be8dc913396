"""The JSON report: the contract for editors and CI scripts (schema: docs/json-report.schema.json).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from json.encoder import encode_basestring
from typing import NamedTuple, TextIO

from linter import __version__
from linter.findings import Finding, Severity
from linter.report import Rendering, jsonstream
from linter.report.pieces import write_pieces

REPORT_VERSION = 1


def finding_to_dict(finding: Finding) -> dict:
    return {
        "path": finding.path,
        "record": finding.record,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "rule": finding.rule,
        "code": finding.code,
        "severity": str(finding.severity),
        "message": finding.message,
        "excerpt": finding.excerpt,
        "fix": _fix_to_dict(finding.fix),
    }


def summary_to_dict(summary) -> dict:
    return {
        "files": summary.files,
        "documents": summary.documents,
        "findings": summary.findings,
        "by_severity": dict(summary.by_severity),
        "by_rule": dict(summary.by_rule),
        "fixable": summary.fixable,
    }


def _fix_to_dict(fix) -> dict | None:
    if fix is None:
        return None
    return {
        "safe": fix.safe,
        "description": fix.description,
        "edits": [{"line": e.line, "column": e.column, "end_line": e.end_line,
                   "end_column": e.end_column, "replacement": e.replacement}
                  for e in fix.edits],
    }


def finding_json(finding: Finding, indent: str = "") -> str:
    """``json.dumps(finding_to_dict(finding), ensure_ascii=False, indent=2)``, with ``indent``
    before every line but the first, written directly: a report holds up to millions of
    findings, and the generic indented encoder spends most of its time on the dict. One
    ``%`` format per object, from templates made once per indent (3 us a finding)."""
    templates = _templates(indent)
    fix = finding.fix
    if fix is not None:
        edits = fix.edits
        safe, description = "true" if fix.safe else "false", encode_basestring(fix.description)
        if len(edits) == 1:  # most fixes: no generator and join
            fix = templates.fix % (safe, description, _edit_json(edits[0], templates.edit))
        elif edits:
            fix = templates.fix % (safe, description, ",\n".join(
                [_edit_json(edit, templates.edit) for edit in edits]))
        else:
            fix = templates.fix_without_edits % (safe, description)
    record = finding.record
    return templates.finding % (
        encode_basestring(finding.path),
        "null" if record is None else jsonstream.indented(record),
        finding.line, finding.column, finding.end_line, finding.end_column,
        encode_basestring(finding.rule), encode_basestring(finding.code),
        _SEVERITY_JSON[finding.severity], encode_basestring(finding.message),
        encode_basestring(finding.excerpt), "null" if fix is None else fix)


_SEVERITY_JSON = {severity: encode_basestring(str(severity)) for severity in Severity}


def _edit_json(edit, template: str) -> str:
    return template % (edit.line, edit.column, edit.end_line, edit.end_column,
                       encode_basestring(edit.replacement))


class _Templates(NamedTuple):
    finding: str
    fix: str  # its edits: ``%s`` inside the list's brackets
    fix_without_edits: str
    edit: str


def _object(indent: str, fields: tuple[str, ...]) -> str:
    """The ``%`` template of a JSON object of ``fields`` (integers ``%d``, the rest ``%s``:
    JSON text made by the caller) whose closing brace is at ``indent``."""
    inner = indent + "  "
    return ("{\n" + ",\n".join(f'{inner}"{name}": %{"d" if name in _INTEGERS else "s"}'
                                for name in fields) + f"\n{indent}}}")


@lru_cache(maxsize=8)
def _templates(indent: str) -> _Templates:
    inner = indent + "  "  # the finding's fields; its fix's fields one level deeper
    fields, edit_indent = inner + "  ", inner + "    "
    fix = _object(inner, ("safe", "description", "edits"))
    return _Templates(
        _object(indent, _FINDING_FIELDS),
        fix.replace('"edits": %s', f'"edits": [\n%s\n{fields}]'),
        fix.replace('"edits": %s', '"edits": []'),
        edit_indent + _object(edit_indent, _EDIT_FIELDS))


_FINDING_FIELDS = ("path", "record", "line", "column", "end_line", "end_column", "rule", "code",
                   "severity", "message", "excerpt", "fix")
_EDIT_FIELDS = ("line", "column", "end_line", "end_column", "replacement")
_INTEGERS = frozenset(("line", "column", "end_line", "end_column"))


def report_dict(findings: Iterable[Finding], summary) -> dict:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "archive-lint", "version": __version__},
        "summary": summary_to_dict(summary),
        "findings": [finding_to_dict(f) for f in findings],
    }


FINDING_INDENT = "    "  # each finding's, in the list of report_dict


def _finding_in_report(finding: Finding) -> str:
    return finding_json(finding, FINDING_INDENT)


RENDERING = Rendering("json", _finding_in_report, ",\n" + FINDING_INDENT)


def write(findings: Iterable[Finding], summary, stream: TextIO, **_options) -> None:
    """The report, as ``json.dump(report_dict(...), indent=2)`` writes it, findings streamed
    (from the segments worker processes wrote ahead, when the run's log holds some)."""
    document = report_dict((), summary)
    if getattr(findings, "segments", 0) and len(findings):
        head, indent, tail = jsonstream.frame(document, document["findings"])
        stream.write(head)
        write_pieces(stream, findings.rendered_pieces(RENDERING), indent, RENDERING.separator)
        stream.write(tail)
    else:
        jsonstream.dump(document, document["findings"], findings, stream, encode=finding_json)
    stream.write("\n")
