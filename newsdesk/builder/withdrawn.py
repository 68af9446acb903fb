"""Which published pages and briefs a build takes off the site, and why: said, never silent."""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.localize.edition import Edition


def withdrawn(edition: Edition, gone: Iterable[str], embargoed: Iterable[str] = ()) -> list[str]:
    """One line per document version whose page or brief the previous build published and this
    one removes (``gone``: output paths), e.g. a translation that lost entries and is held back
    (``embargoed``: slugs of documents under embargo at the build's clock)."""
    held = {(h.slug, h.locale): h for h in edition.held_back}
    slugs = {d.slug for d in edition.documents}
    scheduled = set(embargoed)
    versions: dict[tuple[str, str], list[str]] = {}
    for rel in sorted(gone):
        parts = rel.split("/")
        if len(parts) != 3 or parts[0] not in edition.settings.locales:
            continue
        locale, slug, name = parts
        if name == "index.html":
            versions.setdefault((slug, locale), []).insert(0, f"page {locale}/{slug}/")
        elif name.endswith(".pdf"):
            versions.setdefault((slug, locale), []).append(f"brief {rel}")
    lines = []
    for (slug, locale), what in sorted(versions.items()):
        if (slug, locale) in held:
            h = held[(slug, locale)]
            why = f"the translation is incomplete: {h.untranslated} untranslated, {h.fuzzy} fuzzy"
        elif slug in scheduled:
            why = "the document is under embargo at this build's clock: see its scheduled: line"
        elif slug not in slugs:
            why = "the document is no longer in content/"
        elif any(w.startswith("page") for w in what):
            why = "no longer published in this locale"
        else:
            why = "this build makes no brief for it"
        lines.append(f"withdrawn {slug} [{locale}]: {' and '.join(what)} removed from the site ({why})")
    return lines
