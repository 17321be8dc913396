"""Files linted a batch at a time: each check runs over every article of the batch before the
next check starts.

One article at a time, every check finds the CPU caches full of the other checks' code,
patterns and tables; one check over sixteen articles keeps its own warm. Over the real corpus
the checks take about a tenth less CPU so. The results are :func:`linter.runner.lint_file`'s,
file by file: the same findings in the same order, the same signatures (a test compares them).

Only files holding one article join the check-major pass (a .jsonl file's records are linted
one after another, as ``lint_file`` does). The time budget stays a file's own: each check's
run on an article is timed and may use what is left of that article's budget, so a slow
article is stopped after exactly its budget, as ``lint_file`` would stop it.
"""

from __future__ import annotations

from itertools import chain

from linter.budget import ArticleBudgets, budget_handler
from linter.document import Document
from linter.engine import PlannedCheck, RuleSet, Settings, run_check, time_budget_finding
from linter.findings import Finding
from linter.readers import ReadOptions
from linter.runner import FileResult, begin, lint_read, read_file, ruleset_of, sign

BATCH_FILES = 16  # a whole archive at once did no better, and would hold every article


def lint_batch(paths: list[str], settings: Settings, options: ReadOptions) -> list[FileResult]:
    """``lint_file(path, settings, options)`` of each path, linted check-major."""
    results, reads, articles = [], [], []  # articles: (result, document, ruleset)
    for path in paths:
        result = FileResult(path)
        read = read_file(path, options, result)
        results.append(result)
        reads.append(read)
        if read is not None and len(read.documents) == 1:
            overrides = begin(read, path, settings, result)
            doc = read.documents[0]
            result.documents += 1
            articles.append((result, doc, ruleset_of(doc, settings, overrides)))
    budgets = ArticleBudgets(settings.config.time_budget, len(articles))
    with budget_handler(settings.config.time_budget):
        found = _document_checks(articles, budgets)
        index = 0
        for result, read in zip(results, reads, strict=True):  # in path order, as lint_file
            if read is not None and len(read.documents) == 1:
                _finish(index, articles[index], found[index], budgets, settings)
                index += 1
            elif read is not None:
                lint_read(read, result.path, settings, result)
    return results


def _document_checks(articles: list[tuple[FileResult, Document, RuleSet]],
                     budgets: ArticleBudgets) -> list[list[list[Finding]]]:
    """Each document check over all articles in turn: for each article, the findings of
    each check of its plan, in the plan's order (whatever order the kinds run in)."""
    plans = [ruleset.plan(doc.lang)[0] for _, doc, ruleset in articles]
    found = [[[] for _ in plan] for plan in plans]
    rounds: dict[str, list[tuple[int, Document, PlannedCheck, RuleSet, list[Finding]]]] = {}
    for index, ((_, doc, ruleset), plan) in enumerate(zip(articles, plans, strict=True)):
        for planned, findings in zip(plan, found[index], strict=True):
            rounds.setdefault(planned.kind, []).append((index, doc, planned, ruleset, findings))
    for runs in rounds.values():
        for index, doc, planned, ruleset, findings in runs:
            budgets.run(index, run_check, (doc, planned, ruleset, findings))
    return found


def _finish(index: int, article: tuple[FileResult, Document, RuleSet],
            found: list[list[Finding]], budgets: ArticleBudgets, settings: Settings) -> None:
    """What ``lint_one`` adds to an article's result: its findings, then its signatures
    (or, past its budget, a time-budget finding)."""
    result, doc, ruleset = article
    if index not in budgets.exceeded:
        result.findings.extend(chain.from_iterable(found))
        for planned in ruleset.plan(doc.lang)[1]:  # the archive checks
            if not budgets.run(index, sign, (doc, planned, result)):
                break
    if index in budgets.exceeded:
        result.findings.append(time_budget_finding(result.path, budgets.seconds,
                                                   settings.catalogue))
