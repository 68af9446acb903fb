"""The dashboard's pages, made again only when a project file changed.

Each dashboard request read every document and catalog and ran ``check`` (200 requests took
52 s, the slowest 20 s, while the preview was rebuilding). A page is now kept under a
fingerprint of the project's files (path, size, modification time, inode: a stat each, no
read) and of what else it shows; an edit, a save or a checkout changes the fingerprint.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from newsdesk.config import Settings

KEPT = 64  # pages kept (the dashboard and a few segment views)


def fingerprint(settings: Settings) -> tuple[tuple[str, int, int, int], ...]:
    """Every file of the project's inputs, as ``stat`` sees it."""
    found: list[tuple[str, int, int, int]] = []

    def visit(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path)
            else:
                found.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino))

    for folder in (settings.content_dir, settings.locales_dir, settings.templates_dir):
        visit(str(folder))
    site = Path(settings.root) / "site.toml"
    try:
        info = site.stat()
        found.append((str(site), info.st_size, info.st_mtime_ns, info.st_ino))
    except OSError:
        pass
    return tuple(sorted(found))


class PageCache:
    """The last pages made, by (what, the files' fingerprint)."""

    def __init__(self) -> None:
        self.pages: OrderedDict[tuple[Hashable, ...], str | None] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, settings: Settings, what: tuple[Hashable, ...], make: Callable[[], str | None]) -> str | None:
        key = (*what, fingerprint(settings))
        with self.lock:
            if key in self.pages:
                self.pages.move_to_end(key)
                return self.pages[key]
        page = make()
        if fingerprint(settings) != key[-1]:
            return page  # a file changed while it was made: shown, not kept
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > KEPT:
                self.pages.popitem(last=False)
        return page
