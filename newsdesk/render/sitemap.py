"""``sitemap.xml`` (sitemaps.org 0.9) with hreflang alternates, and the ``robots.txt`` naming it.

Search engines take language versions from the sitemap as well as from the pages; both come from
:mod:`links`, so every URL lists the same set of versions as each of its versions does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TypeVar

from newsdesk.content.model import Document
from newsdesk.errors import RenderError, problem
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


def sitemap_urls(edition: Edition, documents: Iterable[Document] | None = None) -> list[SitemapURL]:
    """The root chooser, each locale's front page, then every published document version (or
    those of ``documents`` only), then the topic and author pages."""
    settings = edition.settings
    fronts = front_versions(settings)
    newest = {l: max((d.document.modified for d in docs), default=None) for l, docs in edition.published.items()}
    overall = max((m for m in newest.values() if m), default=None)
    urls = [SitemapURL(fronts.default.url, overall, fronts.all())]
    urls += [SitemapURL(v.url, newest[v.hreflang], fronts.all()) for v in fronts.locales]
    urls += document_urls(edition, edition.documents if documents is None else documents)
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


def document_urls(edition: Edition, documents: Iterable[Document]) -> list[SitemapURL]:
    """Each published version of ``documents``, in their order."""
    urls = []
    for document in documents:
        if not edition.versions(document.slug):
            continue
        versions = document_versions(edition, document.slug)
        urls += [SitemapURL(v.url, document.modified, versions.all()) for v in versions.locales]
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


# -- A sitemap index past one file's limits ---------------------------------------------------------

URL_LIMIT = 50_000  # the most URLs one sitemap file may hold (sitemaps.org)
BYTE_LIMIT = 52_428_800  # and the most bytes, uncompressed
PART_FILE = "sitemap-{}.xml"
T = TypeVar("T")
# Bytes of the template around one URL (url, loc and lastmod tags: 89 with the longest ISO date),
# around each alternate (the xhtml:link tag: 54, and a language tag of up to 16), and around the
# whole file: the sizes are estimated from above, from the URLs' lengths, without rendering.
URL_BYTES = 100
ALTERNATE_BYTES = 70
FILE_BYTES = 300


@dataclass(frozen=True)
class SitemapFile:
    """One file of the sitemap: where it goes in the site, what it lists (its key is made of
    exactly that), and how to render it."""

    rel: str
    shows: tuple[str, ...]
    render: Callable[[], str]


def sitemap_files(templates: Templates, edition: Edition, limit: int | None = None,
                  byte_limit: int | None = None) -> list[SitemapFile]:
    """``sitemap.xml`` alone while every URL fits in one file (``limit`` URLs, ``byte_limit``
    bytes; by default the protocol's, ``URL_LIMIT`` and ``BYTE_LIMIT``). Past that, ``sitemap.xml``
    is a sitemap index (robots.txt and every link to it stay valid) of ``sitemap-1.xml``,
    ``sitemap-2.xml``...: first the documents, oldest first, each part filled up to the limits
    before the next begins, so that a new document (usually the newest) changes the last part
    only and an edit the part that lists it; then the root, front, topic and author pages, whose
    dates move with every new document. Each part's key is what it lists: the build reuses the
    parts that did not change."""
    limit = URL_LIMIT if limit is None else limit
    byte_limit = BYTE_LIMIT if byte_limit is None else byte_limit
    settings = edition.settings

    def single() -> list[SitemapFile]:
        return [SitemapFile(SITEMAP_FILE, ("urlset", *(_shown(edition, d) for d in edition.documents)),
                            partial(sitemap, templates, edition))]

    # The common case is decided in one pass, from above: every URL as long as the longest, and
    # each collection with a page in every locale (20 ms at 10,000 documents).
    count = longest = 0
    persons: set[str] = set()
    for document in edition.documents:
        if versions := len(edition.versions(document.slug)):
            count += versions
            longest = max(longest, len(document.slug.encode("utf-8")))
            persons.update(a.slug for a in document.authors if a.person)
    pages, pages_size = _site_bound(edition, persons)
    per_url = _document_bytes(settings.base_url, "x" * longest, settings.locales, len(settings.locales))
    if count + pages <= limit and FILE_BYTES + count * per_url // len(settings.locales) + pages_size <= byte_limit:
        return single()
    published = [d for d in edition.documents if edition.versions(d.slug)]
    site = sitemap_urls(edition, documents=())
    if count + len(site) <= limit and FILE_BYTES + sum(
            _document_bytes(settings.base_url, d.slug, settings.locales, len(edition.versions(d.slug)))
            for d in published) + sum(map(_url_bytes, site)) <= byte_limit:  # sized only when the URLs fit
        return single()

    parts: list[SitemapFile] = []
    index: list[tuple[str, datetime | None]] = []  # each part's URL and its newest lastmod
    locales = len(settings.locales)
    oldest_first = sorted(published, key=lambda d: (d.date, d.slug))
    # A document is counted with every locale, published or not, so that a translation published
    # later does not move the parts' boundaries.
    for chunk in _fill(oldest_first, lambda d: locales, lambda d: _document_bytes(
            settings.base_url, d.slug, settings.locales, locales), limit, byte_limit - FILE_BYTES):
        rel = PART_FILE.format(len(parts) + 1)
        parts.append(SitemapFile(rel, ("documents", *(_shown(edition, d) for d in chunk)),
                                 partial(_part, templates, edition, rel, chunk, None, byte_limit)))
        index.append((settings.url(rel), max(d.modified for d in chunk)))
    for urls in _fill(site, lambda u: 1, _url_bytes, limit, byte_limit - FILE_BYTES):
        rel = PART_FILE.format(len(parts) + 1)
        parts.append(SitemapFile(rel, ("pages", *map(repr, urls)),
                                 partial(_part, templates, edition, rel, [], urls, byte_limit)))
        index.append((settings.url(rel), max((u.lastmod for u in urls if u.lastmod), default=None)))
    shows = ("index", *(f"{loc}:{lastmod.isoformat() if lastmod else ''}" for loc, lastmod in index))
    return [SitemapFile(SITEMAP_FILE, shows, partial(sitemap_index, templates, edition, index)), *parts]


def sitemap_index(templates: Templates, edition: Edition, parts: list[tuple[str, datetime | None]]) -> str:
    return templates.render("sitemap-index.xml", edition.settings.default_locale, None, parts=parts)


def _part(templates: Templates, edition: Edition, rel: str, documents: list[Document],
          urls: list[SitemapURL] | None, byte_limit: int) -> str:
    """One part of a sitemap index: the versions of ``documents``, or ``urls``."""
    xml = templates.render("sitemap.xml", edition.settings.default_locale, None,
                           urls=document_urls(edition, documents) if urls is None else urls)
    if len(xml.encode("utf-8")) > byte_limit:  # the estimate was wrong: a bug, not the editor's
        raise RenderError(problem(rel, None, f"{len(xml.encode('utf-8'))} bytes, more than a sitemap may hold "
                                             f"({byte_limit}): the size estimate is wrong"))
    return xml


def _shown(edition: Edition, document: Document) -> str:
    """All the sitemap shows of a document (its versions, their date, x-default) and what its
    topic and author pages take from it."""
    return (f"{document.slug}:{','.join(edition.versions(document.slug))}:{document.modified.isoformat()}"
            f":{document.source_locale}:{','.join(document.topics)}"
            f":{','.join(a.slug for a in document.authors if a.person)}")


def _fill(items: list[T], count: Callable[[T], int], size: Callable[[T], int], limit: int,
          byte_limit: int) -> list[list[T]]:
    """``items`` in order, in parts filled up to ``limit`` (by ``count``) and ``byte_limit``
    (by ``size``) before the next begins: a part's boundaries depend on what comes before it only."""
    parts: list[list[T]] = []
    current: list[T] = []
    used = weight = 0
    for item in items:
        n, b = count(item), size(item)
        if current and (used + n > limit or weight + b > byte_limit):
            parts.append(current)
            current, used, weight = [], 0, 0
        current.append(item)
        used, weight = used + n, weight + b
    return [*parts, current] if current else parts


def _document_bytes(base_url: str, slug: str, locales: tuple[str, ...], versions: int) -> int:
    """At most the bytes of a document's ``versions`` URLs, each with its alternates and x-default."""
    longest = len(base_url.encode("utf-8")) + max(len(l) for l in locales) + len(slug.encode("utf-8")) + 2
    return versions * (URL_BYTES + longest + (versions + 1) * (ALTERNATE_BYTES + longest))


def _url_bytes(url: SitemapURL) -> int:
    return URL_BYTES + len(url.loc.encode("utf-8")) + sum(ALTERNATE_BYTES + len(v.url.encode("utf-8"))
                                                          for v in url.alternates)


def _site_bound(edition: Edition, persons: set[str]) -> tuple[int, int]:
    """At most the URLs and bytes of the root, front, topic and author pages: each collection
    (``persons``: the authors' slugs) with a page in every locale."""
    settings = edition.settings
    slugs = [*edition.topics, *persons]
    pages = 1 + len(settings.locales) * (1 + len(slugs))
    longest = (len(settings.base_url.encode("utf-8")) + max(len(l) for l in settings.locales)
               + max((len(s.encode("utf-8")) for s in slugs), default=0) + len("/authors//"))
    return pages, pages * (URL_BYTES + longest + (len(settings.locales) + 1) * (ALTERNATE_BYTES + longest))
