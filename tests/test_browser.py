"""A real browser (Debian's Chromium, driven by Playwright) on the built site, served over HTTP from a
subfolder: the language chooser, the switcher by mouse and keyboard, phone layout, contrast, and
Korean and Japanese text that renders as letters, not boxes.

Screenshots go to $NEWSDESK_SCREENSHOTS if set (to look at them), else to a temporary folder.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import DOCUMENTS, LOCALES

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HEADLINES = {"ko": "한일 경제인들", "ja": "韓日の経済人", "en": "Korean and Japanese business leaders"}
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site on a real HTTP server on 127.0.0.1, under a subfolder (/public/): relative
    links must work from wherever the site is put."""
    handler = functools.partial(QuietHandler, directory=str(site.parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/{site.name}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def launch(playwright, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (bash bootstrap.sh test does)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)


@pytest.fixture(scope="module")
def playwright() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="module")
def browser(playwright) -> Iterator[object]:  # type: ignore[no-untyped-def]
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("NEWSDESK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_root_sends_a_japanese_browser_to_japanese(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.goto(server)
    page.wait_for_url(server + "ja/")
    assert page.evaluate("navigator.languages")[0] == "ja-JP"
    assert page.locator("html").get_attribute("lang") == "ja"
    context.close()


def test_root_offers_plain_links_without_javascript(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    assert page.url == server
    page.get_by_role("link", name="한국어").click()
    page.wait_for_url(server + "ko/")
    context.close()


def test_switcher_click_leads_to_the_same_document(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.goto(server)
    page.wait_for_url(server + "ja/")
    page.locator(f'main a[href="{DOCUMENTS[0]}/"]').click()
    page.wait_for_url(server + f"ja/{DOCUMENTS[0]}/")
    # Found the way a screen reader user finds it: the navigation landmark named in the page's
    # language, and a link named in its own.
    switcher = page.get_by_role("navigation", name="言語")
    korean = switcher.get_by_role("link", name="한국어")
    assert korean.get_attribute("hreflang") == "ko" and korean.get_attribute("lang") == "ko"
    assert switcher.get_by_role("link", name="日本語").get_attribute("aria-current") == "page"
    korean.click()
    page.wait_for_url(server + f"ko/{DOCUMENTS[0]}/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert HEADLINES["ko"] in page.locator("h1").inner_text()
    context.close()


def test_skip_link_and_switcher_work_from_the_keyboard(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    url = server + f"ja/{DOCUMENTS[1]}/"
    page.goto(url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(url)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "ko":
            break
    else:
        pytest.fail("the Korean link of the switcher is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a focused switcher link shows no focus ring"
    page.keyboard.press("Enter")
    page.wait_for_url(server + f"ko/{DOCUMENTS[1]}/")
    context.close()


@dataclass(frozen=True)
class Rendering:
    """How the CJK characters of an element came out."""

    chars: str
    shapes: int  # distinct bitmaps among them
    notdef: int  # how many look exactly like a character no font has
    fonts: tuple[str, ...]  # the platform fonts Chromium used for the element's text
    uncovered: str  # characters none of those fonts has a glyph for

    @property
    def letters(self) -> bool:
        return len(self.chars) >= 2 and self.shapes == len(self.chars) and not self.notdef and not self.uncovered


# Draws each distinct CJK character of the element in the element's own font, and the glyph of an
# unassigned code point (U+0378: what a missing glyph looks like): with no font for the script,
# every character comes out as that same box.
SHAPES_JS = """(el) => {
  const chars = [...new Set([...el.textContent].filter(c => /[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3]/.test(c)))].slice(0, 16);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const style = getComputedStyle(el);
  ctx.font = `${style.fontWeight} 32px ${style.fontFamily}`;
  ctx.textBaseline = "middle";
  const shape = (c) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.fillText(c, 4, 24);
    const alpha = ctx.getImageData(0, 0, 48, 48).data;
    let bits = "";
    for (let i = 3; i < alpha.length; i += 4) bits += alpha[i] > 127 ? "1" : "0";
    return bits;
  };
  const box = shape("\\u0378");
  const shapes = chars.map(shape);
  return {chars: chars.join(""), shapes: new Set(shapes).size, notdef: shapes.filter(s => s === box).length};
}"""


def rendering(page, selector: str) -> Rendering:  # type: ignore[no-untyped-def]
    """Two independent looks: the glyphs' shapes on a canvas, and which fonts Chromium itself used
    for the element (DevTools' CSS.getPlatformFontsForNode) and whether they have those glyphs."""
    shapes = page.eval_on_selector(selector, SHAPES_JS)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = tuple(f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])
    cdp.detach()
    covered = [font_charset(name) for name in fonts]
    uncovered = "".join(c for c in shapes["chars"] if not any(ord(c) in cs for cs in covered))
    return Rendering(shapes["chars"], shapes["shapes"], shapes["notdef"], fonts, uncovered)


@dataclass(frozen=True)
class Charset:
    ranges: tuple[tuple[int, int], ...]

    def __contains__(self, code: int) -> bool:
        return any(low <= code <= high for low, high in self.ranges)


@functools.cache
def font_charset(family: str) -> Charset:
    """The characters a platform font family has, from fontconfig (what Chromium on Linux uses)."""
    out = subprocess.run(["fc-list", "-f", "%{charset}\n", family], capture_output=True, text=True, check=True).stdout
    ranges = []
    for token in out.split():
        low, _, high = token.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return Charset(tuple(ranges))


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_show_korean_and_japanese_as_letters(browser, server: str, screenshots: Path, locale: str) -> None:  # type: ignore[no-untyped-def]
    """Each locale's front page and a document page, at phone and desktop width: screenshots, no
    sideways scrolling on a phone, and every CJK text (headline, switcher labels) really drawn."""
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        context = browser.new_context(viewport=viewport, locale="en-US")
        page = context.new_page()
        for name, path in (("front", f"{locale}/"), ("document", f"{locale}/{DOCUMENTS[0]}/")):
            page.goto(server + path)
            shot = screenshots / f"{label}-{locale}-{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport['width']}px"
            selectors = ['nav.languages a[lang="ko"]', 'nav.languages a[lang="ja"]']
            if locale != "en":
                selectors.append("h1" if name == "document" else "main h3")
            for selector in selectors:
                result = rendering(page, selector)
                assert result.letters, f"{path} {selector}: {result}"
        if label == "phone":
            assert HEADLINES[locale] in page.locator("h1").inner_text()
        context.close()


def test_the_box_detector_sees_missing_fonts(playwright, tmp_path: Path, server: str) -> None:  # type: ignore[no-untyped-def]
    """The check above would fail without CJK fonts: Chromium with a fontconfig that has one Latin
    font draws the Korean headline as boxes, and the detector says so."""
    match = subprocess.run(["fc-match", "-f", "%{file}\n%{family[0]}", "DejaVu Sans"],
                           capture_output=True, text=True, check=True).stdout.split("\n")
    latin, family = match[0], match[-1]
    if not latin or 0xD55C in font_charset(family):
        pytest.skip("no Latin-only font to build a CJK-less fontconfig from")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / Path(latin).name).symlink_to(latin)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
                    "</fontconfig>\n", encoding="utf-8")
    chromium = launch(playwright, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    page = chromium.new_page()
    page.goto(server + f"ko/{DOCUMENTS[0]}/")
    result = rendering(page, "h1")
    chromium.close()
    assert not result.letters, result
    assert result.shapes == 1 and result.notdef == len(result.chars), result


CONTRAST_JS = """() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (color) => color.match(/[\\d.]+/g).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.left < 0) continue;
    const style = getComputedStyle(el);
    const fg = luminance(parse(style.color).slice(0, 3)), bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`${el.tagName}.${el.className} ${ratio.toFixed(2)}: ${el.textContent.trim().slice(0, 30)}`);
  }
  return problems;
}"""


def test_text_contrast_meets_wcag_aa(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    for path in ["", "ko/", f"ko/{DOCUMENTS[0]}/", f"ja/{DOCUMENTS[1]}/", f"en/{DOCUMENTS[0]}/"]:
        page.goto(server + path)
        if not path:
            page.wait_for_url(re.compile(r".*/(ko|ja|en)/$"))
        assert page.evaluate(CONTRAST_JS) == [], path
    page.close()
