"""A brief's way back to the web: links that work from paper and PDF, and a QR code of its page.

A brief is a file on someone's disk: a link relative to its page (``../other/``, ``//host/x``)
would resolve against that file (file://...), so every link a brief carries is made absolute
from the page URL. A site still on a placeholder host (``base_url`` of example.org, a .test
domain) prints no page URL and no QR code: a reader would be sent nowhere.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import segno  # QR codes: pure Python, maintained, exact SVG output (ISO/IEC 18004)
from markupsafe import Markup

PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")  # RFC 2606
PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
LINK_SCHEMES = ("http", "https", "mailto")


def is_placeholder(url: str) -> bool:
    """Whether a URL's host is reserved for examples and tests, or the local machine."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.startswith("127."):
        return True
    return host in PLACEHOLDER_DOMAINS or host.endswith(tuple("." + d for d in PLACEHOLDER_DOMAINS)) \
        or host.endswith(PLACEHOLDER_SUFFIXES)


def absolute(page_url: str, href: str) -> str | None:
    """A link of a document's text as its page resolves it, or None (print the text alone)
    when that is not a web or mail address, or lands on a placeholder host: never file:."""
    target = urljoin(page_url, href)
    scheme = urlsplit(target).scheme
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and is_placeholder(target)):
        return None
    return target


def qr_svg(url: str, label: str) -> Markup:
    """The URL as an inline SVG QR code (medium error correction, no quiet zone: the layout
    leaves the white margin around it), sized by CSS."""
    svg = segno.make(url, error="m").svg_inline(border=0, omitsize=True, svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", Markup('<svg role="img" aria-label="%s" ') % label, 1))
