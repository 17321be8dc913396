"""``archive-lint explain NAME|CODE``: a rule's documentation and examples."""

from __future__ import annotations

from linter.commands import EXIT_CLEAN, UsageError
from linter.config import did_you_mean

NAME = "explain"
HELP = "show a rule's documentation and examples"


def add_arguments(parser) -> None:
    parser.add_argument("rule", metavar="NAME|CODE")


def run(args, catalogue, settings) -> int:
    spec = catalogue.lookup(args.rule)
    if spec is None:
        names = [s.name for s in catalogue] + [s.code for s in catalogue]
        raise UsageError(f"unknown rule {args.rule!r}{did_you_mean(args.rule, names)}; "
                         f"`archive-lint rules` lists them")
    from linter.docs import explain_text

    print(explain_text(spec))
    return EXIT_CLEAN
