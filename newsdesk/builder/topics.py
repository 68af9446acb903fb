"""The plan of the topic pages and feeds (render/topics.py), each with the key of what it shows."""

from __future__ import annotations

from functools import partial

from newsdesk.builder.plan import InputKeys, Planned, link_key, listing_key
from newsdesk.localize.edition import Edition
from newsdesk.render.feeds import FEED_SIZE
from newsdesk.render.links import topic_feed_path, topic_path
from newsdesk.render.templating import Templates
from newsdesk.render.topics import topic_documents, topic_feed, topic_page


def topic_outputs(templates: Templates, edition: Edition, keys: InputKeys) -> list[Planned]:
    """A topic's pages (``front_page_size`` documents each) and feed in every locale where it has
    documents. The key names the locales it exists in (its language links) and its entries."""
    planned: list[Planned] = []
    size = edition.settings.front_page_size
    for slug, topic in edition.topics.items():
        by_locale = topic_documents(edition, slug)
        locales = tuple(by_locale)
        for locale, docs in by_locale.items():
            catalog = keys.site_catalog(locale)
            chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
            for number, chunk in enumerate(chunks, 1):
                planned.append(Planned(
                    topic_path(locale, slug, number) + "index.html",
                    keys.site("topic", locale, slug, catalog, ",".join(locales), f"{number}/{len(chunks)}",
                              *(keys.shown(d, "listing", partial(listing_key, d)) for d in chunk)),
                    partial(topic_page, templates, edition, locale, topic, locales, chunk, number, len(chunks)),
                ))
            newest = docs[:FEED_SIZE]
            planned.append(Planned(
                topic_feed_path(locale, slug),
                keys.site("topic-feed", locale, slug, catalog, *(
                    f"{keys.version(d)}:{','.join(edition.versions(d.slug))}:{link_key(edition.briefs.get((d.slug, locale)))}"
                    for d in newest), str(max((d.modified for d in edition.documents), default=""))),
                partial(topic_feed, templates, edition, locale, topic, newest),
            ))
    return planned
