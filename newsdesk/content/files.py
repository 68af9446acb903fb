"""Input files are regular files inside the project: a symbolic link or a device is refused.

A link in ``content/`` or ``templates/`` would make the build read (and publish, or print in its
errors) whatever it points to: ``/etc/passwd``, ``.git/config``, ``/proc/self/mem``. Every reader of
those folders lists them through here, before it opens anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from newsdesk.errors import NewsdeskError, Problem, problem

CHECKED_DIRS = ("content", "templates")  # catalogs (locales/) are checked by their own reader

REFUSED = "newsdesk reads only regular files and folders inside the project"


def not_regular(path: Path | str) -> str | None:
    """Why an input entry is refused (without following it), or None for a regular file or folder."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        return f"cannot read it ({error.strerror})"
    if stat.S_ISLNK(mode):
        return f"a symbolic link; {REFUSED}"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return f"not a regular file (a device, pipe or socket); {REFUSED}"
    return None


def input_files(root: Path, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under ``folder`` whose names end in ``suffixes``, sorted; raises, naming every
    symbolic link or special file met on the way (whatever its name: a linked folder too)."""
    found: list[Path] = []
    problems: list[Problem] = []

    def visit(directory: Path) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except FileNotFoundError:
            return
        for entry in entries:
            path = Path(entry.path)
            why = not_regular(path)
            if why is not None:
                problems.append(problem(_rel(root, path), None, why))
            elif entry.is_dir(follow_symlinks=False):
                visit(path)
            elif entry.name.endswith(suffixes):
                found.append(path)

    visit(folder)
    if problems:
        raise NewsdeskError(problems)
    return found


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
