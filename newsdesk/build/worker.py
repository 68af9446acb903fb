"""What every worker process does first: die with the build that forked it.

A build killed hard (SIGKILL, an out-of-memory kill) cannot stop its workers; orphaned, they
would keep rendering for nobody and keep the output's lock open, so that no build could run.
"""

from __future__ import annotations

import os
import signal
import sys

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
