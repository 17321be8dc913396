"""The configuration as data: what a config file sets, once validated (:mod:`linter.config`
reads and validates it).

Plain classes, not dataclasses: see "Habits" in docs/contributing.md (start-up time).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.findings import Severity
from linter.readers import JSONL_FIELDS

if TYPE_CHECKING:  # imported lazily at run time: it costs ~40 ms of start-up
    import pathspec

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.jsonl")
DEFAULT_TIME_BUDGET = 300.0  # seconds per file; 0 turns the budget off


class RuleSetting:
    """One rule's entry under ``rules:`` (or an override's): what the config sets, None where
    it is silent."""

    __slots__ = ("enabled", "options", "severity")

    def __init__(self, severity: Severity | None = None, enabled: bool | None = None,
                 options: dict[str, Any] | None = None):
        self.severity = severity
        self.enabled = enabled
        self.options = {} if options is None else options


class Override:
    """One entry of ``overrides:``: settings for the files its patterns match."""

    __slots__ = ("extend_select", "files", "ignore", "lang", "matcher", "rules", "select")

    def __init__(self, files: list[str], matcher: pathspec.PathSpec, lang: str | None = None,
                 select: list[str] | None = None, extend_select: list[str] | None = None,
                 ignore: list[str] | None = None, rules: dict[str, RuleSetting] | None = None):
        self.files = files
        self.matcher = matcher
        self.lang = lang
        self.select = select
        self.extend_select = [] if extend_select is None else extend_select
        self.ignore = [] if ignore is None else ignore
        self.rules = {} if rules is None else rules


class Config:
    """A loaded config file (or the defaults, rooted at the working directory)."""

    __slots__ = (
        "catalogue",
        "data",
        "exclude",
        "extend_select",
        "fail_on",
        "ignore",
        "include",
        "jsonl",
        "lang",
        "overrides",
        "packs",
        "paragraphs",
        "path",
        "root",
        "rules",
        "select",
        "time_budget",
    )

    def __init__(self, *, path: str | None = None, root: Path | None = None,
                 select: list[str] | None = None, extend_select: list[str] | None = None,
                 ignore: list[str] | None = None, rules: dict[str, RuleSetting] | None = None,
                 include: list[str] | None = None, exclude: list[str] | None = None,
                 overrides: list[Override] | None = None, fail_on: Severity | None = None,
                 lang: str | None = None, paragraphs: str = "lines",
                 jsonl: dict[str, str] | None = None, data: dict[str, Any] | None = None,
                 packs: list[str] | None = None, time_budget: float = DEFAULT_TIME_BUDGET,
                 catalogue: Any = None):
        self.path = path
        self.root = Path.cwd() if root is None else root
        self.select = select
        self.extend_select = [] if extend_select is None else extend_select
        self.ignore = [] if ignore is None else ignore
        self.rules = {} if rules is None else rules
        self.include = list(DEFAULT_INCLUDE) if include is None else include
        self.exclude = [] if exclude is None else exclude
        self.overrides = [] if overrides is None else overrides
        self.fail_on = fail_on
        self.lang = lang
        self.paragraphs = paragraphs
        self.jsonl = {k: k for k in JSONL_FIELDS} if jsonl is None else jsonl
        self.data = {} if data is None else data
        self.packs = [] if packs is None else packs  # rule-pack files named under `packs:`
        self.time_budget = time_budget  # seconds per file (`time-budget`; 0: none)
        self.catalogue = catalogue  # the built-in catalogue plus pack rules, when `packs:` is set

    @property
    def exclude_matcher(self) -> pathspec.PathSpec:
        return path_spec(self.exclude)


class _NoPatterns:
    """The matcher of an empty pattern list: matches nothing, and spares importing pathspec
    (about 40 ms, most of a one-file run's start) when no config names patterns."""

    patterns: tuple = ()

    def match_file(self, _path) -> bool:
        return False


def path_spec(patterns: list[str]) -> pathspec.PathSpec:
    """The git-style matcher of ``patterns`` (pathspec is imported only when there are some)."""
    if not patterns:
        return _NoPatterns()
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)
