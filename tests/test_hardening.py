"""Failure is boring and safe: every bad input named, the live site untouched, no work lost."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ARTICLE, JA_PO, KO_PO, ROOT, alive_after, edit, run_build

pytestmark = pytest.mark.e2e


def fails_with(project: Path, tmp_path: Path, expected: str, *args: str) -> str:
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out), *args)
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    return result.stderr


def test_unknown_setting_and_bad_base_url(project: Path, tmp_path: Path) -> None:
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'base_url = "https://newsdesk.example.org/"', 'base_url = "newsdesk.example.org"\nbase_ulr = "x"'), encoding="utf-8")
    stderr = fails_with(project, tmp_path, "site.toml:4: base_url 'newsdesk.example.org' must be an absolute http(s) URL")
    assert "site.toml:5: unknown setting 'base_ulr'" in stderr


def test_unknown_locale_in_settings(project: Path, tmp_path: Path) -> None:
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('["ko", "ja", "en"]', '["ko", "ja", "en", "../x"]'),
                        encoding="utf-8")
    fails_with(project, tmp_path, "unsupported locale '../x'")


def test_missing_image_and_image_outside_the_project(project: Path, tmp_path: Path) -> None:
    edit(project, ARTICLE, "byline: Newsdesk staff", "byline: Newsdesk staff\nfigure:\n  image: photo.jpg\n  caption: A photo\n  credit: Us")
    fails_with(project, tmp_path, f"{ARTICLE}:14: image 'photo.jpg' not found")
    edit(project, ARTICLE, "image: photo.jpg", "image: ../../../etc/hostname")
    fails_with(project, tmp_path, f"{ARTICLE}:14: image '../../../etc/hostname' must be a path inside content/")


def test_a_translation_that_breaks_inline_markup(project: Path, tmp_path: Path) -> None:
    po = project / KO_PO
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "뉴스데스크 편집부"', 'msgstr "*뉴스데스크* 편집부"'), encoding="utf-8")
    line = po.read_text(encoding="utf-8").split("\n").index('msgstr "*뉴스데스크* 편집부"')  # msgid is the line before
    fails_with(project, tmp_path, f"{KO_PO}:{line}: translation changes the inline markup")


@pytest.mark.parametrize("change, expected", [
    (("charset=utf-8", "charset=EUC-KR"), "charset must be UTF-8"),
    (("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"), "Plural-Forms for 'ko' must be"),
])
def test_catalog_header_problems_stop_the_build(project: Path, tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    po = project / KO_PO
    text = po.read_text(encoding="utf-8").replace(*change)
    po.write_text(text, encoding="utf-8")
    line = next(n for n, line in enumerate(text.split("\n"), 1) if change[1] in line)
    fails_with(project, tmp_path, f"{KO_PO}:{line}: {expected}")


def test_duplicate_msgid(project: Path, tmp_path: Path) -> None:
    po = project / KO_PO
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Trade"\nmsgstr "무역"\n', encoding="utf-8")
    fails_with(project, tmp_path, "duplicate msgid")


def test_a_catalog_for_a_missing_document_is_a_warning(project: Path, tmp_path: Path) -> None:
    (project / "locales" / "ko" / "content" / "gone.po").write_bytes((project / KO_PO).read_bytes())
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.returncode == 0
    assert "locales/ko/content/gone.po: warning: catalog for a document that does not exist ('gone')" in result.stderr


def test_a_character_no_font_can_print_stops_the_brief(project: Path, tmp_path: Path) -> None:
    # (Emoji, control and invisible characters are refused earlier, at their catalog line:
    # tests/test_catalog_hardening.py. A letter of a script the fonts lack reaches the brief.)
    edit(project, JA_PO, 'msgstr "ニュースデスク編集部"', 'msgstr "ニュースデスク編集部क"')
    fails_with(project, tmp_path, f"{ARTICLE}: the ja brief has characters no bundled font can print: 'क' (U+0915)")


def test_a_second_build_of_the_same_output_fails_clearly(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    with open(lock, "w") as handle:
        handle.write("12345")
        handle.flush()
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 1
    assert "another build (pid 12345) is writing this output" in result.stderr
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killing_a_build_while_it_renders_briefs_leaves_the_site_as_it_was(project: Path, tmp_path: Path, jobs: str) -> None:
    """Killed hard, with or without brief workers: the site is untouched, no worker lives on
    (an orphan would keep the output's lock), and the next build succeeds."""
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(project), "build",
                                "--out", str(out), "--jobs", jobs, "--pack"],  # packs: more work after the briefs
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    # The brief stage has begun once WeasyPrint is loaded: wait for the worker to open a font.
    while time.monotonic() < deadline and process.poll() is None:
        maps = Path(f"/proc/{process.pid}/maps")
        if maps.exists() and "libpango" in maps.read_text(errors="ignore"):
            break
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the build finished before it could be interrupted"
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    while jobs == "2" and time.monotonic() < deadline and len(children.read_text().split()) < 2:
        time.sleep(0.05)  # the workers fork once WeasyPrint is loaded
    workers = [int(c) for c in children.read_text().split()]
    assert len(workers) == (2 if jobs == "2" else 0)
    time.sleep(0.2)  # rendering
    assert process.poll() is None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not alive_after(workers, 10), "brief workers outlived the build"
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert list(out.rglob("*.pdf"))
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".public.staging")]
    assert leftovers == [] or all(p for p in leftovers)  # a killed build's staging is inert; the next build ignores it


def test_update_writes_catalogs_atomically(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.translate import workflow

    path = project / KO_PO
    original = path.read_bytes()

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workflow.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        workflow.atomic_write(path, b"truncated")
    assert path.read_bytes() == original
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
