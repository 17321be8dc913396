"""Config attacks (issue 10): hostile config and rule-pack YAML is refused safely, with a
``file:line:column`` error and exit 2; no Python object is ever built; packs are never
picked up from the linted folder unless the config names them.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import run_cli

ARTICLE = "عنوان\nیہ ایک خبر ہے۔\n"


def _bomb(prefix: str = "", indent: str = "") -> str:
    lines = [f"{indent}- &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{indent}- &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return prefix + "\n".join(lines) + "\n"


ATTACKS = [
    # (name, config text, expected start of the error after "archive-lint: error: ")
    ("alias-bomb-in-rule-option",
     _bomb("rules:\n  invisible-character:\n    allow:\n", "      "),
     ".archive-lint.yaml:5:14: YAML aliases expand to more than 100,000 values"),
    ("alias-bomb-at-top-level",
     "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
         f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)),
     ".archive-lint.yaml:2:10: YAML aliases expand to more than 100,000 values"),
    ("duplicate-keys", "select: [L001]\nselect: [L002]\n",
     ".archive-lint.yaml:2:1: invalid YAML: while constructing a mapping found duplicate key "
     "\"select\""),
    ("python-object-apply", "select: !!python/object/apply:os.system ['touch pwned']\n",
     ".archive-lint.yaml:1:9: unknown rule or code 'touch pwned' in 'select'"),
    ("python-name-tag", "fail-on: !!python/name:os.system\n",
     ".archive-lint.yaml:1:10: 'fail-on' must be one of info, warning, error"),
    ("python-object-new-root", "!!python/object/new:os.system [touch pwned]\n",
     ".archive-lint.yaml: the configuration must be a mapping, not a list"),
    ("python-tag-in-merge-key", "<<: !!python/object:os.system {}\nselect: [L9]\n",
     ".archive-lint.yaml:2:10: unknown rule or code 'L9' in 'select'"),
    ("huge-int", "time-budget: 1" + "0" * 5000 + "\n",
     ".archive-lint.yaml: invalid YAML: Exceeds the limit (4300 digits)"),
    ("deep-nesting", "select: " + "[" * 5000 + "]" * 5000 + "\n",
     ".archive-lint.yaml: YAML nested deeper than 100 levels; refused"),
    ("not-utf8", "select: [L001]\n# \udcff\n", ".archive-lint.yaml: config file is not valid "
     "UTF-8"),
]


@pytest.mark.parametrize("name,text,error", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_hostile_config_is_refused_with_a_located_error(tmp_path, monkeypatch, capsys, name,
                                                        text, error):
    from linter import cli

    (tmp_path / ".archive-lint.yaml").write_bytes(text.encode("utf-8", "surrogateescape"))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    start = time.monotonic()
    code = cli.main(["check", "a.txt"])
    assert time.monotonic() - start < 30
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert stderr.startswith("archive-lint: error: " + error), stderr
    assert not (tmp_path / "pwned").exists()


def test_enormous_config_is_refused_before_parsing(tmp_path):
    (tmp_path / ".archive-lint.yaml").write_text("# padding\n" * 200_000 + "select: [L001]\n",
                                                 encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("archive-lint: error: .archive-lint.yaml: config file is "
                                    "2,000,015 bytes; the limit is 1,000,000")


@pytest.mark.parametrize("text,error", [
    (_bomb("rules:\n  - name: bomb\n    code: H001\n    kind: existence\n    tokens:\n",
           "      "), "pack.yaml:7:14: YAML aliases expand to more than 100,000 values"),
    ("rules:\n  - name: a\n    name: b\n", "pack.yaml:3:5: invalid YAML: while constructing a "
                                             "mapping found duplicate key \"name\""),
    ("rules: !!python/object/apply:os.system ['touch pwned']\n",
     "pack.yaml:1:8: rules[0] must be a mapping, not a string"),
    ("rules:\n  - " + "x" * 1_100_000 + "\n", "pack.yaml: rule pack is 1,100,012 bytes; the "
                                                "limit is 1,000,000"),
], ids=["alias-bomb", "duplicate-keys", "python-tag", "enormous"])
def test_hostile_rule_pack_is_refused_with_a_located_error(tmp_path, monkeypatch, capsys, text,
                                                           error):
    from linter import cli

    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".archive-lint.yaml").write_text("packs: [pack.yaml]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check", "a.txt"])
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert stderr.startswith("archive-lint: error: " + error), stderr
    assert not (tmp_path / "pwned").exists()


PACK = ("rules:\n  - name: no-khabar\n    code: H001\n    kind: existence\n"
        "    severity: error\n    tokens: [خبر]\n")


def test_rule_packs_in_the_linted_folder_are_never_auto_loaded(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text(ARTICLE, encoding="utf-8")
    # Files that look like packs, and a config in the linted folder naming one: none is read
    # when the run starts elsewhere (config is found from the working directory, not the
    # linted paths).
    for name in ("pack.yaml", ".archive-lint-pack.yaml", "rules.yaml", "archive-lint.yaml"):
        (archive / name).write_text(PACK, encoding="utf-8")
    (archive / ".archive-lint.yaml").write_text("packs: [pack.yaml]\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("check", "--select", "ALL", str(archive), cwd=work)
    assert "H001" not in result.stdout and "no-khabar" not in result.stdout
    listing = run_cli("rules", cwd=work)
    assert "no-khabar" not in listing.stdout
    # Named by the config in use, the same pack is loaded and its rule runs.
    (work / ".archive-lint.yaml").write_text(f"packs: [{archive / 'pack.yaml'}]\n",
                                             encoding="utf-8")
    named = run_cli("check", str(archive), cwd=work)
    assert "H001 [error]" in named.stdout and named.returncode == 1


def test_front_matter_never_builds_python_objects(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n" + ARTICLE,
        encoding="utf-8")
    result = run_cli("check", "--no-config", "--select", "E005", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("a.md:2:8: E005 [error] front matter is not valid YAML: "
                                    "could not determine a constructor for the tag")
    assert not (tmp_path / "pwned").exists()
