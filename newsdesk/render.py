"""Render planned outputs into the staging folder: in this process, or split across forked workers.

Web pages take a millisecond or two each, so a rebuild of a few pages renders them here. A build
with many pages to render forks ``jobs`` workers that inherit everything loaded so far (the
edition, the compiled templates) and write their share of the outputs straight into the staging
folder; each sends back through a pipe only which outputs it staged. Plain ``os.fork``: a pool
(multiprocessing, concurrent.futures) cost 50 ms to import and start for nothing a fork of
inherited work needs.
"""

from __future__ import annotations

import gc
import os
import pickle
import random
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from .collector import uncollected
from .errors import NewsdeskError, problem
from .keys import Planned
from .output import Staging

PARALLEL_FROM = 300  # forking costs milliseconds; a few hundred pages repay it

Staged = list[tuple[str, bool]]  # (path, bytes differ from the published output), per output


def render_into(staging: Staging, todo: list[Planned], jobs: int) -> list[str]:
    """Render and stage every output of ``todo``; the paths whose bytes changed."""
    if jobs <= 1 or len(todo) < PARALLEL_FROM or not hasattr(os, "fork"):
        # Without the collector a page takes 10-15 % less time (measured over 900 pages): it
        # leaves some 40 objects in cycles (jinja2's contexts), 5 MiB over those 900 pages,
        # which the collector finds when it runs again.
        with uncollected():
            staged = _render_share(staging, todo, range(len(todo)))
    else:
        staged = _render_forked(staging, todo, jobs)
    return [rel for rel, changed in staged if changed]


def _render_forked(staging: Staging, todo: list[Planned], jobs: int) -> Staged:
    """Shares dealt from a shuffled order (the same every build), so that they take about as
    long: outputs come in runs and patterns (a locale's pages, then the front pages; an article,
    a statement, an article), and dealt in turn, one worker got every article, 35 % more work."""
    order = list(range(len(todo)))
    random.Random(len(todo)).shuffle(order)
    parent = os.getpid()
    workers = []
    # Workers leave the inherited objects alone: no collection walks (and copies) them. The
    # build gives them back to the collector when it ends (pipeline._long_lived).
    gc.freeze()
    for index in range(jobs):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _work(staging, todo, order[index::jobs], write, parent)
        os.close(write)
        workers.append((pid, read))
    results = [_result(pid, read) for pid, read in workers]
    problems = [p for kind, value in results if kind in ("problems", "stopped") for p in value]
    if problems:  # a template error stops every share at the same place: say it once
        raise NewsdeskError(list(dict.fromkeys(problems)))
    for kind, value in results:
        if kind == "error":
            raise value
    return [item for _, value in results for item in value]


def _work(staging: Staging, todo: list[Planned], share: list[int], pipe: int, parent: int) -> NoReturn:
    """A worker: render the share, send the outcome, exit (never return into the build's code).
    A worker whose build was killed stops at its next output: it must not keep the lock."""
    status = 1
    try:
        gc.disable()  # see render_into: the garbage goes when the worker exits
        try:
            outcome: tuple[str, object] = ("staged", _render_share(staging, todo, _while_alive(share, parent)))
        except NewsdeskError as error:
            outcome = ("problems", error.problems)
        except Exception as error:  # noqa: BLE001 - a bug: the build raises it
            outcome = ("error", error)
        with open(pipe, "wb") as out:
            pickle.dump(outcome, out, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _while_alive(share: list[int], parent: int) -> Iterator[int]:
    for i in share:
        if os.getppid() != parent:
            os._exit(1)
        yield i


def _result(pid: int, pipe: int) -> tuple[str, Any]:
    """A worker's outcome, once it has exited (every worker is waited for, whatever the others did)."""
    with open(pipe, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
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
