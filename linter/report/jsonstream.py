"""Write a JSON document whose one big list is streamed: what ``json.dump(..., indent=2)``
would write, byte for byte, without holding the list (of findings) in memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import chain
from json.encoder import encode_basestring
from typing import Any, TextIO

# Stands in for the streamed list while the rest of the document is dumped; cannot occur in
# real data, as json writes U+0000 escaped.
_MARK = "\x00streamed-items\x00"


def dump(document: dict, place: list[Any], items: Iterable[Any], stream: TextIO,
         encode: Callable[[Any, str], str] | None = None) -> None:
    """``json.dump(document, stream, ensure_ascii=False, indent=2)`` where the list ``place``
    (an empty list inside ``document``) holds ``items``, written one at a time; ``encode(item,
    indent)``, when given, writes an item as :func:`indented` would write its JSON value."""
    encode = encode or indented
    items = iter(items)
    first = next(items, _MARK)
    if first is _MARK:  # nothing to stream: the plain dump writes ``[]``
        json.dump(document, stream, ensure_ascii=False, indent=2)
        return
    head, indent, tail = frame(document, place)
    stream.write(head)
    separator = ",\n" + indent
    lead, chunk = indent, []  # written before the next chunk
    for item in chain((first,), items):
        chunk.append(encode(item, indent))
        if len(chunk) == _CHUNK:
            stream.write(lead + separator.join(chunk))
            lead, chunk = separator, []
    if chunk:
        stream.write(lead + separator.join(chunk))
    stream.write(tail)


def frame(document: dict, place: list[Any]) -> tuple[str, str, str]:
    """What ``json.dumps(document, ensure_ascii=False, indent=2)`` writes before the items of
    the list ``place`` (empty, inside ``document``) when it holds some, the indent of each
    item, and what it writes after them. In between go the items, each after the indent, with a
    comma and a line break after each but the last."""
    place.append(_MARK)
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2)
    finally:
        place.pop()
    mark = json.dumps(_MARK)
    at = text.index(mark)
    line_start = text.rindex("\n", 0, at) + 1
    return text[:line_start], text[line_start:at], text[at + len(mark):]


_CHUNK = 256  # items written at once: one write call each would cost more than the encoding


def indented(value: Any, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with ``indent`` before every line
    but the first, for the values reports hold. With ``indent`` set, ``json`` encodes in pure
    Python (about 50 us a finding); this escapes strings in C and joins: several times faster.
    Anything unusual (a float, a key that is not a string, another type) goes to ``json``."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = indent + "  "
    if type(value) is dict and all(type(key) is str for key in value):
        if not value:
            return "{}"
        return "{\n" + ",\n".join(f"{inner}{encode_basestring(key)}: {indented(item, inner)}"
                                   for key, item in value.items()) + f"\n{indent}}}"
    if type(value) in (list, tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + indented(item, inner) for item in value) + \
            f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
