"""What a figure may be: an image a browser shows and nothing it runs.

Figures are copied to ``media/`` as they are and can be opened by their own URL, where an SVG
is a document: its scripts, event handlers and ``javascript:`` links run on the site's origin.
Such an SVG is refused, not cleaned: a silently changed drawing is worse than a clear error,
and an author can export a plain one. HTML and every other non-image type are refused too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")

# Elements that run code or embed other documents.
ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def image_problem(name: str) -> str | None:
    if not name.lower().endswith(IMAGE_SUFFIXES):
        return "is not an image a figure may be (PNG, JPEG, GIF, WebP or SVG)"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG may not be published (scripts, handlers, active links, embedded documents,
    entity declarations), or None for a plain drawing."""
    if DECLARATIONS.search(data):
        return "declares a DOCTYPE or entities; export a plain SVG"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return f"is not well-formed SVG ({error})"
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""
        if tag in ACTIVE_ELEMENTS:
            return f"has active content (<{tag}>); SVG figures must be plain drawings"
        for attribute, value in element.attrib.items():
            name = attribute.rpartition("}")[2].lower()
            if name.startswith("on"):
                return f"has active content (an event handler, {name}); SVG figures must be plain drawings"
            if ACTIVE_URL.match(value):
                return f"has active content (a {value.split(':')[0].strip()}: URL); SVG figures must be plain drawings"
    return None
