"""The parse memo: what a later build reads back is what a fresh parse gives, and the text of
documents and catalogs is unpickled only when a page needs it."""

from __future__ import annotations

import pickle
from pathlib import Path

from helpers import copy_project

from newsdesk.builder.manifest import scan
from newsdesk.builder.memo import Memo
from newsdesk.catalogs.catalog import load_catalogs
from newsdesk.config import load_settings
from newsdesk.content.load import load_content
from newsdesk.errors import Problems
from newsdesk.localize.edition import make_edition


def _load(project: Path, memo: Memo):  # type: ignore[no-untyped-def]
    settings = load_settings(project)
    documents = load_content(project, settings.content_dir, settings.locales, memo)
    catalogs = load_catalogs(settings, documents, Problems(), memo)
    return make_edition(settings, documents, catalogs, False, memo)


def test_a_memoized_edition_equals_a_fresh_one_and_defers_the_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shas = {rel: str(entry[2]) for rel, entry in scan(project, None).items()}
    first = Memo(tmp_path / "memo", shas, "v")
    fresh = _load(project, first)
    first.save()
    again = _load(project, Memo(tmp_path / "memo", shas, "v"))

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
    from newsdesk.content.deferred import Deferred

    stored = pickle.loads(pickle.dumps(Deferred({"headline": "뉴스"})))
    copied = pickle.loads(pickle.dumps(stored))  # handed on (a brief worker) while still pickled
    assert repr(stored) == repr(copied) == "Deferred(...)"
    assert copied.value == {"headline": "뉴스"} and copied == stored


def test_a_file_saved_again_while_it_is_parsed_is_not_memoized_under_the_old_hash(tmp_path: Path) -> None:
    """An editor saving during a build: the parse may be of the new bytes, the scan saw the old ones.
    Kept under the old hash, it would be served if the file went back to those bytes."""
    import os
    from functools import partial

    from newsdesk.builder import manifest

    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    story = project / "content" / "story.md"
    story.write_text("old", encoding="utf-8")
    inputs = scan(project, None)
    shas = {rel: str(entry[2]) for rel, entry in inputs.items()}

    def memo() -> Memo:
        return Memo(tmp_path / "memo", shas, "v", unchanged=partial(manifest.unchanged, project, inputs))

    def parse_while_saved() -> str:
        parsed = story.read_text(encoding="utf-8") + " parsed"
        story.write_text("new", encoding="utf-8")
        os.utime(story, ns=(1, 1))  # a different modification time, as any save gives
        return parsed

    first = memo()
    assert first.get("content/story.md", "", parse_while_saved) == "old parsed"
    first.save()
    assert memo().get("content/story.md", "", lambda: "parsed again") == "parsed again"

    story.write_text("old", encoding="utf-8")  # a file left alone is memoized as before
    inputs.update(scan(project, None))
    steady = memo()
    assert steady.get("content/story.md", "", lambda: "old parsed") == "old parsed"
    steady.save()
    assert memo().get("content/story.md", "", lambda: "parsed again") == "old parsed"


def test_a_damaged_memo_file_is_parsed_afresh_never_an_error(tmp_path: Path) -> None:
    """The memo is a cache: a shard cut short (a full disk, a copy interrupted) or overwritten is
    ignored, and the documents it held are parsed again."""
    from newsdesk.content.deferred import Deferred

    shas = {"content/story.md": "a"}
    first = Memo(tmp_path / "memo", shas, "v")
    assert first.get("content/story.md", "", lambda: Deferred("기사 본문")).value == "기사 본문"
    first.save()
    (shard,) = (tmp_path / "memo").iterdir()
    whole = shard.read_bytes()
    assert Memo(tmp_path / "memo", shas, "v").get("content/story.md", "", lambda: Deferred("x")).value == "기사 본문"
    for damaged in (whole[:-3], whole[:20], b"", b"\xff" * len(whole)):
        shard.write_bytes(damaged)
        again = Memo(tmp_path / "memo", shas, "v").get("content/story.md", "", lambda: Deferred("parsed again"))
        assert again.value == "parsed again"
