"""Where each page lives, and its language versions: the one source of every translation link.

Pages link each other with relative URLs (the site works from any folder); what machines read
(canonical, hreflang, Open Graph, JSON-LD, feeds, sitemap) gets absolute URLs from ``base_url``.
The switcher, the ``hreflang`` links, the sitemap's alternates and the JSON-LD translation links
are all made from :func:`document_versions` / :func:`front_versions`, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from newsdesk.config import Settings
from newsdesk.localize.edition import Edition

X_DEFAULT = "x-default"
FEED_FILE = "feed.xml"
SITEMAP_FILE = "sitemap.xml"


def front_path(locale: str, page: int = 1) -> str:
    """A locale's front page; older documents are on its numbered pages."""
    return f"{locale}/" if page == 1 else f"{locale}/page/{page}/"


def document_path(locale: str, slug: str) -> str:
    return f"{locale}/{slug}/"


def brief_path(locale: str, slug: str) -> str:
    """A document's brief in one locale, beside its page."""
    return f"{document_path(locale, slug)}{slug}-{locale}.pdf"


def feed_path(locale: str) -> str:
    return f"{locale}/{FEED_FILE}"


def topic_path(locale: str, slug: str, page: int = 1) -> str:
    return f"{locale}/topics/{slug}/" if page == 1 else f"{locale}/topics/{slug}/page/{page}/"


def topic_feed_path(locale: str, slug: str) -> str:
    return f"{topic_path(locale, slug)}feed.xml"


def author_path(locale: str, slug: str, page: int = 1) -> str:
    return f"{locale}/authors/{slug}/" if page == 1 else f"{locale}/authors/{slug}/page/{page}/"


def media_path(image: str) -> str:
    """Where a content image (a path inside ``content/``) is published."""
    return f"media/{image}"


def base_path(settings: Settings) -> str:
    """The URL path the site is served under ("/" or "/news/"): for pages served at any URL (404)."""
    return urlsplit(settings.base_url).path or "/"


@dataclass(frozen=True)
class Version:
    """One language version of a page, as ``hreflang`` links and sitemaps name it."""

    hreflang: str  # a locale, or "x-default"
    url: str  # absolute


@dataclass(frozen=True)
class Versions:
    """All language versions of one page: the same list for every member (reciprocal by design)."""

    locales: tuple[Version, ...]  # in the site's locale order
    default: Version  # hreflang="x-default"

    def all(self) -> tuple[Version, ...]:
        return self.locales + (self.default,)

    def url(self, locale: str) -> str:
        return next(v.url for v in self.locales if v.hreflang == locale)


def document_versions(edition: Edition, slug: str, published: tuple[str, ...] | None = None) -> Versions:
    """The published versions of a document (or ``published``: a draft page's own list); x-default
    is the default locale's version, or the source language's when the default locale's
    translation is not published."""
    settings = edition.settings
    published = edition.versions(slug) if published is None else published
    versions = tuple(Version(l, settings.url(document_path(l, slug))) for l in published)
    source = edition.source_locale(slug)
    fallback = settings.default_locale if settings.default_locale in published else source
    if fallback not in published:
        fallback = published[0]
    return Versions(versions, Version(X_DEFAULT, settings.url(document_path(fallback, slug))))


def front_versions(settings: Settings) -> Versions:
    """Every locale has a front page; x-default is the root language chooser, which is what
    x-default is for: a page that sends readers to their language."""
    versions = tuple(Version(l, settings.url(front_path(l))) for l in settings.locales)
    return Versions(versions, Version(X_DEFAULT, settings.url("")))
