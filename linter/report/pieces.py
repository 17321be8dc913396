"""Writing a report's run of findings from pieces: text made here, and segments that worker
processes wrote ahead as UTF-8 (:mod:`linter.shards`), copied as bytes when the stream allows."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from typing import TextIO


def write_lines(findings, stream: TextIO, rendering) -> None:
    """Each finding as ``rendering`` (a :class:`linter.report.Rendering` of one line per
    finding) writes it; copied from the workers' shards when the run's log holds some."""
    if getattr(findings, "segments", 0):
        write_pieces(stream, findings.rendered_pieces(rendering), "", "")
        return
    render = rendering.render
    for finding in findings:
        stream.write(render(finding))


def write_pieces(stream: TextIO, pieces: Iterable[str | tuple[bytes, bool]], lead: str,
                 separator: str) -> None:
    """Write each non-empty piece after ``lead`` (the first) or ``separator`` (the rest).

    A piece is text, or ``(data, escaped)``: UTF-8 bytes, holding lone surrogates encoded with
    surrogateescape when ``escaped``. Bytes go straight to a UTF-8 stream's buffer unless
    they hold surrogates the stream would refuse to encode; otherwise they are decoded and
    written as text, which raises just as writing the findings' text would.
    """
    raw = _utf8_buffer(stream)
    strict = getattr(stream, "errors", "strict") != "surrogateescape"
    pending = False  # text written to the stream since its buffer was last written directly
    for piece in pieces:
        if isinstance(piece, str):
            if piece:
                stream.write(lead + piece)
                lead, pending = separator, True
            continue
        data, escaped = piece
        if raw is None or (escaped and strict):
            stream.write(lead + data.decode("utf-8", "surrogateescape"))
            pending = True
        else:
            if pending:
                stream.flush()
                pending = False
            raw.write(lead.encode("utf-8") + data)
        lead = separator


def _utf8_buffer(stream: TextIO):
    """The binary buffer under a UTF-8 text stream, or None."""
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is None or not encoding:
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None
