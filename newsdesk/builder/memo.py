"""Parsed inputs kept between builds, by path and content hash: unchanged files are not parsed again.

The memo lives in the project's ``.newsdesk-cache/parsed/`` as a few dozen shards, each holding
the files whose path hashes to it, so that a build which changed one file rewrites one small
shard. It is read only by builds of the same engine version, and holds only successful parses:
a file with problems is parsed (and its problems reported) on every build.

A shard is a pickle (protocol 5) followed by its out-of-band buffers, the text of documents and
catalogs (deferred.py). A build maps the file into memory and unpickles only the pickle: the text
is read from the mapping when a page that shows it is rendered.

    [8 bytes: n] [n bytes: pickle of (version, pickle length, buffer lengths)] [pickle] [buffers]
"""

from __future__ import annotations

import mmap
import os
import pickle
import zlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from newsdesk.builder import workers

T = TypeVar("T")
SHARDS = 32
_MISSING = object()


class Memo:
    def __init__(self, folder: Path | None = None, shas: dict[str, str] | None = None, version: str = "",
                 unchanged: Callable[[str], bool] | None = None, trusted: bool = True) -> None:
        self.folder = folder
        self.trusted = trusted  # False (build --clean): compute every value again, and keep the new ones
        self.shas = shas or {}  # the content hash of each input file, as the build's scan found it
        self.version = version
        self.unchanged = unchanged  # whether a file is still as scanned (not saved again since)
        self.known: dict[int, dict[Hashable, Any]] = {}  # shard -> entries, loaded on first use
        self.used: dict[int, dict[Hashable, Any]] = {}
        self.stale: set[str] = set()  # inputs saved again after the scan, while this build read them

    def get(self, rel: str, extra: Hashable, compute: Callable[[], T], depends: tuple[str, ...] = ()) -> T:
        """The parse of file ``rel`` (with ``extra`` in the key), from the memo or ``compute()``.
        A value is kept only if it was computed from the bytes the scan hashed (the keys' hashes):
        ``rel`` and every file of ``depends`` still as scanned once it is computed."""
        sha = self.shas.get(rel)
        if sha is None:
            return compute()
        shard = zlib.crc32(rel.encode()) % SHARDS
        key = (rel, sha, extra)
        value = self._shard(shard).get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            if self.unchanged is not None:
                changed = [r for r in (rel, *depends) if r in self.shas and not self.unchanged(r)]
                if changed:  # saved again while we read it: this value may not be of the scanned bytes
                    self.stale.update(changed)
                    return value
        if value is not None:
            self.used[shard][key] = value
        return value  # type: ignore[no-any-return]

    def _shard(self, shard: int) -> dict[Hashable, Any]:
        if shard not in self.known:
            self.known[shard], self.used[shard] = {}, {}
            if self.folder is not None and self.trusted:
                self.known[shard] = self._load(self.folder / f"{shard:02d}.pickle")
        return self.known[shard]

    def _load(self, path: Path) -> dict[Hashable, Any]:
        """A shard's entries. They live as long as the build, so they are frozen out of the
        garbage collector's way (``gc.freeze``): otherwise each collection of a 1,000-document
        build walks them again, 60-70 ms of an edit's rebuild. The build unfreezes at its end."""
        # Unpickling creates many objects and no cycles: collecting meanwhile only costs time.
        with workers.uncollected():
            try:
                with path.open("rb") as handle:
                    mapped = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
                size = int.from_bytes(mapped[:8], "little")
                stored_version, length, lengths = pickle.loads(mapped[8:8 + size])
                if stored_version != self.version or 8 + size + length + sum(lengths) != len(mapped):
                    return {}  # another engine's, or not whole
                start = 8 + size + length
                buffers = []
                for n in lengths:
                    buffers.append(mapped[start:start + n])
                    start += n
                return pickle.loads(mapped[8 + size:8 + size + length], buffers=buffers)  # type: ignore[no-any-return]
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
                return {}
            finally:
                workers.freeze()

    def save(self) -> None:
        """Rewrite the shards whose entries changed (entries of deleted or changed files drop out)."""
        if self.folder is None:
            return
        for shard, used in self.used.items():
            if used.keys() == self.known.get(shard, {}).keys():
                continue
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{shard:02d}.pickle"
            buffers: list[pickle.PickleBuffer] = []
            data = pickle.dumps(used, protocol=5, buffer_callback=buffers.append)
            raw = [buffer.raw() for buffer in buffers]
            header = pickle.dumps((self.version, len(data), [b.nbytes for b in raw]))
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                handle.writelines([len(header).to_bytes(8, "little"), header, data, *raw])
            os.replace(tmp, path)


