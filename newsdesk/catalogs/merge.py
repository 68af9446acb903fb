"""Bring a catalog up to its template as ``msgmerge --previous`` would, losing nothing a translator wrote.

- an unchanged segment keeps its translation, wherever it moved;
- a changed one keeps the old translation, marked fuzzy, with the old source as ``#| msgid``;
- a removed one with a translation or a translator comment is kept as obsolete (``#~``);
- translator comments and the translator's own flags stay; extracted comments, references and
  format flags come from the template.

The fuzzy matcher compares words (and single Korean or Japanese characters, which have no spaces to
split on) with difflib's "autojunk" heuristic off, so a one-word edit of a long paragraph scores by
the share of words kept, however long the paragraph; best pairs are taken first, each old entry once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from newsdesk.catalogs.po import Entry, PoFile, Previous, escape

THRESHOLD = 0.6  # as msgmerge: below this, a "match" is more confusing than an empty entry
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]|\w+|[^\w\s]")


def merge(old: PoFile | None, template: Sequence[Entry], header: Entry, nplurals: int) -> PoFile:
    """The catalog ``old`` (None: a new catalog) brought up to ``template``.

    ``header`` is used as is: the caller decides what a new or existing header says.
    """
    previous = [e for e in old.entries if not e.is_header] if old else []
    live = {e.key: i for i, e in enumerate(previous) if not e.obsolete}
    dead = {e.key: i for i, e in enumerate(previous) if e.obsolete}
    used: set[int] = set()
    merged: list[Entry | None] = []
    for item in template:
        index = live.get(item.key, dead.get(item.key))
        if index is not None and index not in used:
            used.add(index)
            merged.append(_carry(previous[index], item, nplurals))
        else:
            merged.append(None)
    pending = [i for i, e in enumerate(merged) if e is None]
    candidates = [i for i, e in enumerate(previous) if i not in used and any(e.msgstr)]
    for t, o in _fuzzy_pairs(template, pending, previous, candidates):
        used.add(o)
        merged[t] = _fuzzy(previous[o], template[t], nplurals)
    entries = [e if e is not None else _new(template[i], nplurals) for i, e in enumerate(merged)]
    obsolete = [_obsolete(e) for i, e in enumerate(previous)
                if i not in used and (e.obsolete or any(e.msgstr) or e.comments)]
    newline = old.newline if old else "\n"
    trailer = old.trailer if old else ()
    blank = old.blank_lines_at_end if old else 0
    return PoFile((header, *entries, *obsolete), newline, trailer, blank)


def _carry(old: Entry, new: Entry, nplurals: int) -> Entry:
    """An exact match: the translation stays; what the extractor writes is refreshed."""
    plural_changed = old.msgid_plural != new.msgid_plural
    fuzzy = old.fuzzy or plural_changed
    previous = old.previous if old.fuzzy else None
    if plural_changed and previous is None:
        previous = Previous(old.msgid, old.msgctxt, old.msgid_plural)
    return replace(
        old,
        msgid_plural=new.msgid_plural,
        msgstr=_forms(old.msgstr, new, nplurals) if plural_changed else old.msgstr,
        comments=old.comments + _dropped_forms(old, new),
        extracted=new.extracted,
        references=new.references,
        flags=_flags(old.flags, new.flags, fuzzy),
        previous=previous,
        obsolete=False,
    )


def _fuzzy(old: Entry, new: Entry, nplurals: int) -> Entry:
    """A changed segment: the old translation, fuzzy, with the source it was made for."""
    previous = old.previous if old.fuzzy and old.previous else Previous(old.msgid, old.msgctxt, old.msgid_plural)
    return replace(
        old,
        msgid=new.msgid,
        msgctxt=new.msgctxt,
        msgid_plural=new.msgid_plural,
        msgstr=_forms(old.msgstr, new, nplurals),
        comments=old.comments + _dropped_forms(old, new),
        extracted=new.extracted,
        references=new.references,
        flags=_flags(old.flags, new.flags, True),
        previous=previous,
        obsolete=False,
    )


def _dropped_forms(old: Entry, new: Entry) -> tuple[str, ...]:
    """When a message loses its plural, only msgstr[0] stays a translation: the other forms a
    translator wrote are kept as translator comments, for them to reuse or delete. (Not as an
    obsolete copy: gettext refuses an obsolete entry with a live entry's msgid.)"""
    if old.msgid_plural is None or new.msgid_plural is not None:
        return ()
    return tuple(f'msgstr[{i}] before the plural was dropped: "{escape(form)}"'
                 for i, form in enumerate(old.msgstr) if i and form)


def _new(new: Entry, nplurals: int) -> Entry:
    forms = ("",) * (nplurals if new.msgid_plural is not None else 1)
    return replace(new, msgstr=forms, previous=None, obsolete=False, raw=None)


def _obsolete(old: Entry) -> Entry:
    if old.obsolete:
        return old
    return replace(old, obsolete=True, extracted=(), references=())


def _forms(msgstr: tuple[str, ...], new: Entry, nplurals: int) -> tuple[str, ...]:
    if new.msgid_plural is None:
        return msgstr[:1]
    if len(msgstr) == nplurals:
        return msgstr
    return tuple(msgstr[i] if i < len(msgstr) else msgstr[-1] for i in range(nplurals))


def _flags(old: tuple[str, ...], template: tuple[str, ...], fuzzy: bool) -> tuple[str, ...]:
    """Format flags from the template, fuzzy and the translator's own flags from the catalog."""
    own = [f for f in old if f != "fuzzy" and not f.endswith("-format") and f not in template]
    flags = (["fuzzy"] if fuzzy else []) + list(template) + own
    return old if set(flags) == set(old) else tuple(flags)


@cache
def tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(text))


def similarity(a: str, b: str) -> float:
    """How alike two source texts are, 0 to 1, by words and CJK characters."""
    matcher = difflib.SequenceMatcher(None, tokens(a), tokens(b), autojunk=False)
    if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
        return 0.0
    return matcher.ratio()


def _fuzzy_pairs(
    template: Sequence[Entry], pending: list[int], previous: list[Entry], candidates: list[int]
) -> list[tuple[int, int]]:
    """Best pairs first, each entry used once: a split paragraph gets its translation once."""
    scored = []
    for t in pending:
        for o in candidates:
            if previous[o].msgctxt != template[t].msgctxt:
                continue
            ratio = similarity(template[t].msgid, previous[o].msgid)
            if ratio >= THRESHOLD:
                scored.append((-ratio, t, o))
    pairs: list[tuple[int, int]] = []
    taken_t: set[int] = set()
    taken_o: set[int] = set()
    for _, t, o in sorted(scored):
        if t not in taken_t and o not in taken_o:
            taken_t.add(t)
            taken_o.add(o)
            pairs.append((t, o))
    return pairs
