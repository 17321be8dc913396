"""``archive-lint fix PATH...``: apply safe fixes (``--unsafe-fixes`` adds unsafe ones), then
report the findings that remain.

Exit codes follow pre-commit's convention for fixers: 1 when a file was changed (so the commit
is stopped and the fixed files can be reviewed and staged) or when findings at or above
``--fail-on`` remain (``--exit-zero`` ignores remaining findings, never changes); 2 when a
file could not be written (read-only) or a path is bad; 3 on an internal error. ``--diff``
writes nothing and exits 1 when there is something to fix. Files that did not decode as UTF-8
are never written.
"""

from __future__ import annotations

import argparse

from linter.commands import check

NAME = "fix"
HELP = "apply safe fixes in place, then report what remains (exit 1 if a file changed)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    check.add_arguments(parser, command="fix")
    parser.set_defaults(fix=True, fail_on_change=True)


def run(args, catalogue, settings) -> int:
    return check.run(args, catalogue, settings)
