"""The plan of the author pages (render/authors.py), each with the key of what it shows."""

from __future__ import annotations

from functools import partial

from newsdesk.builder.plan import InputKeys, Planned, listing_key
from newsdesk.localize.edition import Edition
from newsdesk.render.authors import author_documents, author_page, people
from newsdesk.render.links import author_path
from newsdesk.render.templating import Templates


def author_outputs(templates: Templates, edition: Edition, keys: InputKeys) -> list[Planned]:
    """A person's pages in every locale where they have published documents. Their names come
    from content/authors.yaml, a page-template input of every key."""
    planned: list[Planned] = []
    size = edition.settings.front_page_size
    for slug, author in people(edition).items():
        by_locale = author_documents(edition, slug)
        locales = tuple(by_locale)
        for locale, docs in by_locale.items():
            chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
            for number, chunk in enumerate(chunks, 1):
                planned.append(Planned(
                    author_path(locale, slug, number) + "index.html",
                    keys.site("author", locale, slug, keys.site_catalog(locale), ",".join(locales),
                              f"{number}/{len(chunks)}", *(keys.shown(d, "listing", partial(listing_key, d)) for d in chunk)),
                    partial(author_page, templates, edition, locale, author, locales, chunk, number, len(chunks)),
                ))
    return planned
