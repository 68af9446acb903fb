"""Any locale can be a document's source: a Korean-source article builds in all three."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, add_site_parts, copy_project, pdf_text, run_build

pytestmark = pytest.mark.e2e


def test_korean_source_document_builds_in_every_locale(tmp_path: Path) -> None:
    project = add_site_parts(copy_project(tmp_path / "project", FIXTURES / "korean-source"))
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout
    expected = {
        "ko": "한국어 원문 기사를 세 언어로 발행",
        "ja": "韓国語の原文記事を3言語で発行",
        "en": "Newsdesk publishes a Korean-source article in three languages",
    }
    for locale, headline in expected.items():
        page = (out / locale / "newsdesk-launch" / "index.html").read_text(encoding="utf-8")
        assert headline in page
        assert f'<html lang="{locale}">' in page
        text = "".join(pdf_text(out / locale / "newsdesk-launch" / f"newsdesk-launch-{locale}.pdf").split())
        assert "".join(headline.split()) in text
    # The source locale has no catalog of its own: there is nothing to translate into Korean.
    assert not (project / "locales" / "ko" / "content").exists()
    # Markdown emphasis in a segment survives translation, as markup and not as asterisks.
    ja = (out / "ja" / "newsdesk-launch" / "index.html").read_text(encoding="utf-8")
    assert "<strong>日本語</strong>" in ja and "**" not in ja
