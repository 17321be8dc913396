"""``archive-lint config``: print the effective configuration."""

from __future__ import annotations

from linter.commands import EXIT_CLEAN

NAME = "config"
HELP = "print the effective configuration (config file, enabled rules, options)"


def add_arguments(parser) -> None:
    pass


def run(args, catalogue, settings) -> int:
    from linter.docs import effective_config

    print(effective_config(settings))
    return EXIT_CLEAN
