"""The live preview: serves a draft build, rebuilds on change, reloads pages, shows build errors."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ARTICLE, KO_PO, ROOT, edit

PAGE = "ko/korea-japan-economic-community/"

pytestmark = pytest.mark.e2e


class Preview:
    def __init__(self, project: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project), "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert match, line + self.process.stderr.read()  # type: ignore[union-attr]
        self.url = match.group(1)
        self.events: list[dict[str, object]] = []

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, predicate, timeout: float = 120) -> str:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                page = self.get(path)
                if predicate(page):
                    return page
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{path} never matched; last: {page[:500]!r}")

    def listen(self) -> None:
        def run() -> None:
            with urllib.request.urlopen(self.url + "_newsdesk/events", timeout=300) as stream:
                for raw in stream:
                    line = raw.decode().strip()
                    if line.startswith("data: "):
                        self.events.append(json.loads(line[6:]))
        threading.Thread(target=run, daemon=True).start()
        time.sleep(0.5)

    def stop(self) -> int:
        self.process.send_signal(2)  # Ctrl-C
        return self.process.wait(timeout=30)


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    server = Preview(project)
    server.wait_for(PAGE, lambda page: "조현준" in page)
    yield server
    if server.process.poll() is None:
        server.process.kill()


def test_a_catalog_edit_is_served_and_announced(preview: Preview, project: Path) -> None:
    preview.listen()
    edit(project, KO_PO, 'msgstr "뉴스데스크 편집부"', 'msgstr "뉴스데스크 미리보기팀"')
    page = preview.wait_for(PAGE, lambda page: "뉴스데스크 미리보기팀" in page)
    assert '<script src="/_newsdesk/live.js"></script>' in page
    deadline = time.monotonic() + 30
    while not any(PAGE + "index.html" in e["changed"] for e in preview.events) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert any(PAGE + "index.html" in e["changed"] for e in preview.events), preview.events
    assert preview.stop() == 0


def test_a_build_error_is_shown_and_fixing_it_restores_the_page(preview: Preview, project: Path) -> None:
    edit(project, ARTICLE, "byline: Newsdesk staff", "bylin: Newsdesk staff")
    page = preview.wait_for(PAGE, lambda page: "newsdesk-build-error" in page)
    assert f"{ARTICLE}:12: unknown field" in page
    assert "조현준" in page  # the last good preview stays reachable under the banner
    edit(project, ARTICLE, "bylin: Newsdesk staff", "byline: Newsdesk staff")
    preview.wait_for(PAGE, lambda page: "newsdesk-build-error" not in page)


def test_the_dashboard_counts_translations(preview: Preview, project: Path) -> None:
    po = project / KO_PO
    text = po.read_text(encoding="utf-8").replace('msgstr "무역"', 'msgstr ""')
    assert "2024년 5월부터" in text
    po.write_text(text.replace("2024년 5월부터", "5월부터", 1), encoding="utf-8")  # a year lost: check finds it
    page = preview.wait_for("_newsdesk/", lambda page: re.search(
        r'data-document="korea-japan-economic-community" data-locale="ko">.*?class="untranslated">1<', page, re.DOTALL))
    row = re.search(r'data-document="korea-japan-economic-community" data-locale="ko">(.*?)</tr>', page, re.DOTALL).group(1)
    assert 'class="translated">23<' in row and 'class="fuzzy">0<' in row and "held back" in row
    assert f"{KO_PO}:" in page and "[numbers]" in page and "2024" in page
    segments = preview.get("_newsdesk/segments/korea-japan-economic-community/ko/")
    assert segments.count('class="untranslated"') == 1 and "Trade" in segments
    # The draft page shows the untranslated segment in English, marked.
    preview.wait_for(PAGE, lambda page: '<span class="pending" lang="en">Trade</span>' in page)


def test_an_edit_saved_while_the_first_build_runs_is_served(project: Path) -> None:
    """The server answers before its first build ends; a catalog saved then, once that build has
    read the catalogs (it is rendering briefs: WeasyPrint is loaded), is built right after it. A
    watcher started only after the first build never saw that save: the page kept the old text."""
    server = Preview(project)
    try:
        server.get(PAGE)  # answered at once ("Building the preview…"): the first build has only begun
        maps = Path(f"/proc/{server.process.pid}/maps")
        deadline = time.monotonic() + 120
        while "libpango" not in maps.read_text(errors="ignore") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "libpango" in maps.read_text(errors="ignore"), "the first build never reached the briefs"
        edit(project, KO_PO, 'msgstr "뉴스데스크 편집부"', 'msgstr "뉴스데스크 첫빌드팀"')
        first_build_running = "조현준" not in server.get(PAGE)  # the first build publishes at its end
        page = server.wait_for(PAGE, lambda page: "뉴스데스크 첫빌드팀" in page)
        assert "newsdesk-build-error" not in page
        assert first_build_running, "the edit came after the first build: this test saw no race"
    finally:
        try:
            server.stop()  # Ctrl-C (130 if a rebuild is under way): it removes its preview folder
        finally:
            if server.process.poll() is None:
                server.process.kill()


def test_preview_never_touches_public(preview: Preview, project: Path) -> None:
    assert not (project / "public").exists()


def test_a_port_in_use_is_a_clear_error(project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "serve",
                                 "--port", str(port)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.mark.browser
def test_a_browser_page_reloads_by_itself_after_an_edit(preview: Preview, project: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(preview.url + PAGE)
            page.evaluate("window.untouched = true")  # gone once the page reloads
            page.wait_for_timeout(500)  # the event stream is connected
            edit(project, KO_PO, 'msgstr "뉴스데스크 편집부"', 'msgstr "뉴스데스크 실시간팀"')
            page.wait_for_function("() => document.body.innerText.includes('뉴스데스크 실시간팀')", timeout=120_000)
            assert page.evaluate("window.untouched === undefined")
        finally:
            browser.close()
