"""Related documents: a document may name others (``related: [slug, ...]``); its page and its
brief link each one published in the same locale, by its title."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .doctypes import DOCTYPES
from .errors import Problems
from .model import Document, LocalizedDocument, Text

if TYPE_CHECKING:
    from .edition import Edition


class RelatedRef(NamedTuple):
    """A slug named in a document's ``related`` list, and the line it is on."""

    slug: str
    line: int


@dataclass(frozen=True)
class Related:
    """A related document as a locale version links it."""

    slug: str
    title: Text


def check_related(documents: Iterable[Document], problems: Problems) -> None:
    """Every related slug names a document of the project, and not the document itself."""
    docs = list(documents)
    slugs = {d.slug for d in docs}
    for doc in docs:
        for ref in doc.related:  # metadata: no document's text is read
            if ref.slug == doc.slug:
                problems.add(doc.path, ref.line, f"related document '{ref.slug}' is this document")
            elif ref.slug not in slugs:
                problems.add(doc.path, ref.line, f"related document '{ref.slug}' not found (no document has that slug)")


def related(edition: Edition, doc: LocalizedDocument) -> tuple[Related, ...]:
    """The related documents published in the same locale, in the order the document names them."""
    refs = doc.document.related
    if not refs:
        return ()
    published = {d.slug: d for d in edition.published[doc.locale]}
    found = []
    for ref in refs:
        target = published.get(ref.slug)
        if target is not None:
            found.append(Related(ref.slug, target.field(DOCTYPES[target.type].title_field)))
    return tuple(found)


def related_key(links: tuple[Related, ...]) -> str:
    """What an output shows of its related documents: their slugs and titles."""
    return "|".join(f"{r.slug}={r.title.value}" for r in links)
