"""Briefs as a press office sends them, checked on a small fixture project (tests/fixtures/press-briefs):
the text a journalist copies, typography per locale, links, framing, the pack."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import FIXTURES, ROOT, copy_project, run_build
from pypdf import PdfReader

from newsdesk.content.inline import plain

pytestmark = pytest.mark.e2e  # real builds (see tests/README.md: markers)

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


# --- typography per locale ---------------------------------------------------------------------

RIGHT_EDGES = (595.2756 - 57.64,)  # the measure


@dataclass
class Line:
    words: list[tuple[str, float, float]]  # text, xMin, xMax

    @property
    def text(self) -> str:
        return " ".join(w for w, _, _ in self.words)


def blocks(path: Path) -> list[list[Line]]:
    """pdftotext's blocks (paragraphs) of every page, each a list of lines with word boxes."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    found = []
    for block in re.findall(r"<block [^>]*>(.*?)</block>", xhtml, re.DOTALL):
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", block, re.DOTALL):
            words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', line)
            lines.append(Line([(html.unescape(t), float(a), float(b)) for a, b, t in words]))
        found.append(lines)
    return found


def body_texts(locale: str, slug: str) -> list[str]:
    po = FIXTURE / "locales" / ("ja" if locale == "en" else locale) / "content" / f"{slug}.po"
    with po.open("rb") as handle:
        texts = [plain(m.id if locale == "en" else m.string) for m in read_po(handle)
                 if m.id and any(": body[" in c for c in m.auto_comments)]
    return [t for t in texts if len(t) > 30]  # paragraphs, not headings


def body_blocks(out: Path, locale: str, slug: str) -> list[list[Line]]:
    """The lines of each body paragraph: the run of consecutive lines whose text is the
    paragraph's catalog text."""
    lines = [line for block in blocks(brief(out, locale, slug)) for line in block]
    squeeze = lambda text: re.sub(r"\s|-", "", text)
    found = []
    for paragraph in body_texts(locale, slug):
        target = squeeze(paragraph)
        for i in range(len(lines)):
            run, text = [], ""
            for line in lines[i:]:
                run.append(line)
                text += squeeze(line.text)
                if not target.startswith(text):
                    break
                if text == target:
                    found.append(run)
                    break
            if found and found[-1] is run:
                break
    assert len(found) == len(body_texts(locale, slug)), (locale, slug, len(found))
    return found


def test_korean_running_text_is_justified(built: Path) -> None:
    checked = 0
    for slug in SLUGS:
        for block in body_blocks(built, "ko", slug):
            for line in block[:-1]:
                assert any(abs(line.words[-1][2] - edge) < 1.0 for edge in RIGHT_EDGES), line.text
                checked += 1
    assert checked >= 4


def test_english_justified_lines_have_no_wide_word_spaces(built: Path) -> None:
    """The measure: no space between words on a justified line wider than 0.6 em (a normal
    space is about 0.26 em; an editor marks a line at about twice that)."""
    em = 9.0  # the English body size
    checked = 0
    for block in body_blocks(built, "en", "roundtable"):
        for line in block[:-1]:
            gaps = [b[1] - a[2] for a, b in zip(line.words, line.words[1:])]
            assert max(gaps) <= 0.6 * em, (line.text, max(gaps) / em)
            checked += 1
    assert checked >= 4


def test_english_hyphenation_follows_american_patterns(built: Path) -> None:
    import pyphen

    us = pyphen.Pyphen(lang="en_US")
    lines = raw_text(brief(built, "en", "roundtable")).splitlines()
    broken = [(a.split()[-1], b.split()[0]) for a, b in itertools.pairwise(lines) if a.endswith("-") and b.split()]
    for head, tail in broken:
        word = re.sub(r"\W", "", head[:-1] + tail)
        points = [p for p in us.positions(word.lower())]
        assert len(re.sub(r"\W", "", head[:-1])) in points, (head, tail)


def test_no_paragraph_ends_on_a_lone_character_or_fragment(built: Path) -> None:
    for locale in LOCALES:
        for slug in SLUGS:
            for block in body_blocks(built, locale, slug):
                last = block[-1].text
                if locale == "ja":
                    assert len(re.sub(r"[。、」』）]", "", last)) >= 2, last
                if locale == "en" and len(block) > 1 and block[-2].text.endswith("-"):
                    assert len(block[-1].words) > 1, last  # not "tion." alone


