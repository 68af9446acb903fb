"""What a catalog's header must say for its locale; shared by ``update`` (which fixes it) and ``check``.

Headers never carry the clock or the tool's version: the same inputs give the same bytes, whoever
runs ``update`` and with whichever Babel. A translator's own fields (Last-Translator, X-Generator,
PO-Revision-Date written by Poedit) are theirs and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsdesk.catalogs.po import Entry
from newsdesk.locales import profile

FIXED_DATE = "2026-01-01 00:00+0000"  # catalog dates never depend on the clock
DROPPED = ("generated-by",)  # named the Babel version that wrote the file: not reproducible
CONTENT_TYPE = "text/plain; charset=UTF-8"
BASE = [
    ("Project-Id-Version", "newsdesk 1"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", FIXED_DATE),
]
ENCODING = [("MIME-Version", "1.0"), ("Content-Type", CONTENT_TYPE), ("Content-Transfer-Encoding", "8bit")]


def template_header(title: str) -> Entry:
    """The header of a catalog template (.pot)."""
    comments = (f"Catalog template for {title}.",
                "Made by `newsdesk extract`: edit the content or the templates, not this file.")
    return with_header_fields(Entry("", comments=comments), BASE + ENCODING)


def new_header(locale: str, title: str) -> Entry:
    """The header of a catalog that ``update`` creates for a new document or locale."""
    comments = (f"{profile(locale).english_name} translation of {title}.",
                "This file is distributed under the same license as the newsdesk project.")
    fields = BASE + [("PO-Revision-Date", FIXED_DATE), ("Last-Translator", ""), ("Language-Team", ""),
                     ("Language", profile(locale).gettext_code)] + ENCODING + [("Plural-Forms", profile(locale).plural_forms)]
    return with_header_fields(Entry("", comments=comments), fields)


def header_problems(fields: list[tuple[str, str]], locale: str) -> list[tuple[str, str]]:
    """(field, message) for each header field that is wrong for ``locale``."""
    values = {key.lower(): value for key, value in fields}
    problems = []
    charset = re.search(r"charset=([\w-]+)", values.get("content-type", ""))
    if not charset or charset.group(1).lower() != "utf-8":
        problems.append(("content-type", f"charset must be UTF-8 (Content-Type: {values.get('content-type') or 'missing'})"))
    language = values.get("language", "")
    if re.split(r"[-_@.]", language)[0].lower() != profile(locale).language:
        problems.append(("language", f"Language header is '{language}', expected '{locale}'"))
    plural, wanted = values.get("plural-forms", ""), profile(locale).plural_forms
    if plural.replace(" ", "") != wanted.replace(" ", ""):
        problems.append(("plural-forms", f"Plural-Forms for '{locale}' must be '{wanted}', not '{plural}'"))
    return problems


def fix_header(header: Entry, locale: str) -> Entry:
    """The header with what ``check`` would reject put right; unchanged (same object) when nothing is."""
    fields = [(k, v) for k, v in header_fields(header) if k.lower() not in DROPPED]
    wanted = {"language": profile(locale).gettext_code, "plural-forms": profile(locale).plural_forms, "content-type": CONTENT_TYPE}
    wrong = {key for key, _ in header_problems(fields, locale)}
    fields = [(k, wanted[k.lower()]) if k.lower() in wrong else (k, v) for k, v in fields]
    present = {k.lower() for k, _ in fields}
    for key, value in [("Language", profile(locale).gettext_code), *ENCODING, ("Plural-Forms", profile(locale).plural_forms)]:
        if key.lower() not in present:
            fields.append((key, value))
    if fields == header_fields(header):
        return header
    return with_header_fields(header, fields)


def header_fields(entry: Entry) -> list[tuple[str, str]]:
    """The header's ``Key: value`` lines, in order."""
    fields = []
    for line in entry.msgstr[0].split("\n"):
        if not line.strip():
            continue
        key, _, value = line.partition(":")
        fields.append((key.strip(), value.strip()))
    return fields


def with_header_fields(entry: Entry, fields: list[tuple[str, str]]) -> Entry:
    return replace(entry, msgstr=("".join(f"{k}: {v}\n" for k, v in fields),))


def header_lines(entry: Entry) -> dict[str, int]:
    """Line number of each header field, for problems that point at one."""
    found: dict[str, int] = {}
    if entry.raw is None:
        return found
    for number, line in entry.raw.parts["msgstr"]:
        match = re.match(r'\s*(?:msgstr\s*)?"([A-Za-z0-9-]+):', line)
        if match:
            found.setdefault(match.group(1).lower(), number)
    return found
