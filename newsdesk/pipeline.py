"""build(settings, options) -> BuildReport: load content, apply catalogs, render, write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogs as cat
from .catalogs import Catalog
from .config import Settings
from .content import load_content
from .errors import CatalogError, NewsdeskError, Problem, Problems, problem
from .html import BriefLink, render_page
from .localize import localize
from .model import Document, LocalizedDocument
from .output import Staging
from .site import front_page, root_page
from .templating import Templates


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    drafts: bool = False  # publish incomplete translations, pending segments marked
    briefs: bool = True


@dataclass
class HeldBack:
    slug: str
    locale: str
    translated: int
    fuzzy: int
    untranslated: int

    def __str__(self) -> str:
        return (f"held back {self.slug} [{self.locale}]: {self.untranslated} untranslated, "
                f"{self.fuzzy} fuzzy of {self.translated + self.fuzzy + self.untranslated} segments")


@dataclass
class BuildReport:
    documents: int = 0
    locales: int = 0
    pages: int = 0
    briefs: int = 0
    warnings: list[Problem] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"built {self.documents} documents x {self.locales} locales: {self.pages} pages, "
                f"{self.briefs} PDFs, {len(self.warnings)} warnings, {len(self.held_back)} held back "
                f"in {self.seconds:.1f} s")


@dataclass(frozen=True)
class Catalogs:
    """Every catalog the build reads: per (slug, locale) for documents, per locale for the site."""

    documents: dict[tuple[str, str], Catalog]
    site: dict[str, Catalog]


def load_catalogs(settings: Settings, documents: list[Document], problems: Problems) -> Catalogs:
    """Read every catalog; a missing one counts as empty (its locale version is held back)."""
    by_document: dict[tuple[str, str], Catalog] = {}
    site: dict[str, Catalog] = {}
    for locale in settings.locales:
        path = cat.site_catalog(settings.locales_dir, locale)
        site[locale] = _read(settings, path, locale, problems)
        for document in documents:
            if locale == document.source_locale:
                continue
            path = cat.document_catalog(settings.locales_dir, locale, document.slug)
            by_document[(document.slug, locale)] = _read(settings, path, locale, problems)
        slugs = {d.slug for d in documents}
        folder = settings.locales_dir / locale / "content"
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            if path.stem not in slugs:
                problems.warn(_rel(settings, path), None, f"catalog for a document that does not exist ('{path.stem}')")
    return Catalogs(by_document, site)


def _read(settings: Settings, path: Path, locale: str, problems: Problems) -> Catalog:
    rel = _rel(settings, path)
    if not path.exists():
        return Catalog(rel, locale)
    try:
        return cat.read_catalog(path, rel, locale)
    except CatalogError as error:
        problems.extend(error.problems)
        return Catalog(rel, locale)


def _rel(settings: Settings, path: Path) -> str:
    return path.relative_to(settings.root).as_posix()


def localize_all(
    settings: Settings, documents: list[Document], catalogs: Catalogs, drafts: bool, report: BuildReport
) -> dict[str, list[LocalizedDocument]]:
    """Each locale's published versions, newest first; the rest held back and reported."""
    published: dict[str, list[LocalizedDocument]] = {locale: [] for locale in settings.locales}
    for document in documents:
        for locale in settings.locales:
            doc = localize(document, locale, catalogs.documents.get((document.slug, locale)))
            c = doc.coverage
            if c.complete or drafts or document.publish == "any":
                published[locale].append(doc)
            if not c.complete:
                report.held_back.append(HeldBack(document.slug, locale, c.translated, c.fuzzy, c.untranslated)) if not (drafts or document.publish == "any") else None
    return published


def build(settings: Settings, options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    problems = Problems()
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    catalogs = load_catalogs(settings, documents, problems)
    problems.raise_if_errors(CatalogError)
    report.warnings.extend(problems.warnings)
    published = localize_all(settings, documents, catalogs, options.drafts, report)
    versions = {d.slug: tuple(l for l in settings.locales if any(x.slug == d.slug for x in published[l])) for d in documents}

    templates = Templates(settings.templates_dir, settings.root)
    staging = Staging(options.out)
    try:
        briefs = _render_briefs(settings, templates, published, catalogs, staging) if options.briefs else {}
        for locale, docs in published.items():
            site_catalog = catalogs.site[locale]
            for doc in docs:
                html = render_page(templates, settings, doc, site_catalog, versions[doc.slug], briefs.get((doc.slug, locale)))
                staging.write(f"{locale}/{doc.slug}/index.html", html)
                report.pages += 1
            staging.write(f"{locale}/index.html", front_page(templates, settings, locale, site_catalog, docs))
            report.pages += 1
        staging.write("index.html", root_page(templates, settings))
        report.pages += 1
        staging.copy_tree(settings.templates_dir / "static", "static", skip=("fonts",))
        staging.publish()
    except BaseException:
        staging.discard()
        raise
    report.documents = len(documents)
    report.locales = len(settings.locales)
    report.briefs = len(briefs)
    report.seconds = time.perf_counter() - started
    return report


def _render_briefs(
    settings: Settings,
    templates: Templates,
    published: dict[str, list[LocalizedDocument]],
    catalogs: Catalogs,
    staging: Staging,
) -> dict[tuple[str, str], BriefLink]:
    """A brief per complete locale version: never from an incomplete translation."""
    from .pdf import BriefRenderer  # WeasyPrint is slow to import: only builds with briefs pay

    renderer = BriefRenderer(settings, templates)
    links: dict[tuple[str, str], BriefLink] = {}
    problems = Problems()
    for locale, docs in published.items():
        for doc in docs:
            if not doc.coverage.complete:
                continue
            name = f"{doc.slug}-{locale}.pdf"
            try:
                data = renderer.render(doc, catalogs.site[locale])
            except NewsdeskError as error:
                problems.extend(error.problems)
                continue
            staging.write(f"{locale}/{doc.slug}/{name}", data)
            links[(doc.slug, locale)] = BriefLink(name, _size(len(data), locale))
    problems.raise_if_errors()
    return links


def _size(size: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return f"{format_decimal(round(size / 1024), locale=locale)} KB"


__all__ = ["build", "BuildOptions", "BuildReport", "problem"]