def test_japanese_briefs_use_japanese_punctuation(built: Path) -> None:
    """The katakana middle dot between items, full-width brackets, no ASCII space after a
    full-width colon: in the templates' text as in the catalog's."""
    for slug in SLUGS:
        text = raw_text(brief(built, "ja", slug))
        assert "·" not in text
        assert "： " not in text and "：\u3000" not in text
        assert "(" not in text and ")" not in text, re.findall(r".{6}[()].{6}", text)


# --- links and the way back to the web ----------------------------------------------------------

BASE = "https://briefs.newsdesk-press.com/"


def link_targets(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_briefs_link_their_page_their_source_and_never_a_file(built: Path) -> None:
    for locale in LOCALES:
        for slug in SLUGS:
            uris = link_targets(brief(built, locale, slug))
            assert f"{BASE}{locale}/{slug}/" in uris, (locale, slug, uris)
            assert "https://www.asiae.co.kr/" in uris
            assert not [u for u in uris if not u.startswith(("https://", "http://", "mailto:"))], uris
        # Relative and scheme-relative links of the text resolve against the page, as on the web.
        uris = link_targets(brief(built, locale, "roundtable"))
        assert f"{BASE}{locale}/roundtable-statement/" in uris and "https://www.asiae.co.kr/" in uris


def test_the_qr_code_scans_to_the_page_url(built: Path, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    for locale in LOCALES:
        for slug in SLUGS:
            prefix = tmp_path / f"{locale}-{slug}"
            subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(brief(built, locale, slug)),
                            str(prefix)], check=True)
            image = Image.open(next(tmp_path.glob(f"{prefix.name}*.png")))
            codes = [(c.format.name, c.text) for c in zxingcpp.read_barcodes(image)]
            assert codes == [("QRCode", f"{BASE}{locale}/{slug}/")], (locale, slug, codes)


def test_a_placeholder_host_prints_no_page_url_or_qr_code(tmp_path: Path) -> None:
    project = press_project(tmp_path / "project")
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(BASE, "https://press.example.org/"),
                        encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = brief(out, "en", "roundtable")
    assert "example.org" not in raw_text(path)
    assert not [u for u in link_targets(path) if "example.org" in u]
    import zxingcpp
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page")], check=True)
    assert not zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))


# --- honest framing of a statement ----------------------------------------------------------------

FRAMING = {
    "en": "Summary as reported by The Asia Business Daily on January 14, 2026, not the official text",
    "ko": "아시아경제(2026년 1월 14일) 보도를 바탕으로 정리한 요약이며, 공식 성명 원문이 아닙니다",
    "ja": "アジア経済（2026年1月14日）の報道に基づく要約であり、公式の声明文ではありません",
}


def test_a_summarized_statement_says_so_under_its_title(built: Path) -> None:
    for locale, label in FRAMING.items():
        lines = raw_text(brief(built, locale, "roundtable-statement")).splitlines()
        text = joined("\n".join(lines), locale)
        title = joined(catalog_texts(locale, "roundtable-statement")[0], locale)
        assert label in text, locale
        assert text.index(title) < text.index(label) < text.index(catalog_texts(locale, "roundtable-statement")[1])
        page = (built / locale / "roundtable-statement" / "index.html").read_text(encoding="utf-8")
        assert f'<p class="framing">{html.escape(label, quote=False)}</p>' in page.replace("&#39;", "'"), locale
        article = raw_text(brief(built, locale, "roundtable"))
        assert label[:8] not in article  # an article is not framed as a summary of a statement


def test_the_official_field_takes_true_or_false(tmp_path: Path) -> None:
    project = press_project(tmp_path / "project")
    path = project / "content" / "statements" / "roundtable-statement.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("official: false", "official: perhaps"), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    line = text[: text.index("official:")].count("\n") + 1
    assert result.stderr.startswith(f"content/statements/roundtable-statement.md:{line}: field 'official' must be true or false\n")
    assert "not found" not in result.stderr  # no follow-on error from the document that failed
    assert not (tmp_path / "out").exists()


# --- the briefing pack ------------------------------------------------------------------------------

CONTACTS = {
    "ko": ("언론 문의", "뉴스데스크 홍보팀 김지연", "press@newsdesk-press.com", "+82 2 1234 5678"),
    "ja": ("報道関係者のお問い合わせ先", "ニュースデスク広報担当 佐藤真理", "press-ja@newsdesk-press.com", "+81 3 1234 5678"),
    "en": ("Media contact", "Jiyeon Kim, Newsdesk press office", "press@newsdesk-press.com", "+82 2 1234 5678"),
}
LONG_DATES = {"ko": "2026년 1월 14일", "ja": "2026年1月14日", "en": "January 14, 2026"}


