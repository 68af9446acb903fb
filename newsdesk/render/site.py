"""What spans documents: front pages, the root language chooser, not-found pages, feeds, sitemap,
robots.txt, and the content images the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby

from markupsafe import Markup

from newsdesk.config import Settings
from newsdesk.content.doctypes import DOCTYPES
from newsdesk.localize.edition import Edition
from newsdesk.errors import RenderError, problem
from newsdesk.render.feeds import FEED_SIZE, atom_feed
from newsdesk.render.head import front_head, root_head
from newsdesk.render.pages import switcher
from newsdesk.render.jsonld import script_json
from newsdesk.build.plan import InputKeys, Planned, link_key
from newsdesk.render.links import SITEMAP_FILE, base_path, feed_path, front_path, media_path
from newsdesk.build.manifest import digest
from newsdesk.content.model import LocalizedDocument, Text
from newsdesk.render.sitemap import robots_txt, sitemap
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


def site_outputs(templates: Templates, edition: Edition, keys: InputKeys) -> list[Planned]:
    """Everything that spans documents, by path in the site, each with the key of what it shows."""
    settings = edition.settings
    planned: list[Planned] = []
    last_modified = str(max((d.modified for d in edition.documents), default=""))  # in every feed's key
    for locale, docs in edition.published.items():
        catalog = keys.site_catalog(locale)
        size = settings.front_page_size
        chunks = [docs[i:i + size] for i in range(0, len(docs), size)] or [[]]
        for number, chunk in enumerate(chunks, 1):
            pack = edition.packs.get(locale) if number == 1 else None
            planned.append(Planned(
                front_path(locale, number) + "index.html",
                keys.site("front", locale, catalog, f"{number}/{len(chunks)}", link_key(pack),
                          *(keys.shown(d, "listing", partial(_listing_key, d)) for d in chunk)),
                partial(front_page, templates, edition, locale, chunk, number, len(chunks)),
            ))
        planned.append(Planned(front_path(locale) + "404.html", keys.site("404", locale, catalog),
                               partial(not_found_page, templates, edition, locale)))
        newest = docs[:FEED_SIZE]
        planned.append(Planned(
            feed_path(locale),
            keys.site("feed", locale, catalog, *(
                f"{keys.version(d)}:{','.join(edition.versions(d.slug))}:{link_key(edition.briefs.get((d.slug, locale)))}"
                for d in newest
            ), last_modified),
            partial(atom_feed, templates, edition, locale, newest),
        ))
    catalogs = [keys.site_catalog(locale) for locale in settings.locales]
    planned.append(Planned("index.html", keys.site("root"), partial(root_page, templates, edition)))
    planned.append(Planned("404.html", keys.site("root-404", *catalogs), partial(root_not_found_page, templates, edition)))
    planned.append(Planned(SITEMAP_FILE, keys.site("sitemap", *(
        f"{d.slug}:{','.join(edition.versions(d.slug))}:{d.modified.isoformat()}:{d.source_locale}" for d in edition.documents
    )), partial(sitemap, templates, edition)))
    planned.append(Planned("robots.txt", keys.site("robots"), partial(robots_txt, edition)))
    planned.extend(media_files(edition, keys))
    planned.extend(static_files(settings, keys))
    return planned


def front_page(templates: Templates, edition: Edition, locale: str, docs: list[LocalizedDocument],
               number: int = 1, count: int = 1) -> str:
    """Newest first, grouped by the day in the document's own time zone."""
    days = [
        Day(date, [_listing(d) for d in group])
        for date, group in groupby(docs, key=lambda d: d.document.date.replace(hour=0, minute=0, second=0, microsecond=0))
    ]
    root = "../" if number == 1 else "../../../"
    front = "" if number == 1 else "../../"  # from this page to the locale's front page
    pages = Pages(
        number,
        count,
        newer=None if number == 1 else front if number == 2 else f"../{number - 1}/",
        older=None if number == count else f"page/{number + 1}/" if number == 1 else f"../{number + 1}/",
    )
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


def _listing(doc: LocalizedDocument) -> Listing:
    doctype = DOCTYPES[doc.type]
    return Listing(doc.slug, doc.type, doc.field(doctype.title_field), doc.field(doctype.summary_field))


def _listing_key(doc: LocalizedDocument) -> str:
    """All a front page is given of a document (its entry and its day): an edit of the body
    leaves the front page alone."""
    return digest(repr(_listing(doc)), doc.document.date.isoformat())


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


def media_files(edition: Edition, keys: InputKeys) -> list[Planned]:
    """The images of published documents' figures, from ``content/``, where the pages point."""
    files: dict[str, Planned] = {}
    content = edition.settings.content_dir
    for document in edition.documents:
        image = document.image  # the same in every locale
        if image is None or not edition.versions(document.slug) or media_path(image) in files:
            continue
        path = content / image
        if not path.is_file():
            raise RenderError(problem(document.path, None, f"figure image '{image}' not found in content/"))
        files[media_path(image)] = Planned(media_path(image), keys.file(f"content/{image}"), path.read_bytes)
    return list(files.values())


def static_files(settings: Settings, keys: InputKeys) -> list[Planned]:
    """``templates/static/`` as it is, but for the fonts (only briefs embed them)."""
    source = settings.templates_dir / "static"
    return [
        Planned(f"static/{rel}", keys.file(f"templates/static/{rel}"), path.read_bytes)
        for path in sorted(source.rglob("*"))
        if path.is_file() and (rel := path.relative_to(source).as_posix()).split("/")[0] != "fonts"
    ]
