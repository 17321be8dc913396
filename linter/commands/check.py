"""``archive-lint check PATH...``: lint files and folders (the default command)."""

from __future__ import annotations

import argparse
import os
import sys

from linter.commands import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_USAGE,
    UsageError,
    add_selection_arguments,
)
from linter.engine import INTERNAL_ERROR
from linter.findings import SEVERITY_NAMES
from linter.report import RENDERINGS, REPORTERS

NAME = "check"
HELP = "lint files and folders (the default command)"


def add_arguments(parser: argparse.ArgumentParser, *, command: str = "check") -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to lint (default: the current folder)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the report to FILE instead of stdout")
    add_selection_arguments(parser)
    parser.add_argument("--fail-on", choices=SEVERITY_NAMES,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings")
    parser.add_argument("--statistics", action="store_true",
                        help="print a count per rule instead of each finding")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print findings only (no summary on stderr)")
    parser.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                        help="lint in N processes (default: the number of usable cores; "
                             "runs of a few files always use one)")
    add_fix_arguments(parser, fix_flag=command == "check")
    parser.add_argument("--baseline", metavar="FILE",
                        help="report only findings not recorded in FILE (see `archive-lint "
                             "baseline write`)")
    if command == "check":
        add_engine_arguments(parser)


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """``--engine dask``: run on a Dask cluster (docs/dask.md; needs archive-lint[dask])."""
    group = parser.add_argument_group("distributed run (docs/dask.md)")
    group.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where to lint: this process (default) or a Dask cluster")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: a running scheduler, e.g. tcp://host:8786 "
                            "(default: a LocalCluster sized to this machine)")
    group.add_argument("--partition-size", type=int, metavar="N",
                       help="with --engine dask: documents per partition (default: 1000)")
    group.add_argument("--output-dir", metavar="DIR",
                       help="with --engine dask: write one JSON-lines shard of findings per "
                            "partition and summary.json to DIR (no report on stdout unless "
                            "-o FILE)")


def add_fix_arguments(parser: argparse.ArgumentParser, *, fix_flag: bool = True) -> None:
    if fix_flag:
        parser.add_argument("--fix", action="store_true",
                            help="apply safe fixes, then report what remains (exit code from "
                                 "the remaining findings)")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix or --diff, also apply fixes marked unsafe")
    parser.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and write nothing (exit 1 "
                             "when there is something to fix)")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return jobs


def jobs_of(args) -> int:
    from linter.pool import default_jobs

    return getattr(args, "jobs", None) or default_jobs()


def colour_for(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def exit_code(summary, errors, settings, exit_zero: bool) -> int:
    """The exit code from the counts of a run's findings."""
    if summary.by_rule.get(INTERNAL_ERROR):
        return EXIT_INTERNAL
    if errors:
        return EXIT_USAGE
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if summary.fails(settings.fail_on) else EXIT_CLEAN


def run(args, catalogue, settings) -> int:
    from linter.report import Summary, reporter
    from linter.report.text import summary_line
    from linter.runner import run as run_paths

    paths = args.paths or ["."]
    fixing = getattr(args, "fix", False) or getattr(args, "diff", False)
    fixed = None
    dask = getattr(args, "engine", "local") == "dask"
    if not dask and any(getattr(args, name, None) for name in
                        ("scheduler", "partition_size", "output_dir")):
        raise UsageError("--scheduler, --partition-size and --output-dir need --engine dask")
    if dask and fixing:
        raise UsageError("--engine dask only checks; run --fix or --diff locally")
    if fixing:
        from linter.fixer import fix_paths

        fixed = fix_paths(paths, settings, unsafe=args.unsafe_fixes, write=not args.diff,
                          jobs=jobs_of(args))
        outcome = fixed.outcome
    elif dask:
        from linter import distributed

        outcome = distributed.run(paths, settings, scheduler=args.scheduler,
                                  partition_size=args.partition_size or
                                  distributed.DEFAULT_PARTITION_SIZE)
    else:
        outcome = run_paths(paths, settings, jobs=jobs_of(args), spill=True,
                            render=_rendered_by_workers(args))
    if getattr(args, "baseline", None):
        from linter.baseline import BaselineError, apply

        try:
            from linter.runner import read_options

            filtered = apply(outcome.findings, args.baseline, read_options(settings))
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
        outcome.findings = filtered.findings
        if not args.quiet and (filtered.baselined or filtered.stale):
            stale = (f"; {filtered.stale} baseline entr{'ies' if filtered.stale != 1 else 'y'}"
                     f" no longer found (fixed: rewrite the baseline to ratchet)"
                     if filtered.stale else "")
            print(f"Baseline {args.baseline}: {filtered.baselined} known finding(s) hidden"
                  f"{stale}.", file=sys.stderr)
    for error in outcome.errors:
        print(f"archive-lint: error: {error}", file=sys.stderr)
    if fixed is not None and args.diff:
        return _report_diff(args, fixed, outcome, settings)
    summary = Summary.of(outcome.findings, outcome.files, outcome.documents)
    write = reporter(args.format)
    if getattr(args, "output_dir", None):
        from linter.distributed import write_output_dir

        write_output_dir(outcome, args.output_dir, summary)
    if getattr(args, "output_dir", None) and not args.output:
        pass  # the shards in --output-dir are the report
    elif args.output:
        with open(args.output, "w", encoding="utf-8", errors="surrogateescape") as stream:
            write(outcome.findings, summary, stream, statistics=args.statistics,
                  catalogue=settings.catalogue, settings=settings)
    else:
        write(outcome.findings, summary, sys.stdout, colour=colour_for(sys.stdout),
              statistics=args.statistics, catalogue=settings.catalogue, settings=settings)
    if fixed is not None and not args.quiet:
        _print_fixed(fixed, "Fixed")
    if not args.quiet:
        print(summary_line(summary), file=sys.stderr)
    code = exit_code(summary, outcome.errors, settings, args.exit_zero)
    if fixed is not None and getattr(args, "fail_on_change", False) and fixed.changed:
        code = max(code, EXIT_FINDINGS)
    return code


def _rendered_by_workers(args) -> str | None:
    """The format worker processes can write the findings in themselves (linter.shards):
    when the report only copies them, one finding a line or item, with no colour, no
    statistics and no baseline to filter them."""
    if args.format not in RENDERINGS or args.statistics or getattr(args, "baseline", None):
        return None
    if args.format == "text" and not args.output and colour_for(sys.stdout):
        return None
    return args.format


def _print_fixed(fixed, verb: str) -> None:
    changed = fixed.changed
    if changed:
        print(f"{verb} {fixed.fixes} issue(s) in {len(changed)} file(s).", file=sys.stderr)
    for item in fixed.files:
        if not item.converged:
            print(f"archive-lint: warning: {item.path}: fixes did not settle after "
                  f"{len(item.passes)} passes (rules keep changing each other's output)",
                  file=sys.stderr)


def _report_diff(args, fixed, outcome, settings) -> int:
    """``--diff``: the unified diff of every file that would change; writes no file."""
    from linter.fixer import unified_diff

    text = "".join(unified_diff(item) for item in fixed.files)
    if args.output:
        with open(args.output, "w", encoding="utf-8", errors="surrogateescape",
                  newline="") as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)
    if not args.quiet:
        _print_fixed(fixed, "Would fix")
        if not fixed.changed:
            print("Nothing to fix.", file=sys.stderr)
    if any(f.rule == INTERNAL_ERROR for f in outcome.findings):
        return EXIT_INTERNAL
    if outcome.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if fixed.changed else EXIT_CLEAN
