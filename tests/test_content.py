"""The product's own content and catalogs (content/, locales/): the only tests that read them.

Every other test runs on the fixture site (tests/fixtures/site), so that an editor publishing an
article or fixing a translation breaks nothing but a test here, and only when the real content is
wrong: a catalog gettext refuses, one the CI gate refuses, catalogs not updated after a content edit,
a page without the glossary's official name, a brief with a font that is not the bundled one.
Run them alone with ``pytest -m content``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_tools import msgfmt_check, snapshot
from helpers import ROOT, copy_project, json_ld, parse_html, run_build
from pdfcheck import BUNDLED_FONTS, font_families, fonts

from newsdesk.catalogs.glossary import load_glossary, translation_has

pytestmark = pytest.mark.content

CATALOGS = sorted((ROOT / "locales").rglob("*.po"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_real_catalog_passes_msgfmt_check(path: Path) -> None:
    result = msgfmt_check(path)
    assert result.returncode == 0, result.stderr


def test_the_repository_has_no_compiled_catalogs() -> None:
    assert not list((ROOT / "locales").rglob("*.mo"))


@pytest.mark.e2e
def test_the_real_catalogs_pass_check_even_strictly() -> None:
    result = run_build(ROOT, "check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].endswith(" catalogs, 0 errors, 0 warnings"), result.stdout


@pytest.mark.e2e
def test_the_real_catalogs_are_up_to_date(tmp_path: Path) -> None:
    """extract + update on a clean checkout change nothing: the committed files are the fixed point."""
    project = copy_project(tmp_path / "project", ROOT)
    before = snapshot(project)
    extract = run_build(project, "extract")
    assert extract.stdout.endswith("extract: 0 file(s) changed\n"), extract.stdout + extract.stderr
    update = run_build(project, "update")
    assert update.stdout.endswith("update: 0 file(s) changed\n"), update.stdout + update.stderr
    assert snapshot(project) == before


def _main_text(page: Path) -> str:
    return " ".join(parse_html(page).xpath("string(//main)").split())


@pytest.mark.e2e
def test_real_pages_use_the_glossary_names(real_site: Path) -> None:
    """Where a document's source names a glossary term, every published translation shows its
    official form (what `check` asks of the catalogs, seen on the pages a reader gets)."""
    glossary = load_glossary(ROOT / "locales", ROOT)
    assert glossary is not None
    checked = 0
    for page in sorted(real_site.glob("*/*/index.html")):
        if page.parent.parent.name == "page":
            continue
        (data,) = json_ld(page)
        if "translationOfWork" not in data:
            continue  # the source version
        locale, source = data["inLanguage"], data["translationOfWork"]["inLanguage"]
        source_page = real_site / source / page.parent.name / "index.html"
        text = _main_text(page)
        for term in glossary.in_source(_main_text(source_page), source):
            forms = term.forms.get(locale, ())
            if forms and not forms[0].startswith(("http://", "https://")):
                assert any(translation_has(form, text, locale) for form in forms), (page, term.forms)
                checked += 1
    assert checked, "no page of the real site names a glossary term: nothing was checked"


@pytest.mark.e2e
def test_real_briefs_embed_only_the_bundled_fonts_subset(real_site: Path) -> None:
    pdfs = sorted(real_site.rglob("*.pdf"))
    assert pdfs
    for path in pdfs:
        rows = fonts(path)
        assert rows, f"{path}: no fonts at all"
        for row in rows:
            assert len(row.subset) == 6 and row.family in BUNDLED_FONTS, (path, row)
            assert row.embedded and row.subsetted and row.unicode_map, (path, row)
    for locale, family in (("ko", "Noto-Sans-KR"), ("ja", "Noto-Sans-JP")):
        for path in sorted((real_site / locale).glob("*/*.pdf")):
            assert font_families(path) == {family}, path
