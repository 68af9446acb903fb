"""A value that stays pickled until it is first used.

The parse memo holds every document and catalog of the project. A build that renders a few pages
needs the dates, slugs and coverage of all of them, but the text of only those few: the text is
kept as a Deferred, the bytes of its pickle, and becomes objects on first use.

Pickled with protocol 5, a Deferred hands its bytes to the pickler as an out-of-band buffer: the
memo writes them after the shard's pickle and gives each back as a ``Stored``, where it lies in
the file (memo.py), so a build does not even read the text it does not render.
"""

from __future__ import annotations

import os
import pickle
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")
_UNREAD = object()


class Stored(bytes):
    """Bytes that stay where they are, in a file: ``read()`` them. (A bytes object, empty itself,
    so that the unpickler takes it as an out-of-band buffer.)"""

    file: IO[bytes]
    offset: int
    length: int

    @classmethod
    def at(cls, file: IO[bytes], offset: int, length: int) -> Stored:
        stored = cls()
        stored.file, stored.offset, stored.length = file, offset, length
        return stored

    def read(self) -> bytes:
        return os.pread(self.file.fileno(), self.length, self.offset)


def _raw(data: bytes | memoryview) -> bytes | memoryview:
    """The bytes of a buffer, read from its file if they are ``Stored``."""
    owner = data.obj if isinstance(data, memoryview) else data
    return owner.read() if isinstance(owner, Stored) else data


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
            self._value = pickle.loads(_raw(self._data))  # type: ignore[arg-type]
        return self._value  # type: ignore[no-any-return]

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[Any]]:
        data = _raw(self._data) if self._data is not None else pickle.dumps(self._value, pickle.HIGHEST_PROTOCOL)
        if protocol >= 5:  # out of band if the pickler takes buffers (the memo), in band otherwise
            return Deferred.stored, (pickle.PickleBuffer(data),)
        return Deferred.stored, (bytes(data),)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and self.value == other.value

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Deferred({'...' if self._value is _UNREAD else repr(self._value)})"
