"""How far each translation is: segments and their size, per document (and the site) and locale.

Size is measured in the source text, because untranslated and fuzzy work only exists in the
source: words where the source is English, characters (without spaces) where it is Korean or
Japanese, which have no countable words. Segments are counted as the build counts them, so
"complete" here means the build publishes that version.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from newsdesk.catalogs import catalog as cat
from newsdesk.catalogs.catalog import Catalog
from newsdesk.config import Settings
from newsdesk.content.inline import plain
from newsdesk.content.model import Document
from newsdesk.errors import CatalogError, Problems
from newsdesk.locales import profile
from newsdesk.translate.workflow import Domain, document_domain, site_domain


@dataclass(frozen=True)
class Progress:
    """Translation progress of one document (or the site's strings) in one locale."""

    document: str  # slug, or "site"
    locale: str
    source_locale: str
    catalog: str  # path relative to the project
    translated: int
    fuzzy: int
    untranslated: int
    translated_size: int
    fuzzy_size: int
    untranslated_size: int
    unit: str  # "words" or "chars", of the source text
    status: str  # "complete", "held back", "publish: any", or "" for the site

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Share of the source size translated, rounded down: 100 only when complete."""
        size = self.translated_size + self.fuzzy_size + self.untranslated_size
        return 100 if not size else self.translated_size * 100 // size


def size(text: str, source_locale: str) -> int:
    visible = plain(text)
    if profile(source_locale).size_unit == "words":
        return len(visible.split())
    return sum(1 for c in visible if not c.isspace())


def measure(domain: Domain, locale: str, catalog: Catalog, status: str) -> Progress:
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for entry in domain.entries:
        state = ("translated" if catalog.translates(entry.msgid)
                 else "fuzzy" if entry.msgid in catalog.fuzzy else "untranslated")
        counts[state][0] += 1
        counts[state][1] += size(entry.msgid, domain.source_locale)
    return Progress(
        domain.name, locale, domain.source_locale, catalog.path,
        counts["translated"][0], counts["fuzzy"][0], counts["untranslated"][0],
        counts["translated"][1], counts["fuzzy"][1], counts["untranslated"][1],
        profile(domain.source_locale).size_unit, status,
    )


def progress(
    settings: Settings,
    documents: list[Document],
    locales: tuple[str, ...] | None = None,
    slugs: tuple[str, ...] | None = None,
) -> list[Progress]:
    """Every catalog's progress: documents (in the build's order), then the site's strings."""
    problems = Problems()
    rows: list[Progress] = []
    wanted = locales or settings.locales
    for document in documents:
        if slugs and document.slug not in slugs:
            continue
        domain = document_domain(document)
        for locale in wanted:
            if locale == document.source_locale:
                continue
            catalog = cat.read_or_empty(settings, cat.document_catalog_rel(locale, document.slug),
                                       locale, problems, markdown=False)
            row = measure(domain, locale, catalog, "")
            status = ("complete" if row.translated == row.total
                      else "publish: any" if document.publish == "any" else "held back")
            rows.append(Progress(**{**asdict(row), "status": status}))
    if not slugs:
        site = site_domain(settings.templates_dir, settings.root)
        for locale in wanted:
            catalog = cat.read_or_empty(settings, cat.site_catalog_rel(locale), locale, problems,
                                       markdown=False)
            rows.append(measure(site, locale, catalog, ""))
    problems.raise_if_errors(CatalogError)
    return rows


HEADINGS = ("document", "locale", "translated", "fuzzy", "untranslated", "size: done / fuzzy / to do", "%", "status")


def table(rows: list[Progress]) -> str:
    """A plain-text table, one line per catalog."""
    lines = [HEADINGS]
    for r in rows:
        lines.append((r.document, r.locale, str(r.translated), str(r.fuzzy), str(r.untranslated),
                      f"{r.translated_size} / {r.fuzzy_size} / {r.untranslated_size} {r.unit}",
                      f"{r.percent}%", r.status))
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADINGS))]
    numeric = {2, 3, 4, 6}
    out = []
    for line in lines:
        cells = [c.rjust(w) if i in numeric and line is not lines[0] else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths))]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def as_json(rows: list[Progress]) -> str:
    return json.dumps({"catalogs": [{**asdict(r), "total": r.total, "percent": r.percent} for r in rows]},
                      ensure_ascii=False, indent=2)
