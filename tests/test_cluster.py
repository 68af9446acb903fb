"""build --scheduler: the briefs printed on a Dask cluster (a LocalCluster of worker processes
here) are the bytes local workers print, a worker killed under a brief changes nothing, and a
cluster that cannot be reached, or a brief that cannot be printed, is one clear error with
nothing published. A build without a scheduler never imports Dask."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, add_site_parts, copy_project, generated_archive, recorded, run_build, tree

pytest.importorskip("distributed", reason="the [cluster] extra: pip install 'newsdesk[cluster]'")
pytestmark = pytest.mark.e2e


def figure_project(tmp_path: Path) -> Path:
    """The figure fixture with the real templates and the fixture site's site catalogs."""
    return add_site_parts(copy_project(tmp_path / "project", FIXTURES / "figure"))

DOCUMENTS = 6  # x 3 locales, and the figure fixture's 3: 21 briefs, a few seconds on two workers


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated documents and a document with a figure (a content image the workers must get)."""
    project = generated_archive(tmp_path_factory.mktemp("cluster") / "project", DOCUMENTS)
    figure = FIXTURES / "figure"
    shutil.copytree(figure / "content" / "articles", project / "content" / "articles")
    for locale in ("ko", "ja"):
        shutil.copy(figure / "locales" / locale / "content" / "trade-chart.po",
                    project / "locales" / locale / "content" / "trade-chart.po")
    return project


@pytest.fixture(scope="module")
def local(archive: Path) -> Path:
    """The archive built by local workers: what every cluster build must give, byte for byte."""
    out = archive.parent / "local"
    result = run_build(archive, "build", "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert len(list(out.rglob("*.pdf"))) == 3 * DOCUMENTS + 3
    return out


def test_a_cluster_build_gives_the_bytes_of_a_local_build(archive: Path, local: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run_build(archive, "build", "--out", str(out), "--scheduler", "local:2")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "LocalCluster of 2 worker(s); dashboard: http://" in result.stderr
    assert tree(out) == tree(local)
    assert recorded(out) == recorded(local)  # the next build, local or not, reuses them all
    again = run_build(archive, "build", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "(0 rendered" in again.stdout


def test_a_worker_killed_under_a_brief_changes_nothing(archive: Path, local: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(archive), "build",
                                "--out", str(out), "--scheduler", "local:2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # Once the first brief is staged the workers are printing the next ones (two jobs
        # each are queued ahead): kill one of them under its brief.
        deadline = time.monotonic() + 120
        staged: list[Path] = []
        while time.monotonic() < deadline and process.poll() is None and not staged:
            staged = list(tmp_path.glob(".public.staging-*/**/*.pdf"))
            time.sleep(0.02)
        assert staged, "the build never staged a brief"
        workers = dask_workers(process.pid)
        assert len(workers) == 2, workers
        os.kill(busy(workers), signal.SIGKILL)
        killed_with_briefs_left = len(list(tmp_path.glob(".public.staging-*/**/*.pdf"))) < 3 * DOCUMENTS + 3
        _, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert killed_with_briefs_left
    assert process.returncode == 0, stderr.decode()
    assert tree(out) == tree(local)


def test_a_scheduler_that_goes_away_mid_build_publishes_nothing(archive: Path, tmp_path: Path) -> None:
    """A scheduler and a worker as on two machines (`dask scheduler`, `dask worker`); the scheduler
    stops while briefs are being printed: one line naming it, exit 1, nothing published."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    scheduler = subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    worker = None
    try:
        address = ""
        while not address and scheduler.stderr is not None:
            line = scheduler.stderr.readline()
            assert line, "the scheduler did not start"
            if "Scheduler at:" in line:
                address = line.split("Scheduler at:", 1)[1].strip()
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                   "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        out = tmp_path / "public"
        build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(archive), "build", "--out", str(out),
                                  "--scheduler", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None and not list(tmp_path.glob(".public.staging-*/**/*.pdf")):
            time.sleep(0.05)
        assert build.poll() is None, build.communicate()
        scheduler.kill()
        _, stderr = build.communicate(timeout=120)
    finally:
        for process in (scheduler, worker):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    assert build.returncode == 1
    assert f"scheduler: lost the Dask scheduler at {address}" in stderr and "nothing was published" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".public.staging-*"))


