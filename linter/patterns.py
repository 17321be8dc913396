"""``regex`` patterns compiled once per machine, not once per run.

``regex`` parses and optimises a pattern in Python; only the last step, turning the resulting
opcode list into a pattern object, is C. For a one-article pre-commit run the rule patterns cost
about 35 ms of parsing, a third of archive-lint's own start-up. The parser's output (the
arguments of that last C call: the pattern, its flags, a list of ints and a few small tables) is
plain data, so :func:`compile` keeps it in the user's cache folder, keyed by the archive-lint,
``regex`` and Python versions, and a later process builds the same pattern object from it
directly.

The cache can make a run faster, never different: a pattern that is not cached, a cache from
another version, a corrupt or unwritable cache folder, ``ARCHIVE_LINT_NO_CACHE=1``, or a
``regex`` whose internals no longer look as expected all fall back to ``regex.compile``.
New entries are written once, atomically, when the process exits; the file keeps the
``MAX_ENTRIES`` most recently used patterns, so loading it stays cheap however many
configurations a machine has seen.
"""

from __future__ import annotations

import atexit
import marshal
import sys
import threading

import regex
import regex._main as _regex_main

from linter.resources import cache_file, write_cache_bytes

MAX_ENTRIES = 512  # the most recently used are kept: loading stays about a millisecond

_lock = threading.Lock()
_recorded = threading.local()
_store: dict[tuple[str, int], tuple] | None = None
_added = 0
_used: set[tuple[str, int]] = set()  # this process's hits and additions
_compiled: dict[tuple[str, int], regex.Pattern] = {}


def compile(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, from the cache when this machine has seen it."""
    key = (pattern, int(flags))
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = _build(key)
    return found


def _build(key: tuple[str, int]) -> regex.Pattern:
    store = _load()
    arguments = store.get(key)
    if arguments is not None:
        try:
            pattern = _regex_main._regex.compile(*arguments)
        except Exception:  # an unusable entry: compile the pattern the ordinary way
            del store[key]
        else:
            _used.add(key)
            return pattern
    pattern, arguments = _parse(*key)
    if arguments is not None:
        _remember(store, key, arguments)
    return pattern


def _parse(pattern: str, flags: int) -> tuple[regex.Pattern, tuple | None]:
    """Compile with ``regex`` and keep the arguments it passes to its C ``compile``."""
    real = _regex_main._regex
    if not callable(getattr(real, "compile", None)):
        return regex.compile(pattern, flags), None
    with _lock:
        _recorded.arguments = None
        _regex_main._regex = _Recorder(real)
        try:
            compiled = regex.compile(pattern, flags, cache_pattern=False)
        finally:
            _regex_main._regex = real
    arguments = _recorded.arguments
    if arguments is None or arguments[0] != pattern:
        return compiled, None
    arguments = (arguments[0], int(arguments[1]), *arguments[2:])
    try:
        marshal.dumps(arguments)
    except ValueError:
        return compiled, None
    return compiled, arguments


class _Recorder:
    """Stands in for the ``_regex`` extension inside ``regex._main`` while one pattern
    compiles, and keeps the arguments of its ``compile`` (per thread: Dask workers are
    threads)."""

    def __init__(self, real) -> None:
        self._real = real

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def compile(self, *arguments):
        _recorded.arguments = arguments
        return self._real.compile(*arguments)


def _cache_path():
    version = f"{regex.__version__}\0{sys.version}"
    return cache_file("regex", version, ".marshal")


def _load() -> dict:
    global _store
    if _store is None:
        _store = {}
        path = _cache_path()
        if path is not None:
            try:
                loaded = marshal.loads(path.read_bytes())  # marshal.load(file) reads piecemeal
                if isinstance(loaded, dict):
                    _store = loaded
            except (OSError, EOFError, ValueError, TypeError):
                pass
    return _store


def _remember(store: dict, key: tuple[str, int], arguments: tuple) -> None:
    global _added
    store[key] = arguments
    _used.add(key)
    _added += 1
    if _added == 1:
        atexit.register(_save)


def _save() -> None:
    """Write the store, this process's patterns last (the most recent), at most
    ``MAX_ENTRIES`` of them."""
    path = _cache_path()
    if path is None or not _store:
        return
    order = [key for key in _store if key not in _used] + [key for key in _store if key in _used]
    kept = {key: _store[key] for key in order[-MAX_ENTRIES:]}
    write_cache_bytes(path, marshal.dumps(kept))
