"""Rule packs: house rules in YAML, loaded through a real config, run through the CLI."""

from __future__ import annotations

import textwrap

import pytest

from linter.catalogue import builtin_catalogue
from linter.config import ConfigError, load_config
from linter.engine import Settings
from tests.conftest import run_cli, triples

# The worked example of docs/rule-packs.md.
PACK = textwrap.dedent("""\
    rules:
      - name: house-transliteration
        code: H001
        kind: substitution
        summary: House transliterations of company and product names.
        swap:
          ओपनईएआई: ओपनएआई
          ERNIEBot: ERNIE Bot
        examples:
          - lang: hi
            bad: "शीर्षक\\nओपनईएआई ने नया मॉडल जारी किया।\\n"
            good: "शीर्षक\\nओपनएआई ने नया मॉडल जारी किया।\\n"
      - name: house-source-line
        code: H002
        kind: required
        severity: error
        region: end
        lines: 2
        patterns: ['^(?:स्रोत|Source)\\s*:']
        message: "the article must end with a source line (स्रोत: ...)"
        examples:
          - lang: hi
            bad: "शीर्षक\\nख़बर का पाठ।\\n"
            good: "शीर्षक\\nख़बर का पाठ।\\nस्रोत: पीटीआई\\n"
    """)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / ".archive-lint.yaml").write_text(
        "packs: [rules/house.yaml]\nselect: [H]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(
        "शीर्षक\nओपनईएआई और ERNIEBot पर ख़बर।\n", encoding="utf-8")
    (tmp_path / "articles" / "b.txt").write_text(
        "शीर्षक\nओपनएआई पर ख़बर।\nस्रोत: पीटीआई\n", encoding="utf-8")
    return tmp_path


