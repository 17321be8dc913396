"""Duplicate-article signatures of a whole archive in little memory, and the LSH search.

A signature is 512 bytes of MinHash plus a few numbers (see
:class:`linter.checks.duplicates.DuplicateArticle`). Held as Python objects, a million articles
would take about a gigabyte; here the numbers sit in typed arrays and the MinHash rows in a
temporary file (kept in memory while small), read back in chunks. The search is the banding
of datasketch's ``MinHashLSH`` with its parameters (``b`` bands of ``r`` rows, from its
optimiser for the threshold): articles whose MinHash agrees on a whole band are candidates,
found by sorting each band's hash once (NumPy) instead of one dictionary entry per article and
band; candidates are then scored on the full MinHash, as datasketch's ``jaccard`` does.
"""

from __future__ import annotations

import struct
import sys
import tempfile
from array import array
from collections.abc import Iterator
from functools import cache
from typing import Any

from linter import sketch
from linter.checks import DocumentKey
from linter.resources import cached_data

ROW = sketch.SIGNATURE_BYTES
SPOOL_BYTES = 16 << 20  # MinHash rows kept in memory up to this size, then in a temporary file
CHUNK_ROWS = 8192  # rows read back at a time
BAND_MIX = 0x9E3779B97F4A7C15  # a band's hash: h = h * BAND_MIX + value, modulo 2**64
MASK64 = (1 << 64) - 1


class LazySketches:
    """datasketch MinHash objects of some rows, made one at a time as they are read."""

    def __init__(self, table: SignatureTable, rows: list[int]) -> None:
        self.table, self.rows = table, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> Any:
        return sketch.from_bytes(self.table.minhash_bytes(self.rows[index]))

    def __iter__(self) -> Iterator[Any]:
        return (self[index] for index in range(len(self.rows)))


class SignatureTable:
    """``(DocumentKey, signature)`` entries of the duplicate-article check, stored compactly.

    Iterating yields the entries as the check made them (for the signature index); the LSH
    search reads the MinHash rows straight from storage.
    """

    def __init__(self) -> None:
        self.keys: list[DocumentKey] = []
        self._numbers = array("q")  # per article: line, column, end line, end column, words, size
        self._digests = array("Q")
        self._rows = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        self._pending: dict[int, bytes] = {}  # row -> raw shingle hashes, MinHashed on demand

    def append(self, entry: tuple[DocumentKey, tuple]) -> None:
        key, (position, words, digest, size, (kind, data)) = entry
        row = len(self.keys)
        self.keys.append(key)
        self._numbers.extend((*position, words, size))
        self._digests.append(digest)
        self._rows.seek(row * ROW)
        if kind == "minhash":
            self._rows.write(data)
        else:  # the first article of a process: its MinHash is made only if it is compared
            self._pending[row] = data
            self._rows.write(bytes(ROW))

    def __len__(self) -> int:
        return len(self.keys)

    def digest(self, row: int) -> int:
        return self._digests[row]

    def position(self, row: int) -> tuple[int, int, int, int]:
        line, column, end_line, end_column = self._numbers[6 * row:6 * row + 4]
        return line, column, end_line, end_column

    def shingle_size(self, row: int) -> int:
        return self._numbers[6 * row + 5]

    def signature(self, row: int) -> tuple:
        numbers = self._numbers[6 * row:6 * row + 6]
        return (tuple(numbers[:4]), numbers[4], self._digests[row], numbers[5],
                ("minhash", self.minhash_bytes(row)))

    def __iter__(self) -> Iterator[tuple[DocumentKey, tuple]]:
        for row, key in enumerate(self.keys):
            yield key, self.signature(row)

    def minhash_bytes(self, row: int) -> bytes:
        self._settle()
        self._rows.seek(row * ROW)
        return self._rows.read(ROW)

    def minhash_rows(self, rows) -> Any:
        """The MinHash values of ``rows`` as a (len(rows), NUM_PERM) uint32 array."""
        import numpy as np

        return np.frombuffer(b"".join(map(self.minhash_bytes, rows)),
                             dtype="<u4").reshape(-1, sketch.NUM_PERM)

    def chunks(self) -> Iterator[tuple[int, Any]]:
        """``(first row, values)`` for consecutive blocks of MinHash rows."""
        import numpy as np

        self._settle()
        self._rows.seek(0)
        for start in range(0, len(self.keys), CHUNK_ROWS):
            data = self._rows.read(ROW * min(CHUNK_ROWS, len(self.keys) - start))
            yield start, np.frombuffer(data, dtype="<u4").reshape(-1, sketch.NUM_PERM)

    def _settle(self) -> None:
        """MinHash the rows still held as raw shingle hashes."""
        while self._pending:
            row, data = self._pending.popitem()
            self._rows.seek(row * ROW)
            self._rows.write(sketch.minhash_bytes(array("I", data).tolist()))

    def close(self) -> None:
        self._rows.close()


