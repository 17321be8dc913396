"""The compact signature table and its LSH search agree with datasketch's MinHashLSH."""

from __future__ import annotations

import random
import sys

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from linter import normalize, signatures, sketch
from linter.checks import DocumentKey


def _random_signature(rng: random.Random) -> np.ndarray:
    return np.array([rng.getrandbits(32) for _ in range(sketch.NUM_PERM)], dtype="<u4")


def _table(rows: list[np.ndarray]) -> signatures.SignatureTable:
    table = signatures.SignatureTable()
    for number, values in enumerate(rows):
        table.append((DocumentKey(f"{number:04}.txt", None),
                      ((1, 1, 1, 9), 60, number, 5, ("minhash", values.tobytes()))))
    return table


def _corpus(seed: int = 7, count: int = 300) -> list[np.ndarray]:
    """Random MinHash rows, a third of them near copies of an earlier row (a few values
    changed), so some share bands and some do not."""
    rng = random.Random(seed)
    rows: list[np.ndarray] = []
    for _ in range(count):
        if rows and rng.random() < 0.35:
            values = rows[rng.randrange(len(rows))].copy()
            for column in rng.sample(range(sketch.NUM_PERM), rng.choice([2, 6, 12, 30])):
                values[column] = rng.getrandbits(32)
        else:
            values = _random_signature(rng)
        rows.append(values)
    return rows


def _datasketch_best(rows: list[np.ndarray], threshold: float) -> dict[int, tuple[int, float]]:
    """The reference: datasketch's LSH, queried before each insert, best score, earliest tie."""
    lsh = MinHashLSH(threshold=threshold, num_perm=sketch.NUM_PERM, weights=(0.3, 0.7))
    sketches = [sketch.from_bytes(values.tobytes()) for values in rows]
    best: dict[int, tuple[int, float]] = {}
    for number, query in enumerate(sketches):
        for other in lsh.query(query):
            score = query.jaccard(sketches[other])
            current = best.get(number)
            if score >= threshold and (current is None or score > current[1]
                                       or (score == current[1] and other < current[0])):
                best[number] = (other, score)
        lsh.insert(number, query, check_duplication=False)
    return best


def test_banding_is_datasketchs_for_the_threshold():
    lsh = MinHashLSH(threshold=0.85, num_perm=sketch.NUM_PERM, weights=(0.3, 0.7))
    assert signatures.bands(0.85) == (lsh.b, lsh.r) == (9, 14)


def test_best_earlier_match_equals_datasketch_lsh():
    rows = _corpus()
    table = _table(rows)
    order = list(range(len(rows)))
    for threshold in (0.5, 0.85):
        pairs = signatures.candidate_pairs(table, order, threshold)
        assert len(pairs) and (pairs[:, 0] > pairs[:, 1]).all()
        ours = signatures.best_earlier(table, order, pairs, threshold)
        reference = _datasketch_best(rows, threshold)
        assert ours == reference and len(reference) > 20


def test_table_gives_back_the_entries_it_was_given_also_past_its_memory(monkeypatch):
    monkeypatch.setattr(signatures, "SPOOL_BYTES", 4 * signatures.ROW)
    monkeypatch.setattr(signatures, "CHUNK_ROWS", 3)
    rows = _corpus(count=10)
    table = _table(rows)
    assert len(table) == 10
    assert [values.tobytes() for _, values in
            ((s, v) for s, chunk in table.chunks() for v in chunk)] == [r.tobytes() for r in rows]
    key, signature = list(table)[7]
    assert key == DocumentKey("0007.txt", None)
    assert signature == ((1, 1, 1, 9), 60, 7, 5, ("minhash", rows[7].tobytes()))


def test_raw_shingle_hashes_are_minhashed_when_read():
    hashes = normalize.shingle_hashes([f"word{n}" for n in range(80)], 5)
    table = signatures.SignatureTable()
    from array import array

    table.append((DocumentKey("a.txt", None),
                  ((2, 1, 2, 40), 80, 1, 5, ("hashes", array("I", hashes).tobytes()))))
    expected = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED, scheme=sketch.SCHEME,
                       hashfunc=lambda value: value,
                       permutations=sketch._template().permutations)
    expected.update_batch(hashes)
    assert table.minhash_bytes(0) == expected.hashvalues.astype("<u4").tobytes()


@pytest.mark.parametrize("count", [1, 700, sketch._BLOCK + 1, 3 * sketch._BLOCK])
def test_minhash_values_are_datasketchs_in_one_block_and_several(count):
    hashes = normalize.shingle_hashes([f"w{n}" for n in range(count + 2)], 3)
    assert len(hashes) == count
    expected = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED, scheme=sketch.SCHEME,
                       hashfunc=lambda value: value,
                       permutations=sketch._template().permutations)
    expected.update_batch(hashes)
    assert sketch.minhash_values(hashes).tolist() == expected.hashvalues.tolist()


def test_shingle_hashes_are_the_same_with_and_without_numpy(monkeypatch):
    import sys

    words = normalize.words("ایک دو تین چار پانچ چھ سات آٹھ نو دس ایک دو تین چار پانچ").keys
    with_numpy = normalize.shingle_hashes(words, 5).tolist()
    short = normalize.shingle_hashes(words[:3], 5).tolist()
    monkeypatch.delitem(sys.modules, "numpy")
    without = normalize.shingle_hashes(words, 5)
    assert with_numpy == without and len(with_numpy) == 10  # 11 five-grams, one repeated
    assert short == normalize.shingle_hashes(words[:3], 3) and len(short) == 1
    assert normalize.shingle_hashes([], 5) == []


