"""Index build and query cost for duplicate-article on a synthetic archive.

    python benchmarks/duplicates_index.py --articles 100000 --folder /tmp/synthetic [--jobs 2]

Writes N synthetic articles to --folder (never into the repository): each takes 6-12 random
paragraphs of the seeds and ../shared/corpus, and one in 50 is a copy of an earlier one with its
title changed and one paragraph dropped. Then times ``index build`` (cold), its peak memory and
file size, a no-change rebuild, and ``check`` of staged copies against the index (a fresh
process each, as pre-commit runs it), per article.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def generate(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = []
    for path in [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(CORPUS.glob("*/*.txt"))]:
        lines = [line.strip() for line in path.read_text("utf-8", "replace").splitlines()]
        pool.extend(line for line in lines if len(line.split()) >= 8)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[list[str]] = []
    for number in range(count):
        if made and number % 50 == 49:
            paragraphs = list(rng.choice(made))
            if len(paragraphs) > 6:
                paragraphs.pop(rng.randrange(len(paragraphs)))
        else:
            paragraphs = rng.sample(pool, rng.randint(6, 12))
            if len(made) < 5000:
                made.append(paragraphs)
        sub = folder / f"{number // 1000:03}"
        sub.mkdir(exist_ok=True)
        (sub / f"{number:06}.txt").write_text(f"article {number}\n" + "\n".join(paragraphs)
                                              + "\n", encoding="utf-8")


def cli(*args: str, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd,
                            capture_output=True, text=True)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/archive-lint-synthetic"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queries", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-build", action="store_true",
                        help="reuse the index already in --folder (only the query figures)")
    args = parser.parse_args()
    folder = args.folder
    if not (folder / "000").exists():
        started = time.perf_counter()
        generate(folder, args.articles, args.seed)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.0f} s")
    from linter import index
    from linter.catalogue import builtin_catalogue
    from linter.config import Config
    from linter.engine import Settings

    settings = Settings(builtin_catalogue(), Config(root=folder))
    path = folder / ".archive-lint-index"
    if not args.no_build:
        started = time.perf_counter()
        stats = index.build([str(folder)], settings, jobs=args.jobs, full=True)
        took = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"build: {stats['articles']} articles in {took:.0f} s "
              f"({1000 * took / max(stats['articles'], 1):.2f} ms/article wall, {args.jobs} "
              f"jobs); index {path.stat().st_size / 1e6:.1f} MB "
              f"({path.stat().st_size / max(stats['articles'], 1):.0f} B/article); peak RSS "
              f"{peak:.0f} MB (parent), {children:.0f} MB (largest worker)")
        started = time.perf_counter()
        stats = index.build([str(folder)], settings, jobs=args.jobs)
        print(f"rebuild with no change: {time.perf_counter() - started:.1f} s "
              f"({stats['reused']} files unchanged)")
    started = time.perf_counter()
    loaded = index.ArchiveIndex.load(path, folder)
    loaded._arrays()
    print(f"load index in-process: {1000 * (time.perf_counter() - started):.0f} ms")
    rng = random.Random(args.seed)
    stage = folder / "staged"
    stage.mkdir(exist_ok=True)
    files = sorted(folder.glob("0*/*.txt"))
    for label, cut in (("title changed", 0), ("title changed, last paragraph dropped", 1)):
        times, found = [], 0
        for number in range(args.queries):
            source = rng.choice(files)
            lines = source.read_text("utf-8").splitlines()
            copy = stage / f"copy{number}-{cut}.txt"
            copy.write_text("new title\n" + "\n".join(lines[1:len(lines) - cut]) + "\n",
                            encoding="utf-8")
            took, result = cli("check", "--no-config", "--select", "D005", "-q",
                               str(copy.relative_to(folder)), cwd=folder)
            times.append(took)
            found += "duplicate-article" in result.stdout
        print(f"check of one staged copy ({label}) with the index, fresh process: "
              f"{min(times):.2f}-{max(times):.2f} s, {found}/{args.queries} copies found")
    baseline, _ = cli("check", "--no-config", "--select", "D005", "-q", "--exit-zero",
                      str(files[0].relative_to(folder)), cwd=Path("/"))
    print(f"the same check without an index: {baseline:.2f} s")
    started = time.perf_counter()
    from linter import sketch
    query = sketch.from_bytes(loaded.hashes[0])
    for _ in range(20):
        loaded.scores(query.hashvalues)
    print(f"scan of the signature matrix per article: "
          f"{1000 * (time.perf_counter() - started) / 20:.1f} ms")


if __name__ == "__main__":
    main()
