"""What one build publishes: each locale's documents, and which locales each document has."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from newsdesk.cache import NO_CACHE, ParsedCache
from newsdesk.catalogs.catalog import Catalog, Catalogs
from newsdesk.config import Settings
from newsdesk.content.model import Document
from newsdesk.content.topics import Topic
from newsdesk.localize.localized import Coverage, LocalizedDocument, coverage, localize


@dataclass(frozen=True)
class HeldBack:
    """A locale version not published, and why."""

    slug: str
    locale: str
    translated: int
    fuzzy: int
    untranslated: int

    def __str__(self) -> str:
        total = self.translated + self.fuzzy + self.untranslated
        return (f"held back {self.slug} [{self.locale}]: {self.untranslated} untranslated, "
                f"{self.fuzzy} fuzzy of {total} segments")


@dataclass(frozen=True)
class BriefLink:
    """A published brief, as a page links it."""

    href: str  # file name, relative to the document's page
    size: str  # formatted for the page's locale


@dataclass(frozen=True)
class Edition:
    """Each locale's published documents (newest first) and what spans them."""

    settings: Settings
    documents: list[Document]
    published: dict[str, list[LocalizedDocument]]
    catalogs: Catalogs
    held_back: list[HeldBack]
    briefs: dict[tuple[str, str], BriefLink] = field(default_factory=dict)
    packs: dict[str, BriefLink] = field(default_factory=dict)  # locale -> its briefing pack, when built

    versions_by_slug: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_slug: dict[str, Document] = field(default_factory=dict)
    now: datetime | None = None  # the build's clock (the news sitemap counts back from it)
    topics: dict[str, Topic] = field(default_factory=dict)  # declared in content/topics.yaml
    drafts: frozenset[tuple[str, str]] = frozenset()  # (slug, locale): pending versions a --drafts build shows

    def versions(self, slug: str) -> tuple[str, ...]:
        """The locales in which a document is published, in the site's locale order (drafts are
        not: no other version, feed or sitemap points to a draft)."""
        return self.versions_by_slug.get(slug, ())

    def is_draft(self, doc: LocalizedDocument) -> bool:
        """A version with pending translations, rendered only because the build asked for drafts:
        its page says so, is ``noindex``, and nothing else on the site lists or links it."""
        return (doc.slug, doc.locale) in self.drafts

    def listed(self, locale: str) -> list[LocalizedDocument]:
        """What a locale's front pages and feed list: its published versions, drafts left out
        (not to be changed: without drafts, this is the edition's own list)."""
        docs = self.published[locale]
        return [d for d in docs if (d.slug, d.locale) not in self.drafts] if self.drafts else docs

    def page_versions(self, doc: LocalizedDocument) -> tuple[str, ...]:
        """The versions a document's page names (language switcher, head): the published ones,
        and a draft page itself."""
        own = self.versions(doc.slug)
        if not self.is_draft(doc):
            return own
        return tuple(l for l in self.settings.locales if l in own or l == doc.locale)

    def source_locale(self, slug: str) -> str:
        return self.by_slug[slug].source_locale

    def briefable(self) -> list[LocalizedDocument]:
        """Versions that get a brief: complete translations only, never drafts."""
        return [d for docs in self.published.values() for d in docs if d.coverage.complete]


def known_coverage(document: Document, locale: str, catalog: Catalog | None, cache: ParsedCache = NO_CACHE) -> Coverage:
    """How much of ``document`` the locale's catalog translates, memoized by both files' hashes."""
    return cache.get(document.path, ("coverage", locale, cache.shas.get(catalog.path, "-") if catalog else "-"),
                     partial(coverage, document, locale, catalog), (catalog.path,) if catalog else ())


def publishes(document: Document, known: Coverage) -> bool:
    """Whether a locale version is published (but as a draft): complete, or its document says ``publish: any``."""
    return known.complete or document.publish == "any"


def make_edition(settings: Settings, documents: list[Document], catalogs: Catalogs, drafts: bool,
                 cache: ParsedCache = NO_CACHE, now: datetime | None = None,
                 topics: dict[str, Topic] | None = None) -> Edition:
    """Localize every document; publish complete versions (or all, for drafts and ``publish: any``).
    Coverage is memoized by the document's and the catalog's content hashes: knowing it does
    not need their text."""
    published: dict[str, list[LocalizedDocument]] = {locale: [] for locale in settings.locales}
    versions: dict[str, tuple[str, ...]] = {}
    held_back: list[HeldBack] = []
    pending: set[tuple[str, str]] = set()
    for document in documents:
        locales = []
        for locale in settings.locales:
            catalog = catalogs.documents.get((document.slug, locale))
            doc = localize(document, locale, catalog, known_coverage(document, locale, catalog, cache))
            c = doc.coverage
            if publishes(document, c):
                published[locale].append(doc)
                locales.append(locale)
            elif drafts:
                published[locale].append(doc)
                pending.add((document.slug, locale))
            else:
                held_back.append(HeldBack(document.slug, locale, c.translated, c.fuzzy, c.untranslated))
        versions[document.slug] = tuple(locales)
    return Edition(settings, documents, published, catalogs, held_back, versions_by_slug=versions,
                   by_slug={d.slug: d for d in documents}, drafts=frozenset(pending), now=now, topics=topics or {})
