"""Hardening, round 2: what a red-team run and a new user found, each held by a test."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_project, run_build

from newsdesk.preview.guard import IDLE_SECONDS, MAX_WAITING

pytestmark = pytest.mark.e2e  # real builds (see tests/README.md: markers)

DOC = "content/articles/trade-chart.md"


def small_project(tmp_path: Path) -> Path:
    """One article with a figure, in three locales, with the real templates and site catalogs."""
    project = copy_project(tmp_path / "project", FIXTURES / "figure")
    shutil.copytree(ROOT / "templates", project / "templates")
    for locale in ("ko", "ja", "en"):
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / locale / "site.po", project / "locales" / locale / "site.po")
    return project


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built(project: Path, *args: str) -> str:
    result = run_build(project, "build", *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


# -- Output and publishing ------------------------------------------------------------------------


@pytest.mark.parametrize("mask, folder, file", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_the_output_has_the_modes_the_umask_gives(tmp_path: Path, mask: int, folder: int, file: int) -> None:
    project = small_project(tmp_path)
    out = tmp_path / "site"
    with umask(mask):
        built(project, "--out", str(out), "--no-briefs")
        edit(project, DOC, "grew for a third year", "grew again")
        built(project, "--out", str(out), "--no-briefs")  # an incremental build keeps them
        built(project, "--out", str(out), "--no-briefs", "--clean")  # and a whole folder swapped in
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    wrong = {str(p.relative_to(tmp_path)): oct(m) for p, m in modes.items() if m != (folder if p.is_dir() else file)}
    assert not wrong


def test_a_draft_build_marks_its_drafts_and_lists_them_nowhere(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    edit(project, "locales/ko/content/trade-chart.po", 'msgstr "뉴스데스크 편집부"', 'msgstr ""')
    out = tmp_path / "site"
    built(project, "--out", str(out), "--no-briefs", "--drafts")
    draft = (out / "ko" / "trade-chart" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in draft
    assert "번역 진행 중: 이 페이지는 초안입니다." in draft  # the words, in the page's language
    assert '<span class="pending" lang="en">Newsdesk staff</span>' in draft
    assert 'hreflang="ko"' in draft  # the draft names itself among its versions, and links the others
    for finished in ("en", "ja"):
        page = (out / finished / "trade-chart" / "index.html").read_text(encoding="utf-8")
        assert "noindex" not in page and "draft-notice" not in page
        assert 'hreflang="ko"' not in page and "/ko/trade-chart/" not in page
        assert "/ko/trade-chart/" not in (out / finished / "feed.xml").read_text(encoding="utf-8")
    assert "trade-chart" not in (out / "ko" / "index.html").read_text(encoding="utf-8")
    assert "trade-chart" not in (out / "ko" / "feed.xml").read_text(encoding="utf-8")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/trade-chart/" in sitemap and "/ko/trade-chart/" not in sitemap


@pytest.mark.parametrize("clean", [False, True])
def test_the_summary_names_the_published_pages_and_briefs_a_build_withdrew(tmp_path: Path, clean: bool) -> None:
    project = small_project(tmp_path)
    out = tmp_path / "site"
    built(project, "--out", str(out))
    assert (out / "ko" / "trade-chart" / "trade-chart-ko.pdf").is_file()
    edit(project, "locales/ko/content/trade-chart.po", 'msgstr "뉴스데스크 편집부"', 'msgstr ""')
    edit(project, "locales/ko/content/trade-chart.po", 'msgstr "© 뉴스데스크."', 'msgstr ""')
    result = run_build(project, "build", "--out", str(out), *(["--clean"] if clean else []))
    assert result.returncode == 0, result.stderr
    assert ("withdrawn trade-chart [ko]: page ko/trade-chart/ and brief ko/trade-chart/trade-chart-ko.pdf removed "
            "from the site (the translation is incomplete: 2 untranslated, 0 fuzzy)") in result.stderr
    assert ", 1 held back, 1 withdrawn in " in result.stdout
    assert not (out / "ko" / "trade-chart").exists()
    again = run_build(project, "build", "--out", str(out))  # nothing more is withdrawn
    assert "withdrawn" not in again.stdout + again.stderr and "1 held back in" in again.stdout


KILLABLE = ("rename", "renameat", "renameat2", "rmdir", "unlinkat")  # every step that moves or removes a file


def killed_at(project: Path, out: Path, call: str, step: int, no_exchange: bool) -> bool:
    """A build killed (SIGKILL) when one of its processes is about to make its ``step``-th
    ``call``; False if it finished before. ``no_exchange``: as on a file system without
    renameat2(RENAME_EXCHANGE)."""
    fallback = ["-e", "inject=renameat2:error=EINVAL"] if no_exchange and call != "renameat2" else []
    result = subprocess.run(
        ["strace", "-f", "-o", "/dev/null", "-e", f"trace={call}" + (",renameat2" if fallback else ""), "-e", f"inject={call}:signal=SIGKILL:when={step}",
         *fallback,
         sys.executable, str(ROOT / "build.py"), "--root", str(project), "build", "--out", str(out), "--no-briefs"],
        capture_output=True, text=True, timeout=300, check=False)
    return result.returncode != 0


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace to inject the kills")
@pytest.mark.parametrize("change, no_exchange", [("templates/base.html", False), ("templates/base.html", True),
                                                 ("templates/static/site.css", False)])
def test_a_build_killed_at_any_step_of_publishing_leaves_a_whole_site(tmp_path: Path, change: str,
                                                                      no_exchange: bool) -> None:
    """A template edit publishes a whole new folder (swapped in); a stylesheet edit commits one
    file into the old one. A kill at any rename or removal leaves a whole output, and the next
    build (plain, not --clean) finishes the job and leaves nothing behind."""
    project = small_project(tmp_path)
    out = tmp_path / "out" / "site"
    built(project, "--out", str(out), "--no-briefs")
    kills = 0
    for call in KILLABLE:
        for step in range(1, 40):
            kills += 1
            (project / change).write_text((project / change).read_text(encoding="utf-8") + f"\n{{# {kills} #}}\n"
                                          if change.endswith(".html") else f"/* {kills} */\n", encoding="utf-8")
            killed = killed_at(project, out, call, step, no_exchange)
            page = out / "en" / "trade-chart" / "index.html"
            if not no_exchange:  # two renames have an instant between them: the next build repairs it
                assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), (call, step)
            result = run_build(project, "build", "--out", str(out), "--no-briefs")
            assert result.returncode == 0 and "Traceback" not in result.stderr, (call, step, result.stderr)
            assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), (call, step)
            if change.endswith(".css"):
                assert (out / "static" / "site.css").read_text(encoding="utf-8") == f"/* {kills} */\n"
            if not killed:
                break
    (project / change).write_text((project / change).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    built(project, "--out", str(out), "--no-briefs")  # a build that publishes removes what killed ones left
    time.sleep(1)  # removals run in the background
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.lock", ".site.manifest.json", "site"]
    assert "0 rendered" in run_build(project, "build", "--out", str(out), "--no-briefs").stdout


# -- Inputs that are not regular files ------------------------------------------------------------


@pytest.mark.parametrize("rel, target", [
    ("content/articles/leak.md", "outside"),  # a document outside the project, published as ours
    ("templates/static/leak.css", "/etc/passwd"),  # copied into the site as it is
    ("templates/leak.html", "/proc/self/mem"),
    ("content/linked", "folder"),  # a linked folder
])
def test_symbolic_links_in_content_and_templates_are_refused(tmp_path: Path, rel: str, target: str) -> None:
    project = small_project(tmp_path)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "leak.md").write_text((project / DOC).read_text(encoding="utf-8").replace(
        "slug: trade-chart", "slug: leak").replace("The figures cover", "SECRET-TOKEN The figures cover"), encoding="utf-8")
    (project / rel).symlink_to({"outside": secret / "leak.md", "folder": secret}.get(target, target))
    out = tmp_path / "out"
    for command in (["build", "--out", str(out)], ["extract"], ["check"]):
        result = run_build(project, *command)
        assert result.returncode == 1, (command, result.stdout)
        assert f"{rel}: a symbolic link; newsdesk reads only regular files and folders inside the project" in result.stderr
        assert "Traceback" not in result.stderr and "SECRET" not in result.stdout + result.stderr
        assert "root:" not in result.stderr
    assert not out.exists()
    assert not (project / "locales" / "pot" / "content" / "leak.pot").exists()


def test_a_pipe_in_content_is_refused_not_waited_on(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    os.mkfifo(project / "content" / "articles" / "pipe.md")
    for command in (["build", "--out", str(tmp_path / "out")], ["extract"]):
        result = run_build(project, *command)
        assert result.returncode == 1
        assert "content/articles/pipe.md: not a regular file (a device, pipe or socket)" in result.stderr


# -- Active files ---------------------------------------------------------------------------------

PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#8b1a1a"/></svg>'


@pytest.mark.parametrize("svg, why", [
    (PLAIN_SVG.replace("<rect", "<script>alert(document.domain)</script><rect"), "has active content (<script>)"),
    (PLAIN_SVG.replace("<rect", '<rect onload="alert(1)"'), "has active content (an event handler, onload)"),
    (PLAIN_SVG.replace("<rect", '<a href="javascript:alert(1)"><text>x</text></a><rect'), "has active content (a javascript: URL)"),
    (PLAIN_SVG.replace("<rect", "<foreignObject><div>x</div></foreignObject><rect"), "has active content (<foreignobject>)"),
    ('<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + PLAIN_SVG, "declares a DOCTYPE or entities"),
])
def test_an_svg_figure_that_can_run_code_is_refused(tmp_path: Path, svg: str, why: str) -> None:
    project = small_project(tmp_path)
    (project / "content" / "articles" / "images" / "chart.svg").write_text(svg, encoding="utf-8")
    edit(project, DOC, "image: images/chart.png", "image: images/chart.svg")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{DOC}:10: image 'images/chart.svg' {why}" in result.stderr
    assert not out.exists()


def test_a_plain_svg_figure_is_published(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    (project / "content" / "articles" / "images" / "chart.svg").write_text(PLAIN_SVG, encoding="utf-8")
    edit(project, DOC, "image: images/chart.png", "image: images/chart.svg")
    built(project, "--out", str(tmp_path / "out"), "--no-briefs")
    assert (tmp_path / "out" / "media" / "articles" / "images" / "chart.svg").read_text(encoding="utf-8") == PLAIN_SVG


def test_an_html_figure_is_refused(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    (project / "content" / "articles" / "images" / "chart.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    edit(project, DOC, "image: images/chart.png", "image: images/chart.html")
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.returncode == 1
    assert (f"{DOC}:10: image 'images/chart.html' is not an image a figure may be (PNG, JPEG, GIF, WebP or SVG)"
            in result.stderr)


def test_a_figure_path_through_dot_dot_that_stays_in_content_is_accepted(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    shutil.move(project / "content" / "articles" / "images", project / "content" / "images")
    edit(project, DOC, "image: images/chart.png", "image: ../images/chart.png")
    out = tmp_path / "out"
    built(project, "--out", str(out), "--no-briefs")
    assert (out / "media" / "images" / "chart.png").is_file()
    assert 'src="../../media/images/chart.png"' in (out / "en" / "trade-chart" / "index.html").read_text(encoding="utf-8")
    edit(project, DOC, "image: ../images/chart.png", "image: ../../images/chart.png")  # outside content/ stays refused
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    assert result.returncode == 1
    assert f"{DOC}:10: image '../../images/chart.png' must be a path inside content/" in result.stderr


def test_links_in_a_brief_point_to_the_site_never_to_the_build_folder(tmp_path: Path) -> None:
    from pypdf import PdfReader

    project = small_project(tmp_path)
    # A real host: on a placeholder one (example.org) a brief prints no links to the site at all.
    edit(project, "site.toml", "https://newsdesk.example.org/", "https://news.newsdesk.kr/")
    edit(project, DOC, "Both governments expect",
         "See [the archive](archive/), [the data](../../en/data.csv), [elsewhere](//evil.example/x) "
         "and [the note](#note).\n\nBoth governments expect")
    out = tmp_path / "out"
    built(project, "--out", str(out))
    reader = PdfReader(out / "en" / "trade-chart" / "trade-chart-en.pdf")
    uris = sorted(str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots", [])
                  if "/A" in a.get_object() and "/URI" in a.get_object()["/A"])
    assert "https://news.newsdesk.kr/en/trade-chart/archive/" in uris
    assert "https://news.newsdesk.kr/en/data.csv" in uris
    assert "https://news.newsdesk.kr/en/trade-chart/#note" in uris
    assert not [u for u in uris if u.startswith("file:")]
    assert str(tmp_path) not in (out / "en" / "trade-chart" / "trade-chart-en.pdf").read_bytes().decode("latin-1")


# -- Errors, not tracebacks -----------------------------------------------------------------------


def fails(project: Path, tmp_path: Path, expected: str, *args: str) -> str:
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs", *args)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert expected in result.stderr, result.stderr
    return result.stderr


def test_a_yaml_list_used_as_a_field_name(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    edit(project, DOC, "byline: Newsdesk staff", "[byline]: Newsdesk staff")
    fails(project, tmp_path, f"{DOC}:7: a field name must be a plain word, not a list or mapping")


def test_an_unquoted_value_with_a_colon_gets_a_hint_to_quote_it(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    edit(project, DOC, "credit: © Newsdesk.", "credit: 출처: 언론 보도 종합")
    fails(project, tmp_path, f"{DOC}:16: YAML syntax error: mapping values are not allowed in this context; the value of "
                             f"'credit' contains ': ', which YAML reads as a new field: quote the value, "
                             f'e.g. credit: "출처: 언론 보도 종합"')


def test_yaml_aliases_cannot_multiply_a_document(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 9))
    edit(project, DOC, "type: article\n", "type: article\n" + bomb + "tags: *a8\n")
    fails(project, tmp_path, f"{DOC}:3: YAML anchors and aliases (&name, *name) are not allowed in front matter")


@contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("needs to mount a small file system (root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_is_an_error_and_leaves_the_old_site(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    with small_disk(tmp_path / "disk", "200k") as disk:
        out = disk / "site"
        built(project, "--out", str(out), "--no-briefs")
        before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)  # fill what is left
        try:
            while os.write(fd, b"x" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        edit(project, "templates/base.html", "<body>", "<body class='x'>")  # every page changes
        stderr = fails(project, tmp_path, "No space left on device", "--out", str(out))
        assert "newsdesk: build failed; the output is as it was" in stderr
        assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
        assert sorted(p.name for p in disk.iterdir()) == [".site.lock", ".site.manifest.json", "filler", "site"]


def test_a_read_only_output_is_an_error(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    with small_disk(tmp_path / "disk", "2m") as disk:
        out = disk / "site"
        built(project, "--out", str(out), "--no-briefs")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        edit(project, "templates/base.html", "<body>", "<body class='x'>")
        fails(project, tmp_path, "Read-only file system", "--out", str(out))
        assert (out / "en" / "index.html").is_file()


# -- Command line ---------------------------------------------------------------------------------


def test_an_unknown_command_names_the_commands(tmp_path: Path) -> None:
    result = run_build(small_project(tmp_path), "biuld")
    assert result.returncode == 2
    assert ("unknown command 'biuld' (did you mean 'build'?); the commands are: serve, build, extract, update, "
            "stats, check") in result.stderr


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_must_be_one_or_more(tmp_path: Path, jobs: str) -> None:
    result = run_build(small_project(tmp_path), "build", "--jobs", jobs, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"argument --jobs/-j: {int(jobs)}: give 1 or more worker processes" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_root_that_does_not_exist_says_so(tmp_path: Path) -> None:
    result = run_build(tmp_path / "nowhere", "check")
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nowhere'}: the project folder does not exist\n"


def test_help_shows_the_build_options() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True,
                            timeout=60, check=True)
    assert "options of build (the default command" in result.stdout
    for option in ("--out OUT", "--drafts", "--no-briefs", "--clean", "--jobs N", "--pack"):
        assert option in result.stdout


# -- serve ----------------------------------------------------------------------------------------


class Served:
    """``serve`` on a free port, its temporary folders under ``tmp``."""

    def __init__(self, project: Path, tmp: Path) -> None:
        tmp.mkdir(exist_ok=True)
        self.tmp = tmp
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project), "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp)})
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + self.process.stderr.read()  # type: ignore[union-attr]
        self.port = int(match.group(1))

    def request(self, path: str, host: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_for(self, path: str, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        page = ""
        while time.monotonic() < deadline:
            status, page = self.request(path)
            if status == 200 and text in page:
                return page
            time.sleep(0.3)
        raise AssertionError(f"{path} never showed {text!r}: {page[:300]!r}")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(small_project(tmp_path), tmp_path / "tmp")
    server.wait_for("/en/trade-chart/", "Trade between Korea and Japan")
    yield server
    server.close()


def test_serve_answers_only_to_its_own_address(served: Served) -> None:
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}"):
        assert served.request("/_newsdesk/", host)[0] == 200
    for host in (f"evil.example:{served.port}", "evil.example", f"127.0.0.1.evil.example:{served.port}",
                 f"127.0.0.1:{served.port + 1}"):
        status, page = served.request("/_newsdesk/", host)
        assert status == 421 and "trade-chart" not in page, host
        assert served.request("/en/trade-chart/", host)[0] == 421


def test_a_thousand_idle_connections_neither_starve_serve_nor_spin_it(served: Served) -> None:
    idle = []
    try:
        for _ in range(1000):
            idle.append(socket.create_connection(("127.0.0.1", served.port), timeout=10))
        time.sleep(1)
        cpu = served.cpu_seconds()
        started = time.monotonic()
        assert served.request("/en/trade-chart/")[0] == 200
        assert time.monotonic() - started < 5
        time.sleep(2)
        assert served.cpu_seconds() - cpu < 0.5  # idle: not spinning on accept
        assert len(os.listdir(f"/proc/{served.process.pid}/fd")) < MAX_WAITING + 50  # not one per socket
        assert idle[0].recv(1) == b""  # the oldest were closed to make room
        kept = idle[-1]  # the newest was kept, and closed once idle for too long
        kept.settimeout(IDLE_SECONDS + 10)
        started = time.monotonic()
        assert kept.recv(1) == b""
        assert time.monotonic() - started < IDLE_SECONDS + 5
    finally:
        for connection in idle:
            connection.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_serve_stopped_by_a_signal_removes_its_temporary_folder(served: Served, number: int) -> None:
    assert [p.name for p in served.tmp.iterdir() if p.name.startswith("newsdesk-preview-")]
    served.process.send_signal(number)
    served.process.wait(timeout=30)
    assert not [p.name for p in served.tmp.iterdir() if p.name.startswith("newsdesk-preview-")]


@pytest.mark.parametrize("change, readable", [
    ((b"nplurals=1; plural=0;", b"nplurals=x; plural=0;"), True),  # a header problem: `check` names it
    ((b"charset=utf-8", b"charset=klingon"), True),
    (("한일".encode(), b"\xff\xfe"), False),  # not UTF-8: nothing of it can be shown
])
def test_the_segments_view_of_a_catalog_it_cannot_read_says_so(tmp_path: Path, change: tuple[bytes, bytes],
                                                               readable: bool) -> None:
    project = small_project(tmp_path)
    po = project / "locales" / "ko" / "content" / "trade-chart.po"
    po.write_bytes(po.read_bytes().replace(*change))
    server = Served(project, tmp_path / "tmp")
    try:
        page = server.wait_for("/_newsdesk/segments/trade-chart/ko/", "Translation (ko)")
        said = ("locales/ko/content/trade-chart.po: the dashboard cannot read this catalog; "
                "run `build.py check` for its problems")
        assert (said in page) is not readable
        assert ('class="translated"' in page) is readable
        assert server.request("/_newsdesk/segments/trade-chart/ja/")[0] == 200  # still serving
    finally:
        server.close()
    assert "Traceback" not in server.process.stderr.read()  # type: ignore[union-attr]


def test_serve_shows_a_linked_content_file_by_its_name_only(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text((project / DOC).read_text(encoding="utf-8").replace("slug: trade-chart", "slug: leak")
                      .replace("The figures cover", "SECRET-TOKEN"), encoding="utf-8")
    (project / "content" / "articles" / "leak.md").symlink_to(secret)
    server = Served(project, tmp_path / "tmp")
    try:
        page = server.wait_for("/_newsdesk/", "a symbolic link")
        assert "content/articles/leak.md: a symbolic link" in page and "SECRET" not in page
        assert "SECRET" not in server.request("/en/leak/")[1]
    finally:
        server.close()


def test_the_dashboard_is_made_again_only_when_a_file_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.config import load_settings
    from newsdesk.preview import dashboard as board
    from newsdesk.preview.pagecache import PageCache

    project = small_project(tmp_path)
    settings = load_settings(project)
    calls = []
    real = board.check
    monkeypatch.setattr(board, "check", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    pages = PageCache()
    first = [pages.get(settings, ("dashboard",), lambda: board.dashboard(settings, [])) for _ in range(20)]
    assert len(calls) == 1 and len(set(first)) == 1
    edit(project, "locales/ko/content/trade-chart.po", 'msgstr "뉴스데스크 편집부"', 'msgstr ""')
    after = pages.get(settings, ("dashboard",), lambda: board.dashboard(settings, []))
    assert len(calls) == 2 and after != first[0]


# -- The build's cache ----------------------------------------------------------------------------

RACED_BUILD = """
import sys
import textwrap
from pathlib import Path
from newsdesk.builder import manifest
from newsdesk.builder.options import BuildOptions
from newsdesk.builder.pipeline import build
from newsdesk.config import load_settings


