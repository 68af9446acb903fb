"""What an editor checks after a build: every page and brief is there, in the right language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ALL_DOCUMENTS, DOCUMENTS, LOCALES, SITE, Page

pytestmark = pytest.mark.e2e


def test_every_document_has_a_page_and_a_brief_in_every_locale(site: Path) -> None:
    for locale in LOCALES:
        assert (site / locale / "index.html").is_file()
        for slug in ALL_DOCUMENTS:
            assert (site / locale / slug / "index.html").is_file()
            brief = site / locale / slug / f"{slug}-{locale}.pdf"
            assert brief.read_bytes().startswith(b"%PDF-")
    assert (site / "index.html").is_file()
    assert (site / "static" / "site.css").is_file()


def test_pages_declare_their_language(site: Path) -> None:
    for locale in LOCALES:
        for path in [site / locale / "index.html"] + [site / locale / s / "index.html" for s in ALL_DOCUMENTS]:
            page = Page(path)
            assert page.lang == locale, path
            # Nothing on a published page is pending: the only other-language parts are switcher links.
            assert 'class="pending"' not in path.read_text(encoding="utf-8")


def test_switcher_leads_to_the_same_document_in_each_locale(site: Path) -> None:
    for locale in LOCALES:
        for slug in ALL_DOCUMENTS:
            path = site / locale / slug / "index.html"
            links = [a for a in Page(path).links if a.get("hreflang")]
            assert [a["hreflang"] for a in links] == list(LOCALES)
            for link in links:
                assert link["lang"] == link["hreflang"]
                target = (path.parent / link["href"]).resolve()
                assert target == (site / link["hreflang"] / slug).resolve()
                assert (target / "index.html").is_file()
            current = [a for a in links if a.get("aria-current") == "page"]
            assert [a["hreflang"] for a in current] == [locale]


def test_front_pages_list_documents_with_locale_dates(site: Path) -> None:
    expected = {"ko": "2026년 1월 14일", "ja": "2026年1月14日", "en": "January 14, 2026"}
    for locale, date in expected.items():
        html = (site / locale / "index.html").read_text(encoding="utf-8")
        assert date in html
        for slug in ALL_DOCUMENTS:
            assert f'href="{slug}/"' in html


def test_pages_use_official_names_from_the_glossary(site: Path) -> None:
    names = {
        "ko": ["한국무역협회", "일본경제동우회", "조현준", "효성그룹", "아시아경제"],
        "ja": ["韓国貿易協会", "経済同友会", "趙顕俊", "暁星", "アジア経済"],
        "en": ["Korea International Trade Association", "Japan Association of Corporate Executives", "Cho Hyun-joon"],
    }
    for locale, words in names.items():
        text = "".join(Page(site / locale / DOCUMENTS[0] / "index.html").text)  # what a reader sees
        for word in words:
            assert word in text, (locale, word)


def test_korean_pages_keep_words_whole(site: Path) -> None:
    css = (site / "static" / "site.css").read_text(encoding="utf-8")
    assert re.search(r":lang\(ko\)\s*{[^}]*word-break:\s*keep-all", css)


def test_pages_link_their_brief_with_its_size(site: Path) -> None:
    for locale in LOCALES:
        for slug in ALL_DOCUMENTS:
            page = site / locale / slug / "index.html"
            briefs = [a for a in Page(page).links if a.get("href", "").endswith(".pdf")]
            assert len(briefs) == 1
            assert (page.parent / briefs[0]["href"]).is_file()
            assert re.search(r"\d+ KB", page.read_text(encoding="utf-8"))


def test_root_page_offers_every_language_without_javascript(site: Path) -> None:
    page = Page(site / "index.html")
    assert sorted(a["hreflang"] for a in page.links if a.get("hreflang")) == sorted(LOCALES)


def test_static_fonts_are_not_published_with_the_site(site: Path) -> None:
    # The bundled TTFs are for briefs; the site uses platform fonts and must not ship 24 MB of fonts.
    assert not list(site.rglob("*.ttf"))


def test_template_strings_are_translated_per_locale(site: Path) -> None:
    from babel.messages.pofile import read_po

    for locale in ("ko", "ja"):
        with (SITE / "locales" / locale / "site.po").open("rb") as handle:
            skip = read_po(handle).get("Skip to content").string
        html = (site / locale / "index.html").read_text(encoding="utf-8")
        assert skip and f">{skip}</a>" in html
        assert ">Skip to content</a>" not in html


def test_template_strings_are_in_the_page_locale(site: Path) -> None:
    # Each locale's pages translate the templates' own strings with that locale's site catalog.
    expected = {"ko": ("최신 기사", "공동성명"), "ja": ("最新記事", "共同声明"), "en": ("Latest", "Joint statement")}
    for locale, (latest, kicker) in expected.items():
        assert f'<h1 class="front-title">{latest}</h1>' in (site / locale / "index.html").read_text(encoding="utf-8")
        statement = (site / locale / DOCUMENTS[1] / "index.html").read_text(encoding="utf-8")
        assert f'<p class="kicker">{kicker}</p>' in statement
