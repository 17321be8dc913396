"""MinHash signatures with datasketch, loaded only when a comparison is actually possible.

``import datasketch`` costs about 0.5-0.7 s, nearly all of it SciPy (imported by
``datasketch.lsh`` for its parameter optimiser). A run of a few files needs neither: their
MinHash is computed in plain Python with datasketch's permutations, kept in the cache folder
(:func:`permutations`; about 20 us a shingle, where importing NumPy costs 70-140 ms). A
pre-commit run that compares staged files with an index needs only ``datasketch.minhash``
(NumPy, about 0.1 s), so :func:`minhash_class` imports that submodule without running the
package ``__init__`` and then removes the temporary package entry, so a later ``import
datasketch`` still runs the real ``__init__`` and reuses the very same ``MinHash`` class.
:func:`lsh` imports the full package (only to work out the LSH banding once per machine: see
:func:`linter.signatures.bands`).

Signatures use the ``affine32`` scheme: ``NUM_PERM`` uint32 values, 512 bytes an article.
Shingles arrive already hashed to stable 32-bit integers (:func:`linter.normalize.shingle_hashes`)
and pass through an identity ``hashfunc``; datasketch pre-mixes them with MurmurHash3's
finaliser, so CRC-32 inputs are fine.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import struct
import sys
import threading
import types
from functools import cache
from typing import Any

from linter.resources import cached_data

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SIGNATURE_BYTES = 4 * NUM_PERM
MASK32 = 0xFFFFFFFF
# Shingles a process MinHashes in plain Python (about 20 us each) before it imports NumPy
# (70-140 ms) for the rest: a pre-commit run of a few articles never needs NumPy.
PYTHON_SHINGLES = 4096
_python_shingles = [0]


def _identity(value: int) -> int:
    return value


@cache
def minhash_class() -> Any:
    """``datasketch.MinHash``, importing as little of datasketch as possible."""
    if "datasketch.minhash" in sys.modules:
        return sys.modules["datasketch.minhash"].MinHash
    if "datasketch" in sys.modules:
        from datasketch.minhash import MinHash
        return MinHash
    spec = importlib.util.find_spec("datasketch")
    if spec is None or not spec.submodule_search_locations:
        from datasketch import MinHash  # let the ImportError name the missing package
        return MinHash
    stub = types.ModuleType("datasketch")
    stub.__path__ = list(spec.submodule_search_locations)
    stub.__spec__ = spec
    sys.modules["datasketch"] = stub
    try:
        module = importlib.import_module("datasketch.minhash")
    finally:
        # Drop the stub package: `import datasketch` later runs the real __init__, which
        # finds datasketch.minhash (and .hashfunc) already in sys.modules and reuses them.
        if sys.modules.get("datasketch") is stub:
            del sys.modules["datasketch"]
    return module.MinHash


@cache
def _template() -> Any:
    return minhash_class()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity)


def datasketch_fingerprint() -> str:
    """Names the installed datasketch for results cached from it, without importing it or
    importlib.metadata (25 ms): its folder, and the size and time of its MinHash and LSH
    modules."""
    spec = importlib.util.find_spec("datasketch")
    if spec is None or not spec.submodule_search_locations:
        from datasketch import MinHash  # noqa: F401  (let the ImportError name the package)
    folder = next(iter(spec.submodule_search_locations))
    parts = [folder]
    for name in ("minhash.py", "lsh.py"):
        info = os.stat(os.path.join(folder, name))
        parts += [str(info.st_size), str(info.st_mtime_ns)]
    return "\0".join(parts)


@cache
def permutations() -> tuple[list[int], list[int]]:
    """datasketch's ``(a, b)`` affine32 permutations for ``SEED``, as ints. Kept in the cache
    folder, so a small run MinHashes without datasketch or NumPy."""
    def compute() -> list[list[int]]:
        a, b = _template().permutations
        return [a.tolist(), b.tolist()]

    a, b = cached_data("minhash-permutations",
                       f"{datasketch_fingerprint()}\0{SEED}\0{NUM_PERM}\0{SCHEME}", compute)
    return a, b


def _python_minhash(hashes: list[int]) -> list[int]:
    """:func:`minhash_values` in plain Python: the same uint32 arithmetic, the same values."""
    mixed = []
    for value in hashes:  # MurmurHash3's finaliser, as _fmix32
        value ^= value >> 16
        value = (value * 0x85EBCA6B) & MASK32
        value ^= value >> 13
        value = (value * 0xC2B2AE35) & MASK32
        mixed.append(value ^ (value >> 16))
    a, b = permutations()
    return [min([(times * value + plus) & MASK32 for value in mixed], default=MASK32)
            for times, plus in zip(a, b, strict=True)]


def _fmix32(values: Any) -> Any:
    """MurmurHash3's 32-bit finaliser on a uint32 array: datasketch's pre-mix for affine32."""
    import numpy as np

    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


# Hashes per block of the permutation step: bounds the (NUM_PERM x block) scratch array.
_BLOCK = 4096
_SCRATCH = threading.local()  # a reusable uint32 array per thread: no allocation per article


def _scratch(size: int) -> Any:
    """A flat uint32 array of at least ``size`` elements, kept for this thread's next call
    (a Dask worker may sketch in several threads at once)."""
    import numpy as np

    array = getattr(_SCRATCH, "array", None)
    if array is None or len(array) < size:
        array = _SCRATCH.array = np.empty(size, dtype=np.uint32)
    return array


def minhash_values(hashes: list[int]) -> Any:
    """The ``NUM_PERM`` uint32 MinHash values of ``hashes``: exactly what datasketch's
    ``update_batch`` computes for the affine32 scheme, without a Python call per hash."""
    import numpy as np

    a, b = _template().permutations
    result = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    mixed = _fmix32(np.asarray(hashes, dtype=np.uint32))
    scratch = _scratch(NUM_PERM * min(len(mixed), _BLOCK))
    shift = b[:, None]
    for start in range(0, len(mixed), _BLOCK):
        part = mixed[start:start + _BLOCK]
        # One row per permutation: each minimum is a reduction over contiguous memory.
        block = scratch[:NUM_PERM * len(part)].reshape(NUM_PERM, len(part))
        np.multiply.outer(a, part, out=block)
        block += shift
        np.minimum(result, block.min(axis=1), out=result)
    return result


def minhash(hashes: list[int]) -> Any:
    """A datasketch MinHash of the given 32-bit shingle hashes."""
    return minhash_class()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity,
                           hashvalues=minhash_values(hashes),
                           permutations=_template().permutations)


def minhash_bytes(hashes: list[int]) -> bytes:
    """The MinHash of ``hashes`` as ``SIGNATURE_BYTES`` little-endian bytes: with NumPy once
    it is loaded, or once the process has MinHashed ``PYTHON_SHINGLES`` shingles without it."""
    if "numpy" not in sys.modules and _python_shingles[0] + len(hashes) <= PYTHON_SHINGLES:
        _python_shingles[0] += len(hashes)
        return struct.pack(f"<{NUM_PERM}I", *_python_minhash(hashes))
    return minhash_values(hashes).astype("<u4").tobytes()


def from_bytes(data: bytes) -> Any:
    """A MinHash from :func:`minhash_bytes` output."""
    import numpy as np

    template = _template()
    return minhash_class()(seed=SEED, scheme=SCHEME, hashfunc=_identity,
                           hashvalues=np.frombuffer(data, dtype="<u4"),
                           permutations=template.permutations)


def loaded() -> bool:
    """Whether MinHash is already importable at no cost (then signatures compute it at once)."""
    return "datasketch.minhash" in sys.modules


def lsh(threshold: float) -> Any:
    """An empty ``datasketch.MinHashLSH`` for ``threshold``, leaning toward recall (weights
    0.3/0.7): its candidates are verified with the MinHash estimate afterwards."""
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.3, 0.7))
