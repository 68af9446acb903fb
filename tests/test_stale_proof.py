"""An incremental build never serves what an older engine made: a new version of a library that
shapes the output, or a new font, renders again everything it touches."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_project

from newsdesk.builder.manifest import DEPENDENCIES
from newsdesk.render.metrics import font_metrics

pytestmark = pytest.mark.e2e  # real builds (see tests/README.md: markers)

def korean_source_site(tmp_path: Path) -> Path:
    """A one-document fixture site (a Korean-source article) with the real templates and fonts."""
    project = copy_project(tmp_path / "project", FIXTURES / "korean-source")
    shutil.copytree(ROOT / "templates", project / "templates")
    for locale in ("ko", "ja", "en"):
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / locale / "site.po", project / "locales" / locale / "site.po")
    return project


def build(project: Path, out: Path, pythonpath: Path | None = None) -> tuple[int, int]:
    """(outputs rendered, outputs in all) of a build, in a fresh interpreter; ``pythonpath`` goes
    before the installed packages, as a newer install of one of them would."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "build", "--out", str(out)],
                            capture_output=True, text=True, timeout=600, check=False, env=env)
    assert result.returncode == 0, result.stderr
    rendered = int(re.search(r"\((\d+) rendered", result.stdout).group(1))
    return rendered, sum(1 for p in out.rglob("*") if p.is_file())


def outputs(out: Path) -> dict[str, int]:
    """Pages, feeds and briefs by inode: an output reused from the previous build keeps its inode."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*")
            if p.is_file() and p.suffix in (".html", ".xml", ".pdf")}


def upgraded(tmp_path: Path, name: str, version: str) -> Path:
    """A folder that makes ``name`` report ``version``: the metadata pip writes when it installs it.
    The library's code is still the installed one; only what the build can see of it changes."""
    folder = tmp_path / f"upgraded-{name}"
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    return folder


def test_a_new_version_of_a_library_renders_everything_again(tmp_path: Path) -> None:
    project = korean_source_site(tmp_path)
    out = tmp_path / "public"
    build(project, out)
    assert build(project, out)[0] == 0  # nothing changed: nothing rendered
    before = outputs(out)
    assert any(rel.endswith(".pdf") for rel in before)

    rendered, _ = build(project, out, pythonpath=upgraded(tmp_path, "Babel", "99.0"))
    assert rendered > 0
    assert [rel for rel, inode in outputs(out).items() if before.get(rel) == inode] == []  # nothing reused

    # Each library that shapes the output counts, not Babel alone.
    for name in ("WeasyPrint", "BudouX"):
        before = outputs(out)
        build(project, out, pythonpath=upgraded(tmp_path, name, "99.0"))
        assert [rel for rel, inode in outputs(out).items() if before.get(rel) == inode] == [], name


def test_the_engine_key_names_the_libraries_that_shape_the_output() -> None:
    for name in ("babel", "jinja2", "weasyprint", "budoux", "pyphen"):
        assert name in DEPENDENCIES


def test_a_no_op_build_stays_fast_and_imports_no_library(tmp_path: Path) -> None:
    project = korean_source_site(tmp_path)
    out = tmp_path / "public"
    build(project, out)
    result = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "build.py"), "--root", str(project),
                             "build", "--out", str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert "(0 rendered" in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert not imported & {"babel", "jinja2", "weasyprint", "budoux", "pyphen", "fontTools", "yaml"}


def test_a_replaced_font_renders_the_briefs_again(tmp_path: Path) -> None:
    project = korean_source_site(tmp_path)
    out = tmp_path / "public"
    build(project, out)
    before = outputs(out)
    fonts = project / "templates" / "static" / "fonts"
    shutil.copy(fonts / "NotoSansKR-Bold.ttf", fonts / "NotoSansKR-Regular.ttf")  # same path, new content
    build(project, out)
    briefs = [rel for rel in before if rel.endswith(".pdf")]
    assert briefs and all(outputs(out)[rel] != before[rel] for rel in briefs)


def test_font_metrics_follow_the_file_content_not_its_path(tmp_path: Path) -> None:
    fonts = tmp_path / "project" / "templates" / "static" / "fonts"
    fonts.mkdir(parents=True)
    font = fonts / "Body.ttf"
    shutil.copy(ROOT / "templates" / "static" / "fonts" / "NotoSansJP-Regular.ttf", font)
    regular = font_metrics(fonts, ("Body.ttf",)).width("Wide Margins 2026")
    shutil.copy(ROOT / "templates" / "static" / "fonts" / "NotoSansJP-Bold.ttf", font)  # an upgrade, same name
    bold = font_metrics(fonts, ("Body.ttf",)).width("Wide Margins 2026")
    assert bold != regular
    assert bold == font_metrics(ROOT / "templates" / "static" / "fonts", ("NotoSansJP-Bold.ttf",)).width("Wide Margins 2026")
    cached = sorted(p.name for p in (tmp_path / "project" / ".newsdesk-cache" / "fonts").glob("*.pickle"))
    assert len(cached) == 2  # one table per content, each under its own hash


def test_the_engine_key_covers_every_module_of_every_stage(tmp_path: Path) -> None:
    package = tmp_path / "engine" / "newsdesk"
    shutil.copytree(ROOT / "newsdesk", package, ignore=shutil.ignore_patterns("__pycache__"))

    def engine() -> str:
        code = "from newsdesk.builder.manifest import engine_version; print(engine_version())"
        return subprocess.run([sys.executable, "-c", code], cwd=package.parent, capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONPATH": str(package.parent)}).stdout.strip()

    first = engine()
    assert engine() == first
    with (package / "render" / "typeset.py").open("a", encoding="utf-8") as handle:
        handle.write("# a change in a renderer deep in the package\n")
    assert engine() != first
