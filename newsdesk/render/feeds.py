"""An Atom feed per locale (RFC 4287): what feed readers subscribe to, newest documents first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from newsdesk.content.doctypes import DOCTYPES
from newsdesk.content.inline import plain
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.links import Version, document_path, document_versions, feed_path, front_path
from newsdesk.render.templating import Templates

# Characters XML 1.0 cannot carry at all, even escaped (a catalog may smuggle one in as "\v").
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # outside XML 1.0's Char
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the feed date of a site with nothing in it
FEED_SIZE = 50  # entries: the newest documents; readers that subscribed earlier have the rest


@dataclass(frozen=True)
class FeedEntry:
    """One language version of a document, as a feed entry."""

    url: str  # its page: also the entry's permanent id
    title: str
    summary: str
    authors: tuple[str, ...]
    published: datetime
    updated: datetime
    tags: tuple[str, ...]
    rights: str
    translations: tuple[Version, ...]  # the other published versions
    brief: str | None  # absolute URL of the PDF brief
    corrections: tuple[tuple[datetime, str], ...] = ()  # (date, text), oldest first: after the summary


def atom_feed(templates: Templates, edition: Edition, locale: str, docs: list[LocalizedDocument],
              feed: str | None = None, front: str | None = None, title: str | None = None) -> str:
    """The locale's feed of ``docs`` (its newest); its date is its newest entry's, so an unchanged
    site gives the same bytes. A topic's feed gives its own path, page and title."""
    settings = edition.settings
    entries = [feed_entry(edition, doc) for doc in docs]
    newest = max((d.modified for d in edition.documents), default=EPOCH)
    xml = templates.render(
        "feed.xml",
        locale,
        edition.catalogs.site[locale],
        feed_url=settings.url(feed or feed_path(locale)),
        front_url=settings.url(front or front_path(locale)),
        title=title or settings.site_name[locale],
        publisher=settings.publisher,
        base_url=settings.base_url,
        icon=settings.url("static/touch-icon.png"),
        logo=settings.url(settings.publisher_logo) if settings.publisher_logo else None,
        updated=max((e.updated for e in entries), default=newest),
        entries=entries,
    )
    return NOT_XML.sub("", xml)


def feed_entry(edition: Edition, doc: LocalizedDocument) -> FeedEntry:
    settings = edition.settings
    fields = doc.fields
    doctype = DOCTYPES[doc.type]
    versions = document_versions(edition, doc.slug)
    url = versions.url(doc.locale)
    brief = edition.briefs.get((doc.slug, doc.locale))
    return FeedEntry(
        url=url,
        title=plain(fields[doctype.title_field].value),
        summary=plain(fields[doctype.summary_field].value),
        authors=tuple(a.names[doc.locale] for a in doc.document.authors) if doc.document.authors
        else tuple(plain(a.value) for a in doctype.authors(fields)),
        published=doc.document.date,
        updated=doc.document.modified,
        tags=tuple(plain(t.value) for t in fields.get("tags", ())),
        rights=plain(fields["credit"].value),
        translations=tuple(v for v in versions.locales if v.hreflang != doc.locale),
        brief=settings.url(document_path(doc.locale, doc.slug) + brief.href) if brief else None,
        corrections=tuple(sorted((c["date"], plain(c["text"].value)) for c in fields.get("corrections", ()))),
    )
