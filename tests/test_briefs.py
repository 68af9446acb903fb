"""What a reader of a brief checks: the right words, real fonts, no Korean word split."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import ALL_DOCUMENTS, DOCUMENTS, LOCALES, SITE, copy_project, pdf_text, run_build
from pdfcheck import BUNDLED_FONTS, font_families, fonts
from pypdf import PdfReader

pytestmark = pytest.mark.e2e


def brief(site: Path, locale: str, slug: str) -> Path:
    return site / locale / slug / f"{slug}-{locale}.pdf"


def test_brief_text_has_the_official_names(site: Path) -> None:
    expected = {
        "ko": ["한국무역협회", "조현준"],
        "ja": ["経済同友会", "趙顕俊"],
        "en": ["Japan Association of Corporate Executives"],
    }
    for locale, words in expected.items():
        text = " ".join(pdf_text(brief(site, locale, DOCUMENTS[0])).split())
        for word in words:
            assert word in text, (locale, word)


def pack(site: Path, locale: str) -> Path:
    return site / locale / f"briefing-pack-{locale}.pdf"


def test_briefs_embed_only_the_bundled_fonts_subset(site: Path) -> None:
    pdfs = [brief(site, locale, slug) for locale in LOCALES for slug in ALL_DOCUMENTS] + [pack(site, l) for l in LOCALES]
    for path in pdfs:
        rows = fonts(path)
        assert rows, "no fonts at all"
        for row in rows:
            assert len(row.subset) == 6, row  # a subset tag: only the glyphs used
            assert row.family in BUNDLED_FONTS, row
            assert row.embedded and row.subsetted and row.unicode_map, row


def test_korean_briefs_use_the_korean_font_first_and_japanese_the_japanese(site: Path) -> None:
    for locale, family in (("ko", "Noto-Sans-KR"), ("ja", "Noto-Sans-JP")):
        for slug in ALL_DOCUMENTS:
            assert font_families(brief(site, locale, slug)) == {family}, (locale, slug)


def test_brief_metadata(site: Path) -> None:
    for locale in LOCALES:
        reader = PdfReader(brief(site, locale, DOCUMENTS[0]))
        info = reader.metadata
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == locale
        assert info.title and info.author == "Newsdesk"
        assert info.subject and info.get("/Keywords")
        assert reader.get_page(0).mediabox.width == 595.276 or round(float(reader.get_page(0).mediabox.width)) == 595


def test_brief_footer_counts_pages(site: Path) -> None:
    path = brief(site, "en", DOCUMENTS[0])
    pages = len(PdfReader(path).pages)
    text = pdf_text(path)
    for number in range(1, pages + 1):
        assert re.search(rf"(^|\s){number}\s*/\s*{pages}(\s|$)", text), number


def _korean_words() -> set[str]:
    """Every word of the fixture site's Korean text: its Korean translations, and the Korean
    source text of its Korean-source article (the msgids of that article's catalogs)."""
    words: set[str] = set()
    for path in (SITE / "locales").rglob("*.po"):
        with path.open("rb") as handle:
            for message in read_po(handle):
                for string in (message.string,) if isinstance(message.string, str) else message.string:
                    words.update(string.split())
                if isinstance(message.id, str):
                    words.update(message.id.split())
    return words


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_no_korean_word_is_split_at_a_line_end(site: Path) -> None:
    """Every Hangul token on every extracted line is a whole word of the catalog's text."""
    source_words = {w.strip("“”‘’\"'.,:;()·") for w in _korean_words()}
    for slug, path in [(slug, brief(site, "ko", slug)) for slug in ALL_DOCUMENTS] + [("pack", pack(site, "ko"))]:
        for line in pdf_text(path).splitlines():
            for token in line.split():
                token = token.strip("“”‘’\"'.,:;()·")
                if HANGUL.search(token) and not re.search(r"\d+ / \d+", line):
                    assert any(token == w or token in w.split("·") for w in source_words) or _part_of_template(token), (slug, line, token)


def _part_of_template(token: str) -> bool:
    """Template strings (masthead, labels) come from site.po, already in the words; dates come from Babel."""
    # a date, or a range (the pack's cover), or a label with a date: 아시아경제(2026년
    return bool(re.fullmatch(r"\d+[년월일건](~\d+[년월일])?|([^\s(]+\()?\d+[년월일건]\)?", token))


def test_briefs_are_never_made_from_incomplete_translations(project: Path, tmp_path: Path) -> None:
    po = project / "locales" / "ja" / "content" / f"{DOCUMENTS[1]}.po"
    text = po.read_text(encoding="utf-8")
    # Empty the first translated paragraph: the ja version is now incomplete.
    po.write_text(re.sub(r'(msgid "Japan Association of Corporate Executives"\nmsgstr )".*"', r'\1""', text, count=1), encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out), "--drafts")
    assert result.returncode == 0, result.stderr
    assert (out / "ja" / DOCUMENTS[1] / "index.html").is_file()  # the draft page is there, marked
    assert 'class="pending"' in (out / "ja" / DOCUMENTS[1] / "index.html").read_text(encoding="utf-8")
    assert not list((out / "ja" / DOCUMENTS[1]).glob("*.pdf"))


