"""Output keys: for each output, one hash of everything it is made from (manifest.py records them).

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

from . import catalogs as cat
from . import manifest
from .buildinfo import BuildOptions
from .config import Settings
from .edition import BriefLink
from .memo import NO_MEMO, Memo
from .model import LocalizedDocument


@dataclass(frozen=True)
class Planned:
    """An output of this build: where it goes, its key, and how to render it if the key is new."""

    rel: str
    key: str
    render: Callable[[], bytes | str]


class InputKeys:
    """The keys of one build's outputs, from the hashes of its input files."""

    def __init__(self, settings: Settings, shas: dict[str, str], options: BuildOptions, memo: Memo = NO_MEMO,
                 previous: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.shas = shas
        self.memo = memo
        self.touched = touched_documents(previous, shas) if previous is not None else None
        self._versions: dict[tuple[str, str], str] = {}  # a page, a front page and a feed ask for each
        self.common = manifest.digest(manifest.engine_version(), repr(sorted(options.key().items())),
                                      shas.get("site.toml", ""))
        logo = f"templates/{settings.publisher_logo}"  # its size is in the pages' structured data
        self.page_templates = self._group(lambda rel: rel == logo or rel.startswith("templates/")
                                          and not rel.startswith(("templates/brief/", "templates/static/")))
        self.brief_templates = self._group(lambda rel: rel.startswith(("templates/brief/", "templates/static/fonts/"))
                                           or rel.startswith("content/") and not rel.endswith(".md"))

    def _group(self, member: Callable[[str], bool]) -> str:
        # Catalogs and content files, most of the inputs, are in no group: skipped without a call.
        candidates = (rel for rel in self.shas if not rel.startswith("locales/")
                      and not (rel.endswith(".md") and rel.startswith("content/")))
        return manifest.digest(*(f"{rel}={self.shas[rel]}" for rel in sorted(candidates) if member(rel)))

    def site_catalog(self, locale: str) -> str:
        return self.shas.get(cat.site_catalog_rel(locale), "-")

    def version(self, doc: LocalizedDocument) -> str:
        """One locale version of a document: its source, its catalog, the locale's site catalog."""
        known = self._versions.get((doc.slug, doc.locale))
        if known is None:
            known = self._versions[(doc.slug, doc.locale)] = manifest.digest(
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
        return self.memo.get(doc.document.path, (what, doc.locale, catalog), digest)

    def brief(self, doc: LocalizedDocument, related: str = "") -> str:
        return manifest.digest("brief", self.version(doc), self.brief_templates, related)

    def page(self, doc: LocalizedDocument, versions: tuple[str, ...], brief: BriefLink | None, related: str = "") -> str:
        return manifest.digest("page", self.version(doc), self.page_templates, ",".join(versions), link_key(brief),
                               related)

    def site(self, kind: str, *parts: str) -> str:
        """A site-wide web output (front page, feed, sitemap...): the web templates, the settings,
        and the ``parts`` that say what it shows."""
        return manifest.digest(kind, self.common, self.page_templates, *parts)

    def file(self, rel: str) -> str:
        """An input published as it is (a static asset, a content image)."""
        return manifest.digest("file", rel, self.shas.get(rel, "-"))


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
