"""The bundled fonts' character maps (with each character's advance), read once per font file:
the build checks that every character of a brief has a glyph (briefs.BriefRenderer.check_glyphs)
before WeasyPrint would print an empty box."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class FontMetrics:
    """The advances (in em) of a font stack, first font that has the character wins."""

    paths: tuple[str, ...]
    shas: tuple[str, ...]  # each font's content hash: what its advances are kept under

    def advance(self, char: str) -> float:
        for path, sha in zip(self.paths, self.shas):
            width = _advances(sha, path).get(ord(char))
            if width is not None:
                return width
        return 1.0  # no glyph: the glyph check stops the build before it prints

    def width(self, text: str) -> float:
        return sum(self.advance(c) for c in text)

    def covers(self, code: int) -> bool:
        """Whether some font of the stack has a glyph for this code point."""
        return any(code in _advances(sha, path) for path, sha in zip(self.paths, self.shas))


def font_metrics(fonts_dir: Path, names: tuple[str, ...]) -> FontMetrics:
    paths = tuple(str((fonts_dir / name).resolve()) for name in names)
    return FontMetrics(paths, tuple(_content_hash(path) for path in paths))


def _content_hash(path: str) -> str:
    """A font file's SHA-256: a font replaced by another at the same path (an upgrade of Noto)
    gets its own advances, in this process (``serve`` lives through edits) and on disk."""
    stat = os.stat(path)
    return _hash_of(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)


@cache
def _hash_of(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """Hashed once per version of the file, as the build's input scan does (by size and time): the
    hash is kept beside the advances. Hashing the four bundled fonts (23 MB) takes 80 ms, which every
    brief worker would pay again at its start."""
    font = Path(path)
    memo = _cache_dir(font) / f"{font.name}-{size}-{mtime_ns}-{inode}.sha256"
    try:
        known = memo.read_text(encoding="ascii")
        if len(known) == 32:
            return known
    except (OSError, UnicodeDecodeError):
        pass
    with open(path, "rb") as handle:
        sha = hashlib.sha256(handle.read()).hexdigest()[:32]
    _write(memo, sha.encode("ascii"))
    return sha


_TABLES: dict[str, dict[int, float]] = {}  # content hash -> advances: a few fonts per process


def _advances(sha: str, path: str) -> dict[int, float]:
    table = _TABLES.get(sha)
    if table is None:
        table = _TABLES[sha] = _read_advances(sha, path)
    return table


def _read_advances(sha: str, path: str) -> dict[int, float]:
    """Advance per code point. Reading a CJK font's cmap takes about a second, so the result is
    kept in the project's .newsdesk-cache/, under the font file's content hash."""
    cache_file = _cache_dir(Path(path)) / f"{Path(path).stem}-{sha}.pickle"
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
    _write(cache_file, pickle.dumps(advances, protocol=pickle.HIGHEST_PROTOCOL))
    return advances


def _write(path: Path, data: bytes) -> None:
    """Atomically: brief workers read and write the cache at the same time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout: just slower


def _cache_dir(font: Path) -> Path:
    """The project's cache folder: fonts live in PROJECT/templates/static/fonts/."""
    return font.parents[3] / ".newsdesk-cache" / "fonts"
