"""The plan of a build: every output, with a key that hashes everything it is made from
(manifest.py records them), and how to render it if that key is new.

An output whose key is the one the previous build recorded is reused, never rendered again.
Keys come from the content hashes of input files (``manifest.scan``), so computing one costs
a few hash calls, however large the site. When only documents' own files changed since the
previous build (their sources, their catalogs), the pages and briefs of every other document
keep the keys that build recorded without computing them: each is made from its document's
files and from inputs that did not change, so it would come out the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from newsdesk.builder import manifest
from newsdesk.builder.manifest import digest
from newsdesk.builder.options import BuildOptions
from newsdesk.cache import NO_CACHE, ParsedCache
from newsdesk.catalogs import catalog as cat
from newsdesk.config import Settings
from newsdesk.content.authors import AUTHORS_FILE
from newsdesk.content.topics import TOPICS_FILE
from newsdesk.errors import RenderError, problem
from newsdesk.localize.edition import BriefLink, Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.feeds import FEED_SIZE, atom_feed
from newsdesk.render.links import feed_path, front_path, media_path
from newsdesk.render.newsmap import NEWS_SITEMAP_FILE, news_entries, news_sitemap
from newsdesk.render.site import front_page, listing, not_found_page, root_not_found_page, root_page
from newsdesk.render.sitemap import robots_txt, sitemap_files
from newsdesk.render.templating import Templates


@dataclass(frozen=True)
class Planned:
    """An output of this build: where it goes, its key, and how to render it if the key is new."""

    rel: str
    key: str
    render: Callable[[], bytes | str]


class InputKeys:
    """The keys of one build's outputs, from the hashes of its input files."""

    def __init__(self, settings: Settings, shas: dict[str, str], options: BuildOptions, memo: ParsedCache = NO_CACHE,
                 previous: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.shas = shas
        self.memo = memo
        self.touched = touched_documents(previous, shas) if previous is not None else None
        self._versions: dict[tuple[str, str], str] = {}  # a page, a front page and a feed ask for each
        self.common = digest(manifest.engine_version(), repr(sorted(options.key().items())),
                                      shas.get("site.toml", ""))
        logo = f"templates/{settings.publisher_logo}"  # its size is in the pages' structured data
        self.page_templates = self._group(lambda rel: rel in (logo, TOPICS_FILE, AUTHORS_FILE) or rel.startswith("templates/")
                                          and not rel.startswith(("templates/brief/", "templates/static/")))
        self.brief_templates = self._group(lambda rel: rel.startswith(("templates/brief/", "templates/static/fonts/"))
                                           or rel.startswith("content/") and not rel.endswith(".md"))

    def _group(self, member: Callable[[str], bool]) -> str:
        # Catalogs and content files, most of the inputs, are in no group: skipped without a call.
        candidates = (rel for rel in self.shas if not rel.startswith("locales/")
                      and not (rel.endswith(".md") and rel.startswith("content/")))
        return digest(*(f"{rel}={self.shas[rel]}" for rel in sorted(candidates) if member(rel)))

    def site_catalog(self, locale: str) -> str:
        return self.shas.get(cat.site_catalog_rel(locale), "-")

    def version(self, doc: LocalizedDocument) -> str:
        """One locale version of a document: its source, its catalog, the locale's site catalog."""
        known = self._versions.get((doc.slug, doc.locale))
        if known is None:
            known = self._versions[(doc.slug, doc.locale)] = digest(
                self.common,
                self.shas.get(doc.document.path, "-"),
                self.shas.get(cat.document_catalog_rel(doc.locale, doc.slug), "-"),
                self.site_catalog(doc.locale),
            )
        return known

    def settled(self, doc: LocalizedDocument) -> bool:
        """Whether the keys the previous build (``previous``) recorded for this document's pages
        and briefs still hold: none of its own files changed, and no other input did but other
        documents' files."""
        return self.touched is not None and doc.document.path not in self.touched[0] and doc.slug not in self.touched[1]

    def shown(self, doc: LocalizedDocument, what: str, digest: Callable[[], str]) -> str:
        """The key of ``what`` an output shows of one locale version (say, a front page's entry):
        ``digest()`` of exactly that, so that an output showing a part of many documents is
        rendered again only when that part changes. Memoized by the version's own files, the
        document and its catalog: ``digest`` must depend on nothing else."""
        catalog = self.shas.get(doc.catalog.path, "-") if doc.catalog else "-"
        return self.memo.get(doc.document.path, (what, doc.locale, catalog), digest,
                             (doc.catalog.path,) if doc.catalog else ())

    def brief(self, doc: LocalizedDocument, related: str = "") -> str:
        return digest("brief", self.version(doc), self.brief_templates, related)

    def page(self, doc: LocalizedDocument, versions: tuple[str, ...], brief: BriefLink | None, related: str = "") -> str:
        return digest("page", self.version(doc), self.page_templates, ",".join(versions), link_key(brief), related)

    def site(self, kind: str, *parts: str) -> str:
        """A site-wide web output (front page, feed, sitemap...): the web templates, the settings,
        and the ``parts`` that say what it shows."""
        return digest(kind, self.common, self.page_templates, *parts)

    def file(self, rel: str) -> str:
        """An input published as it is (a static asset, a content image)."""
        return digest("file", rel, self.shas.get(rel, "-"))


_DOCUMENT_CATALOG = re.compile(r"locales/[^/]+/content/([^/]+)\.po")


def touched_documents(previous: dict[str, str], current: dict[str, str]) -> tuple[set[str], set[str]] | None:
    """The content files, and the slugs of the document catalogs, changed, added or removed since
    the previous build; None if any other input changed (a template, a site catalog, the
    settings, an image), which may change the outputs of every document."""
    paths: set[str] = set()
    slugs: set[str] = set()
    for rel in {rel for rel, _ in previous.items() ^ current.items()}:
        if rel.startswith("content/") and rel.endswith(".md"):
            paths.add(rel)
        elif match := _DOCUMENT_CATALOG.fullmatch(rel):
            slugs.add(match[1])
        else:
            return None
    return paths, slugs


def link_key(link: BriefLink | None) -> str:
    """A brief or pack link as a page shows it (its size is on the page)."""
    return f"{link.href}:{link.size}" if link else ""


def site_outputs(templates: Templates, edition: Edition, keys: InputKeys) -> list[Planned]:
    """Everything that spans documents, by path in the site, each with the key of what it shows."""
    settings = edition.settings
    planned: list[Planned] = []
    last_modified = str(max((d.modified for d in edition.documents), default=""))  # in every feed's key
    for locale in edition.published:
        docs = edition.listed(locale)
        catalog = keys.site_catalog(locale)
        size = settings.front_page_size
        chunks = [docs[i:i + size] for i in range(0, len(docs), size)] or [[]]
        for number, chunk in enumerate(chunks, 1):
            pack = edition.packs.get(locale) if number == 1 else None
            planned.append(Planned(
                front_path(locale, number) + "index.html",
                keys.site("front", locale, catalog, f"{number}/{len(chunks)}", link_key(pack),
                          *(keys.shown(d, "listing", partial(listing_key, d)) for d in chunk)),
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
    planned.extend(Planned(part.rel, keys.site("sitemap", *part.shows), part.render)  # an index past 50,000 URLs
                   for part in sitemap_files(templates, edition))
    news = news_entries(edition, edition.now) if edition.now is not None else []
    if news:  # what it shows is its key: an entry enters and leaves with the build's clock
        planned.append(Planned(NEWS_SITEMAP_FILE, keys.site("news-sitemap", *(repr(e) for e in news)),
                               partial(news_sitemap, templates, edition, news)))
    planned.append(Planned("robots.txt", keys.site("robots", "news" if news else ""),
                           partial(robots_txt, edition, bool(news))))
    planned.extend(media_files(edition, keys))
    planned.extend(static_files(settings, keys))
    return planned


def listing_key(doc: LocalizedDocument) -> str:
    """All a front page is given of a document (its entry and its day): an edit of the body
    leaves the front page alone."""
    return digest(repr(listing(doc)), doc.document.date.isoformat())


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
