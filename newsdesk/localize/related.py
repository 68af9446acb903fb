"""Related documents: a document may name others (``related: [slug, ...]``); its page and its
brief link each one published in the same locale, by its title."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.content.doctypes import DOCTYPES
from newsdesk.content.model import Text
from newsdesk.localize.localized import LocalizedDocument

if TYPE_CHECKING:
    from newsdesk.localize.edition import Edition


@dataclass(frozen=True)
class Related:
    """A related document as a locale version links it."""

    slug: str
    title: Text


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
