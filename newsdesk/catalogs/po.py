"""The PO file format, read and written so that what nobody changed keeps its exact bytes.

Babel's writer rewraps every entry (and measures CJK lines in characters, not columns): a catalog
saved by Poedit or Weblate would then show every line changed in review. Here each entry keeps the
raw lines it was read from, part by part, and a part whose value did not change is written back
exactly as it was read. Only new or changed parts are formatted, the way GNU gettext does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

WIDTH = 79  # GNU gettext's and Poedit's default line width
PARTS = ("comments", "extracted", "references", "flags", "previous", "msgctxt", "msgid", "msgid_plural", "msgstr")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(.*)$")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
UNESCAPES = {v: "\\" + k for k, v in ESCAPES.items()}


class PoSyntaxError(ValueError):
    """A line that is not valid PO, with its line number."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Previous:
    """The source an entry was translated from, shown to translators of a fuzzy entry as ``#|``."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None


@dataclass(frozen=True)
class Raw:
    """An entry as it was read: the whole block, and each part's lines with their line numbers."""

    text: str
    obsolete: bool
    parts: dict[str, tuple[tuple[int, str], ...]]
    values: dict[str, object]


@dataclass(frozen=True)
class Entry:
    """One catalog entry. ``msgstr`` has one form, or one per plural form."""

    msgid: str
    msgstr: tuple[str, ...] = ("",)
    msgctxt: str | None = None
    msgid_plural: str | None = None
    comments: tuple[str, ...] = ()  # translator comments, "# ..."
    extracted: tuple[str, ...] = ()  # "#. ...", written by the extractor
    references: tuple[str, ...] = ()  # "#: path:line"
    flags: tuple[str, ...] = ()  # "#, fuzzy, python-format"
    previous: Previous | None = None  # "#| msgid ..."
    obsolete: bool = False  # "#~ ..."
    line: int = 0  # where msgid was read (0 when made in memory)
    msgstr_line: int = 0
    raw: Raw | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Every form has a translation (fuzzy or not)."""
        return all(self.msgstr)

    def value(self, part: str) -> object:
        """A part's value as its raw lines encode it: msgstr lines differ for plural entries
        (msgstr[0] ...), so whether the entry has a plural is part of the msgstr's value."""
        if part == "msgstr":
            return (self.msgid_plural is not None, self.msgstr)
        return getattr(self, part)


@dataclass(frozen=True)
class PoFile:
    """A whole catalog: entries in file order (the header first, if any)."""

    entries: tuple[Entry, ...]
    newline: str = "\n"
    trailer: tuple[str, ...] = ()  # comment lines after the last entry, kept as they were
    blank_lines_at_end: int = 0  # Babel ends a file with an empty line; kept, so as not to churn

    @property
    def header(self) -> Entry | None:
        return self.entries[0] if self.entries and self.entries[0].is_header else None


# Reading ---------------------------------------------------------------------------------------


