"""The newsroom fixture's pages (a correction notice, a numbered list, a source without a link, a
released embargo) are valid HTML by the W3C Nu HTML Checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_build, vnu_errors
from newsroom import AFTER, newsroom

pytestmark = pytest.mark.e2e  # a build, and the W3C checker (a Java program)


def test_the_newsroom_pages_are_valid_html(tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run_build(newsroom(tmp_path), "build", "--out", str(out), "--no-briefs", "--now", AFTER)
    assert result.returncode == 0, result.stderr
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 1 + 1 + 3 * (1 + 1 + 2 + 2 + 1)  # root, 404; per locale: front, 404, 2 documents, 2 topics, 1 author
    assert vnu_errors(pages + sorted(out.rglob("*.css"))) == []
