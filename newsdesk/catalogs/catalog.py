"""Read the PO catalogs; where catalogs live; what a document's catalog template contains."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsdesk.cache import NO_CACHE, ParsedCache
from newsdesk.catalogs.files import catalog_present, read_catalog_file
from newsdesk.catalogs.glossary import Glossary, load_glossary
from newsdesk.catalogs.po import Entry
from newsdesk.catalogs.rules import read_and_judge
from newsdesk.config import Settings
from newsdesk.content.deferred import Deferred
from newsdesk.content.inline import SPECIAL, markup_signature
from newsdesk.content.model import Document
from newsdesk.errors import CatalogError, Problem, Problems, problem
from newsdesk.locales import profile

SITE_DOMAIN = "site"


def document_catalog_rel(locale: str, slug: str) -> str:
    """The catalog's path relative to the project, as the build manifest names it."""
    return f"locales/{locale}/content/{slug}.po"


def site_catalog_rel(locale: str) -> str:
    return f"locales/{locale}/{SITE_DOMAIN}.po"


def document_catalog(locales_dir: Path, locale: str, slug: str) -> Path:
    return locales_dir / locale / "content" / f"{slug}.po"


def site_catalog(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale / f"{SITE_DOMAIN}.po"


def document_template(locales_dir: Path, slug: str) -> Path:
    return locales_dir / "pot" / "content" / f"{slug}.pot"


def site_template(locales_dir: Path) -> Path:
    return locales_dir / "pot" / f"{SITE_DOMAIN}.pot"


@dataclass(frozen=True)
class Entries:
    """A catalog's finished and fuzzy translations."""

    translations: dict[str, str] = field(default_factory=dict)  # finished, non-fuzzy
    fuzzy: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, tuple[str, ...]] = field(default_factory=dict)  # msgid -> msgstr[0..n], finished


@dataclass(frozen=True)
class Catalog:
    """A locale's translations for one domain: msgid -> msgstr, with fuzzy entries kept apart.
    The entries are a Deferred: a build unpickles them only for the pages it renders."""

    path: str
    locale: str
    entries: Deferred[Entries] = field(default_factory=lambda: Deferred(Entries()))

    @property
    def translations(self) -> dict[str, str]:
        return self.entries.value.translations

    @property
    def fuzzy(self) -> dict[str, str]:
        return self.entries.value.fuzzy

    @property
    def plurals(self) -> dict[str, tuple[str, ...]]:
        return self.entries.value.plurals

    def translates(self, msgid: str) -> bool:
        """Whether the catalog has a finished (non-fuzzy, every form) translation of ``msgid``."""
        return msgid in self.translations or msgid in self.plurals

    def gettext(self, msgid: str) -> str:
        return self.translations.get(msgid) or msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get(singular)
        if forms:
            return forms[min(profile(self.locale).plural_index(n), len(forms) - 1)]
        return singular if n == 1 else plural


def read_catalog(path: Path, rel: str, locale: str, markdown: bool = False, format_strings: bool = False,
                 inside: Path | None = None, localized: Callable[[str], tuple[str, ...]] | None = None) -> Catalog:
    """Read a PO file strictly: a syntax, encoding, header or character problem (and, for the
    templates' catalog, a placeholder problem) raises CatalogError with every problem and its line.

    The catalog is read by ``po.py``, the reader ``check`` and ``update`` use, and judged by
    ``rules.py``, as ``check`` judges it: a catalog the gate passes is one the build publishes.
    A link or a special file is refused before it is read (``inside``: the locales folder).
    """
    po, findings = read_and_judge(read_catalog_file(path, rel, inside), locale, format_strings)
    problems = [problem(rel, f.line, f.message) for f in findings]
    if po is not None and markdown and not problems:  # fuzzy entries are never published: an edited source makes them
        problems = [problem(rel, e.line, message) for e in po.entries
                    if not e.obsolete and "fuzzy" not in e.flags
                    and (message := markup_problem(e.msgid, e.msgstr[0], localized))]
    if problems or po is None:
        raise CatalogError(problems)
    translations: dict[str, str] = {}
    fuzzy: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for entry in po.entries:
        if entry.obsolete or not entry.msgid or entry.msgctxt is not None:
            continue
        if entry.msgid_plural is not None:
            if entry.fuzzy and any(entry.msgstr):
                fuzzy[entry.msgid] = entry.msgstr[0]
            elif all(entry.msgstr):
                plurals[entry.msgid] = entry.msgstr
        elif entry.msgstr[0]:
            (fuzzy if entry.fuzzy else translations)[entry.msgid] = entry.msgstr[0]
    return Catalog(rel, locale, Deferred(Entries(translations, fuzzy, plurals)))


def markup_problem(msgid: str, msgstr: str, localized: Callable[[str], tuple[str, ...]] | None = None) -> str | None:
    """Why a translation's inline Markdown differs from its source's, or None: the same kinds
    of markup, in any order (a Korean sentence puts them where it needs them), and the same
    link targets, or their localized addresses (``localized``: the glossary's URL rows), as
    ``check`` has it."""
    if not msgstr or not (SPECIAL.search(msgid) or SPECIAL.search(msgstr)):
        return None
    source, target = markup_signature(msgid), markup_signature(msgstr)
    if localized is not None:
        links = [item[5:-1] for item in source if item.startswith("link(")]
        names = {f"link({url})": f"link({s})" for s in links for url in localized(s)}
        target = [item if item in source else names.get(item, item) for item in target]
    if sorted(source) == sorted(target):
        return None
    return (f"translation changes the inline markup: source has {', '.join(source) or 'none'}, "
            f"translation has {', '.join(target) or 'none'}")