# --- print-grade briefs: standards, structure, text, packs (issue 5) ---------------------------

import os

from pdfcheck import normalized, outline, page_texts, reading_text

from newsdesk.content.inline import plain

SITE_NAMES = {"ko": "뉴스데스크", "ja": "ニュースデスク", "en": "Newsdesk"}
STRAY = "\u2060\u200b\u200c\u200d\u00ad\ufeff"


def catalog_texts(locale: str, slug: str) -> list[str]:
    """Every text of a document as its catalog gives it (the source text for English)."""
    po = SITE / "locales" / ("ja" if locale == "en" else locale) / "content" / f"{slug}.po"
    with po.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id and not any("tags" in c for c in m.auto_comments)]
    return [plain(m.id if locale == "en" else m.string) for m in messages]


def test_briefs_are_tagged_pdf_ua_with_full_metadata(site: Path) -> None:
    for locale in LOCALES:
        for path in [brief(site, locale, slug) for slug in DOCUMENTS] + [pack(site, locale)]:
            reader = PdfReader(path)
            root = reader.trailer["/Root"]
            info = reader.metadata
            assert reader.pdf_header == "%PDF-1.7", path
            assert root["/Lang"] == locale
            assert bool(root["/MarkInfo"]["/Marked"])
            assert "/StructTreeRoot" in root
            assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
            xmp = root["/Metadata"].get_object().get_data().decode()
            assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1<" in xmp, path
            assert info.title and info.author == "Newsdesk" and info.subject and info.get("/Keywords"), path
            assert info.get("/CreationDate") and info.get("/CreationDate") == info.get("/ModDate"), path
            if "SOURCE_DATE_EPOCH" not in os.environ:  # the content's own date, never the clock
                newest = "D:20260202" if path == pack(site, locale) else "D:20260114"  # the Korean-source article's
                assert str(info.get("/CreationDate")).startswith(newest), path


def test_title_metadata_is_the_headline(site: Path) -> None:
    for locale in LOCALES:
        titles = [plain(t) for t in catalog_texts(locale, DOCUMENTS[0])]
        assert PdfReader(brief(site, locale, DOCUMENTS[0])).metadata.title in titles


def test_same_structure_in_every_locale(site: Path) -> None:
    """The same headings, in the same order and nesting, on the same pages, in every locale."""
    for slug in DOCUMENTS:
        shapes = {locale: [(level, page) for level, _, page in outline(brief(site, locale, slug))] for locale in LOCALES}
        assert shapes["ko"] == shapes["ja"] == shapes["en"], shapes
        assert shapes["en"][0] == (1, 1)  # the headline opens the brief
        assert len(shapes["en"]) >= 3  # and the headings inside follow it


def test_briefs_are_at_most_two_pages_and_small(site: Path) -> None:
    for locale in LOCALES:
        for slug in ALL_DOCUMENTS:
            path = brief(site, locale, slug)
            assert len(PdfReader(path).pages) <= 2, path
            assert path.stat().st_size < 250 * 1024, (path, path.stat().st_size)
        assert pack(site, locale).stat().st_size < len(ALL_DOCUMENTS) * 250 * 1024


