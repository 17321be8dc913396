"""Files linted a batch at a time, check by check (linter.batch), give what ``lint_file``
gives file by file, time budgets included."""

from __future__ import annotations

import json
import time
from array import array
from pathlib import Path

import pytest

from linter import sketch
from linter.batch import lint_batch
from linter.catalogue import builtin_catalogue
from linter.checks import layout, load_check
from linter.config import Config
from linter.engine import Settings
from linter.runner import lint_file, read_options
from tests.conftest import SEEDS


def _minhashed(signature):
    """A duplicate-article signature with its MinHash made (a process's first article keeps
    its shingles instead, to MinHash them only if it is compared: see its check)."""
    *numbers, (kind, data) = signature
    if kind == "hashes":
        kind, data = "minhash", sketch.minhash_bytes(array("I", data).tolist())
    return (*numbers, (kind, data))


def _fields(result):
    suppressions = result.suppressions and [
        (d.kind, d.rules, d.first, d.last) for d in result.suppressions.directives]
    signatures = [(kind, key, _minhashed(signature))
                  for kind, key, signature in result.signatures]
    return (result.path, result.findings, result.documents, signatures, result.error,
            suppressions)


def _both(paths, settings):
    options = read_options(settings)
    return ([_fields(r) for r in lint_batch(paths, settings, options)],
            [_fields(lint_file(path, settings, options)) for path in paths])


@pytest.fixture
def mixed(tmp_path):
    """Seeds, a .jsonl file of three records, a Markdown file with a suppression, a file
    that is not there and a binary one."""
    paths = [str(path) for path in sorted(SEEDS.glob("*.txt"))[:12]]
    records = tmp_path / "records.jsonl"
    with open(records, "w", encoding="utf-8") as stream:
        for number, path in enumerate(paths[:3]):
            text = Path(path).read_text(encoding="utf-8")
            stream.write(json.dumps({"id": f"r{number}", "text": text}, ensure_ascii=False) + "\n")
    markdown = tmp_path / "note.md"
    markdown.write_text("# سرخی\n\n<!-- archive-lint: disable-next-line trailing-whitespace -->\n"
                        "یہ ایک خبر ہے۔  \nیہ دوسری سطر ہے۔ \n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    return [*paths[:5], str(records), str(markdown), str(tmp_path / "missing.txt"),
            str(binary), *paths[5:]]


def test_a_batch_gives_what_each_file_gives_alone(mixed):
    batch, alone = _both(mixed, Settings(builtin_catalogue()))
    assert batch == alone
    assert sum(len(findings) for _, findings, *_ in alone) > 100  # it did lint
    assert [documents for _, _, documents, *_ in alone][5:9] == [3, 1, 0, 0]


def test_a_crashing_check_crashes_in_a_batch_as_alone(mixed, monkeypatch):
    def crashes(doc, ctx):
        if "0" in doc.path.rsplit("/", 1)[-1][:3]:
            raise ValueError("boom")
        return layout.trailing_whitespace.__wrapped__(doc, ctx) if hasattr(
            layout.trailing_whitespace, "__wrapped__") else iter(())

    monkeypatch.setattr(layout, "trailing_whitespace", crashes)
    load_check.cache_clear()
    try:
        batch, alone = _both(mixed, Settings(builtin_catalogue()))
    finally:
        load_check.cache_clear()
    assert batch == alone
    assert any(f.rule == "internal-error" for _, findings, *_ in batch for f in findings)


def _sleeping(seconds_by_name, calls):
    def check(doc, ctx):
        name = doc.path.rsplit("/", 1)[-1]
        calls.append(name)
        time.sleep(seconds_by_name.get(name, 0))
        return iter(())
    return check


def _articles(tmp_path, names):
    for name in names:
        (tmp_path / name).write_text("سرخی\n\nیہ ایک خبر ہے۔\n", encoding="utf-8")
    return [str(tmp_path / name) for name in names]


def test_an_article_over_its_budget_is_stopped_and_the_others_are_linted(tmp_path,
                                                                         monkeypatch):
    paths = _articles(tmp_path, ["a.txt", "b.txt", "c.txt"])
    calls = []
    monkeypatch.setattr(layout, "trailing_whitespace", _sleeping({"b.txt": 60}, calls))
    load_check.cache_clear()
    settings = Settings(builtin_catalogue(), Config(time_budget=0.4), select=["L001", "L003"])
    start = time.monotonic()
    try:
        results = lint_batch(paths, settings, read_options(settings))
    finally:
        load_check.cache_clear()
    assert time.monotonic() - start < 5
    assert calls == ["a.txt", "b.txt", "c.txt"]  # b stopped once, not run again
    assert [[f.rule for f in r.findings] for r in results] == [[], ["time-budget"], []]


def test_an_articles_budget_is_its_own_checks_time(tmp_path, monkeypatch):
    """Three articles of 0.3 s each in one batch, 0.75 s each allowed: the batch takes
    0.9 s, no article is over its budget."""
    paths = _articles(tmp_path, ["a.txt", "b.txt", "c.txt"])
    calls = []
    monkeypatch.setattr(layout, "trailing_whitespace",
                        _sleeping(dict.fromkeys(("a.txt", "b.txt", "c.txt"), 0.3), calls))
    load_check.cache_clear()
    settings = Settings(builtin_catalogue(), Config(time_budget=0.75), select=["L001"])
    try:
        results = lint_batch(paths, settings, read_options(settings))
    finally:
        load_check.cache_clear()
    assert calls == ["a.txt", "b.txt", "c.txt"]
    assert [r.findings for r in results] == [[], [], []]
