"""Reporters: turn findings into text for people or data for machines. They never import rules.

Each reporter is ``write(findings, summary, stream, **options)``; ``REPORTERS`` maps the
``--format`` names to ``module:function`` so only the chosen one is imported.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple

from linter.findings import Finding, Severity

REPORTERS = {
    "text": "linter.report.text:write",
    "json": "linter.report.json:write",
    "json-lines": "linter.report.jsonlines:write",
    "sarif": "linter.report.sarif:write",
    "github": "linter.report.github:write",
    "html": "linter.report.html:write",
}


class Summary:
    """A run's counts: files, articles, findings by severity and by rule, safe fixes."""

    __slots__ = ("by_rule", "by_severity", "documents", "files", "findings", "fixable")

    def __init__(self, files: int = 0, documents: int = 0, findings: int = 0,
                 by_severity: dict[str, int] | None = None,
                 by_rule: dict[str, int] | None = None, fixable: int = 0) -> None:
        self.files = files
        self.documents = documents
        self.findings = findings
        self.by_severity = {} if by_severity is None else by_severity
        self.by_rule = {} if by_rule is None else by_rule
        self.fixable = fixable

    def __eq__(self, other) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        return (f"Summary(files={self.files!r}, documents={self.documents!r}, "
                f"findings={self.findings!r}, by_severity={self.by_severity!r}, "
                f"by_rule={self.by_rule!r}, fixable={self.fixable!r})")

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


class Rendering(NamedTuple):
    """How a reporter writes each finding, for the formats whose findings are a run of
    items: ``separator.join(render(f) for f in findings)`` is that run, so worker processes
    can write it ahead (:mod:`linter.shards`)."""

    name: str  # the format's, as in RENDERINGS
    render: Callable[[Finding], str]
    separator: str


RENDERINGS = {
    "text": "linter.report.text:RENDERING",  # without colour
    "json": "linter.report.json:RENDERING",
    "json-lines": "linter.report.jsonlines:RENDERING",
    "github": "linter.report.github:RENDERING",
}


def rendering(name: str) -> Rendering | None:
    """The format's :class:`Rendering`, or None when its report is not a run of items."""
    if name not in RENDERINGS:
        return None
    module, _, attribute = RENDERINGS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)
