"""Embargoed documents: which are public at the build's clock, and when the others are released.

A document with ``embargo:`` is left out of everything a build publishes until that instant; a
build at or after it publishes the document. The build's clock is an option (``build --now``), so
that the same inputs and the same clock give the same site, whenever the build runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from newsdesk.content.model import Document
from newsdesk.locales import LOCALES


@dataclass(frozen=True)
class Scheduled:
    """A document under embargo at the build's clock."""

    document: Document
    release: datetime  # its embargo

    def __str__(self) -> str:
        """What a build prints: the release as the embargo line wrote it, named by a locale's zone
        with that offset (the source language's first), then in UTC, which a scheduler can read."""
        local = self.release
        for locale in (self.document.source_locale, *LOCALES):
            zoned = self.release.astimezone(ZoneInfo(LOCALES[locale].time_zone if locale in LOCALES else "UTC"))
            if zoned.utcoffset() == self.release.utcoffset():
                local = zoned
                break
        zone = local.tzname() or "UTC"
        utc = self.release.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"scheduled: {self.document.slug} at {local:%Y-%m-%d %H:%M} {zone} ({utc})"


@dataclass(frozen=True)
class Release:
    """The documents of a build split at its clock: those it publishes, those it holds."""

    public: list[Document]
    scheduled: list[Scheduled]  # soonest first

    @property
    def next(self) -> datetime | None:
        """The next instant at which the site changes by itself."""
        return self.scheduled[0].release if self.scheduled else None


def release(documents: list[Document], now: datetime) -> Release:
    """Split ``documents`` (their order kept) at ``now``: a document is public from its embargo on."""
    public = [d for d in documents if d.embargo is None or d.embargo <= now]
    held = [Scheduled(d, d.embargo) for d in documents if d.embargo is not None and d.embargo > now]
    held.sort(key=lambda s: (s.release, s.document.slug))
    return Release(public, held)


def parse_now(text: str) -> datetime:
    """A build clock given on the command line: ISO 8601 with a time zone (``Z`` for UTC)."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        raise ValueError(f"'{text}' needs a time zone, e.g. 2026-01-14T10:00:00+09:00")
    return value
