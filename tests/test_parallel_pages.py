"""Pages render in forked workers when 300 or more change (render.py): 110 generated documents in
three locales make 330 pages. The workers' site is the one process's, a template error in them is
one clear error, and a build killed hard takes its workers with it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, alive_after, generated_archive, rendered, run_build, tree

COUNT = 110

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_archive(tmp_path_factory.mktemp("parallel") / "project", COUNT)


@pytest.fixture
def project(archive: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(archive, tmp_path / "project"))


def test_two_workers_build_the_site_one_process_builds(archive: Path, tmp_path: Path) -> None:
    forked = run_build(archive, "build", "--no-briefs", "--jobs", "2", "--out", str(tmp_path / "two"))
    assert forked.returncode == 0, forked.stderr
    assert rendered(forked.stdout) >= 3 * COUNT  # enough to fork
    alone = run_build(archive, "build", "--no-briefs", "--jobs", "1", "--out", str(tmp_path / "one"))
    assert alone.returncode == 0, alone.stderr
    pages = tree(tmp_path / "two")
    assert sum(1 for rel in pages if rel.endswith("/index.html")) > 3 * COUNT
    assert pages == tree(tmp_path / "one")


def test_a_template_error_in_the_workers_is_said_once_and_nothing_is_published(project: Path) -> None:
    out = project.parent / "public"
    assert run_build(project, "build", "--no-briefs", "--out", str(out)).returncode == 0
    before = tree(out)
    template = project / "templates" / "article.html"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, 1) if "<h1>" in text)
    lines[line - 1] = lines[line - 1].replace("<h1>", "<h1>{{ doc.no_such_field.x }}")
    template.write_text("".join(lines), encoding="utf-8")

    result = run_build(project, "build", "--no-briefs", "--jobs", "2", "--out", str(out))
    assert result.returncode == 1
    problems = [text for text in result.stderr.splitlines() if text.startswith("templates/")]
    said = f"templates/article.html:{line}: UndefinedError: 'newsdesk.localize.localized.LocalizedDocument object' has no attribute 'no_such_field'"
    assert problems == [said]
    assert tree(out) == before
    assert not list(project.parent.glob(".public.staging-*"))


def slow_build(project: Path, out: Path, loops: int) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A build whose pages take long (an empty loop of ``loops`` turns in the base template), once
    it has forked its two page workers."""
    template = project / "templates" / "base.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "<main", f"{{% for i in range({loops}) %}}{{% endfor %}}<main", 1), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(project), "build",
                                "--no-briefs", "--jobs", "2", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and process.poll() is None and len(workers) < 2:
        workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        time.sleep(0.01)
    assert len(workers) == 2, "the build never forked its page workers"
    time.sleep(0.3)  # rendering
    assert process.poll() is None, "the build finished before it could be interrupted"
    return process, workers


def test_killing_the_build_stops_its_page_workers(project: Path) -> None:
    """An orphaned worker would keep the output's lock: no build could run until it finished."""
    out = project.parent / "public"
    assert run_build(project, "build", "--no-briefs", "--out", str(out)).returncode == 0
    before = tree(out)
    original = (project / "templates" / "base.html").read_text(encoding="utf-8")
    process, workers = slow_build(project, out, 2_000_000)  # ~0.1 s a page: minutes of work left when killed
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not alive_after(workers, 3), "page workers outlived the build"
    assert tree(out) == before
    (project / "templates" / "base.html").write_text(original, encoding="utf-8")
    result = run_build(project, "build", "--no-briefs", "--out", str(out))
    assert result.returncode == 0, result.stderr


def test_a_page_worker_killed_fails_the_build_and_nothing_is_published(project: Path) -> None:
    """An out-of-memory kill of one worker: the build says so, waits for the other, and leaves the site."""
    out = project.parent / "public"
    assert run_build(project, "build", "--no-briefs", "--out", str(out)).returncode == 0
    before = tree(out)
    process, workers = slow_build(project, out, 100_000)  # ~5 ms a page: the other worker soon done
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1
    assert "build: a render worker stopped (killed by signal 9); nothing was published" in stderr.decode()
    assert not alive_after(workers, 1)
    assert tree(out) == before
    assert not list(project.parent.glob(".public.staging-*"))
