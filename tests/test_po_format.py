"""The PO reader and writer: what is read is written back byte for byte; what is new wraps like gettext."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.catalogs.po import (
    WIDTH,
    Entry,
    PoFile,
    PoSyntaxError,
    Previous,
    columns,
    dump,
    format_string,
    parse,
)

# The fixture sites' catalogs, and the real ones (marked ``content``: they check the real catalogs).
CATALOGS = [
    *(pytest.param(p, marks=pytest.mark.content)
      for p in sorted([*(ROOT / "locales").rglob("*.po"), *(ROOT / "locales").rglob("*.pot")])),
    *sorted([*FIXTURES.rglob("*.po"), *FIXTURES.rglob("*.pot")]),
]


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _values(entry: Entry) -> Entry:
    return replace(entry, line=0, msgstr_line=0, raw=None)


@pytest.mark.parametrize("path", CATALOGS, ids=_id)
def test_every_catalog_is_written_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump(parse(text)) == text
    crlf = text.replace("\n", "\r\n")  # a catalog saved on Windows stays a Windows file
    assert dump(parse(crlf)) == crlf


@pytest.mark.parametrize("path", CATALOGS, ids=_id)
def test_the_reader_agrees_with_babel(path: Path) -> None:
    entries = [e for e in parse(path.read_text(encoding="utf-8")).entries if not e.is_header]
    ours = {e.msgid: e for e in entries if not e.obsolete}
    with path.open("rb") as handle:
        theirs = read_po(handle)
    def msgid(message_id: str | tuple[str, ...]) -> str:
        return message_id if isinstance(message_id, str) else message_id[0]  # Babel: (singular, plural)

    assert set(ours) == {msgid(m.id) for m in theirs if m.id}
    assert {e.msgid for e in entries if e.obsolete} == set(theirs.obsolete)
    for message in theirs:
        if not message.id:
            continue
        entry = ours[msgid(message.id)]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert entry.msgstr == tuple(strings)
        assert entry.fuzzy == message.fuzzy
        assert set(entry.flags) == set(message.flags)
        assert [tuple(r.rsplit(":", 1)) for r in entry.references] == [(f, str(n)) for f, n in message.locations]


def test_obsolete_previous_comments_and_plurals_are_read() -> None:
    text = (
        '# header comment\nmsgid ""\nmsgstr ""\n"Language: ja\\n"\n\n'
        "# translator\n#. extracted\n#: a.md:1 b.md:2\n#, fuzzy, no-wrap\n#| msgid \"old\"\n"
        'msgctxt "ctx"\nmsgid "new"\nmsgstr "新"\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "%(n)s件"\n\n'
        '# kept\n#, fuzzy\n#~| msgid "older"\n#~ msgid "gone"\n#~ msgstr ""\n#~ "消えた"\n'
    )
    po = parse(text)
    header, first, plural, gone = po.entries
    assert header.is_header and header.comments == ("header comment",)
    assert first == Entry("new", ("新",), "ctx", None, ("translator",), ("extracted",), ("a.md:1", "b.md:2"),
                          ("fuzzy", "no-wrap"), Previous("old"), line=12, msgstr_line=13)
    assert plural.msgid_plural == "%(n)s files" and plural.msgstr == ("%(n)s件",)
    assert gone.obsolete and gone.msgstr == ("消えた",) and gone.previous == Previous("older")
    assert gone.comments == ("kept",) and gone.fuzzy
    assert dump(po) == text


@pytest.mark.parametrize("text, line, message", [
    ('msgid ""\nmsgstr ""\n\nmsgid unquoted\nmsgstr ""\n', 4, "expected a quoted string"),
    ('msgid "a"\nmsgstr "b"\n"continued"\nnonsense "x"\n', 4, "cannot read line"),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "'msgstr' twice"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "msgid without msgstr"),
    ('msgid "a\\q"\nmsgstr ""\n', 1, "bad escape"),
    ('msgid "a"\nmsgstr[0] "b"\n', 2, "plural and singular forms mixed"),
])
def test_syntax_errors_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PoSyntaxError) as caught:
        parse(text)
    assert caught.value.line == line and message in caught.value.message


TEXT = st.text(st.sampled_from(list('ab 한국어日本語"\\\t\n%()*[]「」。,') + ["“", "’", "\u3000"]), max_size=120)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, st.lists(TEXT.filter(lambda s: "\n" not in s), max_size=2),
                          st.booleans(), st.booleans()), max_size=6))
def test_any_entry_written_fresh_reads_back_the_same(items: list[tuple[str, str, list[str], bool, bool]]) -> None:
    entries, seen = [Entry("", ("Language: ko\n",))], set()
    for msgid, msgstr, comments, fuzzy, obsolete in items:
        if not msgid or msgid in seen:
            continue
        seen.add(msgid)
        comments = [c.strip() for c in comments]
        entries.append(Entry(msgid, (msgstr,), comments=tuple(comments), flags=("fuzzy",) if fuzzy else (),
                             previous=Previous(msgstr + "x") if fuzzy else None, obsolete=obsolete))
    back = parse(dump(PoFile(tuple(entries))))
    assert [_values(e) for e in back.entries] == [_values(e) for e in entries]


def test_new_text_wraps_like_gettext_at_79_columns(tmp_path: Path) -> None:
    """English wraps exactly as GNU msgcat wraps it, so Poedit and msgmerge users see no churn."""
    sentences = [
        ("Business leaders from Korea and Japan have jointly called for a community in response to the "
         "intensifying technology rivalry between the United States and China, with a quote: “This is a "
         "critical moment for both countries.”"),
        "Short one.",
        ("A line\nwith a newline inside, and a tab\there, and a \"quoted\" word and a back\\slash that go on "
         "and on until they are long enough to wrap more than once at the width of a terminal."),
    ]
    po = PoFile((Entry("", ("Content-Type: text/plain; charset=UTF-8\n",)),
                 *(Entry(s, (s,)) for s in sentences)))
    path = tmp_path / "en.po"
    path.write_text(dump(po), encoding="utf-8")
    gettext = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    assert gettext == path.read_text(encoding="utf-8")


def test_korean_wraps_by_display_width_and_japanese_is_never_cut() -> None:
    korean = "한국과 일본 경제인들이 격화하는 미·중 기술 경쟁에 대응해 ‘한·일 경제공동체’ 구축을 공동으로 촉구했다. " * 2
    lines = format_string("msgstr", korean)
    assert lines[0] == 'msgstr ""' and len(lines) > 2
    assert all(columns(line) <= WIDTH for line in lines)
    assert all(not line.startswith('" ') for line in lines)  # the space stays at the end of a line
    japanese = "韓国と日本の経済人が、激化する米中の技術競争に対応するため、「韓日経済共同体」の構築を共同で呼びかけた。"
    assert format_string("msgstr", japanese) == ['msgstr ""', f'"{japanese}"']
