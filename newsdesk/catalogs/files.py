"""Catalog files on disk: read only regular files (never through a link), write them back safely.

Catalogs come from translators, not all of them trusted: ``ln -s /etc/passwd locales/ko/content/x.po``
once made the build print the target's lines and ``update`` replace the link with a copy of it.
Here a link or a special file under ``locales/`` is refused before a byte of it is read, and a
rewritten catalog keeps its file's mode (``mkstemp`` would leave 0600) and never replaces a link.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from newsdesk.errors import CatalogError, problem

LINK = "is a symbolic link: catalogs are read only from regular files, never through a link"


def read_catalog_file(path: Path, rel: str, inside: Path | None = None) -> bytes:
    """The bytes of the catalog at ``path`` (``rel`` names it in errors); CatalogError if it is a
    link, not a regular file, or (with ``inside``) in a folder that leads out of ``inside``."""
    if inside is not None and not path.parent.resolve().is_relative_to(inside.resolve()):
        raise CatalogError(problem(rel, None, f"is in a folder that links outside {inside.name}/: not read"))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise CatalogError(problem(rel, None, LINK)) from None
        raise CatalogError(problem(rel, None, f"cannot read the catalog: {error.strerror}")) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise CatalogError(problem(rel, None, "is not a regular file: catalogs are read only from regular files"))
        return handle.read()


def catalog_present(path: Path) -> bool:
    """Whether anything is at ``path``, a dangling link included (so that it is refused, not
    taken for a missing catalog and replaced)."""
    return os.path.lexists(path)


def new_file_mode(path: Path) -> int:
    """The mode a rewritten ``path`` gets: its own, or for a new file what the umask gives."""
    try:
        return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: read it the only other way there is, and put it back
    os.umask(mask)
    return mask


def remove_leftover_temporaries(path: Path) -> None:
    """Remove the ``.NAME.XXXXXXXX.tmp`` files a killed write of ``path`` left beside it."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    try:
        names = os.listdir(path.parent)
    except FileNotFoundError:
        return
    for name in names:
        if pattern.fullmatch(name):
            (path.parent / name).unlink(missing_ok=True)
