"""Search, as readers use it: a small site of its own (a Korean-source and an English-source document,
complete in three languages), built, served over HTTP from a subfolder, and searched in Chromium
through each locale's search page. Each query lists the documents it must find; every other
document of the site it must not find, and no result may come from another locale.

Screenshots of the search pages go to $NEWSDESK_SCREENSHOTS if set, else to a temporary folder.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, run_build, vnu_errors
from test_browser import DESKTOP, PHONE, QuietHandler, launch

pytestmark = [pytest.mark.e2e, pytest.mark.browser]  # real builds (see tests/README.md: markers)

TRADE, EXPORTERS = "trade-statement", "busan-exporters"
SETTINGS = """base_url = "https://newsdesk.example.org/news/"
locales = ["ko", "ja", "en"]
default_locale = "en"
publisher = "Newsdesk"

[site_name]
ko = "뉴스데스크"
ja = "ニュースデスク"
en = "Newsdesk"
"""

# Each document: its source text and its translations, field by field (the catalogs' msgid -> msgstr).
DOCUMENTS = {
    TRADE: ("ko", "2026-03-02T10:00:00+09:00", [
        ("headline", "한국무역협회(무협)와 일본경제동우회, 데이터센터 공동성명",
         "韓国貿易協会と経済同友会、データセンターで共同声明",
         "Korean and Japanese business groups issue data center statements"),
        ("byline", "뉴스데스크 편집부", "ニュースデスク編集部", "Newsdesk staff"),
        ("lede", "한국무역협회(무협)는 2일 양국 기업들과 함께 데이터센터 협력에 관한 공동성명을 발표했다.",
         "韓国貿易協会は2日、両国の企業とともに、データセンター協力に関する共同声明を発表した。",
         ("The Korea International Trade Association issued statements on data center cooperation "
          "with companies of both countries on March 2.")),
        ("source.name", "뉴스데스크", "ニュースデスク", "Newsdesk"),
        ("credit", "시험용 문서입니다.", "試験用の文書です。", "A test document."),
        ("body", "일본경제동우회는 이번 성명에서 전력망을 확충해야 한다고 강조했다.",
         "経済同友会は今回の声明で、電力網の拡充が必要だと強調した。",
         "The Japan Association of Corporate Executives stressed that power grids must be expanded."),
    ]),
    EXPORTERS: ("en", "2026-03-01T09:00:00+09:00", [
        ("headline", "Exporters meet in Busan", "부산에서 수출업체 모임", "釜山で輸出企業が会合"),
        ("byline", "Newsdesk staff", "뉴스데스크 편집부", "ニュースデスク編集部"),
        ("lede", "Exporters discussed trade and shipping costs at a meeting of a regional business association.",
         "수출업체들이 지역 경제 협회 모임에서 무역과 운송비를 논의했다.",
         "輸出企業は地域の経済団体の会合で、貿易と輸送費について話し合った。"),
        ("source.name", "Newsdesk", "뉴스데스크", "ニュースデスク"),
        ("credit", "A test document.", "시험용 문서입니다.", "試験用の文書です。"),
        ("body", "The association's members said their costs rose this year.",
         "협회 회원들은 올해 비용이 올랐다고 말했다.", "団体の会員は、今年は費用が上がったと述べた。"),
    ]),
}
TARGETS = {"ko": ("ja", "en"), "en": ("ko", "ja")}

# Per locale: a query, and exactly the documents it finds (so every other one it must not find).
QUERIES = {
    "ko": [
        ("무역협회", {TRADE}),  # inside 한국무역협회(무협): Kiwi's parts of the compound
        ("무역협회는", {TRADE}),  # with a particle; 부산 수출업체's 무역과 ... 협회 is not it
        ("경제동우회", {TRADE}),  # inside 일본경제동우회는; not the other's 경제 협회
        ("경제동우회는", {TRADE}),
        ("센터", {TRADE}),  # the second part of 데이터센터
        ("강조하다", {TRADE}),  # the dictionary form of 강조했다
        ("수출업체들이", {EXPORTERS}),
        ("협회", {TRADE, EXPORTERS}),
        ("statement", set()),  # English words are in the English index only
    ],
    "ja": [
        ("経済同友会", {TRADE}),  # not the other's 経済団体の会合
        ("共同声明", {TRADE}),
        ("データセンター", {TRADE}),
        ("ﾃﾞｰﾀｾﾝﾀｰ", {TRADE}),  # half-width katakana is the same word (NFKC)
        ("でーたせんたー", set()),  # hiragana is not katakana
        ("貿易", {TRADE, EXPORTERS}),
        ("무역협회", set()),
    ],
    "en": [
        ("statement", {TRADE}),  # the text says statements
        ("statements", {TRADE}),
        ("exporter", {EXPORTERS}),
        ("discussing", {EXPORTERS}),  # discussed
        ("expanded", {TRADE}),
        ("무역협회", set()),
    ],
}


def _po(locale: str, entries: list[tuple[str, str]]) -> str:
    plurals = "nplurals=2; plural=(n != 1);" if locale == "en" else "nplurals=1; plural=0;"
    header = (f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"MIME-Version: 1.0\\n"\n'
              '"Content-Type: text/plain; charset=utf-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
              f'"Plural-Forms: {plurals}\\n"\n\n')
    return header + "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries)


def make_project(root: Path, search: bool | None = True, settings: str = "") -> Path:
    """The fixture site: its own documents and catalogs, the repository's templates and site catalogs."""
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(("" if search is None else f"search = {str(search).lower()}\n") + settings + SETTINGS,
                                    encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    for locale in ("ko", "ja", "en"):
        (root / "locales" / locale / "content").mkdir(parents=True)
        shutil.copy(ROOT / "tests" / "fixtures" / "site" / "locales" / locale / "site.po",
                    root / "locales" / locale / "site.po")
    for slug, (source, date, fields) in DOCUMENTS.items():
        values = {name: texts for name, *texts in fields}
        body = values.pop("body")
        front = ["type: article", f"slug: {slug}", f"date: {date}", f"source_locale: {source}"]
        for name, texts in values.items():
            if name == "source.name":
                front.append(f"source:\n  name: {texts[0]}\n  url: https://newsdesk.example.org/")
            else:
                front.append(f"{name}: {texts[0]}")
        (root / "content" / f"{slug}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body[0] + "\n",
                                                    encoding="utf-8")
        for index, locale in enumerate(TARGETS[source], 1):
            entries = [(texts[0], texts[index]) for _, *texts in fields]
            (root / "locales" / locale / "content" / f"{slug}.po").write_text(_po(locale, entries), encoding="utf-8")
    return root


def headline(slug: str, locale: str) -> str:
    source, _, fields = DOCUMENTS[slug]
    order = (source, *TARGETS[source])
    return fields[0][1 + order.index(locale)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("search") / "project")
    out = project.parent / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout, result.stdout
    return out


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with an index shard per document (the two documents' slugs hash apart)."""
    project = make_project(tmp_path_factory.mktemp("sharded") / "project", settings="search_shard = 1\n")
    out = project.parent / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    return out


def serve(built: Path) -> Iterator[str]:
    """The site under a subfolder (/public/) of a real HTTP server on 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(built.parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/{built.name}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


served = contextlib.contextmanager(serve)  # for a test's own site


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    yield from serve(built)


@pytest.fixture(scope="module")
def sharded_server(sharded: Path) -> Iterator[str]:
    yield from serve(sharded)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("NEWSDESK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


DONE = "(s) => { const t = document.getElementById('search-status').textContent; return t && !t.endsWith('…'); }"


def search(page, server: str, locale: str, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Open the locale's search page with a query; what it lists (link, headline, date, snippet)."""
    page.goto(f"{server}{locale}/search/?q={quote(query)}")
    page.wait_for_function(DONE.replace("(s) => ", "() => "))
    return page.eval_on_selector_all("#search-results li", """items => items.map(li => ({
        href: li.querySelector('h2 a').href, title: li.querySelector('h2 a').textContent,
        date: li.querySelector('time').textContent, snippet: li.querySelector('.snippet').textContent}))""")


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_each_query_finds_exactly_its_documents_in_the_readers_language(browser, server: str, built: Path,  # type: ignore[no-untyped-def]
                                                                        locale: str) -> None:
    assert [p.name for p in (built / locale / "search").glob("pagefind*")] == ["pagefind"]  # one shard
    check_queries(browser, server, locale)


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_a_sharded_index_finds_the_documents_of_every_shard(browser, sharded_server: str, sharded: Path,  # type: ignore[no-untyped-def]
                                                            locale: str) -> None:
    """A shard per document, merged by the search page: every query finds what it finds in one index."""
    assert sorted(p.name for p in (sharded / locale / "search").glob("pagefind*")) == ["pagefind", "pagefind-2"]
    check_queries(browser, sharded_server, locale)


def check_queries(browser, server: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    texts = {}
    for slug in DOCUMENTS:
        page.goto(f"{server}{locale}/{slug}/")
        texts[slug] = " ".join(page.locator("main").inner_text().split())
    for query, expected in QUERIES[locale]:
        results = search(page, server, locale, query)
        found = {r["href"][len(f"{server}{locale}/"):].strip("/") for r in results}
        assert found == expected, f"[{locale}] {query!r} found {sorted(found)}, expected {sorted(expected)}"
        for result in results:
            slug = result["href"][len(f"{server}{locale}/"):].strip("/")
            assert result["href"] == f"{server}{locale}/{slug}/"  # a page of this locale, under the subfolder
            assert result["title"] == headline(slug, locale)
            # The snippet is the page's own text (never the index's extra words), in this language:
            # every word in it but the two it may cut is a word of the page.
            words = result["snippet"].strip("…").split()
            assert words and set(words[1:-1]) <= set(texts[slug].split()), (query, words)
        status = page.locator("#search-status").inner_text()
        assert re.search(r"\d", status) if expected else query in status
    assert not errors, errors
    context.close()


def test_results_show_the_date_as_the_locale_writes_it(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    dates = {locale: search(page, server, locale, query)[0]["date"]
             for locale, query in (("ko", "무역협회"), ("ja", "共同声明"), ("en", "statement"))}
    assert dates == {"ko": "2026년 3월 2일", "ja": "2026年3月2日", "en": "March 2, 2026"}
    assert page.locator("#search-results mark").first.inner_text() == "statements"  # the word the text writes, whole
    page.close()


def test_search_from_the_masthead_with_the_keyboard(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    """From a front page: Tab to the masthead's search box, type a query with a particle, Enter;
    then Tab to the first result and follow it."""
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(f"{server}ko/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    else:
        pytest.fail("the masthead's search box is not reachable with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.get_by_role("search").first.get_by_label("뉴스 검색").is_visible()
    page.keyboard.type("경제동우회는")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ko/search/\?q="))
    page.wait_for_function(DONE.replace("(s) => ", "() => "))
    assert page.locator("#search-status").inner_text() == "검색 결과 1건"
    assert page.locator("#search-query").input_value() == "경제동우회는"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    else:
        pytest.fail("the first result is not reachable with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}ko/{TRADE}/")
    # And a new search from the search page's own form, by keyboard only.
    page.goto(f"{server}ko/search/")
    page.locator("#search-query").focus()
    page.keyboard.type("수출업체들이")
    page.keyboard.press("Enter")
    page.wait_for_function(DONE.replace("(s) => ", "() => "))
    assert page.locator("#search-results h2").all_inner_texts() == [headline(EXPORTERS, "ko")]
    assert "q=" in page.url  # the query is in the address: a search can be shared
    context.close()


@pytest.mark.parametrize("locale", ["ko", "ja", "en"])
def test_search_page_fits_a_phone_and_a_desktop(browser, server: str, screenshots: Path, locale: str) -> None:  # type: ignore[no-untyped-def]
    query = {"ko": "협회", "ja": "貿易", "en": "statement"}[locale]
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        assert search(page, server, locale, query)
        page.screenshot(path=str(screenshots / f"{label}-{locale}-search.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{locale}/search/ scrolls sideways by {overflow}px at {viewport['width']}px"
        for selector in ("#search-query", "#search-form button", "#search-results h2 a"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], selector
        if label == "phone":
            assert page.locator("#search-form button").bounding_box()["height"] >= 40  # a finger can hit it
            page.goto(f"{server}{locale}/{TRADE}/")  # the masthead's box on a document page
            box = page.locator("#site-search").bounding_box()
            assert box and box["x"] + box["width"] <= viewport["width"] and box["width"] >= 200
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        context.close()


def test_search_pages_are_valid_html(built: Path) -> None:
    pages = [built / locale / "search" / "index.html" for locale in ("ko", "ja", "en")]
    assert vnu_errors([*pages, built / "ko" / TRADE / "index.html", built / "en" / "404.html"]) == []


def test_each_locale_has_its_own_index_and_no_other_languages(built: Path) -> None:
    for locale in ("ko", "ja", "en"):
        entry = (built / locale / "search" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
        assert list(__import__("json").loads(entry)["languages"]) == [locale]
    assert not list(built.rglob("pagefind-ui.js"))  # Pagefind's own interface is not published
    # A tool, not content: search engines are asked not to index it, and the sitemap leaves it out.
    assert '<meta name="robots" content="noindex">' in (built / "ko" / "search" / "index.html").read_text(encoding="utf-8")
    assert "/search/" not in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_an_unchanged_site_is_not_indexed_again(built: Path, tmp_path: Path) -> None:
    project = built.parent / "project"
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    index = {p: p.stat().st_ino for p in out.rglob("*") if "pagefind" in p.parts and p.is_file()}
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert "(0 rendered" in result.stdout
    assert {p: p.stat().st_ino for p in index} == index
    # A Japanese translation changes: the Japanese index is made again, the others stay.
    catalog = project / "locales" / "ja" / "content" / f"{TRADE}.po"
    original = catalog.read_text(encoding="utf-8")
    try:
        catalog.write_text(original.replace("電力網の拡充", "送電網の拡充"), encoding="utf-8")
        assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    finally:
        catalog.write_text(original, encoding="utf-8")
    changed = {p.relative_to(out).parts[0] for p, inode in index.items() if not p.exists() or p.stat().st_ino != inode}
    assert changed == {"ja"}
    fragments = b"".join(p.read_bytes() for p in (out / "ja" / "search" / "pagefind").rglob("*") if p.is_file())
    assert fragments  # written; the new text is in its gzip'd fragments, which the browser tests read


def test_an_edit_indexes_its_own_shard_again_and_no_other(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", settings="search_shard = 1\n")
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    assert "(0 rendered" in run_build(project, "build", "--out", str(out), "--no-briefs").stdout  # every shard reused
    index = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file() and "search" in p.parts}
    assert any("pagefind-2" in p.parts for p in index)
    assert not list(out.glob("*/search/pagefind-2/pagefind.js"))  # the first shard's script searches them all
    catalog = project / "locales" / "ja" / "content" / f"{TRADE}.po"  # TRADE's shard is the first
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("電力網の拡充", "送電網の拡充"), encoding="utf-8")
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    changed = {p.relative_to(out).parent.as_posix().split("/")[:3].__str__()
               for p, inode in index.items() if not p.exists() or p.stat().st_ino != inode}
    assert changed == {str(["ja", "search", "pagefind"])}, changed  # not pagefind-2/, nor the search page
    assert "(3 rendered" in result.stdout, result.stdout  # the Japanese page and what lists it, and one shard
    assert (out / "ja" / "search" / "pagefind-2" / "pagefind-entry.json").is_file()


def test_a_clean_build_finds_kiwis_words_kept_by_their_text(tmp_path: Path) -> None:
    """--clean trusts no cached parse, but Kiwi's words are kept by the text they were found in:
    a clean build uses them (their file is not written again) and makes the same index."""
    project = make_project(tmp_path / "project")
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    kept = project / ".newsdesk-cache" / "search-words"
    written = kept.stat().st_mtime_ns
    index = {p.relative_to(out): p.read_bytes() for p in (out / "ko" / "search" / "pagefind").rglob("*") if p.is_file()}
    assert run_build(project, "build", "--out", str(out), "--no-briefs", "--clean").returncode == 0
    assert kept.stat().st_mtime_ns == written
    assert {p.relative_to(out): p.read_bytes() for p in (out / "ko" / "search" / "pagefind").rglob("*") if p.is_file()} == index
    # A Korean text changes: its words are found again, and kept.
    catalog = project / "locales" / "ko" / "content" / f"{EXPORTERS}.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("수출업체들이", "수출기업들이"), encoding="utf-8")
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    assert kept.stat().st_mtime_ns != written


def test_a_korean_index_is_cut_into_chunks() -> None:
    """A search downloads the chunks of the index that hold its words, not the whole index: a
    Korean index is cut into chunks like any other (in jamo, see builder/search.py)."""
    import random

    from newsdesk.builder import search as indexer

    rng = random.Random(1)
    syllables = "가나다라마바사아자차카타파하거너더러머버서어저처고노도로모보소오조초구누두루무부수우주추"
    records = [indexer.Record(page=f"story-{n}/", words=(), title="제목", date="2026년 3월 2일", iso="2026-03-02",
                              decomposed=True,
                              text=" ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(400)))
               for n in range(100)]  # 40,000 words, most of them different
    files = indexer.make_indexes({"ko": records})["ko"]
    chunks = [data for name, data in files.items() if name.startswith("index/")]
    assert len(chunks) > 1 and max(map(len, chunks)) < 100_000, [len(c) for c in chunks]


def test_search_can_be_turned_off(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", search=False)
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert not (out / "ko" / "search").exists()
    assert 'role="search"' not in (out / "ko" / TRADE / "index.html").read_text(encoding="utf-8")


def test_a_document_cannot_take_the_search_pages_address(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    path = project / "content" / f"{EXPORTERS}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(f"slug: {EXPORTERS}", "slug: search"), encoding="utf-8")
    for locale in ("ko", "ja"):
        catalog = project / "locales" / locale / "content" / f"{EXPORTERS}.po"
        catalog.rename(catalog.with_name("search.po"))
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 1
    assert f"content/{EXPORTERS}.md: slug 'search' is the address of the search page" in result.stderr
    assert not out.exists()


def test_the_search_setting_is_true_or_false(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", search=None)
    settings = project / "site.toml"
    settings.write_text('search = "yes"\n' + settings.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs")
    assert result.returncode == 1
    assert "site.toml:1: search must be true or false" in result.stderr


def test_a_locale_with_nothing_published_says_so(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No Japanese version is complete: Pagefind makes no index of nothing, and the Japanese search
    page says that nothing matches instead of failing to load one."""
    project = make_project(tmp_path / "project")
    for catalog in (project / "locales" / "ja" / "content").glob("*.po"):
        catalog.unlink()
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0 and "2 held back" in result.stdout, result.stderr
    with served(out) as server:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        assert search(page, server, "ja", "経済") == []
        assert page.locator("#search-status").inner_text() == "「経済」に一致する記事はありません。"
        assert search(page, server, "ko", "협회")  # the others search
        assert not errors, errors
        page.close()


# Each Korean word of the results' headlines, as a DOM Range; one whose boxes sit on two lines was split.
SPLIT_HEADLINE_WORDS = r"""
() => [...document.querySelectorAll('#search-results h2 a')].flatMap(link => {
  const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
  const split = [];
  let start = null;
  for (let k = 0; k <= chars.length; k++) {
    const space = k === chars.length || /\s/.test(chars[k][0].data[chars[k][1]]);
    if (!space && start === null) start = k;
    if (space && start !== null) {
      const range = document.createRange();
      range.setStart(chars[start][0], chars[start][1]);
      range.setEnd(chars[k - 1][0], chars[k - 1][1] + 1);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top / 4)));
      if (/[\uac00-\ud7a3]/.test(range.toString()) && tops.size > 1) split.push(range.toString());
      start = null;
    }
  }
  return split;
})
"""


@pytest.mark.parametrize("width", [320, 360, 390])
def test_korean_result_headlines_keep_their_words_whole(browser, server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """As on the pages: a browser would break 한국무역협회(무협)와 before its bracket."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        assert search(page, server, "ko", "무역협회")
        assert page.locator("#search-results h2 .kw").all_inner_texts() == ["한국무역협회(무협)와"]
        assert page.evaluate(SPLIT_HEADLINE_WORDS) == []
    finally:
        page.close()


def test_a_locale_whose_first_shard_has_no_documents_still_searches(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two shards, both documents in the second: Pagefind's script and WebAssembly go with that shard,
    the search page loads them from there, and a search finds what it finds in one index."""
    project = make_project(tmp_path / "project", settings="search_shard = 1\n")
    renamed = "trade-statement-4"  # hashes to the second shard, as busan-exporters does
    source = project / "content" / f"{TRADE}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(f"slug: {TRADE}", f"slug: {renamed}"), encoding="utf-8")
    source.rename(source.with_name(f"{renamed}.md"))
    for catalog in (project / "locales").glob(f"*/content/{TRADE}.po"):
        catalog.rename(catalog.with_name(f"{renamed}.po"))
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0 and "0 held back" in result.stdout, result.stderr
    for locale in ("ko", "ja", "en"):
        folder = out / locale / "search"
        assert sorted(p.name for p in folder.glob("pagefind*")) == ["pagefind-2"]
        assert (folder / "pagefind-2" / "pagefind.js").is_file()
        assert "pagefind/" not in (folder / "index.html").read_text(encoding="utf-8")
    with served(out) as server:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        for locale, query in (("ko", "협회"), ("ja", "貿易"), ("en", "statements")):
            found = {r["href"][len(f"{server}{locale}/"):].strip("/") for r in search(page, server, locale, query)}
            assert found == ({renamed, EXPORTERS} if locale != "en" else {renamed}), (locale, query, found)
        assert not errors, errors
        page.close()
