"""Parsed inputs kept between builds, by path and content hash: unchanged files are not parsed again.

The memo lives in the project's ``.newsdesk-cache/parsed/`` as a few dozen pickles, each holding
the files whose path hashes to it, so that a build which changed one file rewrites one small
shard. It is read only by builds of the same engine version, and holds only successful parses:
a file with problems is parsed (and its problems reported) on every build.
"""

from __future__ import annotations

import gc
import os
import pickle
import zlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
SHARDS = 32


class Memo:
    def __init__(self, folder: Path | None = None, shas: dict[str, str] | None = None, version: str = "",
                 unchanged: Callable[[str], bool] | None = None) -> None:
        self.folder = folder
        self.shas = shas or {}  # the content hash of each input file, as the build's scan found it
        self.version = version
        self.unchanged = unchanged  # whether a file is still as scanned (not saved again since)
        self.known: dict[int, dict[Hashable, Any]] = {}  # shard -> entries, loaded on first use
        self.used: dict[int, dict[Hashable, Any]] = {}

    def get(self, rel: str, extra: Hashable, compute: Callable[[], T]) -> T:
        """The parse of file ``rel`` (with ``extra`` in the key), from the memo or ``compute()``."""
        sha = self.shas.get(rel)
        if sha is None:
            return compute()
        shard = zlib.crc32(rel.encode()) % SHARDS
        key = (rel, sha, extra)
        known = self._shard(shard)
        if key in known:
            value = known[key]
        else:
            value = compute()
            if self.unchanged is not None and not self.unchanged(rel):
                return value  # saved again while we read it: this parse may not be of the scanned bytes
        if value is not None:
            self.used.setdefault(shard, {})[key] = value
        return value

    def _shard(self, shard: int) -> dict[Hashable, Any]:
        if shard not in self.known:
            self.known[shard] = {}
            if self.folder is not None:
                self.known[shard] = self._load(self.folder / f"{shard:02d}.pickle")
        return self.known[shard]

    def _load(self, path: Path) -> dict[Hashable, Any]:
        enabled = gc.isenabled()
        gc.disable()  # unpickling creates many objects and no cycles: collecting meanwhile only costs time
        try:
            with path.open("rb") as handle:
                stored_version, entries = pickle.load(handle)
            return entries if stored_version == self.version else {}
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return {}
        finally:
            if enabled:
                gc.enable()

    def save(self) -> None:
        """Rewrite the shards whose entries changed (entries of deleted or changed files drop out)."""
        if self.folder is None:
            return
        for shard, used in self.used.items():
            if used.keys() == self.known.get(shard, {}).keys():
                continue
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{shard:02d}.pickle"
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump((self.version, used), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)


NO_MEMO = Memo()
