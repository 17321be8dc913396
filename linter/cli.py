"""The command line: ``archive-lint [check] PATH...`` and the other subcommands.

Exit codes: 0 clean; 1 findings at or above ``--fail-on``; 2 usage, config or path errors;
3 internal errors (a crashing rule). When several apply, the highest wins.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from linter import __version__, output_streams
from linter.catalogue import builtin_catalogue
from linter.commands import COMMANDS, EXIT_CLEAN, EXIT_INTERNAL, EXIT_USAGE, UsageError, selectors
from linter.config import ConfigError, did_you_mean, find_config, load_config
from linter.engine import Settings
from linter.findings import Severity


def _modules(names: list[str] | None = None):
    return [importlib.import_module(f"linter.commands.{name.replace('-', '_')}")
            for name in (COMMANDS if names is None else names)]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or with ``command`` only that one's: all a run of it
    needs (its help, usage and errors are the same), without building the others."""
    parser = argparse.ArgumentParser(
        prog="archive-lint",
        description="Lint archives of Urdu and Hindi news articles (.txt, .md, .jsonl).",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/path "
               "error, 3 internal error. `archive-lint explain RULE` shows a rule's help.")
    parser.add_argument("--version", action="version", version=f"archive-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _modules(None if command is None else [command]):
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        group = sub.add_mutually_exclusive_group()
        group.add_argument("--config", metavar="PATH",
                           help="use this config file instead of discovering .archive-lint.yaml")
        group.add_argument("--no-config", action="store_true",
                           help="ignore config files; use the built-in defaults")
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``archive-lint PATH`` means ``archive-lint check PATH``."""
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return argv
    return ["check", *argv]


def load_settings(args) -> Settings:
    catalogue = builtin_catalogue()
    if args.no_config:
        path = None
    elif args.config:
        path = Path(args.config)
    else:
        path = find_config(Path.cwd())
    config = load_config(path, catalogue)
    catalogue = getattr(config, "catalogue", None) or catalogue
    cli = {}
    for option in ("select", "extend_select", "ignore"):
        values = selectors(getattr(args, option, None))
        for selector in values or ():
            if not catalogue.matches(selector):
                names = [s.name for s in catalogue] + [s.code for s in catalogue]
                raise UsageError(f"unknown rule or code {selector!r} in --"
                                 f"{option.replace('_', '-')}{did_you_mean(selector, names)}")
        if values is not None:
            cli[option] = values
    fail_on = getattr(args, "fail_on", None)
    return Settings(catalogue, config, fail_on=Severity.parse(fail_on) if fail_on else None,
                    **cli)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    output_streams.prepare()
    argv = _with_default_command(argv)
    args = build_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    module = importlib.import_module(f"linter.commands.{args.command.replace('-', '_')}")
    try:
        settings = load_settings(args)
        return module.run(args, settings.catalogue, settings)
    except (ConfigError, UsageError) as exc:
        print(f"archive-lint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except KeyboardInterrupt:
        print("archive-lint: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("ARCHIVE_LINT_DEBUG"):
            raise
        print(f"archive-lint: internal error: {type(exc).__name__}: {exc} (set "
              f"ARCHIVE_LINT_DEBUG=1 for a traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL
