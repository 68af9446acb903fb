"""A topic's name in a locale (the site catalog translates the English name declared in
``content/topics.yaml``) and the links a document's page makes to its topics."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.content.topics import Topic
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument


def topic_name(edition: Edition, locale: str, topic: Topic) -> str:
    return edition.catalogs.site[locale].gettext(topic.name)


@dataclass(frozen=True)
class TopicLink:
    """A topic as a document's page links it."""

    slug: str
    name: str
    href: str | None  # relative to the document's page


def topic_links(edition: Edition, doc: LocalizedDocument) -> list[TopicLink]:
    """The document's topics: each has a page in the document's locale (the document is on it).
    A draft is on no topic page: its topics are named, not linked."""
    draft = edition.is_draft(doc)
    return [TopicLink(slug, topic_name(edition, doc.locale, edition.topics[slug]), None if draft else f"../topics/{slug}/")
            for slug in doc.document.topics]
