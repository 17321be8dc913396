"""``archive-lint rules``: list every rule with its code, severity and state."""

from __future__ import annotations

import json
import sys

from linter.commands import EXIT_CLEAN

NAME = "rules"
HELP = "list every rule"


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args, catalogue, settings) -> int:
    enabled = settings.enabled_names()
    if args.format == "json":
        rows = [{"name": s.name, "code": s.code, "family": s.family,
                 "severity": str(enabled[s.name].severity if s.name in enabled else s.severity),
                 "enabled": s.name in enabled, "fix": s.fix,
                 "languages": list(s.languages) if s.languages else None,
                 "summary": s.summary} for s in catalogue]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_CLEAN
    for spec in catalogue:
        state = "on " if spec.name in enabled else "off"
        fix = {"safe": "fix", "unsafe": "fix*", "none": ""}[spec.fix]
        print(f"{spec.code:<7}{spec.name:<34}{spec.severity!s:<8}{state} {fix:<5}"
              f"{spec.summary}")
    return EXIT_CLEAN
