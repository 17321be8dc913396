"""The per-machine cache of compiled ``regex`` patterns: faster start-up, never other output."""

from __future__ import annotations

import marshal
import subprocess
import sys
from pathlib import Path

import regex
import regex._main

from linter import patterns
from tests.conftest import ROOT, SEEDS, run_cli

# Lints the seeds in-process and prints how many patterns it had to parse (cache misses).
PROBE = """
import sys
import linter.patterns as patterns
from linter.cli import main
try:
    main(["check", "-q", "--no-config", "--jobs", "1", "--format", "json-lines", sys.argv[1]])
except SystemExit:
    pass
print("parsed", patterns._added, file=sys.stderr)
"""


def probe(cache_home: Path, *extra_env: tuple[str, str]) -> tuple[str, int]:
    env = {"XDG_CACHE_HOME": str(cache_home), "PYTHONHASHSEED": "random"}
    env.update(dict(extra_env))
    result = subprocess.run([sys.executable, "-c", PROBE, str(SEEDS)], cwd=ROOT, text=True,
                            capture_output=True, env={**_base_env(), **env}, timeout=300)
    parsed = [line for line in result.stderr.splitlines() if line.startswith("parsed ")]
    assert parsed, result.stderr
    return result.stdout, int(parsed[-1].split()[1])


def _base_env() -> dict:
    import os

    env = dict(os.environ)
    env.pop("ARCHIVE_LINT_NO_CACHE", None)
    return env


def cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "archive-lint").glob("regex-*.marshal"))


def test_second_run_parses_no_pattern_and_reports_the_same(tmp_path):
    cold_output, cold_parsed = probe(tmp_path)
    assert cold_parsed > 50  # the rule patterns the seeds need
    assert len(cache_files(tmp_path)) == 1
    warm_output, warm_parsed = probe(tmp_path)  # another hash seed: patterns must not vary
    assert warm_parsed == 0
    assert warm_output == cold_output
    assert warm_output.count("\n") == 60  # the seeds' golden findings, all there


def test_every_cached_pattern_behaves_as_regex_compiles_it(tmp_path):
    probe(tmp_path)
    stored = marshal.loads(cache_files(tmp_path)[0].read_bytes())
    sample = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.rglob("*.txt")))
    sample += " Source: PTI (اے پی پی)\u200c\u200d\ufeff ۔، . ?? « » 12:30 "
    for (source, flags), arguments in stored.items():
        cached = regex._main._regex.compile(*arguments)
        direct = regex.compile(source, flags)
        assert cached.pattern == direct.pattern
        assert (cached.groups, cached.groupindex) == (direct.groups, direct.groupindex)
        assert ([m.span() for m in cached.finditer(sample)]
                == [m.span() for m in direct.finditer(sample)]), source


def test_corrupt_cache_is_ignored_and_replaced(tmp_path):
    reference, _ = probe(tmp_path)
    cache = cache_files(tmp_path)[0]
    cache.write_bytes(b"\x00not marshal data")
    output, parsed = probe(tmp_path)
    assert output == reference
    assert parsed > 50
    assert isinstance(marshal.loads(cache.read_bytes()), dict)  # rewritten whole


def test_no_cache_setting_writes_nothing(tmp_path):
    reference, _ = probe(tmp_path / "with")
    output, parsed = probe(tmp_path / "without", ("ARCHIVE_LINT_NO_CACHE", "1"))
    assert output == reference
    assert parsed > 50
    assert cache_files(tmp_path / "without") == []


def test_unwritable_cache_folder_still_lints(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    unwritable = run_cli("check", "-q", "--no-config", str(SEEDS),
                         env={"XDG_CACHE_HOME": str(blocker)})
    without = run_cli("check", "-q", "--no-config", str(SEEDS),
                      env={"ARCHIVE_LINT_NO_CACHE": "1"})
    assert (unwritable.returncode, unwritable.stderr) == (1, "")
    assert unwritable.stdout == without.stdout
    assert unwritable.stdout.count("\n") == 60


def test_a_bad_pattern_raises_and_leaves_regex_intact():
    real = regex._main._regex
    try:
        patterns.compile("(unclosed")
    except regex.error as error:
        assert "missing )" in str(error)
    else:
        raise AssertionError("no error for an unbalanced pattern")
    assert regex._main._regex is real
    assert patterns.compile(r"\p{Devanagari}+").findall("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]


def test_same_pattern_and_flags_give_the_same_object():
    first = patterns.compile(r"[۔؟،]+", regex.V1)
    assert patterns.compile(r"[۔؟،]+", regex.V1) is first
    assert patterns.compile(r"[۔؟،]+") is not first


FLOOD = """
import linter.patterns as patterns
for n in range(600):
    patterns.compile(f"x{{{n}}}")
"""


def test_the_cache_keeps_the_most_recently_used_patterns_only(tmp_path):
    probe(tmp_path)
    env = {**_base_env(), "XDG_CACHE_HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", FLOOD], cwd=ROOT, env=env, check=True, timeout=300)
    stored = marshal.loads(cache_files(tmp_path)[0].read_bytes())
    assert len(stored) == patterns.MAX_ENTRIES
    assert set(stored) == {(f"x{{{n}}}", 0) for n in range(600 - patterns.MAX_ENTRIES, 600)}
    _, parsed = probe(tmp_path)  # the seeds' patterns were evicted: parsed again, and kept
    assert parsed > 50
    stored = marshal.loads(cache_files(tmp_path)[0].read_bytes())
    assert len(stored) == patterns.MAX_ENTRIES
    assert probe(tmp_path)[1] == 0
