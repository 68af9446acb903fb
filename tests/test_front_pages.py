"""Front pages of a large archive: newest documents first, older ones on numbered pages a reader can
walk through, each page valid, translated and its own canonical URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from helpers import FIGURE, KOREAN_SOURCE, base_url, drop_documents, parse_html, run_build, vnu_errors

NEWEST, OLDER = "korea-japan-ai-joint-statement", "korea-japan-economic-community"
LABELS = {"ko": ("이전 기사", "더 최근 기사"), "ja": ("過去の記事", "新しい記事"), "en": ("Older", "Newer")}

pytestmark = pytest.mark.e2e


@pytest.fixture
def paged(project: Path, tmp_path: Path) -> Path:
    """The fixture site's two English-source documents, one per front page."""
    drop_documents(project, KOREAN_SOURCE, FIGURE)
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("front_page_size = 50", "front_page_size = 1"), encoding="utf-8")
    # The statement is the newer document: a day later.
    statement = project / "content" / "statements" / "korea-japan-ai-joint-statement.md"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("date: 2026-01-14T00:00:00+09:00", "date: 2026-01-15T00:00:00+09:00"), encoding="utf-8")
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    return out


def listed(page: Path) -> list[str]:
    """The documents a front page lists, as the files its links lead to."""
    tree = parse_html(page)
    return [Path(urljoin(page.as_uri(), href)[len("file://"):]).name
            for href in tree.xpath('//ul[@class="documents"]//h3/a/@href')]


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_older_documents_are_one_link_away_and_back(paged: Path, locale: str) -> None:
    first, second = paged / locale / "index.html", paged / locale / "page" / "2" / "index.html"
    assert listed(first) == [NEWEST] and listed(second) == [OLDER]
    older, newer = LABELS[locale]
    tree = parse_html(first)
    (link,) = tree.xpath('//nav[@class="pages"]//a[@rel="next"]')
    assert link.text_content() == older
    assert Path(urljoin(first.as_uri(), link.get("href"))[len("file://"):]) / "index.html" == second
    back = parse_html(second)
    (link,) = back.xpath('//nav[@class="pages"]//a[@rel="prev"]')
    assert link.text_content() == newer
    assert Path(urljoin(second.as_uri(), link.get("href"))[len("file://"):]) / "index.html" == first
    assert not back.xpath('//a[@rel="next"]') and not tree.xpath('//a[@rel="prev"]')
    # An older page does not call itself the latest news.
    assert back.xpath("string(//h1)") != tree.xpath("string(//h1)")
    # Each document link on an older page leads to the document's page.
    for href in back.xpath('//ul[@class="documents"]//h3/a/@href'):
        assert (Path(urljoin(second.as_uri(), href)[len("file://"):]) / "index.html").is_file()


def test_an_older_page_is_its_own_canonical_url_without_language_versions(paged: Path) -> None:
    page = parse_html(paged / "ja" / "page" / "2" / "index.html")
    assert page.xpath('//link[@rel="canonical"]/@href') == [f"{base_url()}ja/page/2/"]
    assert page.xpath('//link[@rel="alternate"][@hreflang]') == []
    assert "2" in page.xpath("//title")[0].text_content() and "ページ" in page.xpath("//title")[0].text_content()
    # The first page keeps its language versions.
    assert len(parse_html(paged / "ja" / "index.html").xpath('//link[@rel="alternate"][@hreflang]')) == 4


def test_older_pages_are_valid_html(paged: Path) -> None:
    assert vnu_errors([paged / l / "page" / "2" / "index.html" for l in ("ko", "ja", "en")]) == []


def test_a_front_page_size_that_is_not_a_count_is_refused(project: Path, tmp_path: Path) -> None:
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("front_page_size = 50", "front_page_size = 0"), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs")
    assert result.returncode == 1
    assert "site.toml:" in result.stderr and "front_page_size must be a whole number" in result.stderr