def test_copying_text_gives_the_catalog_text(site: Path) -> None:
    """Every field and paragraph, read in drawing order across columns and pages, is exactly
    the catalog's text: no joiners, soft hyphens or broken characters."""
    for locale in LOCALES:
        for slug in DOCUMENTS:
            path = brief(site, locale, slug)
            title = PdfReader(path).metadata.title
            separator = "・" if locale == "ja" else " · "
            raw = reading_text(path, running=f"{SITE_NAMES[locale]}{separator}{title}")
            assert not set(raw) & set(STRAY), (path, set(raw) & set(STRAY))
            text = normalized(raw, locale)
            for expected in catalog_texts(locale, slug):
                assert normalized(expected, locale) in text, (locale, slug, expected)


def test_pack_outline_is_each_brief_outline_in_turn(site: Path) -> None:
    for locale in LOCALES:
        entries = outline(pack(site, locale))
        assert [level for level, _, _ in entries[:2]] == [1, 1]  # cover, contents
        briefs = [outline(brief(site, locale, slug)) for slug in ALL_DOCUMENTS]
        # The pack lists the newest first; two documents share a date, so compare as sets of runs.
        runs: list[list[tuple[int, str]]] = []
        for level, title, _ in entries[2:]:
            if level == 1:
                runs.append([])
            runs[-1].append((level, title))
        assert sorted(runs) == sorted([[(level, title) for level, title, _ in b] for b in briefs])


def test_pack_contents_page_numbers_are_the_real_pages(site: Path) -> None:
    for locale in LOCALES:
        path = pack(site, locale)
        pages = page_texts(path)
        listed = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", pages[0], re.MULTILINE)]  # contents on the cover
        starts = [(title, page) for level, title, page in outline(path)[2:] if level == 1]
        assert listed == [page for _, page in starts], (locale, listed, starts)
        for title, page in starts:
            assert normalized(title, "ja") in normalized(pages[page - 1], "ja"), (locale, title, page)
            assert re.search(rf"(^|\s){page}\s*/\s*{len(pages)}(\s|$)", pages[page - 1])


def test_pages_keep_their_own_locale_after_briefs(site: Path) -> None:
    """Each locale's templates are translated by its own catalog, whichever rendered last."""
    for locale, label in (("ko", "출처:"), ("ja", "出典："), ("en", "Source:")):
        page = (site / locale / DOCUMENTS[0] / "index.html").read_text(encoding="utf-8")
        assert label in page, locale


def test_same_inputs_give_byte_identical_pdfs(tmp_path: Path) -> None:
    """A second build, in another interpreter with other hash seeds, gives the same bytes.
    (Of the same project folder: a brief with a figure differs by a few bytes when the project
    is in another folder, the figure's path being part of what the PDF records.)"""
    project = copy_project(tmp_path / "project")
    site, out = tmp_path / "first", tmp_path / "again"
    for target, seed in ((site, "1"), (out, "4242")):
        result = run_build(project, "build", "--out", str(target), "--pack", "--clean",
                           env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
    first = sorted(p.relative_to(site) for p in site.rglob("*.pdf"))
    assert first == sorted(p.relative_to(out) for p in out.rglob("*.pdf"))
    for rel in first:
        assert (site / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_front_pages_link_their_locale_briefing_pack(site: Path) -> None:
    for locale in LOCALES:
        html = (site / locale / "index.html").read_text(encoding="utf-8")
        match = re.search(r'<a href="(briefing-pack-[a-z]+\.pdf)" type="application/pdf" download>([^<]*)</a>', html)
        assert match, locale
        assert (site / locale / match.group(1)).read_bytes().startswith(b"%PDF-")
        assert re.search(r"\d+ KB", match.group(2))


def test_the_article_brief_fits_one_page_in_every_locale(site: Path) -> None:
    """The live article (issue 17): its text allows one page, so no second page holds a few
    lines and the pull quote is never split across a page break."""
    for locale in LOCALES:
        assert len(PdfReader(brief(site, locale, DOCUMENTS[0])).pages) == 1, locale
