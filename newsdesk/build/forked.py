"""Work done in a forked child: it inherits everything loaded so far and sends back bytes.

Plain ``os.fork`` and a pipe: a pool (multiprocessing, concurrent.futures) costs 50 ms to import
and start for nothing that a fork of inherited work needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable


def start(work: Callable[[], bytes]) -> Callable[[], tuple[bytes, int]]:
    """Fork a child that runs ``work`` and sends its bytes through a pipe, then exits (it never
    returns into the caller's code). Call the result to wait for them and the child's exit
    status; a child that failed sent nothing."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        status = 1
        try:
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
