"""What keeps the live preview to its one user: the Host it answers to, and how many
connections it keeps, for how long.

A web page on any site can make the reader's browser ask ``http://127.0.0.1:8000/`` for the
dashboard and the drafts by pointing a name of its own at 127.0.0.1 (DNS rebinding); the
browser then sends that name as Host. The preview answers only to the address it listens on,
to ``localhost``, to IP addresses and to this machine's own names. Idle connections are
closed after :data:`IDLE_SECONDS` and hold no thread; beyond :data:`MAX_WAITING` the oldest is
closed: a thousand idle sockets used to take a thread and a descriptor each, for ever (and
then the accept loop spun at full CPU, failing with EMFILE).
"""

from __future__ import annotations

import ipaddress
import queue
import selectors
import socket
import threading
import time
from functools import cache
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

IDLE_SECONDS = 10.0  # a request line and headers must arrive within this; pages ask at once
MAX_WAITING = 256  # connections that have not sent their request yet


def allowed_host(header: str | None, listening: str, port: int) -> bool:
    """Whether a request's Host header names this preview (HTTP/1.1 requires one)."""
    if not header:
        return False
    try:
        parts = urlsplit("//" + header.strip())
        given_port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").rstrip(".")
    if not host or given_port not in (None, port) or parts.username is not None or parts.path:
        return False
    if host in ("localhost", listening.lower()) or host in _own_names():
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@cache
def _own_names() -> frozenset[str]:
    names = {socket.gethostname().lower()}
    try:
        names.add(socket.getfqdn().lower())
    except OSError:
        pass
    return frozenset(names)


class PreviewServer(ThreadingHTTPServer):
    """A thread per request, started only once the request's bytes arrive.

    A new connection waits in one selector (a descriptor, no thread) until it is readable; at
    most :data:`MAX_WAITING` wait, the oldest closed first, and none longer than
    :data:`IDLE_SECONDS`. So idle sockets cost neither threads nor, beyond that bound,
    descriptors, and a page asked for meanwhile is answered at once."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.closing = threading.Event()  # before binding: a failed bind calls server_close()
        super().__init__(*args, **kwargs)
        self.arrivals: queue.SimpleQueue[tuple[Any, Any]] = queue.SimpleQueue()
        self.wake_read, self.wake_write = socket.socketpair()
        self.wake_write.setblocking(False)
        threading.Thread(target=self._doorman, name="preview-doorman", daemon=True).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        self.arrivals.put((request, client_address))
        try:
            self.wake_write.send(b"x")
        except OSError:  # the wake-up pipe is full: the doorman is awake anyway
            pass

    def _doorman(self) -> None:
        waiting: dict[int, tuple[Any, Any, float]] = {}  # fd -> (socket, address, since)
        with selectors.DefaultSelector() as selector:
            selector.register(self.wake_read, selectors.EVENT_READ)
            while not self.closing.is_set():
                for key, _ in selector.select(timeout=1.0):
                    if key.fileobj is self.wake_read:
                        self.wake_read.recv(4096)
                        continue
                    request, address, _ = waiting.pop(key.fd)
                    selector.unregister(request)
                    super().process_request(request, address)  # its own thread, as ThreadingHTTPServer does
                while True:
                    try:
                        request, address = self.arrivals.get_nowait()
                    except queue.Empty:
                        break
                    if len(waiting) >= MAX_WAITING:
                        oldest = min(waiting, key=lambda fd: waiting[fd][2])
                        selector.unregister(waiting[oldest][0])
                        self.shutdown_request(waiting.pop(oldest)[0])
                    waiting[request.fileno()] = (request, address, time.monotonic())
                    selector.register(request, selectors.EVENT_READ)
                expired = [fd for fd, (_, _, since) in waiting.items() if time.monotonic() - since > IDLE_SECONDS]
                for fd in expired:
                    selector.unregister(waiting[fd][0])
                    self.shutdown_request(waiting.pop(fd)[0])

    def server_close(self) -> None:
        self.closing.set()
        super().server_close()
