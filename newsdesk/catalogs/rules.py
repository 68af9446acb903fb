"""What a readable catalog must also satisfy to be published: the same rules for the build and ``check``.

The build and the CI gate used to judge catalogs with different code, and catalogs that passed
``check`` stopped the build (a literal ``%`` in site.po, an emoji, a NUL). Both now ask this module,
so a catalog ``check`` passes is one the build publishes. Only finished translations are judged
(not fuzzy, every form filled): the others are not published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from newsdesk.catalogs.headers import located_header_problems
from newsdesk.catalogs.po import Entry, PoFile, PoSyntaxError, PoSyntaxErrors, decode, parse


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a catalog; ``check`` is the name ``newsdesk check`` shows in brackets."""

    line: int
    check: str  # "parse", "header", "characters", "format"
    message: str


def read_and_judge(raw: bytes, locale: str, format_strings: bool) -> tuple[PoFile | None, list[Finding]]:
    """A catalog's bytes read strictly (None when they cannot be) and everything wrong with them.

    The build and ``check`` both read through here; the build's fast path is ``keep_raw=False``
    (the raw lines are for ``update``'s writer), linear in the file's size."""
    try:
        po = parse(decode(raw), keep_raw=False)
    except PoSyntaxErrors as error:
        return None, [Finding(p.line, "parse", p.message) for p in error.problems]
    except PoSyntaxError as error:
        return None, [Finding(error.line, "parse", error.message)]
    return po, catalog_findings(po, locale, format_strings)


def catalog_findings(po: PoFile, locale: str, format_strings: bool) -> list[Finding]:
    """Header, duplicates, and each finished translation's characters (and, for the templates'
    catalog ``format_strings``, its placeholders). In file order within each kind."""
    findings = [Finding(line, "header", message) for line, message in located_header_problems(po, locale)]
    seen: dict[tuple[str | None, str], int] = {}
    for entry in po.entries:
        if entry.obsolete:
            continue
        if entry.key in seen:
            findings.append(Finding(entry.line, "parse", f"duplicate msgid (first at line {seen[entry.key]})"))
        seen.setdefault(entry.key, entry.line)
    for entry in po.entries:
        if entry.obsolete or entry.is_header or entry.fuzzy or not entry.translated:
            continue
        for form in entry.msgstr:
            bad = unprintable(form)
            if bad:
                findings.append(Finding(entry.msgstr_line, "characters",
                                        f"translation has characters no bundled font prints: {bad}"))
            if format_strings:
                problem = format_problem(entry, form)
                if problem:
                    findings.append(Finding(entry.msgstr_line, "format", problem))
    return findings


# Characters ------------------------------------------------------------------------------------
# Control characters (NUL, ESC...), invisible format characters (the bidi override U+202E that
# reverses text on screen, zero-width spaces), private-use, unassigned and surrogate code points,
# and emoji: the bundled Noto Sans KR/JP fonts have none of them (checked against their cmaps:
# of all these, only the soft hyphen U+00AD), so a brief would stop at them, naming the content
# file instead of the catalog line. Other characters the fonts lack are still caught by the
# brief's glyph check.

ALLOWED = frozenset("\n\t\u00ad")


@cache
def _refused(char: str) -> bool:
    if char in ALLOWED:
        return False
    code = ord(char)
    return (unicodedata.category(char) in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp")
            or 0x1F000 <= code <= 0x1FAFF or code in (0xFE0E, 0xFE0F))


EMOJI = re.compile("[\U0001F000-\U0001FAFF\uFE0E\uFE0F]")


def unprintable(text: str) -> str:
    """The refused characters of ``text``, named by code point ('' when there are none)."""
    if text.isprintable() and not EMOJI.search(text):  # in C: no Cc, Cf, Co, Cn, Cs, Z* but ' '
        return ""
    found = sorted(c for c in set(text) if _refused(c))
    return ", ".join(f"U+{ord(c):04X}" + (f" {unicodedata.name(c, '')}".rstrip()) for c in found)


# Format strings --------------------------------------------------------------------------------
# The templates translate through Jinja's "newstyle" gettext: every message is a %-format string
# (``%%`` is a percent sign) filled with the call's named variables. A translation with a lone
# ``%`` ("100% 완료"), a positional ``%s`` or a name the source does not pass stops the page.

CONVERSION = re.compile(r"%(?:\((?P<name>[^()]*)\))?[#0\- +]*\d*(?:\.\d+)?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])")


def format_problem(entry: Entry, translation: str) -> str | None:
    """Why ``translation`` cannot be filled in as the templates fill ``entry``, or None."""
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
    names = {m.group("name") for s in sources for m in CONVERSION.finditer(s) if m.group("name")}
    if entry.msgid_plural is not None:
        names.add("num")  # ngettext always passes the count as num
    position = translation.find("%")
    while position != -1:
        match = CONVERSION.match(translation, position)
        if match is None:
            return "a '%' that starts no placeholder: write '%%' for a percent sign"
        name = match.group("name")
        if name is None and match.group("type") != "%":
            return f"placeholder '{match.group(0)}' has no name: the templates fill only named ones, like %(num)s"
        if name is not None and name not in names:
            return f"placeholder '{match.group(0)}' is not one the source passes ({', '.join(sorted(names)) or 'none'})"
        position = translation.find("%", match.end())
    try:
        translation % dict.fromkeys(names, 0)
    except (ValueError, TypeError, KeyError) as error:
        return f"not a format string the templates can fill: {error}"
    return None
