"""Reporters: turn findings into text for people or data for machines. They never import rules.

Each reporter is ``write(findings, summary, stream, **options)``; ``REPORTERS`` maps the
``--format`` names to ``module:function`` so only the chosen one is imported.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
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
    def of(cls, findings: Iterable[Finding], files: int, documents: int) -> Summary:
        """Counts over ``findings`` in one pass, or a :class:`~linter.spill.FindingLog`'s
        own counts (kept as findings were added: a spilled log is not read back)."""
        if hasattr(findings, "tally"):
            severities, rules, fixable = findings.tally()
        else:
            severities, rules, fixable = Counter(), Counter(), 0
            for finding in findings:
                severities[finding.severity] += 1
                rules[finding.rule] += 1
                fixable += finding.fix is not None and finding.fix.safe
        return cls(
            files=files, documents=documents, findings=sum(rules.values()),
            by_severity={str(s): severities.get(s, 0)
                         for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
            by_rule=dict(sorted(rules.items())),
            fixable=fixable,
        )

    def fails(self, fail_on: Severity) -> bool:
        """Whether a finding at ``fail_on`` or above was counted."""
        return any(self.by_severity.get(str(s)) for s in Severity if s >= fail_on)

    def worst(self) -> Severity | None:
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if self.by_severity.get(str(severity)):
                return severity
        return None


def reporter(name: str):
    module, _, function = REPORTERS[name].partition(":")
    return getattr(importlib.import_module(module), function)
