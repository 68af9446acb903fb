"""The sitemap: valid against the sitemaps.org schema, every page listed, language links reciprocal."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

import pytest
from helpers import ALL_DOCUMENTS, base_url, html_pages, local_path
from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

pytestmark = pytest.mark.e2e


def read_sitemap(site: Path) -> dict[str, tuple[str | None, dict[str, str]]]:
    """loc -> (lastmod, {hreflang: href})."""
    urls = {}
    for url in etree.parse(str(site / "sitemap.xml")).getroot().iter(f"{SM}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        assert all(link.get("rel") == "alternate" for link in url.iter(f"{XHTML}link"))
        urls[url.findtext(f"{SM}loc")] = (url.findtext(f"{SM}lastmod"), links)
    return urls


def test_sitemap_is_valid_against_the_sitemaps_org_schema(site: Path) -> None:
    document = etree.parse(str(site / "sitemap.xml"))
    # The core schema exactly as sitemaps.org publishes it, on a copy without the hreflang extension ...
    core = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    stripped = copy.deepcopy(document)
    for link in list(stripped.iter(f"{XHTML}link")):
        link.getparent().remove(link)
    assert core.validate(stripped), core.error_log
    # ... and the whole file, the xhtml:link elements validated too (the core schema demands it: strict).
    full = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-hreflang.xsd")))
    assert full.validate(document), full.error_log


def test_sitemap_lists_every_page_and_nothing_else(site: Path) -> None:
    urls = read_sitemap(site)
    folders = [p.parent.relative_to(site).as_posix() for p in html_pages(site)]
    expected = {base_url() + ("" if folder == "." else folder + "/") for folder in folders}
    assert set(urls) == expected
    assert len(urls) == 1 + 3 + 3 * len(ALL_DOCUMENTS)  # root, three front pages, each document in three locales
    for loc in urls:
        assert local_path(site, loc).is_file(), loc


def test_sitemap_dates_have_a_time_zone(site: Path) -> None:
    for loc, (lastmod, _links) in read_sitemap(site).items():
        assert lastmod, loc
        assert datetime.fromisoformat(lastmod).tzinfo is not None, loc


def test_sitemap_language_links_are_reciprocal_with_x_default(site: Path) -> None:
    urls = read_sitemap(site)
    for loc, (_lastmod, links) in urls.items():
        assert "x-default" in links, loc
        assert set(links) - {"x-default"} <= {"ko", "ja", "en"}
        # A page is among its own alternates (unless it is the x-default chooser itself) ...
        assert loc in links.values(), loc
        for href in links.values():
            # ... and every alternate is listed, with exactly the same set of alternates.
            assert href in urls, f"{loc}: alternate {href} is not in the sitemap"
            assert urls[href][1] == links, f"{href} does not link back to {loc} the same way"
    documents = {loc: links for loc, (_, links) in urls.items() if loc.count("/") > 4}
    assert all(links["x-default"].startswith(base_url() + "en/") for links in documents.values())
    front = urls[base_url() + "ko/"][1]
    assert front["x-default"] == base_url()  # front pages: the root language chooser


def test_robots_txt_points_to_the_sitemap(site: Path) -> None:
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base_url()}sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots and "Disallow: /" not in robots
