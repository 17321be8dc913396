"""The archive signature index: duplicate-article signatures of the whole archive, on disk.

pre-commit passes only the staged files, so a copy of an article already in the archive could
never be found from the staged files alone. ``archive-lint index build`` stores one 512-byte
MinHash (plus a digest, the file's size and mtime) per article in one compact file (the rule's
``index`` option, ``.archive-lint-index`` at the configuration's folder by default). When it
exists, ``check`` compares the linted articles with every indexed one (a NumPy scan of the
signature matrix: about 10 ms per article at 100,000 articles) and then appends the linted files'
fresh signatures to the index's journal, so the next commit knows them. A matched indexed file
whose size or mtime changed since it was indexed is re-read before it is reported, a deleted one
is ignored; ``index build`` again re-reads only changed files and compacts the journal.

File layout (little-endian): a header line ``ARCHIVE-LINT-INDEX 1``, a JSON line with the
parameters and the row count N, then N×(NUM_PERM uint32) MinHash values, N uint64 digests,
N uint64 sizes, N int64 mtimes (native byte order, checked), a uint64 byte length and the
UTF-8 ``path\\0record`` lines;
then journal records (``J``, uint32 length, JSON, MinHash bytes), appended by ``check``.
"""

from __future__ import annotations

import bisect
import json
import mmap
import os
import struct
import sys
from array import array
from pathlib import Path

from linter import normalize, sketch

MAGIC = b"ARCHIVE-LINT-INDEX 1\n"
SCAN_LIMIT = 32  # linted articles up to which the index is scanned rather than LSH-queried
KIND = "duplicates.duplicate_article"
RULE = "duplicate-article"


def parameters(options: dict) -> dict:
    return {"normalisation": normalize.NORMALISATION_VERSION, "num_perm": sketch.NUM_PERM,
            "seed": sketch.SEED, "scheme": sketch.SCHEME,
            "shingle_size": options["shingle-size"], "min_words": options["min-words"],
            "byteorder": sys.byteorder}


def index_path(settings, rules: dict | None = None) -> Path | None:
    """Where the index lives for this configuration, or None when it is switched off."""
    rules = rules if rules is not None else settings.enabled_names()
    active = rules.get(RULE)
    if active is None or not active.options.get("index"):
        return None
    return Path(settings.config.root) / active.options["index"]


class _HashRows:
    """MinHash rows over one bytes block (no copy on load), with replaced and added rows."""

    def __init__(self, block: bytes, count: int):
        self.block, self.count = block, count
        self.changed: dict[int, bytes] = {}
        self.added: list[bytes] = []

    def __len__(self) -> int:
        return self.count + len(self.added)

    def __getitem__(self, row: int) -> bytes:
        if row >= self.count:
            return self.added[row - self.count]
        width = sketch.SIGNATURE_BYTES
        return self.changed.get(row) or self.block[row * width:(row + 1) * width]

    def __setitem__(self, row: int, value: bytes) -> None:
        if row >= self.count:
            self.added[row - self.count] = value
        else:
            self.changed[row] = value

    def append(self, value: bytes) -> None:
        self.added.append(value)

    def tobytes(self) -> bytes:
        return b"".join(self[row] for row in range(len(self))) if self.changed or self.added \
            else bytes(self.block)

    def extra_rows(self) -> list[int]:
        """Rows not in the untouched base block: replaced base rows and added rows."""
        return [*sorted(self.changed), *range(self.count, len(self))]


def _key(path: str, record: str | None) -> str:
    return f"{path}\0{record or ''}"


