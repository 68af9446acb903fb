"""A large archive's first and clean builds parse in workers (builder/prefill.py) and render pages in
short-lived worker shares (builder/workers.py): the site is the same, byte for byte, as one process
makes it, and a bad document is reported as it always is."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import generated_archive, recorded, run_build, tree

from newsdesk.builder.memo import shard_of
from newsdesk.builder.prefill import PREFILL_FROM
from newsdesk.builder.workers import SHARE

COUNT = 700  # over PREFILL_FROM documents, and over 2 x SHARE outputs: three page workers or more

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert COUNT >= PREFILL_FROM and COUNT * 3 > 2 * SHARE
    return generated_archive(tmp_path_factory.mktemp("scale") / "project", COUNT)


def build(project: Path, out: Path, *args: str) -> str:
    result = run_build(project, "build", "--out", str(out), "--no-briefs", "--verbose", *args)
    assert result.returncode == 0, result.stderr
    return result.stderr + result.stdout


def test_a_first_build_in_workers_makes_what_one_process_makes(archive: Path, tmp_path: Path) -> None:
    log = build(archive, tmp_path / "workers", "--jobs", "2")
    shards = {shard_of(p.relative_to(archive).as_posix()) for p in (archive / "content").rglob("*.md")}
    assert "prefill" in log and f"({len(shards)} shards)" in log  # every shard with documents parsed by a worker
    assert len(list((archive / ".newsdesk-cache" / "parsed").glob("*.pickle"))) == len(shards)
    (archive / ".newsdesk-cache").rename(tmp_path / "cache-of-the-workers")
    one = build(archive, tmp_path / "one", "--jobs", "1")  # no cache, no workers: parsed here
    assert "prefill" in one and "(0 shards)" in one
    assert tree(tmp_path / "workers") == tree(tmp_path / "one")
    assert recorded(tmp_path / "workers") == recorded(tmp_path / "one")


def test_a_clean_build_parses_again_and_a_rebuild_reuses_the_workers_parse(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(archive, out)
    story = next((archive / "content").rglob("story-00042.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\n---\nA new first line.\n\n", 1),
                     encoding="utf-8")
    clean = build(archive, out, "--clean")
    assert "prefill" in clean and " shards)" in clean and "(0 shards)" not in clean
    assert "A new first line." in (out / "en" / "story-00042" / "index.html").read_text(encoding="utf-8")
    rebuild = build(archive, out)
    assert "prefill" not in rebuild  # parsed by the clean build's workers: nothing to parse again
    assert "(0 rendered" in rebuild


def test_a_broken_document_in_a_large_archive_is_reported_by_file_and_line(archive: Path, tmp_path: Path) -> None:
    story = next((archive / "content").rglob("story-00311.md"))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("source_locale: en", "source_locale: en\ntopics: [unclosed", 1), encoding="utf-8")
    try:
        result = run_build(archive, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--clean")
        assert result.returncode == 1
        rel = story.relative_to(archive).as_posix()
        assert f"{rel}:" in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "public").exists()
    finally:
        story.write_text(text, encoding="utf-8")