def dask_workers(build: int) -> list[int]:
    """The worker processes a build's LocalCluster started (spawned children of the build)."""
    children = [int(pid) for task in Path(f"/proc/{build}/task").glob("*/children")
                for pid in task.read_text().split()]
    return [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def busy(workers: list[int]) -> int:
    """A worker that is computing (printing a brief), if one is seen to within a few seconds."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for pid in workers:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R":
                return pid
        time.sleep(0.005)
    return workers[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_scheduler_nobody_runs_is_one_line_and_nothing_is_published(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out)).returncode == 0
    before = tree(out)
    doc = project / "content" / "articles" / "trade-chart.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("third year", "third year running"), encoding="utf-8")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "NEWSDESK_SCHEDULER": address, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "build", "--out", str(out)],
                            capture_output=True, text=True, timeout=300, env=env, check=False)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"scheduler: no Dask scheduler answers at {address} (waited 2s: OSError); nothing was published"
    assert "Traceback" not in result.stderr
    assert tree(out) == before
    assert not list(tmp_path.glob(".public.staging-*"))


NO_DASK = """
import json, sys
from newsdesk.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed"))]))
"""


def test_a_scheduler_address_is_checked_before_anything_is_built(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--scheduler", "local:0")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("--scheduler: scheduler 'local:0' must be a Dask scheduler address such as "
                                             "tcp://host:8786, or local:N")
    (project / "site.toml").write_text((project / "site.toml").read_text(encoding="utf-8").replace(
        "[site_name]", 'scheduler = "8786"\n\n[site_name]'), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("site.toml:") and "scheduler '8786' must be" in result.stderr
    assert not (tmp_path / "public").exists()


def test_a_build_without_a_scheduler_never_imports_dask(tmp_path: Path) -> None:
    project = figure_project(tmp_path)
    out = tmp_path / "public"
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_SCHEDULER"}
    result = subprocess.run([sys.executable, "-c", NO_DASK, "--root", str(project), "build", "--out", str(out)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [0, []]
    assert len(list(out.rglob("*.pdf"))) == 3


@pytest.mark.parametrize("break_it", ["refused", "glyph"])
def test_a_brief_that_cannot_be_printed_is_the_local_builds_error(tmp_path: Path, break_it: str) -> None:
    """A resource the sandbox refuses (seen by the worker) or a character no font has (seen by
    the build before it sends the brief): ``path: message``, as a local build says it."""
    project = figure_project(tmp_path)
    if break_it == "refused":
        base = project / "templates" / "brief" / "base.html"
        base.write_text(base.read_text(encoding="utf-8").replace(
            "<body", '<img src="file:///etc/hostname" alt="x">\n<body'), encoding="utf-8")
    else:
        catalog = project / "locales" / "ja" / "content" / "trade-chart.po"
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace("3年連続で増加", "3年連続で増加क"), encoding="utf-8")
    said = {}
    for how in (("--jobs", "1"), ("--scheduler", "local:1")):
        out = tmp_path / f"public-{how[0].strip('-')}"
        result = run_build(project, "build", "--out", str(out), *how)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        said[how[0]] = [line for line in result.stderr.splitlines() if line.startswith("content/")]
        assert not out.exists()
    assert said["--scheduler"] == said["--jobs"]
    expected = "refers to resources outside the project's assets: file:///etc/hostname" if break_it == "refused" \
        else "characters no bundled font can print"
    assert said["--jobs"] and all(line.startswith("content/articles/trade-chart.md: the ") and expected in line
                                  for line in said["--jobs"]), said


def test_an_asset_the_html_scan_misses_is_still_printed(tmp_path: Path) -> None:
    """The build finds what a brief reads by scanning its HTML; a reference it cannot see (an
    unquoted attribute) comes back refused from the worker, the sandbox allows it, and the
    brief is printed again with it: the bytes of a local build."""
    project = figure_project(tmp_path)
    base = project / "templates" / "brief" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        '{% block main %}', '<img src=../static/logo.png alt=Newsdesk>\n{% block main %}'), encoding="utf-8")
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    assert run_build(project, "build", "--out", str(local), "--jobs", "1").returncode == 0
    result = run_build(project, "build", "--out", str(cluster), "--scheduler", "local:1")
    assert result.returncode == 0, result.stderr
    assert tree(cluster) == tree(local)


def test_a_worker_prints_only_what_the_job_carries_and_refuses_another_engine(tmp_path: Path) -> None:
    """The task itself, in this process: the bytes of a local brief from the job's table alone;
    a file it does not name is refused even if it is on this disk; a worker missing an asset
    says which; a worker of another engine refuses the job."""
    from newsdesk.builder.cluster import Assets, PrintJob, engine_version, print_brief
    from newsdesk.catalogs.catalog import load_catalogs
    from newsdesk.config import load_settings
    from newsdesk.content.load import load_content
    from newsdesk.errors import Problems
    from newsdesk.localize.edition import make_edition
    from newsdesk.render.briefs import BriefRenderer, identifier
    from newsdesk.render.templating import Templates

    project = figure_project(tmp_path)
    settings = load_settings(project)
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    catalogs = load_catalogs(settings, documents, Problems())
    doc = next(d for d in make_edition(settings, documents, catalogs, False).briefable() if d.locale == "en")
    renderer = BriefRenderer(settings, Templates(settings.templates_dir, settings.root))
    markup = renderer.html(doc, catalogs.site["en"])
    assets = Assets(settings, None)  # type: ignore[arg-type]
    table = assets.table(markup, renderer.base_url)
    assert sorted(Path(key).name for key in table) == ["NotoSansJP-Bold.ttf", "NotoSansJP-Regular.ttf", "NotoSansKR-Bold.ttf",
                                                      "NotoSansKR-Regular.ttf", "brief.css", "chart.png"]
    carried = {digest: assets.files[digest].read_bytes() for digest in table.values()}
    job = PrintJob("en/trade-chart/trade-chart-en.pdf", markup, renderer.base_url, identifier(doc.slug, doc.locale),
                   table, carried, engine_version())
    assert print_brief(job).pdf == renderer.render(doc, catalogs.site["en"])

    chart = next(key for key in table if key.endswith("chart.png"))
    without = print_brief(PrintJob(job.rel, markup, job.base_url, job.file_id,
                                   {k: v for k, v in table.items() if k != chart}, carried, job.engine))
    assert without.pdf == b"" and without.refused == [Path(chart).as_uri()]
    missing = print_brief(PrintJob(job.rel, markup, job.base_url, job.file_id, table,
                                   {k: v for k, v in carried.items() if k != table[chart]}, job.engine))
    assert missing.missing == [table[chart]] and missing.pdf == b""
    other = print_brief(PrintJob(job.rel, markup, job.base_url, job.file_id, table, carried, "newsdesk 0.0.1"))
    assert other.engine == engine_version() and other.pdf == b""
