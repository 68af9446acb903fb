"""Every process a build starts, and the garbage collector: one room, one policy.

The collector. A build allocates mostly what lives until it ends (modules, documents, catalogs,
the edition) and pages that leave few cycles behind, so it runs with the cyclic collector off
(``uncollected``): a one-document rebuild at 1,000 x 3 ran ~50 collections, 25 ms for nothing,
and a page renders 10-15 % faster without it (measured over 900 pages; the ~40 objects a page
leaves in cycles, 5 MiB over those pages, go when the process exits). What lives until the
build ends is also frozen (``freeze``) out of the way of the collections that do run, and given
back when the build ends (``long_lived``): ``serve`` builds again and again in one process.
WeasyPrint leaves cycles (boxes, styles) behind every document, so briefs render with the
collector on (``collected``), in workers and in the build's own process alike.

Workers. Every worker is started here, and every worker dies with its build: it asks Linux to
kill it when the build's process exits (PR_SET_PDEATHSIG) and exits at once if the build is
already gone (``die_with_parent``). Orphaned, a worker would keep rendering for nobody and keep
the output's lock open, so that no build could run.
- ``start``: a plain forked child that inherits everything loaded so far and sends back bytes
  (page shares, the input scan). A pool (multiprocessing, concurrent.futures) costs 50 ms to
  import and start for nothing that a fork of inherited work needs.
- ``render_briefs``: a process pool, each worker keeping one WeasyPrint font configuration for
  up to ``BRIEFS_PER_WORKER`` briefs.
- ``remove_in_background``: the one process meant to outlive the build, a detached grandchild
  that deletes a replaced output tree (a killed one's leftovers are removed by the next build).
"""

from __future__ import annotations

import gc
import os
import pickle
import random
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.errors import NewsdeskError, Problem, problem

if TYPE_CHECKING:  # types only: the build command imports this module before it knows it will render
    from newsdesk.builder.output import Staging
    from newsdesk.builder.plan import Planned
    from newsdesk.catalogs.catalog import Catalog
    from newsdesk.config import Settings
    from newsdesk.localize.localized import LocalizedDocument
    from newsdesk.localize.related import Related
    from newsdesk.render.briefs import BriefRenderer


# The collector ----------------------------------------------------------------------------------

@contextmanager
def uncollected(restore: bool = True) -> Iterator[None]:
    """The collector off for the block, then on again if it was, unless not ``restore``: in a
    process that ends next, turned on again it would walk everything the block made, at the next
    allocation (a no-op rebuild of 100,000 x 3: 0.1 s, for nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and restore:
            gc.enable()


@contextmanager
def collected() -> Iterator[None]:
    """The collector on for the block (WeasyPrint at work), then as it was."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


def freeze() -> None:
    """Everything alive now lives until the build ends: no collection walks (or, in a forked
    worker, copies) it again."""
    gc.freeze()


@contextmanager
def long_lived() -> Iterator[None]:
    """A build: what it freezes is given back to the collector when it ends, and its temporary
    files (its workers' among them) are removed."""
    previous = tempfile.tempdir
    scratch = use_private_tempdir()
    try:
        yield
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(scratch, ignore_errors=True)
        gc.unfreeze()


LEFT: list[object] = []  # what a build left to the process's exit: see ``end``


def end(code: int) -> int:
    """A command's end, in a process that ends with it. Where a build left its objects in ``LEFT``
    (the build command, cli.py), the process exits at once, its output streams flushed, neither
    freeing them nor tearing the interpreter down: freed one by one as the build returned, the
    objects of a 10,000-document build (documents, catalogs, edition, memo, manifests) took
    67 ms, a sixth of a one-document rebuild. Otherwise the interpreter exits as usual, the
    collector kept from walking every object again (after a build of 1,000 documents, 80 ms of
    teardown became 17)."""
    gc.freeze()
    if LEFT:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more to say
                code = code or 1
        os._exit(code)
    return code


# Workers ----------------------------------------------------------------------------------------

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when ``parent`` exits; exit now if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes  # here, in the worker: a build that starts none does not load it

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def can_fork() -> bool:
    return hasattr(os, "fork")