class ArchiveIndex:
    """The rows of an index file (base plus journal, later rows replacing earlier ones)."""

    def __init__(self, params: dict, root: Path):
        self.params, self.root = params, Path(root)
        self.keys: list[str] = []
        self._added: dict[str, int] = {}  # rows appended since load (all rows when building)
        self.hashes = _HashRows(b"", 0)
        self.digests = array("Q")
        self.sizes = array("Q")
        self.mtimes = array("q")
        self.matrix = None  # NumPy views, built lazily

    def row_of(self, key: str) -> int | None:
        """The row of ``key``: base rows are sorted by key (bisect), added rows in a dict."""
        row = self._added.get(key)
        if row is not None:
            return row
        count = self.hashes.count
        row = bisect.bisect_left(self.keys, key, 0, count)
        return row if row < count and self.keys[row] == key else None

    # --- reading and writing -------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, root: Path, params: dict | None = None) -> ArchiveIndex | None:
        """The index at ``path``, or None if absent, unreadable or built with other parameters."""
        try:
            with open(path, "rb") as stream:
                data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # missing, unreadable or empty
            return None
        if data[:len(MAGIC)] != MAGIC:
            return None
        header_end = data.find(b"\n", len(MAGIC)) + 1
        header = json.loads(data[len(MAGIC):header_end])
        if params is not None and header.get("params") != params:
            return None
        index = cls(header["params"], root)
        n, width = header["count"], sketch.SIGNATURE_BYTES
        offset = header_end
        index.hashes = _HashRows(memoryview(data)[offset:offset + n * width], n)
        offset += n * width
        for name, code in (("digests", "Q"), ("sizes", "Q"), ("mtimes", "q")):
            column = array(code)
            column.frombytes(data[offset:offset + 8 * n])
            setattr(index, name, column)
            offset += 8 * n
        (length,) = struct.unpack_from("<Q", data, offset)
        offset += 8
        names = data[offset:offset + length].decode("utf-8").split("\n") if n else []
        offset += length
        index.keys = names[:n]
        while offset + 5 <= len(data) and data[offset:offset + 1] == b"J":
            (size,) = struct.unpack_from("<I", data, offset + 1)
            end = offset + 5 + size + width
            if end > len(data):
                break  # a torn append: ignore it
            meta = json.loads(data[offset + 5:offset + 5 + size])
            index.put(meta["key"], bytes(data[offset + 5 + size:end]), meta["digest"], meta["size"],
                      meta["mtime"])
            offset = end
        return index

    def put(self, key: str, hashes: bytes, digest: int, size: int, mtime: int) -> None:
        row = self.row_of(key)
        if row is None:
            self._added[key] = len(self.keys)
            self.keys.append(key)
            self.hashes.append(hashes)
            self.digests.append(digest)
            self.sizes.append(size)
            self.mtimes.append(mtime)
        else:
            self.hashes[row], self.digests[row] = hashes, digest
            self.sizes[row], self.mtimes[row] = size, mtime
        self.matrix = None

    def write(self, path: Path) -> None:
        """Write base rows atomically (the journal is folded in)."""
        n = len(self.keys)
        names = "\n".join(self.keys).encode("utf-8")
        header = json.dumps({"params": self.params, "count": n}).encode("utf-8")
        temporary = Path(f"{path}.tmp{os.getpid()}")
        with open(temporary, "wb") as out:
            out.write(MAGIC + header + b"\n")
            out.write(self.hashes.tobytes())
            out.write(self.digests.tobytes())
            out.write(self.sizes.tobytes())
            out.write(self.mtimes.tobytes())
            out.write(struct.pack("<Q", len(names)) + names)
        os.replace(temporary, path)

    @staticmethod
    def append(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> None:
        """Append journal records in one write (no rewrite of the base)."""
        chunks = []
        for key, hashes, digest, size, mtime in entries:
            meta = json.dumps({"key": key, "digest": digest, "size": size,
                               "mtime": mtime}).encode("utf-8")
            chunks.append(b"J" + struct.pack("<I", len(meta)) + meta + hashes)
        with open(path, "ab") as out:
            out.write(b"".join(chunks))

    # --- querying ------------------------------------------------------------------------
    def _arrays(self):
        """The untouched base rows as a zero-copy matrix, the other rows apart, the digests."""
        import numpy as np

        if self.matrix is None:
            width, count = sketch.NUM_PERM, self.hashes.count
            base = np.frombuffer(self.hashes.block, dtype="<u4", count=count * width)
            extra_rows = self.hashes.extra_rows()
            extra = np.frombuffer(b"".join(self.hashes[r] for r in extra_rows) or b"",
                                  dtype="<u4").reshape(len(extra_rows), width)
            self.matrix = (base.reshape(count, width), np.array(extra_rows, dtype=np.int64),
                           extra)
            self.digest_array = np.frombuffer(self.digests, dtype=np.uint64)
        return self.matrix, self.digest_array

    def scores(self, values):
        """Estimated Jaccard of ``values`` (a MinHash's uint32 values) with every row."""
        import numpy as np

        (base, extra_rows, extra), _ = self._arrays()
        result = np.empty(len(self.keys))
        result[:len(base)] = (base == values).mean(axis=1)
        if len(extra_rows):
            result[extra_rows] = (extra == values).mean(axis=1)
        return result

    def best_matches(self, keys, digests, sketches, threshold: float) -> list:
        """For each linted article, ``(indexed path, similarity, exact)`` or None."""
        import numpy as np

        results: list = [None] * len(keys)
        if not self.keys:
            return results
        _, digest_array = self._arrays()
        mine = {self._relative(key.path) for key in keys}
        if len(keys) > SCAN_LIMIT:
            return self._lsh_matches(mine, digests, sketches, threshold)
        for n, (digest, query) in enumerate(zip(digests, sketches)):
            values = query.hashvalues.astype("<u4")
            scores = self.scores(values)
            scores[digest_array == np.uint64(digest)] = 2.0  # exact copies first
            candidates = np.flatnonzero(scores >= threshold)
            for row in candidates[np.argsort(-scores[candidates], kind="stable")]:
                path = self.keys[row].split("\0", 1)[0]
                if path in mine:
                    continue  # the linted file's own (older) entry
                exact = bool(scores[row] == 2.0)
                if self._still_there(row, query, digest, exact, threshold):
                    results[n] = (path, 1.0 if exact else float(scores[row]), exact)
                    break
        return results

    def _lsh_matches(self, mine: set, digests, sketches, threshold: float) -> list:
        """Many linted articles (a whole-archive run): MinHash LSH over the indexed articles
        that are not part of the run (usually few), instead of one scan per article."""
        outside = [row for row, key in enumerate(self.keys)
                   if key.split("\0", 1)[0] not in mine]
        results: list = [None] * len(digests)
        if not outside:
            return results
        lsh = sketch.lsh(threshold)
        by_digest: dict[int, int] = {}
        stored = {}
        for row in outside:
            stored[row] = sketch.from_bytes(self.hashes[row])
            lsh.insert(row, stored[row], check_duplication=False)
            by_digest.setdefault(self.digests[row], row)
        for n, (digest, query) in enumerate(zip(digests, sketches)):
            row = by_digest.get(digest)
            if row is not None and self._still_there(row, query, digest, True, threshold):
                results[n] = (self.keys[row].split("\0", 1)[0], 1.0, True)
                continue
            scored = sorted(((query.jaccard(stored[row]), row) for row in lsh.query(query)),
                            key=lambda pair: (-pair[0], pair[1]))
            for score, row in scored:
                if score >= threshold and self._still_there(row, query, digest, False,
                                                            threshold):
                    results[n] = (self.keys[row].split("\0", 1)[0], score, False)
                    break
        return results

    def _relative(self, path: str) -> str:
        from linter.config import relative_to_root

        return relative_to_root(path, self.root)

    def _still_there(self, row: int, query, digest: int, exact: bool, threshold: float) -> bool:
        """Whether the indexed article still exists and still matches (re-read if changed)."""
        path, record = self.keys[row].split("\0", 1)
        try:
            stat = (self.root / path).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) == (self.sizes[row], self.mtimes[row]):
            return True
        fresh = self.reader(str(self.root / path)) if self.reader else {}
        signature = fresh.get(record or None) or fresh.get(record)
        if signature is None:
            return False
        if exact:
            return signature[0] == digest
        other = sketch.from_bytes(signature[1])
        return query.jaccard(other) >= threshold

    reader = None  # set by the runner: path -> {record: (digest, minhash bytes)}


