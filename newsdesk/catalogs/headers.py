"""What a catalog's header must say for its locale; shared by ``update`` (which fixes it) and ``check``.

Headers never carry the clock or the tool's version: the same inputs give the same bytes, whoever
runs ``update`` and with whichever Babel. A translator's own fields (Last-Translator, X-Generator,
PO-Revision-Date written by Poedit) are theirs and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsdesk.catalogs.po import Entry, PoFile
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


# ko, KO, ko_KR, ko-KR, zh_Hant_TW: language, script, territory; not ko@latin or ko.UTF-8
LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?")


def _language_problem(value: str, locale: str) -> bool:
    """Whether a Language header does not name the locale's language (and script, if it has one)."""
    match = LANGUAGE.fullmatch(value)
    parts = profile(locale).code.split("-")
    script = parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None
    return (match is None or match.group(1).lower() != profile(locale).language
            or (match.group(2) or "").lower() != (script or "").lower())


def _plural_key(value: str) -> str:
    """Plural-Forms compared without spaces and without the final ';' (gettext does not need it)."""
    return "".join(value.split()).rstrip(";")


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
    """(field, message) for each header field that is wrong for ``locale``: the one validator,
    used by the build, ``check`` and ``update`` (which puts right what it finds).

    Language names the locale's language, in any case, with or without a territory (``KO``,
    ``ko_KR``), but no script or modifier (``ko@latin`` is romanized Korean). Plural-Forms is
    Babel's for the locale, compared without spaces and the optional final ``;``."""
    values = {key.lower(): value for key, value in fields}
    problems = []
    charset = re.search(r"charset=([\w-]+)", values.get("content-type", ""))
    if not charset or charset.group(1).lower() != "utf-8":
        problems.append(("content-type", f"charset must be UTF-8 (Content-Type: {values.get('content-type') or 'missing'})"))
    language = values.get("language", "")
    if _language_problem(language, locale):
        problems.append(("language", f"Language header is '{language}', expected '{profile(locale).gettext_code}'"))
    plural, wanted = values.get("plural-forms", ""), profile(locale).plural_forms
    if _plural_key(plural) != _plural_key(wanted):
        problems.append(("plural-forms", f"Plural-Forms for '{locale}' must be '{wanted}', not '{plural}'"))
    return problems


def located_header_problems(po: PoFile, locale: str) -> list[tuple[int, str]]:
    """(line, message) for a missing header or each wrong field, pointing at the field's line."""
    header = po.header
    if header is None:
        return [(1, 'catalog has no header entry (msgid "")')]
    problems = header_problems(header_fields(header), locale)
    lines = header_lines(header) if problems else {}
    return [(lines.get(key, header.line), message) for key, message in problems]


def fix_header(header: Entry, locale: str) -> Entry:
    """The header with what ``check`` would reject put right; unchanged (same object) when nothing is."""
    fields = [(k, v) for k, v in header_fields(header) if k.lower() not in DROPPED]
    wanted = {"language": profile(locale).gettext_code, "plural-forms": profile(locale).plural_forms,
              "content-type": CONTENT_TYPE}
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
