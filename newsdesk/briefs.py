"""Render briefs in worker processes, each keeping one WeasyPrint font configuration for its life.

A task is a pure function of its inputs: the localized document and site catalog in (the
manifest's key names them), PDF bytes out. Nothing in a task reads the project's files except
the templates and assets that the key already covers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .catalogs import Catalog
from .config import Settings
from .errors import NewsdeskError, Problem
from .model import LocalizedDocument
from .related import Related
from .worker import die_with_parent


@dataclass(frozen=True)
class BriefTask:
    rel: str  # output path
    doc: LocalizedDocument
    site_catalog: Catalog
    related: tuple[Related, ...] = ()  # the related documents the brief links (their titles)


_renderer = None  # the worker's BriefRenderer: one per process, built by _start_worker
BRIEFS_PER_WORKER = 100  # then a fresh worker (loading the fonts again costs about a second)


def _start_worker(settings: Settings, parent: int | None = None) -> None:
    global _renderer
    if parent is not None:
        die_with_parent(parent)
    from .pdf import BriefRenderer  # WeasyPrint is slow to import: only brief workers pay
    from .templating import Templates

    _renderer = BriefRenderer(settings, Templates(settings.templates_dir, settings.root))


def _render(task: BriefTask) -> tuple[str, bytes | list[Problem]]:
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
        _start_worker(settings)
        results = map(_render, tasks)
        for done, result in enumerate(results, 1):
            if progress:
                progress(done, len(tasks))
            yield result
        return
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only builds with briefs to render pay for it

    from . import pdf  # noqa: F401 - WeasyPrint imported once, before the fork: the workers share it

    # Fork shares the parent's memory until written; frozen, the collector never writes to it.
    # Each worker loads the fonts once, and is replaced after BRIEFS_PER_WORKER briefs: WeasyPrint
    # keeps some memory from every document it renders (a worker grew ~0.06 MB a brief).
    gc.freeze()
    try:
        fork = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        done = 0
        batch = jobs * BRIEFS_PER_WORKER
        for start in range(0, len(tasks), batch):
            with ProcessPoolExecutor(jobs, mp_context=fork, initializer=_start_worker,
                                     initargs=(settings, os.getpid())) as pool:
                # One brief per message: a brief takes about a second, its message well under a
                # millisecond, and every worker stays busy to the end (and the progress bar moves).
                for result in pool.map(_render, tasks[start : start + batch]):
                    done += 1
                    if progress:
                        progress(done, len(tasks))
                    yield result
    finally:
        gc.unfreeze()