# --- runner hooks ------------------------------------------------------------------------

def signatures_of_file(path: str, settings, options: dict) -> dict:
    """``{record: (digest, minhash bytes)}`` for the articles of one file (for the index)."""
    from linter.checks import CheckContext, load_check
    from linter.readers import read_bytes
    from linter.runner import read_options

    check = load_check(KIND)
    try:
        data = Path(path).read_bytes()
    except OSError:
        return {}
    read = read_bytes(data, path, read_options(settings))
    rules = {RULE: _Active(options)}
    result = {}
    for doc in read.documents:
        signature = check.signature(doc, CheckContext(rules))
        if signature is not None:
            result[doc.record] = (signature[2], _minhash_bytes(signature))
    return result


class _Active:
    def __init__(self, options: dict):
        self.options = options


def _minhash_bytes(signature: tuple) -> bytes:
    kind, data = signature[4]
    if kind == "minhash":
        return data
    from array import array

    return sketch.minhash_bytes(array("I", data).tolist())


def views(kind: str, rules: dict, settings) -> list:
    """The stored index of the rest of the archive, as a list of one view when one exists
    for this check (else empty)."""
    if kind != KIND:
        return []
    path = index_path(settings, rules)
    if path is None or not path.exists():
        return []
    options = rules[RULE].options
    index = ArchiveIndex.load(path, settings.config.root, parameters(options))
    if index is None:
        return []
    index.reader = lambda file: signatures_of_file(file, settings, options)
    return [index]


