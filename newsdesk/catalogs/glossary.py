"""The project's glossary (``locales/glossary.md``): official names and their form in each locale.

It is a Markdown table, so that editors review it like any other text: one term a row, a column per
locale (``en``, ``ko``, ``ja``) and an optional ``note``. A cell may list several accepted forms
separated by `` ; `` (the first is the preferred one), e.g. a name with and without its reading.
A row whose forms are URLs says the locale has its own address for a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import CatalogError, Problems
from newsdesk.locales import LOCALES

GLOSSARY_FILE = "glossary.md"
SEPARATOR = ";"
_COLUMNS = {code.lower(): code for code in LOCALES}


@dataclass(frozen=True)
class Term:
    """One row: the accepted forms of a name in each locale that has one."""

    forms: dict[str, tuple[str, ...]]
    line: int

    def preferred(self, locale: str) -> str:
        return self.forms[locale][0]


@dataclass(frozen=True)
class Glossary:
    path: str  # relative to the project
    terms: tuple[Term, ...]

    def in_source(self, text: str, source_locale: str) -> list[Term]:
        """The terms whose source-locale form occurs in ``text``."""
        return [t for t in self.terms if source_locale in t.forms
                and any(occurs(form, text, source_locale) for form in t.forms[source_locale])]

    def localized_url(self, url: str, source_locale: str, locale: str) -> tuple[str, ...]:
        """The addresses a translation may link instead of ``url`` (the glossary's URL rows)."""
        return tuple(f for t in self.terms if url in t.forms.get(source_locale, ()) for f in t.forms.get(locale, ()))


def occurs(form: str, text: str, locale: str) -> bool:
    """Whole words for English (so 'KITA' is not found in 'KITAB'); anywhere for Korean and
    Japanese, where particles attach to the name (한국무역협회는)."""
    text = " ".join(text.split())
    if locale in LOCALES and LOCALES[locale].names_are_whole_words:
        return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None
    return form in text


def translation_has(form: str, text: str, locale: str) -> bool:
    """Like ``occurs``, but an English sentence may start a name in lower case ('the Asia ...')."""
    if occurs(form, text, locale):
        return True
    return locale in LOCALES and LOCALES[locale].names_are_whole_words and occurs(form[:1].swapcase() + form[1:], text, locale)


def load_glossary(locales_dir: Path, root: Path) -> Glossary | None:
    """Read the glossary, or None when the project has none; a malformed row is an error."""
    path = locales_dir / GLOSSARY_FILE
    if not path.exists():
        return None
    rel = path.relative_to(root).as_posix()
    problems = Problems()
    terms: list[Term] = []
    columns: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip().startswith("|"):
            columns = None  # any other line ends a table
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if columns is None:
            columns = [_COLUMNS.get(c.lower(), c.lower()) for c in cells]  # zh-hant: zh-Hant
            unknown = [c for c in columns if c not in LOCALES and c != "note"]
            if unknown:
                problems.add(rel, number, f"unknown glossary column(s) {', '.join(unknown)} (use {', '.join(LOCALES)}, note)")
            continue
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        if len(cells) != len(columns):
            problems.add(rel, number, f"glossary row has {len(cells)} cells, the table has {len(columns)} columns")
            continue
        forms = {column: tuple(f.strip() for f in cell.split(SEPARATOR) if f.strip())
                 for column, cell in zip(columns, cells) if column in LOCALES and cell}
        if len(forms) < 2:
            problems.add(rel, number, "a glossary row needs the term in at least two locales")
            continue
        terms.append(Term(forms, number))
    problems.raise_if_errors(CatalogError)
    return Glossary(rel, tuple(terms))
