"""Check kinds: the code behind the rules. One module per rule family.

A rule's ``check`` in the catalogue is ``module.function`` inside this package (for example
``layout.trailing_whitespace``); modules are imported only when one of their rules runs.

A *document check* is ``check(doc: Document, ctx: CheckContext) -> Iterable[Issue]``: a pure
function of one document (no files, no config reading, no printing, no line numbers).

An *archive check* is an object with ``signature(doc, ctx)`` (a small picklable summary of one
document) and ``reduce(entries, ctx, views)`` (compares all ``(DocumentKey, signature)``
entries, and the stored ``views`` of the rest of the archive, and yields
``(DocumentKey, LocatedIssue)``), so it runs the same in one process or as a map-reduce. It may
offer ``entries()``: a container with ``append`` and iteration that holds the signatures of a
whole archive more compactly than a list.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, NamedTuple

from linter.findings import Issue, Severity


class ActiveRule(NamedTuple):
    """A rule as configured for one document: its spec, severity and options."""

    spec: Any  # linter.catalogue.RuleSpec
    severity: Severity
    options: dict[str, Any]

    @property
    def name(self) -> str:
        return self.spec.name


class CheckContext(NamedTuple):
    """What a check may know besides the document: its enabled rules and the language pack."""

    rules: dict[str, ActiveRule]
    lang: Any = None  # linter.languages.LanguagePack or None when the language is unknown

    def enabled(self, name: str) -> bool:
        return name in self.rules

    def options(self, name: str | None = None) -> dict[str, Any]:
        if name is None:
            (name,) = self.rules
        return self.rules[name].options


class DocumentKey(NamedTuple):
    path: str
    record: str | None


class LocatedIssue(NamedTuple):
    """An issue of an archive check, located when its document was read."""

    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    rule: str = ""
    excerpt: str = ""


DocumentCheck = Callable[[Any, CheckContext], Iterable[Issue]]


@cache
def load_check(kind: str) -> Any:
    """The function or archive-check object named ``module.attribute``."""
    module_name, _, attribute = kind.rpartition(".")
    module = importlib.import_module(f"linter.checks.{module_name}")
    return getattr(module, attribute)


def is_archive_check(check: Any) -> bool:
    return hasattr(check, "signature") and hasattr(check, "reduce")
