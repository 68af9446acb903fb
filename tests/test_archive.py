"""A newsroom's archive outgrows one front page and one feed: 53 generated documents in three locales."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import feedparser
import pytest
from helpers import ROOT, assert_same_as_clean, generated_archive, parse_html, run_build

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import document, write_catalog

COUNT = 53  # one more than a page and a feed hold, and some

pytestmark = pytest.mark.e2e


def slugs(numbers: range) -> list[str]:
    return [f"story-{n:05d}" for n in numbers]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = generated_archive(tmp_path_factory.mktemp("archive") / "project", COUNT)
    out = project.parent / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    return project, out


def listed(page: Path) -> list[str]:
    return [href.strip("/").split("/")[-1] for href in parse_html(page).xpath('//ul[@class="documents"]//h3/a/@href')]


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_front_pages_hold_fifty_documents_each_newest_first(archive: tuple[Path, Path], locale: str) -> None:
    _, out = archive
    first, second = listed(out / locale / "index.html"), listed(out / locale / "page" / "2" / "index.html")
    newest_first = slugs(range(COUNT - 1, -1, -1))  # the corpus dates each story after the one before
    assert first == newest_first[:50] and second == newest_first[50:]
    assert not (out / locale / "page" / "3").exists()


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_feeds_carry_the_newest_fifty(archive: tuple[Path, Path], locale: str) -> None:
    _, out = archive
    feed = feedparser.parse((out / locale / "feed.xml").read_bytes())
    assert not feed.bozo
    assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries] == slugs(range(COUNT - 1, COUNT - 51, -1))


def test_the_sitemap_still_lists_every_document(archive: tuple[Path, Path]) -> None:
    _, out = archive
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for slug in slugs(range(COUNT)):
        for locale in ("ko", "ja", "en"):
            assert f"/{locale}/{slug}/</loc>" in sitemap


def test_a_new_story_moves_one_down_every_page_as_a_clean_build_would(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    """Adding the newest story shifts every front page; removing it shifts them back."""
    project, out = archive
    slug, text, segments = document(random.Random(99), COUNT)
    path = project / "content" / "story-000xx" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    for locale in ("ko", "ja"):
        write_catalog(project / "locales" / locale / "content" / f"{slug}.po", locale, segments, random.Random(7))
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert listed(out / "ja" / "index.html")[0] == slug and len(listed(out / "ja" / "page" / "2" / "index.html")) == 4
    path.unlink()
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert not (out / "ja" / slug).exists() and len(listed(out / "ja" / "page" / "2" / "index.html")) == 3
