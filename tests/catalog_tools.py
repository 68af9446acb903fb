"""Helpers for the translator-workflow tests: read, edit and compare catalogs of a project copy
(a copy of the fixture site: the names below are its documents and catalogs)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

from helpers import ARTICLE, JA_PO, KO_PO, SLUG, STATEMENT, edit  # noqa: F401  (re-exported for the tests)

from newsdesk.catalogs.po import Entry, PoFile, dump, parse


def read(project: Path, rel: str) -> PoFile:
    return parse((project / rel).read_text(encoding="utf-8"))


def entry(project: Path, rel: str, start: str) -> Entry:
    """The live entry whose msgid is ``start``, or else the one that starts with it."""
    live = [e for e in read(project, rel).entries if not e.obsolete]
    found = [e for e in live if e.msgid == start] or [e for e in live if e.msgid.startswith(start)]
    assert len(found) == 1, (start, [e.msgid[:40] for e in found])
    return found[0]


def obsolete(project: Path, rel: str) -> list[Entry]:
    return [e for e in read(project, rel).entries if e.obsolete]


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file under locales/, by relative path."""
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted((project / "locales").rglob("*")) if p.is_file()}


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)


def translate(project: Path, rel: str, msgid: str, msgstr: str, flags: tuple[str, ...] | None = None) -> int:
    """Give an entry a new translation, as a translator would; return the line of its msgstr."""
    po = read(project, rel)
    target = entry(project, rel, msgid)
    entries = tuple(replace(e, msgstr=(msgstr,), flags=e.flags if flags is None else flags)
                    if e.key == target.key and not e.obsolete else e for e in po.entries)
    (project / rel).write_text(dump(PoFile(entries, po.newline, po.trailer, po.blank_lines_at_end)), encoding="utf-8")
    return entry(project, rel, msgid).msgstr_line
