"""`stats`: progress per document and locale, as a table and as JSON, counted as the build counts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from catalog_tools import ARTICLE, JA_PO, KO_PO, SLUG, edit
from helpers import FIGURE, FIXTURES, KOREAN_SOURCE, ROOT, copy_project, run_build

pytestmark = pytest.mark.e2e


def stats(project: Path, *args: str) -> str:
    result = run_build(project, "stats", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_fully_translated_site_is_listed_newest_first(project: Path) -> None:
    table = stats(project).splitlines()
    assert table[0].split()[:5] == ["document", "locale", "translated", "fuzzy", "untranslated"]
    rows = [line.split() for line in table[1:]]
    assert [(r[0], r[1]) for r in rows] == [
        (KOREAN_SOURCE, "ja"), (KOREAN_SOURCE, "en"), (FIGURE, "ko"), (FIGURE, "ja"),
        ("korea-japan-ai-joint-statement", "ko"), ("korea-japan-ai-joint-statement", "ja"),
        (SLUG, "ko"), (SLUG, "ja"), ("site", "ko"), ("site", "ja"), ("site", "en"),
    ]
    for row in rows:
        assert row[3:5] == ["0", "0"] and "100%" in row
        assert ("chars" if row[0] == KOREAN_SOURCE else "words") in row  # the source locale's unit
    assert all(row[-1] == "complete" for row in rows[:8])


def test_json_counts_segments_and_source_words_like_the_build(project: Path, tmp_path: Path) -> None:
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")  # 63 words, fuzzy
    edit(project, ARTICLE, "  - Trade\n", "  - Trade\n  - Economy and trade\n")  # 3 words, untranslated
    assert run_build(project, "update").returncode == 0
    data = json.loads(stats(project, "--json", "--document", SLUG))
    rows = {r["locale"]: r for r in data["catalogs"]}
    assert set(rows) == {"ko", "ja"}
    ko = rows["ko"]
    assert (ko["translated"], ko["fuzzy"], ko["untranslated"], ko["total"]) == (23, 1, 1, 25)
    assert (ko["fuzzy_size"], ko["untranslated_size"], ko["unit"]) == (63, 3, "words")
    assert ko["status"] == "held back" and ko["catalog"] == KO_PO and ko["source_locale"] == "en"
    assert ko["percent"] == ko["translated_size"] * 100 // (ko["translated_size"] + 66)
    build = run_build(project, "build", "--no-briefs", "--out", str(tmp_path / "out"))
    assert f"held back {SLUG} [ko]: 1 untranslated, 1 fuzzy of 25 segments" in build.stderr
    assert "2 held back" in build.stdout


def test_publish_any_shows_in_the_status(project: Path) -> None:
    edit(project, ARTICLE, "byline: Newsdesk staff", "byline: Newsdesk staff\npublish: any")
    edit(project, JA_PO, 'msgstr "貿易"', 'msgstr ""')
    data = json.loads(stats(project, "--json", "--locale", "ja", "--document", SLUG))
    assert [(r["locale"], r["untranslated"], r["status"]) for r in data["catalogs"]] == [("ja", 1, "publish: any")]


def test_korean_source_is_measured_in_characters(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "korean-source")
    shutil.copytree(ROOT / "templates", project / "templates")  # templates only: no site catalogs
    data = json.loads(stats(project, "--json", "--document", "newsdesk-launch"))
    rows = {r["locale"]: r for r in data["catalogs"]}
    assert set(rows) == {"ja", "en"}  # Korean is the source: nothing to translate into it
    for row in rows.values():
        assert row["unit"] == "chars" and row["untranslated"] == 0
        assert row["translated_size"] == sum(len("".join(s.split())) for s in [
            "뉴스데스크, 한국어 원문 기사를 세 언어로 발행", "뉴스데스크 편집부",
            "이 문서는 한국어로 쓴 기사가 일본어와 영어로도 발행되는지 확인하는 시험 문서다.", "뉴스데스크",
            "시험용 문서입니다.", "원문은 한국어이고, 번역은 일본어와 영어 카탈로그에 있다.",
            "한국어 단어는 줄 끝에서 나뉘지 않아야 한다."])
