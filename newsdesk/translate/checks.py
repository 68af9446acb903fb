"""``newsdesk check``: the CI gate for catalogs. Every problem as ``path:line: [check] message``.

Errors are what would publish something wrong (a broken catalog, a lost placeholder or link, a
wrong number or official name); warnings are matters of style. Only finished translations are
judged: fuzzy and untranslated entries are not published, and ``stats`` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.catalogs import catalog as cat
from newsdesk.catalogs.files import catalog_present, read_catalog_file
from newsdesk.catalogs.glossary import Glossary, load_glossary
from newsdesk.catalogs.po import PoFile
from newsdesk.catalogs.rules import read_and_judge
from newsdesk.config import Settings
from newsdesk.content.model import Document
from newsdesk.errors import CatalogError, Problem, problem
from newsdesk.translate.textchecks import CATALOG_CHECKS, Pair, check_pair
from newsdesk.translate.workflow import Domain, document_domain, site_domain


@dataclass
class Report:
    catalogs: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        return f"check: {self.catalogs} catalogs, {len(self.errors)} errors, {len(self.warnings)} warnings"


def _problem(rel: str, line: int | None, check: str, message: str, severity: str | None = None) -> Problem:
    severity = severity or CATALOG_CHECKS.get(check, ("error", ""))[0]
    return problem(rel, line or None, f"[{check}] {message}", severity)


def check(
    settings: Settings,
    documents: list[Document],
    locales: tuple[str, ...] | None = None,
    slugs: tuple[str, ...] | None = None,
) -> Report:
    """Check every catalog the build reads (or those asked for)."""
    report = Report()
    glossary = None
    try:
        glossary = load_glossary(settings.locales_dir, settings.root)
    except CatalogError as error:
        report.problems += [_problem(p.path, p.line, "glossary-file", p.message) for p in error.problems]
    targets: list[tuple[Path, str, Domain]] = []
    for locale in locales or settings.locales:
        if not slugs:
            targets.append((cat.site_catalog(settings.locales_dir, locale), locale,
                            site_domain(settings.templates_dir, settings.root)))
        for document in documents:
            if locale != document.source_locale and (not slugs or document.slug in slugs):
                targets.append((cat.document_catalog(settings.locales_dir, locale, document.slug), locale,
                                document_domain(document)))
        if not slugs:
            report.problems += _strays(settings, locale, {d.slug for d in documents})
    for path, locale, domain in targets:
        rel = path.relative_to(settings.root).as_posix()
        if not catalog_present(path):
            report.problems.append(_problem(rel, None, "sync", "no catalog yet: `newsdesk update` creates it"))
            continue
        report.catalogs += 1
        try:
            raw = read_catalog_file(path, rel, settings.locales_dir)
        except CatalogError as error:
            report.problems += [_problem(p.path, p.line, "parse", p.message) for p in error.problems]
            continue
        report.problems += check_catalog(raw, rel, locale, domain, glossary)
    return report


def _strays(settings: Settings, locale: str, slugs: set[str]) -> list[Problem]:
    folder = settings.locales_dir / locale / "content"
    return [_problem(p.relative_to(settings.root).as_posix(), None, "sync",
                     f"catalog for a document that does not exist ('{p.stem}')")
            for p in (sorted(folder.glob("*.po")) if folder.is_dir() else []) if p.stem not in slugs]


def check_catalog(raw: bytes, rel: str, locale: str, domain: Domain, glossary: Glossary | None) -> list[Problem]:
    """Every problem of one catalog, in file order within each check. The catalog is read and
    judged as the build reads and judges it (``rules.read_and_judge``), then checked further."""
    po, findings = read_and_judge(raw, locale, format_strings=domain.name == cat.SITE_DOMAIN)
    problems = [_problem(rel, f.line, f.check, f.message.removeprefix("PO syntax error: ")) for f in findings]
    if po is None:
        return problems
    problems += _sync(po, rel, domain)
    for entry in po.entries:
        if entry.obsolete or entry.is_header or entry.fuzzy or not entry.translated:
            continue
        for index, form in enumerate(entry.msgstr):
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            pair = Pair(source, form, domain.source_locale, locale, "python-format" in entry.flags, glossary)
            for text_check, message in check_pair(pair):
                problems.append(_problem(rel, entry.msgstr_line, text_check.name, message, text_check.severity))
    return problems


def _sync(po: PoFile, rel: str, domain: Domain) -> list[Problem]:
    live = {e.key for e in po.entries if not e.obsolete and not e.is_header}
    wanted = {e.key for e in domain.entries}
    problems = []
    missing = len(wanted - live)
    if missing:
        problems.append(_problem(rel, None, "sync", f"{missing} segment(s) of {domain.name} have no entry: run `newsdesk update`"))
    gone = [e for e in po.entries if not e.obsolete and not e.is_header and e.key not in wanted]
    if gone:
        problems.append(_problem(rel, gone[0].line, "sync",
                                 f"{len(gone)} entr{'y is' if len(gone) == 1 else 'ies are'} no longer in {domain.name}: "
                                 "run `newsdesk update` to keep them as obsolete"))
    return problems


__all__ = ["Report", "check", "check_catalog"]