def test_pack_cover_has_logo_title_dates_contact_and_contents(built: Path) -> None:
    for locale, (title, name, email, phone) in CONTACTS.items():
        path = built / locale / f"briefing-pack-{locale}.pdf"
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
                               capture_output=True, text=True, check=True).stdout
        for expected in (title, name, email, phone, LONG_DATES[locale]):
            assert expected in first, (locale, expected)
        images = subprocess.run(["pdfimages", "-f", "1", "-l", "1", "-list", str(path)], capture_output=True,
                                text=True, check=True).stdout.splitlines()[2:]
        assert len(images) >= 1, "the logo"
        # The contents share the cover page: both documents listed with their page numbers.
        assert len(re.findall(r"\.{3,}\s*\d+\s*$", first, re.MULTILINE)) == 2, first
        assert f"mailto:{email}" in link_targets(path)


def test_every_date_in_a_pack_has_the_locale_long_style(built: Path) -> None:
    short = {"en": r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", "ko": r"\d+\. \d+\. \d+", "ja": r"\d+/\d+/\d+"}
    for locale in LOCALES:
        text = raw_text(built / locale / f"briefing-pack-{locale}.pdf")
        assert text.count(LONG_DATES[locale]) >= 5, locale  # cover, contents, each brief
        assert not re.search(short[locale], text), (locale, re.search(short[locale], text))


def test_a_bad_media_contact_is_a_settings_error(tmp_path: Path) -> None:
    project = press_project(tmp_path / "project")
    settings = project / "site.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('email = "press-ja@newsdesk-press.com"', 'email = "press at newsdesk"'), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    line = text[: text.index("[media_contact.ja]")].count("\n") + 1
    assert f"site.toml:{line}: media_contact.ja.email 'press at newsdesk' is not an email address" in result.stderr


# --- related documents -------------------------------------------------------------------------------


def test_related_documents_are_linked_from_page_brief_and_pack(built: Path) -> None:
    for locale in LOCALES:
        for slug, other in (("roundtable", "roundtable-statement"), ("roundtable-statement", "roundtable")):
            title = catalog_texts(locale, other)[0] if other == "roundtable-statement" else catalog_texts(locale, other)[1]
            page = (built / locale / slug / "index.html").read_text(encoding="utf-8")
            assert re.search(rf'<nav class="related".*?<a href="\.\./{other}/">', page, re.DOTALL), (locale, slug)
            assert f"{BASE}{locale}/{other}/" in link_targets(brief(built, locale, slug))
            assert joined(title, locale) in joined(raw_text(brief(built, locale, slug)), locale), (locale, title)
        # In the pack, each brief links the other brief inside the same file.
        pack = PdfReader(built / locale / f"briefing-pack-{locale}.pdf")
        internal = [a.get_object() for page in pack.pages[1:] for a in page.get("/Annots") or []
                    if a.get_object().get("/Dest") is not None or "/D" in (a.get_object().get("/A") or {})]
        assert len(internal) >= 2, locale


def test_an_unknown_related_document_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = press_project(tmp_path / "project")
    path = project / "content" / "articles" / "roundtable.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - roundtable-statement", "  - roundtable-statment"), encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    line = text[: text.index("  - roundtable-statement")].count("\n") + 1
    assert f"content/articles/roundtable.md:{line}: related document 'roundtable-statment' not found" in result.stderr


def test_a_retitled_related_document_updates_the_pages_that_link_it(tmp_path: Path) -> None:
    project = press_project(tmp_path / "project")
    out = tmp_path / "out"
    assert run_build(project, "build", "--out", str(out)).returncode == 0
    po = project / "locales" / "ja" / "content" / "roundtable-statement.po"
    po.write_text(po.read_text(encoding="utf-8").replace("AI時代の韓日産業協力に関する共同声明", "AI時代の韓日産業協力共同声明"),
                  encoding="utf-8")
    result = run_build(project, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "ja" / "roundtable" / "index.html").read_text(encoding="utf-8")
    assert "AI時代の韓日産業協力共同声明" in page
    assert "AI時代の韓日産業協力共同声明" in joined(raw_text(brief(out, "ja", "roundtable")), "ja")
