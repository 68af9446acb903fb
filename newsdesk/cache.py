"""What the stages read through: the build's cache of parsed inputs, seen from below.

The stages (content, catalogs, localize) parse files and compute values from them; a build
hands them its cache (``builder.memo.Memo``) so that an unchanged file is not parsed again. They
know only this interface, so the cache, its files and its tricks stay in ``builder/``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Protocol, TypeVar

T = TypeVar("T")


class ParsedCache(Protocol):
    @property
    def shas(self) -> Mapping[str, str]:
        """The content hash of each input file, as the build's scan found it (empty: no scan)."""
        ...

    def get(self, rel: str, extra: Hashable, compute: Callable[[], T], depends: tuple[str, ...] = ()) -> T:
        """The value for file ``rel`` (with ``extra`` in the key), kept or ``compute()``d.
        ``depends``: the other files ``compute`` reads (their hashes must be in ``extra``)."""
        ...


class Uncached:
    """No cache: every value computed (``check``, ``stats``, tests, a caller outside a build)."""

    shas: Mapping[str, str] = {}

    def get(self, rel: str, extra: Hashable, compute: Callable[[], T], depends: tuple[str, ...] = ()) -> T:
        return compute()


NO_CACHE: ParsedCache = Uncached()
