"""Apply a locale's catalog to a document: how much it translates, and the document in that locale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from newsdesk.catalogs.catalog import Catalog
from newsdesk.content.model import Block, Document, Segment, Text, map_segments


@dataclass(frozen=True)
class Coverage:
    """How much of a document a locale's catalog translates."""

    total: int
    translated: int
    fuzzy: int

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def complete(self) -> bool:
        return self.translated == self.total


@dataclass(frozen=True)
class LocalizedDocument:
    """A document as read in one locale: every Segment replaced by a Text.

    The localized fields and body are made on first use: a build that reuses most pages
    only needs the coverage, and the front pages only the title and summary.
    """

    document: Document
    locale: str
    coverage: Coverage
    catalog: Catalog | None  # None in the source locale

    @property
    def slug(self) -> str:
        return self.document.slug

    @property
    def type(self) -> str:
        return self.document.type

    def translate(self, segment: Segment) -> Text:
        """The segment in this locale, or its source text marked pending."""
        if self.catalog is None:
            return Text(segment.text, self.locale, False, segment)
        value = self.translations.get(segment.text)
        if value:
            return Text(value, self.locale, False, segment)
        return Text(segment.text, self.document.source_locale, True, segment)

    @cached_property
    def translations(self) -> Mapping[str, str]:
        """msgid -> msgstr (the catalog's entries are unpickled on first use)."""
        return self.catalog.translations if self.catalog is not None else {}

    @cached_property
    def fields(self) -> Mapping[str, Any]:
        return map_segments(self.document.fields, self.translate)

    @cached_property
    def body(self) -> tuple[Block, ...]:
        return tuple(Block(b.kind, tuple(self.translate(s) for s in b.items), b.start) for b in self.document.body)

    def field(self, name: str) -> Text:
        """One top-level text field, without localizing the rest."""
        return self.translate(self.document.fields[name])


def coverage(document: Document, locale: str, catalog: Catalog | None) -> Coverage:
    """How many of the document's source texts the catalog translates (finished or fuzzy)."""
    texts = document.texts
    if locale == document.source_locale:
        return Coverage(len(texts), len(texts), 0)
    assert catalog is not None, "a target locale always has a catalog (maybe empty)"
    translated = len(texts & catalog.translations.keys())
    fuzzy = len((texts - catalog.translations.keys()) & catalog.fuzzy.keys())
    return Coverage(len(texts), translated, fuzzy)


def localize(document: Document, locale: str, catalog: Catalog | None, known: Coverage) -> LocalizedDocument:
    """The document as a reader of ``locale`` sees it; untranslated segments stay in the source
    language, marked pending (only draft builds publish such versions). ``known``: its coverage,
    computed by :func:`coverage` or read from the memo (computing it needs the text)."""
    return LocalizedDocument(document, locale, known, None if locale == document.source_locale else catalog)
