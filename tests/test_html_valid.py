"""Every generated page is valid HTML by the W3C Nu HTML Checker (and the stylesheet and icon too)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ALL_DOCUMENTS, vnu_errors

pytestmark = pytest.mark.e2e  # the W3C checker is a Java program: seconds to start


def test_every_page_is_valid_html(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 1 + 3 * (1 + 1 + len(ALL_DOCUMENTS))  # root chooser and 404; per locale: front, 404, documents
    files = pages + sorted(site.rglob("*.css")) + sorted(site.rglob("*.svg"))
    assert vnu_errors(files) == []


def test_the_checker_does_report_errors(tmp_path: Path) -> None:
    """A control: an invalid page is reported, so an empty report above means valid, not unchecked."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div>block in p</p></div>', encoding="utf-8")
    errors = vnu_errors([page])
    assert errors and any("end tag" in e for e in errors), errors
