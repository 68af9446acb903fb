"""Documents and their segments, as plain immutable values (no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, NamedTuple

from newsdesk.content.deferred import Deferred


class RelatedRef(NamedTuple):
    """A slug named in a document's ``related`` list, and the line it is on."""

    slug: str
    line: int


@dataclass(frozen=True)
class Segment:
    """One translatable piece of text a reader sees; its source text is the catalog msgid."""

    text: str
    field: str  # where it appears, e.g. "deck[1]" or "body[3]"
    line: int


@dataclass(frozen=True, slots=True)
class Text:
    """A segment in one locale: the translation, or the source text while it is pending."""

    value: str
    lang: str
    pending: bool
    segment: Segment

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Block:
    """A block of running text: a paragraph, a heading, a list or a quote."""

    kind: str  # "p", "h2", "ul", "ol", "quote"
    items: tuple[Any, ...]  # Segments in a Document, Texts once localized
    start: int = 1  # the number of an "ol" list's first item


@dataclass(frozen=True)
class Content:
    """What a document says: its structured fields and its body."""

    fields: Mapping[str, Any]
    body: tuple[Block, ...]

    @cached_property
    def texts(self) -> frozenset[str]:
        return frozenset(s.text for s in self.segments())

    def segments(self) -> Iterator[Segment]:
        yield from _segments_in(self.fields)
        for block in self.body:
            yield from block.items


@dataclass(frozen=True)
class Document:
    """A content file: its metadata, structured fields and body, in its source language.

    The fields and body are a Deferred: a build learns the metadata of every document (to order
    and link them) but unpickles the text only of the documents whose pages it renders.
    """

    path: str  # relative to the project, POSIX form
    type: str
    slug: str
    date: datetime
    source_locale: str
    content: Deferred[Content]
    publish: str = "complete"  # "complete" (the default bar) or "any" (publish partial translations)
    updated: datetime | None = None  # when the text last changed in substance, if after ``date``
    image: str | None = None  # the figure's image file, relative to content/ (site-wide: media files)
    embargo: datetime | None = None  # not public before this instant (content/schedule.py)
    corrected: datetime | None = None  # the date of its latest correction, if it lists any
    topics: tuple[str, ...] = ()  # slugs of topics declared in content/topics.yaml
    topics_line: int = 0  # where the document lists them
    author_slugs: tuple[str, ...] = ()  # as the document lists them (content/authors.yaml)
    authors: tuple[Any, ...] = ()  # the declared Authors they name (content/authors.py), once loaded
    authors_line: int = 0
    related: tuple[RelatedRef, ...] = ()  # each related document named (localize/related.py links them)

    @property
    def modified(self) -> datetime:
        """When readers and search engines should consider the document last changed (the
        sitemap asks for every document's, some several times: no generator)."""
        latest = self.date
        if self.updated is not None and self.updated > latest:
            latest = self.updated
        if self.corrected is not None and self.corrected > latest:
            latest = self.corrected
        return latest

    @property
    def fields(self) -> Mapping[str, Any]:
        return self.content.value.fields

    @property
    def body(self) -> tuple[Block, ...]:
        return self.content.value.body

    @property
    def texts(self) -> frozenset[str]:
        """The distinct source texts: the msgids a catalog must translate."""
        return self.content.value.texts

    def segments(self) -> Iterator[Segment]:
        """Every segment in reading order: fields first, then the body."""
        return self.content.value.segments()


def _segments_in(value: Any) -> Iterator[Segment]:
    if isinstance(value, Segment):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _segments_in(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _segments_in(item)


class Fields(dict[str, Any]):
    """A localized document's fields. Templates read them as attributes (``f.headline``): Jinja2
    tries an attribute before an item, and on a plain dict each read first raised and caught an
    AttributeError. An absent field is still undefined (``f.kicker is defined``)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def map_segments(value: Any, fn: Callable[[Segment], Any]) -> Any:
    """The same tree of fields with every Segment replaced by ``fn(segment)``."""
    if isinstance(value, Segment):
        return fn(value)
    if isinstance(value, Mapping):
        return Fields({k: map_segments(v, fn) for k, v in value.items()})
    if isinstance(value, tuple):
        return tuple(map_segments(v, fn) for v in value)
    return value
