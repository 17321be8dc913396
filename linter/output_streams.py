"""What standard output and error do with characters their encoding cannot hold.

File names that are not valid UTF-8 reach Python as lone surrogates, and print as their
original bytes (``surrogateescape``). On a terminal whose encoding is not UTF-8 (``LANG`` set
to Latin-1, ``PYTHONIOENCODING=ascii``), Urdu and Hindi text cannot be encoded at all: each
such character prints as a ``\\uXXXX`` escape (a surrogate pair beyond the BMP), which JSON
reads back as the same character, instead of the run ending in an encoding error.
"""

from __future__ import annotations

import codecs
import sys

HANDLER = "archive-lint-escape"


def _escape_unencodable(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    code = ord(error.object[error.start])
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name: the byte itself
        return bytes([code - 0xDC00]), error.start + 1
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}", error.start + 1
    return f"\\u{code:04x}", error.start + 1


def prepare() -> None:
    """Set the error handler of ``sys.stdout`` and ``sys.stderr``: ``surrogateescape`` on a
    UTF-8 stream (it holds every other character), else :func:`_escape_unencodable`."""
    for stream in (sys.stdout, sys.stderr):
        try:
            utf8 = codecs.lookup(stream.encoding).name == "utf-8"
            if not utf8:
                _register()
            stream.reconfigure(errors="surrogateescape" if utf8 else HANDLER)
        except (AttributeError, LookupError, TypeError, ValueError, OSError):
            pass


def _register() -> None:
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _escape_unencodable)
