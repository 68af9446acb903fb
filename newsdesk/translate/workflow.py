"""The translator's workflow: extract catalog templates (.pot), merge them into every locale's catalogs.

Both commands read everything first and write only when all of it is readable, each file atomically
(temp file + rename) and only when its bytes change: a second run changes nothing.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import extract as babel_extract_file
from jinja2.ext import babel_extract

from newsdesk.catalogs import catalog as cat
from newsdesk.catalogs.files import (
    LINK,
    catalog_present,
    new_file_mode,
    read_catalog_file,
    remove_leftover_temporaries,
)
from newsdesk.catalogs.headers import fix_header, new_header, template_header
from newsdesk.catalogs.merge import merge
from newsdesk.catalogs.po import Entry, PoFile, PoSyntaxError, PoSyntaxErrors, decode, dump, parse
from newsdesk.config import Settings
from newsdesk.content.files import input_files
from newsdesk.content.model import Document
from newsdesk.content.topics import TOPICS_FILE, load_topics
from newsdesk.errors import CatalogError, Problems, problem
from newsdesk.locales import profile

JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "newstyle_gettext": "true"}
SITE_SOURCE_LOCALE = "en"  # the templates' own strings are written in English


@dataclass(frozen=True)
class Domain:
    """One catalog template and what it is made from."""

    name: str  # a document's slug, or "site"
    title: str  # for the header comment
    source_locale: str
    entries: tuple[Entry, ...]


def document_domain(document: Document) -> Domain:
    """A document's segments, in reading order; no format flags: content is not a format string."""
    entries = tuple(
        Entry(m.msgid, references=tuple(f"{p}:{n}" for p, n in m.locations), extracted=m.comments)
        for m in cat.document_messages(document)
    )
    return Domain(document.slug, f"{document.type} {document.slug}", document.source_locale, entries)


@dataclass
class _Found:
    """A template string as extraction finds it, possibly in several places."""

    plural: str | None
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def site_domain(templates_dir: Path, root: Path) -> Domain:
    """Strings of the Jinja templates, through Jinja2's own Babel extractor."""
    found: dict[tuple[str | None, str], _Found] = {}
    extractor: Any = babel_extract
    for path in input_files(root, templates_dir, (".html", ".xml")):
        rel = path.relative_to(root).as_posix()
        with path.open("rb") as handle:
            for lineno, message, comments, context in babel_extract_file(extractor, handle, options=JINJA_OPTIONS):
                msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
                item = found.setdefault((context, msgid), _Found(plural))
                item.references.append(f"{rel}:{lineno}")
                item.comments.extend(comments)
    for topic in load_topics(root).values():  # topic names: translated with the site's words
        item = found.setdefault((None, topic.name), _Found(None))
        item.references.append(f"{TOPICS_FILE}:{topic.line}")
        item.comments.append(f"topic {topic.slug}")
    entries = []
    for (context, msgid), item in found.items():
        format_flag = any(PYTHON_FORMAT.search(s) for s in (msgid, item.plural) if s)
        entries.append(Entry(
            msgid,
            msgstr=("", "") if item.plural else ("",),
            msgctxt=context,
            msgid_plural=item.plural,
            extracted=tuple(dict.fromkeys(item.comments)),
            references=tuple(dict.fromkeys(item.references)),
            flags=("python-format",) if format_flag else (),
        ))
    return Domain(cat.SITE_DOMAIN, "the site's templates", SITE_SOURCE_LOCALE, tuple(entries))


def template_text(domain: Domain) -> str:
    return dump(PoFile((template_header(domain.title), *domain.entries)))


def extract(settings: Settings, documents: list[Document]) -> list[Path]:
    """Write every catalog template; remove templates of documents that no longer exist.

    Returns the files that changed.
    """
    outputs = {cat.document_template(settings.locales_dir, d.slug): template_text(document_domain(d))
               for d in documents}
    outputs[cat.site_template(settings.locales_dir)] = template_text(site_domain(settings.templates_dir, settings.root))
    for path in outputs:
        remove_leftover_temporaries(path)
    changed = [path for path, text in outputs.items() if write_if_changed(path, text.encode("utf-8"))]
    folder = settings.locales_dir / "pot" / "content"
    for stale in sorted(folder.glob("*.pot")) if folder.is_dir() else []:
        if stale not in outputs:
            stale.unlink()
            changed.append(stale)
    return changed


def update(
    settings: Settings,
    documents: list[Document],
    locales: tuple[str, ...] | None = None,
    slugs: tuple[str, ...] | None = None,
) -> list[Path]:
    """Merge templates into every locale's catalogs (or only those asked for); return changed files.

    The templates are made from the content and templates themselves, so ``update`` never works
    from a stale .pot. Every catalog is read before any is written.
    """
    plan: list[tuple[Path, str, Domain]] = []
    for locale in locales or settings.locales:
        if slugs is None:
            plan.append((cat.site_catalog(settings.locales_dir, locale), locale,
                         site_domain(settings.templates_dir, settings.root)))
        for document in documents:
            if locale != document.source_locale and (slugs is None or document.slug in slugs):
                plan.append((cat.document_catalog(settings.locales_dir, locale, document.slug), locale,
                             document_domain(document)))
    problems = Problems()
    outputs: dict[Path, bytes] = {}
    for path, locale, domain in plan:
        rel = path.relative_to(settings.root).as_posix()
        remove_leftover_temporaries(path)  # of a run that was killed while writing
        try:
            outputs[path] = updated_catalog(path, locale, domain, rel, settings.locales_dir)
        except PoSyntaxErrors as error:
            for one in error.problems:
                problems.add(rel, one.line, one.message)
        except PoSyntaxError as error:
            problems.add(rel, error.line, error.message)
        except CatalogError as error:
            problems.extend(error.problems)
    problems.raise_if_errors(CatalogError)
    return [path for path, data in outputs.items() if write_if_changed(path, data)]


def updated_catalog(path: Path, locale: str, domain: Domain, rel: str | None = None,
                    inside: Path | None = None) -> bytes:
    """The bytes ``update`` writes for one catalog (read through the one reader; a link refused)."""
    present = catalog_present(path)
    old = parse(decode(read_catalog_file(path, rel or path.name, inside))) if present else None
    header = old.header if old else None
    header = fix_header(header, locale) if header else new_header(locale, domain.title)
    return dump(merge(old, domain.entries, header, profile(locale).nplurals)).encode("utf-8")


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically, and only when the bytes change; True when written."""
    if path.exists() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file and a rename, keeping its mode; never over a link."""
    if path.is_symlink():
        raise CatalogError(problem(path, None, LINK))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = new_file_mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)  # mkstemp makes it 0600: a catalog others could read would become private
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
