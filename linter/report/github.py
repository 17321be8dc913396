"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE rule-name::message``;
``info`` findings become ``notice``. Values are escaped as the runner expects: ``%``, CR and
LF everywhere, and ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from typing import TextIO

from linter.findings import Finding
from linter.report import Rendering
from linter.report.pieces import write_lines

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    path = finding.path[2:] if finding.path.startswith("./") else finding.path
    properties = [("file", path), ("line", finding.line), ("col", finding.column),
                  ("endLine", finding.end_line), ("endColumn", finding.end_column),
                  ("title", f"{finding.code} {finding.rule}")]
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    record = f" [record {finding.record}]" if finding.record else ""
    message = f"{finding.message}{record} ({finding.rule})"
    return f"::{LEVELS[str(finding.severity)]} {props}::{escape_data(message)}"


def annotation_line(finding: Finding) -> str:
    return annotation(finding) + "\n"


RENDERING = Rendering("github", annotation_line, "")


def write(findings: list[Finding], summary, stream: TextIO, **_options) -> None:
    write_lines(findings, stream, RENDERING)
