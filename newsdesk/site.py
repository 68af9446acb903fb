"""What spans documents: front pages, the root language chooser, not-found pages, feeds, sitemap,
robots.txt, and the content images the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from markupsafe import Markup

from .doctypes import DOCTYPES
from .edition import Edition
from .errors import RenderError, problem
from .feeds import atom_feed
from .head import front_head, root_head
from .html import switcher
from .jsonld import script_json
from .links import SITEMAP_FILE, base_path, feed_path, front_path, media_path
from .model import LocalizedDocument, Text
from .sitemap import robots_txt, sitemap
from .templating import Templates
from .typeset import page_text


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


def site_outputs(templates: Templates, edition: Edition) -> dict[str, str | bytes]:
    """Everything that spans documents, by path in the site."""
    outputs: dict[str, str | bytes] = {}
    for locale, docs in edition.published.items():
        outputs[front_path(locale) + "index.html"] = front_page(templates, edition, locale, docs)
        outputs[front_path(locale) + "404.html"] = not_found_page(templates, edition, locale)
        outputs[feed_path(locale)] = atom_feed(templates, edition, locale)
    outputs["index.html"] = root_page(templates, edition)
    outputs["404.html"] = root_not_found_page(templates, edition)
    outputs[SITEMAP_FILE] = sitemap(templates, edition)
    outputs["robots.txt"] = robots_txt(edition)
    outputs.update(media_files(edition))
    return outputs


def front_page(templates: Templates, edition: Edition, locale: str, docs: list[LocalizedDocument]) -> str:
    """Newest first, grouped by the day in the document's own time zone."""
    days = [
        Day(date, [_listing(d) for d in group])
        for date, group in groupby(docs, key=lambda d: d.document.date.replace(hour=0, minute=0, second=0, microsecond=0))
    ]
    root = "../"
    settings = edition.settings
    return templates.render(
        "index.html",
        locale,
        edition.catalogs.site[locale],
        days=days,
        pack=edition.packs.get(locale),
        text=page_text,
        root=root,
        site_name=settings.site_name[locale],
        publisher=settings.publisher,
        switcher=switcher(locale, settings.locales, "", root),
        head=front_head(edition, locale),
    )


def _listing(doc: LocalizedDocument) -> Listing:
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
        locales_json=script_json(list(settings.locales), indent=None),
        **context,
    )


def _default_first(edition: Edition) -> tuple[str, ...]:
    settings = edition.settings
    return (settings.default_locale,) + tuple(l for l in settings.locales if l != settings.default_locale)


def media_files(edition: Edition) -> dict[str, bytes]:
    """The images of published documents' figures, from ``content/``, where the pages point."""
    files: dict[str, bytes] = {}
    content = edition.settings.content_dir
    for docs in edition.published.values():
        for doc in docs:
            figure = doc.fields.get("figure")
            if figure is None or media_path(figure["image"]) in files:
                continue
            path = content / figure["image"]
            if not path.is_file():
                raise RenderError(problem(doc.document.path, None, f"figure image '{figure['image']}' not found in content/"))
            files[media_path(figure["image"])] = path.read_bytes()
    return files

