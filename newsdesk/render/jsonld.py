"""schema.org structured data (JSON-LD) for a document's page, and its safe embedding in HTML.

Each document type names its schema.org type (content/doctypes.py), always an Article subtype, so
every one takes the same headline, dates, author, publisher and translation properties; its
title, summary and authors come from the fields its type names.

Language versions are linked the way schema.org models translations: the source-language
version is the work (``workTranslation`` lists the published translations) and every other
version is a translation of it (``translationOfWork``).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from newsdesk.config import Settings
from newsdesk.content.doctypes import DOCTYPES
from newsdesk.content.inline import plain
from newsdesk.content.model import Text
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.links import Versions, author_path, media_path

# Characters that could end a <script> element or start markup inside it; JSON allows each as \\uXXXX.
# U+2028/2029 are legal in JSON but not in older JavaScript string literals.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element that no text can break out of:
    ``</script>``, ``<!--`` or ``<script>`` in a headline come out as ``\\u003c/script\\u003e``.
    On one line: the json module's fast encoder only writes JSON without indentation."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def document_data(edition: Edition, doc: LocalizedDocument, versions: Versions) -> dict[str, Any]:
    """The structured data of one language version of a document."""
    settings = edition.settings
    fields = doc.fields
    document = doc.document
    url = versions.url(doc.locale)
    doctype = DOCTYPES[doc.type]
    schema_type = doctype.schema_type
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": _work_id(url),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": _plain(fields[doctype.title_field]),
        "description": _plain(fields[doctype.summary_field]),
        "datePublished": document.date.isoformat(),
        "dateModified": document.modified.isoformat(),
        "inLanguage": doc.locale,
        "author": _authors(settings, doc),
        "publisher": publisher_data(settings),
        "isAccessibleForFree": True,
        "copyrightHolder": {"@type": "Organization", "name": _plain(fields["source"]["name"])},
        "copyrightNotice": _plain(fields["credit"]),
    }
    if "url" in fields["source"]:  # a story compiled from several reports has no one source URL
        data["copyrightHolder"]["url"] = fields["source"]["url"]
    if "corrections" in fields:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": _plain(c["text"]), "datePublished": c["date"].isoformat()}
            for c in sorted(fields["corrections"], key=lambda c: c["date"])
        ]
    if "figure" in fields:
        data["image"] = [settings.url(media_path(fields["figure"]["image"]))]
    if "tags" in fields:
        data["keywords"] = [_plain(tag) for tag in fields["tags"]]
    source = document.source_locale
    others = [v for v in versions.locales if v.hreflang != doc.locale]
    if doc.locale == source and others:
        data["workTranslation"] = [_work_ref(schema_type, v.url, v.hreflang) for v in others]
    elif doc.locale != source and any(v.hreflang == source for v in versions.locales):
        data["translationOfWork"] = _work_ref(schema_type, versions.url(source), source)
    return data


def publisher_data(settings: Settings) -> dict[str, Any]:
    """The publisher as an organization, with its logo when the settings name one."""
    data: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": settings.publisher, "url": settings.base_url}
    if settings.publisher_logo:
        logo: dict[str, Any] = {"@type": "ImageObject", "url": settings.url(settings.publisher_logo)}
        if settings.publisher_logo_size:
            logo["width"], logo["height"] = settings.publisher_logo_size
        data["logo"] = logo
    return data


def _authors(settings: Settings, doc: LocalizedDocument) -> list[dict[str, str]]:
    """The declared authors (content/authors.yaml), people or organizations, each with a URL (a
    person's page here); otherwise the type's author field, typed as the type says (a byline
    credits a desk of this newsroom, "Newsdesk staff": an organization)."""
    if doc.document.authors:
        return [{"@type": "Person" if a.person else "Organization", "name": a.names[doc.locale],
                 **({"url": settings.url(author_path(doc.locale, a.slug))} if a.person
                    else {"url": a.url} if a.url else {})} for a in doc.document.authors]
    doctype = DOCTYPES[doc.type]
    return [{"@type": doctype.author_type, "name": _plain(author)} for author in doctype.authors(doc.fields)]


def _work_id(url: str) -> str:
    """The work's node id: the page URL names the WebPage, the fragment names the article on it."""
    return f"{url}#work"


def _work_ref(schema_type: str, url: str, locale: str) -> dict[str, str]:
    return {"@type": schema_type, "@id": _work_id(url), "url": url, "inLanguage": locale}


def _plain(text: Text) -> str:
    return plain(text.value)
