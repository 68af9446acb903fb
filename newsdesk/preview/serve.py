"""Live preview: a draft build in a temporary folder, rebuilt on every change and served locally.

The preview is never written to or read from ``public/``. Pages get a small script (only as
served, never in the built files) that listens to server-sent events and reloads when its own
page changed. A failed build keeps the last good preview and shows the problems above it.
"""

from __future__ import annotations

import html
import json
import queue
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsdesk.builder.options import BuildOptions, BuildReport
from newsdesk.config import Settings, load_settings
from newsdesk.errors import NewsdeskError, Problem
from newsdesk.preview.dashboard import dashboard, segments_page
from newsdesk.preview.guard import IDLE_SECONDS, PreviewServer, allowed_host
from newsdesk.preview.pagecache import PageCache

LIVE_SCRIPT = """(function () {
  var events = new EventSource("/_newsdesk/events");
  events.addEventListener("build", function (message) {
    var build = JSON.parse(message.data);
    var here = location.pathname.replace(/^\\//, "");
    if (here === "" || here.endsWith("/")) here += "index.html";
    if (build.error || build.was_error || build.changed.indexOf(here) >= 0) location.reload();
  });
})();
"""


@dataclass
class PreviewState:
    """What the preview shows: its folder, the last build's result, and who listens."""

    settings: Settings
    out: Path
    report: BuildReport | None = None
    problems: list[Problem] = field(default_factory=list)
    listeners: list[queue.Queue[str]] = field(default_factory=list)
    pages: PageCache = field(default_factory=PageCache)  # the dashboard's, until a file changes
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Build the draft preview; announce what changed (or the problems) to every page."""
        from newsdesk.builder.pipeline import build

        was_error = bool(self.problems)
        try:
            settings = load_settings(self.settings.root)
            report = build(settings, BuildOptions(out=self.out, drafts=True, briefs=True, jobs=1, changes=True))
        except NewsdeskError as error:
            with self.lock:
                self.problems = error.problems
            for problem in error.problems:
                print(problem, file=sys.stderr)
            self.announce({"error": True, "was_error": was_error, "changed": []})
            return
        with self.lock:
            self.settings, self.report, self.problems = settings, report, []
        print(report.summary(), file=sys.stderr)
        self.announce({"error": False, "was_error": was_error, "changed": report.changed})

    def announce(self, event: dict[str, object]) -> None:
        data = json.dumps(event)
        with self.lock:
            for listener in self.listeners:
                listener.put(data)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview folder, the live-reload events and the translation dashboard."""

    state: PreviewState

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, directory=str(self.state.out), **kwargs)  # type: ignore[arg-type]

    timeout = IDLE_SECONDS  # an idle connection is closed, not kept forever

    def log_message(self, format: str, *args: object) -> None:
        pass

    def misdirected(self) -> bool:
        """A request whose Host is not this preview's (DNS rebinding): refused, see guard.py."""
        listening, port = self.connection.getsockname()[:2]  # the address this request came in on
        if allowed_host(self.headers.get("Host"), str(listening), int(port)):
            return False
        self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "This preview answers only to its own address")
        return True

    def do_HEAD(self) -> None:
        if not self.misdirected():
            super().do_HEAD()

    def do_GET(self) -> None:
        if self.misdirected():
            return
        path = unquote(urlsplit(self.path).path)
        if path == "/_newsdesk/events":
            return self.events()
        if path == "/_newsdesk/live.js":
            return self.send_text(LIVE_SCRIPT, "text/javascript")
        settings, problems, pages = self.state.settings, self.state.problems, self.state.pages
        if path.rstrip("/") == "/_newsdesk":
            shown = ("dashboard", *map(str, problems))
            return self.send_page(pages.get(settings, shown, lambda: dashboard(settings, problems)) or "")
        if path.startswith("/_newsdesk/segments/"):
            parts = path.removeprefix("/_newsdesk/segments/").strip("/").split("/")
            page = (pages.get(settings, ("segments", *parts), lambda: segments_page(settings, *parts))
                    if len(parts) == 2 else None)
            return self.send_page(page) if page else self.send_error(HTTPStatus.NOT_FOUND)
        target = self.translate_path(self.path)
        if Path(target).is_dir():
            target = str(Path(target) / "index.html")
        if target.endswith(".html") and Path(target).is_file():
            return self.send_page(Path(target).read_text(encoding="utf-8"))
        if not Path(target).exists() and self.state.report is None:
            return self.send_page(_waiting_page(self.state.problems))
        return super().do_GET()

    def send_page(self, page: str) -> None:
        """An HTML page with the problems of a failed build above it and the live script."""
        if self.state.problems:
            page = page.replace("<body>", "<body>" + _problems_banner(self.state.problems), 1)
        page = page.replace("</body>", '<script src="/_newsdesk/live.js"></script></body>', 1)
        self.send_text(page, "text/html")

    def send_text(self, text: str, content_type: str) -> None:
        data = text.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def events(self) -> None:
        """Server-sent events: one ``build`` event per rebuild, a comment every 15 s to keep alive."""
        listener: queue.Queue[str] = queue.Queue()
        with self.state.lock:
            self.state.listeners.append(listener)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                try:
                    data = listener.get(timeout=15)
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):  # gone, or stopped reading
            pass
        finally:
            with self.state.lock:
                self.state.listeners.remove(listener)


