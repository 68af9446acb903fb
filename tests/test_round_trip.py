"""The translator's round trip, end to end through the command line an editor and a translator type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from catalog_tools import ARTICLE, KO_PO, SLUG, edit, entry, msgfmt_check, read, snapshot
from helpers import run_build

pytestmark = pytest.mark.e2e

OLD = "make progressive policy changes"
NEW = "make bold policy changes"
PARAGRAPH = "The statement sets out three visions"


def ok(project: Path, *args: str) -> str:
    result = run_build(project, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_edit_extract_update_hold_back_fix_publish(project: Path, tmp_path: Path) -> None:
    # A reviewer's note on the paragraph, before the source changes.
    edit(project, KO_PO, "#. article korea-japan-economic-community: body[1]",
         "# 검수: 3대 비전 표현 확인함\n#. article korea-japan-economic-community: body[1]")
    translations_before = {e.msgstr for e in read(project, KO_PO).entries if not e.is_header}
    old_translation = entry(project, KO_PO, PARAGRAPH).msgstr

    # 1. The editor changes one word of a 63-word paragraph; extract + update.
    edit(project, ARTICLE, OLD, NEW)
    assert "wrote locales/pot/content/korea-japan-economic-community.pot" in ok(project, "extract")
    assert f"wrote {KO_PO}" in ok(project, "update")
    changed = entry(project, KO_PO, PARAGRAPH)
    assert NEW in changed.msgid and changed.fuzzy
    assert changed.previous is not None and OLD in changed.previous.msgid
    assert changed.msgstr == old_translation
    assert changed.comments == ("검수: 3대 비전 표현 확인함",)
    assert {e.msgstr for e in read(project, KO_PO).entries if not e.is_header} == translations_before  # nothing lost
    assert msgfmt_check(project / KO_PO).returncode == 0

    # 2. Running them again changes nothing at all.
    after_first = snapshot(project)
    assert ok(project, "extract").endswith("extract: 0 file(s) changed\n")
    assert "update: 0 file(s) changed" in ok(project, "update")
    assert snapshot(project) == after_first

    # 3. The Korean version is held back, and the build says why; a draft build previews it.
    out = tmp_path / "out"
    log = ok(project, "build", "--no-briefs", "--out", str(out))
    assert f"held back {SLUG} [ko]: 0 untranslated, 1 fuzzy of 24 segments" in log
    assert not (out / "ko" / SLUG).exists()
    assert f'href="{SLUG}/"' not in (out / "ko" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../ko/{SLUG}/"' not in (out / "en" / SLUG / "index.html").read_text(encoding="utf-8")
    stats = ok(project, "stats", "--document", SLUG, "--locale", "ko")
    assert re.search(rf"{SLUG}\s+ko\s+23\s+1\s+0\s+.*held back", stats), stats
    drafts = tmp_path / "drafts"
    ok(project, "build", "--no-briefs", "--drafts", "--out", str(drafts))
    draft = (drafts / "ko" / SLUG / "index.html").read_text(encoding="utf-8")
    assert f'<span class="pending" lang="en">{changed.msgid[:40]}' in draft  # the fuzzy segment in English

    # 4. The translator fixes the translation and clears the fuzzy flag, as Poedit does.
    text = (project / KO_PO).read_text(encoding="utf-8")
    block = re.search(r"#, fuzzy\n(#\| .*\n)+", text)
    assert block is not None
    text = text.replace(block.group(), "").replace("전향적인 정책 변화를 촉구했다", "과감한 정책 변화를 촉구했다")
    (project / KO_PO).write_text(text, encoding="utf-8")
    assert "update: 0 file(s) changed" in ok(project, "update")
    assert ok(project, "check", "--strict", "--locale", "ko").endswith("0 errors, 0 warnings\n")

    # 5. The Korean version is published again (the Japanese one waits for its translator).
    log = ok(project, "build", "--no-briefs", "--out", str(out))
    assert "1 held back" in log and f"held back {SLUG} [ja]" in log and "[ko]" not in log
    assert f'href="../../ko/{SLUG}/"' in (out / "en" / SLUG / "index.html").read_text(encoding="utf-8")
    page = (out / "ko" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "과감한 정책 변화를 촉구했다" in page and 'class="pending"' not in page
    assert f'href="{SLUG}/"' in (out / "ko" / "index.html").read_text(encoding="utf-8")
