"""``--format sarif``: SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, IDEs).

One run; ``tool.driver.rules`` lists every rule of the catalogue (id = code, name = rule name,
help text from the rule's documentation); each result carries its region in Unicode code
points (``columnKind: unicodeCodePoints``) and, for a safe fix, a SARIF ``fix`` with the
replacements. Paths are relative to the working directory (``%SRCROOT%``) where possible.
Validated against the official schema in tests/test_formats.py.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from linter import __version__
from linter.findings import Finding
from linter.report import jsonstream

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def _location(path: str) -> dict:
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    if rel.startswith(".."):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(Path(rel).as_posix(), safe="/", errors="surrogateescape"),
            "uriBaseId": SRCROOT}


def _rule(spec) -> dict:
    from linter.docs import explain_text

    rule = {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": spec.description or spec.summary},
        "help": {"text": explain_text(spec)},
        "defaultConfiguration": {"level": LEVELS[str(spec.severity)],
                                 "enabled": bool(spec.default)},
        "properties": {"family": spec.family, "fix": spec.fix,
                       "tags": ["archive-lint", spec.family]},
    }
    return rule


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line,
            "endColumn": end_column}


def _result(finding: Finding, index: dict[str, int]) -> dict:
    location = _location(finding.path)
    result = {
        "ruleId": finding.code,
        "level": LEVELS[str(finding.severity)],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": _region(finding.line, finding.column, finding.end_line,
                              finding.end_column)}}],
        "properties": {"rule": finding.rule},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.record is not None:
        result["properties"]["record"] = finding.record
    fix = finding.fix
    if fix is not None and fix.safe and fix.edits:
        jsonl = finding.path.lower().endswith(".jsonl")
        replacements = []
        for edit in fix.edits:
            text = json.dumps(edit.replacement, ensure_ascii=False)[1:-1] if jsonl \
                else edit.replacement
            replacements.append({
                "deletedRegion": _region(edit.line, edit.column, edit.end_line,
                                         edit.end_column),
                "insertedContent": {"text": text}})
        result["fixes"] = [{"description": {"text": fix.description or "apply the fix"},
                            "artifactChanges": [{"artifactLocation": location,
                                                 "replacements": replacements}]}]
    return result


def report_dict(findings: Iterable[Finding], catalogue=None) -> dict:
    if catalogue is None:
        from linter.catalogue import builtin_catalogue

        catalogue = builtin_catalogue()
    rules = [_rule(spec) for spec in catalogue]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "archive-lint", "version": __version__,
                                "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {SRCROOT: {"uri": Path(os.getcwd()).as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index) for f in findings],
        }],
    }


def write(findings: Iterable[Finding], summary, stream: TextIO, *, catalogue=None,
          **_options) -> None:
    """The SARIF log, as ``json.dump(report_dict(...), indent=2)`` writes it, results streamed."""
    document = report_dict((), catalogue)
    index = {rule["id"]: i for i, rule in enumerate(document["runs"][0]["tool"]["driver"]["rules"])}
    jsonstream.dump(document, document["runs"][0]["results"],
                    (_result(f, index) for f in findings), stream)
    stream.write("\n")
