"""Read the PO catalogs; where catalogs live; what a document's catalog template contains."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import PoFileError, read_po

from .errors import CatalogError, Problem, problem
from .model import Document

PLURAL_FORMS = {"ko": "nplurals=1; plural=0;", "ja": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
SITE_DOMAIN = "site"
OBSOLETE_LINE = re.compile(rb"^#~[^\r\n]*", re.MULTILINE)


def document_catalog(locales_dir: Path, locale: str, slug: str) -> Path:
    return locales_dir / locale / "content" / f"{slug}.po"


def site_catalog(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale / f"{SITE_DOMAIN}.po"


def document_template(locales_dir: Path, slug: str) -> Path:
    return locales_dir / "pot" / "content" / f"{slug}.pot"


def site_template(locales_dir: Path) -> Path:
    return locales_dir / "pot" / f"{SITE_DOMAIN}.pot"


@dataclass(frozen=True)
class Catalog:
    """A locale's translations for one domain: msgid -> msgstr, with fuzzy entries kept apart."""

    path: str
    locale: str
    translations: dict[str, str] = field(default_factory=dict)  # finished, non-fuzzy
    fuzzy: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def gettext(self, msgid: str) -> str:
        return self.translations.get(msgid) or msgid


def read_catalog(path: Path, rel: str, locale: str) -> Catalog:
    """Parse a PO file with Babel; a syntax or header problem raises CatalogError with its line."""
    problems = check_raw(path.read_bytes(), rel, locale)
    if problems:
        raise CatalogError(problems)
    # Obsolete entries are never published, and Babel's reader rejects the "#~|" lines that
    # msgmerge (and update) write for them: they become plain comments, keeping line numbers.
    with io.BytesIO(OBSOLETE_LINE.sub(b"#", path.read_bytes())) as handle:
        try:
            parsed = read_po(handle, locale=locale, abort_invalid=True)
        except PoFileError as error:
            raise CatalogError(problem(rel, getattr(error, "lineno", None), f"PO syntax error: {error}")) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise CatalogError(problem(rel, None, f"cannot read catalog: {error}")) from None
    return _from_babel(parsed, rel, locale)


def _from_babel(parsed: BabelCatalog, rel: str, locale: str) -> Catalog:
    translations: dict[str, str] = {}
    fuzzy: dict[str, str] = {}
    lines: dict[str, int] = {}
    for message in parsed:
        if not message.id or not isinstance(message.id, str):
            continue
        msgstr = message.string if isinstance(message.string, str) else ""
        lines[message.id] = message.lineno or 0
        if not msgstr:
            continue
        (fuzzy if message.fuzzy else translations)[message.id] = msgstr
    return Catalog(rel, locale, translations, fuzzy, lines)


PO_STRING = r'"(?:[^"\\]|\\.)*"'
PO_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{PO_STRING}$")
HEADER_FIELD = re.compile(rb'^"([A-Za-z-]+):\s*(.*?)\\n"\s*$', re.MULTILINE)


def _entry_keys(text: str) -> list[tuple[str, int]]:
    """(msgctxt + msgid, line) of every live entry, read from the raw lines."""
    keys: list[tuple[str, int]] = []
    part, key, start = "", "", 0
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            if part == "msgid":
                keys.append((key, start))
                key = ""
            part = line.split(" ", 1)[0]
            if part == "msgctxt":
                key, start = "\x04", number
            if part == "msgid" and not key:
                start = number
            if part in ("msgctxt", "msgid"):
                key += line.split(" ", 1)[1]
        elif line.startswith('"') and part in ("msgctxt", "msgid"):
            key += line
        elif not line and part:
            part = ""
    return [(k, n) for k, n in keys if k not in ('""', "")]


def check_raw(raw: bytes, rel: str, locale: str) -> list[Problem]:
    """Header and duplicate checks that Babel's reader does not make."""
    problems: list[Problem] = []
    head = raw.split(b"\n\n", 1)[0]
    headers = {m.group(1).decode("ascii", "replace").lower(): (m.group(2).decode("utf-8", "replace"), raw.count(b"\n", 0, m.start()) + 1)
               for m in HEADER_FIELD.finditer(head)}
    content_type, line = headers.get("content-type", ("", 1))
    charset = re.search(r"charset=([\w-]+)", content_type)
    if not charset or charset.group(1).lower() != "utf-8":
        problems.append(problem(rel, line, f"charset must be UTF-8 (Content-Type: {content_type or 'missing'})"))
        return problems
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(problem(rel, raw.count(b"\n", 0, error.start) + 1, "catalog is not valid UTF-8"))
        return problems
    language, line = headers.get("language", ("", 1))
    if language.replace("-", "_").split("_")[0] != locale:
        problems.append(problem(rel, line, f"Language header is '{language}', expected '{locale}'"))
    plural, line = headers.get("plural-forms", ("", 1))
    if plural.replace(" ", "") != PLURAL_FORMS[locale].replace(" ", ""):
        problems.append(problem(rel, line, f"Plural-Forms for '{locale}' must be '{PLURAL_FORMS[locale]}', not '{plural}'"))
    text = raw.decode("utf-8")
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.match(stripped):
            problems.append(problem(rel, number, f"PO syntax error: cannot read line {stripped[:60]!r}"))
    if problems:
        return problems
    seen: dict[str, int] = {}
    for key, number in _entry_keys(text):
        if key in seen:
            problems.append(problem(rel, number, f"duplicate msgid (first at line {seen[key]})"))
        seen.setdefault(key, number)
    return problems


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
