"""``path:line:col: CODE [severity] message (rule-name)``, one finding a line."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from linter.findings import Finding
from linter.report import Rendering
from linter.report.pieces import write_lines

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def format_finding(finding: Finding, colour: bool = False) -> str:
    severity = str(finding.severity)
    record = f" [record {finding.record}]" if finding.record else ""
    fixable = " [*]" if finding.fix is not None and finding.fix.safe else ""
    if not colour:
        return (f"{finding.path}:{finding.line}:{finding.column}: {finding.code} [{severity}] "
                f"{finding.message}{record} ({finding.rule}){fixable}")
    return (f"{BOLD}{finding.path}{RESET}:{finding.line}:{finding.column}: "
            f"{BOLD}{COLOURS[severity]}{finding.code}{RESET} "
            f"{COLOURS[severity]}[{severity}]{RESET} {finding.message}{record} "
            f"{DIM}({finding.rule}){RESET}{fixable}")


def finding_line(finding: Finding) -> str:
    return format_finding(finding) + "\n"


RENDERING = Rendering("text", finding_line, "")  # without colour


def write(findings: list[Finding], summary, stream: TextIO, *, colour: bool = False,
          statistics: bool = False, **_options) -> None:
    if statistics:
        counts = Counter((f.code, f.rule, str(f.severity)) for f in findings)
        for (code, rule, severity), count in sorted(counts.items(),
                                                    key=lambda item: (-item[1], item[0])):
            stream.write(f"{count:>6}  {code:<6} {rule:<34} {severity}\n")
        return
    if not colour:
        write_lines(findings, stream, RENDERING)
        return
    for finding in findings:
        stream.write(format_finding(finding, colour) + "\n")


def summary_line(summary) -> str:
    if not summary.findings:
        return f"All clear: {summary.files} file(s), {summary.documents} article(s) checked."
    parts = [f"{n} {name}{'s' if n != 1 else ''}" for name, n in summary.by_severity.items() if n]
    fixable = (f"; {summary.fixable} fixable with `archive-lint fix`" if summary.fixable
               else "")
    return (f"Found {summary.findings} finding(s) ({', '.join(parts)}) in {summary.files} "
            f"file(s), {summary.documents} article(s){fixable}.")
