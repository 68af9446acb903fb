"""Inline Markdown (emphasis, strong, code, links) parsed and rendered by our own code.

Segment text is untrusted: whatever it contains, the output has only the markup this
small grammar produces, with every other character escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

SAFE_URL = re.compile(r"^(https?://|mailto:|/|\./|\.\./|#)|^[A-Za-z0-9_.~-]+(/|$|#)", re.IGNORECASE)
LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]+)\)")
ESCAPABLE = set("\\`*_[]()#+-.!")


@dataclass(frozen=True)
class Node:
    kind: str  # "text", "em", "strong", "code", "link"
    text: str = ""  # for text and code
    url: str = ""  # for links
    children: tuple[Node, ...] = ()


SPECIAL = re.compile(r"[\\`*\[]")


@lru_cache(maxsize=2048)  # a page's or brief's texts, parsed for several uses; a build of thousands
def parse(source: str) -> tuple[Node, ...]:  # of documents must not keep them all (a worker grew 90 MB)
    """Parse one segment's inline Markdown into nodes; anything unmatched stays text."""
    if not SPECIAL.search(source):
        return (Node("text", source),) if source else ()
    nodes: list[Node] = []
    buffer: list[str] = []
    i = 0

    def flush() -> None:
        if buffer:
            nodes.append(Node("text", "".join(buffer)))
            buffer.clear()

    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in ESCAPABLE:
            buffer.append(source[i + 1])
            i += 2
            continue
        if char == "`":
            end = source.find("`", i + 1)
            if end > i + 1:
                flush()
                nodes.append(Node("code", source[i + 1 : end]))
                i = end + 1
                continue
        if source.startswith("**", i):
            end = source.find("**", i + 2)
            if end > i + 2 and not source[i + 2].isspace() and not source[end - 1].isspace():
                flush()
                nodes.append(Node("strong", children=parse(source[i + 2 : end])))
                i = end + 2
                continue
        elif char == "*":
            end = _closing_star(source, i + 1)
            if end > i + 1 and not source[i + 1].isspace() and not source[end - 1].isspace():
                flush()
                nodes.append(Node("em", children=parse(source[i + 1 : end])))
                i = end + 1
                continue
        if char == "[":
            match = LINK.match(source, i)
            if match and SAFE_URL.match(match.group(2)):
                flush()
                nodes.append(Node("link", url=match.group(2), children=parse(match.group(1))))
                i = match.end()
                continue
        buffer.append(char)
        i += 1
        special = SPECIAL.search(source, i)
        stop = special.start() if special else len(source)
        buffer.append(source[i:stop])
        i = stop
    flush()
    return tuple(nodes)


def _closing_star(source: str, start: int) -> int:
    """Index of the single ``*`` closing an emphasis opened before ``start``, or -1."""
    i = start
    while True:
        i = source.find("*", i)
        if i < 0:
            return -1
        if source.startswith("**", i):
            i += 2
            continue
        return i


TextHook = Callable[[str], Markup]


LinkHook = Callable[[str], "str | None"]


def render(nodes: tuple[Node, ...], text: TextHook = escape, link: LinkHook | None = None) -> Markup:
    """HTML for the nodes; ``text`` turns plain text into safe markup (escaping, typesetting),
    ``link`` a link's URL into the one to print, or None to print the link's text alone (a
    brief makes links absolute)."""
    out: list[str] = []
    for node in nodes:
        if node.kind == "text":
            out.append(text(node.text))
        elif node.kind == "code":
            out.append(Markup("<code>%s</code>") % text(node.text))
        elif node.kind == "link":
            url = link(node.url) if link else node.url
            inner = render(node.children, text, link)
            out.append(Markup('<a href="%s">%s</a>') % (url, inner) if url is not None else inner)
        else:
            tag = node.kind
            out.append(Markup(f"<{tag}>") + render(node.children, text, link) + Markup(f"</{tag}>"))
    return Markup("").join(out)


def to_html(source: str, text: TextHook = escape, link: LinkHook | None = None) -> Markup:
    if source and not SPECIAL.search(source):  # most segments: plain text, nothing to parse
        return text(source)
    return render(parse(source), text, link)


def plain(source: str) -> str:
    """The text a reader sees, without markup: for titles, descriptions, feeds, word counts."""
    if not SPECIAL.search(source):
        return source
    return "".join(_plain(n) for n in parse(source))


def _plain(node: Node) -> str:
    if node.kind in ("text", "code"):
        return node.text
    return "".join(_plain(c) for c in node.children)


def markup_signature(source: str) -> list[str]:
    """The inline markup of a segment, in order: used to check that a translation keeps it."""
    out: list[str] = []

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if node.kind == "link":
                out.append(f"link({node.url})")
            elif node.kind != "text":
                out.append(node.kind)
            walk(node.children)

    walk(parse(source))
    return sorted(out)