def start(work: Callable[[], bytes]) -> Callable[[], tuple[bytes, int]]:
    """Fork a worker that runs ``work`` and sends its bytes through a pipe, then exits (it never
    returns into the caller's code). Call the result to wait for them and the worker's exit
    status; a worker that failed sent nothing."""
    parent = os.getpid()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        status = 1
        try:
            die_with_parent(parent)
            data = work()
            with open(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def wait() -> tuple[bytes, int]:
        with open(read, "rb") as source:
            data = source.read()
        _, status = os.waitpid(pid, 0)
        return data, status

    return wait


def remove_in_background(path: Path) -> None:
    """Delete a replaced output tree without making the build wait for it: removing thousands of
    folders can take longer than rendering the few pages that changed. A detached grandchild
    does it (double fork: nothing is left for us to reap)."""
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


# Temporary files -------------------------------------------------------------------------------

TEMP_PREFIX = "newsdesk-tmp-"


def use_private_tempdir() -> Path:
    """This process's temporary files go to a folder named for it (under the current temporary
    folder: a worker forked by a build, under the build's), which is removed when the process is
    done or, if it was killed, by the next process to start here. WeasyPrint writes the fonts a
    stylesheet loads (23 MB) into a temporary folder that it removes only when its font
    configuration is collected, which never happens in a worker that ends with os._exit, as pool
    and forked workers do, nor reliably at interpreter exit: 2,660 such folders, 60 GB, filled
    this machine's disk in one day of tests."""
    base = Path(tempfile.gettempdir())
    for path in base.glob(f"{TEMP_PREFIX}*"):  # of processes that were killed
        pid = path.name[len(TEMP_PREFIX):]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
    mine = base / f"{TEMP_PREFIX}{os.getpid()}"
    mine.mkdir(exist_ok=True)
    tempfile.tempdir = str(mine)
    return mine


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# Pages: planned outputs rendered into the staging folder -----------------------------------------

PARALLEL_FROM = 300  # forking costs milliseconds; a few hundred pages repay it

Staged = list[tuple[str, bool]]  # (path, bytes differ from the published output), per output


def render_into(staging: Staging, todo: list[Planned], jobs: int) -> list[str]:
    """Render and stage every output of ``todo``; the paths whose bytes changed. Web pages take a
    millisecond or two each, so a rebuild of a few pages renders them here; a build with many
    pages to render forks ``jobs`` workers that inherit everything loaded so far (the edition,
    the compiled templates) and write their share straight into the staging folder; each sends
    back only which outputs it staged."""
    if jobs <= 1 or len(todo) < PARALLEL_FROM or not can_fork():
        with uncollected():
            staged = _render_share(staging, todo, range(len(todo)))
    else:
        staged = _render_forked(staging, todo, jobs)
    return [rel for rel, changed in staged if changed]


SHARE = 1000  # outputs a page worker renders before it exits and a new one takes the next share


def _render_forked(staging: Staging, todo: list[Planned], jobs: int) -> Staged:
    """Shares of at most ``SHARE`` outputs, ``jobs`` workers at a time, each a fresh fork. A worker
    unpickles the text of the documents its pages show (memo.py) and keeps it, with the garbage
    the collector would find, until it exits: a worker per share keeps that bounded by the share,
    not the archive (10,000 x 3: two workers for all pages grew to 900 MiB each).
    Shares are cut from a shuffled order of documents (the same every build), each document's
    pages together (its text is read once), so that they take about as long: outputs come in
    runs and patterns (a locale's pages, then the front pages; an article, a statement, an
    article), and dealt in turn, one worker got every article, 35 % more work."""
    groups: dict[str, list[int]] = {}
    for index, planned in enumerate(todo):  # a document's pages, "LOCALE/SLUG/index.html", by SLUG
        parts = planned.rel.split("/")
        groups.setdefault(parts[1] if len(parts) == 3 else planned.rel, []).append(index)
    documents = list(groups.values())
    random.Random(len(todo)).shuffle(documents)
    order = [index for group in documents for index in group]
    size = min(SHARE, -(-len(order) // jobs))
    shares = [order[i:i + size] for i in range(0, len(order), size)]
    freeze()
    running = [start(partial(_work, staging, todo, share)) for share in shares[:jobs]]
    results = []
    for share in shares[jobs:]:  # the oldest worker is waited for, then the next share started
        results.append(_result(*running.pop(0)()))
        if results[-1][0] != "staged":
            break
        running.append(start(partial(_work, staging, todo, share)))
    results += [_result(*wait()) for wait in running]  # every worker is waited for, whatever the others did
    problems = [p for kind, value in results if kind in ("problems", "stopped") for p in value]
    if problems:  # a template error stops every share at the same place: say it once
        raise NewsdeskError(list(dict.fromkeys(problems)))
    for kind, value in results:
        if kind == "error":
            raise value
    return [item for _, value in results for item in value]


def _work(staging: Staging, todo: list[Planned], share: list[int]) -> bytes:
    """A worker's share, rendered and staged: its outcome, pickled."""
    gc.disable()  # see the module's docstring: the garbage goes when the worker exits
    try:
        outcome: tuple[str, object] = ("staged", _render_share(staging, todo, share))
    except NewsdeskError as error:
        outcome = ("problems", error.problems)
    except Exception as error:  # noqa: BLE001 - a bug: the build raises it
        outcome = ("error", error)
    return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)


def _result(data: bytes, status: int) -> tuple[str, Any]:
    """A worker's outcome, from what it sent and how it exited."""
    if status != 0 or not data:
        return "stopped", [problem("build", None, f"a render worker stopped ({_how(status)}); nothing was published")]
    outcome: tuple[str, Any] = pickle.loads(data)
    return outcome


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _render_share(staging: Staging, todo: list[Planned], share: Iterable[int]) -> Staged:
    return [(todo[i].rel, staging.write(todo[i].rel, todo[i].render())) for i in share]


# Briefs: a process pool, each worker keeping one WeasyPrint font configuration ------------------

@dataclass(frozen=True)
class BriefTask:
    """A pure function of its inputs: the localized document and site catalog in (the manifest's
    key names them), PDF bytes out. Nothing in a task reads the project's files except the
    templates and assets that the key already covers."""

    rel: str  # output path
    doc: LocalizedDocument
    site_catalog: Catalog
    related: tuple[Related, ...] = ()  # the related documents the brief links (their titles)


_renderer: BriefRenderer | None = None  # the worker's: one per process, built by _start_brief_worker
BRIEFS_PER_WORKER = 100  # then a fresh worker (loading the fonts again costs about a second)


def _start_brief_worker(settings: Settings, parent: int | None = None) -> None:
    global _renderer
    if parent is not None:
        die_with_parent(parent)
        use_private_tempdir()
        gc.enable()
    from newsdesk.render.briefs import BriefRenderer  # WeasyPrint is slow to import: only brief workers pay
    from newsdesk.render.templating import Templates

    _renderer = BriefRenderer(settings, Templates(settings.templates_dir, settings.root))


def _render_brief(task: BriefTask) -> tuple[str, bytes | list[Problem]]:
    assert _renderer is not None
    try:
        return task.rel, _renderer.render(task.doc, task.site_catalog, task.related)
    except NewsdeskError as error:
        return task.rel, error.problems


def render_briefs(
    settings: Settings, tasks: list[BriefTask], jobs: int, progress: Callable[[int, int], None] | None = None
) -> Iterator[tuple[str, bytes | list[Problem]]]:
    """(output path, PDF bytes or problems) per task, in task order."""
    if not tasks:
        return
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        with collected():
            _start_brief_worker(settings)
        for done, task in enumerate(tasks, 1):
            with collected():
                result = _render_brief(task)
            if progress:
                progress(done, len(tasks))
            yield result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only builds with briefs to render pay for it

    from newsdesk.render import briefs  # noqa: F401 - WeasyPrint imported once, before the fork: the workers share it

    # Fork shares the parent's memory until written; frozen, the collector never writes to it.
    # Each worker loads the fonts once, and is replaced after BRIEFS_PER_WORKER briefs: WeasyPrint
    # keeps some memory from every document it renders (a worker grew ~0.06 MB a brief).
    freeze()
    fork = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    done = 0
    batch = jobs * BRIEFS_PER_WORKER
    for first in range(0, len(tasks), batch):
        with ProcessPoolExecutor(jobs, mp_context=fork, initializer=_start_brief_worker,
                                 initargs=(settings, os.getpid())) as pool:
            # One brief per message: a brief takes about a second, its message well under a
            # millisecond, and every worker stays busy to the end (and the progress bar moves).
            for result in pool.map(_render_brief, tasks[first : first + batch]):
                done += 1
                if progress:
                    progress(done, len(tasks))
                yield result
