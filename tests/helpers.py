"""What the tests share: the fixture site, building it, and reading what a build made.

Test files import from here (or from ``catalog_tools`` and ``pdfcheck``), never from each other.
The fixture site, ``tests/fixtures/site/``, is the tests' own project: its content and catalogs are
frozen for the tests, so an editor changing the product's ``content/`` or ``locales/`` breaks no test
but the ones marked ``content`` (which exist to check the real content). It uses the repository's
templates (``templates`` there is a link to them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE = FIXTURES / "site"
PROJECT_PARTS = ("site.toml", "content", "locales", "templates")

LOCALES = ("ko", "ja", "en")
# The fixture site's English-source documents, translated into Korean and Japanese.
ARTICLE = "content/articles/korea-japan-economic-community.md"
STATEMENT = "content/statements/korea-japan-ai-joint-statement.md"
SLUG = "korea-japan-economic-community"
DOCUMENTS = (SLUG, "korea-japan-ai-joint-statement")
KO_PO = f"locales/ko/content/{SLUG}.po"
JA_PO = f"locales/ja/content/{SLUG}.po"
# ... and its Korean-source article and its article with a figure.
KOREAN_SOURCE = "newsdesk-launch"
FIGURE = "trade-chart"
ALL_DOCUMENTS = (*DOCUMENTS, KOREAN_SOURCE, FIGURE)


def copy_project(target: Path, source: Path = SITE) -> Path:
    """A copy of a project's inputs (never its output) that a test may change; by default the
    fixture site, with the repository's templates."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part, dirs_exist_ok=True)
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


def add_site_parts(project: Path) -> Path:
    """Give a one-document fixture (korean-source, figure) the repository's templates and the
    fixture site's site catalogs, so that it builds like a whole site."""
    shutil.copytree(ROOT / "templates", project / "templates", dirs_exist_ok=True)
    for locale in LOCALES:
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(SITE / "locales" / locale / "site.po", project / "locales" / locale / "site.po")
    return project


def run_build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line an editor types, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


def build_fixture_site(out: Path, scratch: Path) -> Path:
    """The fixture site built with briefs and briefing packs, as the golden files were made."""
    project = copy_project(scratch / "project")
    result = run_build(project, "build", "--out", str(out), "--pack")
    assert result.returncode == 0, result.stderr
    return out


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a project file, as an editor would; ``old`` must be there."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def base_url(root: Path = SITE) -> str:
    """The project's base_url, as the build normalizes it (ending in "/")."""
    import tomllib

    return tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))["base_url"].rstrip("/") + "/"


def html_pages(site: Path) -> list[Path]:
    """Every page a reader can reach (not the not-found pages), root first."""
    return sorted((p for p in site.rglob("index.html")), key=lambda p: (len(p.parts), p.as_posix()))


def local_path(site: Path, url: str, root: Path = SITE) -> Path:
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


