"""Incremental builds give exactly the bytes of a clean build, and re-render only what changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import (
    ARTICLE,
    ROOT,
    SLUG,
    assert_same_as_clean,
    edit,
    inodes,
    rendered,
    rerendered,
    run_build,
    tree,
)

pytestmark = pytest.mark.e2e


def test_each_kind_of_edit_rebuilds_to_the_clean_result(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert "0 held back" in first

    # Nothing changed: nothing is rendered.
    assert rendered(run_build(project, "build", "--out", str(out), "--no-briefs").stdout) == 0

    # A catalog entry: only that locale's page of that document (and the site-wide pages).
    before = inodes(out)
    edit(project, f"locales/ko/content/{SLUG}.po", 'msgstr "뉴스데스크 편집부"', 'msgstr "뉴스데스크 취재팀"')
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert rerendered(out, before) == {f"ko/{SLUG}/index.html"}
    assert "뉴스데스크 취재팀" in (out / "ko" / SLUG / "index.html").read_text(encoding="utf-8")

    # A catalog entry marked fuzzy: the version is incomplete, held back; finished again, back.
    edit(project, f"locales/ja/content/{SLUG}.po", 'msgid "Newsdesk staff"', '#, fuzzy\nmsgid "Newsdesk staff"')
    assert "1 held back" in assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert not (out / "ja" / SLUG).exists()
    edit(project, f"locales/ja/content/{SLUG}.po", '#, fuzzy\nmsgid "Newsdesk staff"', 'msgid "Newsdesk staff"')
    assert "0 held back" in assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert (out / "ja" / SLUG / "index.html").is_file()

    # A source edit: the translations no longer match, so ko and ja are held back.
    edit(project, ARTICLE, "byline: Newsdesk staff", "byline: Newsdesk editors")
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert not (out / "ko" / SLUG).exists() and (out / "en" / SLUG / "index.html").is_file()

    # A document added, then renamed, then removed.
    added = project / "content" / "articles" / "second.md"
    added.write_text((project / ARTICLE).read_text(encoding="utf-8").replace(f"slug: {SLUG}", "slug: second-story")
                     .replace("2026-01-14T00:00:00+09:00", "2026-01-15T00:00:00+09:00"), encoding="utf-8")
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert (out / "en" / "second-story" / "index.html").is_file()
    edit(project, "content/articles/second.md", "slug: second-story", "slug: renamed-story")
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert not (out / "en" / "second-story").exists() and (out / "en" / "renamed-story").is_dir()
    added.unlink()
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert not (out / "en" / "renamed-story").exists()

    # A template: every page.
    edit(project, "templates/base.html", "<footer class=\"colophon\">", "<footer class=\"colophon edited\">")
    before = inodes(out)
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert rerendered(out, before) == set(inodes(out))


def test_briefs_are_reused_until_their_inputs_change(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert_same_as_clean(project, out, tmp_path)
    before = tree(out)
    # A page template edit re-renders pages, never briefs.
    edit(project, "templates/base.html", "<footer class=\"colophon\">", "<footer class=\"colophon edited\">")
    links = inodes(out)
    assert_same_as_clean(project, out, tmp_path)
    assert rerendered(out, links) == {rel for rel in links if rel.endswith(".html")}
    assert all(tree(out)[rel] == data for rel, data in before.items() if rel.endswith(".pdf"))
    # A Japanese catalog edit re-renders that brief and that page only.
    before = inodes(out)
    edit(project, f"locales/ja/content/{SLUG}.po", 'msgstr "ニュースデスク編集部"', 'msgstr "ニュースデスク取材班"')
    assert_same_as_clean(project, out, tmp_path)
    assert rerendered(out, before) == {f"ja/{SLUG}/index.html", f"ja/{SLUG}/{SLUG}-ja.pdf"}


def test_clean_forces_a_full_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    before = inodes(out)
    result = run_build(project, "build", "--out", str(out), "--no-briefs", "--clean")
    assert result.returncode == 0
    assert rerendered(out, before) == set(inodes(out))


def test_a_full_build_hashes_its_inputs_in_a_child_process_as_it_would_itself(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.builder import manifest

    assert manifest.scan_aside(project)() == manifest.scan(project, None)
    # A child that cannot finish: the build scans again itself (and meets the error itself).
    build_process, scan = os.getpid(), manifest.scan

    def failing_in_child(root: Path, previous: manifest.Manifest | None) -> dict[str, list[object]]:
        if os.getpid() != build_process:
            raise PermissionError(13, "Permission denied", str(root / "content"))
        return scan(root, previous)

    monkeypatch.setattr(manifest, "scan", failing_in_child)
    assert manifest.scan_aside(project)() == scan(project, None)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_briefs_are_the_same_whatever_the_number_of_workers(project: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--jobs", jobs)
    assert result.returncode == 0, result.stderr
    reference = tmp_path / "reference"
    shutil.copytree(out, reference)
    other = run_build(project, "build", "--out", str(tmp_path / "other"), "--jobs", "2" if jobs == "1" else "1")
    assert other.returncode == 0
    assert tree(tmp_path / "other") == tree(reference)


def test_a_build_interrupted_while_it_moves_outputs_in_is_finished_by_the_next(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the commit point an incremental build moves changed files in one by one; killed there,
    the output is part old, part new, until the next build (even one with nothing to do) completes it."""
    from newsdesk.builder import output
    from newsdesk.builder.options import BuildOptions
    from newsdesk.builder.pipeline import build
    from newsdesk.config import load_settings

    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    # Every Korean page changes, a minority of the site: moved in one by one.
    edit(project, "locales/ko/site.po", 'msgstr "본문 바로가기"', 'msgstr "본문으로 건너뛰기"')
    moved = []
    real_move = output._move

    def move_then_die(source: Path, target: Path) -> None:
        if len(moved) == 2:
            raise KeyboardInterrupt  # as if the process were killed
        real_move(source, target)
        moved.append(target)

    monkeypatch.setattr(output, "_move", move_then_die)
    with pytest.raises(KeyboardInterrupt):
        build(load_settings(project), BuildOptions(out=out, briefs=False))
    monkeypatch.setattr(output, "_move", real_move)
    pages = [p for p in (out / "ko").rglob("index.html")]
    edited = [p for p in pages if "본문으로 건너뛰기" in p.read_text(encoding="utf-8")]
    assert 0 < len(edited) < len(pages)  # half-way, as the interruption left it
    assert (tmp_path / ".public.commit").is_dir()

    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / ".public.commit").exists()
    clean = tmp_path / "clean"
    assert run_build(project, "build", "--out", str(clean), "--no-briefs", "--clean").returncode == 0
    assert tree(out) == tree(clean)


