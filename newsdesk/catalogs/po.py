"""The PO file format, read and written so that what nobody changed keeps its exact bytes.

Babel's writer rewraps every entry (and measures CJK lines in characters, not columns): a catalog
saved by Poedit or Weblate would then show every line changed in review. Here each entry keeps the
raw lines it was read from, part by part, and a part whose value did not change is written back
exactly as it was read. Only new or changed parts are formatted, the way GNU gettext does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

WIDTH = 79  # GNU gettext's and Poedit's default line width
PARTS = ("comments", "extracted", "references", "flags", "previous", "msgctxt", "msgid", "msgid_plural", "msgstr")
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
#
# One reader for every command (build, check, update, stats, the preview), so that they cannot
# disagree about what a catalog says. The grammar is GNU gettext's, a little stricter where a
# mistake would otherwise be published silently (decided in issue 16; tests/test_one_po_reader.py):
# - a comment, ``#|`` or ``#~`` line between an entry's msgid and msgstr is an error (gettext
#   rejects it too; the build used to apply a ``#, fuzzy`` found there to the next entry);
# - a blank line ends an entry's strings: a string line after it is an error (gettext joins it);
# - escapes are gettext's, ``\x41`` and ``\101`` included; an unknown one (``\q``) is an error,
#   and so is an escape above ``\x7f`` (it would be a byte of UTF-8: write the character itself).
# Errors never quote a line that is not PO: a "catalog" that is some other file must not be
# printed into a terminal or a CI log.
#
# It reads line by line, joining each string's pieces once at the end of its entry: linear in
# the file's size (the build's old reader was quadratic on long multi-line strings). Builds ask
# for ``keep_raw=False``: no per-part raw lines, which only ``update``'s writer needs.

MAX_PROBLEMS = 50  # then stop: a file that is not PO at all would give one per line
STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*$')  # unrolled: 7x as fast as (?:[^"\\]|\\.)* on long lines
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"])\s*(.*)$")
ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.DOTALL)
RARE_ESCAPE = re.compile(r'\\[^"nt]')  # once the \\ pairs are taken out: an escape other than \" \n \t
SIMPLE = re.compile(r'(msgid|msgstr) "([^"\\]*(?:\\.[^"\\]*)*)"$')  # the fast path's lines, stripped
NOT_PO = "PO syntax error: cannot read line: not PO syntax"


class PoSyntaxErrors(PoSyntaxError):
    """Every syntax problem of a catalog (the first one's line and message as its own)."""

    def __init__(self, problems: list[PoSyntaxError]) -> None:
        super().__init__(problems[0].line, problems[0].message)
        self.problems = problems


def decode(raw: bytes) -> str:
    """A catalog's text: UTF-8 (a BOM allowed), or PoSyntaxError at the first bad line."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise PoSyntaxError(raw.count(b"\n", 0, error.start) + 1, "catalog is not valid UTF-8 text") from None


def parse(text: str, *, strict: bool = True, keep_raw: bool = True) -> PoFile:
    """Read a catalog. Strict: any problem raises PoSyntaxErrors, with every problem and its line.
    Not strict (the preview): entries that cannot be read are left out, the rest is returned."""
    po, problems = read(text, keep_raw=keep_raw)
    if problems and strict:
        raise PoSyntaxErrors(problems)
    return po


def read(text: str, *, keep_raw: bool = True) -> tuple[PoFile, list[PoSyntaxError]]:
    """The entries that could be read, and every problem (at most MAX_PROBLEMS, then one more
    saying it stopped)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blank_at_end = 0
    while lines and not lines[-1].strip():
        lines.pop()
        blank_at_end += 1
    reader = _Reader(keep_raw)
    feed, problems = reader.feed, reader.problems
    for number, line in enumerate(lines, 1):
        feed(number, line)
        if problems and len(problems) >= MAX_PROBLEMS:
            reader.problems.append(PoSyntaxError(number, f"PO syntax error: stopped reading after {MAX_PROBLEMS} problems"))
            return PoFile(tuple(reader.entries), newline), reader.problems
    trailer = reader.finish()
    return PoFile(tuple(reader.entries), newline, trailer, blank_at_end), reader.problems


class _Block:
    """An entry being read (a plain class with slots: one is made per entry)."""

    __slots__ = ("broken", "comments", "current", "extracted", "flags", "forms", "in_previous", "keywords", "lines",
                 "msgstr_seen", "obsolete", "part", "parts", "previous", "references", "strings", "where")

    def __init__(self, parts: dict[str, list[tuple[int, str]]] | None) -> None:
        self.lines: list[tuple[int, str]] = []  # every line, blank ones included
        self.parts = parts  # raw lines per part, when kept
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.strings: dict[str, list[str]] = {}  # msgctxt, msgid, msgid_plural, msgstr
        self.forms: list[list[str]] = []  # msgstr[0], msgstr[1], ...
        self.where: dict[str, int] = {}  # keyword -> its line
        self.current: list[str] | None = None  # the string a continuation line extends
        self.in_previous = False  # the current string is one of the '#|' lines
        self.part = ""  # the part (msgid, msgstr...) of the current string, for the raw lines
        self.obsolete: bool | None = None  # unknown until the first keyword
        self.keywords = False
        self.msgstr_seen = False
        self.broken = False


class _Reader:
    def __init__(self, keep_raw: bool) -> None:
        self.keep_raw = keep_raw
        self.entries: list[Entry] = []
        self.problems: list[PoSyntaxError] = []
        self.block: _Block | None = None
        self.started = False

    def error(self, line: int, message: str) -> None:
        self.problems.append(PoSyntaxError(line, message))
        if self.block is not None:
            self.block.broken = True
            self.block.current = None

    def start(self) -> _Block:
        self.close()
        first = not self.started  # the header keeps its raw lines: problems point at its fields' lines
        self.started = True
        self.block = _Block({p: [] for p in PARTS} if self.keep_raw or first else None)
        return self.block

    def feed(self, number: int, line: str) -> None:
        s = line.strip()
        block = self.block
        if not s:
            if block is not None:
                block.lines.append((number, line))
                block.current = None  # a blank line ends the entry's strings
            return
        if s[0] == "#":
            mark = s[1:2]
            if mark == "~":
                body = s[2:]
                if body[:1] == "|":
                    self.previous_line(number, line, body[1:].strip())
                else:
                    self.keyword_or_string(number, line, body.strip(), True)
            elif mark == "|":
                self.previous_line(number, line, s[2:].strip())
            else:
                self.comment(number, line, s, mark)
        elif s[0] == '"' and block is not None and block.current is not None and block.obsolete is False \
                and not block.in_previous and block.parts is None:
            block.lines.append((number, line))  # the common continuation line, on the build's fast path
            block.current.append(self.string(s, number))
        elif s[0] == "m" and not self.keep_raw and self.simple_keyword(number, line, s):
            pass
        elif s[0] == '"' or s[0] == "m":
            self.keyword_or_string(number, line, s, False)
        else:
            self.not_po(number, line)

    def not_po(self, number: int, line: str) -> None:
        """A line that is not PO: it breaks the entry it is in, not the one before it."""
        block = self.block
        if block is None or block.msgstr_seen:
            block = self.start()
        block.lines.append((number, line))
        self.error(number, NOT_PO)

    def _raw(self, block: _Block, part: str, number: int, line: str) -> None:
        block.lines.append((number, line))
        if block.parts is not None:
            block.parts[part].append((number, line))

    def comment(self, number: int, line: str, s: str, mark: str) -> None:
        block = self.block
        if block is None or block.msgstr_seen:
            block = self.start()
        elif block.keywords:
            block.lines.append((number, line))
            self.error(number, "PO syntax error: a comment line inside an entry: comments go before msgctxt/msgid")
            return
        block.current = None
        if mark == ".":
            block.extracted.append(s[2:].removeprefix(" "))
            self._raw(block, "extracted", number, line)
        elif mark == ":":
            block.references.extend(s[2:].split())
            self._raw(block, "references", number, line)
        elif mark == ",":
            block.flags.extend(f.strip() for f in s[2:].split(",") if f.strip())
            self._raw(block, "flags", number, line)
        else:
            block.comments.append(s[1:].removeprefix(" "))
            self._raw(block, "comments", number, line)

    def previous_line(self, number: int, line: str, body: str) -> None:
        """A ``#|`` (or ``#~|``) line: the source a fuzzy translation was made for."""
        block = self.block
        if block is None or block.msgstr_seen:
            block = self.start()
        elif block.keywords:
            block.lines.append((number, line))
            self.error(number, "PO syntax error: a '#|' line inside an entry: it goes before msgctxt/msgid")
            return
        self._raw(block, "previous", number, line)
        match = KEYWORD.match(body)
        if match:
            keyword = match.group(1)
            if keyword.startswith("msgstr"):
                self.error(number, "PO syntax error: '#|' lines hold only msgctxt, msgid and msgid_plural")
            elif keyword in block.previous:
                self.error(number, f"PO syntax error: '#| {keyword}' twice in one entry")
            else:
                block.current = block.previous[keyword] = [self.string(match.group(3), number, keyword)]
                block.in_previous = True
        elif body[:1] == '"' and block.current is not None and block.in_previous:
            block.current.append(self.string(body, number))
        else:
            self.error(number, NOT_PO)

    def simple_keyword(self, number: int, line: str, s: str) -> bool:
        """The build's fast path for the commonest lines, ``msgid "..."`` and ``msgstr "..."`` where
        they are plainly right; False leaves the line to ``keyword_or_string``. With it, reading the
        603 catalogs of a 300-document site takes about half the time."""
        match = SIMPLE.match(s)
        if match is None:
            return False
        keyword, text = match.groups()
        block = self.block
        if keyword == "msgid":
            if block is None or block.msgstr_seen:
                if not self.started:
                    return False  # the header keeps its raw lines
                block = self.start()
            elif "msgid" in block.strings or block.obsolete:
                return False
        elif (block is None or block.msgstr_seen or block.obsolete is not False or "msgid" not in block.strings
              or "msgid_plural" in block.strings):
            return False
        else:
            block.msgstr_seen = True
            block.where.setdefault("msgstr", number)
        block.lines.append((number, line))
        block.obsolete = False
        block.keywords = True
        value = [self.string_value(text, number) if "\\" in text else text]
        block.strings[keyword] = value
        block.where.setdefault(keyword, number)
        block.current = value
        block.in_previous = False
        block.part = keyword
        return True

    def keyword_or_string(self, number: int, line: str, body: str, obsolete: bool) -> None:
        block = self.block
        if body[:1] == '"':
            if block is None or block.current is None or block.in_previous:
                after_blank = block is not None and bool(block.lines) and not block.lines[-1][1].strip()
                if block is None:
                    block = self.start()
                block.lines.append((number, line))
                self.error(number, "PO syntax error: a string line after a blank line: a blank line ends an entry"
                           if after_blank else "PO syntax error: a string line that continues no msgid or msgstr")
                return
            if block.obsolete != obsolete:
                block.lines.append((number, line))
                self.error(number, "PO syntax error: an entry mixes obsolete ('#~') and live lines")
                return
            self._raw(block, block.part, number, line)
            block.current.append(self.string(body, number))
            return
        match = KEYWORD.match(body)
        if not match:
            self.not_po(number, line)
            return
        keyword, index = match.group(1), match.group(2)
        if block is None or (block.msgstr_seen and keyword in ("msgctxt", "msgid")):
            block = self.start()
        elif keyword == "msgid" and "msgid" in block.strings:
            self.error(block.where["msgid"], "PO syntax error: msgid without msgstr")
            block = self.start()
        part = "msgstr" if index is not None else keyword
        part = "msgstr" if part.startswith("msgstr") else part
        self._raw(block, part, number, line)
        if block.obsolete is None:
            block.obsolete = obsolete
        elif block.obsolete != obsolete:
            self.error(number, "PO syntax error: an entry mixes obsolete ('#~') and live lines")
            return
        problem = self.order_problem(block, keyword, index)
        block.keywords = True
        if part == "msgstr":
            block.msgstr_seen = True
        if problem:
            self.error(number, f"PO syntax error: {problem}")
            return
        value = [self.string(match.group(3), number, keyword)]
        if index is not None:
            block.forms.append(value)
        else:
            block.strings[keyword] = value
        block.where.setdefault(keyword, number)
        if part == "msgstr":
            block.where.setdefault("msgstr", number)
        block.current = value
        block.in_previous = False
        block.part = part

    @staticmethod
    def order_problem(block: _Block, keyword: str, index: str | None) -> str | None:
        """Why ``keyword`` cannot come here in the entry, or None."""
        strings = block.strings
        if keyword == "msgctxt":
            return ("'msgctxt' twice in one entry" if "msgctxt" in strings
                    else "'msgctxt' after 'msgid': msgctxt comes first" if "msgid" in strings else None)
        if keyword == "msgid":
            return None
        if "msgid" not in strings:
            return f"'{keyword}' before any msgid"
        if keyword == "msgid_plural":
            return ("'msgid_plural' twice in one entry" if "msgid_plural" in strings
                    else "'msgid_plural' after 'msgstr'" if block.msgstr_seen else None)
        if (index is None) == ("msgid_plural" in strings):
            return "plural and singular forms mixed"
        if index is None:
            return "'msgstr' twice in one entry" if "msgstr" in strings else None
        expected = len(block.forms)
        if int(index) != expected:
            return (f"'msgstr[{index}]' twice in one entry" if int(index) < expected
                    else f"'msgstr[{index}]' where 'msgstr[{expected}]' was expected")
        return None

    def string(self, text: str, number: int, keyword: str | None = None) -> str:
        match = STRING.match(text)
        if not match:
            after = f" after '{keyword}'" if keyword else ""
            self.error(number, f"PO syntax error: expected a quoted string{after}")
            return ""
        value = match.group(1)
        return self.string_value(value, number) if "\\" in value else value

    def string_value(self, value: str, number: int) -> str:
        """A string's text between its quotes, escapes decoded."""
        if RARE_ESCAPE.search(value.replace("\\\\", "")) is None:  # only \\ \" \n \t: replaced in C, 3x as fast
            return "\\".join(p.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
                             for p in value.split("\\\\"))
        try:
            return unescape(value, number)
        except PoSyntaxError as error:
            self.error(error.line, error.message)
            return ""

    def close(self) -> None:
        block, self.block = self.block, None
        if block is None or not block.keywords:
            return
        if "msgid" not in block.strings:
            if not block.broken:
                self.error(_trim(block.lines)[-1][0], "PO syntax error: entry without msgid")
            return
        if not block.msgstr_seen:
            self.error(block.where["msgid"], "PO syntax error: msgid without msgstr")
            return
        if block.previous and "msgid" not in block.previous:
            self.error(block.lines[0][0], "PO syntax error: '#|' lines without a previous msgid")
            return
        if block.broken:
            return
        strings = block.strings
        plural = "msgid_plural" in strings
        get = lambda pieces: "".join(pieces) if pieces is not None else None
        previous = block.previous
        fields: dict[str, object] = {
            "msgid": "".join(strings["msgid"]),
            "msgstr": tuple("".join(f) for f in block.forms) if plural else ("".join(strings["msgstr"]),),
            "msgctxt": get(strings.get("msgctxt")),
            "msgid_plural": get(strings.get("msgid_plural")),
            "comments": tuple(block.comments) if block.comments else (),
            "extracted": tuple(block.extracted) if block.extracted else (),
            "references": tuple(block.references) if block.references else (),
            "flags": tuple(dict.fromkeys(block.flags)) if block.flags else (),
            "previous": Previous("".join(previous["msgid"]), get(previous.get("msgctxt")),
                                 get(previous.get("msgid_plural"))) if previous else None,
            "obsolete": bool(block.obsolete),
            "line": block.where["msgid"],
            "msgstr_line": block.where["msgstr"],
            "raw": None,
        }
        entry = _frozen(Entry, fields)
        if block.parts is not None:
            values = {p: entry.value(p) for p in PARTS}
            fields["raw"] = Raw("\n".join(l for _, l in _trim(block.lines)), entry.obsolete,
                                {p: tuple(v) for p, v in block.parts.items()}, values)
            entry = _frozen(Entry, fields)
        self.entries.append(entry)

    def finish(self) -> tuple[str, ...]:
        """Close the last entry; comment lines after it are the file's trailer."""
        block = self.block
        if block is not None and not block.keywords and not block.broken:
            self.block = None
            return tuple(l for _, l in _trim(block.lines))
        self.close()
        return ()


def _frozen(cls: type[Entry], fields: dict[str, object]) -> Entry:
    """``cls(**fields)`` without a frozen dataclass's ``__init__``: 0.7 instead of 5.4 us an entry,
    a third of the time the build spends reading the catalogs of a 300-document site. ``fields``
    must name every field."""
    entry = object.__new__(cls)
    entry.__dict__.update(fields)
    return entry


def _trim(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    end = len(block)
    while end and not block[end - 1][1].strip():
        end -= 1
    return block[:end]


def unescape(text: str, line: int = 0) -> str:
    """A PO string's escapes decoded as gettext decodes them."""

    def one(match: re.Match[str]) -> str:
        octal, hexadecimal, char = match.groups()
        if char is not None:
            if char in ESCAPES:
                return ESCAPES[char]
            raise PoSyntaxError(line, f"PO syntax error: bad escape '\\{char}'")
        code = int(octal, 8) if octal is not None else int(hexadecimal, 16)
        if code > 0x7F:
            raise PoSyntaxError(line, f"PO syntax error: escape '\\{match.group(0)[1:]}' is a byte above 0x7f: "
                                      "write the character itself")
        return chr(code)

    return ESCAPE.sub(one, text)


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
