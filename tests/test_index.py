"""The archive signature index: build, use, refresh, and a real pre-commit run that uses it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS, git, run_cli
from tests.test_duplicates import LONG

BODY = "\n".join(LONG) + "\n"


def _archive(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    (folder / "bus.txt").write_text("बस सेवा\n" + BODY, encoding="utf-8")
    return folder


def _check(folder: Path, *paths: str):
    return run_cli("check", "--no-config", "--select", "D005", *paths, cwd=folder)


def test_staged_copy_is_found_through_the_index_and_the_index_learns_it(tmp_path):
    archive = _archive(tmp_path / "archive")
    built = run_cli("index", "build", "--no-config", cwd=archive)
    assert built.returncode == 0, built.stderr
    assert "6 articles from 6 files (6 read, 0 unchanged)" in built.stderr
    (archive / "new.txt").write_text("नई बसें\n" + BODY, encoding="utf-8")
    result = _check(archive, "new.txt")
    assert result.returncode == 1
    assert result.stdout == ("new.txt:2:1: D005 [error] article body duplicates bus.txt "
                             "(an exact copy after normalisation) (duplicate-article)\n")
    # The run appended new.txt to the index: a later copy of it is found too.
    status = run_cli("index", "status", "--no-config", cwd=archive)
    assert "7 articles" in status.stdout
    (archive / "zz.txt").write_text("तीसरा शीर्षक\n" + "\n".join(LONG[:5] + LONG[6:]) + "\n",
                                    encoding="utf-8")
    (archive / "bus.txt").unlink()
    result = _check(archive, "zz.txt")
    assert result.stdout.startswith("zz.txt:2:1: D005 [error] article body duplicates "
                                    "new.txt (a near copy: about ")
    # A linted file is never reported as a copy of its own (older) index entry.
    assert "duplicates new.txt" not in _check(archive, "new.txt").stdout
    rebuilt = run_cli("index", "build", "--no-config", cwd=archive)
    assert "(0 read, 7 unchanged)" in rebuilt.stderr  # the checks journaled new.txt and zz.txt


def test_changed_or_deleted_indexed_files_are_not_reported(tmp_path):
    archive = _archive(tmp_path / "archive")
    assert run_cli("index", "build", "--no-config", cwd=archive).returncode == 0
    (archive / "new.txt").write_text("नई बसें\n" + BODY, encoding="utf-8")
    (archive / "bus.txt").write_text("बस सेवा\n" + "\n".join(LONG[10:]) + "\n",
                                     encoding="utf-8")
    assert _check(archive, "new.txt").stdout == ""
    (archive / "bus.txt").unlink()
    (archive / "newer.txt").write_text("x\n" + "\n".join(LONG[:10]) + "\n", encoding="utf-8")
    assert _check(archive, "newer.txt").stdout == ""


def test_index_switched_off_by_option(tmp_path):
    archive = _archive(tmp_path / "archive")
    assert run_cli("index", "build", "--no-config", cwd=archive).returncode == 0
    (archive / ".archive-lint.yaml").write_text("rules:\n  duplicate-article:\n    index: ''\n")
    (archive / "new.txt").write_text("नई बसें\n" + BODY, encoding="utf-8")
    result = run_cli("check", "--select", "D005", "new.txt", cwd=archive)
    assert result.stdout == "" and result.returncode == 0


# --- a real pre-commit run -----------------------------------------------------------------

def test_pre_commit_run_uses_the_index(tmp_path, hook_repo, pre_commit_home):
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed")
    repo, sha = hook_repo
    archive = _archive(tmp_path / "archive")
    (archive / ".gitignore").write_text(".archive-lint-index\n")
    (archive / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {sha}\n  hooks:\n  - id: archive-lint\n"
        f"    args: [--select, D005]\n")
    git(archive, "init", "-q")
    git(archive, "add", "-A")
    git(archive, "commit", "-qm", "archive")
    assert run_cli("index", "build", "--no-config", cwd=archive).returncode == 0
    (archive / "new.txt").write_text("नई बसें\n" + BODY, encoding="utf-8")
    git(archive, "add", "new.txt")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home)}
    result = subprocess.run(["pre-commit", "run"], cwd=archive, capture_output=True, text=True,
                            env=env, timeout=900)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("new.txt:2:1: D005 [error] article body duplicates bus.txt (an exact copy after "
            "normalisation) (duplicate-article)") in result.stdout
    # Without the index the staged file alone has nothing to be compared with.
    (archive / ".archive-lint-index").unlink()
    result = subprocess.run(["pre-commit", "run"], cwd=archive, capture_output=True, text=True,
                            env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr


def test_many_linted_files_query_the_index_with_lsh(tmp_path, monkeypatch):
    from linter import index
    from linter.catalogue import builtin_catalogue
    from linter.config import Config
    from linter.engine import Settings
    from linter.runner import run

    archive = _archive(tmp_path / "archive")
    settings = Settings(builtin_catalogue(), Config(root=archive), select=["D005"])
    index.build([str(archive)], settings)
    sub = archive / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("नई बसें\n" + BODY, encoding="utf-8")
    (sub / "b.txt").write_text("x\n" + "\n".join(LONG[:5] + LONG[6:]) + "\n", encoding="utf-8")
    shutil.copy(SEEDS / "003_539bb2835e14a777.txt", sub / "c.txt")
    monkeypatch.setattr(index, "SCAN_LIMIT", 1)
    found = [(Path(f.path).name, f.message.split(" (")[0]) for f in run([str(sub)], settings).findings]
    assert found == [("a.txt", "article body duplicates bus.txt"),
                     ("b.txt", f"article body duplicates {sub}/a.txt"),
                     ("c.txt", "article body duplicates 003_539bb2835e14a777.txt")]
