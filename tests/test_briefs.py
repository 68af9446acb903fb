"""What a reader of a brief checks: the right words, real fonts, no Korean word split."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po
from pypdf import PdfReader

from conftest import ROOT, pdf_text

LOCALES = ("ko", "ja", "en")
DOCUMENTS = ("korea-japan-economic-community", "korea-japan-ai-joint-statement")
BUNDLED = {"Noto-Sans-KR", "Noto-Sans-KR-Bold", "Noto-Sans-JP", "Noto-Sans-JP-Bold"}


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


def test_briefs_embed_only_the_bundled_fonts_subset(site: Path) -> None:
    for locale in LOCALES:
        for slug in DOCUMENTS:
            output = subprocess.run(["pdffonts", str(brief(site, locale, slug))], capture_output=True,
                                    text=True, check=True).stdout.splitlines()[2:]
            assert output, "no fonts at all"
            for row in output:
                name, *rest = row.split()
                subset, family = name.split("+", 1)
                assert len(subset) == 6, row  # a subset tag: only the glyphs used
                assert family in BUNDLED, row
                assert rest[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, unicode map


def test_korean_briefs_use_the_korean_font_first_and_japanese_the_japanese(site: Path) -> None:
    for locale, family in (("ko", "Noto-Sans-KR"), ("ja", "Noto-Sans-JP")):
        output = subprocess.run(["pdffonts", str(brief(site, locale, DOCUMENTS[0]))], capture_output=True,
                                text=True, check=True).stdout
        families = {row.split()[0].split("+")[1].removesuffix("-Bold") for row in output.splitlines()[2:]}
        assert families == {family}, (locale, families)


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


def _korean_words(locale: str = "ko") -> set[str]:
    words: set[str] = set()
    for path in (ROOT / "locales" / locale).rglob("*.po"):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.string:
                    words.update(message.string.split())
    return words


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_no_korean_word_is_split_at_a_line_end(site: Path) -> None:
    """Every Hangul token on every extracted line is a whole word of the catalog's text."""
    source_words = {w.strip("“”‘’\"'.,:;()·") for w in _korean_words()}
    for slug in DOCUMENTS:
        for line in pdf_text(brief(site, "ko", slug)).splitlines():
            for token in line.split():
                token = token.strip("“”‘’\"'.,:;()·")
                if HANGUL.search(token) and not re.search(r"\d+ / \d+", line):
                    assert any(token == w or token in w.split("·") for w in source_words) or _part_of_template(token), (slug, line, token)


def _part_of_template(token: str) -> bool:
    """Template strings (masthead, labels) come from site.po, already in the words; dates come from Babel."""
    return bool(re.fullmatch(r"\d+[년월일]", token))


def test_briefs_are_never_made_from_incomplete_translations(project: Path, tmp_path: Path) -> None:
    from conftest import run_build

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
