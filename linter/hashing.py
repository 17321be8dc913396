"""``hashlib.blake2b``, without importing hashlib.

``import hashlib`` loads OpenSSL first (about 3.5 ms, a twentieth of a one-article pre-commit
run's own time); BLAKE2 is CPython's built-in ``_blake2`` module either way, so it is taken
from there, and from hashlib only on an interpreter built without it.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without _blake2
    from hashlib import blake2b

__all__ = ["blake2b"]
