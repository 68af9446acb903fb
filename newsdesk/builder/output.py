"""Write the site: everything goes to a staging folder, published into the output only on success."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsdesk.builder.manifest import commit_path, invalidate_manifest, manifest_path
from newsdesk.builder.workers import remove_in_background
from newsdesk.errors import NewsdeskError, problem


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


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed (we hold the lock: nobody else is writing)."""
    for path in out.parent.glob(f".{out.name}.staging-*"):
        remove_in_background(path)



class Staging:
    """Where a build writes, beside ``out``; nothing reaches ``out`` before ``publish()``.

    A whole build (the first, ``--clean``, or one where most outputs changed) stages every
    output and swaps the folder in with two renames. An incremental build stages only the
    outputs whose bytes changed; publishing renames the staging folder to ``.out.commit`` (the
    commit point: from here on the build counts as done) and then moves each file into place
    and removes the outputs that are gone. A build interrupted after the commit point is
    finished by :func:`finish_commit`, which every build runs first.
    """

    def __init__(self, out: Path, changes: bool = False) -> None:
        self.out = out
        self.changes = changes  # compare with the old output even when swapping in a whole folder
        self.whole: bool | None = None  # undecided until the build knows how much changed
        out.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        self._dirs: set[str] = set()

    def write(self, rel: str, data: bytes | str) -> bool:
        """Stage an output; False when ``out`` already has these exact bytes (an incremental
        build then leaves that file alone). A whole folder replaces every file anyway: there
        the comparison (a read of the old file) is made only when ``changes`` asks for it."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        same = (self.changes or self.whole is not True) and _has_bytes(self.out / rel, data)
        if same and self.whole is False:
            return False
        self._parent(rel)
        with open(f"{self.path}/{rel}", "wb") as handle:
            handle.write(data)
        return not same

    def decide(self, whole: bool) -> None:
        """A whole new folder (every output staged, unchanged ones as hard links), or only changes."""
        self.whole = whole

    def link(self, rel: str) -> None:
        """Reuse an unchanged output of the previous build: a hard link, or a copy across devices.
        Only a whole build needs this; an incremental build leaves the file where it is."""
        if not self.whole:
            return
        self._parent(rel)
        source, target = f"{self.out}/{rel}", f"{self.path}/{rel}"
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    def _parent(self, rel: str) -> None:
        parent = rel.rpartition("/")[0]
        if parent and parent not in self._dirs:
            os.makedirs(f"{self.path}/{parent}", exist_ok=True)
            self._dirs.add(parent)

    def publish(self, gone: set[str], manifest: bytes) -> None:
        """Put the staged outputs in place, remove ``gone``, and record ``manifest`` last."""
        if self.whole:
            invalidate_manifest(self.out)
            old = None
            if self.out.exists():
                old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
                os.rename(self.out, old)
            os.rename(self.path, self.out)
            _write_atomically(manifest_path(self.out), manifest)
            if old is not None:
                remove_in_background(old)
            return
        staged = sorted(os.path.relpath(os.path.join(folder, name), self.path)
                        for folder, _, names in os.walk(self.path) for name in names)
        (self.path / FILES).write_text("\n".join(staged), encoding="utf-8")
        (self.path / GONE).write_text("\n".join(sorted(gone)), encoding="utf-8")
        (self.path / MANIFEST).write_bytes(manifest)
        os.rename(self.path, commit_path(self.out))
        finish_commit(self.out)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


GONE, MANIFEST, FILES = ".gone", ".manifest.json", ".files"  # a commit folder's own records


def finish_commit(out: Path) -> None:
    """Move a committed build's files into ``out``; safe to run again after an interruption."""
    commit = commit_path(out)
    if not commit.is_dir():
        return
    invalidate_manifest(out)  # until every file is in place, no manifest describes ``out``
    files = (commit / FILES).read_text(encoding="utf-8").split("\n") if (commit / FILES).exists() else []
    made: set[str] = set()
    for rel in filter(None, files):
        source = commit / rel
        if not source.exists():
            continue  # moved before an interruption
        parent = rel.rpartition("/")[0]
        if parent and parent not in made:
            os.makedirs(out / parent, exist_ok=True)
            made.add(parent)
        _move(source, out / rel)
    for rel in filter(None, (commit / GONE).read_text(encoding="utf-8").split("\n")):
        (out / rel).unlink(missing_ok=True)
        _remove_empty_parents(out, rel)
    if (commit / MANIFEST).exists():
        os.replace(commit / MANIFEST, manifest_path(out))
    shutil.rmtree(commit)


def _move(source: Path, target: Path) -> None:
    os.replace(source, target)  # atomic: a reader sees the old file or the new one, never a part


def _remove_empty_parents(out: Path, rel: str) -> None:
    parts = rel.split("/")[:-1]
    while parts:
        try:
            (out / "/".join(parts)).rmdir()
        except OSError:  # not empty (or already gone)
            return
        parts.pop()


def _has_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
