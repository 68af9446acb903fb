"""Errors that know where they are: every problem prints as ``path:line: message``."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Control and invisible characters a message may carry from an untrusted file (a header value
# with ESC[2K, an OSC title, a bidi override) are shown escaped, never sent to the terminal.
UNSAFE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def printable(text: str) -> str:
    r"""``text`` with control and invisible characters written as escapes (``\x1b``, ``\u202e``)."""
    if text.isprintable():
        return text
    return "".join(c if c == " " or unicodedata.category(c) not in UNSAFE else
                   (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
                   for c in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, with its location."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return printable(f"{where}: {prefix}{self.message}")


class NewsdeskError(Exception):
    """Base error: carries one or more problems; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(NewsdeskError):
    """A content file is wrong."""


class CatalogError(NewsdeskError):
    """A PO catalog is wrong."""


class TemplateError(NewsdeskError):
    """A template is wrong."""


class ConfigError(NewsdeskError):
    """The site settings are wrong."""


class RenderError(NewsdeskError):
    """A page or brief could not be rendered (missing glyph, refused resource)."""


def problem(path: Path | str, line: int | None, message: str, severity: str = "error") -> Problem:
    return Problem(str(path), line, message, severity)


class Problems:
    """Collects problems across a stage, so that all of them are reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(problem(path, line, message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(problem(path, line, message, "warning"))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self, kind: type[NewsdeskError] = NewsdeskError) -> None:
        if self.errors:
            raise kind(self.errors)
