"""Corrections: a dated notice on the page and in the brief, in the reader's language; the
modification dates of the page, its structured data, the feed and the sitemap follow."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from helpers import json_ld, parse_html, pdf_text, run_build
from lxml import etree
from newsroom import AFTER, CORRECTED, newsroom

from newsdesk.locales import profile

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

CORRECTED_AT = "2026-01-13T15:00:00+09:00"
NOTICES = {  # label, date, text: as each locale's reader reads them
    "en": ("Correction", "January 13, 2026",
           "An earlier version of this article gave the wrong year for the normalization treaty."),
    "ko": ("정정", "2026년 1월 13일", "이 기사의 이전 판에서는 국교 정상화 연도를 잘못 표기했습니다."),
    "ja": ("訂正", "2026年1月13日", "この記事の以前の版では、国交正常化の年に誤りがありました。"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("corrections")
    out = tmp_path / "public"
    result = run_build(newsroom(tmp_path), "build", "--out", str(out), "--now", AFTER)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("locale", NOTICES)
def test_the_page_shows_the_dated_notice_in_its_language(built: Path, locale: str) -> None:
    label, date, text = NOTICES[locale]
    page = parse_html(built / locale / CORRECTED / "index.html")
    (section,) = page.xpath('//section[@class="corrections"]')
    notice = " ".join(section.text_content().split())
    sep = profile(locale).separator  # the locale's own: "・" in Japanese
    assert notice == " ".join(f"{label}{sep}{date}{sep}{text}".split())
    assert section.xpath(".//time/@datetime") == [CORRECTED_AT]
    # The notice comes after the text it corrects, which is unchanged.
    assert "1965" in page.xpath('string(//div[@class="body"])')


@pytest.mark.parametrize("locale", NOTICES)
def test_the_brief_shows_the_notice(built: Path, locale: str) -> None:
    label, date, text = NOTICES[locale]
    brief = " ".join(pdf_text(built / locale / CORRECTED / f"{CORRECTED}-{locale}.pdf").split())
    assert "".join(f"{label}{profile(locale).separator}{date}{profile(locale).separator}".split()) in "".join(brief.split())
    assert "".join(text.split()) in "".join(brief.split())  # wrapped in lines as the brief sets it


@pytest.mark.parametrize("locale", NOTICES)
def test_modified_dates_follow_the_correction(built: Path, locale: str) -> None:
    _, _, text = NOTICES[locale]
    page = built / locale / CORRECTED / "index.html"
    (data,) = json_ld(page)
    assert data["dateModified"] == CORRECTED_AT
    assert data["datePublished"] == "2026-01-12T09:00:00+09:00"
    assert data["correction"] == [{"@type": "CorrectionComment", "text": text, "datePublished": CORRECTED_AT}]
    modified = parse_html(page).xpath('//meta[@property="article:modified_time"]/@content')
    assert modified == [CORRECTED_AT]

    feed = feedparser.parse((built / locale / "feed.xml").read_bytes())
    (entry,) = [e for e in feed.entries if e.id.endswith(f"/{CORRECTED}/")]
    assert entry.updated == CORRECTED_AT
    assert entry.summary.endswith(text)

    sitemap = etree.parse(str(built / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    (url,) = [u for u in sitemap.xpath("//s:url", namespaces=ns)
              if u.findtext("s:loc", namespaces=ns).endswith(f"/{locale}/{CORRECTED}/")]
    assert url.findtext("s:lastmod", namespaces=ns) == CORRECTED_AT


def test_a_correction_before_the_document_is_an_error(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    path = project / "content" / "articles" / f"{CORRECTED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("- date: 2026-01-13T15:00", "- date: 2026-01-11T15:00"),
                    encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    assert f"content/articles/{CORRECTED}.md:15: corrections[0].date is earlier than the document's date" in result.stderr
    assert not (tmp_path / "public").exists()
