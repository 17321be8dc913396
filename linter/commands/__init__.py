"""Subcommands of ``archive-lint``. Each module defines ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args, catalogue, settings) -> int`` (an exit code).

``COMMANDS`` lists the modules in the order ``--help`` shows them; ``check`` is the default.
"""

COMMANDS = ["check", "fix", "baseline", "rules", "explain", "config", "report", "index",
            "test-pack"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in how archive-lint was called: printed on stderr, exit 2."""


def selectors(values: list[str] | None) -> list[str] | None:
    """Comma-separated, repeatable ``--select``-style values as one list."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def add_selection_arguments(parser) -> None:
    """``--select``, ``--extend-select`` and ``--ignore``, shared by the linting commands."""
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rules: names, codes or code prefixes, comma-separated")
    parser.add_argument("--extend-select", action="append", metavar="RULES",
                        help="add these rules to the selection")
    parser.add_argument("--ignore", action="append", metavar="RULES",
                        help="turn these rules off")
