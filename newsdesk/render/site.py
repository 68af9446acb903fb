"""What spans documents: front pages, the root language chooser, not-found pages (feeds, the
sitemap and robots.txt have modules of their own; ``builder.plan`` says which of them a build renders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from markupsafe import Markup

from newsdesk.content.doctypes import DOCTYPES
from newsdesk.content.model import Text
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.head import front_head, root_head
from newsdesk.render.jsonld import script_json
from newsdesk.render.links import base_path, feed_path
from newsdesk.render.pages import switcher
from newsdesk.render.templating import Templates
from newsdesk.render.typeset import page_text


@dataclass(frozen=True)
class Listing:
    """A document as a front page lists it."""

    slug: str
    type: str
    title: Text
    summary: Text


@dataclass(frozen=True)
class Day:
    date: datetime
    documents: list[Listing]


@dataclass(frozen=True)
class SiteName:
    locale: str
    name: str


@dataclass(frozen=True)
class NotFoundSection:
    """The not-found message in one locale, for the root 404 page that speaks every locale."""

    locale: str
    html: Markup


@dataclass(frozen=True)
class Pages:
    """Where a front page is among its locale's pages, and links to its neighbours."""

    number: int
    count: int
    newer: str | None  # relative link to the page before (newer documents)
    older: str | None


def by_day(docs: list[LocalizedDocument]) -> list[Day]:
    """A listing's documents (newest first) grouped by the day in each document's own time zone."""
    return [
        Day(date, [listing(d) for d in group])
        for date, group in groupby(docs, key=lambda d: d.document.date.replace(hour=0, minute=0, second=0, microsecond=0))
    ]


def paginated(number: int, count: int) -> Pages:
    """Page ``number`` of a listing of ``count`` pages (the first in the listing's own folder, the
    others in ``page/N/``), with relative links to its neighbours."""
    return Pages(
        number,
        count,
        newer=None if number == 1 else "../../" if number == 2 else f"../{number - 1}/",
        older=None if number == count else f"page/{number + 1}/" if number == 1 else f"../{number + 1}/",
    )


def front_page(templates: Templates, edition: Edition, locale: str, docs: list[LocalizedDocument],
               number: int = 1, count: int = 1) -> str:
    """Newest first, grouped by the day in the document's own time zone."""
    days = by_day(docs)
    root = "../" if number == 1 else "../../../"
    front = "" if number == 1 else "../../"  # from this page to the locale's front page
    pages = paginated(number, count)
    settings = edition.settings
    return templates.render(
        "index.html",
        locale,
        edition.catalogs.site[locale],
        days=days,
        pages=pages,
        front=front,
        pack=edition.packs.get(locale) if number == 1 else None,
        text=page_text,
        root=root,
        site_name=settings.site_name[locale],
        publisher=settings.publisher,
        switcher=switcher(locale, settings.locales, "", root),
        head=front_head(edition, locale, number),
    )


def listing(doc: LocalizedDocument) -> Listing:
    """All a front page is given of a document, but its day."""
    doctype = DOCTYPES[doc.type]
    return Listing(doc.slug, doc.type, doc.field(doctype.title_field), doc.field(doctype.summary_field))


def not_found_page(templates: Templates, edition: Edition, locale: str) -> str:
    """A locale's 404 page. A server shows it at whatever URL was missing, so its links start
    from the path of ``base_url`` ("/" or "/news/"), not from where the file lies."""
    settings = edition.settings
    root = base_path(settings)
    return templates.render(
        "404.html",
        locale,
        edition.catalogs.site[locale],
        root=root,
        site_name=settings.site_name[locale],
        publisher=settings.publisher,
        switcher=switcher("", settings.locales, "", root),  # front pages; none is this page
        head=None,
    )


def root_not_found_page(templates: Templates, edition: Edition) -> str:
    """The site-wide 404 (what most hosts serve): the message in every locale, each marked."""
    settings = edition.settings
    root = base_path(settings)
    sections = [
        NotFoundSection(l, Markup(templates.render(
            "_notfound.html", l, edition.catalogs.site[l], level=2, root=root, site_name=settings.site_name[l]
        )))
        for l in _default_first(edition)
    ]
    return _root(templates, edition, root=root, head=None, sections=sections)


def root_page(templates: Templates, edition: Edition) -> str:
    """The language chooser: a script sends readers to their browser's language; links for the rest."""
    return _root(templates, edition, root="", head=root_head(edition), sections=[])


def _root(templates: Templates, edition: Edition, **context: object) -> str:
    settings = edition.settings
    ordered = _default_first(edition)
    return templates.render(
        "root.html",
        settings.default_locale,
        None,
        site_name=settings.site_name[settings.default_locale],
        site_names=[SiteName(l, settings.site_name[l]) for l in ordered],
        links=switcher("", ordered, "", str(context["root"])),
        feeds={l: settings.url(feed_path(l)) for l in ordered},
        locales_json=script_json(list(settings.locales)),
        **context,
    )


def _default_first(edition: Edition) -> tuple[str, ...]:
    settings = edition.settings
    return (settings.default_locale,) + tuple(l for l in settings.locales if l != settings.default_locale)
