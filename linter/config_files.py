"""Reading configuration files safely: size and encoding checks, YAML loaded with positions
and limits, ``pyproject.toml`` tables; every problem a :class:`ConfigError` with
``file:line:column`` where the spot is known.

YAML is loaded with ruamel.yaml's round-trip loader, which keeps every key's line and column,
refuses duplicate keys and constructs no Python objects. Deep flow nesting (the parser recurses
per level) and alias bombs (a few lines expanding to millions of values) are refused before
they cost anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

from linter import patterns

MAX_YAML_DEPTH = 100
FLOW_BRACKETS = patterns.compile(r"[\[\]{}]")
MAX_YAML_NODES = 100_000  # values after expanding aliases: stops alias bombs


class ConfigError(Exception):
    """A problem in a config file, located as ``file:line:column`` when the spot is known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        super().__init__(message)
        self.message, self.path, self.line, self.column = message, path, line, column

    def __str__(self) -> str:
        where = self.path or "configuration"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.message}"


def read_text_file(path: Path, display: str, what: str, limit: int) -> str:
    """A config or rule-pack file as text, or a ConfigError saying what is wrong with it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ConfigError(f"{what} is {size:,} bytes; the limit is {limit:,}", display)
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} not found", display) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what} is not valid UTF-8 ({exc.reason} at byte {exc.start})",
                          display) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {what}: {exc.strerror}", display) from None


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


Locate = Callable[[Any, Any, bool], tuple[int, int] | tuple[None, None]]


def load_yaml(text: str, display: str) -> tuple[Any, Locate]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    depth = deepest = 0
    for bracket in FLOW_BRACKETS.findall(text):  # the parser recurses (slowly) per level
        depth = max(depth + (1 if bracket in "[{" else -1), 0)
        deepest = max(deepest, depth)
    if deepest > MAX_YAML_DEPTH:
        raise ConfigError(f"YAML nested deeper than {MAX_YAML_DEPTH} levels; refused", display)
    yaml = YAML(typ="rt")
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ConfigError(f"invalid YAML: {problem}".rstrip(), display,
                          mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise ConfigError(f"invalid YAML: {exc}", display) from None
    if "*" in text and _expanded_size(raw, {}, set()) > MAX_YAML_NODES:
        line, column = _first_alias(text)
        raise ConfigError(f"YAML aliases expand to more than {MAX_YAML_NODES:,} values (an "
                          f"alias bomb, or a recursive alias); refused", display, line, column)

    def locate(container: Any, key: Any, value: bool = False):
        lc = getattr(container, "lc", None)
        try:
            if lc is None:
                return None, None
            if isinstance(key, int) and not isinstance(container, dict):
                line, col = lc.item(key)
            else:
                line, col = lc.value(key) if value else lc.key(key)
            return line + 1, col + 1
        except (KeyError, IndexError, TypeError, AttributeError):
            return (lc.line + 1, lc.col + 1) if lc is not None else (None, None)

    return raw, locate


def _expanded_size(node: Any, memo: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` holds once every alias is expanded (never expanding them);
    a node that contains itself counts as unbounded."""
    if not isinstance(node, (dict, list)):
        return 1
    key = id(node)
    if key in open_nodes:
        return MAX_YAML_NODES + 1
    if key not in memo:
        open_nodes.add(key)
        items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1
        for item in items:
            total += _expanded_size(item, memo, open_nodes)
            if total > MAX_YAML_NODES:
                break
        open_nodes.discard(key)
        memo[key] = total
    return memo[key]


def _first_alias(text: str) -> tuple[int | None, int | None]:
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent

    try:
        for event in YAML(typ="rt").parse(text):
            if isinstance(event, AliasEvent):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except Exception:
        pass
    return None, None


def load_pyproject(text: str, display: str) -> tuple[Any, Locate]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = regex.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match[1]), int(match[2])) if match else (None, None)
        raise ConfigError(f"invalid TOML: {exc}", display, line, col) from None
    table = data.get("tool", {}).get("archive-lint")
    lines = text.splitlines()

    def locate(container: Any, key: Any, value: bool = False):
        # tomllib keeps no positions: find the key's line inside the [tool.archive-lint] tables.
        in_table = False
        for number, line in enumerate(lines, 1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_table = stripped.strip("[]").strip().startswith("tool.archive-lint")
                continue
            if in_table and isinstance(key, str):
                found = regex.match(rf"\s*[\"']?{regex.escape(key)}[\"']?\s*=", line)
                if found:
                    return number, line.index(key[0]) + 1
        return None, None

    return table, locate