@cache
def bands(threshold: float) -> tuple[int, int]:
    """``(b, r)``: the banding datasketch's ``MinHashLSH`` chooses for ``threshold``, leaning
    toward recall (weights 0.3/0.7): candidates are verified on the full MinHash after.

    Its optimiser needs SciPy (half a second and 40 MB to import), so the answer is kept in
    the cache folder, keyed by the installed datasketch (:func:`sketch.datasketch_fingerprint`).
    """
    def optimise() -> list[int]:
        lsh = sketch.lsh(threshold)
        return [lsh.b, lsh.r]

    b, r = cached_data("lsh-bands",
                       f"{sketch.datasketch_fingerprint()}\0{sketch.NUM_PERM}\0{threshold!r}",
                       optimise)
    return b, r


# Articles compared in plain Python when NumPy is not loaded (a run of a few files).
PYTHON_ROWS = 16


def near_copies(table: SignatureTable, order: list[int],
                threshold: float) -> dict[int, tuple[int, float]]:
    """:func:`best_earlier` of :func:`candidate_pairs`: for each later position of ``order``,
    its best earlier near copy. A few articles are compared in plain Python (the same
    arithmetic, the same result) rather than importing NumPy for them."""
    if "numpy" not in sys.modules and len(order) <= PYTHON_ROWS:
        rows = [struct.unpack(f"<{sketch.NUM_PERM}I", table.minhash_bytes(row)) for row in order]
        return _best_earlier_in_python(rows, _pairs_in_python(rows, threshold), threshold)
    return best_earlier(table, order, candidate_pairs(table, order, threshold), threshold)


def _pairs_in_python(rows: list[tuple[int, ...]], threshold: float) -> list[tuple[int, int]]:
    """:func:`candidate_pairs` of a few MinHash rows: the same band hash, modulo 2**64."""
    b, r = bands(threshold)
    pairs = set()
    for band in range(b):
        buckets: dict[int, list[int]] = {}
        for position, values in enumerate(rows):
            key = 0
            for value in values[band * r:(band + 1) * r]:
                key = (key * BAND_MIX + value) & MASK64
            buckets.setdefault(key, []).append(position)
        for bucket in buckets.values():
            pairs.update((later, earlier) for index, later in enumerate(bucket)
                         for earlier in bucket[:index])
    return sorted(pairs)


def _best_earlier_in_python(rows: list[tuple[int, ...]], pairs: list[tuple[int, int]],
                            threshold: float) -> dict[int, tuple[int, float]]:
    best: dict[int, tuple[int, float]] = {}
    for after, before in pairs:
        same = sum(x == y for x, y in zip(rows[after], rows[before], strict=True))
        _keep_best(best, after, before, same / sketch.NUM_PERM, threshold)
    return best


def _keep_best(best: dict[int, tuple[int, float]], after: int, before: int, score: float,
               threshold: float) -> None:
    """Record ``before`` as ``after``'s match if it scores at least ``threshold`` and beats
    the match so far (ties: the earliest)."""
    if score < threshold:
        return
    current = best.get(after)
    if current is None or score > current[1] or (score == current[1] and before < current[0]):
        best[after] = (before, score)


def candidate_pairs(table: SignatureTable, order: list[int], threshold: float) -> Any:
    """Pairs ``(later, earlier)`` of positions in ``order`` whose MinHash rows agree on at
    least one whole band, as a (pairs, 2) int64 array without repeats."""
    import numpy as np

    b, r = bands(threshold)
    n = len(order)
    keys = np.empty((b, len(table)), dtype=np.uint64)
    mix = np.uint64(BAND_MIX)
    with np.errstate(over="ignore"):
        for start, values in table.chunks():
            block = values.astype(np.uint64)
            for band in range(b):
                value = np.zeros(len(block), dtype=np.uint64)
                for column in range(band * r, (band + 1) * r):
                    value = value * mix + block[:, column]
                keys[band, start:start + len(block)] = value
    keys = keys[:, np.asarray(order, dtype=np.int64)] if n else keys[:, :0]
    found = []
    for band in range(b):
        sort = np.argsort(keys[band], kind="stable")
        starts = np.flatnonzero(np.diff(keys[band][sort], prepend=~keys[band][sort][:1]))
        sizes = np.diff(starts, append=len(sort))
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(),
                               strict=True):  # only the buckets holding two or more
            group = np.sort(sort[start:start + size])
            later, earlier = np.triu_indices(size, 1)[::-1]
            found.append(np.stack([group[later], group[earlier]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def best_earlier(table: SignatureTable, order: list[int], pairs: Any,
                 threshold: float) -> dict[int, tuple[int, float]]:
    """For each later position of ``pairs``: the earlier candidate with the highest estimated
    Jaccard at or above ``threshold`` (ties: the earliest), as ``(position, score)``."""
    import numpy as np

    if not len(pairs):
        return {}
    involved = np.unique(pairs)
    rows = table.minhash_rows([order[p] for p in involved])
    where = {int(p): i for i, p in enumerate(involved)}
    later = rows[[where[int(p)] for p in pairs[:, 0]]]
    earlier = rows[[where[int(p)] for p in pairs[:, 1]]]
    scores = (later == earlier).mean(axis=1)
    best: dict[int, tuple[int, float]] = {}
    for (after, before), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        _keep_best(best, after, before, score, threshold)
    return best
