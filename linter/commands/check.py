"""``archive-lint check PATH...``: lint files and folders (the default command)."""

from __future__ import annotations

import argparse
import os
import sys

from linter.commands import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE
from linter.engine import INTERNAL_ERROR
from linter.findings import SEVERITY_NAMES
from linter.report import REPORTERS

NAME = "check"
HELP = "lint files and folders (the default command)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to lint (default: the current folder)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the report to FILE instead of stdout")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rules: names, codes or code prefixes, comma-separated")
    parser.add_argument("--extend-select", action="append", metavar="RULES",
                        help="add these rules to the selection")
    parser.add_argument("--ignore", action="append", metavar="RULES",
                        help="turn these rules off")
    parser.add_argument("--fail-on", choices=SEVERITY_NAMES,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings")
    parser.add_argument("--statistics", action="store_true",
                        help="print a count per rule instead of each finding")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print findings only (no summary on stderr)")


def colour_for(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def exit_code(findings, errors, settings, exit_zero: bool) -> int:
    if any(f.rule == INTERNAL_ERROR for f in findings):
        return EXIT_INTERNAL
    if errors:
        return EXIT_USAGE
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(f.severity >= settings.fail_on for f in findings) else EXIT_CLEAN


def run(args, catalogue, settings) -> int:
    from linter.report import Summary, reporter
    from linter.report.text import summary_line
    from linter.runner import run as run_paths

    outcome = run_paths(args.paths or ["."], settings)
    for error in outcome.errors:
        print(f"archive-lint: error: {error}", file=sys.stderr)
    summary = Summary.of(outcome.findings, outcome.files, outcome.documents)
    write = reporter(args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as stream:
            write(outcome.findings, summary, stream, statistics=args.statistics)
    else:
        write(outcome.findings, summary, sys.stdout, colour=colour_for(sys.stdout),
              statistics=args.statistics)
    if not args.quiet:
        print(summary_line(summary), file=sys.stderr)
    return exit_code(outcome.findings, outcome.errors, settings, args.exit_zero)
