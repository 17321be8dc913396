"""Suppression rules: reported by the suppression filter (:mod:`linter.suppressions`)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.checks import CheckContext
from linter.document import Document
from linter.findings import Issue


def unused_suppression(doc: Document, ctx: CheckContext) -> Iterator[Issue]:
    """An inline suppression that suppresses nothing (reported after linting, not here).

    Whether a suppression was used is known only once every rule has run, so the filter step
    in the runner reports it. Bad: ``<!-- archive-lint: disable=bom -->`` in a file without a
    byte-order mark. Good: no comment, or one that hides a finding that is really there.
    """
    return iter(())