def test_pack_rules_work_end_to_end_through_config_and_cli(project):
    result = run_cli("check", "articles", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    import json

    data = json.loads(result.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    got = sorted((f["path"].replace("\\", "/"), f["rule"], f["line"], f["column"])
                 for f in findings)
    assert got == [("articles/a.txt", "house-source-line", 1, 1),
                   ("articles/a.txt", "house-transliteration", 2, 1),
                   ("articles/a.txt", "house-transliteration", 2, 12)]


def test_substitution_fix_is_safe_and_correct(project):
    config = load_config(project / ".archive-lint.yaml", builtin_catalogue())
    settings = Settings(config.catalogue, config, select=["house-transliteration"])
    from linter.readers import read_bytes
    from linter.runner import FileResult, lint_one

    result = FileResult("x.txt")
    for doc in read_bytes("शीर्षक\nओपनईएआई और ERNIEBot।\n".encode(), "x.txt").documents:
        lint_one(doc, settings, (), result)
    fixes = [(f.fix.safe, f.fix.edits[0].replacement) for f in result.findings]
    assert fixes == [(True, "ओपनएआई"), (True, "ERNIE Bot")]


def test_pack_rules_are_listed_and_explained(project):
    listing = run_cli("rules", cwd=project)
    assert "H001   house-transliteration" in listing.stdout
    assert "H002   house-source-line" in listing.stdout
    explain = run_cli("explain", "H002", cwd=project)
    assert explain.returncode == 0 and "house-source-line (H002)" in explain.stdout


def test_test_pack_runs_examples(project):
    result = run_cli("test-pack", "rules/house.yaml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 rule(s), 4 example(s), 0 failure(s)" in result.stdout
    broken = PACK.replace('good: "शीर्षक\\nओपनएआई', 'good: "शीर्षक\\nओपनईएआई')
    (project / "broken.yaml").write_text(broken, encoding="utf-8")
    result = run_cli("test-pack", "broken.yaml", "--no-config", cwd=project)
    assert result.returncode == 1
    assert "FAIL H001 house-transliteration example 1 good" in result.stdout


def test_packs_are_not_auto_loaded(project):
    (project / ".archive-lint.yaml").write_text("select: [L]\n", encoding="utf-8")
    result = run_cli("rules", cwd=project)
    assert "house-transliteration" not in result.stdout


BROKEN = {
    "bad yaml": ("rules:\n  - name: x-a\n    code: H010\n    kind: existence\n    tokens: [a\n",
                 "rules/bad.yaml:6:1: invalid YAML"),
    "unknown kind": ("rules:\n  - name: x-a\n    code: H010\n    kind: existance\n",
                     "rules/bad.yaml:4:11: 'kind' must be one of existence, substitution, "
                     "required, consistency, not 'existance' (did you mean 'existence'?)"),
    "invalid regex": ("rules:\n  - name: x-a\n    code: H010\n    kind: existence\n"
                      "    patterns: [ok, '(unclosed']\n",
                      "rules/bad.yaml:5:20: invalid regular expression '(unclosed'"),
    "unknown key": ("rules:\n  - name: x-a\n    code: H010\n    kind: existence\n"
                    "    tokenz: [a]\n",
                    "rules/bad.yaml:5:5: unknown key 'tokenz' in rules[0] (existence rule) "
                    "(did you mean 'tokens'?)"),
    "code clash": ("rules:\n  - name: x-a\n    code: L001\n    kind: existence\n"
                   "    tokens: [a]\n",
                   "rules/bad.yaml:3:11: rule code 'L001' is already used by "
                   "'trailing-whitespace'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_is_a_located_config_error(case, project):
    text, expected = BROKEN[case]
    (project / "rules" / "bad.yaml").write_text(text, encoding="utf-8")
    (project / ".archive-lint.yaml").write_text("packs: [rules/bad.yaml]\n", encoding="utf-8")
    result = run_cli("check", "articles", cwd=project)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr


def test_missing_pack_points_at_the_config(project):
    (project / ".archive-lint.yaml").write_text("packs:\n  - nope.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(project / ".archive-lint.yaml", builtin_catalogue())
    assert (error.value.line, error.value.column) == (2, 5)


def test_catastrophic_pattern_times_out_as_a_finding(tmp_path):
    (tmp_path / "slow.yaml").write_text(
        "rules:\n  - name: slow-rule\n    code: H100\n    kind: existence\n"
        "    timeout: 0.2\n    patterns: ['(a|aa)+$']\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("packs: [slow.yaml]\n", encoding="utf-8")
    config = load_config(tmp_path / "c.yaml", builtin_catalogue())
    settings = Settings(config.catalogue, config, select=["slow-rule"])
    from linter.readers import read_bytes
    from linter.runner import FileResult, lint_one

    result = FileResult("x.txt")
    for doc in read_bytes(("t\n" + "a" * 40 + "!\n").encode(), "x.txt").documents:
        lint_one(doc, settings, (), result)
    assert triples(result.findings) == [("slow-rule", 1, 1)]
    assert "was stopped" in result.findings[0].message


def test_existence_and_consistency(tmp_path):
    (tmp_path / "p.yaml").write_text(textwrap.dedent("""\
        rules:
          - name: no-breaking
            code: H201
            kind: existence
            tokens: [ब्रेकिंग न्यूज़]
          - name: one-spelling
            code: H202
            kind: consistency
            sets: [[ओपनएआई, ओपन एआई]]
        """), encoding="utf-8")
    (tmp_path / "c.yaml").write_text("packs: [p.yaml]\nselect: [H2]\n", encoding="utf-8")
    config = load_config(tmp_path / "c.yaml", builtin_catalogue())
    settings = Settings(config.catalogue, config)
    from linter.readers import read_bytes
    from linter.runner import FileResult, lint_one

    result = FileResult("x.txt")
    text = "शीर्षक\nब्रेकिंग न्यूज़: ओपनएआई ने कहा।\nओपनएआई और ओपन एआई।\n"
    for doc in read_bytes(text.encode(), "x.txt").documents:
        lint_one(doc, settings, (), result)
    assert sorted(triples(result.findings)) == [("no-breaking", 2, 1), ("one-spelling", 3, 11)]


def test_docs_worked_example_is_the_tested_pack():
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "rule-packs.md").read_text(encoding="utf-8")
    section = doc.split("## Worked example", 1)[1]
    blocks = section.split("```yaml\n")
    assert blocks[1].split("```", 1)[0] == PACK


def test_config_can_configure_pack_rules_and_metadata_region(tmp_path):
    (tmp_path / "p.yaml").write_text(textwrap.dedent("""\
        rules:
          - name: needs-source-field
            code: H301
            kind: required
            region: metadata
            fields: [source, url]
            languages: [ur]
        """), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "packs: [p.yaml]\nselect: [needs-source-field]\nrules:\n  needs-source-field: info\n",
        encoding="utf-8")
    config = load_config(tmp_path / "c.yaml", builtin_catalogue())
    settings = Settings(config.catalogue, config)
    from linter.readers import read_bytes
    from linter.runner import FileResult, lint_one

    def lint(text, path="a.md"):
        result = FileResult(path)
        for doc in read_bytes(text.encode(), path).documents:
            lint_one(doc, settings, (), result)
        return [(f.rule, f.line, str(f.severity)) for f in result.findings]

    assert lint("---\nlang: ur\n---\nخبر ہے۔\n") == [("needs-source-field", 1, "info")]
    assert lint("---\nlang: ur\nsource: APP\n---\nخبر ہے۔\n") == []
    assert lint("---\nlang: hi\n---\nख़बर है।\n") == []  # the rule is for Urdu only
