"""Apply fixes: safe ones by default, unsafe ones on request; atomically, or as a diff.

One pass lints the file's current text, takes the fixes in the order of their first edit and
keeps each fix whose edits overlap no edit already kept ("first wins"); the rest wait for the
next pass, which lints the fixed text again. Passes repeat until nothing changes (at most
``MAX_PASSES``). Only the characters inside the kept edits change, so the file keeps its BOM,
line endings and encoding unless a fix is about exactly those.

A file that did not decode cleanly is never written. ``.jsonl`` files are fixed record by
record: an edit in a record's article maps through the JSON string escapes to the raw line, and
only the edited characters are re-encoded; everything else in the line stays byte-identical.

Writes are atomic: the new bytes go to a temporary file beside the original, which is flushed,
fsynced, given the original's permissions and renamed over it, so a crash or kill leaves
either the old file or the new one.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import json
import os
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from linter.findings import Finding
from linter.readers import JSON_STRING_CHAR, format_of, read_bytes

MAX_PASSES = 10
TEMP_SUFFIX = ".archive-lint-tmp"


@dataclass(frozen=True)
class TextEdit:
    """Replace ``text[start:end]`` of the whole file's decoded text."""

    start: int
    end: int
    replacement: str


@dataclass
class Pass:
    before: str
    edits: list[TextEdit]
    fixes: int


@dataclass
class FileFix:
    """What fixing one file did (or would do, for ``--diff``)."""

    path: str
    original: str = ""
    fixed: str = ""
    passes: list[Pass] = field(default_factory=list)
    fixes: int = 0
    converged: bool = True
    written: bool = False
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


# --------------------------------------------------------------------------- choosing edits

def conflicts(a: TextEdit, b: TextEdit) -> bool:
    """Whether two edits touch the same characters (two insertions at one point do too)."""
    if a.start < b.end and b.start < a.end:
        return True
    return a.start == a.end == b.start == b.end


