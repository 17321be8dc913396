"""archive-lint throughput, start-up time and memory, as ratios to a floor measured in the run.

    python benchmarks/bench.py [--articles 5000] [--archive DIR] [--jobs 1 2] [--repeat 3]
                               [--scale 10000 100000 125000 [--scale-archive DIR]]

The floor is what any tool must pay: read + decode + one compiled ``regex`` pass over the same
files. archive-lint runs with every default rule on, in-process (one process) and through the
CLI (``--jobs N`` where given). Also: median wall time of a single-article CLI run (the
pre-commit case; also its first run on a machine, with no bytecode or cache) next to a bare
interpreter's, the CLI's peak RSS, the --jobs scaling and, with --scale, the cost per article
and peak memory as the archive grows (benchmarks/scale.py).
Machines here are noisy: compare ratios, not seconds.
Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One full scan in C: a script class that (almost) never matches, so every character is examined.
SCAN = regex.compile(r"[\p{Han}\p{Hangul}\p{Thai}]")


def files_of(archive: Path) -> list[Path]:
    return sorted(p for p in archive.rglob("*") if p.suffix in (".txt", ".md", ".jsonl"))


def floor(files: list[Path]) -> float:
    start = time.perf_counter()
    hits = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        hits += len(SCAN.findall(text))
    return time.perf_counter() - start


def in_process(archive: Path) -> tuple[float, int]:
    from linter.catalogue import builtin_catalogue
    from linter.engine import Settings
    from linter.runner import run

    start = time.perf_counter()
    outcome = run([str(archive)], Settings(builtin_catalogue()))
    return time.perf_counter() - start, len(outcome.findings)


def cli(args: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one CLI run, in a fresh process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
            " print(time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "linter", *args],
                         capture_output=True, text=True, check=True, env=env,
                         cwd=cwd).stdout.split()
    return float(out[0]), int(out[1])


def startup_env(scratch: Path, cold: bool) -> dict:
    """The environment of a single-article run.

    Warm, as every run but the first on a machine: bytecode written (pip compiles it at
    install; an editable checkout writes it on first import) and archive-lint's cache folder
    filled. Cold, as the very first run: empty cache folders, so YAML, patterns and bytecode
    are all parsed from source.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)  # this checkout's archive-lint, whatever is installed
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ARCHIVE_LINT_NO_CACHE", None)
    if cold:
        fresh = tempfile.mkdtemp(dir=scratch)
        env.update(XDG_CACHE_HOME=fresh, PYTHONPYCACHEPREFIX=fresh)
    else:
        env["XDG_CACHE_HOME"] = str(scratch / "warm-cache")
    return env


def interpreter() -> float:
    """Wall time of ``python -c pass``: the start-up floor of any Python tool here."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def best(values: list[float]) -> float:
    return min(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--archive", type=Path, help="an existing archive (default: generate)")
    parser.add_argument("--jobs", type=int, nargs="*", default=[],
                        help="also time the CLI with --jobs N for each N")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for each timing")
    parser.add_argument("--scale", type=int, nargs="*", default=[], metavar="N",
                        help="also the linearity and memory series of scale.py on the first N "
                             "articles of a generated archive, for each N (125000: about 1 GB)")
    parser.add_argument("--scale-archive", type=Path,
                        help="where that archive is (made once; default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        archive = args.archive
        if archive is None:
            archive = Path(scratch) / "archive"
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"),
                            "--articles", str(args.articles), "--out", str(archive),
                            "--defects"], check=True, stdout=subprocess.DEVNULL)
        files = files_of(archive)
        size = sum(p.stat().st_size for p in files) / 1e6
        articles = len(files)
        print(f"archive: {articles} files, {size:.1f} MB ({archive})")
        floor_s = best([floor(files) for _ in range(args.repeat)])
        rows = [("floor: read+decode+1 regex pass", floor_s, None)]
        timings = [in_process(archive) for _ in range(args.repeat)]
        rows.append((f"in-process, 1 process ({timings[0][1]} findings)",
                     best([t for t, _ in timings]), None))
        runs = [cli(["--format", "json", "-o", os.devnull, "-q", str(archive)])
                for _ in range(args.repeat)]
        rows.append(("CLI, default", best([t for t, _ in runs]), max(r for _, r in runs)))
        by_jobs: dict[int, list[tuple[float, int]]] = {jobs: [] for jobs in args.jobs}
        for _ in range(args.repeat):  # interleaved, so each round's runs see the same load
            for jobs in args.jobs:
                by_jobs[jobs].append(cli(["--jobs", str(jobs), "--format", "json", "-o",
                                          os.devnull, "-q", str(archive)]))
        for jobs, runs in by_jobs.items():
            rows.append((f"CLI, --jobs {jobs}", best([t for t, _ in runs]),
                         max(r for _, r in runs)))
        print(f"{'':38}{'seconds':>9}{'MB/s':>9}{'art/s':>9}{'x floor':>9}{'peak RSS':>10}")
        for name, seconds, rss in rows:
            rss_text = f"{rss / 1024:.0f} MB" if rss else ""
            print(f"{name:38}{seconds:>9.2f}{size / seconds:>9.1f}{articles / seconds:>9.0f}"
                  f"{seconds / floor_s:>9.1f}{rss_text:>10}")
        for jobs in args.jobs:
            if jobs > 1 and 1 in by_jobs:
                ratios = sorted(one[0] / many[0] for one, many in zip(by_jobs[1], by_jobs[jobs]))
                spread = f" (rounds: {ratios[0]:.2f}x-{ratios[-1]:.2f}x)" if len(ratios) > 1 else ""
                print(f"--jobs {jobs} runs {statistics.median(ratios):.2f}x the throughput of "
                      f"--jobs 1, median of {len(ratios)} interleaved round(s){spread}")
        one = files[0]
        runs = max(5, args.repeat * 3)
        # Run where an archive's pre-commit hook runs: a folder with no config file (here,
        # this repository's pyproject.toml would be read for a [tool.archive-lint] table).
        home = Path(scratch)
        cli(["-q", str(one)], startup_env(home, cold=False), home)  # fills the warm caches
        two = [str(path) for path in files[:2]]
        warm, cold, bare, pair = [], [], [], []
        for _ in range(runs):  # interleaved, so all see the same machine load
            warm.append(cli(["-q", str(one)], startup_env(home, cold=False), home)[0])
            cold.append(cli(["-q", str(one)], startup_env(home, cold=True), home)[0])
            bare.append(interpreter())
            pair.append(cli(["-q", *two], startup_env(home, cold=False), home)[0])
        median, floor_start = statistics.median(warm), statistics.median(bare)
        print(f"single-article run (pre-commit case): median {median:.3f} s over {runs} runs; "
              f"bare `python -c pass` median {floor_start:.3f} s; archive-lint's own share "
              f"{median - floor_start:.3f} s; the first run on a machine (no bytecode, no "
              f"cache) {statistics.median(cold):.3f} s; two articles: median "
              f"{statistics.median(pair):.3f} s")
        if args.scale:
            import scale

            print("\ncost per article and peak memory as the archive grows:")
            scale.series(args.scale_archive or Path(scratch) / "scale", args.scale,
                         max(args.jobs or [1]))

if __name__ == "__main__":
    main()
