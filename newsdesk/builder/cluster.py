"""Render briefs on a Dask cluster: the same PDFs as local workers, from machines that share no
disk with the build.

The build renders each brief's HTML (templates, typesetting, the glyph check) and decides, by the
sandbox's rules, which files it may read (``sandbox.ProjectFetcher``). A task carries the HTML and
a table of those files by content hash; a worker prints the PDF with the local workers' WeasyPrint
call (``pdf.print_pdf``) and a fetcher that serves only the table, and sends back the bytes, which
the build stages as they come (a bounded number of tasks in flight: 100,000 PDFs never sit in
its memory). The template's assets (the stylesheet, 23 MB of fonts) reach each worker once, as a
worker plugin that the scheduler also gives to workers that join later; a figure travels with the
briefs that print it.

This module is the only one that imports Dask, and only a build with a scheduler imports it.
"""

from __future__ import annotations

import hashlib
import html
import logging
import posixpath
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from newsdesk.builder import workers
from newsdesk.builder.workers import BriefTask
from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError, Problem, problem
from newsdesk.render.sandbox import CONTENT_TYPES, ProjectFetcher

try:
    from distributed import Client
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - the package without its [cluster] extra
    raise NewsdeskError(problem("scheduler", None, "rendering on a Dask cluster needs Dask: "
                                "pip install 'newsdesk[cluster]'")) from None

# Workers are replaced after this long (with a stagger, so that not all at once): WeasyPrint keeps
# some memory from every document (~0.06 MB a brief), ~70 MB in 20 minutes of briefs. The local
# workers count briefs instead (briefs.BRIEFS_PER_WORKER); Dask recycles by time (worker lifetime).
LOCAL_LIFETIME = {"lifetime": "20 minutes", "lifetime_stagger": "2 minutes", "lifetime_restart": True}
# Dask samples every worker thread's stack every 10 ms for its profile: WeasyPrint's stacks are
# deep, and a brief took 9-10 % more CPU with it (937 against 853 ms, the same ten briefs on one
# worker). Remote workers: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False (README).
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
WAIT_FOR_WORKERS = 60  # seconds a remote cluster may take to have a worker
HTML_REFS = re.compile(r"""\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
CSS_REFS = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
                      re.IGNORECASE)


@dataclass(frozen=True)
class PrintJob:
    """One brief for a worker: everything it reads is in here or named by hash."""

    rel: str  # output path (for the dashboard and errors)
    markup: str
    base_url: str  # the build's own file:// URL of templates/brief/: resources resolve as they do locally
    file_id: bytes
    assets: dict[str, str]  # asset (the path its file:// URL names) -> content hash
    carried: dict[str, bytes] = field(default_factory=dict)  # content hash -> bytes, not shipped to every worker
    engine: str = ""


@dataclass(frozen=True)
class Printed:
    """What a worker made of a job: the PDF, or what stopped it."""

    pdf: bytes = b""
    refused: list[str] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # content hashes this worker does not have
    engine: str = ""  # the worker's engine, when it is not the build's


def on_cluster(address: str, settings: Settings, tasks: list[BriefTask], jobs: int,
               progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[str, bytes | list[Problem]]]:
    """(output path, PDF bytes or problems) per task, as ``briefs.render_briefs`` gives them:
    PDFs as they come, then the problems in task order. ``jobs`` is unused: the cluster's
    workers are the jobs."""
    # Dask's own log is for its operators (the scheduler's and workers' logs): the build says
    # in one line what went wrong, and a lost scheduler is not also a traceback from the client.
    # A figure carried in a job may be a few megabytes: that is not the "large graph" Dask warns of.
    # (Dask's logging config gives some of its loggers levels of their own: each is quietened.)
    quiet = [logging.getLogger(name) for name in ("distributed", *logging.root.manager.loggerDict)
             if name.startswith("distributed.") or name == "distributed"]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings(), connect(address) as client:
            warnings.filterwarnings("ignore", message=".*(large graph|Large object)", category=UserWarning)
            yield from _print(client, address, settings, tasks, progress)
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a LocalCluster of N processes (``local:N``)
    started here and stopped at the end; the dashboard's address goes to stderr."""
    import dask

    if address.startswith("local:"):
        from distributed import LocalCluster

        workers = int(address.split(":", 1)[1])
        # One thread a worker: WeasyPrint holds the GIL, a second thread would only wait for it.
        with dask.config.set(WORKER_CONFIG), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                             silence_logs=logging.CRITICAL, **LOCAL_LIFETIME) as cluster, \
                Client(cluster, set_as_default=False) as client:
            print(f"newsdesk: briefs on a Dask LocalCluster of {workers} worker(s); dashboard: "
                  f"{cluster.dashboard_link or 'none (install bokeh)'}", file=sys.stderr)
            yield client
        return
    timeout = dask.config.get("distributed.comm.timeouts.connect")
    try:
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise NewsdeskError(problem("scheduler", None, f"no Dask scheduler answers at {address} (waited {timeout}: "
                                    f"{type(error).__name__}); nothing was published")) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except (OSError, TimeoutError):
            raise NewsdeskError(problem("scheduler", None, f"the Dask scheduler at {address} has no workers "
                                        f"(waited {WAIT_FOR_WORKERS} s): start some with `dask worker {address}`")) from None
        print(f"newsdesk: briefs on the Dask cluster at {address}; dashboard: {client.dashboard_link}", file=sys.stderr)
        yield client


