"""Apply a locale's catalog to a document: every Segment becomes a Text in that locale."""

from __future__ import annotations

from .catalogs import Catalog
from .model import Block, Coverage, Document, LocalizedDocument, Segment, Text, map_segments


def localize(document: Document, locale: str, catalog: Catalog | None) -> LocalizedDocument:
    """The document as a reader of ``locale`` sees it; untranslated segments stay in the source
    language, marked pending (only draft builds publish such versions)."""
    source = document.source_locale

    def translate(segment: Segment) -> Text:
        if locale == source:
            return Text(segment.text, locale, False, segment)
        assert catalog is not None, "a target locale always has a catalog (maybe empty)"
        value = catalog.translations.get(segment.text)
        if value:
            return Text(value, locale, False, segment)
        return Text(segment.text, source, True, segment)

    fields = map_segments(document.fields, translate)
    body = tuple(Block(b.kind, tuple(translate(s) for s in b.items)) for b in document.body)
    total = translated = fuzzy = 0
    seen: set[str] = set()
    for segment in document.segments():
        if segment.text in seen:
            continue
        seen.add(segment.text)
        total += 1
        if locale == source or (catalog and segment.text in catalog.translations):
            translated += 1
        elif catalog and segment.text in catalog.fuzzy:
            fuzzy += 1
    return LocalizedDocument(document, locale, fields, body, Coverage(total, translated, fuzzy))