def _problems_banner(problems: list[Problem]) -> str:
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return ('<div role="alert" id="newsdesk-build-error" style="background:#7a1010;color:#fff;padding:1em;'
            'font:14px/1.5 monospace;position:relative;z-index:9999"><strong>Build failed; showing the last '
            f"good preview.</strong><ul>{items}</ul></div>")


def _waiting_page(problems: list[Problem]) -> str:
    """Before the first good build: the banner (added by send_page) says why, if it failed."""
    message = "The first build failed; fix the file and this page comes back." if problems else "Building the preview…"
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>newsdesk preview</title></head>"
            f"<body><p>{message}</p></body></html>")


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(settings: Settings, host: str, port: int) -> int:
    """Build, serve and watch until Ctrl-C."""
    from watchfiles import watch

    for number in (signal.SIGTERM, signal.SIGHUP):  # stop as Ctrl-C does: the temporary folder goes too
        signal.signal(number, _interrupt)
    out = Path(tempfile.mkdtemp(prefix="newsdesk-preview-")) / "site"
    state = PreviewState(settings, out)
    handler = type("Handler", (PreviewHandler,), {"state": state})
    try:
        server = PreviewServer((host, port), handler)
    except OSError as error:
        print(f"newsdesk: cannot listen on {host}:{port}: {error.strerror} "
              f"(is another preview running? try --port {port + 1} or --port 0)", file=sys.stderr)
        shutil.rmtree(out.parent, ignore_errors=True)
        return 1
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://{host}:{server.server_address[1]}/"
    print(f"serving the draft preview on {address} (dashboard: {address}_newsdesk/); Ctrl-C stops", flush=True)
    stop = threading.Event()
    watched = [p for p in (settings.content_dir, settings.locales_dir, settings.templates_dir) if p.exists()]
    # Watch before the first build: a file saved while it runs is then rebuilt after it, where a
    # watcher started after it would never see that save. The watcher keeps what it sees between
    # yields; its first yield (a timeout, rust_timeout ms, at the latest) says it is watching.
    changes = watch(*watched, settings.root / "site.toml", stop_event=stop, debounce=200, raise_interrupt=False,
                    rust_timeout=100, yield_on_timeout=True)
    try:
        if next(changes, None) is not None:  # None: stopped (Ctrl-C) before it was watching
            state.rebuild()
            for changed in changes:
                if changed:
                    state.rebuild()
    finally:
        stop.set()
        changes.close()
        server.shutdown()
        server.server_close()
        shutil.rmtree(out.parent, ignore_errors=True)
        print("newsdesk: preview stopped", file=sys.stderr)
    return 0
