"""Search: a search page and a static Pagefind index per locale, made from the edition's documents.

Each locale has its own index, so readers search the documents of their language only. A
document's record is the text its page shows (every segment but the source and credit lines, the
same on every page) plus words the page does not show: for Korean, the parts of compounds and the
stems Kiwi finds (한국무역협회 -> 무역협회, 협회; 발표했다 -> 발표하다), and for every locale the NFKC
form of words written with full-width or half-width letters (ＡＩ -> AI). The search page's snippets
come from the page's text alone, never from those words. Made from the edition rather than from the
built pages: the text is there without parsing HTML, a reused page need not be read back, and each
record is keyed by its document's own files.

A locale's index is cut into shards (``search_shard`` documents each, a document's shard chosen by
its slug), each a Pagefind bundle of its own (``LOCALE/search/pagefind/``, ``pagefind-2/``...) that
the search page merges in the browser (each record has its shard as a Pagefind filter: a shard
without a query word answers for a shorter start of it, so the page checks shard by shard). A
shard has one key, made of its documents' keys: a build
reuses every shard none of whose documents changed, so an edit re-indexes one shard of each
locale it touched. Pagefind and Kiwi are started only when a shard is made again; Kiwi's words for
a Korean text are kept in ``.newsdesk-cache/search-words`` by the text's own hash, so that a
``--clean`` build, which trusts no cached parse, may still trust them (the key is the text itself).

Korean records go to Pagefind decomposed (NFD, in jamo): Pagefind 1.5 folds every word to NFD
and keeps a word whose folded form differs from its written form as a "variant", which its index
chunker does not count, so that a Korean index became one chunk that every search downloaded whole
(3.3 MB at 1,000 documents). Written in jamo, Korean words are their own folded form and the index
is cut into chunks of some 45 KB like any other; the search page composes (NFC) what it shows.
"""

from __future__ import annotations

import base64
import bisect
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from newsdesk.builder.manifest import digest, engine_version
from newsdesk.builder.options import default_jobs
from newsdesk.builder.output import Staging
from newsdesk.builder.plan import InputKeys, Planned
from newsdesk.content.inline import plain
from newsdesk.errors import ConfigError, ContentError, RenderError, problem
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.pages import switcher
from newsdesk.render.templating import Templates

if TYPE_CHECKING:
    from newsdesk.builder.pipeline import Ledger  # which imports this module

SEARCH_SLUG = "search"  # LOCALE/search/: no document may have this slug
SKIPPED_FIELDS = ("credit", "source.")  # the same lines on every document: every search would find them
# Pagefind's own search interfaces: the search page has its own, in the site's design and catalogs.
UNUSED_FILES = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
# The search page loads Pagefind's script and WebAssembly from the first shard (with documents);
# the other shards' copies would never be fetched (a merged index is searched by the first one's).
FIRST_SHARD_ONLY = ("pagefind.js", "pagefind-worker.js", "wasm.")
WORDS_FILE = ".newsdesk-cache/search-words"  # Kiwi's words of each Korean version, by its text's hash


def search_path(locale: str) -> str:
    return f"{locale}/{SEARCH_SLUG}/"


def bundle(shard: int) -> str:
    """A shard's Pagefind bundle, beside the search page: pagefind/, pagefind-2/, pagefind-3/..."""
    return "pagefind/" if shard == 0 else f"pagefind-{shard + 1}/"


MOST_SHARDS = 16  # a search fetches a part of every shard: past this, shards grow instead


