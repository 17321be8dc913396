"""``archive-lint report FINDINGS.json -o report.html``: render a saved JSON report as HTML.

The articles are read from disk again; an article that changed since the report says so on
the page instead of marking the wrong text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from linter.commands import EXIT_CLEAN, UsageError
from linter.findings import Finding, FindingFix, FixEdit, Severity

NAME = "report"
HELP = "render a saved JSON report (--format json) as a self-contained HTML page"


def add_arguments(parser) -> None:
    parser.add_argument("findings", metavar="FINDINGS.json",
                        help="a report written by `archive-lint check --format json` "
                             "('-' reads standard input)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the page to FILE instead of stdout")
    parser.add_argument("--root", metavar="DIR",
                        help="folder the report's relative paths start from (default: the "
                             "current folder, then the report's folder)")


def load_report(text: str, name: str) -> tuple[list[Finding], dict]:
    """Findings and summary of a JSON report; a malformed one is a usage error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name}: not JSON ({exc.msg} at line {exc.lineno} column "
                         f"{exc.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise UsageError(f"{name}: not an archive-lint JSON report (no 'findings' list)")
    if data.get("version") != 1:
        raise UsageError(f"{name}: report version {data.get('version')!r} is not supported "
                         f"(this archive-lint reads version 1)")
    findings = []
    for index, item in enumerate(data["findings"]):
        try:
            findings.append(_finding(item))
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{name}: finding {index + 1} is malformed ({type(exc).__name__}: "
                             f"{exc})") from None
    summary = data.get("summary") if isinstance(data.get("summary"), dict) else {}
    return findings, summary


def _finding(item: dict) -> Finding:
    fix = None
    if item.get("fix"):
        raw = item["fix"]
        fix = FindingFix(bool(raw.get("safe")), str(raw.get("description", "")), tuple(
            FixEdit(int(e["line"]), int(e["column"]), int(e["end_line"]), int(e["end_column"]),
                    str(e["replacement"])) for e in raw.get("edits", ())))
    record = item.get("record")
    return Finding(
        path=str(item["path"]), line=int(item["line"]), column=int(item["column"]),
        end_line=int(item.get("end_line", item["line"])),
        end_column=int(item.get("end_column", item["column"])),
        rule=str(item["rule"]), code=str(item.get("code", "")),
        severity=Severity.parse(str(item["severity"])), message=str(item.get("message", "")),
        excerpt=str(item.get("excerpt") or ""), fix=fix,
        record=None if record is None else str(record))


def run(args, catalogue, settings) -> int:
    from linter.report import Summary
    from linter.report.html import write

    if args.findings == "-":
        text, name, folder = sys.stdin.read(), "<stdin>", None
    else:
        try:
            text = Path(args.findings).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.findings}: cannot read ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise UsageError(f"{args.findings}: not UTF-8 text") from None
        name, folder = args.findings, Path(args.findings).resolve().parent
    findings, raw = load_report(text, name)
    summary = Summary.of(findings, raw.get("files", 0), raw.get("documents", 0))
    roots = [Path(args.root)] if args.root else [Path.cwd(), *([folder] if folder else [])]
    options = dict(catalogue=catalogue, settings=settings, root=roots,
                   source=f"from {Path(name).name}")
    if args.output:
        with open(args.output, "w", encoding="utf-8", errors="surrogateescape") as stream:
            write(findings, summary, stream, **options)
    else:
        with open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False) as stream:
            write(findings, summary, stream, **options)
    return EXIT_CLEAN
