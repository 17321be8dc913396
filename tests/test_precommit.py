"""The published hook, run by the real pre-commit in a temporary git repository."""

from __future__ import annotations

from tests.conftest import git, try_repo

CLEAN_ARTICLE = (
    "بارش سے موسم خوشگوار ہو گیا\n"
    "لاہور (نمائندہ خصوصی) شہر میں صبح سے وقفے وقفے سے بارش ہو رہی ہے۔\n"
    "محکمہ موسمیات کے مطابق یہ سلسلہ کل تک جاری رہے گا۔\n"
)


def test_hook_fails_on_a_defect_and_passes_a_clean_article(tmp_path, hook_repo,
                                                            pre_commit_home):
    source, _sha = hook_repo
    repo = tmp_path / "archive"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    (repo / "broken.txt").write_bytes(CLEAN_ARTICLE.encode().replace(
        "بارش".encode(), b"\xd8", 1))
    git(repo, "add", ".")

    clean = try_repo(source, repo, pre_commit_home, "archive-lint", "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "archive-lint" in clean.stdout and "Passed" in clean.stdout

    broken = try_repo(source, repo, pre_commit_home, "archive-lint", "broken.txt")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "broken.txt:1:1: E001 [error] invalid UTF-8 byte sequence d8" in broken.stdout
