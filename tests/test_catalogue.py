"""The catalogue is well-formed, documented, and every rule's bad/good examples hold."""

from __future__ import annotations

import pytest

from linter.catalogue import CODE_PATTERN, FIX_KINDS, NAME_PATTERN, builtin_catalogue
from linter.checks import load_check
from linter.config import Config
from linter.docs import rules_markdown
from linter.engine import Settings
from linter.runner import run
from tests.conftest import ROOT

CATALOGUE = builtin_catalogue()
EXAMPLES = [(spec.name, index, example) for spec in CATALOGUE
            for index, example in enumerate(spec.examples)]
NO_EXAMPLES = {"internal-error", "time-budget"}  # raised by the engine, not by text


@pytest.mark.parametrize("spec", list(CATALOGUE), ids=lambda spec: spec.name)
def test_rule_metadata_is_complete(spec):
    assert NAME_PATTERN.fullmatch(spec.name), spec.name
    assert CODE_PATTERN.fullmatch(spec.code), spec.code
    assert spec.fix in FIX_KINDS
    assert spec.summary.endswith("."), "summaries are one sentence"
    assert spec.description, "every rule says why it matters"
    assert load_check(spec.check) is not None
    if spec.name not in NO_EXAMPLES:
        assert spec.examples, "every rule has a bad and a good example"


def _lint_example(text, spec, example, folder, encoding="utf-8"):
    """Write the example as real files (several for archive rules) and lint them."""
    folder.mkdir()
    articles = text if isinstance(text, list) else [text]
    paths = []
    for index, article in enumerate(articles):
        path = folder / f"{index:03}.{example.format}"
        path.write_bytes(article.encode(encoding))
        paths.append(str(path))
    config = Config(lang=example.lang)
    return run(paths, Settings(CATALOGUE, config, select=[spec.name])).findings


@pytest.mark.parametrize("name,index,example", EXAMPLES,
                         ids=[f"{name}-{index}" for name, index, _ in EXAMPLES])
def test_bad_example_is_reported_and_good_is_clean(name, index, example, tmp_path):
    spec = CATALOGUE.rules[name]
    bad = _lint_example(example.bad, spec, example, tmp_path / "bad", example.bad_encoding)
    assert [f for f in bad if f.rule == name], f"bad example of {name} not reported"
    good = _lint_example(example.good, spec, example, tmp_path / "good")
    assert not [f for f in good if f.rule == name], \
        f"good example of {name} reported: {[f.message for f in good]}"


def test_codes_and_names_are_unique():
    assert len({s.code for s in CATALOGUE}) == len({s.name for s in CATALOGUE}) == len(CATALOGUE)


def test_rules_reference_is_current():
    """docs/rules.md is generated: `python -m linter.docs > docs/rules.md`."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == \
        rules_markdown(CATALOGUE)
