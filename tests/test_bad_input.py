"""Bad input: `path:line: message` on stderr, exit 1, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ARTICLE, KO_PO, STATEMENT, edit, run_build

pytestmark = pytest.mark.e2e


CASES = {
    "yaml syntax error": (ARTICLE, "slug: korea-japan-economic-community", "slug: [korea", f"{ARTICLE}:3: YAML syntax error"),
    "unknown field": (ARTICLE, "byline: Newsdesk staff", "bylin: Newsdesk staff", f"{ARTICLE}:12: unknown field 'bylin'"),
    "missing field": (ARTICLE, "byline: Newsdesk staff\n", "", "missing required field 'byline'"),
    "bad date": (ARTICLE, "date: 2026-01-14T00:00:00+09:00", "date: 2026-02-30T00:00:00+09:00", f"{ARTICLE}:4: date '2026-02-30T00:00:00+09:00' is not a valid"),
    "date without zone": (ARTICLE, "date: 2026-01-14T00:00:00+09:00", "date: 2026-01-14T00:00:00", f"{ARTICLE}:4: date '2026-01-14T00:00:00' needs a time zone"),
    "list where text is expected": (ARTICLE, "byline: Newsdesk staff", "byline:\n  - Newsdesk staff", f"{ARTICLE}:12: field 'byline' must be text"),
    "unknown type": (ARTICLE, "type: article", "type: column", f"{ARTICLE}:2: unknown document type 'column'"),
    "unknown locale": (ARTICLE, "source_locale: en", "source_locale: fr", f"{ARTICLE}:2: unknown locale 'fr'"),
    "bad slug": (ARTICLE, "slug: korea-japan-economic-community", "slug: ../escape", "slug '../escape' must be lower-case"),
    "front matter not closed": (STATEMENT, "Seoul and Osaka since May 2024.", "Seoul and Osaka since May 2024.", None),
    "po syntax error": (KO_PO, 'msgstr ""\n"Project-Id', 'msgstr ""\n"Project-Id', None),
    "template syntax error": ("templates/article.html", "{% block main %}", "{% block main %}{% if %}", "templates/article.html:"),
    "undefined template variable": ("templates/article.html", "{{ text(f.headline) }}", "{{ text(f.headlin) }}", "templates/article.html:"),
    "updated before date": (ARTICLE, "source_locale: en", "source_locale: en\nupdated: 2026-01-13T09:00:00+09:00", f"{ARTICLE}:6: updated is earlier than date"),
    "updated without zone": (ARTICLE, "source_locale: en", "source_locale: en\nupdated: 2026-01-15T09:00:00", f"{ARTICLE}:6: updated '2026-01-15T09:00:00' needs a time zone"),
    "publisher logo missing": ("site.toml", 'publisher_logo = "static/logo.png"', 'publisher_logo = "static/nologo.png"', "site.toml:12: publisher_logo 'static/nologo.png' not found"),
    "publisher logo outside static": ("site.toml", 'publisher_logo = "static/logo.png"', 'publisher_logo = "../secret.png"', "site.toml:12: publisher_logo '../secret.png' must be a path under static/"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_with_its_location(case: str, project: Path, tmp_path: Path) -> None:
    rel, old, new, expected = CASES[case]
    if case == "front matter not closed":
        path = project / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        closing = lines.index("---", 1)
        path.write_text("\n".join(lines[:closing] + lines[closing + 1 :]), encoding="utf-8")
        expected = f"{rel}:1: front matter not closed"
    elif case == "po syntax error":
        path = project / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith("msgid") and i > 5)
        lines[index] = "msgid unquoted text"
        path.write_text("\n".join(lines), encoding="utf-8")
        expected = f"{rel}:{index + 1}: PO syntax error"
    else:
        edit(project, rel, old, new)
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "a failed build wrote output"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public") and p.name != ".public.lock"], "staging left behind"


def test_a_failed_build_leaves_the_published_site_untouched(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(project, ARTICLE, "type: article", "type: column")
    assert run_build(project, "build", "--out", str(out), "--no-briefs").returncode == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_every_problem_of_a_run_is_reported_together(project: Path, tmp_path: Path) -> None:
    edit(project, ARTICLE, "byline: Newsdesk staff", "bylin: Newsdesk staff")
    edit(project, STATEMENT, "source_locale: en", "source_locale: fr")
    result = run_build(project, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "unknown field 'bylin'" in result.stderr and "unknown locale 'fr'" in result.stderr


def test_byte_order_mark_and_windows_line_endings_simply_work(project: Path, tmp_path: Path) -> None:
    path = project / ARTICLE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = run_build(project, "build", "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout  # the segments still match their translations


def test_a_file_that_is_not_utf8_is_named(project: Path, tmp_path: Path) -> None:
    path = project / ARTICLE
    path.write_bytes(path.read_bytes().replace("Korea–Japan".encode(), "Korea\x96Japan".encode("latin-1")))
    result = run_build(project, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{ARTICLE}:6: file is not UTF-8 text" in result.stderr


def test_duplicate_slug(project: Path, tmp_path: Path) -> None:
    (project / "content" / "articles" / "copy.md").write_bytes((project / ARTICLE).read_bytes())
    result = run_build(project, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "duplicate slug 'korea-japan-economic-community'" in result.stderr
