"""Advance widths of the bundled fonts, read once per font file.

WeasyPrint cannot justify Japanese, so our code keeps each line on a whole-em grid itself;
for that it needs to know how wide a run of Latin letters or digits is in the font that
will print it (kerning and ligatures are off for Japanese running text, see brief.css).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class FontMetrics:
    """The advances (in em) of a font stack, first font that has the character wins."""

    paths: tuple[str, ...]

    def advance(self, char: str) -> float:
        for path in self.paths:
            width = _advances(path).get(ord(char))
            if width is not None:
                return width
        return 1.0  # no glyph: the glyph check stops the build before it prints

    def width(self, text: str) -> float:
        return sum(self.advance(c) for c in text)


def font_metrics(fonts_dir: Path, names: tuple[str, ...]) -> FontMetrics:
    return FontMetrics(tuple(str((fonts_dir / name).resolve()) for name in names))


@cache
def _advances(path: str) -> dict[int, float]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
