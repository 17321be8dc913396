"""The published hook, run by the real pre-commit in a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

CLEAN_ARTICLE = (
    "بارش سے موسم خوشگوار ہو گیا\n"
    "لاہور (نمائندہ خصوصی) شہر میں صبح سے وقفے وقفے سے بارش ہو رہی ہے۔\n"
    "محکمہ موسمیات کے مطابق یہ سلسلہ کل تک جاری رہے گا۔\n"
)


def _git(*args: str, cwd) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo, home, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook,
                           "--files", *files], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hook_fails_on_a_defect_and_passes_a_clean_article(tmp_path, pre_commit_home):
    repo = tmp_path / "archive"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    (repo / "broken.txt").write_bytes(CLEAN_ARTICLE.encode().replace(
        "بارش".encode(), b"\xd8", 1))
    _git("add", ".", cwd=repo)

    clean = try_repo(repo, pre_commit_home, "archive-lint", "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "archive-lint" in clean.stdout and "Passed" in clean.stdout

    broken = try_repo(repo, pre_commit_home, "archive-lint", "broken.txt")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "broken.txt:1:1: E001 [error] invalid UTF-8 byte sequence d8" in broken.stdout
