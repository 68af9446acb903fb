"""Catalogs from untrusted translators (issue 18): what passes ``check`` is what the build publishes,
links and special files are refused without being read, ``update`` loses nothing and keeps file
modes, and no message sends a control character to the terminal."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from catalog_project import (
    CONTROL,
    EN_SITE,
    JA_PO,
    KO_SITE,
    Verdict,
    both,
    build,
    check,
    line_of,
    make_project,
    replace_in,
)
from catalog_tools import msgfmt_check
from conftest import run_build

from newsdesk.catalogs.po import parse

pytestmark = pytest.mark.e2e  # real builds (see tests/README.md: markers)

LAST_MSGID = 'msgid "한국어 단어는 줄 끝에서 나뉘지 않아야 한다."\n'
LAST_MSGSTR = 'msgstr "韓国語の単語は行末で分割してはならない。"'
BYLINE = 'msgid "뉴스데스크 편집부"\nmsgstr "ニュースデスク編集部"'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def refused_by_both(built: Verdict, checked: Verdict, rel: str, line: int | None, words: str) -> None:
    """Both commands fail and name the same place; ``words`` are in both messages."""
    assert built.code == 1 and checked.code == 1, (built.output, checked.output)
    where = f"{rel}:{line}: " if line else f"{rel}: "
    assert any(where in l and words in l for l in built.output.splitlines()), built.output
    assert any(where in l and words in l for l in checked.output.splitlines()), checked.output


# The gate could be bypassed --------------------------------------------------------------------


def test_a_fuzzy_flag_between_msgid_and_msgstr_of_the_last_entry(project: Path, tmp_path: Path) -> None:
    """check skipped the entry as fuzzy, the build published it: now both refuse the line."""
    line = replace_in(project, JA_PO, LAST_MSGID + LAST_MSGSTR, LAST_MSGID + "#, fuzzy\n" + LAST_MSGSTR) + 1
    refused_by_both(*both(project, tmp_path / "out"), JA_PO, line, "a comment line inside an entry")


@pytest.mark.parametrize("inserted", ['#~ msgid "옛 문장"\n', '#~ msgstr "古い訳"\n', '#~ "続き"\n'])
def test_obsolete_lines_inside_a_live_entry(project: Path, tmp_path: Path, inserted: str) -> None:
    line = replace_in(project, JA_PO, LAST_MSGID + LAST_MSGSTR, LAST_MSGID + inserted + LAST_MSGSTR) + 1
    refused_by_both(*both(project, tmp_path / "out"), JA_PO, line, "")
    if inserted.startswith(("#~ msgstr", '#~ "')):
        assert "mixes obsolete ('#~') and live lines" in check(project).output


def test_a_blank_line_inside_a_multi_line_string(project: Path, tmp_path: Path) -> None:
    line = replace_in(project, JA_PO, LAST_MSGSTR, 'msgstr ""\n"韓国語の単語は"\n\n"行末で分割してはならない。"') + 3
    refused_by_both(*both(project, tmp_path / "out"), JA_PO, line, "a string line after a blank line")


def test_a_percent_sign_in_site_po_is_refused_by_both_not_by_a_template(project: Path, tmp_path: Path) -> None:
    """"100% 완료" passed check and stopped the build at templates/base.html:16."""
    line = replace_in(project, KO_SITE, 'msgid "Skip to content"\nmsgstr "본문 바로가기"',
                      'msgid "Skip to content"\nmsgstr "100% 본문 바로가기"') + 1
    built, checked = both(project, tmp_path / "out")
    refused_by_both(built, checked, KO_SITE, line, "write '%%' for a percent sign")
    assert "templates/base.html" not in built.output
    # Written as gettext wants it, the percent sign is published.
    replace_in(project, KO_SITE, 'msgstr "100% 본문 바로가기"', 'msgstr "100%% 본문 바로가기"')
    built, checked = both(project, tmp_path / "out")
    assert built.code == 0 and checked.code == 0, (built.output, checked.output)
    page = (tmp_path / "out" / "ko" / "index.html").read_text(encoding="utf-8")
    assert "100% 본문 바로가기" in page


@pytest.mark.parametrize("name, char", [("emoji", "🙂"), ("bidi override", "\u202e"), ("NUL", "\x00"),
                                        ("escape", "\x1b")])
def test_characters_no_font_has_are_refused_at_the_catalog_line(project: Path, tmp_path: Path, name: str,
                                                                 char: str) -> None:
    line = replace_in(project, JA_PO, BYLINE, BYLINE.replace("編集部", f"編集部{char}")) + 1
    built, checked = both(project, tmp_path / "out")
    code = f"U+{ord(char):04X}"
    refused_by_both(built, checked, JA_PO, line, code)
    assert "[characters]" in checked.output
    assert "content/newsdesk-launch.md" not in built.output  # the catalog is named, not the content file
    assert not CONTROL.search(built.output + checked.output)


# Links and special files under locales/ -------------------------------------------------------


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-CREDENTIAL-42:/root:/bin/bash\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("relative", [False, True], ids=["absolute link", "relative link"])
def test_a_catalog_that_is_a_link_is_refused_and_never_read(project: Path, tmp_path: Path, relative: bool) -> None:
    secret = secret_file(tmp_path)
    catalog = project / JA_PO
    catalog.unlink()
    catalog.symlink_to(os.path.relpath(secret, catalog.parent) if relative else secret)
    built, checked = both(project, tmp_path / "out")
    refused_by_both(built, checked, JA_PO, None, "is a symbolic link")
    updated = run_build(project, "update")
    assert updated.returncode == 1 and f"{JA_PO}: is a symbolic link" in updated.stderr
    for output in (built.output, checked.output, updated.stdout + updated.stderr):
        assert "SECRET" not in output and "root:x" not in output
    assert catalog.is_symlink() and secret.read_text(encoding="utf-8").startswith("root:x:0:0:SECRET")


def test_a_dangling_link_is_refused_not_replaced(project: Path, tmp_path: Path) -> None:
    catalog = project / JA_PO
    catalog.unlink()
    catalog.symlink_to(tmp_path / "nowhere.po")
    updated = run_build(project, "update")
    assert updated.returncode == 1 and f"{JA_PO}: is a symbolic link" in updated.stderr
    assert catalog.is_symlink() and not (tmp_path / "nowhere.po").exists()
    refused_by_both(*both(project, tmp_path / "out"), JA_PO, None, "is a symbolic link")


def test_a_catalog_that_is_a_fifo_is_refused_without_waiting(project: Path, tmp_path: Path) -> None:
    catalog = project / JA_PO
    catalog.unlink()
    os.mkfifo(catalog)
    refused_by_both(*both(project, tmp_path / "out"), JA_PO, None, "is not a regular file")


def test_a_catalog_folder_that_links_outside_locales_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (project / "locales" / "ja" / "content").rename(outside)
    (project / "locales" / "ja" / "content").symlink_to(outside)
    refused_by_both(*both(project, tmp_path / "out"), JA_PO, None, "is in a folder that links outside locales/")


def test_a_file_that_is_not_po_is_reported_by_line_without_its_text(project: Path, tmp_path: Path) -> None:
    (project / JA_PO).write_text(secret_file(tmp_path).read_text(encoding="utf-8") + "[core]\n\ttoken = SECRET-2\n",
                                 encoding="utf-8")
    built, checked = both(project, tmp_path / "out")
    refused_by_both(built, checked, JA_PO, 1, "not PO syntax")
    assert f"{JA_PO}:3: " in built.output and f"{JA_PO}:3: " in checked.output
    assert "SECRET" not in built.output + checked.output


# update ----------------------------------------------------------------------------------------


def test_a_message_that_loses_its_plural_keeps_every_form_a_translator_wrote(project: Path) -> None:
    pack = project / "templates" / "brief" / "pack.html"
    text = pack.read_text(encoding="utf-8")
    call = 'ngettext("%(num)s brief", "%(num)s briefs", docs|length)'
    assert call in text
    pack.write_text(text.replace(call, '_("%(num)s brief", num=docs|length)'), encoding="utf-8")
    assert run_build(project, "update").returncode == 0
    entries = [e for e in parse((project / EN_SITE).read_text(encoding="utf-8")).entries if e.msgid == "%(num)s brief"]
    # msgstr[0] stays the translation (fuzzy: the source changed); msgstr[1] stays as a comment.
    assert [(e.msgid_plural, e.msgstr, e.fuzzy, e.obsolete) for e in entries] == [(None, ("%(num)s brief",), True, False)]
    assert entries[0].comments == ('msgstr[1] before the plural was dropped: "%(num)s briefs"',)
    assert entries[0].previous is not None and entries[0].previous.msgid_plural == "%(num)s briefs"
    assert msgfmt_check(project / EN_SITE).returncode == 0, msgfmt_check(project / EN_SITE).stderr
    before = (project / EN_SITE).read_bytes()
    assert run_build(project, "update").returncode == 0
    assert (project / EN_SITE).read_bytes() == before  # and a second run changes nothing


def test_update_removes_the_temporary_files_a_killed_run_left(project: Path) -> None:
    folder = (project / JA_PO).parent
    leftovers = [folder / ".newsdesk-launch.po.a1B2c3_d.tmp", project / "locales" / "ko" / ".site.po.Zz9yx8w7.tmp"]
    unrelated = [folder / ".notes.tmp", folder / "newsdesk-launch.po.bak"]
    for path in leftovers + unrelated:
        path.write_text("half a catalog", encoding="utf-8")
    assert run_build(project, "update").returncode == 0
    assert [p.exists() for p in leftovers] == [False, False]
    assert [p.exists() for p in unrelated] == [True, True]


def test_rewritten_and_new_catalogs_keep_readable_modes(project: Path) -> None:
    catalog = project / JA_PO
    catalog.chmod(0o664)
    before = catalog.read_bytes()
    (project / "locales" / "en" / "site.po").unlink()
    umask = os.umask(0o022)
    os.umask(umask)
    assert run_build(project, "update").returncode == 0
    assert catalog.read_bytes() != before  # rewritten (the fixture's header is put right)
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o664
    assert stat.S_IMODE((project / "locales" / "en" / "site.po").stat().st_mode) == 0o666 & ~umask


# Control characters in messages ----------------------------------------------------------------


def test_terminal_escapes_in_a_header_are_shown_escaped(project: Path, tmp_path: Path) -> None:
    line = replace_in(project, KO_SITE, '"Language: ko\\n"', '"Language: \x1b[2K\x1b]0;pwned\x07ko\u202e\\n"')
    built, checked = both(project, tmp_path / "out")
    refused_by_both(built, checked, KO_SITE, line, "Language header is '\\x1b[2K\\x1b]0;pwned\\x07ko\\u202e'")
    assert not CONTROL.search(built.output + checked.output)


def test_the_line_of_a_broken_entry_is_the_same_in_build_and_check(project: Path, tmp_path: Path) -> None:
    line = line_of(project, JA_PO, LAST_MSGID)
    replace_in(project, JA_PO, LAST_MSGID + LAST_MSGSTR, LAST_MSGID.replace('msgid "', "msgid ", 1) + LAST_MSGSTR)
    built, checked = both(project, tmp_path / "out")
    assert built.located(JA_PO) == checked.located(JA_PO) == {line}
    assert build(project, tmp_path / "again").located(JA_PO) == {line}
