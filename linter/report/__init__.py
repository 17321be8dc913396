"""Reporters: turn findings into text for people or data for machines. They never import rules.

Each reporter is ``write(findings, summary, stream, **options)``; ``REPORTERS`` maps the
``--format`` names to ``module:function`` so only the chosen one is imported.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field

from linter.findings import Finding, Severity

REPORTERS = {
    "text": "linter.report.text:write",
    "json": "linter.report.json:write",
    "json-lines": "linter.report.jsonlines:write",
    "sarif": "linter.report.sarif:write",
    "github": "linter.report.github:write",
    "html": "linter.report.html:write",
}


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    findings: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)
    fixable: int = 0

    @classmethod
    def of(cls, findings: list[Finding], files: int, documents: int) -> Summary:
        severities = Counter(str(f.severity) for f in findings)
        return cls(
            files=files, documents=documents, findings=len(findings),
            by_severity={name: severities.get(name, 0) for name in ("error", "warning", "info")},
            by_rule=dict(sorted(Counter(f.rule for f in findings).items())),
            fixable=sum(1 for f in findings if f.fix is not None and f.fix.safe),
        )

    def worst(self) -> Severity | None:
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if self.by_severity.get(str(severity)):
                return severity
        return None


def reporter(name: str):
    module, _, function = REPORTERS[name].partition(":")
    return getattr(importlib.import_module(module), function)
