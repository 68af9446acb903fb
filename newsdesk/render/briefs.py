"""Render a localized document to its PDF brief with WeasyPrint: fonts bundled and checked,
resources sandboxed, the same inputs giving the same bytes."""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from newsdesk.catalogs.catalog import Catalog
from newsdesk.config import Settings
from newsdesk.content.doctypes import DOCTYPES
from newsdesk.content.inline import plain
from newsdesk.content.model import Text
from newsdesk.errors import RenderError, problem
from newsdesk.locales import profile
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.localize.related import Related
from newsdesk.render.metrics import font_metrics
from newsdesk.render.pages import language_name
from newsdesk.render.sandbox import ProjectFetcher, attachments
from newsdesk.render.templating import Templates
from newsdesk.render.typeset import WORD_JOINER, print_text  # the joiner prints nothing: no glyph needed
from newsdesk.render.weblinks import absolute, is_placeholder, qr_svg

TAG = re.compile(r"<[^>]+>")
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": False}


def build_date(fallback: datetime) -> datetime:
    """The date a PDF says it was made: ``SOURCE_DATE_EPOCH`` when the build sets it
    (reproducible builds), otherwise the content's own date, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return fallback


def identifier(*parts: str) -> bytes:
    """A PDF file identifier that depends only on what the file is, not when it was made."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:32].encode()


