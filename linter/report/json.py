"""The JSON report: the contract for editors and CI scripts (schema: docs/json-report.schema.json).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from json.encoder import encode_basestring
from typing import TextIO

from linter import __version__
from linter.findings import Finding, Severity
from linter.report import jsonstream

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
    findings, and the generic indented encoder spends most of its time on the dict."""
    inner = indent + "  "
    record = finding.record
    fix = "null" if finding.fix is None else _fix_json(finding.fix, inner)
    return (f'{{\n{inner}"path": {_text(finding.path)},\n'
            f'{inner}"record": {"null" if record is None else jsonstream.indented(record)},\n'
            f'{inner}"line": {finding.line:d},\n{inner}"column": {finding.column:d},\n'
            f'{inner}"end_line": {finding.end_line:d},\n'
            f'{inner}"end_column": {finding.end_column:d},\n'
            f'{inner}"rule": {_text(finding.rule)},\n{inner}"code": {_text(finding.code)},\n'
            f'{inner}"severity": {_SEVERITY_JSON[finding.severity]},\n'
            f'{inner}"message": {_text(finding.message)},\n'
            f'{inner}"excerpt": {_text(finding.excerpt)},\n'
            f'{inner}"fix": {fix}\n{indent}}}')


_SEVERITY_JSON = {severity: encode_basestring(str(severity)) for severity in Severity}


def _fix_json(fix, indent: str) -> str:
    inner, edit_indent = indent + "  ", indent + "    "
    edits = fix.edits
    if len(edits) == 1:  # most fixes: no generator and join
        edits = f"[\n{_edit_json(edits[0], edit_indent)}\n{inner}]"
    elif edits:
        edits = ",\n".join(_edit_json(edit, edit_indent) for edit in edits)
        edits = f"[\n{edits}\n{inner}]"
    else:
        edits = "[]"
    return (f'{{\n{inner}"safe": {"true" if fix.safe else "false"},\n'
            f'{inner}"description": {_text(fix.description)},\n'
            f'{inner}"edits": {edits}\n{indent}}}')


def _edit_json(edit, indent: str) -> str:
    field = indent + "  "
    return (f'{indent}{{\n{field}"line": {edit.line:d},\n{field}"column": {edit.column:d},\n'
            f'{field}"end_line": {edit.end_line:d},\n{field}"end_column": {edit.end_column:d},\n'
            f'{field}"replacement": {_text(edit.replacement)}\n{indent}}}')


def _text(value: str) -> str:
    return encode_basestring(value) if type(value) is str else jsonstream.indented(value)


def report_dict(findings: Iterable[Finding], summary) -> dict:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "archive-lint", "version": __version__},
        "summary": asdict(summary),
        "findings": [finding_to_dict(f) for f in findings],
    }


def write(findings: Iterable[Finding], summary, stream: TextIO, **_options) -> None:
    """The report, as ``json.dump(report_dict(...), indent=2)`` writes it, findings streamed."""
    document = report_dict((), summary)
    jsonstream.dump(document, document["findings"], findings, stream, encode=finding_json)
    stream.write("\n")
