"""``sitemap.xml`` (sitemaps.org 0.9) with hreflang alternates, and the ``robots.txt`` naming it.

Search engines take language versions from the sitemap as well as from the pages; both come from
:mod:`links`, so every URL lists the same set of versions as each of its versions does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsdesk.localize.edition import Edition
from newsdesk.render.authors import author_documents, author_versions, people
from newsdesk.render.links import SITEMAP_FILE, Version, document_versions, front_versions
from newsdesk.render.templating import Templates
from newsdesk.render.topics import topic_documents, topic_versions


@dataclass(frozen=True)
class SitemapURL:
    """One page: where it is, when it last changed (if known), and its language versions."""

    loc: str
    lastmod: datetime | None
    alternates: tuple[Version, ...]


def sitemap_urls(edition: Edition) -> list[SitemapURL]:
    """The root chooser, each locale's front page, then every published document version."""
    settings = edition.settings
    fronts = front_versions(settings)
    newest = {l: max((d.document.modified for d in docs), default=None) for l, docs in edition.published.items()}
    overall = max((m for m in newest.values() if m), default=None)
    urls = [SitemapURL(fronts.default.url, overall, fronts.all())]
    urls += [SitemapURL(v.url, newest[v.hreflang], fronts.all()) for v in fronts.locales]
    for document in edition.documents:
        if not edition.versions(document.slug):
            continue
        versions = document_versions(edition, document.slug)
        urls += [SitemapURL(v.url, document.modified, versions.all()) for v in versions.locales]
    for slug in edition.topics:  # each topic's first page in each locale that has it
        by_locale = topic_documents(edition, slug)
        if by_locale:
            versions = topic_versions(edition, slug, tuple(by_locale))
            urls += [SitemapURL(v.url, max(d.document.modified for d in by_locale[v.hreflang]), versions.all())
                     for v in versions.locales]
    for slug in people(edition):  # each person's first page in each locale that has it
        by_locale = author_documents(edition, slug)
        versions = author_versions(edition, slug, tuple(by_locale))
        urls += [SitemapURL(v.url, max(d.document.modified for d in by_locale[v.hreflang]), versions.all())
                 for v in versions.locales]
    return urls


def sitemap(templates: Templates, edition: Edition) -> str:
    settings = edition.settings
    return templates.render("sitemap.xml", settings.default_locale, None, urls=sitemap_urls(edition))


def robots_txt(edition: Edition, news: bool = False) -> str:
    """Everything may be crawled; the sitemap says what there is (and the news sitemap, when the
    build has one: newsmap.py). Crawlers read robots.txt only at a host's root: a site served
    from a subfolder needs these Sitemap lines in the host's own file."""
    lines = [f"Sitemap: {edition.settings.url(SITEMAP_FILE)}"]
    if news:
        lines.append(f"Sitemap: {edition.settings.url('news-sitemap.xml')}")
    return "User-agent: *\nAllow: /\n\n" + "".join(f"{line}\n" for line in lines)
