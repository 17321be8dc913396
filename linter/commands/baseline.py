"""``archive-lint baseline write FILE [PATH...]``: record today's findings as accepted.

``archive-lint check --baseline FILE`` then reports only findings that are new. Findings are
matched by (path, rule, hash of the normalised line text, occurrence count), so edits
elsewhere in an article do not bring old findings back. See docs/adoption.md.
"""

from __future__ import annotations

import argparse
import sys

from linter.commands import EXIT_CLEAN, EXIT_INTERNAL, EXIT_USAGE, add_selection_arguments

NAME = "baseline"
HELP = "record the current findings in a baseline file (adopt now, ratchet later)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["write"], help="write: (re)write the baseline file")
    parser.add_argument("file", metavar="FILE", help="the baseline file (JSON), e.g. "
                        ".archive-lint-baseline.json")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to lint (default: the current folder)")
    add_selection_arguments(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args, catalogue, settings) -> int:
    from linter.baseline import write
    from linter.engine import INTERNAL_ERROR
    from linter.runner import run as run_paths

    outcome = run_paths(args.paths or ["."], settings)
    for error in outcome.errors:
        print(f"archive-lint: error: {error}", file=sys.stderr)
    if any(f.rule == INTERNAL_ERROR for f in outcome.findings):
        print("archive-lint: error: a rule crashed; not writing a baseline that would hide "
              "its findings", file=sys.stderr)
        return EXIT_INTERNAL
    if outcome.errors:
        return EXIT_USAGE
    try:
        from linter.runner import read_options

        entries, count = write(outcome.findings, args.file, read_options(settings))
    except OSError as exc:
        print(f"archive-lint: error: cannot write {args.file}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(f"Wrote {count} finding(s) as {entries} entr{'ies' if entries != 1 else 'y'} to "
              f"{args.file}.", file=sys.stderr)
    return EXIT_CLEAN
