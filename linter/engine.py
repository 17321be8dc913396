"""Rule selection and running: which rules apply to a document, and turning issues into findings.

The engine is the only place that knows about configuration layers (defaults, config file,
per-path overrides, command line), positions and severities; checks stay pure functions.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from linter.catalogue import Catalogue, RuleSpec, specificity
from linter.checks import ActiveRule, CheckContext, LocatedIssue, is_archive_check, load_check
from linter.config import Config, Override, RuleSetting, relative_to_root
from linter.document import Document
from linter.findings import Edit, Finding, FindingFix, Fix, FixEdit, Issue, Severity
from linter.languages import language_packs

INTERNAL_ERROR = "internal-error"
TIME_BUDGET = "time-budget"


class PlannedCheck(NamedTuple):
    """One check kind as it runs on the documents of one ruleset and language."""

    kind: str
    check: Any  # a document check function or an archive check object
    context: CheckContext
    rules: dict[str, ActiveRule]
    only: str  # the rule of an issue that names none: the kind's one rule, else ""


class RuleSet:
    """The enabled rules for one kind of document, grouped by the check that serves them."""

    __slots__ = ("_plans", "kinds", "rules")

    def __init__(self, rules: dict[str, ActiveRule]):
        self.rules = rules
        self.kinds: dict[str, dict[str, ActiveRule]] = {}
        self._plans: dict = {}
        for name, active in sorted(rules.items()):
            self.kinds.setdefault(active.spec.check, {})[name] = active

    def plan(self, lang: str | None) -> tuple[tuple[PlannedCheck, ...], tuple[PlannedCheck, ...]]:
        """The document checks and the archive checks for documents in ``lang``, in ``kinds``
        order, each with its context: resolved once, not per document."""
        plan = self._plans.get(lang)
        if plan is None:
            pack = _pack(lang)
            document: list[PlannedCheck] = []
            archive: list[PlannedCheck] = []
            for kind, rules in self.kinds.items():
                check = load_check(kind)
                only = next(iter(rules)) if len(rules) == 1 else ""
                planned = PlannedCheck(kind, check, CheckContext(rules, pack), rules, only)
                (archive if is_archive_check(check) else document).append(planned)
            plan = self._plans[lang] = (tuple(document), tuple(archive))
        return plan


def _best(selectors: list[str], spec: RuleSpec) -> int:
    return max((specificity(s, spec) for s in selectors), default=-1)


def _selected(spec: RuleSpec, select: list[str] | None, extend: list[str],
              ignore: list[str]) -> bool:
    chosen = _best(select, spec) if select is not None else (0 if spec.default else -1)
    chosen = max(chosen, _best(extend, spec))
    return chosen >= 0 and chosen > _best(ignore, spec)


class Settings:
    """Everything that decides which rules run where, resolved once per run."""

    def __init__(self, catalogue: Catalogue, config: Config | None = None, *,
                 select: list[str] | None = None, extend_select: list[str] = (),
                 ignore: list[str] = (), fail_on: Severity | None = None):
        self.catalogue = catalogue
        self.config = config or Config()
        base_select = select if select is not None else self.config.select
        self._base_select = base_select
        self._base_extend = [*self.config.extend_select, *extend_select]
        self._base_ignore = [*self.config.ignore, *ignore]
        self.fail_on = fail_on or self.config.fail_on or Severity.ERROR
        self._cache: dict[tuple, RuleSet] = {}

    # --- paths -------------------------------------------------------------------------------
    def overrides_for(self, path: str) -> tuple[int, ...]:
        if not self.config.overrides:  # spare working out the relative path
            return ()
        rel = relative_to_root(path, self.config.root)
        return tuple(i for i, override in enumerate(self.config.overrides)
                     if override.matcher.match_file(rel))

    def language_for(self, overrides: tuple[int, ...]) -> str | None:
        lang = self.config.lang
        for index in overrides:
            lang = self.config.overrides[index].lang or lang
        return lang

    # --- rules -------------------------------------------------------------------------------
    def ruleset(self, overrides: tuple[int, ...], lang: str | None, fmt: str) -> RuleSet:
        key = (overrides, lang, fmt)
        if key not in self._cache:
            self._cache[key] = self._build(overrides, lang, fmt)
        return self._cache[key]

    def enabled_names(self, overrides: tuple[int, ...] = ()) -> dict[str, ActiveRule]:
        layers: list[Override] = [self.config.overrides[i] for i in overrides]
        active: dict[str, ActiveRule] = {}
        for spec in self.catalogue:
            on = _selected(spec, self._base_select, self._base_extend, self._base_ignore)
            severity, options = spec.severity, dict(spec.options)
            on, severity = _apply_setting(self.config.rules.get(spec.name), on, severity,
                                          options)
            for layer in layers:
                if layer.select is not None:
                    on = _selected(spec, layer.select, layer.extend_select, layer.ignore)
                else:
                    if _best(layer.extend_select, spec) > _best(layer.ignore, spec):
                        on = True
                    elif _best(layer.ignore, spec) >= 0:
                        on = False
                on, severity = _apply_setting(layer.rules.get(spec.name), on, severity, options)
            if on:
                active[spec.name] = ActiveRule(spec, severity, options)
        return active

    def _build(self, overrides: tuple[int, ...], lang: str | None, fmt: str) -> RuleSet:
        rules = {name: active for name, active in self.enabled_names(overrides).items()
                 if active.spec.applies_to(lang, fmt)}
        return RuleSet(rules)


def _apply_setting(setting: RuleSetting | None, on: bool, severity: Severity,
                   options: dict) -> tuple[bool, Severity]:
    if setting is None:
        return on, severity
    if setting.enabled is not None:
        on = setting.enabled
    options.update(setting.options)
    return on, setting.severity or severity


@cache
def _pack(lang: str | None):
    return language_packs().get(lang) if lang else None


def lint_document(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """Run every enabled document check on ``doc``; a crashing check becomes a finding."""
    findings: list[Finding] = []
    for planned in ruleset.plan(doc.lang)[0]:
        run_check(doc, planned, ruleset, findings)
    return findings


def run_check(doc: Document, planned: PlannedCheck, ruleset: RuleSet,
              findings: list[Finding]) -> None:
    """Append to ``findings`` what the document check ``planned`` finds in ``doc`` (a crash:
    what it found before, then a finding)."""
    rules, only = planned.rules, planned.only
    try:
        for issue in planned.check(doc, planned.context):
            active = rules.get(issue.rule or only)
            if active is not None:
                findings.append(locate(doc, issue, active))
    except Exception as exc:
        findings.append(internal_error(doc, sorted(rules), exc, ruleset))


def internal_error(doc: Document, rules: list[str], exc: BaseException,
                   ruleset: RuleSet | None = None) -> Finding:
    import traceback  # only when a check crashes

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return Finding(
        path=doc.path, line=1, column=1, end_line=1, end_column=1, rule=INTERNAL_ERROR,
        code="X001", severity=Severity.ERROR,
        message=f"rule {', '.join(rules)} crashed on this document "
                f"({type(exc).__name__}: {exc}{where}); other rules still ran. "
                f"Please report this.",
        record=doc.record)


def time_budget_finding(path: str, seconds: float, catalogue: Catalogue) -> Finding:
    """The finding for a file whose lint ran out of its time budget (always reported)."""
    spec = catalogue.lookup(TIME_BUDGET)
    return Finding(
        path=path, line=1, column=1, end_line=1, end_column=1, rule=TIME_BUDGET,
        code=spec.code if spec else "X010", severity=spec.severity if spec else Severity.ERROR,
        message=f"linting this file took longer than its time budget ({seconds:g}s) and was "
                f"stopped; findings of the rest of the file are missing (raise `time-budget` "
                f"in the config, or split the file)")


def locate(doc: Document, issue: Issue, active: ActiveRule) -> Finding:
    start, end = issue.start, issue.end
    line, column = doc.position(start)
    end_line, end_column = doc.position(end) if end != start else (line, column)
    fix = issue.fix
    if fix is not None:
        fix = _located_fix(doc, fix, start, end, (line, column, end_line, end_column))
    spec = active.spec
    # Positional, in field order: a keyword call costs twice as much, once per finding.
    return Finding(doc.path, line, column, end_line, end_column, spec.name, spec.code,
                   active.severity, issue.message, doc.text[start:end], fix, doc.record,
                   start, end)


def _located_fix(doc: Document, fix: Fix, start: int, end: int,
                 span: tuple[int, int, int, int]) -> FindingFix | None:
    """``fix`` located in the file; ``span`` is the position of ``start``..``end``, already
    located (most fixes edit exactly the issue's span)."""
    edits = fix.edits
    if not edits:  # a fix that edits nothing is no fix
        return None
    if len(edits) == 1 and edits[0].start == start and edits[0].end == end:
        located = (FixEdit(*span, edits[0].replacement, start, end),)
    else:
        known = {start: span[:2], end: span[2:]}
        located = tuple(_located_edit(doc, edit, known) for edit in edits)
    return FindingFix(fix.safe, fix.description, located)


def _located_edit(doc: Document, edit: Edit, known: dict[int, tuple[int, int]]) -> FixEdit:
    """``edit`` with lines and columns (``known``: positions of offsets already located)."""
    e_line, e_col = known.get(edit.start) or doc.position(edit.start)
    e_end_line, e_end_col = known.get(edit.end) or doc.position(edit.end)
    return FixEdit(e_line, e_col, e_end_line, e_end_col, edit.replacement, edit.start, edit.end)


def stamp(path: str, record: str | None, issue: LocatedIssue, active: ActiveRule) -> Finding:
    """A finding from an already located issue (file issues and archive checks)."""
    return Finding(
        path=path, line=issue.line, column=issue.column,
        end_line=issue.end_line, end_column=issue.end_column,
        rule=active.spec.name, code=active.spec.code, severity=active.severity,
        message=issue.message, excerpt=issue.excerpt, record=record)