def test_a_change_to_most_of_the_site_swaps_in_a_whole_new_folder(project: Path, tmp_path: Path) -> None:
    """A template edit changes every page: staging them all and swapping the folder costs less than
    moving thousands of files in one by one, and leaves no commit behind."""
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    folder = out.stat().st_ino
    edit(project, "templates/base.html", "<footer class=\"colophon\">", "<footer class=\"colophon edited\">")
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert out.stat().st_ino != folder
    # A small edit updates the folder in place.
    folder = out.stat().st_ino
    edit(project, f"locales/ko/content/{SLUG}.po", 'msgstr "뉴스데스크 편집부"', 'msgstr "뉴스데스크 취재팀"')
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    assert out.stat().st_ino == folder


def test_html_only_builds_never_load_weasyprint_and_no_op_builds_no_renderer(project: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    def imported(*args: str) -> str:
        result = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "build.py"), "--root", str(project), *args],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        return "\n".join(line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line)

    out = str(tmp_path / "public")
    first = imported("build", "--out", out, "--no-briefs").split("\n")
    assert "jinja2" in first and not any(name.startswith("weasyprint") for name in first)
    again = imported("build", "--out", out, "--no-briefs").split("\n")
    assert not any(name.split(".")[0] in ("jinja2", "babel", "weasyprint", "yaml") for name in again)


def test_a_front_page_is_rendered_again_only_when_its_entry_for_a_document_changes(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")
    po = f"locales/ko/content/{SLUG}.po"

    # A heading in the body: the page and the feed (which carries the text) change; the front page,
    # which lists the headline and the deck, is not rendered again.
    edit(project, po, 'msgstr "AI 인프라"', 'msgstr "인공지능 인프라"')
    assert rendered(assert_same_as_clean(project, out, tmp_path, "--no-briefs")) == 2
    assert "인공지능 인프라" in (out / "ko" / SLUG / "index.html").read_text(encoding="utf-8")

    # The headline: the front page shows it, so it is rendered again too.
    edit(project, po, '구축 촉구"', '구축 요구"')
    # The page, the feed and the front page (no document of the fixture site names it as related).
    assert rendered(assert_same_as_clean(project, out, tmp_path, "--no-briefs")) == 3
    assert "구축 요구" in (out / "ko" / "index.html").read_text(encoding="utf-8")


def test_an_output_deleted_by_hand_comes_back_with_or_without_an_edit(project: Path, tmp_path: Path) -> None:
    """The no-op check and an edit's build both notice an output that is no longer in the folder."""
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    page = out / "ja" / SLUG / "index.html"
    page.unlink()
    result = run_build(project, "build", "--out", str(out), "--no-briefs")  # no input changed
    assert result.returncode == 0, result.stderr
    assert rendered(result.stdout) >= 1 and page.is_file()
    page.unlink()
    edit(project, f"locales/ko/content/{SLUG}.po", 'msgstr "뉴스데스크 편집부"', 'msgstr "뉴스데스크 취재팀"')
    assert_same_as_clean(project, out, tmp_path, "--no-briefs")  # its Korean catalog edited: the Japanese page is made again
    assert page.is_file()