def _print(client: Client, address: str, settings: Settings, tasks: list[BriefTask],
           progress: Callable[[int, int], None] | None) -> Iterator[tuple[str, bytes | list[Problem]]]:
    from distributed import KilledWorker, as_completed

    from newsdesk.render.briefs import BriefRenderer, identifier, print_problems
    from newsdesk.render.templating import Templates

    renderer = BriefRenderer(settings, Templates(settings.templates_dir, settings.root))
    assets = Assets(settings, client)
    engine = engine_version()
    failed: dict[int, list[Problem]] = {}  # task index -> problems, said at the end in task order
    in_flight: dict[object, tuple[int, PrintJob]] = {}  # future -> the task's index and its job (to send again)
    pending = as_completed(loop=client.loop)
    todo = iter(enumerate(tasks))
    done = 0
    window = [2]

    def count() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(tasks))

    def by_value(job: PrintJob) -> Printed:
        """The task, sent by value (a closure: cloudpickle) where ``print_brief`` would go by
        reference. Measured on one LocalCluster worker, the same 12 briefs, one after the other:
        by reference a brief cost the worker 955-1,050 ms of CPU and the build 73 ms, by value
        566-750 and 26 (local workers: 670-760). The difference lies in Dask's serialization
        path (distributed.protocol.pickle takes another branch for cloudpickled payloads); we
        did not pin it down further. By value, workers need the build's Python version."""
        return print_brief(job)

    def submit(index: int, job: PrintJob) -> None:
        # A task that raises (not a content error: those come back as values) is tried once more;
        # a worker that dies under a task is not the task's fault: the scheduler gives it to another
        # worker, up to distributed.scheduler.allowed-failures (3) deaths, then KilledWorker.
        future = client.submit(by_value, job, retries=1, key=job_key(job))
        in_flight[future] = (index, job)
        pending.add(future)

    def fill() -> None:
        """Jobs for the workers, two per worker thread ahead: enough to keep every worker busy,
        few enough that the HTML and the PDFs in flight stay a few megabytes."""
        if done % 32 == 0:  # workers come and go: ask the scheduler now and then
            window[0] = 2 * max(1, sum(client.nthreads().values()))
        while len(in_flight) < window[0]:
            item = next(todo, None)
            if item is None:
                return
            index, task = item
            doc = task.doc
            where = doc.document.path
            try:
                markup = renderer.html(doc, task.site_catalog)
                renderer.check_glyphs(where, doc.locale, markup)
            except NewsdeskError as error:
                failed[index] = error.problems
                count()
                continue
            job = PrintJob(task.rel, markup, renderer.base_url, identifier(doc.slug, doc.locale),
                           assets.table(markup, renderer.base_url), engine=engine)
            submit(index, assets.ship(job))

    fill()
    try:
        for future in pending:
            index, job = in_flight.pop(future)
            task = tasks[index]
            where, what = task.doc.document.path, f"the {task.doc.locale} brief"
            try:
                printed: Printed = future.result()
            except KilledWorker:
                failed[index] = [problem(where, None, f"{what} stopped every Dask worker that printed it "
                                         "(killed, or out of memory); nothing was published")]
                count()
                fill()
                continue
            except RuntimeError as error:
                if "deserializ" not in str(error):
                    raise
                raise NewsdeskError(problem("scheduler", None, f"the Dask scheduler at {address} cannot read newsdesk's "
                                            "tasks: install the same newsdesk on the scheduler and every worker")) from None
            finally:
                future.release()
            if printed.engine:
                raise NewsdeskError(problem("scheduler", None, f"a Dask worker at {address} runs {printed.engine}, "
                                            f"this build {engine}: install the same newsdesk on every worker"))
            if printed.missing:  # a worker without the plugin's assets (it should not happen): carry them
                submit(index, assets.ship(job, carry=printed.missing))
                continue
            more = assets.allowed(printed.refused)
            if more:  # the HTML scan missed a file that the sandbox allows: add it, print again
                submit(index, assets.ship(replace(job, assets={**job.assets, **more})))
                continue
            problems = print_problems(where, what, printed.refused, printed.embedded, printed.errors)
            count()
            if problems:
                failed[index] = problems
            else:
                yield task.rel, printed.pdf
            fill()
    except (OSError, TimeoutError, _cancelled()) as error:
        if client.status == "running" and not isinstance(error, _cancelled()):
            raise  # not Dask's: a file the build could not read
        # The scheduler went away (the client gave up reconnecting): nothing is published.
        raise NewsdeskError(problem("scheduler", None, f"lost the Dask scheduler at {address} "
                                    f"({type(error).__name__}); nothing was published")) from None
    for index in sorted(failed):
        yield tasks[index].rel, failed[index]


