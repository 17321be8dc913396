"""Configuration: discovery, validation with file:line:column, selection semantics."""

from __future__ import annotations

import pytest

from linter.catalogue import builtin_catalogue
from linter.config import Config, ConfigError, find_config, load_config
from linter.engine import Settings
from linter.findings import Severity
from tests.conftest import run_cli

CATALOGUE = builtin_catalogue()


def load(tmp_path, text: str, name: str = ".archive-lint.yaml") -> Config:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_config(path, CATALOGUE)


def error_of(tmp_path, text: str, name: str = ".archive-lint.yaml") -> str:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text, name)
    return str(info.value).replace(str(tmp_path) + "/", "")


def test_discovery_walks_up_and_prefers_yaml_over_pyproject(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) is None or not str(find_config(deep)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[tool.archive-lint]\nfail-on = 'warning'\n")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / ".archive-lint.yaml").write_text("fail-on: info\n")
    assert find_config(deep) == tmp_path / "a" / ".archive-lint.yaml"


def test_pyproject_table_is_read(tmp_path):
    config = load(tmp_path, "[tool.archive-lint]\nignore = ['L001']\nlang = 'hi'\n",
                  "pyproject.toml")
    assert (config.ignore, config.lang) == (["L001"], "hi")


def test_unknown_key_is_located_with_a_suggestion(tmp_path):
    assert error_of(tmp_path, "select: [L]\nignroe: [L001]\n") == \
        ".archive-lint.yaml:2:1: unknown key 'ignroe' in the configuration (did you mean 'ignore'?)"


def test_unknown_rule_names_are_located(tmp_path):
    assert error_of(tmp_path, "ignore:\n  - trailing-whitespace\n  - blank-line\n") == \
        (".archive-lint.yaml:3:5: unknown rule or code 'blank-line' in 'ignore' "
         "(did you mean 'blank-lines'?)")
    assert error_of(tmp_path, "rules:\n  trailing-whitspace: off\n") == \
        (".archive-lint.yaml:2:3: unknown rule 'trailing-whitspace' in 'rules' "
         "(did you mean 'trailing-whitespace'?)")


def test_wrong_types_and_values_are_located(tmp_path):
    assert error_of(tmp_path, "fail-on: eror\n") == \
        (".archive-lint.yaml:1:10: 'fail-on' must be one of info, warning, error, not 'eror' "
         "(did you mean 'error'?)")
    assert error_of(tmp_path, "exclude: 3\n") == \
        ".archive-lint.yaml:1:10: 'exclude' must be a list of strings"
    assert error_of(tmp_path, "rules:\n  line-endings:\n    style: dos\n") == \
        (".archive-lint.yaml:3:12: option 'style' of 'line-endings' must be one of lf, crlf, "
         "not 'dos'")
    assert error_of(tmp_path, "rules:\n  line-endings:\n    styl: lf\n") == \
        (".archive-lint.yaml:3:5: unknown key 'styl' in rule 'line-endings' "
         "(did you mean 'style'?)")
    assert error_of(tmp_path, "overrides:\n  - lang: ur\n") == \
        ".archive-lint.yaml:2:5: overrides[0] needs 'files' (a list of globs)"


def test_yaml_syntax_errors_and_duplicate_keys_are_located(tmp_path):
    assert error_of(tmp_path, "select: [L\nignore: x\n").startswith(".archive-lint.yaml:2:")
    message = error_of(tmp_path, "fail-on: info\nfail-on: error\n")
    assert message.startswith(".archive-lint.yaml:2:1: invalid YAML:")
    assert "duplicate key" in message


def test_python_object_tags_are_not_constructed(tmp_path):
    message = error_of(tmp_path, "select: !!python/object/apply:os.system ['echo pwned']\n")
    assert message.startswith(".archive-lint.yaml:")


def test_pyproject_errors_point_at_the_key(tmp_path):
    assert error_of(tmp_path, "[project]\nname='x'\n\n[tool.archive-lint]\nselekt = ['L']\n",
                    "pyproject.toml") == \
        "pyproject.toml:5:1: unknown key 'selekt' in the configuration (did you mean 'select'?)"


def enabled(settings: Settings, path: str = "x.txt") -> set[str]:
    return set(settings.enabled_names(settings.overrides_for(path)))


def test_select_ignore_by_name_code_prefix_with_specificity():
    all_rules = {spec.name for spec in CATALOGUE if spec.default}
    assert enabled(Settings(CATALOGUE)) == all_rules
    assert enabled(Settings(CATALOGUE, select=["L"])) == {
        "trailing-whitespace", "blank-lines", "final-newline", "empty-article"}
    assert enabled(Settings(CATALOGUE, select=["L"], ignore=["L00"])) == set()
    assert enabled(Settings(CATALOGUE, select=["L001", "E"], ignore=["E00"])) == {
        "trailing-whitespace"}
    # a more specific select beats a broader ignore
    assert enabled(Settings(CATALOGUE, select=["L002"], ignore=["L"])) == {"blank-lines"}
    assert "bom" not in enabled(Settings(CATALOGUE, ignore=["bom"]))


def test_rules_table_sets_severity_and_turns_rules_off(tmp_path):
    config = load(tmp_path, "rules:\n  final-newline: error\n  blank-lines: off\n")
    active = Settings(CATALOGUE, config).enabled_names()
    assert active["final-newline"].severity is Severity.ERROR
    assert "blank-lines" not in active


def test_overrides_apply_per_path_glob(tmp_path):
    config = load(tmp_path, (
        "overrides:\n"
        "  - files: ['hindi/**']\n"
        "    lang: hi\n"
        "    ignore: [trailing-whitespace]\n"
        "  - files: ['*.md']\n"
        "    select: [L001]\n"))
    settings = Settings(CATALOGUE, config)
    hindi = str(tmp_path / "hindi" / "2024" / "a.txt")
    assert settings.overrides_for(hindi) == (0,)
    assert settings.language_for((0,)) == "hi"
    assert "trailing-whitespace" not in enabled(settings, hindi)
    assert enabled(settings, str(tmp_path / "x.md")) == {"trailing-whitespace"}
    assert "blank-lines" in enabled(settings, str(tmp_path / "urdu" / "a.txt"))


def test_config_command_prints_effective_settings(tmp_path):
    (tmp_path / ".archive-lint.yaml").write_text(
        "fail-on: warning\nignore: [bom]\nrules:\n  line-endings:\n    style: crlf\n")
    result = run_cli("config", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "fail-on: warning" in result.stdout
    assert "  line-endings:\n    severity: warning\n    style: crlf\n" in result.stdout
    assert "disabled:\n- bom\n" in result.stdout


def test_broken_config_is_exit_2_with_location(tmp_path):
    (tmp_path / ".archive-lint.yaml").write_text("select: [L001]\nfail_on: error\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == ("archive-lint: error: .archive-lint.yaml:2:1: unknown key "
                             "'fail_on' in the configuration (did you mean 'fail-on'?)\n")
