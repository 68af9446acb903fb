"""Read ``content/`` into Documents, newest first: each file parsed (``reader``) or taken from the build's cache."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from newsdesk.cache import NO_CACHE, ParsedCache
from newsdesk.content.authors import AUTHORS_FILE, load_authors
from newsdesk.content.files import input_files
from newsdesk.content.model import Document
from newsdesk.content.topics import TOPICS_FILE, load_topics
from newsdesk.errors import ContentError, Problems


def load_content(root: Path, content_dir: Path, locales: tuple[str, ...], cache: ParsedCache = NO_CACHE) -> list[Document]:
    """Every document under ``content_dir``, sorted newest first; all problems raised together."""
    problems = Problems()
    assets = assets_key(root, content_dir, cache)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    prefix = content_dir.relative_to(root).as_posix() + "/"
    if cache.shas:  # a build has scanned every input already
        files = sorted(rel for rel in cache.shas if rel.startswith(prefix) and rel.endswith(".md"))
    else:
        files = [path.relative_to(root).as_posix() for path in input_files(root, content_dir, (".md",))]
    for rel in files:
        document = document_at(root, content_dir, rel, locales, assets, cache, problems)
        if document is None:
            continue
        if document.slug in seen:
            problems.add(rel, 1, f"duplicate slug '{document.slug}' (also in {seen[document.slug]})")
            continue
        seen[document.slug] = rel
        documents.append(document)
    declared = load_topics(root)  # each topic a document lists is declared
    for document in documents:
        for slug in document.topics:
            if slug not in declared:
                known = ", ".join(declared) or f"none: declare topics in {TOPICS_FILE}"
                problems.add(document.path, document.topics_line, f"unknown topic '{slug}' (declared: {known})")
    people = load_authors(root, locales)  # each author a document names is declared
    for n, document in enumerate(documents):
        if document.author_slugs:
            for slug in document.author_slugs:
                if slug not in people:
                    known = ", ".join(people) or f"none: declare authors in {AUTHORS_FILE}"
                    problems.add(document.path, document.authors_line, f"unknown author '{slug}' (declared: {known})")
            documents[n] = replace(document, authors=tuple(people[s] for s in document.author_slugs if s in people))
    if not problems.errors:  # a document that failed to parse is not "not found"
        check_related(documents, problems)
    problems.raise_if_errors(ContentError)
    documents.sort(key=lambda d: (-d.date.timestamp(), d.slug))
    return documents


def document_at(root: Path, content_dir: Path, rel: str, locales: tuple[str, ...], assets: str, cache: ParsedCache,
                problems: Problems) -> Document | None:
    """The document in file ``rel``, parsed or from the cache (None if it has problems, recorded)."""
    return cache.get(rel, (locales, assets), partial(_read_file, root, rel, locales, problems, content_dir))


def _read_file(root: Path, rel: str, locales: tuple[str, ...], problems: Problems, assets: Path) -> Document | None:
    from newsdesk.content.reader import (
        read_document,  # YAML takes 20 ms to import: a build that parses nothing skips it
    )

    document = read_document((root / rel).read_bytes(), rel, locales, problems, assets=assets)
    if document is not None:
        document.texts  # noqa: B018 - computed once, memoized with the document's content
    return document


def assets_key(root: Path, content_dir: Path, cache: ParsedCache) -> str:
    """What a memoized document's image checks depend on: the content folder's other files."""
    prefix = content_dir.relative_to(root).as_posix() + "/"
    return ",".join(f"{rel}={sha}" for rel, sha in sorted(cache.shas.items())
                    if rel.startswith(prefix) and not rel.endswith(".md"))
def check_related(documents: Iterable[Document], problems: Problems) -> None:
    """Every related slug names a document of the project, and not the document itself."""
    docs = list(documents)
    slugs = {d.slug for d in docs}
    for doc in docs:
        for ref in doc.related:  # metadata: no document's text is read
            if ref.slug == doc.slug:
                problems.add(doc.path, ref.line, f"related document '{ref.slug}' is this document")
            elif ref.slug not in slugs:
                problems.add(doc.path, ref.line, f"related document '{ref.slug}' not found (no document has that slug)")


