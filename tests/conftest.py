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


# --------------------------------------------------------------------------- real pre-commit

def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity; returns stdout."""
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=env).stdout


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    """One pre-commit cache for the session, so the hook environment is installed once."""
    return Path(os.environ.get("ARCHIVE_LINT_PRE_COMMIT_HOME") or
                tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree, untracked files included, committed into a throwaway repository
    (``pre-commit try-repo`` on the checkout itself would leave untracked files out)."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".pytest_cache",
                                    ".hypothesis", ".ruff_cache", "build", "dist", ".venv",
                                    "benchmarks")
    shutil.copytree(ROOT, repo, dirs_exist_ok=True, ignore=ignore)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def try_repo(source: Path, repo: Path, home: Path, hook: str, *files: str):
    """``pre-commit try-repo SOURCE HOOK --files FILES`` run in ``repo``."""
    import subprocess

    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(source), hook,
                           "--files", *files], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600)
