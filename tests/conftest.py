"""Shared fixtures: the real project built once, and throw-away copies of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("site.toml", "content", "locales", "templates")


def copy_project(target: Path, source: Path = ROOT) -> Path:
    """A copy of a project's inputs (never its output) that a test may change."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part, dirs_exist_ok=True)
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line an editor types, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built with briefs and briefing packs, once per test session."""
    out = tmp_path_factory.mktemp("site") / "public"
    result = run_build(ROOT, "build", "--out", str(out), "--pack")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def base_url(root: Path = ROOT) -> str:
    """The project's base_url, as the build normalizes it (ending in "/")."""
    import tomllib

    return tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))["base_url"].rstrip("/") + "/"


def html_pages(site: Path) -> list[Path]:
    """Every page a reader can reach (not the not-found pages), root first; not the search pages
    either: they are tools, not content (noindex, outside the sitemap)."""
    return sorted((p for p in site.rglob("index.html") if p.parent.name != "search"),
                  key=lambda p: (len(p.parts), p.as_posix()))


def local_path(site: Path, url: str, root: Path = ROOT) -> Path:
    """The file in the built site that an absolute URL of the site serves."""
    prefix = base_url(root)
    assert url.startswith(prefix), f"{url} is not on the site {prefix}"
    path = site / url[len(prefix):]
    return path / "index.html" if url.endswith("/") or not url[len(prefix):] else path


def parse_html(path: Path):  # type: ignore[no-untyped-def]
    """A page as an lxml tree, for reading its head and its text."""
    import lxml.html

    return lxml.html.fromstring(path.read_bytes())


def json_ld(path: Path) -> list[dict]:
    """Every JSON-LD block of a page, parsed (our own extractor: a JSON parse of each script)."""
    import json

    return [json.loads(s.text) for s in parse_html(path).xpath('//script[@type="application/ld+json"]')]


VNU_JAR = Path(os.environ.get("NEWSDESK_VNU_JAR", ROOT / ".cache" / "vnu" / "package" / "build" / "dist" / "vnu.jar"))


def vnu_errors(paths: list[Path]) -> list[str]:
    """The W3C Nu HTML Checker's errors on these files (HTML, CSS, SVG), one line each.

    ``bash bootstrap.sh test`` fetches the checker with npm (vnu-jar) into .cache/vnu/; without it
    the test fails rather than skipping, so that CI can never pass without having validated.
    """
    import json

    if not VNU_JAR.is_file():
        pytest.fail(f"Nu HTML Checker not found at {VNU_JAR}: run `bash bootstrap.sh test` (or set NEWSDESK_VNU_JAR)")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--also-check-css", "--also-check-svg",
         *(str(p) for p in paths)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    report = json.loads(result.stderr)  # vnu writes its report to stderr
    errors = [f"{'/'.join(m.get('url', '').split('/')[-3:])}:{m.get('lastLine', '?')}: {m['message']}"
              for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert bool(errors) == (result.returncode != 0), result.stderr
    return errors


def alive_after(pids: list[int], seconds: float) -> list[int]:
    """The processes of ``pids`` still running once ``seconds`` have passed (or none is left)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]
