"""The translator's workflow: extract catalog templates, merge them into catalogs, measure progress."""

from __future__ import annotations

import difflib
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.extract import extract as babel_extract_file
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from . import catalogs as cat
from .config import Settings
from .model import Document

FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # catalog dates never depend on the clock
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "newstyle_gettext": "true"}
WIDTH = 76


def document_pot(document: Document) -> BabelCatalog:
    pot = _new_catalog(None, document.slug)
    for message in cat.document_messages(document):
        pot.add(message.msgid, locations=message.locations, auto_comments=message.comments)
    return pot


def site_pot(templates_dir: Path, root: Path) -> BabelCatalog:
    """Strings of the Jinja templates, through Jinja2's own Babel extractor."""
    pot = _new_catalog(None, cat.SITE_DOMAIN)
    for path in sorted(templates_dir.rglob("*.html")) + sorted(templates_dir.rglob("*.xml")):
        rel = path.relative_to(root).as_posix()
        with path.open("rb") as handle:
            for lineno, message, comments, _context in babel_extract_file(
                babel_extract, handle, options=JINJA_OPTIONS
            ):
                pot.add(message, locations=[(rel, lineno)], auto_comments=comments)
    return pot


def _new_catalog(locale: str | None, domain: str) -> BabelCatalog:
    return BabelCatalog(
        locale=locale,
        domain=domain,
        project="newsdesk",
        version="1",
        copyright_holder="the newsdesk contributors",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )


def extract(settings: Settings, documents: list[Document]) -> list[Path]:
    """Write every catalog template (.pot); return the files that changed."""
    written = []
    for document in documents:
        path = cat.document_template(settings.locales_dir, document.slug)
        if write_catalog(path, document_pot(document)):
            written.append(path)
    path = cat.site_template(settings.locales_dir)
    if write_catalog(path, site_pot(settings.templates_dir, settings.root)):
        written.append(path)
    return written


def update(
    settings: Settings,
    documents: list[Document],
    locales: tuple[str, ...] | None = None,
    slugs: tuple[str, ...] | None = None,
) -> list[Path]:
    """Merge templates into every locale's catalogs as msgmerge would; return changed files."""
    written = []
    site = site_pot(settings.templates_dir, settings.root)
    for locale in locales or settings.locales:
        if slugs is None:
            path = cat.site_catalog(settings.locales_dir, locale)
            if write_catalog(path, merge(path, site, locale)):
                written.append(path)
        for document in documents:
            if locale == document.source_locale or (slugs and document.slug not in slugs):
                continue
            path = cat.document_catalog(settings.locales_dir, locale, document.slug)
            if write_catalog(path, merge(path, document_pot(document), locale)):
                written.append(path)
    return written


def merge(path: Path, template: BabelCatalog, locale: str) -> BabelCatalog:
    """The catalog at ``path`` brought up to ``template``: nothing a translator wrote is dropped.

    Unchanged segments keep their translation; changed ones keep the old translation marked
    fuzzy with the previous source; removed ones become obsolete entries.
    """
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
    else:
        catalog = _new_catalog(locale, template.domain)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
    _match_changed(catalog)
    return catalog


def _match_changed(catalog: BabelCatalog) -> None:
    """Pair new untranslated segments with obsolete ones that are small edits of them."""
    for message in catalog:
        if not message.id or message.string or not catalog.obsolete:
            continue
        words = message.id.split()
        best, best_ratio = None, 0.0
        for key, old in catalog.obsolete.items():
            if not old.string:
                continue
            ratio = difflib.SequenceMatcher(None, words, old.id.split(), autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = key, ratio
        if best is not None and best_ratio >= 0.6:
            old = catalog.obsolete.pop(best)
            message.string = old.string
            message.previous_id = [old.id]
            message.flags |= old.flags | {"fuzzy"}
            message.user_comments = list(old.user_comments)


def render_catalog(catalog: BabelCatalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True)
    return buffer.getvalue()


def write_catalog(path: Path, catalog: BabelCatalog) -> bool:
    """Write atomically (temp file + rename), and only when the bytes change."""
    data = render_catalog(catalog)
    if path.exists() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Progress:
    """Translation progress of one document (or the site strings) in one locale."""

    domain: str
    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    translated_size: int
    total_size: int

    @property
    def unit(self) -> str:
        return "words" if self.locale == "en" else "chars"
