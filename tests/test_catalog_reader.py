"""The build's PO reader agrees with Babel and GNU gettext, and names the line of every problem."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import FIXTURES, ROOT

from newsdesk.catalogs.catalog import parse_po, read_catalog
from newsdesk.errors import CatalogError

# The fixture sites' catalogs, and the real ones (marked ``content``: they check the real catalogs).
CATALOGS = [*(pytest.param(p, marks=pytest.mark.content) for p in sorted(ROOT.glob("locales/*/**/*.po"))),
            *sorted(FIXTURES.glob("*/locales/*/**/*.po"))]


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def locale_of(path: Path) -> str:
    return next(
        p for p in path.parts if p in ("ko", "ja", "en")
    )


@pytest.mark.parametrize("path", CATALOGS, ids=_id)
def test_reader_agrees_with_babel(path: Path) -> None:
    locale = locale_of(path)
    ours = read_catalog(path, path.name, locale)
    with path.open("rb") as handle:
        babel = read_po(handle, locale=locale)
    singular = [m for m in babel if isinstance(m.id, str)]
    done = {m.id: m.string for m in singular if m.id and m.string and not m.fuzzy}
    fuzzy = {m.id: m.string for m in singular if m.id and m.string and m.fuzzy}
    plurals = {m.id[0]: tuple(m.string) for m in babel if isinstance(m.id, tuple) and not m.fuzzy}
    assert ours.translations == done
    assert ours.fuzzy == fuzzy
    assert ours.plurals == plurals


@pytest.mark.parametrize("path", CATALOGS, ids=_id)
def test_catalogs_pass_msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


HEADER = 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def problems(text: str, locale: str = "ko") -> list[str]:
    return [str(p) for p in parse_po(text.encode("utf-8"), "x.po", locale)[1]]


def test_reads_escapes_flags_and_multiline_strings() -> None:
    text = HEADER + '#, fuzzy\nmsgid "a"\nmsgstr "b"\n\nmsgid ""\n"two "\n"lines \\"q\\""\nmsgstr "둘\\n"\n'
    entries, found = parse_po(text.encode(), "x.po", "ko")
    assert found == []
    assert [(e.msgid, e.msgstr[0], "fuzzy" in e.flags) for e in entries[1:]] == [
        ("a", "b", True), ('two lines "q"', "둘\n", False)]


def test_syntax_errors_name_their_line() -> None:
    assert problems(HEADER + 'msgid "a"\nmsgstr "b\n') == ["x.po:8: PO syntax error: expected a quoted string after 'msgstr'"]
    assert problems(HEADER + 'msgid unquoted\nmsgstr ""\n')[0].startswith("x.po:7: PO syntax error")
    assert problems(HEADER + '"stray"\n')[0].startswith("x.po:7: PO syntax error")


def test_header_problems() -> None:
    assert "Language header is 'ja', expected 'ko'" in problems(HEADER.replace("Language: ko", "Language: ja"))[0]
    assert "charset must be UTF-8" in problems(HEADER.replace("UTF-8", "EUC-KR"))[0]
    assert "Plural-Forms for 'ko' must be" in problems(HEADER.replace("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"))[0]
    assert problems('msgid "a"\nmsgstr "b"\n') == ['x.po:1: catalog has no header entry (msgid "")']


def test_duplicate_msgid_and_bad_encoding() -> None:
    assert problems(HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n') == [
        "x.po:10: duplicate msgid (first at line 7)"]
    found = parse_po((HEADER + 'msgid "a"\nmsgstr "').encode() + "\ub098".encode("euc-kr") + b'"\n', "x.po", "ko")[1]
    assert [str(p) for p in found] == ["x.po:8: catalog is not valid UTF-8 text"]


def test_obsolete_entries_are_not_translations(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + '#~ msgid "old"\n#~ msgstr "옛"\n', encoding="utf-8")
    assert read_catalog(path, "x.po", "ko").translations == {}


def test_a_broken_catalog_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + 'msgid x\nmsgstr y\n', encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        read_catalog(path, "x.po", "ko")
    assert [p.line for p in error.value.problems] == [7, 8]


def test_plural_entries_follow_the_locale_rule(tmp_path: Path) -> None:
    en = HEADER.replace("Language: ko", "Language: en").replace("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);")
    path = tmp_path / "en.po"
    path.write_text(en + 'msgid "%(num)s brief"\nmsgid_plural "%(num)s briefs"\nmsgstr[0] "one: %(num)s"\n'
                    'msgstr[1] "many: %(num)s"\n', encoding="utf-8")
    catalog = read_catalog(path, "en.po", "en")
    assert [catalog.ngettext("%(num)s brief", "%(num)s briefs", n) for n in (1, 2)] == ["one: %(num)s", "many: %(num)s"]
    path.write_text(HEADER + 'msgid "%(num)s brief"\nmsgid_plural "%(num)s briefs"\nmsgstr[0] "%(num)s건"\n',
                    encoding="utf-8")
    catalog = read_catalog(path, "ko.po", "ko")
    assert {catalog.ngettext("%(num)s brief", "%(num)s briefs", n) for n in (1, 2, 5)} == {"%(num)s건"}


@pytest.mark.e2e
def test_the_pack_cover_counts_briefs_in_each_language(site: Path) -> None:
    from helpers import pdf_text

    expected = {"ko": "브리핑 4건", "ja": "ブリーフィング資料4件", "en": "4 briefs"}
    for locale, words in expected.items():
        text = " ".join(pdf_text(site / locale / f"briefing-pack-{locale}.pdf").split())
        assert words in text.replace("資料 2 件", "資料2件"), (locale, text[:300])
