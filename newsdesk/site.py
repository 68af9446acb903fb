"""What spans documents: the front page of each locale and the root language chooser."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from .config import Settings
from .doctypes import DOCTYPES
from .edition import Edition
from .html import language_name, switcher
from .model import LocalizedDocument, Text
from .templating import Templates
from .typeset import page_text


@dataclass(frozen=True)
class Listing:
    """A document as a front page lists it."""

    slug: str
    type: str
    title: Text
    summary: Text


@dataclass(frozen=True)
class Day:
    date: datetime
    documents: list[Listing]


def site_outputs(templates: Templates, edition: Edition) -> dict[str, str]:
    """Everything that spans documents: front pages and the root language chooser."""
    outputs = {}
    for locale, docs in edition.published.items():
        outputs[f"{locale}/index.html"] = front_page(templates, edition, locale, docs)
    outputs["index.html"] = root_page(templates, edition.settings)
    return outputs


def front_page(templates: Templates, edition: Edition, locale: str, docs: list[LocalizedDocument]) -> str:
    """Newest first, grouped by the day in the document's own time zone."""
    days = [
        Day(date, [_listing(d) for d in group])
        for date, group in groupby(docs, key=lambda d: d.document.date.replace(hour=0, minute=0, second=0, microsecond=0))
    ]
    root = "../"
    settings = edition.settings
    return templates.render(
        "index.html",
        locale,
        edition.catalogs.site[locale],
        days=days,
        text=page_text,
        root=root,
        site_name=settings.site_name[locale],
        publisher=settings.publisher,
        switcher=switcher(locale, settings.locales, "", root),
    )


def _listing(doc: LocalizedDocument) -> Listing:
    doctype = DOCTYPES[doc.type]
    return Listing(doc.slug, doc.type, doc.field(doctype.title_field), doc.field(doctype.summary_field))


def root_page(templates: Templates, settings: Settings) -> str:
    ordered = (settings.default_locale,) + tuple(l for l in settings.locales if l != settings.default_locale)
    return templates.render(
        "root.html",
        settings.default_locale,
        None,
        default_locale=settings.default_locale,
        site_names=[settings.site_name[l] for l in ordered],
        links=switcher("", ordered, "", ""),
        locales_json=json.dumps(list(settings.locales)),
    )