root, out, po, saved = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
scanned = manifest.scan(root, None)  # the build's scan sees the catalog as it is...
po.write_text(saved, encoding="utf-8")  # ...and an editor saves it again before the build reads it
print(build(load_settings(root), BuildOptions(out=out, briefs=False), scanned).summary())
"""


@pytest.mark.parametrize("clean", [False, True])
def test_a_catalog_saved_while_a_build_reads_it_does_not_poison_the_cache(tmp_path: Path, clean: bool) -> None:
    project = small_project(tmp_path)
    po = project / "locales" / "ko" / "content" / "trade-chart.po"
    complete = po.read_text(encoding="utf-8")
    incomplete = complete.replace('msgstr "뉴스데스크 편집부"', 'msgstr ""')
    out = tmp_path / "out"
    raced = subprocess.run([sys.executable, "-c", RACED_BUILD, str(project), str(out), str(po), incomplete],
                           capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)
    assert raced.returncode == 0, raced.stderr
    assert "1 held back" in raced.stdout  # it read the incomplete catalog
    time.sleep(0.01)
    po.write_text(complete, encoding="utf-8")  # back as the scan saw it (a checkout, an undo)
    result = run_build(project, "build", "--out", str(out), "--no-briefs", *(["--clean"] if clean else []))
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout, result.stdout + result.stderr
    assert (out / "ko" / "trade-chart" / "index.html").is_file()


# -- Normal editing does not block the site -------------------------------------------------------


def test_a_link_added_to_the_source_blocks_no_locale(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    edit(project, DOC, "The figures cover goods only", "The [figures](https://example.org/data) cover goods only")
    for command in ("extract", "update"):
        assert run_build(project, command).returncode == 0
    assert "#, fuzzy" in (project / "locales" / "ko" / "content" / "trade-chart.po").read_text(encoding="utf-8")
    check = run_build(project, "check")
    assert check.returncode == 0, check.stdout
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert "inline markup" not in result.stderr
    assert "held back trade-chart [ko]: 0 untranslated, 1 fuzzy" in result.stderr
    assert 'href="https://example.org/data"' in (tmp_path / "out" / "en" / "trade-chart" / "index.html").read_text(
        encoding="utf-8")


GLOSSARY = """# Glossary

