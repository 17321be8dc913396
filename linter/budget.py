"""Time budgets: how long one file's (or one article's) lint may run before it is stopped.

A budget is a wall-clock timer (SIGALRM) whose handler raises :class:`TimeBudgetExceeded`
inside whatever check is running; the runner reports the file with a ``time-budget`` finding
and goes on. SIGALRM works only in the main thread, so elsewhere (a Dask worker thread), with
no budget, or with another interval timer already running, budgets are off.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from time import perf_counter


class TimeBudgetExceeded(BaseException):
    """Raised (by SIGALRM) inside a file's lint when its time budget runs out.

    A BaseException, so a check's crash isolation (``except Exception``) does not swallow it.
    """


# The budget being watched while a timer may raise, else None (read by _expire).
_armed: float | None = None
_installed = False  # _expire is SIGALRM's handler for the whole run (see budget_handler)


def _expire(_signum, _frame):
    if _armed is not None:
        raise TimeBudgetExceeded(_armed)


def budget_usable(seconds: float | None) -> bool:
    """SIGALRM works only in the main thread; no budget, or another interval timer already
    running, means no timer of ours."""
    return bool(seconds and seconds > 0 and hasattr(signal, "setitimer")
                and threading.current_thread() is threading.main_thread()
                and signal.getitimer(signal.ITIMER_REAL)[0] <= 0)


@contextmanager
def budget_handler(seconds: float | None):
    """Install the SIGALRM handler once for a run of many files (``seconds`` per file), so
    :func:`time_budget` only arms and disarms the timer; the previous handler is restored
    after the run. A no-op where :func:`time_budget` would be one."""
    global _installed
    if _installed or not budget_usable(seconds):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _installed = True
    try:
        yield
    finally:
        _installed = False
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def time_budget(seconds: float | None):
    """Raise :class:`TimeBudgetExceeded` in the block after ``seconds`` (wall clock).

    A no-op where budgets are off (see budget_usable). Inside :func:`budget_handler` the
    handler is already in place; otherwise it is installed for the block alone.
    """
    global _armed
    if not budget_usable(seconds):
        yield
        return
    previous = own = None
    if not _installed:
        own, previous = True, signal.signal(signal.SIGALRM, _expire)
    _armed = seconds
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _armed = None  # first: a signal arriving now is ignored
        signal.setitimer(signal.ITIMER_REAL, 0)
        if own:
            signal.signal(signal.SIGALRM, previous)


class ArticleBudgets:
    """The budgets of a batch's articles (linter.batch), spent check by check as ``lint_file``
    spends a file's in one go: each run of a check on an article may take what is left of
    that article's budget (a timer per run: about 2 us), and an article whose budget runs
    out is ``exceeded`` and runs nothing more. Use inside :func:`budget_handler`."""

    def __init__(self, seconds: float, articles: int) -> None:
        self.seconds = seconds
        self.usable = budget_usable(seconds)
        self.spent = [0.0] * articles
        self.exceeded: set[int] = set()

    def run(self, index: int, work: Callable[..., None], arguments: tuple) -> bool:
        """``work(*arguments)`` for article ``index``; False if its budget ran out."""
        global _armed
        if index in self.exceeded:
            return False
        if not self.usable:
            work(*arguments)
            return True
        start = perf_counter()
        try:
            _armed = self.seconds
            signal.setitimer(signal.ITIMER_REAL, max(self.seconds - self.spent[index], 1e-6))
            work(*arguments)
        except TimeBudgetExceeded:
            self.exceeded.add(index)
            return False
        finally:
            _armed = None  # first: a signal arriving now is ignored
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.spent[index] += perf_counter() - start
        return True
