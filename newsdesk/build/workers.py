"""Render planned outputs into the staging folder: in this process, or split across forked workers.

Web pages take a millisecond or two each, so a rebuild of a few pages renders them here. A build
with many pages to render forks ``jobs`` workers (forked.start) that inherit everything loaded so
far (the edition, the compiled templates) and write their share of the outputs straight into the
staging folder; each sends back only which outputs it staged.
"""

from __future__ import annotations

import gc
import os
import pickle
import random
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from newsdesk.build import forked
from newsdesk.build.collector import uncollected
from newsdesk.errors import NewsdeskError, problem
from newsdesk.build.plan import Planned
from newsdesk.build.output import Staging

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
    # Workers leave the inherited objects alone: no collection walks (and copies) them. The
    # build gives them back to the collector when it ends (pipeline._long_lived).
    gc.freeze()
    workers = [forked.start(partial(_work, staging, todo, order[index::jobs], parent)) for index in range(jobs)]
    results = [_result(*wait()) for wait in workers]  # every worker is waited for, whatever the others did
    problems = [p for kind, value in results if kind in ("problems", "stopped") for p in value]
    if problems:  # a template error stops every share at the same place: say it once
        raise NewsdeskError(list(dict.fromkeys(problems)))
    for kind, value in results:
        if kind == "error":
            raise value
    return [item for _, value in results for item in value]


def _work(staging: Staging, todo: list[Planned], share: list[int], parent: int) -> bytes:
    """A worker's share, rendered and staged: its outcome, pickled. A worker whose build was
    killed stops at its next output: it must not keep the lock."""
    gc.disable()  # see render_into: the garbage goes when the worker exits
    try:
        outcome: tuple[str, object] = ("staged", _render_share(staging, todo, _while_alive(share, parent)))
    except NewsdeskError as error:
        outcome = ("problems", error.problems)
    except Exception as error:  # noqa: BLE001 - a bug: the build raises it
        outcome = ("error", error)
    return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)


def _while_alive(share: list[int], parent: int) -> Iterator[int]:
    for i in share:
        if os.getppid() != parent:
            os._exit(1)
        yield i


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