class BriefRenderer:
    """One per build: keeps WeasyPrint's font configuration and the fonts' metrics."""

    def __init__(self, settings: Settings, templates: Templates) -> None:
        self.settings = settings
        self.templates = templates
        self.font_config = FontConfiguration()
        self.fonts_dir = settings.templates_dir / "static" / "fonts"
        self.base_url = (settings.templates_dir / "brief").resolve().as_uri() + "/"
        self._stylesheet: CSS | None = None

    def stylesheet(self) -> CSS:
        """brief.css, parsed once per renderer with its fonts: parsing it for every brief cost
        a fifth of an article brief (26 of 125 ms, measured)."""
        if self._stylesheet is None:
            fetcher = ProjectFetcher((self.settings.templates_dir,))
            with _weasyprint_errors() as errors:
                sheet = CSS(filename=self.settings.templates_dir / "brief" / "brief.css",
                            font_config=self.font_config, url_fetcher=fetcher)
            if fetcher.refused or errors:
                where = f"{self.settings.templates_dir / 'brief' / 'brief.css'}"
                raise RenderError([problem(where, None, message) for message in
                                   [f"refers to resources outside the project's assets: {', '.join(fetcher.refused)}"
                                    if fetcher.refused else "", *errors] if message])
            self._stylesheet = sheet
        return self._stylesheet

    def typesetting(self, locale: str, page_url: str | None = None) -> dict[str, Callable[..., Markup]]:
        """The template's text functions: running text (``display``: a lede or pull quote),
        headlines by phrase; links in the text made absolute from the document's page URL."""
        link = partial(absolute, page_url or self.settings.base_url)

        def text(value: Text, display: bool = False) -> Markup:
            return print_text(value, display=display, link=link)

        return {"text": text, "headline": lambda value: print_text(value, headline=True, link=link)}

    def context(self, doc: LocalizedDocument) -> dict[str, Any]:
        """What a brief's templates see besides the document."""
        fields = doc.fields
        doctype = DOCTYPES[doc.type]
        url = self.settings.url(f"{doc.locale}/{doc.slug}/")
        online = not is_placeholder(url)
        return {
            "doc": doc,
            **self.typesetting(doc.locale, url),
            "title": plain(doc.field(doctype.title_field).value),
            "description": plain(doc.field(doctype.summary_field).value),
            "keywords": ", ".join(plain(t.value) for t in fields.get("tags", ())),
            "publisher": self.settings.publisher,
            "site_name": self.settings.site_name[doc.locale],
            "locale_name": language_name(doc.locale),
            "text_lang": profile(doc.locale).text_lang or doc.locale,
            "url": url,
            "online": online,  # a real host: the footer prints the page URL and its QR code
            "qr": qr_svg(url, url) if online else None,
            "created": build_date(doc.document.date).isoformat(),
            "figure_src": self.figure_src(doc),
            "quote_after": quote_position(doc),
        }

    def related_links(self, locale: str, related: tuple[Related, ...],
                      in_pack: frozenset[str] = frozenset()) -> list[tuple[Text, str | None]]:
        """(title, link) of each related document: its brief in the same pack, else its page
        (no link while the site is on a placeholder host)."""
        links: list[tuple[Text, str | None]] = []
        for item in related:
            if item.slug in in_pack:
                links.append((item.title, f"#brief-{item.slug}"))
            else:
                url = self.settings.url(f"{locale}/{item.slug}/")
                links.append((item.title, None if is_placeholder(url) else url))
        return links

    def figure_src(self, doc: LocalizedDocument) -> str | None:
        """The figure's image (the content reader keeps it as a path inside content/, written
        relative to the document); the sandbox still decides whether it may be read."""
        figure = doc.fields.get("figure")
        if figure is None:
            return None
        return (self.settings.content_dir / str(figure["image"])).absolute().as_uri()

    def html(self, doc: LocalizedDocument, catalog: Catalog | None, layout: str = "brief/base.html",
             **extra: Any) -> str:
        extra.setdefault("related", [])
        return self.templates.render(DOCTYPES[doc.type].brief_template, doc.locale, catalog,
                                     layout=layout, **self.context(doc), **extra)

    def check_glyphs(self, where: str, locale: str, markup: str) -> None:
        """Every character of the brief has a glyph in a bundled font, or the build stops."""
        covered = font_metrics(self.fonts_dir, profile(locale).brief_fonts)
        text = html_lib.unescape(TAG.sub(" ", markup.split("<body", 1)[1]))
        missing = sorted({c for c in text if not c.isspace() and c != WORD_JOINER and not covered.covers(ord(c))})
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            raise RenderError(problem(where, None,
                f"the {locale} brief has characters no bundled font can print: {chars}"))

    def render(self, doc: LocalizedDocument, catalog: Catalog | None, related: tuple[Related, ...] = ()) -> bytes:
        markup = self.html(doc, catalog, related=self.related_links(doc.locale, related))
        return self.write(markup, doc.locale, doc.document.path, f"the {doc.locale} brief",
                          identifier(doc.slug, doc.locale))

    def write(self, markup: str, locale: str, where: str, what: str, file_id: bytes) -> bytes:
        """HTML to PDF/UA-1 through the sandbox; refused resources, attachments and
        WeasyPrint errors fail the build, naming ``where`` (a document or the pack)."""
        self.check_glyphs(where, locale, markup)
        fetcher = ProjectFetcher((self.settings.templates_dir, self.settings.content_dir))
        with _weasyprint_errors() as errors:
            document = HTML(string=markup, base_url=self.base_url, url_fetcher=fetcher).render(
                stylesheets=[self.stylesheet()], font_config=self.font_config, **PDF_OPTIONS)
            for page in document.pages:  # a link into the build's own files would leak its path
                page.links = [link for link in page.links if not str(link[1]).lower().startswith("file:")]
            embedded = attachments(document)
            _plain_bookmarks(document)
            pdf = b"" if embedded or fetcher.refused else document.write_pdf(pdf_identifier=file_id, **PDF_OPTIONS)
        problems = []
        if fetcher.refused:
            problems.append(problem(where, None,
                f"{what} refers to resources outside the project's assets: {', '.join(fetcher.refused)}"))
        if embedded:
            problems.append(problem(where, None,
                f"{what} asks to embed files ({', '.join(embedded)}): briefs embed no attachments"))
        problems += [problem(where, None, f"{what}: {message}") for message in errors if not fetcher.refused]
        if problems:
            raise RenderError(problems)
        return pdf


def _plain_bookmarks(document: Any) -> None:
    """Bookmark labels (the outline a reader navigates) without the word joiners that keep
    headings' words whole on the page."""
    for page in document.pages:
        page.bookmarks = [(level, label.replace(WORD_JOINER, ""), *rest) for level, label, *rest in page.bookmarks]


def quote_position(doc: LocalizedDocument) -> int:
    """Index of the body block the pull quote follows: the second paragraph, so that it
    breaks the text up rather than opening it."""
    paragraphs = [i for i, block in enumerate(doc.body) if block.kind == "p"]
    return paragraphs[1] if len(paragraphs) > 1 else (paragraphs[0] if paragraphs else -1)


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """WeasyPrint's logged errors (a missing alt text, a broken image) during one render."""
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect()
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)


__all__ = ["BriefRenderer", "Text", "build_date", "identifier"]
