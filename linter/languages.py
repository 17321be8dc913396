"""Language packs: what differs between Urdu and Hindi, loaded from ``rules/languages/*.yaml``.

A pack names its primary script (used to detect the language of an unlabelled article), the
scripts its text may use, and one section per rule family (punctuation marks, residue phrases,
attribution patterns, letter variants ...). Adding a language is adding a YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from linter.resources import load_trusted_yaml, rules_dir
from linter.scripts import script_letters


@dataclass(frozen=True, eq=False)  # equal only to itself: caches keyed by pack stay apart
class LanguagePack:
    code: str
    name: str
    primary_script: str
    allowed_scripts: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> dict[str, Any]:
        """One family's data (an empty mapping when the pack has none)."""
        return self.data.get(key) or {}


@lru_cache(maxsize=1)
def language_packs() -> dict[str, LanguagePack]:
    packs = {}
    for path in sorted((rules_dir() / "languages").glob("*.yaml")):
        data = load_trusted_yaml(path)
        packs[data["code"]] = LanguagePack(
            code=data["code"],
            name=data["name"],
            primary_script=data["primary-script"],
            allowed_scripts=tuple(data["allowed-scripts"]),
            data=data,
        )
    return packs


def detect_language(text: str) -> str | None:
    """The pack whose primary script has the most letters in ``text`` (None if no letters)."""
    packs = language_packs()
    best, most = None, 0
    for code, pack in packs.items():
        # Deleting the script's letters in C and comparing lengths: no match objects.
        count = len(text) - len(script_letters(pack.primary_script).sub("", text))
        if count > most:
            best, most = code, count
    return best
