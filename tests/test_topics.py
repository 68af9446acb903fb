"""Topic pages: a page per topic per locale, named through the site catalog, paginated like the
front page, linked from documents, with language versions, a feed, and a place in the sitemap."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from helpers import parse_html, run_build
from lxml import etree
from newsroom import AFTER, BEFORE, CORRECTED, EMBARGOED, newsroom

from newsdesk.locales import profile

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

NAMES = {"trade": {"ko": "무역", "ja": "貿易", "en": "Trade"}, "transport": {"ko": "교통", "ja": "交通", "en": "Transport"}}
BASE = "https://newsdesk.example.org/"


def build(project: Path, out: Path, *args: str) -> None:
    result = run_build(project, "build", "--out", str(out), "--no-briefs", *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("topics")
    out = tmp_path / "public"
    build(newsroom(tmp_path), out, "--now", AFTER)
    return out


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_a_page_per_topic_in_each_locale_newest_first(site: Path, locale: str) -> None:
    for slug, names in NAMES.items():
        page = parse_html(site / locale / "topics" / slug / "index.html")
        assert page.xpath("string(//h1)") == names[locale]
        assert page.xpath("string(//title)").startswith(f"{names[locale]} | ")
        links = page.xpath("//ul[@class='documents']//h3/a/@href")
        expected = [EMBARGOED, CORRECTED] if slug == "trade" else [EMBARGOED]
        assert links == [f"../../../{locale}/{d}/" for d in expected]
        for href in links:  # every link leads to a page
            assert (site / locale / "topics" / slug / href / "index.html").resolve().is_file()
        # Language versions: every locale, reciprocal, x-default the default locale's.
        alternates = dict(zip(page.xpath("//link[@rel='alternate'][@hreflang]/@hreflang"),
                              page.xpath("//link[@rel='alternate'][@hreflang]/@href")))
        assert alternates == {**{l: f"{BASE}{l}/topics/{slug}/" for l in ("ko", "ja", "en")},
                              "x-default": f"{BASE}en/topics/{slug}/"}


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_documents_link_their_topics_by_name(site: Path, locale: str) -> None:
    page = parse_html(site / locale / EMBARGOED / "index.html")
    (topics,) = page.xpath("//ul[@class='tags topics']")
    assert [a.text for a in topics.xpath(".//a")] == [NAMES["transport"][locale], NAMES["trade"][locale]]
    for href in topics.xpath(".//a/@href"):
        assert (site / locale / EMBARGOED / href / "index.html").resolve().is_file()


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_a_feed_per_topic(site: Path, locale: str) -> None:
    feed = feedparser.parse((site / locale / "topics" / "transport" / "feed.xml").read_bytes())
    assert not feed.bozo
    site_names = {"ko": "뉴스데스크", "ja": "ニュースデスク", "en": "Newsdesk"}
    assert feed.feed.title == f"{NAMES['transport'][locale]}{profile(locale).separator}{site_names[locale]}"
    assert [e.id for e in feed.entries] == [f"{BASE}{locale}/{EMBARGOED}/"]
    assert feed.feed.id == f"{BASE}{locale}/topics/transport/feed.xml"
    page = parse_html(site / locale / "topics" / "transport" / "index.html")
    assert page.xpath("//link[@type='application/atom+xml']/@href") == [f"{BASE}{locale}/topics/transport/feed.xml"]


def test_topics_are_in_the_sitemap_with_their_versions(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = etree.parse(str(site / "sitemap.xml")).getroot().findall("s:url", ns)
    by_loc = {u.findtext("s:loc", namespaces=ns): u for u in urls}
    for slug in NAMES:
        for locale in ("ko", "ja", "en"):
            url = by_loc[f"{BASE}{locale}/topics/{slug}/"]
            assert url.findtext("s:lastmod", namespaces=ns) == "2026-01-14T10:00:00+09:00"  # the ferry, newest
            assert len(url.findall("x:link", ns)) == 4


def test_topic_pages_are_paginated_like_the_front_page(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('publisher = "Newsdesk"',
                                                                      'publisher = "Newsdesk"\nfront_page_size = 1'),
                        encoding="utf-8")
    out = tmp_path / "public"
    build(project, out, "--now", AFTER)
    first = parse_html(out / "ja" / "topics" / "trade" / "index.html")
    second = parse_html(out / "ja" / "topics" / "trade" / "page" / "2" / "index.html")
    assert first.xpath("//a[@rel='next']/@href") == ["page/2/"]
    assert second.xpath("//a[@rel='prev']/@href") == ["../../"]
    assert second.xpath("//ul[@class='documents']//h3/a/@href") == [f"../../../../../ja/{CORRECTED}/"]
    assert second.xpath("//link[@rel='canonical']/@href") == [f"{BASE}ja/topics/trade/page/2/"]
    assert second.xpath("//link[@hreflang]") == []  # page 2 in Japanese is not page 2 in Korean


def test_a_topic_with_nothing_published_has_no_page(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(newsroom(tmp_path), out, "--now", BEFORE)  # the only transport story is under embargo
    assert not (out / "ko" / "topics" / "transport").exists()
    assert "topics/transport" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert (out / "ko" / "topics" / "trade" / "index.html").is_file()


def test_an_undeclared_topic_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    path = project / "content" / "articles" / f"{CORRECTED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("topics: [trade]", "topics: [trade, shipping]"),
                    encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    assert (f"content/articles/{CORRECTED}.md:12: unknown topic 'shipping' (declared: trade, transport)"
            in result.stderr)


def test_a_draft_is_on_no_topic_author_or_news_page(tmp_path: Path) -> None:
    """A --drafts build shows a pending translation on its own page only: no topic page, author
    page or news sitemap lists it, and its page names its topics and authors without linking them."""
    project = newsroom(tmp_path)
    catalog = project / "locales" / "ko" / "content" / f"{EMBARGOED}.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "4월부터 부산과 후쿠오카를 매일 잇는 여객선 운항"', 'msgstr ""'), encoding="utf-8")
    out = tmp_path / "public"
    build(project, out, "--drafts", "--now", AFTER)
    page = parse_html(out / "ko" / EMBARGOED / "index.html")  # the draft page itself
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    topics = page.xpath("//ul[contains(@class, 'topics')]/li")
    assert [li.text_content() for li in topics] == [NAMES["transport"]["ko"], NAMES["trade"]["ko"]]
    assert page.xpath("//ul[contains(@class, 'topics')]//a") == []
    assert page.xpath("//p[@class='dateline']//a") == []
    assert not (out / "ko" / "topics" / "transport").exists()  # the draft was its only story in Korean
    trade = parse_html(out / "ko" / "topics" / "trade" / "index.html")
    assert trade.xpath("//ul[@class='documents']//h3/a/@href") == [f"../../../ko/{CORRECTED}/"]
    author = parse_html(out / "ko" / "authors" / "kim-minji" / "index.html")
    assert f"../../../ko/{EMBARGOED}/" not in author.xpath("//ul[@class='documents']//h3/a/@href")
    news = (out / "news-sitemap.xml").read_text(encoding="utf-8")
    assert f"/ko/{EMBARGOED}/" not in news and f"/ja/{EMBARGOED}/" in news
