"""Render a localized document to its PDF brief with WeasyPrint, fonts bundled and checked."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from functools import cache
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .catalogs import Catalog
from .config import Settings
from .errors import RenderError, problem
from .html import language_name
from .inline import plain
from .model import LocalizedDocument, Text
from .templating import Templates
from .typeset import print_text

FONTS = {
    "ko": ("NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"),
    "ja": ("NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf"),
    "en": ("NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"),
}
TAG = re.compile(r"<[^>]+>")


class ProjectFetcher(URLFetcher):
    """Serves only the project's own files (templates' static files, fonts, content images).

    Everything else (network, file:// elsewhere, data:) is refused and remembered, so that the
    build fails naming the document instead of printing a brief with a hole in it.
    """

    def __init__(self, allowed: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed = tuple(p.resolve() for p in allowed)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = Path(_file_path(url)).resolve() if url.startswith("file:") else None
        if path is None or not any(path.is_relative_to(base) for base in self.allowed) or not path.is_file():
            self.refused.append(url)
            raise ValueError(f"refused resource {url}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})


def _file_path(url: str) -> str:
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(url).path)


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".ttf": "font/ttf", ".png": "image/png", ".jpg": "image/jpeg",
            ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".webp": "image/webp"}.get(path.suffix.lower(), "application/octet-stream")


class BriefRenderer:
    """One per process: keeps WeasyPrint's font configuration and the fonts' character maps."""

    def __init__(self, settings: Settings, templates: Templates) -> None:
        self.settings = settings
        self.templates = templates
        self.font_config = FontConfiguration()
        self.fonts_dir = settings.templates_dir / "static" / "fonts"

    def html(self, doc: LocalizedDocument, catalog: Catalog | None) -> str:
        fields = doc.fields
        doctype_title = fields.get("headline") or fields.get("title")
        summary = fields.get("lede") or fields.get("summary")
        tags = fields.get("tags", ())
        return self.templates.render(
            f"brief/{doc.type}.html",
            doc.locale,
            catalog,
            doc=doc,
            text=print_text,
            headline=lambda t: print_text(t, headline=True),
            title=plain(doctype_title.value),
            description=plain(summary.value),
            keywords=", ".join(plain(t.value) for t in tags),
            publisher=self.settings.publisher,
            site_name=self.settings.site_name[doc.locale],
            locale_name=language_name(doc.locale),
            url=self.settings.url(f"{doc.locale}/{doc.slug}/"),
        )

    def check_glyphs(self, doc: LocalizedDocument, markup: str) -> None:
        """Every character of the brief has a glyph in a bundled font, or the build stops."""
        covered = _coverage(tuple(str(self.fonts_dir / name) for name in FONTS[doc.locale]))
        text = html_lib.unescape(TAG.sub(" ", markup.split("<body", 1)[1]))
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in covered})
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            raise RenderError(problem(doc.document.path, None,
                f"the {doc.locale} brief has characters no bundled font can print: {chars}"))

    def render(self, doc: LocalizedDocument, catalog: Catalog | None) -> bytes:
        markup = self.html(doc, catalog)
        self.check_glyphs(doc, markup)
        fetcher = ProjectFetcher((self.settings.templates_dir, self.settings.content_dir))
        base_url = (self.settings.templates_dir / "brief").resolve().as_uri() + "/"
        identifier = hashlib.sha256(f"{doc.slug}/{doc.locale}".encode()).hexdigest()[:32].encode()
        pdf = HTML(string=markup, base_url=base_url, url_fetcher=fetcher).write_pdf(
            font_config=self.font_config,
            pdf_identifier=identifier,
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
            custom_metadata=False,
        )
        if fetcher.refused:
            raise RenderError(problem(doc.document.path, None,
                f"the {doc.locale} brief refers to resources outside the project: {', '.join(fetcher.refused)}"))
        return pdf


@cache
def _coverage(paths: tuple[str, ...]) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in paths:
        covered |= set(TTFont(path, lazy=True).getBestCmap())
    return frozenset(covered)


__all__ = ["BriefRenderer", "Text"]
