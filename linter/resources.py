"""Where the built-in YAML data lives, and one YAML loader for trusted data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    """The built-in ``rules/`` folder: ``linter.rules`` when installed, else the checkout's."""
    try:
        path = Path(str(resources.files("linter.rules")))
        if (path / "catalogue").is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "rules"


def load_trusted_yaml(path: Path):
    """Parse a YAML file shipped with archive-lint (plain dicts and lists, no positions)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))
