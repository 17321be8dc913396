"""Configuration: discovery, and validation with ``file:line:column``.

``.archive-lint.yaml`` (or ``.yml``) is found by walking up from the working directory, else a
``[tool.archive-lint]`` table in ``pyproject.toml``; ``--config`` wins. Reading the file (with
positions, and the limits that refuse hostile YAML) is :mod:`linter.config_files`; this module
checks what it holds against the catalogue, so every error points at the offending spot.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from linter.catalogue import Catalogue, specificity
from linter.config_files import (
    ConfigError,
    Locate,
    display_path,
    load_pyproject,
    load_yaml,
    read_text_file,
)
from linter.config_model import (
    Config,
    Override,
    RuleSetting,
    path_spec,
)
from linter.findings import SEVERITY_NAMES, Severity
from linter.languages import language_packs
from linter.readers import JSONL_FIELDS

CONFIG_FILENAMES = (".archive-lint.yaml", ".archive-lint.yml")
PARAGRAPH_MODES = ("lines", "blocks")
MAX_CONFIG_BYTES = 1_000_000


# --------------------------------------------------------------------------- discovery & loading

def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILENAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "archive-lint" not in text:  # spares importing and running tomllib (about 4 ms)
        return False
    import tomllib

    try:
        return "archive-lint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False


def load_config(path: Path | None, catalogue: Catalogue) -> Config:
    """Load and validate ``path`` (None: defaults rooted at the working directory)."""
    if path is None:
        return Config()
    display = display_path(path)
    text = read_text_file(path, display, "config file", MAX_CONFIG_BYTES)
    if path.name == "pyproject.toml":
        raw, locate = load_pyproject(text, display)
    else:
        raw, locate = load_yaml(text, display)
    config = Config(path=display, root=path.resolve().parent)
    if raw is None:
        return config
    _Validator(display, locate, catalogue).fill(config, raw)
    return config


# --------------------------------------------------------------------------- validation

def did_you_mean(word: str, choices) -> str:
    import difflib  # only on an error

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Validator:
    TOP_KEYS = ("packs", "select", "extend-select", "ignore", "rules", "include", "exclude",
                "overrides", "fail-on", "lang", "paragraphs", "jsonl", "time-budget")
    OVERRIDE_KEYS = ("files", "lang", "select", "extend-select", "ignore", "rules")

    def __init__(self, path: str, locate: Locate, catalogue: Catalogue):
        self.path, self.locate, self.catalogue = path, locate, catalogue

    def error(self, message: str, container: Any = None, key: Any = None,
              value: bool = False) -> ConfigError:
        line, col = self.locate(container, key, value) if container is not None else (None, None)
        return ConfigError(message, self.path, line, col)

    def mapping(self, node: Any, where: str, container: Any = None, key: Any = None) -> dict:
        if not isinstance(node, dict):
            raise self.error(f"{where} must be a mapping, not {_kind(node)}", container, key,
                             True)
        for item in node:
            if not isinstance(item, str):
                raise self.error(f"{where}: keys must be strings, not {_kind(item)}", node, item)
        return node

    def known_keys(self, node: dict, allowed, where: str) -> None:
        for key in node:
            if key not in allowed:
                raise self.error(f"unknown key {key!r} in {where}{did_you_mean(key, allowed)}",
                                 node, key)

    def strings(self, node: dict, key: str) -> list[str]:
        value = node[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"{key!r} must be a list of strings", node, key, True)
        return [str(v) for v in value]

    def choice(self, node: dict, key: str, choices) -> str:
        value = node[key]
        if not isinstance(value, str) or value not in choices:
            raise self.error(f"{key!r} must be one of {', '.join(choices)}, not {value!r}"
                             f"{did_you_mean(value, choices)}", node, key, True)
        return str(value)

    def selectors(self, node: dict, key: str) -> list[str]:
        values = self.strings(node, key)
        for index, selector in enumerate(values):
            if not any(specificity(selector, spec) >= 0 for spec in self.catalogue):
                names = [s.name for s in self.catalogue] + [s.code for s in self.catalogue]
                seq = node[key] if isinstance(node[key], list) else None
                raise self.error(f"unknown rule or code {selector!r} in {key!r}"
                                 f"{did_you_mean(selector, names)}",
                                 seq if seq is not None else node,
                                 index if seq is not None else key, seq is None)
        return values

    def rules(self, node: dict, key: str) -> dict[str, RuleSetting]:
        table = self.mapping(node[key], f"{key!r}", node, key)
        result = {}
        for name, value in table.items():
            spec = self.catalogue.lookup(name)
            if spec is None:
                raise self.error(f"unknown rule {name!r} in {key!r}"
                                 f"{did_you_mean(name, [s.name for s in self.catalogue])}",
                                 table, name)
            setting = RuleSetting()
            if isinstance(value, (str, bool)):
                value = {"severity": value}
            value = self.mapping(value, f"rule {spec.name!r}", table, name)
            allowed = ("severity", *spec.options)
            self.known_keys(value, allowed, f"rule {spec.name!r}")
            for option, option_value in value.items():
                if option == "severity":
                    if option_value in ("off", False):
                        setting.enabled = False
                    elif option_value in SEVERITY_NAMES:
                        setting.severity = Severity.parse(option_value)
                        setting.enabled = True
                    else:
                        raise self.error(
                            f"severity of {spec.name!r} must be one of error, warning, info, "
                            f"off; not {option_value!r}", value, option, True)
                    continue
                default = spec.options[option]
                if not _same_type(option_value, default):
                    raise self.error(f"option {option!r} of {spec.name!r} must be "
                                     f"{_kind(default)}, not {_kind(option_value)}",
                                     value, option, True)
                allowed_values = spec.choices.get(option)
                if allowed_values and option_value not in allowed_values:
                    hint = did_you_mean(option_value, allowed_values)
                    raise self.error(f"option {option!r} of {spec.name!r} must be one of "
                                     f"{', '.join(map(str, allowed_values))}, not "
                                     f"{option_value!r}{hint}",
                                     value, option, True)
                setting.options[option] = _plain(option_value)
            result[spec.name] = setting
        return result

    def load_packs(self, config: Config, root: dict) -> None:
        """Rule packs named under ``packs:`` (paths relative to the config file)."""
        from linter.packs import load_packs

        paths = self.strings(root, "packs")
        base = Path(self.path).resolve().parent
        seq = root["packs"] if isinstance(root["packs"], list) else None
        for index, given in enumerate(paths):
            target = Path(given) if Path(given).is_absolute() else base / given
            if not target.is_file():
                raise self.error(f"rule pack {given!r} not found (looked for {target})",
                                 seq if seq is not None else root,
                                 index if seq is not None else "packs", seq is None)
        specs = load_packs(paths, base, self.catalogue, Path(self.path).parent)
        self.catalogue = self.catalogue.with_rules(specs)
        config.packs, config.catalogue = paths, self.catalogue

    def lang(self, node: dict, key: str) -> str:
        return self.choice(node, key, sorted(language_packs()))

    def fill(self, config: Config, raw: Any) -> None:
        root = self.mapping(raw, "the configuration")
        self.known_keys(root, self.TOP_KEYS, "the configuration")
        if "packs" in root:  # first, so selectors and `rules:` can name pack rules
            self.load_packs(config, root)
        if "select" in root:
            config.select = self.selectors(root, "select")
        if "extend-select" in root:
            config.extend_select = self.selectors(root, "extend-select")
        if "ignore" in root:
            config.ignore = self.selectors(root, "ignore")
        if "rules" in root:
            config.rules = self.rules(root, "rules")
        if "include" in root:
            config.include = self.strings(root, "include")
        if "exclude" in root:
            config.exclude = self.strings(root, "exclude")
        if "fail-on" in root:
            config.fail_on = Severity.parse(self.choice(root, "fail-on", SEVERITY_NAMES))
        if "lang" in root:
            config.lang = self.lang(root, "lang")
        if "paragraphs" in root:
            config.paragraphs = self.choice(root, "paragraphs", PARAGRAPH_MODES)
        if "time-budget" in root:
            value = root["time-budget"]
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not 0 <= value <= 86400:
                raise self.error("'time-budget' must be a number of seconds per file between "
                                 "0 (no budget) and 86400", root, "time-budget", True)
            config.time_budget = float(value)
        if "jsonl" in root:
            table = self.mapping(root["jsonl"], "'jsonl'", root, "jsonl")
            self.known_keys(table, JSONL_FIELDS, "'jsonl'")
            for name in table:
                if not isinstance(table[name], str):
                    raise self.error(f"jsonl field name for {name!r} must be a string",
                                     table, name, True)
                config.jsonl[name] = str(table[name])
        if "overrides" in root:
            items = root["overrides"]
            if not isinstance(items, list):
                raise self.error("'overrides' must be a list of mappings", root, "overrides",
                                 True)
            for index, item in enumerate(items):
                item = self.mapping(item, f"overrides[{index}]", items, index)
                self.known_keys(item, self.OVERRIDE_KEYS, f"overrides[{index}]")
                if "files" not in item:
                    raise self.error(f"overrides[{index}] needs 'files' (a list of globs)",
                                     items, index)
                files = self.strings(item, "files")
                override = Override(files=files, matcher=path_spec(files))
                if "lang" in item:
                    override.lang = self.lang(item, "lang")
                if "select" in item:
                    override.select = self.selectors(item, "select")
                if "extend-select" in item:
                    override.extend_select = self.selectors(item, "extend-select")
                if "ignore" in item:
                    override.ignore = self.selectors(item, "ignore")
                if "rules" in item:
                    override.rules = self.rules(item, "rules")
                config.overrides.append(override)
        config.data = _plain(root)


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    if isinstance(default, dict):
        return isinstance(value, dict)
    return isinstance(value, type(default))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return type(value).__name__


def _plain(value: Any) -> Any:
    """Round-trip YAML nodes as plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def relative_to_root(path: str, root: Path) -> str:
    """``path`` relative to the config root, with forward slashes, for glob matching."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        return Path(absolute).as_posix()
    if rel.startswith(".."):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()
