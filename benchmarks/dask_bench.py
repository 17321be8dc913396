"""Dask engine benchmark (not a test): 1 vs 2 workers on a generated Parquet archive.

    python benchmarks/dask_bench.py --articles 200000 --out /tmp/archive-dask-bench \
        [--workers 1 2] [--sizes 1000 5000 20000] [--partition-size 1000]

Generates the archive once with ``benchmarks/generate.py --jsonl --defects`` and converts each
1,000-article shard to Parquet (under ``--out``; never commit it). Then, for each worker count,
runs ``linter.distributed.run`` on a fresh ``LocalCluster(n_workers=N, threads_per_worker=1,
processes=True)`` and prints articles per second (cluster start-up included and shown apart), the
scaling against one worker and the peak RSS of each worker process and of the client
(sampled every 0.2 s).
``--sizes`` compares the Dask path with the plain process pool (``archive-lint --jobs 2``'s
runner, or a multiprocessing map of ``lint_file`` when the runner has no ``jobs``) on the first
K shards, to find the size where Dask starts to win on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(articles: int, out: Path) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = out / "parquet"
    marker = out / f".done-{articles}"
    if not marker.exists():
        jsonl = out / "jsonl"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--articles",
                        str(articles), "--out", str(jsonl), "--defects", "--jsonl"], check=True)
        parquet.mkdir(parents=True, exist_ok=True)
        for shard in sorted(jsonl.glob("*.jsonl")):
            rows = [json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines()]
            pq.write_table(pa.Table.from_pylist(rows), parquet / f"{shard.stem}.parquet",
                           row_group_size=250)
            shard.unlink()
        marker.write_text("ok\n")
    return [str(p) for p in sorted(parquet.glob("*.parquet"))]


class PeakMemory:
    """Peak RSS of each child process of this one (the cluster's workers), sampled."""

    def __init__(self, interval: float = 0.2):
        import psutil

        self.me, self.interval, self.peaks = psutil.Process(), interval, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while not self.stop.is_set():
            self.own = max(getattr(self, "own", 0), self.me.memory_info().rss)
            for child in self.me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except Exception:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            self.stop.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def workers_mb(self) -> list[float]:
        """Peaks of the worker processes (children over 60 MB; helpers stay far below)."""
        return sorted((round(v / 2**20) for v in self.peaks.values() if v > 60 * 2**20),
                      reverse=True)


def settings():
    from linter.catalogue import builtin_catalogue
    from linter.config import load_config
    from linter.engine import Settings

    catalogue = builtin_catalogue()
    return Settings(catalogue, load_config(None, catalogue))


def digest(findings) -> str:
    """A short hash of the findings in report order: equal digests, identical findings."""
    import hashlib

    from linter.report.json import finding_to_dict

    hashed = hashlib.sha256()
    for finding in findings:  # one at a time: a big run has millions
        hashed.update(json.dumps(finding_to_dict(finding), ensure_ascii=False).encode())
        hashed.update(b"\n")
    return hashed.hexdigest()[:12]


def run_dask(paths: list[str], workers: int, partition_size: int) -> dict:
    from distributed import Client, LocalCluster

    from linter import distributed

    with PeakMemory() as memory:
        began = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
        started = time.perf_counter()
        outcome = distributed.run(paths, settings(), client=client,
                                  partition_size=partition_size)
        done = time.perf_counter()
        client.close()
        cluster.close()
    return {"engine": f"dask x{workers}", "documents": outcome.documents,
            "findings": len(outcome.findings), "digest": digest(outcome.findings),
            "startup_s": round(started - began, 2),
            "lint_s": round(done - started, 2), "total_s": round(done - began, 2),
            "docs_per_s": round(outcome.documents / (done - began), 1),
            "peak_mb_per_worker": memory.workers_mb(),
            "client_peak_mb": round(memory.own / 2**20)}


def run_pool(paths: list[str], jobs: int) -> dict:
    """The plain process pool: the runner's own --jobs when it has one."""
    import inspect

    from linter import runner

    with PeakMemory() as memory:
        began = time.perf_counter()
        if "jobs" in inspect.signature(runner.run).parameters:
            outcome = runner.run(paths, settings(), jobs=jobs)
            documents, findings = outcome.documents, len(outcome.findings)
            hashed = digest(outcome.findings)
        else:
            import multiprocessing

            chosen = settings()
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.starmap(runner.lint_file, [(p, chosen) for p in paths])
            signatures = [s for r in results for s in r.signatures]
            documents = sum(r.documents for r in results)
            findings = sum(len(r.findings) for r in results) + len(
                runner.reduce_archive(signatures, chosen))
            hashed = None
        done = time.perf_counter()
    return {"engine": f"pool x{jobs}", "documents": documents, "findings": findings,
            "digest": hashed,
            "total_s": round(done - began, 2),
            "docs_per_s": round(documents / (done - began), 1),
            "peak_mb_per_worker": memory.workers_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/archive-dask-bench"))
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--shards", type=int, default=0,
                        help="use only the first K 1,000-article shards for the worker runs")
    parser.add_argument("--sizes", type=int, nargs="*", default=[],
                        help="archive sizes (articles) for the Dask vs process-pool crossover")
    parser.add_argument("--partition-size", type=int, default=1000)
    args = parser.parse_args()
    paths = generate(args.articles, args.out)
    chosen = paths[:args.shards] if args.shards else paths
    print(json.dumps({"machine_cpus": os.cpu_count(), "shards": len(chosen)}), flush=True)
    base = None
    for workers in args.workers:
        row = run_dask(chosen, workers, args.partition_size)
        base = base or row["docs_per_s"]
        row["scaling"] = round(row["docs_per_s"] / base, 2)
        print(json.dumps(row), flush=True)
    for size in args.sizes:
        subset = paths[:max(size // 1000, 1)] if size >= 1000 else paths[:1]
        for row in (run_pool(subset, 2), run_dask(subset, 2, min(args.partition_size,
                                                                  max(size // 4, 50)))):
            row["size"] = size
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
