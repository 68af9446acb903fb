"""build(settings, options) -> BuildReport: the pipeline, one call per stage.

    scan -> (prefill ->) content -> catalogs -> localize -> briefs (-> packs) -> pages -> publish -> cache

Each output gets a key from the hashes of everything it is made from (plan.py); outputs whose
key did not change since the last build are reused from the previous output folder, the rest
are rendered into a staging folder beside it, which is published only when all succeeded
(output.py: a whole new folder swapped in, or the changed files committed into the old one).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Sized
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from newsdesk.builder import manifest, workers
from newsdesk.builder.authors import author_outputs
from newsdesk.builder.embargoed import clock_window, embargoed_briefs, write_embargoed
from newsdesk.builder.memo import Memo
from newsdesk.builder.options import BuildOptions, BuildReport
from newsdesk.builder.output import Staging, finish_commit, output_lock, remove_leftovers
from newsdesk.builder.plan import InputKeys, Planned, site_outputs
from newsdesk.builder.prefill import prefill
from newsdesk.builder.search import indexing, search_pages
from newsdesk.builder.topics import topic_outputs
from newsdesk.builder.withdrawn import withdrawn
from newsdesk.builder.workers import BriefTask, render_briefs, render_into
from newsdesk.catalogs.catalog import load_catalogs
from newsdesk.config import Settings
from newsdesk.content.load import load_content
from newsdesk.content.model import Document
from newsdesk.content.schedule import release
from newsdesk.content.topics import load_topics
from newsdesk.errors import CatalogError, NewsdeskError, Problems
from newsdesk.locales import profile
from newsdesk.localize.edition import BriefLink, Edition, make_edition
from newsdesk.localize.related import related, related_key
from newsdesk.render.links import brief_path, document_path
from newsdesk.render.pages import render_page
from newsdesk.render.templating import Templates

log = logging.getLogger("newsdesk.builder")


def build(settings: Settings, options: BuildOptions, inputs: dict[str, list[object]] | None = None,
          read: manifest.Manifest | None = None, leave: list[object] | None = None) -> BuildReport:
    """The pipeline: each stage one call. Nothing is published unless every stage succeeds.
    ``inputs``: the project's files as ``manifest.scan`` found them, if the caller has just scanned
    (and ``read``, the previous build's manifest it read). ``leave``: where to put what the build
    made instead of freeing it, in a process that exits next (workers.end)."""
    with output_lock(options.out), workers.long_lived():
        return _build(settings, options, inputs, read, leave)



def _build(settings: Settings, options: BuildOptions, inputs: dict[str, list[object]] | None,
           read: manifest.Manifest | None, leave: list[object] | None) -> BuildReport:
    started = time.perf_counter()
    finish_commit(options.out)  # an interrupted build's committed outputs go in place first
    remove_leftovers(options.out)
    # Again, now under the lock (another build may have finished meanwhile): read again if it did.
    before = manifest.load(options.out, read)  # what is published now (a clean build too says what it removes)
    previous = None if options.clean else before
    inputs = stage("scan", lambda: inputs if inputs is not None else manifest.scan(settings.root, previous), "inputs")
    shas = {rel: str(entry[2]) for rel, entry in inputs.items()}
    memo = Memo(settings.root / ".newsdesk-cache" / "parsed", shas, manifest.engine_version(),
                unchanged=partial(manifest.unchanged, settings.root, inputs), trusted=not options.clean)
    if options.clean or before is None or before.engine != manifest.engine_version():  # the whole archive to parse
        memo.fresh = stage("prefill", lambda: prefill(settings, options, memo), "shards")
    reusable = _reusable(previous, options) if previous else {}
    keys = InputKeys(settings, shas, options, memo, previous.shas() if reusable and previous else None)
    problems = Problems()

    documents = stage("content", lambda: load_content(settings.root, settings.content_dir, settings.locales, memo), "documents")
    catalogs = stage("catalogs", lambda: load_catalogs(settings, documents, problems, memo))
    problems.raise_if_errors(CatalogError)
    now = options.now or datetime.now(UTC)
    schedule = release(documents, now)  # documents under embargo are in no public output
    edition = stage("localize", lambda: make_edition(settings, schedule.public, catalogs, options.drafts, memo, now,
                                                           load_topics(settings.root)))
    templates = Templates(settings.templates_dir, settings.root)
    workers.freeze()  # all of the above lives until the build ends

    ledger = Ledger(reusable)
    staging = Staging(options.out, options.changes)  # briefs go there as they come: a large build never holds them all
    try:
        if options.briefs:
            stage("briefs", lambda: _briefs(settings, edition, keys, options, staging, ledger))
            if options.pack:
                stage("packs", lambda: _packs(settings, templates, edition, keys, staging, ledger))
        stage("pages", lambda: _pages(templates, edition, keys, options.jobs, staging, ledger), "changed")
        embargoed = (stage("embargoed", lambda: embargoed_briefs(settings, templates, catalogs, schedule, options))
                     if options.embargoed is not None else {})
        report, gone = _report(settings, schedule.public, problems, edition, ledger, previous)
        report.scheduled = [str(s) for s in schedule.scheduled]
        report.clock = clock_window(documents, now)
        report.withdrawn = withdrawn(edition, set(before.outputs) - set(ledger.outputs()) if before else (),
                                     (s.document.slug for s in schedule.scheduled))
        # An input saved again while this build read it: its hash is not known, so the next build
        # hashes it again and renders what it feeds (the outputs may be of either version).
        recorded = {rel: [0, 0, "-"] if rel in memo.stale else entry for rel, entry in inputs.items()}
        stage("publish", lambda: staging.publish(gone, manifest.encode(manifest.Manifest(
            engine=manifest.engine_version(),
            options=options.key(),
            inputs=recorded,
            outputs=ledger.outputs(),
            report=report.to_json(),
        ))))
    except BaseException:
        staging.discard()
        raise
    if options.embargoed is not None:
        write_embargoed(options.embargoed, embargoed)
    stage("cache", memo.save)
    report.seconds = time.perf_counter() - started
    if leave is not None:
        leave.append(locals())  # everything this build made
    return report


T = TypeVar("T")


def stage(name: str, run: Callable[[], T], counted: str = "") -> T:
    """One stage of the build, timed and logged at debug level (``build --verbose`` shows it),
    and how many ``counted`` things it gave."""
    began = time.perf_counter()
    result = run()
    count = f" ({len(result)} {counted})" if counted and isinstance(result, Sized) else ""
    log.debug("%-9s %8.1f ms%s", name, (time.perf_counter() - began) * 1000, count)
    return result


def _pages(templates: Templates, edition: Edition, keys: InputKeys, jobs: int, staging: Staging,
           ledger: Ledger) -> list[str]:
    """Every web output whose key changed, rendered and staged, and the search indexes of the
    locales whose documents changed; the rest linked from before."""
    todo = [output for output in (*pages(templates, edition, keys, ledger), *site_outputs(templates, edition, keys),
                                  *topic_outputs(templates, edition, keys), *author_outputs(templates, edition, keys),
                                  *search_pages(templates, edition, keys))
            if not ledger.reuse(output.rel, output.key)]
    # Most of the site changed (a template edit): a whole new folder costs less than moving each file in.
    staging.decide(whole=len(todo) + ledger.rendered > len(ledger.reused))
    if len(todo) >= workers.PARALLEL_FROM:
        templates.compile_web()
    for rel in ledger.reused:
        staging.link(rel)
    with indexing(edition, keys, staging, ledger):  # each locale's search index, made while the pages render
        changed = render_into(staging, todo, jobs)
    ledger.changed += changed
    ledger.rendered += len(todo)
    return changed


def _report(settings: Settings, documents: list[Document], problems: Problems, edition: Edition, ledger: Ledger,
            previous: manifest.Manifest | None) -> tuple[BuildReport, set[str]]:
    """What the build did, and the outputs of the previous build that are gone."""
    report = BuildReport(
        documents=len(documents),
        locales=len(settings.locales),
        pages=sum(1 for rel in ledger.outputs() if rel.endswith(".html")),
        briefs=sum(1 for rel in ledger.outputs() if rel.endswith(".pdf")),
        rendered=ledger.rendered,
        warnings=[str(w) for w in problems.warnings],
        held_back=[str(h) for h in edition.held_back],
    )
    gone = set(previous.outputs) - set(ledger.outputs()) if previous else set()
    report.changed = ledger.changed + sorted(gone)
    return report, gone


@dataclass
class Ledger:
    """Each output of this build: reused from the previous build, or rendered (and staged)."""

    reusable: dict[str, list[object]]  # the previous build's outputs still on disk: path -> [key, size]
    reused: dict[str, list[object]] = field(default_factory=dict)
    keyed: dict[str, list[object]] = field(default_factory=dict)  # rendered now: path -> [key, size]
    rendered: int = 0
    changed: list[str] = field(default_factory=list)  # rendered outputs whose bytes differ from before

    def reuse(self, rel: str, key: str) -> bool:
        """Whether the previous build's output at ``rel`` has this key (it is then reused);
        otherwise the output is recorded under its new key, to be rendered."""
        previous = self.reusable.get(rel)
        if previous is not None and previous[0] == key:
            self.reused[rel] = previous
            return True
        self.keyed[rel] = [key, 0]
        return False

    def carry(self, rel: str) -> bool:
        """Whether the previous build left an output at ``rel`` (it is then reused under the key
        it had: the caller knows that none of its inputs changed)."""
        previous = self.reusable.get(rel)
        if previous is not None:
            self.reused[rel] = previous
        return previous is not None

    def key(self, rel: str) -> str:
        return str((self.reused.get(rel) or self.keyed[rel])[0])

    def rendered_into(self, staging: Staging, rel: str, data: bytes) -> None:
        self.keyed[rel][1] = len(data)
        self.rendered += 1
        if staging.write(rel, data):
            self.changed.append(rel)

    def outputs(self) -> dict[str, list[object]]:
        return {**self.reused, **self.keyed}


def pages(templates: Templates, edition: Edition, keys: InputKeys, ledger: Ledger) -> Iterator[Planned]:
    """A web page per published locale version of each document (but those the ledger carries
    over from the previous build: their documents are settled)."""
    for locale, docs in edition.published.items():
        for doc in docs:
            rel = document_path(locale, doc.slug) + "index.html"
            # A page showing related documents' titles is never carried over unseen: it is
            # reused only when its key, their titles included, is the same.
            if keys.settled(doc) and not doc.document.related and ledger.carry(rel):
                continue
            yield Planned(
                rel,
                keys.page(doc, edition.page_versions(doc), edition.briefs.get((doc.slug, locale)),
                          related_key(related(edition, doc))),
                partial(render_page, templates, edition, doc),
            )


def _reusable(previous: manifest.Manifest, options: BuildOptions) -> dict[str, list[object]]:
    """Outputs of the previous build that are still on disk, by path."""
    if previous.engine != manifest.engine_version() or previous.options != options.key():
        return {}
    missing = manifest.missing_outputs(previous, options.out) if previous.missing is None else previous.missing
    return {rel: entry for rel, entry in previous.outputs.items() if rel not in missing}


def _briefs(settings: Settings, edition: Edition, keys: InputKeys, options: BuildOptions, staging: Staging,
            ledger: Ledger) -> None:
    """A brief per complete locale version (never from an incomplete translation); unchanged
    briefs are reused, the others rendered in worker processes, or on a Dask cluster (cluster.py).
    The edition learns their links."""
    tasks = []
    for doc in edition.briefable():
        rel = brief_path(doc.locale, doc.slug)
        name = rel.rsplit("/", 1)[1]
        links = related(edition, doc)
        if (keys.settled(doc) and not links and ledger.carry(rel)) or ledger.reuse(rel, keys.brief(doc, related_key(links))):
            edition.briefs[(doc.slug, doc.locale)] = BriefLink(name, _size(int(ledger.reused[rel][1]), doc.locale))  # type: ignore[call-overload]
        else:
            tasks.append(BriefTask(rel, doc, edition.catalogs.site[doc.locale], links))
    problems = Problems()
    render = render_briefs
    if options.scheduler and tasks:
        from .cluster import on_cluster  # Dask is imported only by a build that asks for a cluster

        render = partial(on_cluster, options.scheduler)
    for rel, result in render(settings, tasks, options.jobs, _progress if sys.stderr.isatty() else None):
        if isinstance(result, list):
            problems.extend(result)
            continue
        ledger.rendered_into(staging, rel, result)
        slug, locale = rel.split("/")[1], rel.split("/")[0]
        edition.briefs[(slug, locale)] = BriefLink(rel.rsplit("/", 1)[1], _size(len(result), locale))
    problems.raise_if_errors(NewsdeskError)


def _packs(settings: Settings, templates: Templates, edition: Edition, keys: InputKeys, staging: Staging,
           ledger: Ledger) -> None:
    """A briefing pack per locale, rendered again only when one of its briefs changed."""
    from newsdesk.render.briefs import BriefRenderer
    from newsdesk.render.pack import pack_path, render_pack  # WeasyPrint: only builds with packs pay here

    renderer = None
    for locale in settings.locales:
        docs = [doc for doc in edition.briefable() if doc.locale == locale]
        if not docs:
            continue
        rel = pack_path(locale)
        if ledger.reuse(rel, manifest.digest("pack", locale, *(ledger.key(brief_path(d.locale, d.slug)) for d in docs))):
            edition.packs[locale] = BriefLink(rel.rsplit("/", 1)[1], _size(int(ledger.reused[rel][1]), locale))  # type: ignore[call-overload]
            continue
        with workers.collected():  # WeasyPrint at work
            renderer = renderer or BriefRenderer(settings, templates)
            data = render_pack(renderer, edition, locale, docs)
        edition.packs[locale] = BriefLink(rel.rsplit("/", 1)[1], _size(len(data), locale))
        ledger.rendered_into(staging, rel, data)


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\rbriefs [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _size(size: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return f"{format_decimal(round(size / 1024), locale=profile(locale).babel_locale)} KB"
