"""The bundled fonts' character maps and advance widths, read once per font file: the build
checks that every character of a brief has a glyph (pdf.BriefRenderer.check_glyphs)."""

from __future__ import annotations

import os
import pickle
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

    def covers(self, code: int) -> bool:
        """Whether some font of the stack has a glyph for this code point."""
        return any(code in _advances(path) for path in self.paths)


def font_metrics(fonts_dir: Path, names: tuple[str, ...]) -> FontMetrics:
    return FontMetrics(tuple(str((fonts_dir / name).resolve()) for name in names))


@cache
def _advances(path: str) -> dict[int, float]:
    """Advance per code point. Reading a CJK font's cmap takes about a second, so the result is
    kept in the project's .newsdesk-cache/ (keyed by the font file's size and time)."""
    stat = os.stat(path)
    cache_file = _cache_dir(Path(path)) / f"{Path(path).stem}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    try:
        with cache_file.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    except (OSError, EOFError, pickle.UnpicklingError):
        pass
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(advances, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, cache_file)
    except OSError:
        pass  # a read-only checkout: just slower
    return advances


def _cache_dir(font: Path) -> Path:
    """The project's cache folder: fonts live in PROJECT/templates/static/fonts/."""
    return font.parents[3] / ".newsdesk-cache" / "fonts"
