"""Where the built-in YAML data lives, and a loader for it that caches the parsed result.

Parsing YAML in pure Python costs more than a whole one-article lint, so the parsed data of
each built-in file is kept as JSON in the user's cache folder, keyed by the file's path, size,
modification time and the archive-lint version. Any problem with the cache (read-only home,
corrupt file) silently falls back to parsing. ``ARCHIVE_LINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from linter import __version__
from linter.hashing import blake2b


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    """The built-in ``rules/`` folder: ``linter.rules`` when installed, else the checkout's."""
    here = Path(__file__).resolve().parent
    for path in (here / "rules", here.parent / "rules"):  # a wheel's, then a checkout's
        if (path / "catalogue").is_dir():
            return path
    from importlib import resources  # an unusual install (say, zipped): ask the importer

    return Path(str(resources.files("linter.rules")))


def cache_dir() -> Path | None:
    if os.environ.get("ARCHIVE_LINT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archive-lint"


def _cache_file(path: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{__version__}\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return folder / f"yaml-{blake2b(key.encode(), digest_size=16).hexdigest()}.json"


def load_trusted_yaml(path: Path):
    """Parse a YAML file shipped with archive-lint (plain dicts and lists, no positions)."""
    cached = _cache_file(path)
    if cached is not None:
        try:
            with open(cached, encoding="utf-8") as stream:
                return json.load(stream)
        except (OSError, ValueError):
            pass
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    if cached is not None:
        _write_cache(cached, data)
    return data


def _write_cache(cached: Path, data) -> None:
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    write_cache_bytes(cached, text.encode("utf-8"))


def write_cache_bytes(cached: Path, data: bytes) -> None:
    """Replace a cache file atomically; a cache that cannot be written is simply not kept."""
    temporary = None
    try:
        import tempfile

        cached.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, cached)
    except OSError:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def cache_file(name: str, key: str, suffix: str = ".json") -> Path | None:
    """Where the cached ``name`` for ``key`` (and this archive-lint version) lives, or None
    when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = blake2b(f"{__version__}\0{name}\0{key}".encode(), digest_size=16).hexdigest()
    return folder / f"{name}-{digest}{suffix}"


def cached_data(name: str, key: str, compute):
    """``compute()`` (JSON-able data derived from installed tables), cached in the user's cache
    folder under ``name`` and ``key`` (say, the Unicode version), like the parsed YAML."""
    cached = cache_file(name, key)
    if cached is not None:
        try:
            with open(cached, encoding="utf-8") as stream:
                return json.load(stream)
        except (OSError, ValueError):
            pass
    data = compute()
    if cached is not None:
        _write_cache(cached, data)
    return data
