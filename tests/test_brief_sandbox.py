"""Briefs read only the project's own assets: figures beside their document, fonts, the
stylesheet; anything else (file:// elsewhere, the network, attachments) fails the build."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from helpers import FIXTURES, add_site_parts, copy_project, pdf_text, run_build
from pypdf import PdfReader

from newsdesk.catalogs.catalog import load_catalogs
from newsdesk.config import load_settings
from newsdesk.content.load import load_content
from newsdesk.errors import Problems, RenderError
from newsdesk.localize.edition import make_edition
from newsdesk.render.briefs import BriefRenderer
from newsdesk.render.templating import Templates

DOC = "content/articles/trade-chart.md"


def figure_project(tmp_path: Path) -> Path:
    """The figure fixture with the real templates and the fixture site's site catalogs."""
    return add_site_parts(copy_project(tmp_path / "project", FIXTURES / "figure"))


def set_image(project: Path, image: str) -> None:
    path = project / DOC
    path.write_text(path.read_text(encoding="utf-8").replace("image: images/chart.png", f"image: {image}"),
                    encoding="utf-8")


def render_en(project: Path) -> bytes:
    """The English brief of the fixture, rendered in this process."""
    settings = load_settings(project)
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    catalogs = load_catalogs(settings, documents, Problems())
    edition = make_edition(settings, documents, catalogs, False)
    doc = next(d for d in edition.briefable() if d.locale == "en")
    return BriefRenderer(settings, Templates(settings.templates_dir, settings.root)).render(doc, catalogs.site["en"])


class Counting(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Counting.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write((FIXTURES / "figure" / "content" / "articles" / "images" / "chart.png").read_bytes())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server that would serve an image, to prove nobody asks it."""
    Counting.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.e2e
def test_figure_is_printed_from_beside_its_document(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out), "--pack")
    assert result.returncode == 0, result.stderr
    captions = {"ko": "한일 교역 추이(2023~2025년).", "ja": "韓日貿易の推移（2023～2025年）。",
                "en": "Trade between Korea and Japan, 2023 to 2025."}
    for locale, caption in captions.items():
        for path in (out / locale / "trade-chart" / f"trade-chart-{locale}.pdf", out / locale / f"briefing-pack-{locale}.pdf"):
            images = {image.name for page in PdfReader(path).pages for image in page.images}
            assert len(images) == 1, path
            assert "".join(caption.split()) in "".join(pdf_text(path).split())


@pytest.mark.e2e
def test_build_refuses_a_figure_outside_the_project(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    set_image(project, "file:///etc/hostname")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 1
    assert f"{DOC}:10: image 'file:///etc/hostname' must be a path inside content/" in result.stderr
    assert not out.exists()


@pytest.mark.e2e
def test_build_refuses_a_figure_on_the_network(tmp_path: Path, server: str) -> None:
    project = figure_project(tmp_path)
    set_image(project, f"{server}/chart.png")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 1
    assert DOC in result.stderr and f"{server}/chart.png" in result.stderr
    assert not out.exists()
    assert Counting.requests == []


@pytest.mark.e2e
def test_build_refuses_an_image_that_links_out_of_the_project(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    (project / "content" / "articles" / "images" / "escape.png").symlink_to("/etc/hostname")
    set_image(project, "images/escape.png")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 1
    # The content reader refuses it first (the brief sandbox would too: see the template cases).
    assert f"{DOC}:10: image 'images/escape.png' is outside content/" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("markup, message", [
    ('<img src="file:///etc/hostname" alt="x">', "refers to resources outside the project's assets: file:///etc/hostname"),
    ('<img src="SERVER/x.png" alt="x">', "refers to resources outside the project's assets: SERVER/x.png"),
    ('<link rel="attachment" href="brief.css">', "asks to embed files"),
    ('<link rel="attachment" href="file:///etc/hostname">', "asks to embed files"),
    ('<a rel="attachment" href="brief.css">x</a>', "asks to embed files"),
    ('<link rel="stylesheet" href="../../site.toml">', "refers to resources outside the project's assets"),
])
def test_template_resources_are_refused(tmp_path: Path, server: str, markup: str, message: str) -> None:
    """Whatever a template asks for, only assets are read, nothing is embedded, no request is made."""
    project = figure_project(tmp_path)
    base = project / "templates" / "brief" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body", markup.replace("SERVER", server) + "\n<body"),
                    encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_en(project)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{DOC}: the en brief") and message.replace("SERVER", server) in p for p in problems), problems
    assert Counting.requests == []


@pytest.mark.e2e
def test_a_template_attachment_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    base = project / "templates" / "brief" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body", '<link rel="attachment" href="brief.css">\n<body'),
                    encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 1
    assert "briefs embed no attachments" in result.stderr and DOC in result.stderr
    assert not out.exists()


def test_source_date_epoch_dates_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = figure_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    first = render_en(project)
    info = PdfReader(__import__("io").BytesIO(first)).metadata
    assert str(info["/CreationDate"]).startswith("D:20260101000000")
    assert render_en(project) == first
