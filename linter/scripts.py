"""Unicode script classification with compiled ``regex`` scans (Script_Extensions aware).

Other modules ask here which script a run of letters belongs to; nothing else in the package
hard-codes script ranges.
"""

from __future__ import annotations

from functools import lru_cache

import regex


@lru_cache(maxsize=None)
def script_letters(script: str) -> regex.Pattern:
    """A pattern matching runs of letters and marks whose Script_Extensions include ``script``."""
    return regex.compile(rf"[\p{{scx={script}}}&&[\p{{L}}\p{{M}}]]+", regex.V1)


def letter_count(text: str, script: str) -> int:
    """How many letters and marks of ``script`` the text holds (one scan, no per-char loop)."""
    return sum(map(len, script_letters(script).findall(text)))


def dominant_script(text: str, scripts: list[str]) -> tuple[str | None, dict[str, int]]:
    """The script among ``scripts`` with the most letters in ``text``, and all the counts."""
    counts = {script: letter_count(text, script) for script in scripts}
    best = max(counts, key=counts.get, default=None)
    if best is None or counts[best] == 0:
        return None, counts
    return best, counts
