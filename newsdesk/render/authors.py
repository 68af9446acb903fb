"""Bylines and author pages. A document's authors (declared in ``content/authors.yaml``) are
named as the reader's locale writes them; a person gets ``LOCALE/authors/SLUG/`` listing the
documents they wrote in that locale, paginated like the front page, with language links."""

from __future__ import annotations

from newsdesk.content.authors import Author
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.links import Versions, author_path
from newsdesk.render.templating import Templates
from newsdesk.render.topics import collection_page, collection_versions


def people(edition: Edition) -> dict[str, Author]:
    """Every person named by a published document, in order of first appearance."""
    found: dict[str, Author] = {}
    for document in edition.documents:
        if edition.versions(document.slug):
            found.update((a.slug, a) for a in document.authors if a.person and a.slug not in found)
    return found


def author_documents(edition: Edition, slug: str) -> dict[str, list[LocalizedDocument]]:
    """Each locale's listed documents by the author (drafts are listed nowhere), newest first;
    locales without any left out."""
    found = {locale: [d for d in edition.listed(locale) if any(a.slug == slug for a in d.document.authors)]
             for locale in edition.published}
    return {locale: docs for locale, docs in found.items() if docs}


def author_versions(edition: Edition, slug: str, locales: tuple[str, ...]) -> Versions:
    return collection_versions(edition, lambda l: author_path(l, slug), locales)


def author_page(templates: Templates, edition: Edition, locale: str, author: Author, locales: tuple[str, ...],
                docs: list[LocalizedDocument], number: int = 1, count: int = 1) -> str:
    return collection_page(templates, edition, locale, author.names[locale],
                           lambda l, n=1: author_path(l, author.slug, n), locales, docs, number, count, feed=None)
