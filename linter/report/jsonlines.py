"""``--format json-lines``: one JSON object per finding per line, for streaming large archives.

Each line is the same object as an entry of the JSON report's ``findings`` (see
docs/json-report.schema.json); nothing else is printed, so ``wc -l`` counts findings.
"""

from __future__ import annotations

import json
from typing import TextIO

from linter.findings import Finding
from linter.report import Rendering
from linter.report.json import finding_to_dict
from linter.report.pieces import write_lines


def finding_line(finding: Finding) -> str:
    return json.dumps(finding_to_dict(finding), ensure_ascii=False) + "\n"


RENDERING = Rendering("json-lines", finding_line, "")


def write(findings: list[Finding], summary, stream: TextIO, **_options) -> None:
    write_lines(findings, stream, RENDERING)
