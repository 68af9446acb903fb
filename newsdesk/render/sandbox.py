"""The only way a brief reaches files: the project's own assets, nothing else.

WeasyPrint's default fetcher follows file:// anywhere on the disk, makes network requests
and embeds attachments. A brief is made from translated text and templates that many people
edit, so the fetcher it gets serves only fonts, stylesheets and images stored in the
project's templates/ and content/ folders, and remembers everything it refused, so that the
build can fail naming the document instead of printing a brief with a hole in it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


class ProjectFetcher(URLFetcher):
    """Serves project assets by file:// URL; refuses and records every other request."""

    def __init__(self, allowed: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed = tuple(p.resolve() for p in allowed)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = self.asset(url)
        if path is None:
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"refused resource {url}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": CONTENT_TYPES[path.suffix.lower()]})

    def asset(self, url: str) -> Path | None:
        """The file a URL names, if it is an asset of the project; never opens anything else."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path.suffix.lower() not in CONTENT_TYPES or not path.is_file():
            return None
        return path if any(path.is_relative_to(base) for base in self.allowed) else None


def attachments(document: object) -> list[str]:
    """What a rendered document would embed as files: ``<link rel=attachment>`` and
    ``<a rel=attachment>``. Briefs embed none, whatever they point at."""
    found = [_attachment_url(a) for a in document.metadata.attachments]  # type: ignore[attr-defined]
    for page in document.pages:  # type: ignore[attr-defined]
        found += [link[1] for link in page.links if link[0] == "attachment"]
    return found


def _attachment_url(attachment: object) -> str:
    """The URL an attachment was declared with (WeasyPrint keeps it only in its lazy source)."""
    source = getattr(attachment, "source", None)
    return str(getattr(source, "kwds", {}).get("url") or "<link rel=attachment>")
