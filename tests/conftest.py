"""Shared test helpers: lint text written by the test, through the real reader and engine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.findings import Finding
from linter.readers import read_bytes
from linter.runner import FileResult, lint_one

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def lint_text(text: str, *, lang: str | None = None, select: list[str] | None = None,
              path: str = "article.txt", config=None) -> list[Finding]:
    """Lint ``text`` as the file ``path`` would be, with only ``select`` rules if given.

    ``lang`` declares the language (as front matter would); otherwise it is detected.
    """
    settings = Settings(builtin_catalogue(), config, select=select)
    read = read_bytes(text.encode("utf-8"), path)
    result = FileResult(path)
    for doc in read.documents:
        if lang is not None:
            doc.lang, doc.lang_source = lang, "metadata"
        lint_one(doc, settings, (), result)
    return sorted(result.findings, key=Finding.sort_key)


def triples(findings: list[Finding]) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each finding: what most tests assert."""
    return [(f.rule, f.line, f.column) for f in findings]


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the real ``python -m linter`` in a subprocess; returns CompletedProcess."""
    import subprocess

    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("ARCHIVE_LINT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=full_env, timeout=300)


@pytest.fixture
def seeds() -> Path:
    return SEEDS
