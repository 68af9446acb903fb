"""The parse memo: what a later build reads back is what a fresh parse gives, and the text of
documents and catalogs is unpickled only when a page needs it."""

from __future__ import annotations

import pickle
from pathlib import Path

from conftest import ROOT

from newsdesk.catalogs import load_catalogs
from newsdesk.config import load_settings
from newsdesk.content import load_content
from newsdesk.edition import make_edition
from newsdesk.errors import Problems
from newsdesk.manifest import scan
from newsdesk.memo import Memo


def _load(project: Path, memo: Memo):  # type: ignore[no-untyped-def]
    settings = load_settings(project)
    documents = load_content(project, settings.content_dir, settings.locales, memo)
    catalogs = load_catalogs(settings, documents, Problems(), memo)
    return make_edition(settings, documents, catalogs, False, memo)


def test_a_memoized_edition_equals_a_fresh_one_and_defers_the_text(tmp_path: Path) -> None:
    shas = {rel: str(entry[2]) for rel, entry in scan(ROOT, None).items()}
    first = Memo(tmp_path / "memo", shas, "v")
    fresh = _load(ROOT, first)
    first.save()
    again = _load(ROOT, Memo(tmp_path / "memo", shas, "v"))

    for locale, docs in fresh.published.items():
        remembered = again.published[locale]
        assert [(d.slug, d.coverage) for d in remembered] == [(d.slug, d.coverage) for d in docs]
    # Ordering and coverage came from the memo; no document's or catalog's text was unpickled.
    assert all(repr(d.content) == "Deferred(...)" for d in again.documents)
    assert all(repr(c.entries) == "Deferred(...)" for c in again.catalogs.documents.values())
    document = again.documents[0]
    assert document.fields == fresh.documents[0].fields and document.body == fresh.documents[0].body
    assert repr(document.content) != "Deferred(...)"
    for (slug, locale), catalog in again.catalogs.documents.items():
        assert catalog.translations == fresh.catalogs.documents[(slug, locale)].translations
    page = again.published["ko"][0]
    assert page.fields == fresh.published["ko"][0].fields  # translated from the catalog read back


def test_a_deferred_value_pickles_without_being_unpickled() -> None:
    from newsdesk.deferred import Deferred

    stored = pickle.loads(pickle.dumps(Deferred({"headline": "뉴스"})))
    copied = pickle.loads(pickle.dumps(stored))  # handed on (a brief worker) while still pickled
    assert repr(stored) == repr(copied) == "Deferred(...)"
    assert copied.value == {"headline": "뉴스"} and copied == stored