def _cancelled() -> type[BaseException]:
    from distributed import CancelledError

    return CancelledError


class Assets:
    """The files briefs refer to, as the sandbox allows them, by content hash. The template's
    (stylesheet, fonts) reach each worker once, as a worker plugin; a content file (a figure)
    travels in the jobs that need it."""

    def __init__(self, settings: Settings, client: Client) -> None:
        self.client = client
        self.sandbox = ProjectFetcher((settings.templates_dir, settings.content_dir))
        self.templates = settings.templates_dir.resolve()
        self.hashes: dict[str, str | None] = {}  # asset -> content hash (None: the sandbox refuses it)
        self.files: dict[str, Path] = {}  # content hash -> the file
        self.refs: dict[str, list[str]] = {}  # a stylesheet's URL -> the URLs it refers to
        self.shipped: set[str] = set()  # content hashes every worker has

    def table(self, markup: str, base_url: str) -> dict[str, str]:
        """Every asset the HTML refers to, and the stylesheets they refer to, that the sandbox allows."""
        found: dict[str, str] = {}
        todo = [urljoin(base_url, "brief.css")]  # applied by the renderer, not linked from the HTML
        todo += [urljoin(base_url, html.unescape(a or b)) for a, b in HTML_REFS.findall(markup)]
        todo += [urljoin(base_url, ref) for ref in _css_refs(markup)]
        seen = set()
        while todo:
            url = todo.pop()
            key = asset_key(url)
            if key is None or key in seen:
                continue
            seen.add(key)
            digest = self.hash(url, key)
            if digest is None:
                continue
            found[key] = digest
            if key.lower().endswith(".css"):
                if url not in self.refs:
                    self.refs[url] = [urljoin(url, ref) for ref in _css_refs(self.files[digest].read_text(encoding="utf-8"))]
                todo += self.refs[url]
        return found

    def hash(self, url: str, key: str) -> str | None:
        if key not in self.hashes:
            path = self.sandbox.asset(url)
            self.hashes[key] = None if path is None else _digest(path.read_bytes())
            if path is not None:
                self.files[str(self.hashes[key])] = path
        return self.hashes[key]

    def allowed(self, refused: list[str]) -> dict[str, str]:
        """Of the URLs a worker refused, those the sandbox allows (the HTML scan missed them)."""
        found = {}
        for url in refused:
            key = asset_key(url)
            digest = self.hash(url, key) if key else None
            if key and digest:
                found[key] = digest
        return found

    def ship(self, job: PrintJob, carry: tuple[str, ...] | list[str] = ()) -> PrintJob:
        """The job, once every worker has its template assets; its other files (and ``carry``) in it."""
        carried = {}
        for digest in sorted(set(job.assets.values())):
            path = self.files[digest]
            if digest in carry or not path.is_relative_to(self.templates):
                carried[digest] = path.read_bytes()
            elif digest not in self.shipped:
                try:
                    self.client.register_plugin(AssetPlugin(digest, path.read_bytes()))
                except (ImportError, AttributeError, TypeError) as error:  # a worker unpickles it: newsdesk is not there
                    raise NewsdeskError(problem("scheduler", None, f"a Dask worker cannot load newsdesk ({error}): "
                                                "install the same newsdesk on every worker")) from None
                except Exception as error:  # noqa: BLE001 - the scheduler relays a worker's error as a bare Exception
                    raise NewsdeskError(problem("scheduler", None, f"a Dask worker could not take the brief's assets "
                                                f"({error}): install the same newsdesk on every worker")) from None
                self.shipped.add(digest)
        return replace(job, carried=carried)


