"""Apply a locale's catalog to a document: how much it translates, and the document in that locale."""

from __future__ import annotations

from newsdesk.catalogs.catalog import Catalog
from newsdesk.content.model import Coverage, Document, LocalizedDocument


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
