"""Past 50,000 URLs (or 50 MB) a sitemap becomes a sitemap index of parts, as sitemaps.org requires.

The limits are lowered in-process (the build runs in this process, its children forked from it) so
that a 12-document archive needs an index; at the protocol's limits the same site is one file.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime
from pathlib import Path

import pytest
from helpers import ROOT, edit, generated_archive, tree
from lxml import etree
from newsroom import AFTER, newsroom

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import document, write_catalog
from newsdesk.builder.options import BuildOptions, BuildReport
from newsdesk.builder.pipeline import build
from newsdesk.config import load_settings
from newsdesk.render import sitemap

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://newsdesk.example.org/"
COUNT = 12  # documents, each in ko, ja and en
LIMIT = 10  # URLs per part: three documents (nine URLs) each

pytestmark = pytest.mark.e2e


def urls(path: Path) -> dict[str, tuple[str | None, dict[str, str]]]:
    """A urlset's URLs: loc -> (lastmod, {hreflang: href})."""
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{SM}urlset"
    found = {}
    for url in root.iter(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc not in found, f"{path.name} lists {loc} twice"
        found[loc] = (url.findtext(f"{SM}lastmod"), {a.get("hreflang"): a.get("href") for a in url.iter(f"{XHTML}link")})
    return found


def index(site: Path) -> list[tuple[str, str]]:
    """sitemap.xml as an index: [(loc, lastmod)] of its parts."""
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    assert root.tag == f"{SM}sitemapindex", root.tag
    assert [child.tag for child in root] == [f"{SM}sitemap"] * len(root)
    return [(s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in root]


def parts(site: Path) -> list[Path]:
    return sorted(site.glob("sitemap-*.xml"), key=lambda p: int(p.stem.split("-")[1]))


def run(project: Path, out: Path, clean: bool = False, now: datetime | None = None) -> BuildReport:
    return build(load_settings(project), BuildOptions(out=out, briefs=False, clean=clean, changes=True, now=now))


def add_story(project: Path, number: int) -> str:
    """A new story, dated after every other (the corpus dates each story after the one before)."""
    slug, text, segments = document(random.Random(number), number)
    path = project / "content" / "story-000xx" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    for locale in ("ko", "ja"):
        write_catalog(project / "locales" / locale / "content" / f"{slug}.po", locale, segments, random.Random(7))
    return slug


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return generated_archive(tmp_path / "project", COUNT)


def test_a_site_within_the_limits_keeps_one_sitemap(archive: Path, tmp_path: Path) -> None:
    run(archive, tmp_path / "out")
    listed = urls(tmp_path / "out" / "sitemap.xml")
    assert len(listed) == 1 + 3 + 3 * COUNT  # the root, three front pages, every story in three locales
    assert not list((tmp_path / "out").glob("sitemap-*.xml"))


def test_past_the_limit_an_index_of_parts_lists_every_url_once(archive: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    run(archive, tmp_path / "one")
    single = urls(tmp_path / "one" / "sitemap.xml")
    monkeypatch.setattr(sitemap, "URL_LIMIT", LIMIT)
    out = tmp_path / "out"
    run(archive, out)

    entries = index(out)
    files = parts(out)
    assert [loc for loc, _ in entries] == [f"{BASE}sitemap-{n}.xml" for n in range(1, len(files) + 1)]
    assert len(files) == 5  # four parts of three stories, then the root and front pages
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-hreflang.xsd")))
    together: dict[str, tuple[str | None, dict[str, str]]] = {}
    for (loc, lastmod), path in zip(entries, files, strict=True):
        assert schema.validate(etree.parse(str(path))), schema.error_log
        listed = urls(path)
        assert 0 < len(listed) <= LIMIT
        assert lastmod == max(m for m, _ in listed.values() if m), path.name  # the newest of its URLs
        assert not set(listed) & set(together), f"{path.name} repeats a URL of an earlier part"
        together.update(listed)
    assert together == single  # every URL once, with the dates and language links the one file had
    # Oldest stories first, a story's three versions in one part.
    first = {loc.split("/")[-2] for loc in urls(files[0])}
    assert first == {"story-00000", "story-00001", "story-00002"}
    assert f"Sitemap: {BASE}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8").splitlines()


def test_topic_and_author_pages_are_in_the_parts_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newsroom fixture (topics, authors) split into parts of five URLs: one story's
    versions a part, the other pages five at a time."""
    project, now = newsroom(tmp_path), datetime.fromisoformat(AFTER)
    run(project, tmp_path / "one", now=now)
    single = urls(tmp_path / "one" / "sitemap.xml")
    assert any("/topics/" in loc for loc in single) and any("/authors/" in loc for loc in single)
    monkeypatch.setattr(sitemap, "URL_LIMIT", 5)
    out = tmp_path / "out"
    run(project, out, now=now)
    assert len(index(out)) == len(parts(out))
    together: dict[str, tuple[str | None, dict[str, str]]] = {}
    for path in parts(out):
        listed = urls(path)
        assert 0 < len(listed) <= 5 and not set(listed) & set(together), path.name
        together.update(listed)
    assert together == single


def test_parts_stay_under_the_byte_limit(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(archive, tmp_path / "one")
    single = urls(tmp_path / "one" / "sitemap.xml")
    assert (tmp_path / "one" / "sitemap.xml").stat().st_size > 12_000
    monkeypatch.setattr(sitemap, "BYTE_LIMIT", 6_000)  # the URL limit is the protocol's: 50,000
    out = tmp_path / "out"
    run(archive, out)
    assert len(index(out)) == len(parts(out)) > 2
    together = {}
    for path in parts(out):
        assert path.stat().st_size <= 6_000, path.name
        together.update(urls(path))
    assert together == single


def test_an_edit_renders_only_the_part_that_lists_it(archive: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap, "URL_LIMIT", LIMIT)
    out = tmp_path / "out"
    run(archive, out)
    before = {p.name: p.stat().st_ino for p in parts(out)}  # an output reused is the same file (a hard link)

    # A correction to an old story (still older than the newest): its part and the index change.
    edit(archive, "content/story-000xx/story-00004.md", "source_locale: en", "updated: 2024-01-03T09:00:00+09:00\nsource_locale: en")
    report = run(archive, out)
    assert sorted(r for r in report.changed if r.startswith("sitemap")) == ["sitemap-2.xml", "sitemap.xml"]
    assert {p.name for p in parts(out) if p.stat().st_ino != before[p.name]} == {"sitemap-2.xml"}
    assert ("2024-01-03T09:00:00+09:00" in (out / "sitemap-2.xml").read_text(encoding="utf-8"))
    assert dict(index(out))[f"{BASE}sitemap-2.xml"] == "2024-01-03T09:00:00+09:00"

    # A new story, the newest: a new part after the full ones, which stay as they were; the root
    # and front pages' part (their dates moved) comes after it.
    before = {p.name: p.stat().st_ino for p in parts(out)}
    slug = add_story(archive, COUNT)
    report = run(archive, out)
    assert sorted(r for r in report.changed if r.startswith("sitemap")) == ["sitemap-5.xml", "sitemap-6.xml",
                                                                            "sitemap.xml"]
    assert all(path.stat().st_ino == before[path.name] for path in parts(out)[:4])
    assert {loc.split("/")[-2] for loc in urls(out / "sitemap-5.xml")} == {slug}
    assert set(urls(out / "sitemap-6.xml")) == {BASE, *(f"{BASE}{locale}/" for locale in ("ko", "ja", "en"))}
    assert tree(out) == tree(_clean(archive, tmp_path / "clean-1"))


def test_parts_no_longer_needed_are_removed(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap, "URL_LIMIT", LIMIT)
    out = tmp_path / "out"
    run(archive, out)
    assert len(parts(out)) == 5
    for number in range(6, COUNT):  # half the archive withdrawn: two parts of stories, one of pages
        for path in [*archive.glob(f"content/**/story-{number:05d}.md"), *archive.glob(f"locales/*/content/story-{number:05d}.po")]:
            path.unlink()
    report = run(archive, out)
    assert [p.name for p in parts(out)] == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    assert {"sitemap-4.xml", "sitemap-5.xml"} <= set(report.changed)
    assert tree(out) == tree(_clean(archive, tmp_path / "clean"))

    monkeypatch.setattr(sitemap, "URL_LIMIT", 50_000)  # within the limit again: one file, no parts
    run(archive, out)
    assert not parts(out) and len(urls(out / "sitemap.xml")) == 4 + 3 * 6


def _clean(project: Path, out: Path) -> Path:
    run(project, out, clean=True)
    return out
