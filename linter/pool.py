"""Where files are linted: in this process, or in a pool of worker processes.

:func:`results` gives ``lint(path, settings, options)`` of each file in path order, settled
(:func:`linter.runner.settled`), whichever way they were linted, so a parallel run reports
exactly what a serial one does.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from linter.batch import BATCH_FILES, lint_batch
from linter.engine import Settings
from linter.runner import FileResult, lint_file, read_options, settled

# Fewer files than this are linted in this process: starting a pool costs more than it saves
# (pre-commit passes one or two files).
PARALLEL_MIN_FILES = 8


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_WORKER: dict[str, Any] = {}


def _load_numpy() -> None:
    """A run of many files: NumPy pays for itself (word splitting, the MinHash of every
    article), so load it before the first article rather than after the first few (see
    linter.sketch.PYTHON_SHINGLES)."""
    import numpy  # noqa: F401


def _init_worker(settings: Settings, lint, shards: tuple[str, str] | None) -> None:
    """``shards``: ``(folder, format name)`` when the worker writes its findings itself."""
    _load_numpy()
    _WORKER["settings"], _WORKER["lint"] = settings, lint
    _WORKER["options"] = read_options(settings)
    if shards is not None:
        from linter.shards import ShardWriter

        _WORKER["shard"] = ShardWriter(*shards)


def _work(paths: list[str]) -> list[FileResult]:
    results = [settled(result) for result in
               _linted(paths, _WORKER["settings"], _WORKER["lint"], _WORKER["options"])]
    if "shard" in _WORKER:
        _WORKER["shard"].take(results)
    if not _WORKER.get("frozen"):  # the worker's loaded modules: see runner._frozen_as_they_age
        gc.freeze()
        _WORKER["frozen"] = True
    return results


def _linted(paths: list[str], settings: Settings, lint, options) -> list[FileResult]:
    """``lint`` of each path; the default ``lint_file`` a batch at a time (linter.batch)."""
    if lint is lint_file:
        return lint_batch(paths, settings, options)
    return [lint(path, settings, options) for path in paths]


def _batches(files: list[str], size: int) -> list[list[str]]:
    return [files[start:start + size] for start in range(0, len(files), size)]


def results(files: list[str], settings: Settings, lint, jobs: int,
            render: tuple[str, Callable[[], str]] | None = None) -> Iterator[FileResult]:
    """``lint`` of each file, in order: here, or in a pool of ``jobs`` processes.

    ``render``: ``(format name, folder maker)``. In a pool, the workers then write their
    findings in that format to shard files in the folder (:mod:`linter.shards`): the results
    come back without findings, the first of each batch with the batch's segment."""
    jobs = min(jobs, len(files))
    options = read_options(settings)
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        if len(files) >= PARALLEL_MIN_FILES:
            _load_numpy()
        for batch in _batches(files, BATCH_FILES):
            for result in _linted(batch, settings, lint, options):
                yield settled(result)
        return
    # The first file here: the modules, patterns and tables it loads are then inherited by
    # the forked workers, not loaded again by each.
    first = settled(lint(files[0], settings, options))
    yield first
    files = files[1:]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Tasks big enough to amortise the pickling, small enough to keep every process busy.
    size = max(1, min(BATCH_FILES, len(files) // (jobs * 8)))
    chunk = max(1, min(4, len(files) // (jobs * 8 * size)))
    shards = _shard_folder(render) if lint is lint_file else None
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(settings, lint, shards)) as pool:
        batches = pool.map(_work, _batches(files, size), chunksize=chunk)  # all forked now
        if first.signatures:
            _load_for_reduce()
        for batch in batches:
            yield from batch


def _shard_folder(render: tuple[str, Callable[[], str]] | None) -> tuple[str, str] | None:
    """``(folder, format name)`` for the workers' shards, or None (no ``render``, or no
    temporary folder to be had: the findings then travel back to this process as usual)."""
    if render is None:
        return None
    try:
        return render[1](), render[0]
    except OSError:
        return None


def _load_for_reduce() -> None:
    """Import what the archive checks' reduce imports (NumPy; ``numpy.ma`` for ``unique``
    by rows: about 0.15 s) in a thread while this process waits for the workers; otherwise
    it runs after the last file, when nothing else can. Only once every worker is forked: a
    fork while another thread imports could leave the child's import lock held."""
    import importlib
    import threading

    def load() -> None:
        for name in ("numpy", "numpy.ma"):
            importlib.import_module(name)

    if "numpy.ma" not in sys.modules:
        threading.Thread(target=load, daemon=True).start()
