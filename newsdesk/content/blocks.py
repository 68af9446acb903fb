"""Markdown block syntax the body reader does not support, found before it could run together
into a paragraph (and one catalog segment): each reported with its line."""

from __future__ import annotations

import re

FENCE = re.compile(r"^(`{3,}|~{3,})")
RULE = re.compile(r"^([-*_])[ \t]*(?:\1[ \t]*){2,}$")
SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
HTML = re.compile(r"^<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|!--|\?|!\[CDATA\[|![A-Za-z])")
HEADING = re.compile(r"^(#{1,6})(?:\s|$)")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])\s+\S")
TABLE = re.compile(r"^\|.*\|\s*$")


def unsupported_blocks(lines: list[str], first_line: int) -> list[tuple[int, str]]:
    """(line, message) for each block the reader would otherwise take for text."""
    found: list[tuple[int, str]] = []
    fence: str | None = None
    previous = ""  # the line before, "" if blank
    in_list = False
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip(" \t"))
        if fence is not None:
            if line.startswith(fence):
                fence = None
            previous = ""
            continue
        if (match := FENCE.match(line)) is not None:
            fence = match.group(1)[0] * 3
            found.append((number, "code blocks (``` or ~~~) are not supported in the body"))
        elif TABLE.match(line) and not (previous and TABLE.match(previous)):
            found.append((number, "tables are not supported in the body: write the figures as a list or as text"))
        elif previous and SETEXT.match(line) and not LIST_ITEM.match(previous):
            found.append((number, "underlined headings are not supported: write '## Heading' on one line"))
        elif RULE.match(line):
            found.append((number, f"horizontal rules ('{line}') are not supported in the body"))
        elif HTML.match(line):
            found.append((number, "HTML is not supported in the body: write Markdown"))
        elif (heading := HEADING.match(line)) and len(heading.group(1)) not in (2, 3):
            hashes = heading.group(1)
            found.append((number, f"'{hashes}' headings are not supported: use ## (or ###); the headline is the title"))
        elif indent >= 2 and in_list and LIST_ITEM.match(line):
            found.append((number, "nested lists are not supported: one level of list items only"))
        elif indent >= 4 and not previous and not in_list:
            found.append((number, "indented code blocks are not supported: remove the indentation"))
        if line:
            in_list = bool(LIST_ITEM.match(line)) or (in_list and indent > 0)
        elif in_list:
            in_list = offset + 1 < len(lines) and bool(LIST_ITEM.match(lines[offset + 1].strip()))
        previous = line
    return found
