"""Briefing packs: one PDF per locale with a cover, a table of contents and every brief
published in that locale, for readers who want the edition in one file."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from babel.dates import format_date
from markupsafe import Markup

from newsdesk.content.inline import plain
from newsdesk.locales import profile
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.localize.related import related
from newsdesk.render.briefs import BriefRenderer, build_date, identifier
from newsdesk.render.pages import language_name


def pack_path(locale: str) -> str:
    """Where a locale's pack is published, beside that locale's front page."""
    return f"{locale}/briefing-pack-{locale}.pdf"


def anchor(doc: LocalizedDocument) -> str:
    return f"brief-{doc.slug}"


def date_range(dates: Iterable[datetime], locale: str) -> str:
    """The span of the documents' dates in the long style every brief uses ("January 14, 2026"),
    joined as the locale joins a range (CLDR has no long-month day ranges for English)."""
    days = sorted(d.date() for d in dates)
    babel_locale = profile(locale).babel_locale
    first, last = (format_date(day, "long", locale=babel_locale) for day in (days[0], days[-1]))
    if first == last:
        return first
    return str(babel_locale.interval_formats.get(None, "{0} – {1}")).format(first, last)


def render_pack(renderer: BriefRenderer, edition: Edition, locale: str, docs: list[LocalizedDocument]) -> bytes:
    settings = edition.settings
    catalog = edition.catalogs.site[locale]
    in_pack = frozenset(d.slug for d in docs)
    parts = [Markup(renderer.html(doc, catalog, layout="brief/in-pack.html", anchor=anchor(doc),
                                  related=renderer.related_links(locale, related(edition, doc), in_pack)))
             for doc in docs]
    tags = dict.fromkeys(plain(t.value) for doc in docs for t in doc.fields.get("tags", ()))
    markup = renderer.templates.render(
        "brief/pack.html",
        locale,
        catalog,
        **renderer.typesetting(locale),
        docs=docs,
        parts=parts,
        anchor=anchor,
        date_range=date_range((d.document.date for d in docs), locale),
        keywords=", ".join(tags),
        subject=profile(locale).separator.join(list(tags)[:3]),
        logo=f"../{settings.publisher_logo}" if settings.publisher_logo else None,
        contact=(settings.media_contact or {}).get(locale),
        publisher=settings.publisher,
        site_name=settings.site_name[locale],
        locale_name=language_name(locale),
        text_lang=profile(locale).text_lang or locale,
        created=build_date(max(d.document.date for d in docs)).isoformat(),
    )
    where = f"briefing pack [{locale}] ({', '.join(d.document.path for d in docs)})"
    return renderer.write(markup, locale, where, f"the {locale} briefing pack", identifier("briefing-pack", locale))
