"""Catalogs work with the translators' tools: GNU gettext accepts them, a Poedit save round-trips."""

from __future__ import annotations

import difflib
import re
import subprocess
from pathlib import Path

import pytest
from catalog_tools import ARTICLE, KO_PO, edit, entry, msgfmt_check
from helpers import ROOT, SITE, run_build

from newsdesk.catalogs.po import parse

CATALOGS = sorted((SITE / "locales").rglob("*.po"))  # the real catalogs: test_content.py

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_catalog_passes_msgfmt_check(path: Path) -> None:
    result = msgfmt_check(path)
    assert result.returncode == 0, result.stderr


def test_catalogs_written_by_update_pass_msgfmt_check(project: Path) -> None:
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")  # fuzzy + #|
    edit(project, ARTICLE, "  - Trade\n", "")  # obsolete
    (project / "content" / "articles" / "second.md").write_text(
        (project / ARTICLE).read_text(encoding="utf-8").replace(
            "slug: korea-japan-economic-community", "slug: second-story"), encoding="utf-8")  # new catalogs
    assert run_build(project, "update").returncode == 0
    for path in sorted((project / "locales").rglob("*.po")):
        result = msgfmt_check(path)
        assert result.returncode == 0, (path, result.stderr)


def poedit_save(path: Path, translations: dict[str, str] | None = None) -> None:
    """What Poedit does on save: rewrap at 79 columns as gettext does, update the header."""
    text = path.read_text(encoding="utf-8")
    for msgid, msgstr in (translations or {}).items():
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    text = re.sub(r'"PO-Revision-Date: .*\\n"', r'"PO-Revision-Date: 2026-03-02 10:15+0900\\n"', text)
    text = re.sub(r'"Last-Translator: .*\\n"', r'"Last-Translator: Kim Minji <minji@example.org>\\n"', text)
    text = text.replace('"Content-Transfer-Encoding: 8bit\\n"\n',
                        '"Content-Transfer-Encoding: 8bit\\n"\n"X-Generator: Poedit 3.4\\n"\n')
    path.write_text(text, encoding="utf-8")
    rewrapped = subprocess.run(["msgcat", "--width=79", str(path)], capture_output=True, text=True, check=True)
    path.write_text(rewrapped.stdout, encoding="utf-8")


def entry_lines(text: str, start: str) -> tuple[int, int]:
    """0-based [first, end) lines of the entry whose msgid starts with ``start``."""
    found = next(e for e in parse(text).entries if e.msgid.startswith(start))
    assert found.raw is not None
    numbers = [n for lines in found.raw.parts.values() for n, _ in lines]
    return min(numbers) - 1, max(numbers)


def test_a_catalog_saved_by_poedit_builds_and_updates_with_a_minimal_diff(project: Path, tmp_path: Path) -> None:
    path = project / KO_PO
    poedit_save(path)
    saved = path.read_text(encoding="utf-8")
    assert "X-Generator: Poedit 3.4" in saved and saved != (SITE / KO_PO).read_text(encoding="utf-8")
    assert msgfmt_check(path).returncode == 0

    result = run_build(project, "build", "--no-briefs", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout
    page = (tmp_path / "out" / "ko" / "korea-japan-economic-community" / "index.html").read_text(encoding="utf-8")
    assert "한국무역협회(무협) 한일교류특별위원회" in page

    assert run_build(project, "update").returncode == 0
    assert path.read_text(encoding="utf-8") == saved, "update rewrote a catalog it had nothing to change in"

    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")
    assert run_build(project, "update").returncode == 0
    after = path.read_text(encoding="utf-8")
    old_lines, new_lines = saved.splitlines(), after.splitlines()
    edited = entry_lines(saved, "The statement sets out three visions")
    changes = [op for op in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    # Only the edited entry changes: a fuzzy flag and the previous source are added, its msgid lines differ.
    assert changes and all(edited[0] <= i1 and i2 <= edited[1] for _, i1, i2, _, _ in changes), changes
    added = [line for _, _, _, j1, j2 in changes for line in new_lines[j1:j2]]
    assert added[0] == "#, fuzzy" and all(l.startswith(("#| ", '"')) for l in added[1:]), added
    assert "X-Generator: Poedit 3.4" in after and "PO-Revision-Date: 2026-03-02 10:15+0900" in after
    assert msgfmt_check(path).returncode == 0
    changed = entry(project, KO_PO, "The statement sets out three visions")
    assert changed.fuzzy and changed.previous is not None


def test_poedit_translations_are_published(project: Path, tmp_path: Path) -> None:
    """A translator fills in a new segment in Poedit; the build publishes it."""
    edit(project, ARTICLE, "  - Trade\n", "  - Trade\n  - Economy\n")
    assert run_build(project, "update").returncode == 0
    out = tmp_path / "out"
    held = run_build(project, "build", "--no-briefs", "--out", str(out))
    assert "held back korea-japan-economic-community [ko]: 1 untranslated, 0 fuzzy of 25 segments" in held.stderr
    poedit_save(project / KO_PO, {"Economy": "경제"})
    assert run_build(project, "update").returncode == 0
    result = run_build(project, "build", "--no-briefs", "--out", str(out))
    assert result.returncode == 0 and "held back korea-japan-economic-community [ko]" not in result.stderr
    assert "<li>경제</li>" in (out / "ko" / "korea-japan-economic-community" / "index.html").read_text(encoding="utf-8")


def test_catalogs_merged_by_gnu_msgmerge_build_and_update_cleanly(project: Path, tmp_path: Path) -> None:
    """A fuzzy entry that then goes obsolete gets "#~|" lines, from msgmerge and from update alike."""
    pot = project / "locales" / "pot" / "content" / "korea-japan-economic-community.pot"
    ja = project / "locales" / "ja" / "content" / "korea-japan-economic-community.po"
    steps = [("make progressive policy changes", "make bold policy changes"),  # fuzzy, with #|
             ("The statement sets out three visions", "The statement sets out several visions")]
    for old, new in steps:
        edit(project, ARTICLE, old, new)
        assert run_build(project, "extract").returncode == 0
        subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(project / KO_PO),
                        str(pot)], check=True)
        assert run_build(project, "update", "--locale", "ja").returncode == 0
    text = re.sub(r"\n\n+The statement sets out several visions[^\n]*(\n[^\n]+)*", "", (project / ARTICLE).read_text(encoding="utf-8"))
    (project / ARTICLE).write_text(text, encoding="utf-8")  # the paragraph goes: its fuzzy entry goes obsolete
    assert run_build(project, "extract").returncode == 0
    subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(project / KO_PO), str(pot)],
                   check=True)
    assert run_build(project, "update", "--locale", "ja").returncode == 0
    for path in (project / KO_PO, ja):
        assert "#~| msgid" in path.read_text(encoding="utf-8"), path
        assert msgfmt_check(path).returncode == 0
    result = run_build(project, "build", "--no-briefs", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "0 held back" in result.stdout
    merged = (project / KO_PO).read_text(encoding="utf-8")
    assert run_build(project, "update").returncode == 0
    assert run_build(project, "update").stdout.endswith("update: 0 file(s) changed\n")
    assert {e.msgid for e in parse(merged).entries} == {e.msgid for e in parse((project / KO_PO).read_text(encoding="utf-8")).entries}
