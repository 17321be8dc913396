"""``archive-lint index build|status``: the archive signature index for duplicate-article.

``build`` writes (or incrementally refreshes) the index file named by the duplicate-article
rule's ``index`` option (``.archive-lint-index`` in the configuration's folder by default);
``check`` then uses it automatically, so pre-commit runs on staged files still find copies of
articles already in the archive. Add the index file to ``.gitignore``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from linter.commands import EXIT_CLEAN, EXIT_USAGE

NAME = "index"
HELP = "build or inspect the archive signature index used by duplicate-article"


def add_arguments(parser) -> None:
    parser.add_argument("action", choices=("build", "status"),
                        help="build: index the archive (only changed files are re-read); "
                             "status: show the index file and its size")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to index (default: the current folder)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the index here instead of the rule's `index` option")
    parser.add_argument("--full", action="store_true",
                        help="re-read every file instead of reusing unchanged entries")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes for build (default: all CPUs)")


def run(args, catalogue, settings) -> int:
    from linter import index

    if args.action == "status":
        path = Path(args.output) if args.output else index.index_path(settings)
        if path is None:
            print("archive-lint: the duplicate-article index is switched off", file=sys.stderr)
            return EXIT_USAGE
        options = settings.enabled_names().get(index.RULE)
        params = index.parameters(options.options if options else
                                  catalogue.rules[index.RULE].options)
        loaded = index.ArchiveIndex.load(path, settings.config.root, params)
        if loaded is None:
            print(f"{path}: no usable index (missing, or built with other parameters)")
            return EXIT_CLEAN
        print(f"{path}: {len(loaded.keys)} articles, {os.path.getsize(path)} bytes")
        return EXIT_CLEAN
    started = time.perf_counter()
    stats = index.build(args.paths or ["."], settings, args.output, max(args.jobs, 1),
                        args.full)
    print(f"{stats['path']}: {stats['articles']} articles from {stats['files']} files "
          f"({stats['read']} read, {stats['reused']} unchanged) in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return EXIT_CLEAN
