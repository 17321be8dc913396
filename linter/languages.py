"""Language packs: what differs between Urdu and Hindi, loaded from ``rules/languages/*.yaml``.

A pack names its primary script (used to detect the language of an unlabelled article), the
scripts its text may use, and one section per rule family (punctuation marks, residue phrases,
attribution patterns, letter variants ...). Adding a language is adding a YAML file.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from linter.resources import load_trusted_yaml, rules_dir
from linter.scripts import bmp_plane, script_letters


class LanguagePack:
    """One language's pack; equal only to itself, so caches keyed by pack stay apart. Not a
    dataclass: see "Habits" in docs/contributing.md (start-up time)."""

    __slots__ = ("allowed_scripts", "code", "data", "name", "primary_script")

    def __init__(self, code: str, name: str, primary_script: str,
                 allowed_scripts: tuple[str, ...], data: dict[str, Any] | None = None):
        self.code = code
        self.name = name
        self.primary_script = primary_script
        self.allowed_scripts = allowed_scripts
        self.data = {} if data is None else data

    def __repr__(self) -> str:
        return f"LanguagePack(code={self.code!r})"

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
    counts = _letter_counts_numpy(text, tuple(p.primary_script for p in packs.values()))
    best, most = None, 0
    for index, (code, pack) in enumerate(packs.items()):
        if counts is not None:
            count = counts[index]
        else:  # deleting the script's letters in C and comparing lengths: no match objects
            count = len(text) - len(script_letters(pack.primary_script).sub("", text))
        if count > most:
            best, most = code, count
    return best


def _letter_counts_numpy(text: str, scripts: tuple[str, ...]) -> list[int] | None:
    """Letters and marks of each script in ``text``, by one table lookup per character, when
    NumPy is already loaded (a run of many articles) and the text is all in the Basic
    Multilingual Plane; None otherwise (then the ``regex`` scans count, with the same result).
    """
    numpy = sys.modules.get("numpy")
    if numpy is None or not text or len(scripts) > 8:
        return None
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    if codes.max() > 0xFFFF:
        return None
    bits = _script_bits(scripts).take(codes)  # take: about twice as fast as bits[codes]
    return [int(numpy.count_nonzero(bits & (1 << bit))) for bit in range(len(scripts))]


@lru_cache(maxsize=4)
def _script_bits(scripts: tuple[str, ...]):
    """For each BMP code point, bit ``i`` set when ``script_letters(scripts[i])`` matches it."""
    import numpy

    table = numpy.zeros(0x10000, dtype=numpy.uint8)
    plane = bmp_plane()
    for bit, script in enumerate(scripts):
        for run in script_letters(script).finditer(plane):
            table[run.start():run.end()] |= 1 << bit
    return table
