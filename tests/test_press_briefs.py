"""Briefs as a press office sends them, checked on a small fixture project (tests/fixtures/press-briefs):
the text a journalist copies, typography per locale, links, framing, the pack."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import FIXTURES, ROOT, copy_project, run_build

from newsdesk.inline import plain

LOCALES = ("ko", "ja", "en")
SLUGS = ("roundtable", "roundtable-statement")
STRAY = "\u2060\u200b\u200c\u200d\u00ad\ufeff\u00a0"
FIXTURE = FIXTURES / "press-briefs"


def press_project(target: Path) -> Path:
    """The fixture project with this repository's templates and site catalogs."""
    project = copy_project(target, FIXTURE)
    shutil.copytree(ROOT / "templates", project / "templates")
    for locale in LOCALES:
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / locale / "site.po", project / "locales" / locale / "site.po")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = press_project(tmp_path_factory.mktemp("press") / "project")
    out = project.parent / "public"
    result = run_build(project, "build", "--out", str(out), "--pack")
    assert result.returncode == 0, result.stderr
    return out


def brief(out: Path, locale: str, slug: str) -> Path:
    return out / locale / slug / f"{slug}-{locale}.pdf"


def raw_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def catalog_texts(locale: str, slug: str) -> list[str]:
    """Every text of a document as its catalog gives it (the source text for English)."""
    po = FIXTURE / "locales" / ("ja" if locale == "en" else locale) / "content" / f"{slug}.po"
    with po.open("rb") as handle:
        return [plain(m.id if locale == "en" else m.string) for m in read_po(handle) if m.id]


def joined(text: str, locale: str) -> str:
    """Line breaks undone as a reader pasting the text would: Japanese lines join with nothing,
    Korean and English with a space; an English line ending in a hyphen was hyphenated by the
    layout (compounds never break at their own hyphen). Spaces inside a line are kept."""
    if locale == "ja":
        return text.replace("\n", "")
    if locale == "en":
        text = re.sub(r"-\n", "", text)
    return text.replace("\n", " ")


def test_copied_text_is_the_catalog_text(built: Path) -> None:
    """pdftotext gives every catalog text exactly: no joiner, no soft hyphen, no no-break space,
    and no space that the catalog does not have (a Japanese date stays "1月14日")."""
    for locale in LOCALES:
        for slug in SLUGS:
            text = raw_text(brief(built, locale, slug))
            assert not set(text) & set(STRAY), (locale, slug, set(text) & set(STRAY))
            assert "  " not in text, (locale, slug)
            copied = joined(text, locale)
            for expected in catalog_texts(locale, slug):
                assert expected in copied, (locale, slug, expected)


def test_japanese_dates_and_counters_are_solid(built: Path) -> None:
    text = joined(raw_text(brief(built, "ja", "roundtable")), "ja")
    for solid in ("1月14日", "2024年5月", "4回", "AI時代", "（CVC）", "ASEANに"):
        assert solid in text, solid
