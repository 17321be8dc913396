"""A one-article run (the pre-commit case) loads only what it needs: start-up time is most of
its cost. Not timed (CI machines are noisy): the modules it must not import are checked."""

import json
import os
import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Each costs start-up time that a one-article text-format run has no use for: dataclasses
# compiles its classes' methods at import and pulls in inspect; the rest serve other runs
# (pickle: spilling and process pools; tomllib: a pyproject.toml naming archive-lint;
# traceback: a crashing check; numpy: many documents; pathspec: include/exclude patterns;
# ruamel: a config file or a YAML cache miss; datasketch: archive-scale duplicates; hashlib:
# loads OpenSSL, and linter.hashing has BLAKE2 without it).
NOT_NEEDED = ("dataclasses", "inspect", "pickle", "tomllib", "traceback", "numpy", "pathspec",
              "ruamel", "datasketch", "multiprocessing", "concurrent", "hashlib")

PROBE = """
import json, sys
from linter.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
"""


def loaded_by(tmp_path, *args, env=None):
    """The exit code and the modules loaded by ``archive-lint ARGS`` run in ``tmp_path``."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path,
                          capture_output=True, text=True, check=False, env=env)
    code, modules = json.loads(done.stderr.strip().splitlines()[-1])
    return code, modules


def warm_cache(tmp_path) -> dict:
    """The environment of a run with the cache folder filled, as every run but a machine's
    first (which parses the YAML catalogue and works out the cached tables)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ARCHIVE_LINT_NO_CACHE", None)
    article = sorted(SEEDS.glob("*.txt"))[1]
    loaded_by(tmp_path, "-q", str(article), env=env)
    return env


def test_a_one_article_run_imports_only_what_it_needs(tmp_path):
    article = sorted(SEEDS.glob("*.txt"))[0]
    code, modules = loaded_by(tmp_path, "-q", str(article), env=warm_cache(tmp_path))
    assert code == 1  # the seed has findings: the run did lint
    assert "linter.checks.residue" in modules  # and ran the rules
    loaded = sorted({m.split(".")[0] for m in modules} & set(NOT_NEEDED))
    assert loaded == []


def test_a_pyproject_without_archive_lint_is_not_parsed(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "news"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("خبر\n\nیہ ایک خبر ہے۔\n", encoding="utf-8")
    env = warm_cache(tmp_path)
    _, modules = loaded_by(tmp_path, "-q", "a.txt", env=env)
    assert "tomllib" not in modules
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "news"\n\n[tool.archive-lint]\nignore = ["missing-attribution"]\n',
        encoding="utf-8")
    code, modules = loaded_by(tmp_path, "-q", "a.txt", env=env)
    assert "tomllib" in modules and code in (0, 1)  # read, and valid


def test_a_run_of_two_articles_compares_them_without_numpy(tmp_path):
    """The duplicate-article check MinHashes and compares a few articles in plain Python
    once the cache folder holds datasketch's permutations and banding (the first run on a
    machine computes them)."""
    letters = "ابتثجحدرسصطعفقکلمنوہی"
    words = ["".join(letters[int(d) * 2] for d in str(n)) + "ا" for n in range(200)]
    body = " ".join(words) + "۔\n"
    (tmp_path / "a.txt").write_text(f"پہلی سرخی\n\n{body}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"دوسری سرخی\n\n{body.replace(words[-1], 'نیا')}",
                                    encoding="utf-8")
    env = warm_cache(tmp_path)
    args = ("--select", "duplicate-article", "--format", "json", "-o", "report.json", "-q",
            "a.txt", "b.txt")
    loaded_by(tmp_path, *args, env=env)  # fills the cache
    code, modules = loaded_by(tmp_path, *args, env=env)
    assert code == 1 and "linter.signatures" in modules
    assert not {"numpy", "datasketch", "importlib.metadata"} & set(modules)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    (finding,) = report["findings"]
    assert finding["path"] == "b.txt" and "a near copy" in finding["message"]
