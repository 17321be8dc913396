"""The JSON report: the contract for editors and CI scripts (schema: docs/json-report.schema.json).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TextIO

from linter import __version__
from linter.findings import Finding
from linter.report import jsonstream

REPORT_VERSION = 1


def finding_to_dict(finding: Finding) -> dict:
    fix = None
    if finding.fix is not None:
        fix = {
            "safe": finding.fix.safe,
            "description": finding.fix.description,
            "edits": [{"line": e.line, "column": e.column, "end_line": e.end_line,
                       "end_column": e.end_column, "replacement": e.replacement}
                      for e in finding.fix.edits],
        }
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
        "fix": fix,
    }


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
    jsonstream.dump(document, document["findings"], map(finding_to_dict, findings), stream)
    stream.write("\n")
