"""Write a JSON document whose one big list is streamed: what ``json.dump(..., indent=2)``
would write, byte for byte, without holding the list (of findings) in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain
from typing import Any, TextIO

# Stands in for the streamed list while the rest of the document is dumped; cannot occur in
# real data, as json writes U+0000 escaped.
_MARK = "\x00streamed-items\x00"


def dump(document: dict, place: list[Any], items: Iterable[Any], stream: TextIO) -> None:
    """``json.dump(document, stream, ensure_ascii=False, indent=2)`` where the list ``place``
    (an empty list inside ``document``) holds ``items``, written one at a time."""
    items = iter(items)
    first = next(items, _MARK)
    if first is _MARK:  # nothing to stream: the plain dump writes ``[]``
        json.dump(document, stream, ensure_ascii=False, indent=2)
        return
    place.append(_MARK)
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2)
    finally:
        place.pop()
    mark = json.dumps(_MARK)
    at = text.index(mark)
    line_start = text.rindex("\n", 0, at) + 1
    indent = text[line_start:at]
    stream.write(text[:line_start])
    for number, item in enumerate(chain((first,), items)):
        if number:
            stream.write(",\n")
        stream.write(indent + json.dumps(item, ensure_ascii=False, indent=2)
                     .replace("\n", "\n" + indent))
    stream.write(text[at + len(mark):])
