"""The Google News sitemap: the locale versions published in the two days before the build's
clock, with every element Google News requires, at most 1,000, named in robots.txt."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from helpers import recorded, run_build, tree
from lxml import etree
from newsroom import CORRECTED, EMBARGOED, newsroom

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SM, "n": NEWS}
SCHEMAS = Path(__file__).resolve().parent / "schemas"
NAMES = {"ko": "뉴스데스크", "ja": "ニュースデスク", "en": "Newsdesk"}
TITLES = {"en": "Trade between Korea and Japan grew for a third year", "ko": "한일 교역, 3년 연속 증가",
          "ja": "日韓貿易、3年連続で増加"}


def build(project: Path, out: Path, now: str, *args: str) -> None:
    result = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", now, *args)
    assert result.returncode == 0, result.stderr


def test_every_required_element_for_each_recent_version(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    build(project, out, "2026-01-14T08:00:00+09:00")  # trade-figures is 47 hours old; the ferry is embargoed
    doc = etree.parse(str(out / "news-sitemap.xml"))
    root = doc.getroot()
    assert root.tag == f"{{{SM}}}urlset" and root.nsmap.get("news") == NEWS
    urls = root.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        f"https://newsdesk.example.org/{l}/{CORRECTED}/" for l in ("ko", "ja", "en")]
    for url in urls:
        locale = url.findtext("s:loc", namespaces=NS).split("/")[3]
        (news,) = url.findall("n:news", NS)
        (publication,) = news.findall("n:publication", NS)
        assert publication.findtext("n:name", namespaces=NS) == NAMES[locale]
        assert publication.findtext("n:language", namespaces=NS) == locale
        assert news.findtext("n:publication_date", namespaces=NS) == "2026-01-12T09:00:00+09:00"
        assert news.findtext("n:title", namespaces=NS) == TITLES[locale]
    # The sitemaps.org schema holds for the file without Google's extension.
    core = copy.deepcopy(root)
    for news in core.iter(f"{{{NEWS}}}news"):
        news.getparent().remove(news)
    etree.cleanup_namespaces(core)
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd"))).validate(core)
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://newsdesk.example.org/news-sitemap.xml\n" in robots
    assert "Sitemap: https://newsdesk.example.org/sitemap.xml\n" in robots


def test_the_window_moves_with_the_clock_and_incremental_builds_follow(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    build(project, out, "2026-01-14T08:00:00+09:00")
    assert CORRECTED in (out / "news-sitemap.xml").read_text(encoding="utf-8")
    # Two days after trade-figures, and the ferry released: only the ferry.
    build(project, out, "2026-01-14T10:00:00+09:00")
    text = (out / "news-sitemap.xml").read_text(encoding="utf-8")
    assert EMBARGOED in text and CORRECTED not in text
    clean = tmp_path / "clean"
    build(project, clean, "2026-01-14T10:00:00+09:00", "--clean")
    assert tree(out) == tree(clean) and recorded(out) == recorded(clean)
    # Nothing recent: no news sitemap (a sitemap needs a URL), and robots.txt does not name one.
    build(project, out, "2026-02-01T00:00:00+09:00")
    assert not (out / "news-sitemap.xml").exists()
    assert "news-sitemap" not in (out / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("count", [340])
def test_at_most_a_thousand_entries_newest_first(tmp_path: Path, count: int) -> None:
    """340 documents a minute apart and trade-figures, in three locales, are 1,023 versions: the
    oldest 23 are left out (trade-figures, the first six minutes, two of the seventh's three)."""
    project = newsroom(tmp_path)
    articles = project / "content" / "articles"
    source = (articles / f"{CORRECTED}.md").read_text(encoding="utf-8")
    for n in range(count):
        minute = f"{n // 60:02d}:{n % 60:02d}"
        # Untranslated, published with "publish: any" (a draft of a --drafts build is in no sitemap).
        (articles / f"many-{n:03d}.md").write_text(
            source.replace(f"slug: {CORRECTED}", f"slug: many-{n:03d}\npublish: any")
                  .replace("date: 2026-01-12T09:00:00+09:00", f"date: 2026-01-13T{minute}:00+09:00")
                  .replace("- date: 2026-01-13T15:00:00+09:00", "- date: 2026-01-13T23:00:00+09:00"),
            encoding="utf-8")
    out = tmp_path / "public"
    build(project, out, "2026-01-14T00:00:00+09:00")
    urls = etree.parse(str(out / "news-sitemap.xml")).getroot().findall("s:url", NS)
    assert len(urls) == 1000
    dates = [u.findtext("n:news/n:publication_date", namespaces=NS) for u in urls]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2026-01-13T05:39:00+09:00" and dates[-1] == "2026-01-13T00:06:00+09:00"
    assert dates.count("2026-01-13T00:06:00+09:00") == 1
    assert urls[-1].findtext("s:loc", namespaces=NS).endswith("/ko/many-006/")  # ties in the site's locale order


def test_a_story_released_after_its_date_counts_from_its_release(tmp_path: Path) -> None:
    """Readers could first read it when its embargo lifted: the two days count from then."""
    project = newsroom(tmp_path)
    path = project / "content" / "articles" / f"{EMBARGOED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("embargo: 2026-01-14T10:00:00+09:00",
                                                             "embargo: 2026-01-17T10:00:00+09:00"), encoding="utf-8")
    out = tmp_path / "public"
    build(project, out, "2026-01-17T11:00:00+09:00")
    doc = etree.parse(str(out / "news-sitemap.xml"))
    dates = doc.getroot().findall("s:url/n:news/n:publication_date", NS)
    assert [d.text for d in dates] == ["2026-01-17T10:00:00+09:00"] * 3
