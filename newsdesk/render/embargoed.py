"""Briefs of documents under embargo, for journalists before the release: each page marked
"EMBARGOED UNTIL ..." in the brief's language and its readers' time zone, and so is the PDF's
title. They go to a folder of their own (``build --embargoed DIR``), never into the public site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name

from newsdesk.content.schedule import Scheduled
from newsdesk.locales import profile
from newsdesk.localize.edition import Edition
from newsdesk.render.briefs import BriefRenderer, identifier


@dataclass(frozen=True)
class EmbargoTime:
    """The release instant as a reader of one locale writes it; the template words the notice."""

    date: str  # "2026년 1월 14일"
    time: str  # "오전 10:00"
    zone: str  # "한국 시간", "日本時間", "UTC"
    iso: str  # the instant, for machines (the PDF's keywords)


def embargo_time(release: datetime, locale: str) -> EmbargoTime:
    zone = ZoneInfo(profile(locale).time_zone)
    local = release.astimezone(zone)
    babel_locale = profile(locale).babel_locale
    return EmbargoTime(
        date=format_date(local.date(), "long", locale=babel_locale),
        time=format_time(local, "short", tzinfo=zone, locale=babel_locale),
        zone="UTC" if zone.key == "UTC" else get_timezone_name(zone, "long", locale=babel_locale),
        iso=release.isoformat(),
    )


def embargoed_path(locale: str, slug: str) -> str:
    """Where an embargoed brief goes, inside the embargoed folder: named so that it is never
    taken for the public brief."""
    return f"{locale}/{slug}-{locale}-embargoed.pdf"


def render_embargoed(renderer: BriefRenderer, edition: Edition, scheduled: list[Scheduled]) -> dict[str, bytes]:
    """Each complete locale version of each scheduled document (``edition``: theirs), by path."""
    release = {s.document.slug: s.release for s in scheduled}
    out: dict[str, bytes] = {}
    for doc in edition.briefable():
        markup = renderer.html(doc, edition.catalogs.site[doc.locale],
                               embargo=embargo_time(release[doc.slug], doc.locale))
        out[embargoed_path(doc.locale, doc.slug)] = renderer.write(
            markup, doc.locale, doc.document.path, f"the embargoed {doc.locale} brief",
            identifier(doc.slug, doc.locale, "embargoed"))
    return out
