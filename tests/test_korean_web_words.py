"""On the web, as in print, a Korean word is never split across lines: Chromium at every width
from 320 to 1280 px, on the pages of the press-brief fixture project (served over HTTP)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import QuietHandler, launch
from test_press_briefs import built  # noqa: F401 - the fixture project, built once

pytestmark = [pytest.mark.e2e, pytest.mark.browser]  # real builds (see tests/README.md: markers)

WIDTHS = (320, 360, 390, 430, 600, 768, 1024, 1280)
PAGES = ("ko/roundtable/", "ko/roundtable-statement/")

# Every whitespace-separated token of every block of the main text, as a DOM Range (a token may
# run across elements); a token whose boxes sit on more than one line was split.
SPLIT_WORDS = r"""
() => {
  const split = [];
  for (const block of document.querySelectorAll('main p, main li, main h1, main h2, main h3, main blockquote')) {
    if (block.querySelector('p, li')) continue;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
    let start = null;
    for (let k = 0; k <= chars.length; k++) {
      const space = k === chars.length || /\s/.test(chars[k][0].data[chars[k][1]]);
      if (!space && start === null) start = k;
      if (space && start !== null) {
        const range = document.createRange();
        range.setStart(chars[start][0], chars[start][1]);
        range.setEnd(chars[k - 1][0], chars[k - 1][1] + 1);
        const word = range.toString();
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top / 4)));
        if (/[\uac00-\ud7a3]/.test(word) && tops.size > 1) split.push(word);
        start = null;
      }
    }
  }
  return split;
}
"""


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:  # noqa: F811
    handler = functools.partial(QuietHandler, directory=str(built))
    from http.server import ThreadingHTTPServer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_no_korean_word_is_split_in_chromium_at_any_width(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            for path in PAGES:
                page.goto(server + path)
                checked = 0
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    assert page.evaluate(SPLIT_WORDS) == [], (path, width)
                    checked += 1
                assert checked == len(WIDTHS)
        finally:
            browser.close()
