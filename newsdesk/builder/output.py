"""Write the site: everything goes to a staging folder, published into the output only on success."""

from __future__ import annotations

import ctypes
import errno
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
    """Folders of builds that were killed (we hold the lock: nobody else is writing): staging
    folders, replaced outputs and finished commits whose removal was cut short. Where the two
    renames of a swap without :func:`_exchange` were cut between them, the old output comes back."""
    if not out.exists():  # only then: an old folder may be being removed in the background meanwhile
        old = sorted(out.parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
        if old:
            os.rename(old[-1], out)
    for pattern in ("staging-*", "old-*", "done-*"):
        for path in out.parent.glob(f".{out.name}.{pattern}"):
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
        os.chmod(self.path, _folder_mode())  # mkdtemp makes it 0700; it becomes ``out``, served to others
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
            replaced = self.out.exists()
            if replaced:
                _swap(self.path, self.out)  # the staging folder's name now holds the old output
            else:
                os.rename(self.path, self.out)
            _write_atomically(manifest_path(self.out), manifest)
            if replaced:
                remove_in_background(self.path)
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
    if not (commit / MANIFEST).exists():  # moved last: this commit is done, its removal was cut short
        shutil.rmtree(commit)
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
    os.replace(commit / MANIFEST, manifest_path(out))
    shutil.rmtree(commit)


def _swap(new: Path, out: Path) -> None:
    """Put folder ``new`` at ``out`` and the old ``out`` at ``new`` in one step: readers (and a
    build killed here) see the old output or the new one, never no output. Linux's
    ``renameat2(RENAME_EXCHANGE)``; where the file system lacks it, two renames, an instant
    apart, which :func:`remove_leftovers` repairs if a kill falls between them."""
    if _exchange(new, out):
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(new, out)
    os.rename(old, new)


_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def _exchange(a: Path, b: Path) -> bool:
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False  # not supported here: the caller falls back to two renames
    raise OSError(code, os.strerror(code), str(b))


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


def _folder_mode() -> int:
    """The mode ``mkdir`` would give a new folder under this process's umask (0755 under 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


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
