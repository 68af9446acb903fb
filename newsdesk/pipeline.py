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
from .edition import BriefLink, Catalogs, Edition, HeldBack, make_edition
from .html import render_page
from .model import Document
from .output import Staging
from .site import site_outputs
from .templating import Templates


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    drafts: bool = False  # publish incomplete translations, pending segments marked
    briefs: bool = True
    pack: bool = False  # a briefing pack per locale, whatever site.toml says


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


def build(settings: Settings, options: BuildOptions) -> BuildReport:
    """The pipeline: each stage one call. Nothing is published unless every stage succeeds."""
    started = time.perf_counter()
    problems = Problems()
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    catalogs = load_catalogs(settings, documents, problems)
    problems.raise_if_errors(CatalogError)
    edition = make_edition(settings, documents, catalogs, options.drafts)
    templates = Templates(settings.templates_dir, settings.root)

    outputs: dict[str, bytes | str] = {}
    if options.briefs:
        briefs = render_briefs(settings, templates, edition)
        outputs.update(briefs)
        if options.pack or settings.pack:
            from .pack import render_packs

            outputs.update(render_packs(settings, templates, edition))
    outputs.update(render_pages(templates, edition))
    outputs.update(site_outputs(templates, edition))

    staging = Staging(options.out)
    try:
        for rel, data in outputs.items():
            staging.write(rel, data)
        staging.copy_tree(settings.templates_dir / "static", "static", skip=("fonts",))
        staging.publish()
    except BaseException:
        staging.discard()
        raise
    return BuildReport(
        documents=len(documents),
        locales=len(settings.locales),
        pages=sum(1 for rel in outputs if rel.endswith(".html")),
        briefs=sum(1 for rel in outputs if rel.endswith(".pdf")),
        warnings=problems.warnings,
        held_back=edition.held_back,
        seconds=time.perf_counter() - started,
    )


def render_pages(templates: Templates, edition: Edition) -> dict[str, str]:
    pages = {}
    for locale, docs in edition.published.items():
        for doc in docs:
            pages[f"{locale}/{doc.slug}/index.html"] = render_page(templates, edition, doc)
    return pages


def render_briefs(settings: Settings, templates: Templates, edition: Edition) -> dict[str, bytes]:
    """A brief per complete locale version; the edition learns their links for the pages."""
    from .pdf import BriefRenderer  # WeasyPrint is slow to import: only builds with briefs pay

    renderer = BriefRenderer(settings, templates)
    briefs: dict[str, bytes] = {}
    problems = Problems()
    for doc in edition.briefable():
        name = f"{doc.slug}-{doc.locale}.pdf"
        try:
            data = renderer.render(doc, edition.catalogs.site[doc.locale])
        except NewsdeskError as error:
            problems.extend(error.problems)
            continue
        briefs[f"{doc.locale}/{doc.slug}/{name}"] = data
        edition.briefs[(doc.slug, doc.locale)] = BriefLink(name, _size(len(data), doc.locale))
    problems.raise_if_errors()
    return briefs


def _size(size: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return f"{format_decimal(round(size / 1024), locale=locale)} KB"


__all__ = ["build", "BuildOptions", "BuildReport", "problem"]
