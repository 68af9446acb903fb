"""Parsed inputs kept between builds, by path and content hash: unchanged files are not parsed again.

The memo is a pickle in the project's ``.newsdesk-cache/``, written by the build that made it
and read only by builds of the same engine version. It holds only successful parses: a file
with problems is parsed (and its problems reported) on every build.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self, path: Path | None = None, shas: dict[str, str] | None = None, version: str = "") -> None:
        self.path = path
        self.shas = shas or {}
        self.version = version
        self.known: dict[Hashable, Any] = {}
        self.used: dict[Hashable, Any] = {}
        if path is not None and path.is_file():
            try:
                with path.open("rb") as handle:
                    stored_version, known = pickle.load(handle)
                if stored_version == version:
                    self.known = known
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
                self.known = {}

    def get(self, rel: str, extra: Hashable, compute: Callable[[], T]) -> T:
        """The parse of file ``rel`` (with ``extra`` in the key), from the memo or ``compute()``."""
        sha = self.shas.get(rel)
        key = (rel, sha, extra)
        if sha is not None and key in self.known:
            value = self.known[key]
        else:
            value = compute()
        if sha is not None and value is not None:
            self.used[key] = value
        return value

    def save(self) -> None:
        """Keep what this build used (entries of deleted or changed files drop out)."""
        if self.path is None or self.used.keys() == self.known.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump((self.version, self.used), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


NO_MEMO = Memo()
