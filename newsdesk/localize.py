"""Apply a locale's catalog to a document: how much it translates, and the document in that locale."""

from __future__ import annotations

from .catalogs import Catalog
from .model import Coverage, Document, LocalizedDocument


def localize(document: Document, locale: str, catalog: Catalog | None) -> LocalizedDocument:
    """The document as a reader of ``locale`` sees it; untranslated segments stay in the source
    language, marked pending (only draft builds publish such versions)."""
    if locale == document.source_locale:
        total = len(document.texts)
        return LocalizedDocument(document, locale, Coverage(total, total, 0), None)
    assert catalog is not None, "a target locale always has a catalog (maybe empty)"
    texts = document.texts
    translated = len(texts & catalog.translations.keys())
    fuzzy = len((texts - catalog.translations.keys()) & catalog.fuzzy.keys())
    return LocalizedDocument(document, locale, Coverage(len(texts), translated, fuzzy), catalog.translations)
