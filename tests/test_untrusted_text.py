"""Catalog and content text is untrusted: markup in a segment comes out as text, everywhere it goes
(page body, title, meta and Open Graph attributes, JSON-LD, feeds), and never ends a script."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from helpers import ARTICLE, JA_PO, KO_PO, SLUG, edit, json_ld, parse_html, run_build, vnu_errors

pytestmark = pytest.mark.e2e
HEADLINES = {
    "ko": "한일 경제인들 </script><script>alert('ko')</script><!-- & 구축 촉구",
    "ja": "韓日の経済人 <img src=x onerror=alert('ja')> </SCRIPT >を提唱",
}
BYLINE = "Newsdesk staff </script><script>alert('en')</script>"


def test_markup_in_segments_stays_text(project: Path, tmp_path: Path) -> None:
    edit(project, KO_PO, 'msgstr "한일 경제인들, ‘한·일 경제공동체’ 구축 촉구"', f'msgstr "{HEADLINES["ko"]}"')
    edit(project, KO_PO, 'msgstr "무역"', 'msgstr "무역</script>"')
    edit(project, JA_PO, 'msgstr "韓日の経済人、「韓日経済共同体」を提唱"', f'msgstr "{HEADLINES["ja"]}"')
    # In the source text too: the English byline, and its msgid in both catalogs so nothing is held back.
    edit(project, ARTICLE, "byline: Newsdesk staff", f"byline: {BYLINE}")
    for po in (KO_PO, JA_PO):
        edit(project, po, 'msgid "Newsdesk staff"', f'msgid "{BYLINE}"')
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout

    pages = {locale: out / locale / SLUG / "index.html" for locale in ("ko", "ja", "en")}
    for locale, page in pages.items():
        html = page.read_text(encoding="utf-8")
        tree = parse_html(page)
        # The only script is the JSON-LD block, and nothing injected became an element.
        assert [s.get("type") for s in tree.xpath("//script")] == ["application/ld+json"], locale
        assert tree.xpath("//img") == [] and tree.xpath("//body//comment()") == []
        for raw in ("<script>alert", "</script><script>", "<img src=x", "</SCRIPT >"):
            assert raw not in html, (locale, raw)
        (data,) = json_ld(page)
        if locale == "en":
            assert data["author"][0]["name"] == BYLINE
        if locale in HEADLINES:
            headline = HEADLINES[locale]
            # Round trip: the reader and every machine see exactly the catalog's text.
            assert tree.xpath("//h1")[0].text_content() == headline
            assert data["headline"] == headline
            assert tree.xpath('//meta[@property="og:title"]/@content') == [headline]
            assert tree.xpath("//title")[0].text.startswith(headline)
            feed = feedparser.parse((out / locale / "feed.xml").read_bytes())
            assert not feed.bozo
            assert [e.title for e in feed.entries if e.link.endswith(f"/{SLUG}/")] == [headline]
    script = parse_html(pages["ko"]).xpath("//script")[0].text
    assert "\\u003c/script\\u003e" in script and "\\u003c!--" in script and "\\u0026" in script
    assert "무역</script>" in json_ld(pages["ko"])[0]["keywords"]
    assert "Newsdesk staff" in parse_html(pages["en"]).xpath('//p[@class="dateline"]')[0].text_content()
    assert vnu_errors(list(pages.values())) == []
