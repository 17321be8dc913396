"""The rule catalogue: every rule's identity and metadata, loaded from ``rules/catalogue/``.

A rule's ``name`` (kebab-case) is the contract used by config, suppressions, JSON and docs; its
``code`` (e.g. ``S001``) allows prefix selection. ``check`` names the check kind that implements
it (see :mod:`linter.checks`); several rules may share one kind, which then reports each issue
under the rule it names.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from linter import patterns
from linter.findings import Severity
from linter.resources import load_trusted_yaml, rules_dir

NAME_PATTERN = patterns.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
CODE_PATTERN = patterns.compile(r"[A-Z]+[0-9]{3}")
CODE_PREFIX_PATTERN = patterns.compile(r"[A-Za-z]+[0-9]{0,3}")
FIX_KINDS = ("none", "safe", "unsafe")


# Not dataclasses: see "Habits" in docs/contributing.md (start-up time).
class Example(NamedTuple):
    bad: Any
    good: Any
    lang: str | None = None
    format: str = "txt"
    bad_encoding: str = "utf-8"


class RuleSpec(NamedTuple):
    """One rule's identity and metadata."""

    name: str
    code: str
    family: str
    severity: Severity
    summary: str
    check: str
    options: dict[str, Any]
    choices: dict[str, tuple]
    data: dict[str, Any]
    description: str = ""
    fix: str = "none"
    default: bool = True
    examples: tuple[Example, ...] = ()
    languages: tuple[str, ...] | None = None
    formats: tuple[str, ...] | None = None
    origin: str = ""

    def applies_to(self, lang: str | None, fmt: str) -> bool:
        if self.languages is not None and lang not in self.languages:
            return False
        return self.formats is None or fmt in self.formats


class CatalogueError(Exception):
    pass


class Catalogue:
    """All known rules, by name and by code."""

    def __init__(self, specs: list[RuleSpec]):
        self.rules: dict[str, RuleSpec] = {}
        self.by_code: dict[str, RuleSpec] = {}
        for spec in specs:
            if spec.name in self.rules:
                raise CatalogueError(f"{spec.origin}: rule name {spec.name!r} defined twice")
            if spec.code in self.by_code:
                raise CatalogueError(f"{spec.origin}: code {spec.code} of {spec.name!r} is "
                                     f"already used by {self.by_code[spec.code].name!r}")
            self.rules[spec.name] = spec
            self.by_code[spec.code] = spec

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda spec: spec.code))

    def __len__(self) -> int:
        return len(self.rules)

    def lookup(self, name_or_code: str) -> RuleSpec | None:
        return self.rules.get(name_or_code) or self.by_code.get(name_or_code.upper())

    def matches(self, selector: str) -> list[RuleSpec]:
        """Rules a selector names: a rule name, a code, a code prefix, or ``ALL``."""
        return [spec for spec in self if specificity(selector, spec) >= 0]

    def with_rules(self, specs: list[RuleSpec]) -> Catalogue:
        return Catalogue([*self.rules.values(), *specs])


def specificity(selector: str, spec: RuleSpec) -> int:
    """How specifically ``selector`` names ``spec``: -1 not at all, 0 ``ALL``, higher is tighter."""
    if selector == spec.name or selector.upper() == spec.code:
        return 1000
    if selector.upper() == "ALL":
        return 0
    if CODE_PREFIX_PATTERN.fullmatch(selector) and spec.code.startswith(selector.upper()):
        return len(selector)
    return -1


def spec_from_mapping(entry: dict[str, Any], origin: str) -> RuleSpec:
    """Build a RuleSpec from one catalogue entry; entries are validated by the tests."""
    examples = tuple(
        Example(bad=e.get("bad"), good=e.get("good"), lang=e.get("lang"),
                format=e.get("format", "txt"), bad_encoding=e.get("bad-encoding", "utf-8"))
        for e in entry.get("examples") or ()
    )
    languages = entry.get("languages")
    formats = entry.get("formats")
    return RuleSpec(
        name=entry["name"],
        code=entry["code"],
        family=entry["family"],
        severity=Severity.parse(entry["severity"]),
        summary=entry["summary"].strip(),
        check=entry.get("check", entry["name"]),
        description=(entry.get("description") or "").strip(),
        fix=entry.get("fix", "none"),
        default=entry.get("default", True),
        options=dict(entry.get("options") or {}),
        choices={k: tuple(v) for k, v in (entry.get("choices") or {}).items()},
        examples=examples,
        languages=tuple(languages) if languages else None,
        formats=tuple(formats) if formats else None,
        data=dict(entry.get("data") or {}),
        origin=origin,
    )


@lru_cache(maxsize=1)
def builtin_catalogue() -> Catalogue:
    specs: list[RuleSpec] = []
    for path in sorted((rules_dir() / "catalogue").glob("*.yaml")):
        for entry in load_trusted_yaml(path) or ():
            specs.append(spec_from_mapping(entry, f"rules/catalogue/{path.name}"))
    return Catalogue(specs)
