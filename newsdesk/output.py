"""Write the site: everything goes to a staging folder that replaces the output only on success."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import NewsdeskError, problem


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder: a second one fails at once, saying who holds it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise NewsdeskError(problem(str(out), None,
                f"another build (pid {holder}) is writing this output; run again when it has finished")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_in_background(path: Path) -> None:
    """Delete a replaced output tree without making the build wait for it.

    Removing thousands of folders can take longer than rendering the few pages that changed;
    a detached grandchild process does it (double fork: nothing is left for us to reap).
    """
    try:
        child = os.fork()
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    if child == 0:
        try:
            if os.fork() == 0:
                shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


class Staging:
    """A folder beside ``out``; ``publish()`` swaps it into place, anything else discards it."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        self.files: dict[str, int] = {}

    def write(self, rel: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[rel] = len(data)

    def link(self, rel: str, source: Path) -> None:
        """Reuse an unchanged output of the previous build: a hard link, or a copy across devices."""
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        self.files[rel] = source.stat().st_size

    def copy_tree(self, source: Path, rel: str, skip: tuple[str, ...] = ()) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file() and not any(part in skip for part in path.relative_to(source).parts):
                self.write(f"{rel}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def publish(self) -> None:
        """Replace ``out`` with the staging folder in two renames; the old site is removed last."""
        old = None
        if self.out.exists():
            old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
            os.rename(self.out, old)
        os.rename(self.path, self.out)
        if old is not None:
            remove_in_background(old)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
