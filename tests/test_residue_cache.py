"""The residue groups and pre-filters kept in the cache folder (linter.checks.residue): read
back, they are what building them gives; a corrupt or unkeyable entry is rebuilt."""

from __future__ import annotations

import pytest
import regex


def _groups_data(groups, prefilter):
    from linter.checks.residue import _to_data

    return _to_data(groups, prefilter)


@pytest.mark.parametrize("lang", ["ur", "hi", None])
def test_groups_and_prefilter_from_the_cache_folder_are_those_built(lang, tmp_path, monkeypatch):
    """The groups and pre-filter read back from the cache folder equal those built afresh,
    and a corrupt cache file is rebuilt, not trusted."""
    from linter.checks import residue as residue_check
    from linter.checks.residue_prefilter import build_prefilter, prefilter_for
    from linter.languages import language_packs

    monkeypatch.delenv("ARCHIVE_LINT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packs = language_packs()
    codes = [lang] if lang in packs else sorted(packs)
    built = tuple(group for code in codes
                  for group in residue_check.compile_groups(packs[code].section("residue")))
    expected = _groups_data(built, build_prefilter(built))
    try:
        for _ in range(2):  # built and written, then read back
            residue_check.groups_for.cache_clear()
            groups = residue_check.groups_for(lang)
            assert _groups_data(groups, prefilter_for(lang, groups)) == expected
            assert [g.ordered for g in groups] == [g.ordered for g in built]
        (cached,) = (tmp_path / "archive-lint").glob("residue-*.marshal")
        cached.write_bytes(b"\x00garbage")
        residue_check.groups_for.cache_clear()
        groups = residue_check.groups_for(lang)
        assert _groups_data(groups, prefilter_for(lang, groups)) == expected
    finally:
        residue_check.groups_for.cache_clear()


def test_phrase_pattern_escapes_as_regex_escape_does():
    """phrase_pattern escapes one character at a time (cached): the same as regex.escape."""
    from linter.checks.residue import _escaped

    for char in map(chr, [*range(0x3000), *range(0xFB00, 0x10000)]):
        assert _escaped(char) == regex.escape(char)


def test_entries_json_does_not_take_are_built_not_cached(tmp_path, monkeypatch):
    """A value JSON cannot key (an unquoted YAML date as a pattern) only skips the cache."""
    import datetime

    from linter.checks.residue import _prepared, compile_groups

    monkeypatch.delenv("ARCHIVE_LINT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    entries = [{"kind": "k", "patterns": [datetime.date(2024, 1, 1)]}]
    groups, _ = _prepared(entries)
    assert [g.ordered for g in groups] == [g.ordered for g in compile_groups(entries)]
    assert not list(tmp_path.glob("**/residue-*"))
