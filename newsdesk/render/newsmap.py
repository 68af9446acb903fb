"""``news-sitemap.xml``: the Google News sitemap. It lists the locale versions of the documents
published in the last two days of the build's clock (Google News reads no older ones), newest
first, at most 1,000 of them, each with its publication's name and language, its publication
date and its title. A build with none writes no news sitemap (a sitemap needs one URL at least)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from newsdesk.content.doctypes import DOCTYPES
from newsdesk.content.inline import plain
from newsdesk.content.model import Document
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.feeds import NOT_XML
from newsdesk.render.links import document_path
from newsdesk.render.templating import Templates

NEWS_SITEMAP_FILE = "news-sitemap.xml"
NEWS_WINDOW = timedelta(days=2)  # Google News reads articles published in the last two days
NEWS_LIMIT = 1000  # the most URLs a news sitemap may hold


@dataclass(frozen=True)
class NewsEntry:
    """One locale version of a recent document, as Google News reads it."""

    loc: str
    publication: str  # the site's name in the version's locale
    language: str  # ISO 639 code: ko, ja, en
    published: datetime
    title: str


def published(document: Document) -> datetime:
    """When readers first could read it: its date, or its embargo when that lifted later."""
    return max(document.date, document.embargo) if document.embargo is not None else document.date


def news_entries(edition: Edition, now: datetime) -> list[NewsEntry]:
    """The recent published versions (drafts are listed nowhere), newest first (in the site's locale order on a tie)."""
    settings = edition.settings
    # Published at ``now`` or in the two days before (half-open, as build clocks are compared: builder/embargoed.py).
    window = {d.slug for d in edition.documents if now - NEWS_WINDOW < published(d) <= now}
    recent = [(published(doc.document), n, doc) for n, locale in enumerate(settings.locales)
              for doc in edition.listed(locale) if doc.document.slug in window]
    recent.sort(key=lambda item: (-item[0].timestamp(), item[1], item[2].slug))
    return [news_entry(edition, doc) for _, _, doc in recent[:NEWS_LIMIT]]


def news_entry(edition: Edition, doc: LocalizedDocument) -> NewsEntry:
    settings = edition.settings
    return NewsEntry(
        loc=settings.url(document_path(doc.locale, doc.slug)),
        publication=settings.site_name[doc.locale],
        language=doc.locale,
        published=published(doc.document),
        title=plain(doc.field(DOCTYPES[doc.type].title_field).value),
    )


def news_sitemap(templates: Templates, edition: Edition, entries: list[NewsEntry]) -> str:
    xml = templates.render("news-sitemap.xml", edition.settings.default_locale, None, entries=entries)
    return NOT_XML.sub("", xml)
