"""What a page's ``<head>`` tells machines: canonical URL, language versions, feed, Open Graph,
JSON-LD. Every URL here is absolute, as each of those standards expects; the page's own
links stay relative.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from newsdesk.content.inline import plain
from newsdesk.locales import profile
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.jsonld import document_data, script_json
from newsdesk.render.links import (
    Version,
    Versions,
    document_versions,
    feed_path,
    front_path,
    front_versions,
    media_path,
)


@dataclass(frozen=True)
class PageHead:
    """The machine-readable head of one page (title and description come from the template)."""

    canonical: str
    alternates: tuple[Version, ...]  # every published version, then x-default
    feed: str | None  # the locale's Atom feed
    open_graph: tuple[tuple[str, str], ...]  # (property, content), after og:title and og:description
    json_ld: Markup | None = None


def document_head(edition: Edition, doc: LocalizedDocument) -> PageHead:
    """A document page: an article in Open Graph terms, structured data from :mod:`jsonld`."""
    settings = edition.settings
    versions = document_versions(edition, doc.slug, edition.page_versions(doc))
    url = versions.url(doc.locale)
    document = doc.document
    graph = [
        ("og:type", "article"),
        ("og:url", url),
        ("og:site_name", settings.site_name[doc.locale]),
        *_locales(doc.locale, versions),
    ]
    if "figure" in doc.fields:
        graph.append(("og:image", settings.url(media_path(doc.fields["figure"]["image"]))))
        graph.append(("og:image:alt", plain(doc.fields["figure"]["caption"].value)))
    elif settings.publisher_logo:
        graph.append(("og:image", settings.url(settings.publisher_logo)))
    graph += [
        ("article:published_time", document.date.isoformat()),
        ("article:modified_time", document.modified.isoformat()),
        *(("article:tag", plain(tag.value)) for tag in doc.fields.get("tags", ())),
    ]
    return PageHead(
        canonical=url,
        alternates=versions.all(),
        feed=settings.url(feed_path(doc.locale)),
        open_graph=tuple(graph),
        json_ld=script_json(document_data(edition, doc, versions)),
    )


def front_head(edition: Edition, locale: str, page: int = 1) -> PageHead:
    """A locale's front page: a website in Open Graph terms. Its older pages are their own
    canonical URLs, without language versions: page 2 in Korean lists other documents than
    page 2 in Japanese."""
    settings = edition.settings
    versions = front_versions(settings)
    url = versions.url(locale) if page == 1 else settings.url(front_path(locale, page))
    graph = [
        ("og:type", "website"),
        ("og:url", url),
        ("og:site_name", settings.site_name[locale]),
        *(_locales(locale, versions) if page == 1 else [("og:locale", profile(locale).tag)]),
    ]
    if settings.publisher_logo:
        graph.append(("og:image", settings.url(settings.publisher_logo)))
    return PageHead(url, versions.all() if page == 1 else (), settings.url(feed_path(locale)), tuple(graph))


def root_head(edition: Edition) -> PageHead:
    """The language chooser is the x-default of the front pages."""
    versions = front_versions(edition.settings)
    return PageHead(versions.default.url, versions.all(), None, ())


def _locales(locale: str, versions: Versions) -> list[tuple[str, str]]:
    """og:locale, then og:locale:alternate for the other published versions."""
    return [("og:locale", profile(locale).tag)] + [
        ("og:locale:alternate", profile(v.hreflang).tag) for v in versions.locales if v.hreflang != locale
    ]
