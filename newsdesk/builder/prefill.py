"""A build that must parse the whole archive (the first, a ``--clean`` one, a new engine's) parses
it in worker processes, shard by shard, into the memo; the build itself then reads the memo as an
unchanged rebuild does.

Each worker takes the memo shards ``k, k + jobs, k + 2 * jobs ...`` and, one shard at a time,
parses its documents and their catalogs and computes what the build asks of them (coverage, the
front pages' entries), writes the shard and forgets it. So the parsing uses every core, no
process holds more than a shard of parsed text, and the build's own process holds the archive as
a rebuild does: each text left in the shard file and read when a page shows it (memo.py). At
10,000 documents x 3, a first build's largest process went from 669 to 227 MiB.

Nothing here decides what is published or reports a problem: a document or catalog with
problems is not kept (memo.py keeps only successful parses), so the build parses it again and
reports it as usual; a worker that fails costs time, never correctness.
"""

from __future__ import annotations

import marshal
from functools import partial

from newsdesk.builder import workers
from newsdesk.builder.memo import SHARDS, Memo, shard_of
from newsdesk.builder.options import BuildOptions
from newsdesk.builder.plan import InputKeys, listing_key
from newsdesk.catalogs.catalog import read_document_catalog
from newsdesk.catalogs.glossary import Glossary, load_glossary
from newsdesk.config import Settings
from newsdesk.content.load import assets_key, document_at
from newsdesk.errors import NewsdeskError, Problems
from newsdesk.localize.edition import known_coverage, publishes
from newsdesk.localize.localized import localize

PREFILL_FROM = 200  # documents: below, one process parses them sooner than workers start


def prefill(settings: Settings, options: BuildOptions, memo: Memo) -> frozenset[int]:
    """Parse every document in ``options.jobs`` workers into the memo's shards; the shards written.
    The build calls it when there is a lot to parse (no previous build of this engine, or
    ``--clean``); it does nothing for a small archive."""
    prefix = settings.content_dir.relative_to(settings.root).as_posix() + "/"
    documents = [rel for rel in memo.shas if rel.startswith(prefix) and rel.endswith(".md")]
    if options.jobs <= 1 or len(documents) < PREFILL_FROM or not workers.can_fork() or memo.folder is None:
        return frozenset()
    waits = [workers.start(partial(_parse_shards, settings, options, memo, documents, k))
             for k in range(options.jobs)]
    written: set[int] = set()
    for wait in waits:
        data, status = wait()
        if status == 0 and data:
            written.update(marshal.loads(data))
    return frozenset(written)


def _parse_shards(settings: Settings, options: BuildOptions, memo: Memo, documents: list[str], k: int) -> bytes:
    """A worker (its own copy of the build's memo, still empty): its shards parsed and written,
    one at a time; which it wrote."""
    keys = InputKeys(settings, memo.shas, options, memo)
    assets = assets_key(settings.root, settings.content_dir, memo)
    try:
        terms = load_glossary(settings.locales_dir, settings.root)
    except NewsdeskError:
        terms = None  # the build reports it
    by_shard: dict[int, list[str]] = {}
    for rel in documents:
        by_shard.setdefault(shard_of(rel), []).append(rel)
    written = []
    for shard in range(k, SHARDS, options.jobs):
        with workers.uncollected():
            for rel in by_shard.get(shard, ()):
                _parse(settings, rel, assets, terms, memo, keys)
        if memo.save_shard(shard):
            written.append(shard)
        memo.forget(shard)
    return marshal.dumps(written)


def _parse(settings: Settings, rel: str, assets: str, terms: Glossary | None, memo: Memo, keys: InputKeys) -> None:
    """One document: what the build's content, catalogs and localize stages, and its front
    pages' keys, ask the memo for."""
    problems = Problems()  # the build parses a file with problems again and reports them
    document = document_at(settings.root, settings.content_dir, rel, settings.locales, assets, memo, problems)
    if document is None:
        return
    for locale in settings.locales:
        catalog = (None if locale == document.source_locale
                   else read_document_catalog(settings, document, locale, terms, problems, memo))
        known = known_coverage(document, locale, catalog, memo)
        if publishes(document, known):
            doc = localize(document, locale, catalog, known)
            keys.shown(doc, "listing", partial(listing_key, doc))

