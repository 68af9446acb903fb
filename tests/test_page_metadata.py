"""What a page's head tells machines: canonical and hreflang links, Open Graph, JSON-LD."""

from __future__ import annotations

import shutil
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from helpers import (
    ARTICLE,
    DOCUMENTS,
    LOCALES,
    ROOT,
    base_url,
    edit,
    json_ld,
    local_path,
    parse_html,
    run_build,
)

OG_LOCALES = {"ko": "ko_KR", "ja": "ja_JP", "en": "en_US"}
SCHEMA_TYPES = {DOCUMENTS[0]: "NewsArticle", DOCUMENTS[1]: "Report"}

pytestmark = pytest.mark.e2e


def head_links(path: Path) -> tuple[str, dict[str, str]]:
    """The canonical URL and the hreflang alternates of a page."""
    page = parse_html(path)
    (canonical,) = page.xpath('//head/link[@rel="canonical"]/@href')
    alternates = {link.get("hreflang"): link.get("href") for link in page.xpath('//head/link[@rel="alternate"][@hreflang]')
                  if link.get("type") is None}
    return canonical, alternates


def open_graph(path: Path) -> list[tuple[str, str]]:
    return [(m.get("property"), m.get("content")) for m in parse_html(path).xpath("//head/meta[@property]")]


def document_pages(site: Path) -> list[tuple[str, str, Path]]:
    return [(locale, slug, site / locale / slug / "index.html") for locale in LOCALES for slug in DOCUMENTS]


def test_canonical_and_hreflang_are_absolute_and_reciprocal(site: Path) -> None:
    pages = [site / "index.html"] + [site / l / "index.html" for l in LOCALES] + [p for _, _, p in document_pages(site)]
    clusters: dict[str, dict[str, str]] = {}
    for page in pages:
        canonical, alternates = head_links(page)
        assert local_path(site, canonical).resolve() == page.resolve()
        assert "x-default" in alternates and set(alternates) - {"x-default"} == set(LOCALES)
        assert canonical in alternates.values()
        clusters[canonical] = alternates
    for canonical, alternates in clusters.items():
        for href in alternates.values():
            assert clusters[href] == alternates, f"{href} does not link back to {canonical}"
    for _, slug, page in document_pages(site):
        assert head_links(page)[1]["x-default"] == f"{base_url()}en/{slug}/"


def test_only_published_versions_are_linked(project: Path, tmp_path: Path) -> None:
    """A held-back translation is in no switcher, hreflang, og:locale, JSON-LD, feed or sitemap."""
    (project / "locales" / "ja" / "content" / f"{DOCUMENTS[0]}.po").unlink()
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert "held back" in result.stderr
    assert not (out / "ja" / DOCUMENTS[0]).exists()
    for locale in ("ko", "en"):
        page = out / locale / DOCUMENTS[0] / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f"/ja/{DOCUMENTS[0]}/" not in html
        assert set(head_links(page)[1]) == {"ko", "en", "x-default"}
        assert ("og:locale:alternate", "ja_JP") not in open_graph(page)
    assert f"/ja/{DOCUMENTS[0]}/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/ja/{DOCUMENTS[0]}/" not in (out / "ja" / "feed.xml").read_text(encoding="utf-8")
    # The other document is complete in Japanese and keeps all three.
    assert set(head_links(out / "ja" / DOCUMENTS[1] / "index.html")[1]) == {"ko", "ja", "en", "x-default"}


@pytest.mark.parametrize("locale", LOCALES)
def test_open_graph_describes_each_document(site: Path, locale: str) -> None:
    for slug in DOCUMENTS:
        page = site / locale / slug / "index.html"
        tree = parse_html(page)
        graph = open_graph(page)
        properties = dict(graph)
        h1 = tree.xpath("//h1")[0].text_content().strip()
        assert properties["og:title"] == h1
        site_name = tree.xpath('//p[@class="site-name"]/a')[0].text
        assert tree.xpath("//title")[0].text == f"{h1} | {site_name}"
        description = tree.xpath('//meta[@name="description"]/@content')[0]
        assert description and properties["og:description"] == description
        assert description == tree.xpath('//p[@class="lede"]')[0].text_content().strip()
        assert properties["og:type"] == "article"
        assert properties["og:url"] == f"{base_url()}{locale}/{slug}/"
        assert properties["og:locale"] == OG_LOCALES[locale]
        assert sorted(v for k, v in graph if k == "og:locale:alternate") == sorted(
            OG_LOCALES[l] for l in LOCALES if l != locale)
        assert datetime.fromisoformat(properties["article:published_time"]).tzinfo is not None
        assert local_path(site, properties["og:image"]).is_file()


