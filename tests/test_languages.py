"""Language detection: the pack whose primary script has the most letters."""

from __future__ import annotations

import sys

import numpy  # noqa: F401 - loaded, so detect_language takes its table-lookup path
import pytest

from linter.languages import _letter_counts_numpy, detect_language
from linter.scripts import script_letters
from tests.conftest import SEEDS

TEXTS = [
    "یہ ایک مضمون ہے۔",
    "यह एक लेख है।",
    "समावेशی",  # fused: four Devanagari letters and marks, one Urdu yeh
    "اردو میں दो हिंदी शब्द",
    "Only Latin letters, 123.",
    "",
    "\u0651\u064b",  # Arabic marks alone count as Arabic
    "ہندی \U0001EE01\U0001EE02 लेख",  # Arabic mathematical letters: outside the BMP
    "\ud800 lone surrogate ناں",
]


def regex_counts(text: str) -> list[int]:
    return [len(text) - len(script_letters(s).sub("", text)) for s in ("Arabic", "Devanagari")]


@pytest.mark.parametrize("text", TEXTS + [p.read_text(encoding="utf-8")
                                          for p in sorted(SEEDS.glob("*.txt"))])
def test_table_lookup_counts_equal_the_regex_scans(text):
    counts = _letter_counts_numpy(text, ("Arabic", "Devanagari"))
    if counts is None:  # empty, or a character outside the BMP: the regex scans count
        assert text == "" or max(map(ord, text)) > 0xFFFF
    else:
        assert counts == regex_counts(text)


@pytest.mark.parametrize("text, expected", [
    ("یہ ایک مضمون ہے۔", "ur"), ("यह एक लेख है।", "hi"), ("समावेशی", "hi"),
    ("اردو میں दो हिंदी शब्द", "hi"), ("Only Latin letters, 123.", None), ("", None),
    ("ہندی \U0001EE01\U0001EE02 लेख", "ur"),
])
def test_detected_language_is_the_same_with_and_without_numpy(text, expected, monkeypatch):
    assert detect_language(text) == expected
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert detect_language(text) == expected
