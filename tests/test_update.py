"""`update` merges templates into catalogs as msgmerge would, and never loses a translator's work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from catalog_tools import (
    ARTICLE,
    JA_PO,
    KO_PO,
    SLUG,
    STATEMENT,
    edit,
    entry,
    msgfmt_check,
    obsolete,
    read,
    snapshot,
)
from helpers import SITE, run_build
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.catalogs.headers import new_header
from newsdesk.catalogs.merge import merge
from newsdesk.catalogs.po import Entry, PoFile, dump, parse

PARAGRAPH = "The statement sets out three visions"  # body[1], 63 words


def update(project: Path, *args: str) -> str:
    result = run_build(project, "update", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.e2e
def test_the_fixture_catalogs_are_up_to_date(project: Path) -> None:
    """extract + update on the fixture site change nothing: its catalogs are the fixed point (the
    real catalogs are checked so in test_content.py)."""
    before = snapshot(project)
    assert run_build(project, "extract").stdout.endswith("extract: 0 file(s) changed\n")
    assert update(project).endswith("update: 0 file(s) changed\n")
    assert snapshot(project) == before


@pytest.mark.e2e
def test_unchanged_segments_keep_their_translation_when_moved(project: Path) -> None:
    text = (project / ARTICLE).read_text(encoding="utf-8")
    last = text.rstrip("\n").rsplit("\n\n", 1)[1]
    text = text.replace("\n\n" + last, "")  # the last paragraph moves to the top, every line shifts
    text = text.replace("---\nOn January 14", f"---\nA new first paragraph.\n\n{last}\n\nOn January 14")
    (project / ARTICLE).write_text(text, encoding="utf-8")
    before = {e.msgid: e.msgstr for e in read(project, KO_PO).entries if not e.is_header}
    update(project)
    after = read(project, KO_PO)
    for msgid, msgstr in before.items():
        moved = entry(project, KO_PO, msgid)
        assert moved.msgstr == msgstr and not moved.fuzzy
    assert entry(project, KO_PO, "A new first paragraph.").msgstr == ("",)
    assert entry(project, KO_PO, "KITA and the Japan").references == (f"{ARTICLE}:32",)
    assert not [e for e in after.entries if e.obsolete]
    # Entries follow the document's new order, as msgmerge orders them by the template.
    order = [e.msgid[:20] for e in after.entries if not e.is_header]
    assert order.index("A new first paragrap") < order.index("KITA and the Japan A") < order.index("On January 14, the K")


@pytest.mark.e2e
def test_a_one_word_edit_in_a_60_word_paragraph_keeps_the_translation_fuzzy(project: Path) -> None:
    old = entry(project, KO_PO, PARAGRAPH)
    assert len(old.msgid.split()) >= 60
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")
    update(project)
    for rel in (KO_PO, JA_PO):
        changed = entry(project, rel, PARAGRAPH)
        assert "make bold policy changes" in changed.msgid
        assert changed.fuzzy
        assert changed.previous is not None and "make progressive policy changes" in changed.previous.msgid
        assert changed.msgstr[0]  # the old translation, for the translator to adjust
    assert entry(project, KO_PO, PARAGRAPH).msgstr == old.msgstr
    raw = (project / KO_PO).read_text(encoding="utf-8")
    assert "#, fuzzy\n#| msgid \"\"\n#| \"The statement sets out three visions" in raw
    assert not obsolete(project, KO_PO)  # matched, not sent to the obsolete entries


@pytest.mark.e2e
def test_a_second_edit_keeps_the_source_the_translation_was_made_for(project: Path) -> None:
    original = entry(project, KO_PO, PARAGRAPH).msgid
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")
    update(project)
    edit(project, ARTICLE, "sets out three visions", "sets out its three visions")
    update(project)
    changed = entry(project, KO_PO, PARAGRAPH.replace("three", "its three"))
    assert changed.fuzzy and changed.previous is not None and changed.previous.msgid == original


@pytest.mark.e2e
def test_a_removed_segment_is_kept_as_obsolete(project: Path) -> None:
    removed = entry(project, KO_PO, "KITA and the Japan")
    text = (project / ARTICLE).read_text(encoding="utf-8")
    (project / ARTICLE).write_text(text.rstrip("\n").rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    update(project)
    kept = obsolete(project, KO_PO)
    assert [e.msgid for e in kept] == [removed.msgid]
    assert kept[0].msgstr == removed.msgstr
    raw = (project / KO_PO).read_text(encoding="utf-8")
    assert raw.rstrip().endswith('#~ msgstr "무협과 일본경제동우회는 또 라운드테이블을 정례화해 주요 현안을 정기적으로 점검하고 협력 성과를 단계적으로 쌓아 나가기로 합의했다."')
    # Putting the paragraph back revives the translation, finished, not fuzzy.
    (project / ARTICLE).write_text(text, encoding="utf-8")
    update(project)
    assert not obsolete(project, KO_PO)
    back = entry(project, KO_PO, "KITA and the Japan")
    assert back.msgstr == removed.msgstr and not back.fuzzy


@pytest.mark.e2e
def test_translator_comments_and_flags_survive(project: Path) -> None:
    edit(project, KO_PO, "#. article korea-japan-economic-community: byline",
         "# 편집부 표기는 편집국 지침을 따름\n#. article korea-japan-economic-community: byline")
    edit(project, KO_PO, '#: content/articles/korea-japan-economic-community.md:11\nmsgid "Joint',
         '#: content/articles/korea-japan-economic-community.md:11\n#, no-wrap\nmsgid "Joint')
    edit(project, KO_PO, "#. article korea-japan-economic-community: deck[2]",
         "# 아세안 표기 확인\n#. article korea-japan-economic-community: deck[2]")
    edit(project, ARTICLE, "Joint achievements to be carried to ASEAN", "Joint achievements to be taken to ASEAN")
    edit(project, ARTICLE, "byline: Newsdesk staff", "byline: Newsdesk staff\n# a comment line shifts every line")
    update(project)
    byline = entry(project, KO_PO, "Newsdesk staff")
    assert byline.comments == ("편집부 표기는 편집국 지침을 따름",) and not byline.fuzzy
    deck = entry(project, KO_PO, "Joint achievements to be taken")
    assert deck.comments == ("아세안 표기 확인",)
    assert deck.flags == ("fuzzy", "no-wrap")
    assert deck.msgstr == ("공동 성과는 아세안으로 확산",)


@pytest.mark.e2e
def test_a_new_document_and_a_new_locale_get_catalogs(project: Path) -> None:
    second = (project / STATEMENT).read_text(encoding="utf-8").replace(
        "slug: korea-japan-ai-joint-statement", "slug: second-statement")
    (project / "content" / "statements" / "second.md").write_text(second, encoding="utf-8")
    out = update(project)
    for locale in ("ko", "ja"):
        path = project / "locales" / locale / "content" / "second-statement.po"
        assert f"wrote locales/{locale}/content/second-statement.po" in out
        catalog = read(project, path.relative_to(project).as_posix())
        assert catalog.header is not None and f"Language: {locale}\n" in catalog.header.msgstr[0]
        assert all(e.msgstr == ("",) for e in catalog.entries[1:])
        assert msgfmt_check(path).returncode == 0
    assert not (project / "locales" / "en" / "content" / "second-statement.po").exists()  # its source locale
    # A new locale: Japanese catalogs removed entirely, as for a locale just added to site.toml.
    shutil.rmtree(project / "locales" / "ja")
    out = update(project, "--locale", "ja")
    assert sorted(re.findall(r"wrote (\S+)", out)) == [
        "locales/ja/content/korea-japan-ai-joint-statement.po",
        "locales/ja/content/korea-japan-economic-community.po",
        "locales/ja/content/newsdesk-launch.po",
        "locales/ja/content/second-statement.po",
        "locales/ja/content/trade-chart.po",
        "locales/ja/site.po",
    ]
    header = read(project, "locales/ja/site.po").header
    assert header is not None and "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]


@pytest.mark.e2e
def test_a_second_update_leaves_every_file_byte_identical(project: Path) -> None:
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")
    edit(project, ARTICLE, "  - Trade\n", "")
    (project / "locales" / "ko" / "site.po").unlink()
    update(project)
    first = snapshot(project)
    assert update(project).endswith("update: 0 file(s) changed\n")
    assert snapshot(project) == first


@pytest.mark.e2e
def test_locale_and_document_narrow_the_update(project: Path) -> None:
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")
    edit(project, STATEMENT, "Spread the joint achievements", "Spread the shared achievements")
    before = snapshot(project)
    out = update(project, "--locale", "ja", "--document", SLUG)
    assert re.findall(r"wrote (\S+)", out) == [JA_PO]
    changed = {k for k, v in snapshot(project).items() if before.get(k) != v}
    assert changed == {JA_PO}
    bad = run_build(project, "update", "--locale", "fr")
    assert bad.returncode == 1 and "unknown locale 'fr'" in bad.stderr
    bad = run_build(project, "update", "--document", "nope")
    assert bad.returncode == 1 and "unknown document 'nope'" in bad.stderr


@pytest.mark.e2e
def test_headers_are_right_for_the_locale_and_reproducible(project: Path) -> None:
    edit(project, KO_PO, '"Plural-Forms: nplurals=1; plural=0;\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"')
    edit(project, KO_PO, '"Content-Transfer-Encoding: 8bit\\n"',
         '"Content-Transfer-Encoding: 8bit\\n"\n"Generated-By: Babel 2.12.1\\n"\n"X-Generator: Poedit 3.4\\n"')
    update(project)
    header = read(project, KO_PO).header
    assert header is not None
    text = header.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text
    assert "Generated-By" not in text  # the Babel version that wrote it is not reproducible
    assert "X-Generator: Poedit 3.4\n" in text  # the translator's tool is theirs
    for path in (project / "locales").rglob("*.po*"):
        raw = path.read_text(encoding="utf-8")
        assert "Generated-By" not in raw and "2026-01-01 00:00+0000" in raw, path
    assert (SITE / "locales" / "pot" / "site.pot").read_bytes() == (project / "locales" / "pot" / "site.pot").read_bytes()


@pytest.mark.e2e
def test_a_broken_catalog_stops_update_before_anything_is_written(project: Path) -> None:
    edit(project, ARTICLE, "make progressive policy changes", "make bold policy changes")
    edit(project, JA_PO, 'msgid "Trade"', "msgid Trade")
    before = snapshot(project)
    result = run_build(project, "update")
    assert result.returncode == 1
    line = (project / JA_PO).read_text(encoding="utf-8").split("\n").index("msgid Trade") + 1
    assert f"{JA_PO}:{line}: PO syntax error" in result.stderr
    assert snapshot(project) == before


@pytest.mark.e2e
def test_a_split_paragraph_gives_its_translation_to_the_closer_half_only(project: Path) -> None:
    edit(project, ARTICLE, "dominance. It asks the two governments", "dominance.\n\nIt asks the two governments")
    update(project)
    first = entry(project, KO_PO, "It warns that relying")
    second = entry(project, KO_PO, "It asks the two governments")
    assert [bool(first.msgstr[0]), bool(second.msgstr[0])].count(True) == 1
    fuzzy = first if first.msgstr[0] else second
    assert fuzzy.fuzzy and fuzzy.previous is not None and fuzzy.previous.msgid.startswith("It warns that relying")


WORDS = st.sampled_from(["the", "two", "countries", "agreed", "on", "data", "centres", "한일", "경제", "協力", "today"])
SOURCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SOURCE, st.text("가나다 日本", max_size=8), st.booleans()), max_size=8, unique_by=lambda t: t[0]),
       st.lists(SOURCE, max_size=8, unique=True))
def test_merging_loses_no_translation_and_is_idempotent(old: list[tuple[str, str, bool]], template: list[str]) -> None:
    """Whatever the catalog and the template, every translation survives (live or obsolete), and a
    second merge of the written result changes no byte."""
    header = new_header("ko", "a test")
    catalog = PoFile((header, *(Entry(m, (s,), comments=("note",) if c else ()) for m, s, c in old)))
    entries = tuple(Entry(m, references=(f"a.md:{i}",)) for i, m in enumerate(template))
    first = dump(merge(parse(dump(catalog)), entries, header, 1))
    second = dump(merge(parse(first), entries, header, 1))
    assert second == first
    kept = parse(first).entries[1:]
    assert [e.msgid for e in kept if not e.obsolete] == template
    for msgid, msgstr, comment in old:
        if msgstr or comment:
            assert any(e.msgstr == (msgstr,) and (not comment or e.comments == ("note",)) for e in kept), msgid