def parse_po(raw: bytes, rel: str, locale: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a PO file and every problem found, each with its line (as the build finds them)."""
    po, findings = read_and_judge(raw, locale, format_strings=False)
    return list(po.entries) if po else [], [problem(rel, f.line, f.message) for f in findings]


@dataclass(frozen=True)
class Catalogs:
    """Every catalog a build reads: per (slug, locale) for documents, per locale for the site."""

    documents: dict[tuple[str, str], Catalog]
    site: dict[str, Catalog]


def load_catalogs(
    settings: Settings, documents: list[Document], problems: Problems, cache: ParsedCache = NO_CACHE
) -> Catalogs:
    """Read every catalog; a missing one counts as empty (its locale version is held back)."""
    by_document: dict[tuple[str, str], Catalog] = {}
    site: dict[str, Catalog] = {}
    slugs = {d.slug for d in documents}
    try:
        terms = load_glossary(settings.locales_dir, settings.root)  # its URL rows: localized link targets
    except CatalogError as error:
        problems.extend(error.problems)
        terms = None
    for locale in settings.locales:
        site[locale] = read_or_empty(settings, site_catalog_rel(locale), locale, problems, cache, markdown=False,
                                     format_strings=True)
        for document in documents:
            if locale != document.source_locale:
                by_document[(document.slug, locale)] = read_document_catalog(settings, document, locale, terms, problems, cache)
        folder = settings.locales_dir / locale / "content"
        for name in sorted(os.listdir(folder)) if folder.is_dir() else []:
            if name.endswith(".po") and name[:-3] not in slugs:
                problems.warn(document_catalog_rel(locale, name[:-3]), None,
                              f"catalog for a document that does not exist ('{name[:-3]}')")
    return Catalogs(by_document, site)


def read_document_catalog(settings: Settings, document: Document, locale: str, terms: Glossary | None, problems: Problems,
                          cache: ParsedCache = NO_CACHE) -> Catalog:
    """A document's catalog for ``locale`` (``terms``: the project's glossary, if it could be read)."""
    return read_or_empty(settings, document_catalog_rel(locale, document.slug), locale, problems, cache,
                         glossary=(terms, document.source_locale) if terms is not None else None)


def read_or_empty(
    settings: Settings, rel: str, locale: str, problems: Problems, cache: ParsedCache = NO_CACHE, markdown: bool = True,
    format_strings: bool = False, glossary: tuple[Glossary, str] | None = None,
) -> Catalog:
    """The catalog at ``rel`` (in the project), or an empty one when it is missing or broken
    (its problems recorded). ``format_strings``: the templates' catalog, whose messages are
    %-format strings; ``glossary``: with the source locale, for localized link targets."""
    if (not _scanned(cache, rel) if cache.shas else not catalog_present(settings.root / rel)):
        return Catalog(rel, locale)
    localized = None
    key: tuple[object, ...] = (locale, markdown)
    if glossary is not None:
        terms, source_locale = glossary
        localized = partial(_localized_url, terms, source_locale, locale)
        key += (source_locale, cache.shas.get(terms.path, "-"))
    try:
        return cache.get(rel, (*key, format_strings), lambda: read_catalog(
            settings.root / rel, rel, locale, markdown=markdown, format_strings=format_strings,
            # A catalog the build's scan found as a regular file was reached through real folders
            # (the scan records a link as one and goes no further): only the others need their
            # folders checked (35 us a catalog, 0.7 s of a first build at 10,000 documents).
            inside=None if cache.shas.get(rel, "link") != "link" else settings.locales_dir,
            localized=localized), (glossary[0].path,) if glossary is not None else ())
    except CatalogError as error:
        problems.extend(error.problems)
        return Catalog(rel, locale)


def _localized_url(glossary: Glossary, source_locale: str, locale: str, url: str) -> tuple[str, ...]:
    return glossary.localized_url(url, source_locale, locale)


def _scanned(cache: ParsedCache, rel: str) -> bool:
    """Whether the build's scan saw ``rel``, or a link on its way (which the reader then refuses)."""
    folder = rel
    while folder:
        if folder in cache.shas:
            return folder == rel or cache.shas[folder] == "link"
        folder = folder.rpartition("/")[0]
    return False


@dataclass(frozen=True)
class Message:
    """One entry of a catalog template: a segment's text and where it appears."""

    msgid: str
    locations: tuple[tuple[str, int], ...]
    comments: tuple[str, ...]


def document_messages(document: Document) -> list[Message]:
    """The catalog template entries of a document, in reading order; equal texts merge."""
    merged: dict[str, tuple[list[tuple[str, int]], list[str]]] = {}
    for segment in document.segments():
        locations, comments = merged.setdefault(segment.text, ([], []))
        locations.append((document.path, segment.line))
        comments.append(f"{document.type} {document.slug}: {segment.field}")
    return [Message(k, tuple(v[0]), tuple(v[1])) for k, v in merged.items()]
