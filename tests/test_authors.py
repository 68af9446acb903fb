"""Authors: bylines name declared people and organizations in the reader's language; a person
has a page per locale listing their documents; structured data types each author, with a url."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from helpers import json_ld, parse_html, pdf_text, run_build
from lxml import etree
from newsroom import AFTER, CORRECTED, EMBARGOED, newsroom

from newsdesk.locales import profile

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

NAMES = {"kim-minji": {"ko": "김민지", "ja": "キム・ミンジ", "en": "Kim Min-ji"},
         "newsdesk": {"ko": "뉴스데스크 편집부", "ja": "ニュースデスク編集部", "en": "Newsdesk staff"}}
SEPARATORS = {"ko": ", ", "ja": "、", "en": ", "}
BASE = "https://newsdesk.example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("authors")
    out = tmp_path / "public"
    result = run_build(newsroom(tmp_path), "build", "--out", str(out), "--now", AFTER)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_the_byline_names_the_authors_in_the_readers_language(site: Path, locale: str) -> None:
    person, organization = NAMES["kim-minji"][locale], NAMES["newsdesk"][locale]
    page = parse_html(site / locale / CORRECTED / "index.html")
    (dateline,) = page.xpath("//p[@class='dateline']")
    assert dateline.text_content().endswith(f"{profile(locale).separator}{person}{SEPARATORS[locale]}{organization}")
    assert [(a.text, a.get("href")) for a in dateline.xpath(".//a")] == [(person, "../authors/kim-minji/")]
    brief = " ".join(pdf_text(site / locale / CORRECTED / f"{CORRECTED}-{locale}.pdf").split())
    assert "".join(f"{person}{SEPARATORS[locale]}{organization}".split()) in "".join(brief.split())
    (data,) = json_ld(site / locale / CORRECTED / "index.html")
    assert data["author"] == [
        {"@type": "Person", "name": person, "url": f"{BASE}{locale}/authors/kim-minji/"},
        {"@type": "Organization", "name": organization, "url": BASE},
    ]
    feed = feedparser.parse((site / locale / "feed.xml").read_bytes())
    (entry,) = [e for e in feed.entries if e.id.endswith(f"/{CORRECTED}/")]
    assert [a.name for a in entry.authors] == [person, organization]


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_a_person_has_a_page_per_locale(site: Path, locale: str) -> None:
    page = parse_html(site / locale / "authors" / "kim-minji" / "index.html")
    assert page.xpath("string(//h1)") == NAMES["kim-minji"][locale]
    assert page.xpath("//ul[@class='documents']//h3/a/@href") == [f"../../../{locale}/{d}/" for d in (EMBARGOED, CORRECTED)]
    alternates = page.xpath("//link[@rel='alternate'][@hreflang]/@hreflang")
    assert alternates == ["ko", "ja", "en", "x-default"]
    assert not (site / locale / "authors" / "newsdesk").exists()  # organizations have no page


def test_author_pages_are_in_the_sitemap(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in etree.parse(str(site / "sitemap.xml")).getroot()]
    for locale in ("ko", "ja", "en"):
        assert f"{BASE}{locale}/authors/kim-minji/" in locs


@pytest.mark.parametrize(("declared", "message"), [
    ("kim-minji:\n  type: person\n  name: {en: Kim Min-ji, ko: 김민지}\n",
     "content/authors.yaml:1: author 'kim-minji' has no name in ja"),
    ("kim-minji:\n  type: reporter\n  name: {en: Kim Min-ji, ko: 김민지, ja: キム・ミンジ}\n",
     "content/authors.yaml:1: author 'kim-minji' needs a type: person or organization"),
])
def test_an_author_declared_wrong_is_an_error(tmp_path: Path, declared: str, message: str) -> None:
    project = newsroom(tmp_path)
    (project / "content" / "authors.yaml").write_text(declared, encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    assert message in result.stderr


def test_an_undeclared_author_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    path = project / "content" / "articles" / f"{EMBARGOED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("authors: [kim-minji]", "authors: [lee-jun]"),
                    encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    assert (f"content/articles/{EMBARGOED}.md:15: unknown author 'lee-jun' (declared: kim-minji, newsdesk)"
            in result.stderr)
