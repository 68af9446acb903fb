"""Embargoed documents: absent from every public output before their instant, published at it
(incremental builds included), and their briefs marked for journalists in a folder of their own."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import pdf_text, recorded, run_build, tree
from newsroom import AFTER, BEFORE, CORRECTED, EMBARGOED, newsroom

from newsdesk.locales import profile

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

HEADLINES = {
    "en": "A daily ferry will link Busan and Fukuoka from April",
    "ko": "4월부터 부산과 후쿠오카를 매일 잇는 여객선 운항",
    "ja": "釜山と福岡結ぶフェリー、4月から毎日運航",
}
NOTICES = {  # the instant in each locale's language and time zone
    "ko": "엠바고: 2026년 1월 14일 오전 10:00(한국 시간) 이후 보도 가능",
    "ja": "報道解禁：2026年1月14日 10:00（日本時間）",
    "en": "EMBARGOED UNTIL January 14, 2026, 1:00 AM UTC",
}


def public_text(out: Path) -> str:
    """Everything the public output says, PDFs included (as text)."""
    parts = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".pdf":
            parts.append(pdf_text(path))
        elif path.suffix in (".html", ".xml", ".txt"):
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_an_embargoed_document_is_in_no_public_output_before_its_instant(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--pack", "--now", BEFORE)
    assert result.returncode == 0, result.stderr
    assert f"scheduled: {EMBARGOED} at 2026-01-14 10:00 KST (2026-01-14T01:00:00Z)" in result.stdout
    text = public_text(out)
    assert EMBARGOED not in text  # no page, link, feed entry, sitemap URL or hreflang
    for locale, headline in HEADLINES.items():
        assert not (out / locale / EMBARGOED).exists()
        assert headline not in text
        assert (out / locale / CORRECTED / "index.html").is_file()  # the other document is published
        assert (out / locale / f"briefing-pack-{locale}.pdf").is_file()


def test_a_build_at_the_instant_publishes_it_as_a_clean_build_would(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs", "--now", BEFORE).returncode == 0
    # The same clock, nothing changed: nothing rendered.
    again = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", BEFORE)
    assert "(0 rendered" in again.stdout and "scheduled:" in again.stdout
    # No input changed, but the clock passed the embargo: the build is not a no-op.
    released = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", AFTER)
    assert released.returncode == 0, released.stderr
    assert "scheduled:" not in released.stdout
    clean = tmp_path / "clean"
    assert run_build(project, "build", "--out", str(clean), "--clean", "--no-briefs", "--now", AFTER).returncode == 0
    assert tree(out) == tree(clean)
    assert recorded(out) == recorded(clean)
    for locale, headline in HEADLINES.items():
        page = (out / locale / EMBARGOED / "index.html").read_text(encoding="utf-8")
        assert headline in page
        assert EMBARGOED in (out / locale / "index.html").read_text(encoding="utf-8")
        assert EMBARGOED in (out / locale / "feed.xml").read_text(encoding="utf-8")
        other = (out / locale / CORRECTED / "index.html").read_text(encoding="utf-8")
        assert EMBARGOED not in other  # hreflang is per document: the other document's page is unchanged
    assert (out / "sitemap.xml").read_text(encoding="utf-8").count(f"/{EMBARGOED}/</loc>") == 3


def test_a_published_document_given_a_later_embargo_is_withdrawn_and_said_so(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    assert run_build(project, "build", "--out", str(out), "--no-briefs", "--now", AFTER).returncode == 0
    path = project / "content" / "articles" / f"{EMBARGOED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("embargo: 2026-01-14T10:00", "embargo: 2026-01-15T10:00"),
                    encoding="utf-8")
    result = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", AFTER)
    assert result.returncode == 0, result.stderr
    assert not (out / "ko" / EMBARGOED).exists()
    assert (f"withdrawn {EMBARGOED} [ko]: page ko/{EMBARGOED}/ removed from the site (the document is under embargo "
            "at this build's clock: see its scheduled: line)") in result.stderr
    assert f"scheduled: {EMBARGOED} at 2026-01-15 10:00 KST" in result.stdout

def test_embargoed_briefs_are_marked_and_kept_out_of_the_public_folder(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out, embargoed = tmp_path / "public", tmp_path / "embargoed"
    result = run_build(project, "build", "--out", str(out), "--now", BEFORE, "--embargoed", str(embargoed))
    assert result.returncode == 0, result.stderr
    assert not list(out.rglob(f"*{EMBARGOED}*"))
    files = sorted(p.relative_to(embargoed).as_posix() for p in embargoed.rglob("*") if p.is_file())
    assert files == [f"{l}/{EMBARGOED}-{l}-embargoed.pdf" for l in ("en", "ja", "ko")]
    for locale, notice in NOTICES.items():
        pdf = embargoed / locale / f"{EMBARGOED}-{locale}-embargoed.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        info = info.replace("\u202f", " ")  # CLDR puts a narrow no-break space before "AM"
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert re.search(r"Title:\s+" + re.escape(notice + profile(locale).separator + HEADLINES[locale]), info), info
        assert "embargo 2026-01-14T10:00:00+09:00" in info
        for page in range(1, pages + 1):
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert " ".join(notice.split()) in " ".join(text.replace("\u202f", " ").split()), (locale, page, text)
    # Once released, the folder no longer holds its embargoed briefs.
    result = run_build(project, "build", "--out", str(out), "--now", AFTER, "--embargoed", str(embargoed))
    assert result.returncode == 0, result.stderr
    assert not list(embargoed.rglob("*.pdf"))
    assert (out / "ko" / EMBARGOED / f"{EMBARGOED}-ko.pdf").is_file()


@pytest.mark.parametrize("where", ["public/embargoed", "."])
def test_the_embargoed_folder_cannot_be_inside_the_public_output(tmp_path: Path, where: str) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", BEFORE,
                       "--embargoed", str(tmp_path / where))
    assert result.returncode == 1
    assert "must be outside the public output" in result.stderr
    assert not out.exists()


def test_the_clock_needs_a_time_zone_and_the_embargo_too(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--now", "2026-01-14T10:00")
    assert result.returncode == 1 and "--now: '2026-01-14T10:00' needs a time zone" in result.stderr
    path = project / "content" / "articles" / f"{EMBARGOED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("embargo: 2026-01-14T10:00:00+09:00",
                                                             "embargo: 2026-01-14 10:00"), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"))
    assert result.returncode == 1
    assert f"content/articles/{EMBARGOED}.md:5: embargo '2026-01-14 10:00' needs a time zone" in result.stderr