| en | ko | ja | note |
|---|---|---|---|
| https://example.org/en/data | https://example.org/ko/data | https://example.org/ja/data | the data page in each language |
"""


@pytest.mark.parametrize("target, published", [("https://example.org/ko/data", True),
                                               ("https://evil.example/data", False)])
def test_a_glossary_url_row_lets_a_translation_link_its_own_address(tmp_path: Path, target: str,
                                                                    published: bool) -> None:
    project = small_project(tmp_path)
    (project / "locales" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    edit(project, DOC, "The figures cover goods only", "The [figures](https://example.org/en/data) cover goods only")
    po = project / "locales" / "ko" / "content" / "trade-chart.po"
    edit(project, "locales/ko/content/trade-chart.po", 'msgid "The figures cover goods only; services are counted separately."',
         'msgid "The [figures](https://example.org/en/data) cover goods only; services are counted separately."')
    text = po.read_text(encoding="utf-8")
    line = text.split("\n").index('msgid "The [figures](https://example.org/en/data) cover goods only; services are counted '
                                  'separately."') + 2
    lines = text.split("\n")
    lines[line - 1] = f'msgstr "이 [수치]({target})는 상품 교역만 집계한 것이며 서비스 교역은 따로 집계된다."'
    po.write_text("\n".join(lines), encoding="utf-8")
    check = run_build(project, "check", "--locale", "ko")
    assert (check.returncode == 0) == published, check.stdout
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    if published:
        assert result.returncode == 0, result.stderr
        page = (tmp_path / "out" / "ko" / "trade-chart" / "index.html").read_text(encoding="utf-8")
        assert f'<a href="{target}">수치</a>' in page
    else:
        assert result.returncode == 1
        assert "locales/ko/content/trade-chart.po" in result.stderr and "translation changes the inline markup" in result.stderr


def test_a_huge_document_is_refused_before_it_takes_the_memory(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    paragraph = "Goods traded between the two countries grew again in each of the last three years.\n\n"
    path = project / DOC
    path.write_text(path.read_text(encoding="utf-8") + paragraph * 30_000, encoding="utf-8")
    started = time.monotonic()
    fails(project, tmp_path, f"{DOC}: document is 2.4 MiB; the limit is 2 MiB")
    assert time.monotonic() - started < 30


# -- bootstrap.sh ---------------------------------------------------------------------------------


def test_bootstrap_build_installs_only_what_a_build_needs_and_pip_runs_once(tmp_path: Path) -> None:
    """bootstrap.sh with stand-ins for dpkg, apt-get, npm and the virtual environment's python
    that record their calls (nothing is installed)."""
    work = tmp_path / "clone"
    work.mkdir()
    shutil.copy(ROOT / "bootstrap.sh", work)
    shutil.copy(ROOT / "pyproject.toml", work)
    (work / "build.py").write_text("print('built')\n", encoding="utf-8")
    log = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("dpkg", "apt-get", "sudo", "npm"):
        (bin_dir / name).write_text(f'#!/bin/sh\necho "{name} $*" >> {log}\n', encoding="utf-8")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(
        f'#!/bin/sh\necho "python $*" >> {log}\n[ "$1" = -m ] && [ "$2" = pip ] && exit 0\nexec {sys.executable} "$@"\n',
        encoding="utf-8")
    for path in [*bin_dir.iterdir(), venv / "bin" / "python"]:
        path.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "NEWSDESK_VENV": str(venv)}

    def bootstrap(*args: str) -> list[str]:
        log.write_text("", encoding="utf-8")
        result = subprocess.run(["bash", str(work / "bootstrap.sh"), *args], capture_output=True, text=True,
                                env=env, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        assert "built" in result.stdout
        return log.read_text(encoding="utf-8").splitlines()

    first = bootstrap("build")
    asked = {line.split()[-1] for line in first if line.startswith("dpkg -s")}
    assert asked == {"python3-venv", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"}
    assert not [line for line in first if line.startswith(("apt-get", "npm"))]  # all 'installed': nothing to do
    assert [line for line in first if "pip install" in line] == ["python -m pip install -q -e ."]
    second = bootstrap("build")
    assert not [line for line in second if "pip" in line]  # nothing changed: pip is not run again
    (work / "pyproject.toml").write_text((work / "pyproject.toml").read_text(encoding="utf-8") + "\n",
                                         encoding="utf-8")
    assert [line for line in bootstrap("build") if "pip install" in line] == ["python -m pip install -q -e ."]


def test_the_readme_content_example_builds_as_it_is(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    # The topics and authors it names, declared as the README's next two examples show.
    topics, authors = (textwrap.dedent(block) for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)[:2])
    project = small_project(tmp_path)
    (project / DOC).unlink()
    (project / "content" / "articles" / "example.md").write_text(example, encoding="utf-8")
    (project / "content" / "topics.yaml").write_text(topics, encoding="utf-8")
    (project / "content" / "authors.yaml").write_text(authors, encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.returncode == 0, result.stderr


def test_an_input_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    po = project / "locales" / "ko" / "content" / "trade-chart.po"
    po.unlink()
    po.symlink_to("/proc/self/mem")  # reading it fails with EIO (catalog links are refused by their reader)
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("locales/ko/content/trade-chart.po: "), result.stderr