@pytest.mark.parametrize("with_numpy", [True, False])
def test_shingle_hashes_of_ids_equal_those_of_the_words(with_numpy, monkeypatch):
    import sys

    if not with_numpy:
        monkeypatch.setitem(sys.modules, "numpy", None)
    words = normalize.words("ایک دو تین چار پانچ چھ سات آٹھ نو دس ایک دو تین चार پانچ").keys
    distinct = list(dict.fromkeys(words))
    ids = [distinct.index(word) for word in words]
    for size in (1, 3, 5, 40):
        expected = list(normalize.shingle_hashes(words, size))
        assert list(normalize.shingle_hashes_of_ids(ids, distinct, size)) == expected
        assert expected
    assert normalize.shingle_hashes_of_ids([], [], 5) == []


def test_minhash_values_do_not_depend_on_the_previous_calls_scratch():
    # The permutation step reuses one scratch array: a small sketch after a big one must not
    # see the big one's values.
    big = normalize.shingle_hashes([f"big{n}" for n in range(2 * sketch._BLOCK)], 2)
    small = normalize.shingle_hashes(["one", "two", "three", "four"], 2)
    expected = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED, scheme=sketch.SCHEME,
                       hashfunc=lambda value: value,
                       permutations=sketch._template().permutations)
    expected.update_batch(small)
    sketch.minhash_values(big)
    assert sketch.minhash_values(small).tolist() == expected.hashvalues.tolist()
    assert sketch.minhash_values([]).tolist() == [0xFFFFFFFF] * sketch.NUM_PERM


def test_shingle_hashes_of_an_id_array_equal_pythons_modulo_two_to_the_64(monkeypatch):
    # The NumPy path multiplies uint64 arrays in place and relies on silent wrap-around.
    import sys

    import numpy

    words = [f"लफ़्ज़{n % 37}" for n in range(300)]
    distinct = list(dict.fromkeys(words))
    ids = numpy.array([distinct.index(word) for word in words], dtype=numpy.uint64)
    with_numpy = {size: normalize.shingle_hashes_of_ids(ids, distinct, size).tolist()
                  for size in (1, 2, 5, 9)}
    monkeypatch.setitem(sys.modules, "numpy", None)
    for size, values in with_numpy.items():
        assert values == normalize.shingle_hashes_of_ids(ids.tolist(), distinct, size)


def test_signature_values_are_pinned():
    # Stored signature indexes compare these values across runs and versions: a faster
    # computation must give the very same numbers (else bump NORMALISATION_VERSION).
    import hashlib

    from linter.checks.duplicates import body_digest

    words = normalize.words("ایک دو تین چار پانچ چھ سات آٹھ نو دس، "
                            "एक दो तीन चार पाँच छह सात आठ नौ दस").keys
    hashes = normalize.shingle_hashes(words, 5)
    assert list(map(int, hashes)) == [
        330126622, 383871460, 1001890879, 1440854836, 1488193706, 1874200379, 1905968731,
        2031194694, 2621791151, 2696697767, 2738112160, 3032373781, 3865250427, 3872802058,
        4051038442, 4130670659]
    values = sketch.minhash_values(hashes)
    assert values[:4].tolist() == [599250932, 429086637, 126909913, 212700489]
    assert hashlib.sha256(values.astype("<u4").tobytes()).hexdigest()[:16] == "5dff680fbdcf5779"
    assert body_digest(words) == 16289327144241080704


@pytest.mark.parametrize("count", [0, 1, 5, 700])
def test_minhash_in_plain_python_is_datasketchs(count):
    hashes = [int(h) for h in normalize.shingle_hashes([f"w{n}" for n in range(count + 2)], 3)]
    hashes = hashes[:count]  # two words make one shingle: none is what count 0 asks
    expected = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED, scheme=sketch.SCHEME,
                       hashfunc=lambda value: value,
                       permutations=sketch._template().permutations)
    expected.update_batch(hashes)
    assert sketch._python_minhash(hashes) == expected.hashvalues.tolist()
    assert sketch.permutations() == tuple(p.tolist() for p in sketch._template().permutations)


def test_a_few_minhashes_are_made_without_numpy_then_with_it(monkeypatch):
    hashes = [int(h) for h in normalize.shingle_hashes([f"w{n}" for n in range(40)], 3)]
    numpy_bytes = sketch.minhash_values(hashes).astype("<u4").tobytes()
    monkeypatch.setattr(sketch, "_python_shingles", [0])
    monkeypatch.setattr(sketch, "PYTHON_SHINGLES", 2 * len(hashes))
    made = []
    monkeypatch.setattr(sketch, "minhash_values", lambda h: made.append(h) or np.array(
        sketch._python_minhash(h), dtype=np.uint32))
    monkeypatch.delitem(sys.modules, "numpy")
    assert [sketch.minhash_bytes(hashes) for _ in range(3)] == [numpy_bytes] * 3
    assert len(made) == 1  # the third: past the budget, NumPy's way


@pytest.mark.parametrize("threshold", [0.5, 0.85])
def test_near_copies_of_a_few_articles_in_plain_python_are_datasketchs(monkeypatch, threshold):
    rows = _corpus(seed=11, count=signatures.PYTHON_ROWS)
    reference = _datasketch_best(rows, threshold)
    assert reference  # the corpus holds near copies
    table = _table(rows)
    order = list(range(len(rows)))
    assert signatures.near_copies(table, order, threshold) == reference  # NumPy loaded
    monkeypatch.delitem(sys.modules, "numpy")
    monkeypatch.setattr(signatures, "candidate_pairs", None)  # must not be called
    assert signatures.near_copies(table, order, threshold) == reference