def update(kind: str, entries, views: list, rules: dict, settings) -> None:
    """Append the fresh signatures of linted files to the index journal (if one exists)."""
    index = next((view for view in views if isinstance(view, ArchiveIndex)), None)
    if index is None:
        return
    path = index_path(settings, rules)
    fresh = []
    for key, signature in entries:
        if signature is None:
            continue
        relative = index._relative(key.path)
        if relative.startswith("/"):
            continue  # outside the archive root
        try:
            stat = os.stat(key.path)
        except OSError:
            continue
        entry_key = _key(relative, key.record)
        row = index.row_of(entry_key)
        if row is not None and index.digests[row] == signature[2] and \
                (index.sizes[row], index.mtimes[row]) == (stat.st_size, stat.st_mtime_ns):
            continue
        fresh.append((entry_key, _minhash_bytes(signature), signature[2], stat.st_size,
                      stat.st_mtime_ns))
    if fresh:
        try:
            ArchiveIndex.append(path, fresh)
        except OSError:
            pass  # a read-only index is still used, just not refreshed


# --- building ------------------------------------------------------------------------------

def _build_one(job: tuple) -> tuple[str, int, int, dict]:
    path, settings, options = job
    try:
        stat = os.stat(path)
    except OSError:
        return path, -1, 0, {}
    return path, stat.st_size, stat.st_mtime_ns, signatures_of_file(path, settings, options)


def build(paths: list[str], settings, output: Path | None = None, jobs: int = 1,
          full: bool = False) -> dict:
    """Index every article under ``paths``; unchanged files are taken from the old index."""
    from linter.runner import discover

    rules = settings.enabled_names()
    active = rules.get(RULE)
    options = dict(active.options) if active else dict(
        settings.catalogue.rules[RULE].options)
    target = Path(output) if output else (index_path(settings, rules) or
                                          Path(settings.config.root) / ".archive-lint-index")
    params = parameters(options)
    root = Path(settings.config.root)
    old = None if full else ArchiveIndex.load(target, root, params)
    old_by_path: dict[str, list[int]] = {}
    if old is not None:
        for row, key in enumerate(old.keys):
            old_by_path.setdefault(key.split("\0", 1)[0], []).append(row)
    index = ArchiveIndex(params, root)
    todo, reused, files = [], 0, 0
    for path, problem in discover(paths, settings):
        if problem:
            continue
        files += 1
        relative = index._relative(path)
        rows = old_by_path.get(relative)
        if rows:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            if all((old.sizes[r], old.mtimes[r]) == (stat.st_size, stat.st_mtime_ns)
                   for r in rows):
                for r in rows:
                    index.put(old.keys[r], old.hashes[r], old.digests[r], old.sizes[r],
                              old.mtimes[r])
                reused += 1
                continue
        todo.append((path, settings, options))

    def store(result) -> None:
        path, size, mtime, found = result
        relative = index._relative(path)
        for record, (digest, hashes) in found.items():
            index.put(_key(relative, record), hashes, digest, size, mtime)

    if jobs > 1 and len(todo) > 64:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for result in pool.imap_unordered(_build_one, todo, chunksize=64):
                store(result)
    else:
        for job in todo:
            store(_build_one(job))
    # Rows in path order, so the file is stable for the same archive.
    order = sorted(range(len(index.keys)), key=index.keys.__getitem__)
    final = ArchiveIndex(params, root)
    for row in order:
        final.put(index.keys[row], index.hashes[row], index.digests[row], index.sizes[row],
                  index.mtimes[row])
    final.write(target)
    return {"path": str(target), "files": files, "articles": len(final.keys),
            "reused": reused, "read": len(todo)}
