"""Does the cost grow linearly with the archive, and does memory stay flat?

    python benchmarks/scale.py [--articles 10000 100000] [--archive DIR] [--jobs 2]

Generates (once, deterministically; or reuses ``--archive`` made by generate.py, which writes
1,000 articles a folder) the largest archive asked for, then runs the CLI with every default
rule on the first N articles for each N: wall time, MB/s, time per article relative to the
smallest run (1.00 = linear), and the peak RSS of the largest process (the parent, or the
biggest worker with --jobs). The JSON-lines report goes to /dev/null. Not a test: nothing here
asserts a time. A 1 GB archive is about 125,000 generated articles.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_FOLDER = 1000


def ensure_archive(archive: Path, articles: int) -> None:
    have = sum(1 for _ in archive.glob("*/*.txt")) if archive.is_dir() else 0
    if have >= articles:
        return
    print(f"generating {articles} articles in {archive} ...", flush=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--articles",
                    str(articles), "--out", str(archive), "--defects"], check=True,
                   stdout=subprocess.DEVNULL)


def measure(paths: list[str], jobs: int) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of the largest process of one CLI run."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
            " print(time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    command = [sys.executable, "-m", "linter", "check", "--no-config", "-q", "--format",
               "json-lines", "-o", os.devnull, "--jobs", str(jobs), *paths]
    out = subprocess.run([sys.executable, "-c", code, *command], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split()
    return float(out[0]), int(out[1])


def series(archive: Path, sizes: list[int], jobs: int) -> None:
    """Print the table: one CLI run on the first N articles of ``archive`` for each N."""
    sizes = sorted(sizes)
    ensure_archive(archive, sizes[-1])
    folders = sorted(p for p in archive.iterdir() if p.is_dir())
    print(f"{'articles':>9}{'MB':>9}{'seconds':>9}{'MB/s':>8}{'ms/article':>11}"
          f"{'vs first':>9}{'peak RSS':>10}   (--jobs {jobs})")
    first = None
    for size in sizes:
        chosen = folders[:max(1, size // PER_FOLDER)]
        count = sum(1 for folder in chosen for _ in folder.glob("*.txt"))
        megabytes = sum(p.stat().st_size for f in chosen for p in f.glob("*.txt")) / 1e6
        seconds, rss = measure([str(f) for f in chosen], jobs)
        per_article = seconds / count * 1000
        first = first or per_article
        print(f"{count:>9}{megabytes:>9.0f}{seconds:>9.1f}{megabytes / seconds:>8.2f}"
              f"{per_article:>11.2f}{per_article / first:>9.2f}{rss / 1024:>8.0f} MB",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--archive", type=Path, help="an archive made by generate.py")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        series(args.archive or Path(scratch) / "archive", args.articles, args.jobs)


if __name__ == "__main__":
    main()