def shards(docs: list[LocalizedDocument], size: int) -> list[list[LocalizedDocument]]:
    """A locale's documents in shards of about ``size`` (at most MOST_SHARDS of them), each
    document in the shard its slug hashes to: a new document changes one shard, until the locale
    grows by a shard, which makes every one again. A shard may get no document (it has no bundle)."""
    count = min(-(-len(docs) // size), MOST_SHARDS) or 1
    cut: list[list[LocalizedDocument]] = [[] for _ in range(count)]
    for doc in docs:
        cut[zlib.crc32(doc.slug.encode()) % count].append(doc)
    return cut


@dataclass(frozen=True)
class Record:
    """A document as its locale's index holds it."""

    page: str  # the document's page, relative to its locale's folder: "slug/" (Pagefind does not index it)
    text: str  # what the page shows, whitespace collapsed: snippets come from here
    words: tuple[str, ...]  # more words to find it by, never shown
    title: str
    date: str  # as the locale writes it
    iso: str  # the day, for <time datetime>
    decomposed: bool = False  # Korean: sent to Pagefind in jamo (NFD; see the module's docstring)

    def content(self) -> str:
        # The search page shows the content up to its last pilcrow, which no added word has.
        return self._form(" ".join((self.text, SEPARATOR, *self.words)))

    def meta(self) -> dict[str, str]:
        # Pagefind indexes meta values too: nothing here that a reader would not search for.
        return {"title": self._form(self.title), "date": self._form(self.date), "iso": self.iso}

    def _form(self, text: str) -> str:
        return unicodedata.normalize("NFD", text) if self.decomposed else text


SEPARATOR = "¶"  # between the text and the added words: punctuation, which Pagefind does not index


def search_pages(templates: Templates, edition: Edition, keys: InputKeys) -> list[Planned]:
    """The search page of each locale, when the site has search (``search = true``).
    The templates learn it here too: every page's masthead then has a search box."""
    settings = edition.settings
    if not settings.search:
        return []
    templates.env.globals["search"] = True
    planned = []
    for locale in settings.locales:
        bundles = [bundle(i) for i, docs in enumerate(shards(edition.published[locale], settings.search_shard)) if docs]
        planned.append(Planned(search_path(locale) + "index.html",
                               keys.site("search", locale, keys.site_catalog(locale), *bundles),
                               partial(search_page, templates, edition, locale, bundles)))
    return planned


def search_page(templates: Templates, edition: Edition, locale: str, bundles: list[str]) -> str:
    settings = edition.settings
    root = "../../"
    return templates.render(
        "search.html",
        locale,
        edition.catalogs.site[locale],
        root=root,
        site_name=settings.site_name[locale],
        publisher=settings.publisher,
        switcher=switcher(locale, settings.locales, f"{SEARCH_SLUG}/", root),
        head=None,
        bundles=bundles,  # none when nothing is published: Pagefind makes no index of nothing
    )


@contextmanager
def indexing(edition: Edition, keys: InputKeys, staging: Staging, ledger: Ledger) -> Iterator[None]:
    """Each locale's index shards, made while the block (the pages rendering) runs: a shard is
    reused when none of its documents changed, otherwise made again (a locale's shards in one
    Pagefind process, the locales side by side) and staged file by file."""
    settings = edition.settings
    stale: dict[str, dict[int, tuple[str, list[LocalizedDocument]]]] = {}  # locale -> shard -> key, documents
    first: dict[str, int] = {}  # the shard whose bundle has Pagefind's script: the first one with documents
    if settings.search:
        _check_slugs(edition)
        for locale in settings.locales:
            cut = shards(edition.published[locale], settings.search_shard)
            first[locale] = next((shard for shard, docs in enumerate(cut) if docs), 0)
            for shard, docs in enumerate(cut):
                key = digest("search", tools_key(), locale, str(len(cut)), str(shard), str(shard == first[locale]),
                             *(f"{d.slug}:{keys.version(d)}" for d in docs))
                if docs and not _reused(search_path(locale) + bundle(shard), key, staging, ledger):
                    stale.setdefault(locale, {})[shard] = (key, docs)
    if not stale:
        yield
        return
    _require_tools()
    with ExitStack() as stack:
        # A Pagefind process per locale: one process does its indexes one after the other, and
        # took twice as long as three side by side (300 documents x 3: 8.3 s against 3.5 s);
        # a locale's shards share one process, which loads the Japanese dictionary once (1 s).
        indexers = {locale: stack.enter_context(Indexer()) for locale in stale}
        with KoreanWords(settings.root / WORDS_FILE, edition.published.get("ko", [])) as korean:
            started = {locale: indexers[locale].start({(locale, shard): records(docs, korean)
                                                        for shard, (_, docs) in stale[locale].items()})
                       for locale in sorted(stale, key=lambda locale: locale == "ko")}  # Kiwi's, last
        yield
        files = {name: bundle_files for locale, indexer in indexers.items()
                 for name, bundle_files in indexer.finish(started[locale]).items()}
    for (locale, shard), bundle_files in files.items():
        kept = {name: data for name, data in bundle_files.items()
                if shard == first[locale] or not name.startswith(FIRST_SHARD_ONLY)}
        key = f"{stale[locale][shard][0]}:{len(kept)}"
        for name, data in kept.items():
            rel = search_path(locale) + bundle(shard) + name
            if ledger.reuse(rel, key):
                staging.link(rel)
                continue
            ledger.keyed[rel][1] = len(data)
            if staging.write(rel, data):  # unchanged files (pagefind.js, most fragments) stay as they are
                ledger.changed.append(rel)
        ledger.rendered += 1  # a shard counts as one output in the build's summary


def _reused(prefix: str, key: str, staging: Staging, ledger: Ledger) -> bool:
    """Whether the previous build left this shard, whole, under this key (each of its files is
    keyed with the key and how many files it has): then it is reused."""
    previous = [rel for rel in ledger.reusable if rel.startswith(prefix)]
    whole = f"{key}:{len(previous)}"
    if not previous or any(ledger.reusable[rel][0] != whole for rel in previous):
        return False
    for rel in previous:
        ledger.reuse(rel, whole)
        staging.link(rel)
    return True


def _check_slugs(edition: Edition) -> None:
    clashes = [d for d in edition.documents if d.slug == SEARCH_SLUG]
    if clashes:
        raise ContentError([problem(d.path, None, f"slug '{SEARCH_SLUG}' is the address of the search page "
                                    f"(LOCALE/{SEARCH_SLUG}/); choose another slug") for d in clashes])


def records(docs: list[LocalizedDocument], korean: KoreanWords) -> list[Record]:
    """Records of documents of one locale. Korean versions' words: Kiwi's, kept by the text's hash
    (KoreanWords), the missing ones found in one batch over every core."""
    pages = [_page(doc) for doc in docs]
    korean_text = bool(docs) and docs[0].locale == "ko"
    words = (korean.words([(doc.document.path, " ".join((*unshown, text))) for doc, (text, unshown) in zip(docs, pages)])
             if korean_text else [[] for _ in docs])
    return [_record(doc, text, unshown, extra, decomposed=korean_text)
            for doc, (text, unshown), extra in zip(docs, pages, words)]


def _not_prefixes(words: list[str], text: str) -> list[str]:
    """The words that do not start a word of the text: Pagefind finds a word by its start already
    (일본경제동우회는 is found by 일본경제; 경제동우회 needs adding). Halves what Kiwi adds."""
    starts = sorted({w.lstrip(PUNCTUATION) for w in text.split()})
    kept = []
    for word in words:
        at = bisect.bisect_left(starts, word)
        if at == len(starts) or not starts[at].startswith(word):
            kept.append(word)
    return kept


PUNCTUATION = "\"'‘’“”「」『』()（）[]<>《》〈〉·…-—"


def _page(doc: LocalizedDocument) -> tuple[str, list[str]]:
    """The page's text, and its headline and byline (found, never shown: a result shows the
    headline already)."""
    title_field = _title_field(doc)
    shown: list[str] = []
    unshown: list[str] = []
    for segment in doc.document.segments():
        if segment.field.startswith(SKIPPED_FIELDS) or segment.field.endswith(".credit"):
            continue
        text = doc.translate(segment)
        if not text.pending:  # a draft's untranslated segment is in another language
            value = " ".join(plain(text.value).split())
            (unshown if segment.field in (title_field, "byline") else shown).append(value)
    return _joined(shown, doc.locale), unshown


def _title_field(doc: LocalizedDocument) -> str:
    return "headline" if "headline" in doc.document.fields else "title"


def _record(doc: LocalizedDocument, text: str, unshown: list[str], words: list[str], decomposed: bool = False) -> Record:
    from babel.dates import format_date

    day = doc.document.date.date()
    return Record(
        page=f"{doc.slug}/",
        text=text,
        words=tuple(dict.fromkeys([*unshown, *words, *folded(" ".join((*unshown, text)))])),
        title=plain(doc.field(_title_field(doc)).value),
        date=format_date(day, "long", locale=doc.locale),
        iso=day.isoformat(),
        decomposed=decomposed,
    )


def _joined(texts: list[str], locale: str) -> str:
    """Segments as running text: Japanese needs no space after a sentence's end."""
    out = ""
    for text in filter(None, texts):
        if out:
            out += "" if locale == "ja" and out[-1] in "。！？」』）" else " "
        out += text
    return out


def folded(text: str) -> list[str]:
    """Words whose NFKC form differs (ＡＩ, ﾃﾞｰﾀ): the search page folds queries the same way."""
    return [form for word in text.split() if (form := unicodedata.normalize("NFKC", word)) != word]


# Kiwi's tags of the parts of a noun compound: nouns, numbers, Latin letters, hanja.
COMPOUND_PARTS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH"})
LONGEST_RUN = 5  # parts joined into one word at most (한국/무역/협회/회장/단 ...)
# Kiwi gives a word it does not know the id of its tag's placeholder (ids below this; a word of
# its dictionary has a larger one): a word it does not know is no compound it could take apart.
KNOWN = 100


class KoreanWords:
    """The words Kiwi finds in Korean text that a reader may search for but the text does not
    write apart: each part of a compound and each run of its parts (일본경제동우회는 -> 일본, 경제,
    동우회, 경제동우회, ...), and verbs and adjectives in their dictionary form (열었다 -> 열다,
    발표했다 -> 발표하다). Kiwi (0.7 s and 260 MB to load) is loaded on first use and freed at the end."""

    def __init__(self, kept: Path | None = None, documents: list[LocalizedDocument] | tuple[()] = ()) -> None:
        """``kept``: the file of the words found by earlier builds, each document's by the hash of
        its text (so they are right whatever a ``--clean`` build believes of the cache), pruned at
        the end to the ``documents`` published now."""
        self._kiwi: Any = None
        self._parts: dict[str, tuple[str, ...]] = {}
        self.path = kept
        self.documents = {doc.document.path for doc in documents}
        self.kept: dict[str, tuple[str, tuple[str, ...]]] = {}  # document -> (its text's hash, words)
        self.changed = False

    def __enter__(self) -> Self:
        if self.path is not None:
            try:
                version, kept = pickle.loads(self.path.read_bytes())
                if version == self.version:
                    self.kept = kept
            except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError):
                pass  # none yet, or unreadable: every word is found again
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self._kiwi = None
        self._parts.clear()
        if self.path is None or kind is not None:
            return
        gone = self.kept.keys() - self.documents
        if self.changed or gone:
            kept = {path: value for path, value in self.kept.items() if path in self.documents}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}")
            temporary.write_bytes(pickle.dumps((self.version, kept), protocol=5))
            os.replace(temporary, self.path)  # whole or not at all

    @property
    def version(self) -> str:
        return digest(tools_key(), engine_version())  # Kiwi's and this code's

    def kiwi(self) -> Any:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            # Without the dictionary of proper nouns from Wikipedia: half the memory, and names
            # come apart into their words (the dictionary keeps 전국경제인연합회 whole).
            self._kiwi = Kiwi(num_workers=default_jobs(), load_default_dict=False, load_typo_dict=False,
                              load_multi_dict=False)
        return self._kiwi

    def words(self, texts: list[tuple[str, str]]) -> list[list[str]]:
        """The added words of each (document, text): kept ones, and the others found by Kiwi in
        one batch (a thread per core). Only words that start no word of the text are added."""
        hashes = [digest(text) for _, text in texts]
        found: list[list[str] | None] = []
        for (path, _), sha in zip(texts, hashes):
            kept = self.kept.get(path)
            found.append(list(kept[1]) if kept is not None and kept[0] == sha else None)
        missing = [i for i, words in enumerate(found) if words is None]
        if missing:
            analysed = self.kiwi().tokenize([texts[i][1] for i in missing])
            for i, tokens in zip(missing, list(analysed)):
                words = _not_prefixes(self._words(tokens), texts[i][1])
                found[i] = words
                self.kept[texts[i][0]] = (hashes[i], tuple(words))
            self.changed = True
        return [words or [] for words in found]

    def _words(self, tokens: list[Any]) -> list[str]:
        found: list[str] = []
        run: list[str] = []
        end = -1
        previous_noun = ""
        for token in tokens:
            if token.tag in COMPOUND_PARTS:
                if token.start != end:
                    _runs(run, found)
                    run = []
                run.extend(self._split(token.form, token.tag) if token.id >= KNOWN else (token.form,))
                end = token.start + token.len
                previous_noun = token.form
                continue
            _runs(run, found)
            run, end = [], -1
            if token.tag.startswith(("VV", "VA")) and token.form[-1:].isalpha():
                found.append(token.form + "다")
            elif token.tag in ("XSV", "XSA") and previous_noun:
                found.append(previous_noun + token.form + "다")
            previous_noun = ""
        _runs(run, found)
        return list(dict.fromkeys(w for w in found if len(w) >= 2))

    def _split(self, form: str, tag: str) -> tuple[str, ...]:
        """A long noun that Kiwi's dictionary keeps whole (한국무역협회), in its parts: Kiwi again,
        with that noun barred."""
        if tag not in ("NNG", "NNP") or len(form) < 4:
            return (form,)
        if form not in self._parts:
            from kiwipiepy import MorphemeSet

            kiwi = self.kiwi()
            tokens = kiwi.tokenize(form, blocklist=MorphemeSet(kiwi, [form]))
            parts = tuple(t.form for t in tokens)
            whole = len(tokens) > 1 and all(t.tag in COMPOUND_PARTS for t in tokens) and "".join(parts) == form
            self._parts[form] = parts if whole else (form,)
        return self._parts[form]