def parse(text: str) -> PoFile:
    """Read a catalog; a line that is not PO raises PoSyntaxError with its number."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blank_at_end = 0
    while lines and not lines[-1].strip():
        lines.pop()
        blank_at_end += 1
    entries: list[Entry] = []
    block: list[tuple[int, str]] = []
    seen_msgstr = False
    for number, line in enumerate(lines, 1):
        if seen_msgstr and _starts_entry(line):
            entries.append(_entry(block))
            block, seen_msgstr = [], False
        if line.strip() or block:
            block.append((number, line))
            seen_msgstr = seen_msgstr or _kind(line)[1].startswith("msgstr")
    trailer: tuple[str, ...] = ()
    if block and not any(_keyword_line(l) for _, l in block):
        trailer = tuple(l for _, l in _trim(block))
    elif block:
        entries.append(_entry(block))
    return PoFile(tuple(entries), newline, trailer, blank_at_end)


def _keyword_line(line: str) -> bool:
    s = line.strip()
    if s.startswith("#~"):
        s = s[2:].strip()
    return s.startswith(("msgctxt", "msgid", "msgstr"))


def _starts_entry(line: str) -> bool:
    """After a msgstr, a comment or a msgctxt/msgid line begins the next entry."""
    s = line.strip()
    if not s:
        return False
    if s.startswith("#~"):
        body = s[2:].lstrip()
        return not body.startswith(('"', "msgstr"))
    return s.startswith(("#", "msgctxt", "msgid"))


def _kind(line: str) -> tuple[str, str]:
    """The part a line belongs to and the line without its comment marker."""
    s = line.strip()
    if s.startswith("#~"):
        body = s[2:]
        if body.startswith("|"):
            return "previous", body[1:].strip()
        return "obsolete", body.strip()
    if s.startswith("#|"):
        return "previous", s[2:].strip()
    for marker, part in (("#.", "extracted"), ("#:", "references"), ("#,", "flags")):
        if s.startswith(marker):
            return part, s[2:].removeprefix(" ")
    if s.startswith("#"):
        return "comments", s[1:].removeprefix(" ")
    return "keyword", s


def _trim(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    while block and not block[-1][1].strip():
        block = block[:-1]
    return block


def _entry(block: list[tuple[int, str]]) -> Entry:
    block = _trim(block)
    parts: dict[str, list[tuple[int, str]]] = {p: [] for p in PARTS}
    values: dict[str, object] = {}
    strings: dict[str, list[str]] = {}
    previous: dict[str, list[str]] = {}
    current: tuple[str, str] | None = None  # (target: "main"/"previous", keyword)
    obsolete = False
    lines: dict[str, int] = {}
    comments: list[str] = []
    extracted: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    for number, line in block:
        if not line.strip():
            continue
        kind, body = _kind(line)
        if kind in ("comments", "extracted", "references", "flags"):
            parts[kind].append((number, line))
            if kind == "comments":
                comments.append(body)
            elif kind == "extracted":
                extracted.append(body)
            elif kind == "references":
                references.extend(body.split())
            else:
                flags.extend(f.strip() for f in body.split(",") if f.strip())
            current = None
            continue
        target = "previous" if kind == "previous" else "main"
        if kind == "obsolete":
            obsolete = True
        match = KEYWORD.match(body)
        if match:
            keyword, rest = match.group(1), match.group(3)
            bucket = previous if target == "previous" else strings
            if keyword in bucket and keyword == "msgid" and target == "main" and "msgid" in lines:
                raise PoSyntaxError(lines["msgid"], "PO syntax error: msgid without msgstr")
            if keyword in bucket:
                raise PoSyntaxError(number, f"PO syntax error: '{keyword}' twice in one entry")
            if target == "main" and keyword.startswith("msgid") and any(k.startswith("msgstr") for k in strings):
                raise PoSyntaxError(number, f"PO syntax error: '{keyword}' after 'msgstr'")
            bucket[keyword] = [_string(rest, number)]
            current = (target, keyword)
            if target == "main":
                lines.setdefault(keyword, number)
        elif body.startswith('"') and current is not None:
            bucket = previous if current[0] == "previous" else strings
            bucket[current[1]].append(_string(body, number))
        else:
            raise PoSyntaxError(number, f"PO syntax error: cannot read line {line.strip()[:60]!r}")
        part = "previous" if target == "previous" else _part_of(current[1] if current else "")
        parts[part].append((number, line))
    if "msgid" not in strings:
        raise PoSyntaxError(block[-1][0], "PO syntax error: entry without msgid")
    forms = sorted((k for k in strings if k.startswith("msgstr")), key=_form_index)
    if not forms:
        raise PoSyntaxError(lines["msgid"], "PO syntax error: msgid without msgstr")
    plural = "msgid_plural" in strings
    if plural != forms[0].startswith("msgstr["):
        raise PoSyntaxError(lines[forms[0]], "PO syntax error: plural and singular forms mixed")
    entry = Entry(
        msgid="".join(strings["msgid"]),
        msgstr=tuple("".join(strings[k]) for k in forms),
        msgctxt="".join(strings["msgctxt"]) if "msgctxt" in strings else None,
        msgid_plural="".join(strings["msgid_plural"]) if plural else None,
        comments=tuple(comments),
        extracted=tuple(extracted),
        references=tuple(references),
        flags=tuple(dict.fromkeys(flags)),
        previous=_previous(previous, block[0][0]),
        obsolete=obsolete,
        line=lines["msgid"],
        msgstr_line=lines[forms[0]],
    )
    values = {p: entry.value(p) for p in PARTS}
    raw = Raw("\n".join(l for _, l in block), obsolete, {p: tuple(v) for p, v in parts.items()}, values)
    return replace(entry, raw=raw)


def _part_of(keyword: str) -> str:
    return "msgstr" if keyword.startswith("msgstr") else keyword


def _form_index(keyword: str) -> int:
    match = re.search(r"\[(\d+)\]", keyword)
    return int(match.group(1)) if match else 0


def _previous(strings: dict[str, list[str]], line: int) -> Previous | None:
    if not strings:
        return None
    if "msgid" not in strings:
        raise PoSyntaxError(line, "PO syntax error: '#|' lines without a previous msgid")
    get = lambda k: "".join(strings[k]) if k in strings else None
    return Previous("".join(strings["msgid"]), get("msgctxt"), get("msgid_plural"))


def _string(text: str, line: int) -> str:
    match = STRING.match(text.strip())
    if not match:
        raise PoSyntaxError(line, f"PO syntax error: expected a quoted string, not {text.strip()[:60]!r}")
    return unescape(match.group(1), line)


def unescape(text: str, line: int = 0) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt in ESCAPES:
            out.append(ESCAPES[nxt])
            i += 2
        elif nxt.isdigit():
            digits = re.match(r"[0-7]{1,3}", text[i + 1 :])
            if not digits:
                raise PoSyntaxError(line, f"PO syntax error: bad escape '\\{nxt}'")
            out.append(chr(int(digits.group(), 8)))
            i += 1 + len(digits.group())
        elif nxt == "x" and re.match(r"[0-9A-Fa-f]{1,2}", text[i + 2 :]):
            digits = re.match(r"[0-9A-Fa-f]{1,2}", text[i + 2 :])
            assert digits is not None
            out.append(chr(int(digits.group(), 16)))
            i += 2 + len(digits.group())
        else:
            raise PoSyntaxError(line, f"PO syntax error: bad escape '\\{nxt}'")
    return "".join(out)


# Writing ---------------------------------------------------------------------------------------


def dump(po: PoFile) -> str:
    """The catalog as text: unchanged entries byte for byte, entries separated by one blank line."""
    blocks = [render_entry(e) for e in po.entries]
    if po.trailer:
        blocks.append("\n".join(po.trailer))
    text = "\n\n".join(blocks) + "\n" + "\n" * po.blank_lines_at_end if blocks else ""
    return text.replace("\n", po.newline) if po.newline != "\n" else text


def render_entry(entry: Entry) -> str:
    raw = entry.raw
    if raw is not None and raw.obsolete == entry.obsolete and all(
        raw.values[p] == entry.value(p) for p in PARTS
    ):
        return raw.text
    lines: list[str] = []
    for part in PARTS:
        value = entry.value(part)
        if raw is not None and raw.values.get(part) == value and (raw.parts[part] or not value):
            lines.extend(_reprefix(part, [l for _, l in raw.parts[part]], raw.obsolete, entry.obsolete))
        else:
            lines.extend(_fresh(entry, part))
    return "\n".join(lines)


def _reprefix(part: str, lines: list[str], was_obsolete: bool, obsolete: bool) -> list[str]:
    """Raw lines of a part moved into or out of an obsolete entry (``#~``)."""
    if was_obsolete == obsolete or part in ("comments", "flags", "extracted", "references"):
        return lines
    if obsolete:
        return ["#~" + l[1:] if l.startswith("#|") else "#~ " + l for l in lines]
    return ["#" + l[2:] if l.startswith("#~|") else re.sub(r"^#~ ?", "", l) for l in lines]


def _fresh(entry: Entry, part: str) -> list[str]:
    """A part formatted as GNU gettext formats it."""
    prefix = "#~ " if entry.obsolete else ""
    if part == "comments":
        return [f"# {c}" if c else "#" for c in entry.comments]
    if part == "extracted":
        return [f"#. {c}" for c in entry.extracted]
    if part == "references":
        return _wrap_words("#:", list(entry.references))
    if part == "flags":
        return [f"#, {', '.join(entry.flags)}"] if entry.flags else []
    if part == "previous":
        if entry.previous is None:
            return []
        mark = "#~| " if entry.obsolete else "#| "
        out: list[str] = []
        for keyword, value in (("msgctxt", entry.previous.msgctxt), ("msgid", entry.previous.msgid),
                               ("msgid_plural", entry.previous.msgid_plural)):
            if value is not None:
                out.extend(mark + l for l in format_string(keyword, value, WIDTH - len(mark)))
        return out
    if part in ("msgctxt", "msgid_plural") and entry.value(part) is None:
        return []
    if part == "msgstr":
        if entry.msgid_plural is None:
            pairs = [("msgstr", entry.msgstr[0])]
        else:
            pairs = [(f"msgstr[{i}]", form) for i, form in enumerate(entry.msgstr)]
        return [prefix + l for keyword, value in pairs for l in format_string(keyword, value, WIDTH - len(prefix))]
    text = entry.value(part)
    assert isinstance(text, str)
    return [prefix + l for l in format_string(part, text, WIDTH - len(prefix))]


def _wrap_words(mark: str, words: list[str]) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and columns(lines[-1]) + 1 + columns(word) <= WIDTH:
            lines[-1] += " " + word
        else:
            lines.append(f"{mark} {word}")
    return lines


def escape(text: str) -> str:
    return "".join(UNESCAPES.get(c, c) for c in text)


def columns(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_string(keyword: str, value: str, width: int = WIDTH) -> list[str]:
    """``keyword "value"`` on one line if it fits, else gettext's ``keyword ""`` and wrapped lines.

    Lines break after a newline escape and after spaces, never inside a word: Japanese text
    without spaces stays on one long line rather than being cut at an arbitrary character.
    """
    one = f'{keyword} "{escape(value)}"'
    inner_newline = "\n" in value[:-1]
    if not inner_newline and columns(one) <= width:
        return [one]
    lines = [f'{keyword} ""']
    for piece in re.findall(r"[^\n]*\n|[^\n]+", value):
        current = ""
        for token in re.findall(r"\S+\s*|\s+", escape(piece)):
            if current and columns(current + token) + 2 > width:
                lines.append(f'"{current}"')
                current = ""
            current += token
        if current:
            lines.append(f'"{current}"')
    return lines