class Page(HTMLParser):
    """The parts of a page the tests read: html lang, links, elements with lang, text."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.lang = ""
        self.links: list[dict[str, str]] = []
        self.langs: list[str] = []
        self.text: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a":
            self.links.append(a)
        if "lang" in a and tag != "html":
            self.langs.append(a["lang"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


VNU_JAR = Path(os.environ.get("NEWSDESK_VNU_JAR", ROOT / ".cache" / "vnu" / "package" / "build" / "dist" / "vnu.jar"))


def vnu_errors(paths: list[Path]) -> list[str]:
    """The W3C Nu HTML Checker's errors on these files (HTML, CSS, SVG), one line each.

    ``bash bootstrap.sh test`` fetches the checker with npm (vnu-jar) into .cache/vnu/; without it
    the test fails rather than skipping, so that CI can never pass without having validated.
    """
    import json

    import pytest

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


# --- incremental builds: comparing an output folder with a clean build ------------------------

def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def rendered(result_stdout: str) -> int:
    match = re.search(r"\((\d+) rendered", result_stdout)
    assert match, result_stdout
    return int(match.group(1))


def inodes(out: Path) -> dict[str, int]:
    """Document pages and briefs by inode: a reused output is a hard link to the previous one."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.glob("*/*/*") if p.suffix in (".html", ".pdf")
            and p.parent.name not in ("static", "media")}


def rerendered(out: Path, before: dict[str, int]) -> set[str]:
    return {rel for rel, inode in inodes(out).items() if before.get(rel) != inode}


def recorded(out: Path) -> dict[str, list[object]]:
    """The build manifest's outputs: path -> [key, size]."""
    import json

    return json.loads((out.parent / f".{out.name}.manifest.json").read_text(encoding="utf-8"))["outputs"]


def assert_same_as_clean(project: Path, out: Path, tmp_path: Path, *args: str) -> str:
    result = run_build(project, "build", "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    clean = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    clean_result = run_build(project, "build", "--out", str(clean), "--clean", *args)
    assert clean_result.returncode == 0, clean_result.stderr
    assert tree(out) == tree(clean)
    # Every output under the key a clean build gives it (the next build decides by these keys),
    # including the pages and briefs of documents the incremental build did not touch.
    assert recorded(out) == recorded(clean)
    return result.stdout


def drop_documents(project: Path, *slugs: str) -> Path:
    """Take documents out of a project copy: their content file, media and every catalog."""
    for slug in slugs:
        for path in [*project.glob(f"content/**/{slug}.md"), *project.glob(f"locales/*/content/{slug}.po"),
                     *project.glob(f"locales/pot/content/{slug}.pot")]:
            path.unlink()
    return project


# --- golden files: the fixture site's outputs as committed text -------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
GOLDEN_LISTING = "FILES"  # every output's path, binary ones included
TEXT_OUTPUTS = (".html", ".xml", ".txt")
# A page gives its brief's size ("PDF brief (23 KB)"): a figure of the PDF's bytes, which the golden
# files leave out on purpose (they hold the briefs' text). Those bytes move with the fonts, WeasyPrint,
# and even the project's folder (a brief with a figure records the figure's path), enough to turn
# 98 KB into 99 KB; test_site checks that each page gives a size.
BRIEF_SIZE = re.compile(r"\b\d+ KB\b")


def golden_outputs(site: Path) -> dict[str, str]:
    """What the golden files hold for a built site: pages, feeds, sitemap and robots.txt as they
    are, each PDF as its text (``x.pdf`` -> ``x.pdf.txt``), and the listing of every output."""
    outputs: dict[str, str] = {}
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    for rel in paths:
        if rel.endswith(TEXT_OUTPUTS):
            outputs[rel] = BRIEF_SIZE.sub("… KB", (site / rel).read_text(encoding="utf-8"))
        elif rel.endswith(".pdf"):
            outputs[rel + ".txt"] = pdf_text(site / rel)
    outputs[GOLDEN_LISTING] = "".join(f"{rel}\n" for rel in paths)
    return outputs


def read_golden(folder: Path = GOLDEN) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_golden(outputs: dict[str, str], folder: Path = GOLDEN) -> None:
    """Replace the golden files with ``outputs`` (files no longer made are removed)."""
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in outputs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def golden_differences(expected: dict[str, str], actual: dict[str, str], context: int = 2,
                       limit: int = 60) -> list[str]:
    """A readable report: files missing or new, and a short unified diff of each changed file."""
    import difflib

    report = [f"missing from the build: {rel}" for rel in sorted(set(expected) - set(actual))]
    report += [f"new in the build (not in the golden files): {rel}" for rel in sorted(set(actual) - set(expected))]
    for rel in sorted(set(expected) & set(actual)):
        if expected[rel] != actual[rel]:
            diff = list(difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(),
                                             f"golden/{rel}", f"build/{rel}", n=context, lineterm=""))
            report += diff[:limit] + ([f"... {len(diff) - limit} more diff lines"] if len(diff) > limit else [])
    return report


def generated_archive(target: Path, count: int) -> Path:
    """A project of ``count`` generated documents (benchmarks/corpus.py), translated in full, with
    the fixture site's settings, templates and site catalogs (the generator's default is the
    repository's own, which an editor may change)."""
    import pytest

    sys.path.insert(0, str(ROOT))
    from benchmarks import corpus

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpus, "REPO", SITE)
        return corpus.generate(target, count)
