"""Render a localized document to its web page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsdesk.content.doctypes import DOCTYPES
from newsdesk.locales import profile
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.localize.related import related
from newsdesk.render.bylines import bylines
from newsdesk.render.head import document_head
from newsdesk.render.links import media_path
from newsdesk.render.templating import Templates
from newsdesk.render.topicnames import topic_links
from newsdesk.render.typeset import page_text


@dataclass(frozen=True)
class LanguageLink:
    locale: str
    label: str  # the language's own name
    href: str
    current: bool


def language_name(locale: str) -> str:
    return profile(locale).own_name


def switcher(locale: str, published: tuple[str, ...], path: str, root: str) -> list[LanguageLink]:
    """Links to the same page in every published locale, the current one marked."""
    return [
        LanguageLink(other, language_name(other), f"{root}{other}/{path}", other == locale)
        for other in published
    ]


def render_page(templates: Templates, edition: Edition, doc: LocalizedDocument) -> str:
    name, context = page_context(edition, doc)
    return templates.render(name, doc.locale, edition.catalogs.site[doc.locale], **context)


def page_context(edition: Edition, doc: LocalizedDocument) -> tuple[str, dict[str, Any]]:
    """The template and what it sees (besides the locale and its catalog) for a document's page."""
    root = "../../"
    settings = edition.settings
    return DOCTYPES[doc.type].template, {
        "doc": doc,
        "text": page_text,
        "root": root,
        "media_path": media_path,
        "site_name": settings.site_name[doc.locale],
        "publisher": settings.publisher,
        "switcher": switcher(doc.locale, edition.page_versions(doc), f"{doc.slug}/", root),
        "draft": edition.is_draft(doc),
        "brief": edition.briefs.get((doc.slug, doc.locale)),
        "head": document_head(edition, doc),
        "topics": topic_links(edition, doc),
        "bylines": bylines(doc, linked=not edition.is_draft(doc)),
        "related": related(edition, doc),
    }