class EditSet:
    """Non-overlapping edits, sorted by position."""

    def __init__(self) -> None:
        self.edits: list[TextEdit] = []
        self._keys: list[tuple[int, int]] = []

    def fits(self, edit: TextEdit) -> bool:
        index = bisect.bisect_left(self._keys, (edit.start, edit.end))
        if index > 0 and conflicts(self.edits[index - 1], edit):
            return False
        for other in self.edits[index:]:
            if other.start > edit.end:
                break
            if conflicts(other, edit):
                return False
        return True

    def add(self, edit: TextEdit) -> None:
        index = bisect.bisect_left(self._keys, (edit.start, edit.end))
        self._keys.insert(index, (edit.start, edit.end))
        self.edits.insert(index, edit)


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """``text`` with non-overlapping ``edits`` applied; everything between them is copied."""
    out, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[position:edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


class JsonlMapper:
    """Maps edits in a record's article to edits of the raw .jsonl text."""

    def __init__(self, text: str):
        self.line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._raw: dict[tuple[int, int], list[int]] = {}

    def _raw_offsets(self, locator, index: int) -> list[int]:
        key = (locator.line_number, index)
        if key not in self._raw:
            _start, raw_start, raw_end = locator.parts[index]
            raw = [m.start() for m in
                   JSON_STRING_CHAR.finditer(locator.raw_line, raw_start, raw_end)]
            raw.append(raw_end)
            self._raw[key] = raw
        return self._raw[key]

    def edits(self, doc, edits) -> list[TextEdit] | None:
        locator = doc.locator
        if locator is None:
            return None
        line_start = self.line_starts[locator.line_number - 1]
        raw_line = locator.raw_line
        ascii_style = raw_line.isascii() and "\\u" in raw_line
        parts = locator.parts
        result = []
        for edit in edits:
            for index in range(len(parts) - 1, -1, -1):
                part_start = parts[index][0]
                part_end = (parts[index + 1][0] - 1 if index + 1 < len(parts)
                            else len(doc.text))
                if part_start <= edit.start and edit.end <= part_end:
                    break
            else:
                return None
            if edit.start < part_start:
                return None  # the edit crosses the line between title and text fields
            raw = self._raw_offsets(locator, index)
            escaped = json.dumps(edit.replacement, ensure_ascii=ascii_style)[1:-1]
            result.append(TextEdit(line_start + raw[edit.start - part_start],
                                   line_start + raw[edit.end - part_start], escaped))
        return result


def choose_edits(text: str, path: str, findings: list[Finding], documents,
                 unsafe: bool) -> tuple[list[TextEdit], int]:
    """The edits of one pass: fixes in order of their first edit; a fix that overlaps an
    earlier one waits for the next pass. Returns (edits, number of fixes taken)."""
    fmt = format_of(path)
    # Record ids may repeat in a broken archive: a record is its id and its line.
    by_record = {(doc.record, doc.locator.line_number): doc for doc in documents
                 if doc.locator is not None} if fmt == "jsonl" else {}
    mapper = None
    candidates = []
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.edits or not (fix.safe or unsafe):
            continue
        if fmt == "jsonl":
            mapper = mapper or JsonlMapper(text)
            doc = by_record.get((finding.record, finding.line))
            if doc is None:
                continue
            edits = mapper.edits(doc, fix.edits)
            if edits is None:
                continue
        else:
            edits = [TextEdit(e.start, e.end, e.replacement) for e in fix.edits]
        edits = [e for e in edits if not (e.start == e.end and not e.replacement)]
        if edits:
            candidates.append((min(e.start for e in edits), finding.sort_key(), edits))
    candidates.sort(key=lambda item: (item[0], item[1]))
    chosen = EditSet()
    taken = 0
    for _first, _key, edits in candidates:
        if all(chosen.fits(e) for e in edits) and not _self_overlap(edits):
            for edit in edits:
                chosen.add(edit)
            taken += 1
    return chosen.edits, taken


def _self_overlap(edits: list[TextEdit]) -> bool:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    return any(conflicts(a, b) for a, b in itertools.pairwise(ordered))


# --------------------------------------------------------------------------- one file

def fix_text(text: str, path: str, settings, *, unsafe: bool = False, options=None):
    """Fix ``text`` (the decoded content of ``path``) in passes.

    Returns ``(FileFix, FileResult)``; the FileResult holds the findings that remain (with
    suppressions collected, archive signatures) for the fixed text.
    """
    from linter.runner import lint_read, read_options

    options = options or read_options(settings)
    outcome = FileFix(path, original=text, fixed=text)
    if path.lower().endswith(".parquet"):  # shards are data files: lint them, never rewrite
        return outcome, lint_read(read_bytes(text.encode("utf-8"), path, options), path, settings)
    current = text
    for _ in range(MAX_PASSES):
        read = read_bytes(current.encode("utf-8"), path, options)
        result = lint_read(read, path, settings)
        if any(not doc.decoded_cleanly for doc in read.documents):
            outcome.fixed = current
            return outcome, result
        findings = _unsuppressed(result, settings)
        edits, taken = choose_edits(current, path, findings, read.documents, unsafe)
        if not edits:
            outcome.fixed = current
            return outcome, result
        outcome.passes.append(Pass(current, edits, taken))
        outcome.fixes += taken
        new = apply_edits(current, edits)
        if new == current:
            outcome.fixed = current
            return outcome, result
        current = new
    outcome.fixed = current
    outcome.converged = False
    read = read_bytes(current.encode("utf-8"), path, options)
    return outcome, lint_read(read, path, settings)


def _unsuppressed(result, settings) -> list[Finding]:
    if result.suppressions is None:
        return list(result.findings)
    import copy

    from linter.suppressions import apply

    table = {result.path: copy.deepcopy(result.suppressions)}
    return [f for f in apply(list(result.findings), table, settings)
            if f.rule != "unused-suppression"]


def is_read_only(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def write_atomic(path: str, data: bytes, *, expect: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` atomically (temp file beside it, fsync, rename).

    Keeps the file's permission bits (and owner, where allowed). With ``expect``, refuses when
    the file no longer holds those bytes (it changed while we were fixing it).
    """
    real = os.path.realpath(path)
    directory = os.path.dirname(real) or "."
    try:
        st = os.stat(real)
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        st = None
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=TEMP_SUFFIX,
                                dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        if st is not None:
            with suppress(OSError):
                os.chown(temp, st.st_uid, st.st_gid)
        if expect is not None and Path(real).read_bytes() != expect:
            raise OSError("the file changed while it was being fixed; not written")
        os.replace(temp, real)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    with suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def fix_file(path: str, settings, options=None, *, unsafe: bool = False, write: bool = True):
    """Fix one file on disk. Returns ``(FileFix, FileResult)``: the result holds the findings
    that remain (those of the original text when the file could not be written)."""
    from linter.runner import FileResult, lint_file, read_regular_file

    try:
        data = read_regular_file(path)
    except OSError:
        result = lint_file(path, settings, options)  # reports the read error
        return FileFix(path, error=None), result
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        outcome = FileFix(path)
        return outcome, lint_file(path, settings, options)
    outcome, result = fix_text(text, path, settings, unsafe=unsafe, options=options)
    if not outcome.changed or not write:
        return outcome, result
    if is_read_only(path):
        outcome.error = "read-only file: not fixed"
    else:
        try:
            write_atomic(path, outcome.fixed.encode("utf-8"), expect=data)
            outcome.written = True
            return outcome, result
        except OSError as exc:
            outcome.error = f"cannot write: {exc.strerror or exc}"
    # Not written: report the findings of the file as it is.
    original = lint_file(path, settings, options)
    return outcome, original if not original.error else FileResult(path)


def unified_diff(outcome: FileFix) -> str:
    """A unified diff of one file's fix (``--- a/path``/``+++ b/path``), or ""."""
    if not outcome.changed:
        return ""
    lines = difflib.unified_diff(outcome.original.splitlines(keepends=True),
                                 outcome.fixed.splitlines(keepends=True),
                                 fromfile=f"a/{outcome.path}", tofile=f"b/{outcome.path}")
    out = []
    for line in lines:
        if line.endswith(("\n", "\r")):
            out.append(line if line.endswith("\n") else line + "\n")
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


# --------------------------------------------------------------------------- many files

@dataclass
class FixRun:
    outcome: object  # linter.runner.RunResult: the findings that remain
    files: list[FileFix] = field(default_factory=list)

    @property
    def changed(self) -> list[FileFix]:
        """Files that were (or, with ``--diff``, would be) changed."""
        return [f for f in self.files if f.changed and not f.error]

    @property
    def fixes(self) -> int:
        return sum(f.fixes for f in self.changed)


class _FixOne:
    """``fix_file`` as a picklable ``lint`` for :func:`linter.runner.run` (the FileFix rides
    back in ``FileResult.extra``), so fixing runs in a process pool too."""

    def __init__(self, unsafe: bool, write: bool):
        self.unsafe, self.write = unsafe, write

    def __call__(self, path, settings, options):
        outcome, result = fix_file(path, settings, options, unsafe=self.unsafe,
                                   write=self.write)
        result.extra = outcome
        return result


def fix_paths(paths: list[str], settings, *, unsafe: bool = False, write: bool = True,
              jobs: int = 1) -> FixRun:
    """Fix every file under ``paths``; the outcome holds the findings that remain."""
    from linter.runner import run

    files: list[FileFix] = []
    outcome = run(paths, settings, lint=_FixOne(unsafe, write), jobs=jobs,
                  on_result=lambda result: files.append(result.extra))
    for item in files:
        if item.error:
            outcome.errors.append(f"{item.path}: {item.error}")
    return FixRun(outcome, files)