@pytest.mark.parametrize("locale", LOCALES)
def test_json_ld_has_the_news_properties(site: Path, locale: str) -> None:
    for slug in DOCUMENTS:
        page = site / locale / slug / "index.html"
        (data,) = json_ld(page)
        url = f"{base_url()}{locale}/{slug}/"
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == SCHEMA_TYPES[slug]
        assert data["url"] == url and data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert data["headline"] == parse_html(page).xpath("//h1")[0].text_content().strip()
        assert data["description"] == parse_html(page).xpath('//meta[@name="description"]/@content')[0]
        for key in ("datePublished", "dateModified"):
            assert datetime.fromisoformat(data[key]).tzinfo is not None, key
        assert data["inLanguage"] == locale
        assert data["author"] and all(a["@type"] == "Organization" and a["name"] for a in data["author"])
        publisher = data["publisher"]
        assert publisher["name"] == "Newsdesk"
        logo = publisher["logo"]
        assert logo["@type"] == "ImageObject" and local_path(site, logo["url"]).is_file()
        assert (logo["width"], logo["height"]) == (512, 512)
        assert "image" not in data  # the seed documents have no figure


def test_json_ld_links_the_language_versions(site: Path) -> None:
    """The source-language version (English) is the work; the others are its translations."""
    for slug in DOCUMENTS:
        versions = {locale: json_ld(site / locale / slug / "index.html")[0] for locale in LOCALES}
        work = versions["en"]
        assert "translationOfWork" not in work
        assert sorted((t["inLanguage"], t["url"], t["@id"]) for t in work["workTranslation"]) == sorted(
            (l, versions[l]["url"], versions[l]["@id"]) for l in ("ko", "ja"))
        for locale in ("ko", "ja"):
            assert "workTranslation" not in versions[locale]
            original = versions[locale]["translationOfWork"]
            assert (original["@id"], original["url"], original["inLanguage"]) == (work["@id"], work["url"], "en")
            assert original["@type"] == work["@type"]


def test_a_figure_is_published_and_described(project: Path, tmp_path: Path) -> None:
    shutil.copy(ROOT / "templates" / "static" / "touch-icon.png", project / "content" / "articles" / "photo.png")
    figure = "figure: {image: photo.png, caption: The roundtable in Seoul, credit: Newsdesk}\n"
    edit(project, ARTICLE, "byline: Newsdesk staff\n", "byline: Newsdesk staff\n" + figure)
    for locale in ("ko", "ja"):  # the new segments need translations for the versions to stay published
        po = project / "locales" / locale / "content" / f"{DOCUMENTS[0]}.po"
        po.write_text(po.read_text(encoding="utf-8") + "".join(
            f'\nmsgid "{text}"\nmsgstr "{text} [{locale}]"\n' for text in ("The roundtable in Seoul", "Newsdesk")),
            encoding="utf-8")
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout
    for locale in LOCALES:
        page = out / locale / DOCUMENTS[0] / "index.html"
        image_url = f"{base_url()}media/articles/photo.png"
        assert json_ld(page)[0]["image"] == [image_url]
        assert dict(open_graph(page))["og:image"] == image_url
        (img,) = parse_html(page).xpath("//figure/img")
        assert (page.parent / img.get("src")).resolve() == (out / "media" / "articles" / "photo.png").resolve()
        assert (out / "media" / "articles" / "photo.png").read_bytes() == (ROOT / "templates/static/touch-icon.png").read_bytes()


def test_pages_have_a_favicon_and_link_within_the_site_relatively(site: Path) -> None:
    """Only what machines read is absolute; links people follow are relative, so the site works
    from any folder. (Not-found pages are the exception: they start from base_url's path.)"""
    for page in sorted(site.rglob("*.html")):
        tree = parse_html(page)
        icons = tree.xpath('//head/link[@rel="icon"]/@href')
        assert icons, page
        machine = {"canonical", "alternate"}
        hrefs = [e.get("href") for e in tree.xpath("//a[@href] | //head/link[@href]") if e.get("rel") not in machine]
        hrefs += tree.xpath("//img/@src | //script/@src")
        for href in hrefs:
            if href.startswith(("https://", "http://", "mailto:")):
                assert not href.startswith(base_url()), f"{page}: {href}"
            elif page.name == "404.html":
                assert href.startswith(("/", "#")), f"{page}: {href}"
            else:
                assert not href.startswith("/"), f"{page}: {href}"
                target = (page.parent / href.split("#")[0]).resolve()
                assert target.is_file() or (target / "index.html").is_file(), f"{page}: {href}"


def test_pages_have_landmarks_a_skip_link_and_headings_in_order(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        tree = parse_html(page)
        assert len(tree.xpath("//main")) == 1, page
        levels = [int(h.tag[1]) for h in tree.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")]
        assert levels[0] == 1 and levels.count(1) == 1, (page, levels)
        assert all(b - a <= 1 for a, b in pairwise(levels)), (page, levels)
        assert set(tree.xpath("//@lang")) <= set(LOCALES), page
        if page.parent == site:
            continue  # the root pages are a chooser: one main, no site chrome
        assert tree.xpath("//body/*[1]/@href") == ["#main"], f"{page}: the skip link comes first"
        assert tree.xpath("//body/header") and tree.xpath("//body/footer"), page
        (nav,) = tree.xpath("//header/nav")
        assert nav.get("aria-label"), page
        for link in nav.xpath(".//a"):
            assert link.get("hreflang") == link.get("lang") and link.get("lang") in LOCALES
