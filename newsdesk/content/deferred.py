"""A value that stays pickled until it is first used.

The parse memo holds every document and catalog of the project. A build that renders a few pages
needs the dates, slugs and coverage of all of them, but the text of only those few: the text is
kept as a Deferred, the bytes of its pickle, and becomes objects on first use.

Pickled with protocol 5, a Deferred hands its bytes to the pickler as an out-of-band buffer: the
memo writes them after the shard's pickle and maps them back from the file (memo.py), so a build
does not even copy the text it does not render.
"""

from __future__ import annotations

import pickle
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_UNREAD = object()


class Deferred(Generic[T]):
    __slots__ = ("_data", "_value")

    def __init__(self, value: T) -> None:
        self._value: Any = value
        self._data: bytes | memoryview | None = None

    @classmethod
    def stored(cls, data: bytes | memoryview) -> Deferred[Any]:
        deferred: Deferred[Any] = cls.__new__(cls)
        deferred._value, deferred._data = _UNREAD, data
        return deferred

    @property
    def value(self) -> T:
        if self._value is _UNREAD:
            self._value = pickle.loads(self._data)  # type: ignore[arg-type]
            self._data = None
        return self._value  # type: ignore[no-any-return]

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[Any]]:
        data = self._data if self._value is _UNREAD else pickle.dumps(self._value, pickle.HIGHEST_PROTOCOL)
        assert data is not None
        if protocol >= 5:  # out of band if the pickler takes buffers (the memo), in band otherwise
            return Deferred.stored, (pickle.PickleBuffer(data),)
        return Deferred.stored, (bytes(data),)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and self.value == other.value

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Deferred({'...' if self._value is _UNREAD else repr(self._value)})"