class AssetPlugin(WorkerPlugin):
    """One asset, kept by every worker (and given by the scheduler to every worker that joins
    later, a restarted one included). Named by its hash: a second build finds it registered."""

    idempotent = True

    def __init__(self, digest: str, data: bytes) -> None:
        self.name = f"newsdesk-asset-{digest}"
        self.digest = digest
        self.data = data

    def setup(self, worker: object) -> None:
        _SHIPPED[self.digest] = self.data

    def teardown(self, worker: object) -> None:
        _SHIPPED.pop(self.digest, None)


def _css_refs(css: str) -> list[str]:
    return [next(group for group in match if group) for match in CSS_REFS.findall(css) if any(match)]


def asset_key(url: str) -> str | None:
    """The file a file:// URL names, spelled the same by the build and by a worker (which has no
    such file): the sandbox decided on the build's side whether it may be read."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return posixpath.normpath(unquote(parts.path))


def job_key(job: PrintJob) -> str:
    """The task's name on the cluster, from what it prints with: the same job is the same task
    (a second build on the same cluster may share it), a different one never is."""
    parts = (job.rel, job.markup, job.base_url, job.engine, job.file_id.decode(),
             *sorted(f"{key}={digest}" for key, digest in job.assets.items()), *sorted(job.carried))
    return f"newsdesk-brief-{_digest(chr(0).join(parts).encode())}"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def engine_version() -> str:
    """What makes the bytes: this engine's source and WeasyPrint's version, the same on the build
    and on every worker, or a worker refuses the job."""
    import weasyprint

    from newsdesk.builder.manifest import engine_version as engine

    return f"newsdesk {engine()} with WeasyPrint {weasyprint.__version__}"


# On a worker: the assets it was given, one font configuration for its life, one brief at a time
# (WeasyPrint's error log is collected per process: two briefs at once would mix their errors).
_SHIPPED: dict[str, bytes] = {}
_font_config = None
_stylesheets: dict[str, object] = {}  # brief.css by content hash, parsed with the worker's fonts
_one_at_a_time = threading.Lock()


class ShippedFetcher(ProjectFetcher):
    """The sandbox on a worker: serves the job's table from what was shipped, refuses the rest."""

    def __init__(self, assets: dict[str, str], data: dict[str, bytes]) -> None:
        super().__init__(())
        self.assets = assets
        self.data = data

    def fetch(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        from weasyprint.urls import URLFetcherResponse

        key = asset_key(url)
        digest = self.assets.get(key) if key else None
        if digest is None or key is None:
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"refused resource {url}")
        return URLFetcherResponse(url, self.data[digest], {"Content-Type": CONTENT_TYPES[posixpath.splitext(key)[1].lower()]})


def print_brief(job: PrintJob) -> Printed:
    """The task: a job's PDF, printed as a local worker prints it."""
    global _font_config
    if job.engine != engine_version():
        return Printed(engine=engine_version())
    data = {**_SHIPPED, **job.carried}
    missing = sorted({digest for digest in job.assets.values() if digest not in data})
    if missing:
        return Printed(missing=missing)
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from newsdesk.render.briefs import print_pdf

    with _one_at_a_time:
        if _font_config is None:
            workers.use_private_tempdir()  # the fonts WeasyPrint writes go where a later worker removes them
            _font_config = FontConfiguration()
            # What the worker holds now (Dask, WeasyPrint, the shipped fonts) lives as long as it:
            # out of the collector's way, which WeasyPrint's cycles run often (6 % of a brief's CPU),
            # as in the local workers (builder/workers.py freezes before it forks them).
            workers.freeze()
        fetcher = ShippedFetcher(job.assets, data)
        digest = job.assets.get(asset_key(urljoin(job.base_url, "brief.css")) or "")
        sheet = _stylesheets.get(digest) if digest else None
        if sheet is None and digest:  # brief.css, parsed once per worker as a local renderer parses it once
            sheet = _stylesheets[digest] = CSS(
                url=urljoin(job.base_url, "brief.css"), url_fetcher=fetcher, font_config=_font_config)
        pdf, embedded, errors = print_pdf(job.markup, job.base_url, fetcher, _font_config, job.file_id,
                                          [sheet] if sheet is not None else [])  # type: ignore[list-item]
    return Printed(pdf=pdf, refused=fetcher.refused, embedded=embedded, errors=errors)
