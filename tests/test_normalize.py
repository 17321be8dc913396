"""Word splitting and keys for the duplicate checks: exact offsets, and the same words whether
NumPy is loaded (array path) or not (``regex`` split)."""

from __future__ import annotations

import sys

import numpy  # noqa: F401 - loaded, so words() may take its NumPy path
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import normalize

# Edge cases of WORD: a mark or joiner opening a run (skipped), joiners and tatweel inside a
# word, digits of three systems, NUL and a lone surrogate (never word characters), a word at
# either end, text outside the BMP (the NumPy path hands it to the regex split).
CASES = [
    ("", []),
    ("   ", []),
    ("ab", [(0, 2, "ab")]),
    (" Ab  CD ", [(1, 3, "ab"), (5, 7, "cd")]),
    ("\u0301ab \u200cکی", [(1, 3, "ab"), (5, 7, "\u06a9\u06cc")]),
    ("\u0651\u064e", []),
    ("a\u0301\u200db\u0640c", [(0, 6, "\u00e1bc")]),
    ("كي ۱۲ ١٢ १२", [(0, 2, "\u06a9\u06cc"), (3, 5, "12"), (6, 8, "12"), (9, 11, "12")]),
    ("x\0y\ud800z", [(0, 1, "x"), (2, 3, "y"), (4, 5, "z")]),
    ("हिंदी, ڈاکٹر!", [(0, 5, "हिंदी"), (7, 12, "ڈاکٹر")]),
    ("a 😀 b\U00010400", [(0, 1, "a"), (4, 6, "b\U00010428")]),
]


@pytest.mark.parametrize("with_numpy", [True, False])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_words_have_exact_offsets_and_keys(text, expected, with_numpy, monkeypatch):
    if not with_numpy:
        monkeypatch.setitem(sys.modules, "numpy", None)
    found = normalize.words(text)
    assert list(zip(found.starts, found.ends, found.keys)) == expected


def test_words_of_a_slice_are_offsets_into_the_whole_text():
    found = normalize.words("skip these two words", 5, 15)
    assert (found.starts, found.ends, found.keys) == ([5, 11], [10, 14], ["these", "two"])


def test_numpy_path_is_taken_for_bmp_text(monkeypatch):
    calls = []
    real = normalize._words_numpy
    monkeypatch.setattr(normalize, "_words_numpy", lambda *a: calls.append(1) or real(*a))
    normalize.words("ایک دو")
    assert calls == [1]


def _by_regex(text: str, start: int) -> normalize.Words:
    saved = sys.modules["numpy"]
    sys.modules["numpy"] = None
    try:
        return normalize.words(text, start)
    finally:
        sys.modules["numpy"] = saved


# Characters around every edge the two paths could disagree on.
# Keys too: marks NFC composes (nukta after न, madda and hamza after alef and yeh, acute
# after e) or reorders (shadda before fatha, dot below after acute), characters that fold to
# several (ß, İ, ﬁ) or to nothing (tatweel, joiners).
ALPHABET = st.sampled_from(list(
    "ab AZ\t\n.,۔؟\0\u0301\u064e\u0651\u093f\u094d\u093c\u200c\u200d\u0640\u00ad\u200b"
    "كيیکہ١۱१2ँंः\ud800\ufeffनकاeßİﬁΣ\u0653\u0654\u0323\u0315"))


@settings(max_examples=1000, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.integers(0, 5))
def test_numpy_and_regex_paths_split_alike(text, start):
    start = min(start, len(text))
    assert normalize.words(text, start) == _by_regex(text, start)
