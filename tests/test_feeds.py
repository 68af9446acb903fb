"""Atom feeds per locale: parse with feedparser, carry RFC 4287's required elements, newest first."""

from __future__ import annotations

import time
from pathlib import Path

import feedparser
import pytest
from helpers import (
    ALL_DOCUMENTS,
    ARTICLE,
    DOCUMENTS,
    FIGURE,
    KOREAN_SOURCE,
    LOCALES,
    STATEMENT,
    Page,
    base_url,
    drop_documents,
    edit,
    local_path,
    parse_html,
    run_build,
)
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_NAMES = {"ko": "뉴스데스크", "ja": "ニュースデスク", "en": "Newsdesk"}

pytestmark = pytest.mark.e2e


def read_feed(site: Path, locale: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / locale / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_has_the_required_atom_elements(site: Path, locale: str) -> None:
    feed = read_feed(site, locale).feed
    url = f"{base_url()}{locale}/feed.xml"
    assert feed.id == url
    assert feed.title == SITE_NAMES[locale]
    assert feed.updated_parsed
    assert feed.author == "Newsdesk"
    assert feed.language == locale
    links = {(link.rel, link.type): link.href for link in feed.links}
    assert links[("self", "application/atom+xml")] == url
    assert links[("alternate", "text/html")] == f"{base_url()}{locale}/"
    assert local_path(site, feed.logo).is_file() and local_path(site, feed.icon).is_file()
    # feedparser forgives a lot; the file is also well-formed XML in the Atom namespace.
    root = etree.parse(str(site / locale / "feed.xml")).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == locale


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_entries_link_each_published_version_with_a_summary(site: Path, locale: str) -> None:
    entries = read_feed(site, locale).entries
    assert sorted(e.link for e in entries) == sorted(f"{base_url()}{locale}/{slug}/" for slug in ALL_DOCUMENTS)
    for entry in entries:
        page = local_path(site, entry.link)
        tree = parse_html(page)
        assert entry.id == entry.link  # the page's permanent address is the entry's id
        assert entry.title and entry.title == tree.xpath("//h1")[0].text_content().strip()
        assert entry.summary and entry.summary == tree.xpath('//meta[@name="description"]/@content')[0]
        assert entry.published_parsed and entry.updated_parsed
        assert entry.authors and all(a.name for a in entry.authors)
        related = {link.hreflang for link in entry.links if link.rel == "related"}
        assert related == set(LOCALES) - {locale}
        (brief,) = [link.href for link in entry.links if link.rel == "enclosure"]
        assert brief.endswith(f"-{locale}.pdf") and local_path(site, brief).is_file()


def test_every_page_links_its_locale_feed(site: Path) -> None:
    for locale in LOCALES:
        for page in [site / locale / "index.html"] + [site / locale / s / "index.html" for s in ALL_DOCUMENTS]:
            assert (f'<link rel="alternate" type="application/atom+xml" href="{base_url()}{locale}/feed.xml"'
                    in page.read_text(encoding="utf-8")), page
            footer_links = [a for a in Page(page).links if a.get("type") == "application/atom+xml"]
            assert [(page.parent / a["href"]).resolve() for a in footer_links] == [(site / locale / "feed.xml").resolve()]


def test_newest_first_and_updates_dated(project: Path, tmp_path: Path) -> None:
    """A later statement comes first; an article's correction dates its entry, structured data and
    sitemap, while it keeps its publication date."""
    drop_documents(project, KOREAN_SOURCE, FIGURE)  # newer than both: these two only
    edit(project, STATEMENT, "date: 2026-01-14T00:00:00+09:00", "date: 2026-01-15T09:30:00+09:00")
    edit(project, ARTICLE, "source_locale: en", "source_locale: en\nupdated: 2026-01-16T18:00:00+09:00")
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    for locale in LOCALES:
        feed = read_feed(out, locale)
        assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries] == [DOCUMENTS[1], DOCUMENTS[0]]
        article = feed.entries[1]
        assert article.published == "2026-01-14T00:00:00+09:00"
        assert article.updated == "2026-01-16T18:00:00+09:00"
        assert feed.feed.updated_parsed == time.struct_time(article.updated_parsed)
        page = (out / locale / DOCUMENTS[0] / "index.html").read_text(encoding="utf-8")
        assert '"dateModified": "2026-01-16T18:00:00+09:00"' in page
        assert '"datePublished": "2026-01-14T00:00:00+09:00"' in page
        assert f"<loc>{base_url()}{locale}/{DOCUMENTS[0]}/</loc>\n    <lastmod>2026-01-16T18:00:00+09:00</lastmod>" in (
            out / "sitemap.xml").read_text(encoding="utf-8")
        # The front page groups by day, in the locale's own date format, newest day first.
        front = (out / locale / "index.html").read_text(encoding="utf-8")
        assert front.index('datetime="2026-01-15') < front.index('datetime="2026-01-14')
