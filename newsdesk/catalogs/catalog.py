"""Read the PO catalogs; where catalogs live; what a document's catalog template contains."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsdesk.cache import NO_CACHE, ParsedCache
from newsdesk.catalogs.glossary import Glossary, load_glossary
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


def read_catalog(path: Path, rel: str, locale: str, markdown: bool = False,
                 localized: Callable[[str], tuple[str, ...]] | None = None) -> Catalog:
    """Read a PO file strictly: a syntax, encoding or header problem raises CatalogError with its line.

    Builds read catalogs with this small reader rather than Babel's ``read_po``: it is several
    times faster on large archives, and it reports every problem with a line number (Babel
    skips some malformed lines silently). tests/test_catalog_reader.py checks that both agree.
    """
    entries, problems = parse_po(path.read_bytes(), rel, locale)
    if markdown and not problems:  # fuzzy entries are never published: an edited source makes them
        problems = [problem(rel, e.line, message) for e in entries
                    if "fuzzy" not in e.flags and (message := markup_problem(e.msgid, e.msgstr, localized))]
    if problems:
        raise CatalogError(problems)
    translations: dict[str, str] = {}
    fuzzy: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        if not entry.msgid or entry.msgctxt is not None:
            continue
        if entry.plural:
            if "fuzzy" in entry.flags and any(entry.forms):
                fuzzy[entry.msgid] = entry.forms[0]
            elif entry.forms and all(entry.forms):
                plurals[entry.msgid] = tuple(entry.forms)
        elif entry.msgstr:
            (fuzzy if "fuzzy" in entry.flags else translations)[entry.msgid] = entry.msgstr
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


@dataclass
class Entry:
    """One live (not obsolete) entry of a PO file."""

    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgstr: str = ""
    plural: bool = False
    forms: list[str] = field(default_factory=list)  # msgstr[0], msgstr[1], ... of a plural entry


PO_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"$')  # unrolled: 7x as fast as (?:[^"\\]|\\.)* on long lines
PO_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
ESCAPE = re.compile(r"\\(.)")


def parse_po(raw: bytes, rel: str, locale: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a PO file and every problem found, each with its line."""
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return [], [problem(rel, raw.count(b"\n", 0, error.start) + 1, "catalog is not valid UTF-8 text")]
    entries: list[Entry] = []
    current: Entry | None = None
    part = ""  # the keyword the next continuation string belongs to
    flags: set[str] = set()  # flags of the entry that starts next
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#~"):  # blank, or an obsolete entry: not read by builds
            part = ""
            continue
        if line.startswith("#"):
            part = ""
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        keyword = PO_KEYWORD.match(line)
        if keyword:
            previous, part, line = part, keyword.group(1), keyword.group(2)
            if part == "msgctxt" or (part == "msgid" and previous != "msgctxt"):
                current = Entry(number, flags)
                flags = set()
                entries.append(current)
            if part == "msgid" and current is not None:
                current.line = number
        string = PO_STRING.match(line)
        if current is None or not part or not string:
            problems.append(problem(rel, number, f"PO syntax error: cannot read line {line[:60]!r}"))
            part = ""
            continue
        value = ESCAPE.sub(lambda m: ESCAPES.get(m.group(1), "\\" + m.group(1)), string.group(1))
        if part == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif part == "msgid":
            current.msgid += value
        elif part == "msgid_plural":
            current.plural = True
        elif part == "msgstr":
            current.msgstr += value
        else:  # msgstr[N]
            index = int(part[7:-1])
            while len(current.forms) <= index:
                current.forms.append("")
            current.forms[index] += value
            if index == 0:
                current.msgstr += value
    if problems:
        return entries, problems
    return entries, _check_entries(entries, rel, locale, text)


def _check_entries(entries: list[Entry], rel: str, locale: str, text: str) -> list[Problem]:
    """Header fields right for the locale; no msgid twice."""
    problems: list[Problem] = []
    header = next((e for e in entries if not e.msgid and e.msgctxt is None), None)
    if header is None:
        return [problem(rel, 1, "catalog has no header entry (msgid \"\")")]
    fields = {}
    for item in header.msgstr.split("\n"):
        key, _, value = item.partition(":")
        fields[key.strip().lower()] = value.strip()
    def where(name: str) -> int:
        """The line of a header field, for the message; the header's msgid line if absent."""
        match = re.search(rf'^"{name}:', text, re.MULTILINE | re.IGNORECASE)
        return text.count("\n", 0, match.start()) + 1 if match else header.line

    charset = re.search(r"charset=([\w-]+)", fields.get("content-type", ""))
    if not charset or charset.group(1).lower() != "utf-8":
        problems.append(problem(rel, where("Content-Type"), f"charset must be UTF-8 (Content-Type: {fields.get('content-type') or 'missing'})"))
    language = fields.get("language", "")
    if language.replace("-", "_").split("_")[0] != profile(locale).language:
        problems.append(problem(rel, where("Language"), f"Language header is '{language}', expected '{locale}'"))
    plural, wanted = fields.get("plural-forms", ""), profile(locale).plural_forms
    if plural.replace(" ", "").rstrip(";") != wanted.replace(" ", "").rstrip(";"):
        problems.append(problem(rel, where("Plural-Forms"), f"Plural-Forms for '{locale}' must be '{wanted}', not '{plural}'"))
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        identity = (entry.msgctxt, entry.msgid)
        if entry.msgid and identity in seen:
            problems.append(problem(rel, entry.line, f"duplicate msgid (first at line {seen[identity]})"))
        seen.setdefault(identity, entry.line)
    return problems


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
        site[locale] = read_or_empty(settings, site_catalog_rel(locale), locale, problems, cache, markdown=False)
        for document in documents:
            if locale != document.source_locale:
                rel = document_catalog_rel(locale, document.slug)
                by_document[(document.slug, locale)] = read_or_empty(
                    settings, rel, locale, problems, cache,
                    glossary=(terms, document.source_locale) if terms is not None else None)
        folder = settings.locales_dir / locale / "content"
        for name in sorted(os.listdir(folder)) if folder.is_dir() else []:
            if name.endswith(".po") and name[:-3] not in slugs:
                problems.warn(document_catalog_rel(locale, name[:-3]), None,
                              f"catalog for a document that does not exist ('{name[:-3]}')")
    return Catalogs(by_document, site)


def read_or_empty(
    settings: Settings, rel: str, locale: str, problems: Problems, cache: ParsedCache = NO_CACHE, markdown: bool = True,
    glossary: tuple[Glossary, str] | None = None,
) -> Catalog:
    """The catalog at ``rel`` (in the project), or an empty one when it is missing or broken
    (its problems recorded). ``glossary``: with the source locale, for localized link targets."""
    if (rel not in cache.shas if cache.shas else not (settings.root / rel).exists()):  # the build's scan saw every file
        return Catalog(rel, locale)
    localized = None
    key: tuple[object, ...] = (locale, markdown)
    if glossary is not None:
        terms, source_locale = glossary
        localized = partial(_localized_url, terms, source_locale, locale)
        key += (source_locale, cache.shas.get(terms.path, "-"))
    try:
        return cache.get(rel, key, lambda: read_catalog(settings.root / rel, rel, locale, markdown, localized),
                         (glossary[0].path,) if glossary is not None else ())
    except CatalogError as error:
        problems.extend(error.problems)
        return Catalog(rel, locale)


def _localized_url(glossary: Glossary, source_locale: str, locale: str, url: str) -> tuple[str, ...]:
    return glossary.localized_url(url, source_locale, locale)


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