def _runs(parts: list[str], found: list[str]) -> None:
    """Every part and every run of adjacent parts of one compound."""
    for i in range(len(parts)):
        for j in range(i + 1, min(len(parts), i + LONGEST_RUN) + 1):
            found.append("".join(parts[i:j]))


TOOLS = ("pagefind", "pagefind_bin_extended", "kiwipiepy", "kiwipiepy_model")


@cache
def tools_key() -> str:
    """The installed indexer and analyzer, by their files (importlib.metadata would cost 25 ms of
    every build, a no-op rebuild included): another version makes every index again."""
    from importlib.util import find_spec

    parts = []
    for name in TOOLS:
        spec = find_spec(name)
        if spec is None or spec.origin is None:
            parts.append(f"{name}:-")
            continue
        stat = os.stat(spec.origin)
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*parts)


def _require_tools() -> None:
    missing = [name for name in TOOLS if _absent(name)]
    if missing:
        raise ConfigError(problem("site.toml", None, "search needs Pagefind and Kiwi: pip install 'pagefind[extended]' "
                                  f"kiwipiepy (missing: {', '.join(missing)}), or set search = false"))


def _absent(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is None


def make_indexes(records: dict[str, list[Record]]) -> dict[str, dict[str, bytes]]:
    """Pagefind's index of each locale's records, a process per locale side by side:
    locale -> file name in the bundle -> bytes."""
    with ExitStack() as stack:
        indexers = {locale: stack.enter_context(Indexer()) for locale in records}
        started = {locale: indexer.start({(locale, 0): records[locale]}) for locale, indexer in indexers.items()}
        return {locale: indexer.finish(started[locale])[locale, 0] for locale, indexer in indexers.items()}


IndexName = tuple[str, int]  # a locale and a shard


class Indexer:
    """Pagefind's indexing service (``pagefind --service``: base64 JSON messages, each ended by a
    comma), driven directly: the ``pagefind`` package's own client reads one answer per 100 ms,
    which is 100 s for 1,000 documents. The service reads its requests as they come, so they are
    all sent at once; its answers go to a file, so that it never waits for us to read them, and
    the index's files come in an answer: nothing of it is written to disk but where it is staged."""

    def __init__(self) -> None:
        from pagefind.service import get_executable  # PAGEFIND_BINARY_PATH, else the extended binary

        executable = get_executable()
        if executable is None:
            raise ConfigError(problem("site.toml", None, "search needs the Pagefind binary: "
                                      "pip install 'pagefind[extended]', or set search = false"))
        self.folder = Path(tempfile.mkdtemp(prefix="newsdesk-search-"))  # the service's answers and log
        with open(self.folder / "answers", "wb") as answers, open(self.folder / "log", "wb") as log:
            self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                            stdout=answers, stderr=log)
        self.answers = open(self.folder / "answers", "rb")  # noqa: SIM115 - read while the service writes; closed in __exit__
        self.unread = b""
        self.sent = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        assert self.process.stdin is not None
        if kind is not None:
            self.process.kill()
        self.process.stdin.close()  # the service ends at the end of its input
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.answers.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self, records: dict[IndexName, list[Record]]) -> dict[IndexName, int]:
        """An index per (locale, shard), and every record sent to it: the service works on them
        while the caller goes on. Each record has its shard (counted from 1) as a filter, so that
        the search page can search the shards one by one. The service's id of each index."""
        first = self.send([{"type": "NewIndex", "config": {"force_language": locale}} for locale, _ in records])
        answers = self.receive(first, len(records))
        ids = {name: int(answer["index_id"]) for name, answer in zip(records, answers)}
        self.added = (self.send([{"type": "AddRecord", "index_id": ids[name], "url": r.page, "content": r.content(),
                                  "language": name[0], "meta": r.meta(), "filters": {"shard": [str(name[1] + 1)]},
                                  "sort": None}
                                 for name, items in records.items() for r in items]),
                      sum(len(items) for items in records.values()))
        return ids

    def finish(self, ids: dict[IndexName, int]) -> dict[IndexName, dict[str, bytes]]:
        """Wait for the records; each index's files: file name -> bytes. The files come in the
        answer (GetFiles): written to a folder (WriteFiles), one was read back empty once, before
        Pagefind had finished writing it."""
        self.receive(*self.added)
        first = self.send([{"type": "GetFiles", "index_id": ids[name]} for name in ids])
        answers = self.receive(first, len(ids))
        return {name: {f["path"]: base64.b64decode(f["content"]) for f in sorted(answer["files"], key=lambda f: f["path"])
                       if not f["path"].startswith(UNUSED_FILES)}
                for name, answer in zip(ids, answers)}

    def send(self, payloads: list[dict[str, Any]]) -> int:
        """Send requests; the message id of the first."""
        assert self.process.stdin is not None
        first = self.sent + 1
        self.sent += len(payloads)
        try:
            self.process.stdin.write(b"".join(
                base64.b64encode(json.dumps({"message_id": first + i, "payload": p}).encode()) + b","
                for i, p in enumerate(payloads)))
            self.process.stdin.flush()
        except BrokenPipeError:
            self._stopped()
        return first

    def receive(self, first: int, count: int) -> list[dict[str, Any]]:
        """The answers to messages ``first`` .. ``first + count - 1``, in that order."""
        wanted = set(range(first, first + count))
        answers: dict[int, dict[str, Any]] = {}
        while wanted - answers.keys():
            chunk = self.answers.read()
            if not chunk:
                if self.process.poll() is not None:
                    self._stopped()
                time.sleep(0.002)
                continue
            *done, self.unread = (self.unread + chunk).split(b",")
            for message in done:
                answer = json.loads(base64.b64decode(message))
                payload = answer["payload"]
                if payload.get("type") == "Error":
                    raise RenderError(problem("search", None, f"Pagefind could not index: {payload.get('message')}"))
                answers[int(answer["message_id"])] = payload
        return [answers[i] for i in range(first, first + count)]

    def _stopped(self) -> None:
        log = (self.folder / "log").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RenderError(problem("search", None, f"the Pagefind indexer stopped: {log.strip() or 'no message'}"))
