"""Parsed inputs kept between builds, by path and content hash: unchanged files are not parsed again.

The memo lives in the project's ``.newsdesk-cache/parsed/`` as 256 shards, each holding the files
whose name (without folder and suffix) hashes to it, so that a build which changed one file
rewrites one small shard, and a document and its catalogs (``locales/*/content/SLUG.po`` beside
``content/.../SLUG.md``) share a shard: a worker that parses a shard's documents has their catalogs
to hand (prefill.py). It is read only by builds of the same engine version, and holds only
successful parses: a file with problems is parsed (and its problems reported) on every build.

A shard is a pickle (protocol 5) followed by its out-of-band buffers, the text of documents and
catalogs (deferred.py). A build unpickles only the pickle: each text is read from the file
(``Stored``) when a page that shows it is rendered. Not mapped into memory: a process that read
texts here and there through a mapping held the 64 KiB around each (a worker rendering 2,000
pages of a 10,000-document archive, 140 MiB of other documents' text).

    [8 bytes: n] [n bytes: pickle of (version, pickle length, buffer lengths)] [pickle] [buffers]
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from newsdesk.builder import workers
from newsdesk.content.deferred import Stored

T = TypeVar("T")
SHARDS = 256  # an edit rewrites one: at 100,000 documents a shard holds about 400 of them
_MISSING = object()


class Memo:
    def __init__(self, folder: Path | None = None, shas: dict[str, str] | None = None, version: str = "",
                 unchanged: Callable[[str], bool] | None = None, trusted: bool = True) -> None:
        self.folder = folder
        self.trusted = trusted  # False (build --clean): compute every value again, and keep the new ones
        self.fresh: frozenset[int] = frozenset()  # shards this build's workers wrote (prefill.py): read even when not trusted
        self.shas = shas or {}  # the content hash of each input file, as the build's scan found it
        self.version = version
        self.unchanged = unchanged  # whether a file is still as scanned (not saved again since)
        self.known: dict[int, dict[Hashable, Any]] = {}  # shard -> entries, loaded on first use
        self.used: dict[int, dict[Hashable, Any]] = {}
        self.added: set[int] = set()  # shards given entries that were not known
        self.stale: set[str] = set()  # inputs saved again after the scan, while this build read them
        self.checked: dict[str, bool] = {}

    def get(self, rel: str, extra: Hashable, compute: Callable[[], T], depends: tuple[str, ...] = ()) -> T:
        """The parse of file ``rel`` (with ``extra`` in the key), from the memo or ``compute()``.
        A value is kept only if it was computed from the bytes the scan hashed (the keys' hashes):
        ``rel`` and every file of ``depends`` still as scanned once it is computed."""
        sha = self.shas.get(rel)
        if sha is None:
            return compute()
        shard = shard_of(rel)
        key = (rel, sha, extra)
        value = self._shard(shard).get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            if self.unchanged is not None:
                changed = [r for r in (rel, *depends) if r in self.shas and not self._unchanged(r)]
                if changed:  # saved again while we read it: this value may not be of the scanned bytes
                    self.stale.update(changed)
                    return value
            if value is not None:
                self.added.add(shard)
        if value is not None:
            self.used[shard][key] = value
        return value  # type: ignore[no-any-return]

    def _unchanged(self, rel: str) -> bool:
        """Whether ``rel`` was as scanned when first asked after it was read (the values computed
        later come from the same read: one stat a file, not one a value)."""
        known = self.checked.get(rel)
        if known is None:
            known = self.checked[rel] = self.unchanged(rel)  # type: ignore[misc]
        return known

    def _shard(self, shard: int) -> dict[Hashable, Any]:
        if shard not in self.known:
            self.known[shard], self.used[shard] = {}, {}
            if self.folder is not None and (self.trusted or shard in self.fresh):
                self.known[shard] = self._load(self.folder / f"{shard:03d}.pickle")
        return self.known[shard]

    def _load(self, path: Path) -> dict[Hashable, Any]:
        """A shard's entries. They live as long as the build, so they are frozen out of the
        garbage collector's way (``gc.freeze``): otherwise each collection of a 1,000-document
        build walks them again, 60-70 ms of an edit's rebuild. The build unfreezes at its end."""
        # Unpickling creates many objects and no cycles: collecting meanwhile only costs time.
        with workers.uncollected():
            try:
                handle = path.open("rb", buffering=0)  # kept open by the Stored texts, closed with the last
                whole = os.fstat(handle.fileno()).st_size
                size = int.from_bytes(handle.read(8), "little")
                stored_version, length, lengths = pickle.loads(handle.read(min(size, whole)))
                if stored_version != self.version or 8 + size + length + sum(lengths) != whole:
                    handle.close()
                    return {}  # another engine's, or not whole
                data = handle.read(length)
                start = 8 + size + length
                buffers = []
                for n in lengths:
                    buffers.append(Stored.at(handle, start, n))
                    start += n
                return pickle.loads(data, buffers=buffers)  # type: ignore[no-any-return]
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
                return {}
            finally:
                workers.freeze()

    def save(self) -> None:
        """Rewrite the shards whose entries changed (entries of deleted or changed files drop out),
        and remove files of another layout (the 32 shards of earlier versions)."""
        for shard in self.used:
            self.save_shard(shard)
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if not (len(path.stem) == 3 and path.stem.isdigit() and int(path.stem) < SHARDS):
                    path.unlink(missing_ok=True)

    def save_shard(self, shard: int) -> bool:
        """Rewrite one shard if its entries changed; whether it was. Without new entries, the used
        ones are known ones: the same entries when there are as many."""
        used = self.used.get(shard, {})
        if self.folder is None or shard not in self.added and len(used) == len(self.known.get(shard, {})):
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{shard:03d}.pickle"
        buffers: list[pickle.PickleBuffer] = []
        data = pickle.dumps(used, protocol=5, buffer_callback=buffers.append)
        raw = [buffer.raw() for buffer in buffers]
        header = pickle.dumps((self.version, len(data), [b.nbytes for b in raw]))
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            handle.writelines([len(header).to_bytes(8, "little"), header, data, *raw])
        os.replace(tmp, path)
        return True

    def forget(self, shard: int) -> None:
        """Drop a shard's entries from memory (a worker done with it)."""
        self.known.pop(shard, None)
        self.used.pop(shard, None)
        self.added.discard(shard)


@cache
def shard_of(rel: str) -> int:
    """The shard of a file's entries: by its name without folder and suffix (a document's file and
    its catalogs share it)."""
    return zlib.crc32(rel.rpartition("/")[2].partition(".")[0].encode()) % SHARDS


