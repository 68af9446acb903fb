"""Reading briefs back as a reader's tools do: text in reading order, outline, metadata."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

BUNDLED_FONTS = {"Noto-Sans-KR", "Noto-Sans-KR-Bold", "Noto-Sans-JP", "Noto-Sans-JP-Bold"}
FOOTER = re.compile(r"^https?://\S+ \d+ / \d+$")


def reading_text(path: Path, running: str = "") -> str:
    """The text in the order it is drawn (pdftotext -raw), without page furniture: what
    a reader copying across a column or page break gets."""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    lines = [line for line in raw.splitlines() if not FOOTER.match(line.strip()) and line.strip() != running]
    return "\n".join(lines)


def normalized(text: str, locale: str) -> str:
    """Only line breaks and spaces normalized: Japanese has no spaces between words (tools may
    see one at the quarter-em CJK/Latin space), Korean and English have one. A hyphen at a
    line end is always one the hyphenator added (compounds never break at their hyphen)."""
    if locale == "ja":
        return "".join(text.split())
    if locale == "en":
        text = re.sub(r"-\n", "", text)
    return " ".join(text.split())


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark, in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def page_texts(path: Path) -> list[str]:
    count = len(PdfReader(path).pages)
    return [subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


@dataclass(frozen=True)
class Font:
    """One row of ``pdffonts``: a font as the PDF embeds it."""

    subset: str  # the subset tag before "+", six letters when only the glyphs used are embedded
    family: str
    embedded: bool
    subsetted: bool
    unicode_map: bool


def fonts(path: Path) -> list[Font]:
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    found = []
    for row in rows:
        name, *rest = row.split()
        subset, _, family = name.rpartition("+")
        embedded, subsetted, unicode_map = (flag == "yes" for flag in rest[-5:-2])
        found.append(Font(subset, family, embedded, subsetted, unicode_map))
    return found


def font_families(path: Path) -> set[str]:
    """The font families a PDF draws with, regular and bold as one."""
    return {font.family.removesuffix("-Bold") for font in fonts(path)}
