"""Render planned outputs into the staging folder: in this process, or split across forked workers.

Web pages take a few milliseconds each, so a rebuild of a few pages renders them here. A build
with many pages to render forks ``jobs`` workers that inherit everything loaded so far (the
edition, the compiled templates) and write their share of the outputs straight into the staging
folder; they send back only which outputs they staged.
"""

from __future__ import annotations

import gc
import os

from .errors import NewsdeskError, Problem
from .keys import Planned
from .output import Staging
from .worker import die_with_parent

PARALLEL_FROM = 300  # starting workers costs tens of milliseconds; a few hundred pages repay it

_work: tuple[Staging, list[Planned]] | None = None  # what forked workers inherit


def render_into(staging: Staging, todo: list[Planned], jobs: int) -> list[str]:
    """Render and stage every output of ``todo``; the paths whose bytes changed."""
    global _work
    if jobs <= 1 or len(todo) < PARALLEL_FROM or not hasattr(os, "fork"):
        return _changed(_render_share(staging, todo, range(len(todo))))
    import multiprocessing  # imported here: a rebuild of a few pages does not need it
    from concurrent.futures import ProcessPoolExecutor

    _work = (staging, todo)
    shares = [range(i, len(todo), jobs * 4) for i in range(jobs * 4)]  # interleaved: even shares
    gc.freeze()  # workers leave the inherited objects alone: no collection walks (and copies) them
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            results = list(pool.map(_render_inherited, shares))
    finally:
        _work = None
        gc.unfreeze()
    problems = [p for result in results if isinstance(result, list) and result and isinstance(result[0], Problem)
                for p in result]
    if problems:  # a template error stops every share at the same place: say it once
        raise NewsdeskError(list(dict.fromkeys(problems)))
    changed = []
    for result in results:
        changed += _changed(result)  # type: ignore[arg-type]
    return changed


def _render_inherited(share: range) -> list[tuple[str, bool]] | list[Problem]:
    assert _work is not None
    staging, todo = _work
    try:
        return _render_share(staging, todo, share)
    except NewsdeskError as error:
        return error.problems


def _render_share(staging: Staging, todo: list[Planned], share: range) -> list[tuple[str, bool]]:
    """(path, bytes differ from the published output) for each staged output of the share."""
    return [(todo[i].rel, staging.write(todo[i].rel, todo[i].render())) for i in share]


def _changed(results: list[tuple[str, bool]]) -> list[str]:
    return [rel for rel, changed in results if changed]
