"""A document's authors as its page names them: in the reader's locale, a person linked to their page."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.localize.localized import LocalizedDocument


@dataclass(frozen=True)
class Byline:
    name: str
    href: str | None  # a person's page, relative to the document's page; organizations have none


def bylines(doc: LocalizedDocument, linked: bool = True) -> list[Byline]:
    """``linked``: False for a draft, which no author page lists (its authors are named only)."""
    return [Byline(a.names[doc.locale], f"../authors/{a.slug}/" if a.person and linked else None)
            for a in doc.document.authors]
