"""Benchmark newsdesk builds against their floors: raw Jinja2, the plain floor of each brief, the disk.

    python benchmarks/run.py                       # N = 100 and 1,000, results in benchmarks/results.json
    python benchmarks/run.py --sizes 100 --runs 3  # quicker
    python benchmarks/run.py --project-briefs       # this repository's briefs against their plain floor
    python benchmarks/run.py --cluster              # briefs on a Dask LocalCluster against local workers
    python benchmarks/run.py --archive 10000 100000 --runs 3  # archive scale, beside Hugo

Every timing is the wall time of a real `build.py` command in a fresh interpreter (median of
--runs runs, min-max beside it). A first build starts from nothing (no output, no parse cache); a
full build (`--clean`) renders everything again but finds the sources parsed in the cache. Peak
memory is given twice: the largest resident set of any one process, and the peak of the whole
process tree (build and workers) as proportional set size, where pages that processes share count
once, sampled in a run of its own. Beside each cost, its floor on this machine: raw Jinja2 for
the same pages, the plain floor of the same briefs (benchmarks/floor.py), io_floor, the time to write the same
files and folders to the same disk, and startup_floor, the time for a fresh interpreter to import
the renderers and load Babel's data for the three locales. Not part of the test suite: it prints
figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import generate


def timed(project: Path, *args: str, interval: float | None = None) -> tuple[float, float, float]:
    """Wall seconds of one build command and the peak resident memory (MiB) of its largest process
    (from the kernel's accounting when it exits: free). With ``interval``, also the peak of the
    whole process tree (build and workers) as proportional set size, shared pages counted once,
    sampled from /proc every ``interval`` seconds: reading smaps_rollup costs CPU on the cores the
    build uses, so timings come from runs without sampling, memory from runs of their own.

    A build starts once the previous one's replaced output folder is gone: builds remove it in
    the background, and an editor's builds are seconds apart, not back to back."""
    out = Path(args[args.index("--out") + 1]) if "--out" in args else project / "public"
    _wait_for_removals(out)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project), "build", *args],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        peaks = [0.0]
        done = threading.Event()

        def sample() -> None:  # beside the wait, so that sampling never delays the timing
            while not done.wait(interval):
                peaks[0] = max(peaks[0], sum(_pss(pid) for pid in _tree(process.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        if interval is not None:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if interval is not None:
            sampler.join()
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"build failed: {errors.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, peaks[0] / 1024


def _wait_for_removals(out: Path, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(out.parent.glob(f".{out.name}.old-*")):
        time.sleep(0.02)


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return found


def _pss(pid: int) -> float:
    """Proportional set size in KiB of one process, 0 if it has gone."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        return float(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0.0


def io_floor(out: Path) -> float:
    """Seconds to write the same tree of files (folders, names, sizes) beside the output: what any
    full build on this disk pays, whatever renders the bytes."""
    _wait_for_removals(out)
    files = [(p.relative_to(out).as_posix(), p.stat().st_size) for p in out.rglob("*") if p.is_file()]
    target = Path(tempfile.mkdtemp(prefix=".io-floor-", dir=out.parent))
    started = time.perf_counter()
    for rel, size in files:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    seconds = time.perf_counter() - started
    set_aside(out.parent / ATTIC, target)
    return seconds


ATTIC = ".attic"  # in a measurement's folder: what its timed commands must not find, removed when it ends


def previous_output(out: Path) -> list[Path]:
    """A build's output folder and the files beside it that describe it (manifest, lock)."""
    return [out, *out.parent.glob(f".{out.name}.*")]


def set_aside(attic: Path, *paths: Path) -> None:
    """Move ``paths`` out of the way of the next timed command, into ``attic``, a folder of the
    measurement removed when it ends. Removing thousands of files just before a build slows the
    build's own creation of files on some file systems: ext4 without a journal (this machine's)
    does not reuse an inode freed in the last 60 seconds, and scans past every such inode for each
    file it creates; writing 30,000 files took 1.4-3 s on a quiet disk and 14-33 s right after
    30,000 had been removed, so a build timed after removing the previous one's output measured
    mostly the removal (ours and Hugo's alike)."""
    attic.mkdir(exist_ok=True)
    for path in paths:
        if path.exists() or path.is_symlink():
            path.rename(attic / f"{len(os.listdir(attic))}-{path.name}")


STARTUP = """
from datetime import date
import newsdesk.cli, newsdesk.builder.manifest, newsdesk.builder.pipeline
from newsdesk.render.pages import language_name
from newsdesk.render.templating import _date
for locale in ("ko", "ja", "en"):
    _date(date(2026, 1, 14), locale), language_name(locale)
"""


def startup_floor() -> float:
    """Seconds for a fresh interpreter to import what a build that renders imports, and to load
    Babel's data for the three locales (to format a date): what every such build pays before it
    reads anything of the project, however little changed."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", STARTUP], cwd=REPO, check=True)
    return time.perf_counter() - started


def stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def measure(runs: int, action) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return stats([action() for _ in range(runs)])


def touch_document(project: Path, number: int) -> None:
    path = next(project.glob(f"content/*/story-{number:05d}.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source_locale: en", "source_locale: en\npublish: any", 1)
                    if "publish: any" not in text else text.replace("\npublish: any", "", 1), encoding="utf-8")


def touch_catalog(project: Path, number: int, turn: int) -> None:
    path = project / "locales" / "ko" / "content" / f"story-{number:05d}.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 10)
    lines[index] = lines[index][:-1] + ("가" if turn % 2 == 0 else "") + '"' if turn % 2 == 0 else lines[index].replace('가"', '"')
    path.write_text("\n".join(lines), encoding="utf-8")


def touch_template(project: Path, turn: int) -> None:
    path = project / "templates" / "base.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<footer class=\"colophon\">", f"<footer class=\"colophon\" data-turn=\"{turn}\">", 1)
                    if turn == 0 else text.replace(f"data-turn=\"{turn - 1}\"", f"data-turn=\"{turn}\""), encoding="utf-8")


def floors(project: Path, sample: int) -> dict[str, object]:
    """Raw Jinja2 rendering of the same pages; a sample of briefs against their plain floor."""
    from newsdesk.catalogs.catalog import load_catalogs
    from newsdesk.config import load_settings
    from newsdesk.content.load import load_content
    from newsdesk.errors import Problems
    from newsdesk.localize.edition import make_edition
    from newsdesk.render.pages import page_context
    from newsdesk.render.templating import Templates

    settings = load_settings(project)
    documents = load_content(project, settings.content_dir, settings.locales)
    catalogs = load_catalogs(settings, documents, Problems())
    edition = make_edition(settings, documents, catalogs, False)
    templates = Templates(settings.templates_dir, settings.root)
    docs = [d for docs in edition.published.values() for d in docs]
    env = templates.env
    contexts = []
    for d in docs:  # everything the build passes, prepared before the clock starts
        name, context = page_context(edition, d)
        contexts.append((name, {**context, "locale": d.locale, "site_catalog": catalogs.site[d.locale]}))
    for name, _ in contexts[:3]:
        env.get_template(name)
    started = time.perf_counter()
    for name, context in contexts:
        env.get_template(name).render(**context)
    jinja_page = (time.perf_counter() - started) / len(contexts)

    if sample == 0:
        return {"jinja_page_ms": jinja_page * 1000, "pages": len(contexts)}
    sample_docs = docs[:: max(1, len(docs) // sample)][:sample]
    return {"jinja_page_ms": jinja_page * 1000, "pages": len(contexts),
            "briefs_against_floor": brief_floors(settings, templates, catalogs, sample_docs)}


def brief_floors(settings, templates, catalogs, docs, rounds: int = 1) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Our whole brief path against the plain floor of the same briefs (benchmarks/floor.py), per
    locale: the same text and fonts rendered by WeasyPrint without our layout and typesetting, one
    column, left-aligned, same PDF options. Paired and interleaved in one warm process."""
    from benchmarks.floor import measure_pairs
    from newsdesk.render.briefs import PDF_OPTIONS, BriefRenderer

    renderer = BriefRenderer(settings, templates)
    return measure_pairs(renderer, [(d, catalogs.site[d.locale]) for d in docs], PDF_OPTIONS, rounds).summary()


def project_floors(project: Path, rounds: int) -> dict[str, dict[str, float]]:
    """Every brief of a project (the repository's own content by default) against its floor."""
    from newsdesk.catalogs.catalog import load_catalogs
    from newsdesk.config import load_settings
    from newsdesk.content.load import load_content
    from newsdesk.errors import Problems
    from newsdesk.localize.edition import make_edition
    from newsdesk.render.templating import Templates

    settings = load_settings(project)
    documents = load_content(project, settings.content_dir, settings.locales)
    catalogs = load_catalogs(settings, documents, Problems())
    edition = make_edition(settings, documents, catalogs, False)
    docs = [d for docs in edition.published.values() for d in docs]
    return brief_floors(settings, Templates(settings.templates_dir, settings.root), catalogs, docs, rounds)


def show_floors(title: str, figures: dict[str, dict[str, float]]) -> None:
    print(f"  {title}")
    for locale, row in figures.items():
        print(f"    {locale}  ours {row['ours_ms']:6.1f} ms  floor {row['floor_ms']:6.1f} ms  "
              f"ours/floor {row['ratio']:5.2f}  ({row['briefs']:.0f} briefs)")


def bench(size: int, runs: int, brief_runs: int, jobs: int, briefs: bool = True, compare_jobs: bool = True,
          where: Path | None = None) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix=f"newsdesk-bench-{size}-", dir=where))
    project = generate(root / "project", size)
    out = str(root / "public")
    results: dict[str, object] = {"documents": size, "locales": 3, "folder": str(root)}
    largest: list[float] = []

    def html(*args: str) -> float:
        seconds, rss, _ = timed(project, "--out", out, "--no-briefs", *args)
        largest.append(rss)
        return seconds

    def first_html() -> float:
        """A first build: no output, no manifest, no parse cache."""
        set_aside(root / ATTIC, project / ".newsdesk-cache", *previous_output(Path(out)))
        return html()

    def full_html(*args: str) -> float:
        set_aside(root / ATTIC, *previous_output(Path(out)))
        return html("--clean", *args)

    results["first_html"] = measure(runs, first_html)
    results["full_html"] = measure(runs, full_html)
    results["full_html_jobs1"] = measure(runs, lambda: full_html("--jobs", "1"))
    pages = len(list(Path(out).rglob("*.html")))
    set_aside(root / ATTIC, *previous_output(Path(out)))
    results["peak_pss_total_mib_html"] = timed(project, "--out", out, "--no-briefs", "--clean", interval=0.05)[2]
    results["io_floor"] = measure(runs, lambda: io_floor(Path(out)))
    results["startup_floor"] = measure(runs, startup_floor)
    results["noop_html"] = measure(runs, lambda: html())
    turn = iter(range(1000))
    results["edit_document_html"] = measure(runs, lambda: (touch_document(project, 7), html())[1])
    results["edit_catalog_html"] = measure(runs, lambda: (touch_catalog(project, 7, next(turn)), html())[1])
    template_turn = iter(range(1000))
    results["edit_template_html"] = measure(runs, lambda: (touch_template(project, next(template_turn)), html())[1])
    results["pages"] = pages
    results["per_page_ms"] = results["full_html"]["median"] / pages * 1000  # type: ignore[index]
    results["peak_rss_mib_html"] = max(largest)
    if not briefs:
        results["floors"] = floors(project, sample=0)
        results["ratio_page_to_raw_jinja"] = results["per_page_ms"] / results["floors"]["jinja_page_ms"]  # type: ignore[index]
        return results

    peaks: list[tuple[float, float]] = []

    def full_briefs(jobs_now: int) -> float:
        seconds, largest, total = timed(project, "--out", out, "--clean", "--jobs", str(jobs_now), interval=0.5)
        peaks.append((largest, total))
        return seconds

    results[f"full_briefs_jobs{jobs}"] = measure(brief_runs, lambda: full_briefs(jobs))
    briefs_made = len(list(Path(out).rglob("*.pdf")))
    results["noop_briefs"] = measure(runs, lambda: timed(project, "--out", out)[0])
    results["edit_document_briefs"] = measure(runs, lambda: (touch_document(project, 7), timed(project, "--out", out)[0])[1])
    if jobs != 1 and compare_jobs:
        results["full_briefs_jobs1"] = measure(brief_runs, lambda: full_briefs(1))
    results["peak_rss_mib"] = max(p[0] for p in peaks)
    results["peak_pss_total_mib"] = max(p[1] for p in peaks)
    results["briefs"] = briefs_made
    html_seconds = results["full_html"]["median"]  # type: ignore[index]
    brief_seconds = results[f"full_briefs_jobs{jobs}"]["median"] - html_seconds  # type: ignore[index,operator]
    results["per_brief_ms_wall"] = brief_seconds / briefs_made * 1000
    if "full_briefs_jobs1" in results:
        one = results["full_briefs_jobs1"]["median"] - results["full_html_jobs1"]["median"]  # type: ignore[index,operator]
        results["per_brief_ms_one_worker"] = one / briefs_made * 1000
        results["parallel_speedup"] = one / brief_seconds
    floor = floors(project, sample=min(30, briefs_made))
    results["floors"] = floor
    results["ratio_page_to_raw_jinja"] = results["per_page_ms"] / floor["jinja_page_ms"]
    return results


def bench_archive(size: int, runs: int, where: Path | None = None, hugo_up_to: int = 20000) -> dict[str, object]:
    """An archive of ``size`` documents x 3, HTML only, beside Hugo on the same pages when it is
    installed (benchmarks/hugo.py): a first build (no output, no cache) and Hugo's build from
    nothing, in turn, the order turned each round; clean builds; no-op and one-document rebuilds;
    the largest process (the kernel's peak resident set over the build and every worker it waited
    for) and the whole tree's proportional set size in a run of its own; the cache's size; and
    the check that rebuilds leave exactly what a clean build makes. Hugo holds the whole site in
    memory (2 GiB at 10,000 x 3 here): past ``hugo_up_to`` documents it is not run, and the
    printout says so."""
    from benchmarks import hugo

    root = Path(tempfile.mkdtemp(prefix=f"newsdesk-archive-{size}-", dir=where))
    started = time.perf_counter()
    project = generate(root / "project", size)
    results: dict[str, object] = {"documents": size, "locales": 3, "folder": str(root),
                                  "generate_s": time.perf_counter() - started}
    out = root / "public"
    has_hugo = hugo.hugo_available() and size <= hugo_up_to
    if hugo.hugo_available() and not has_hugo:
        results["hugo_skipped"] = f"not run past {hugo_up_to:,} documents (--hugo-up-to): it holds the whole site in memory"
    if has_hugo:
        started = time.perf_counter()
        site = hugo.hugo_site(project, root / "hugo")
        results["generate_hugo_s"] = time.perf_counter() - started
    largest: dict[str, list[float]] = {}

    def ours(name: str, *args: str) -> float:
        seconds, rss, _ = timed(project, "--out", str(out), "--no-briefs", *args)
        largest.setdefault(name, []).append(rss)
        return seconds

    def first() -> float:
        set_aside(root / ATTIC, project / ".newsdesk-cache", *previous_output(out))
        return ours("first")

    def clean_build() -> float:
        set_aside(root / ATTIC, *previous_output(out))
        return ours("clean", "--clean")

    def hugo_first(turn: int) -> tuple[float, float]:
        return hugo.hugo_build(site, root / f"hugo-public-{turn}")

    firsts: list[float] = []
    hugos: list[tuple[float, float]] = []
    for turn in range(runs):  # paired: the machine's speed drifts, each pair shares it
        if turn % 2 == 0 or not has_hugo:
            firsts.append(first())
            if has_hugo:
                hugos.append(hugo_first(turn))
        else:
            hugos.append(hugo_first(turn))
            firsts.append(first())
    results["first_html"] = stats(firsts)
    results["full_html"] = measure(runs, clean_build)
    first()
    set_aside(root / ATTIC, *previous_output(out))
    results["peak_pss_total_mib_first"] = timed(project, "--out", str(out), "--no-briefs", "--clean", interval=0.2)[2]
    results["noop_html"] = measure(runs, lambda: ours("noop"))
    results["edit_document_html"] = measure(runs, lambda: (touch_document(project, 7), ours("edit"))[1])
    results["scan_floor"] = measure(runs, lambda: scan_floor(project))
    results["peak_rss_mib"] = {name: max(values) for name, values in largest.items()}
    results["cache_mib"] = sum(p.stat().st_size for p in (project / ".newsdesk-cache").rglob("*") if p.is_file()) / 2**20
    results["pages"] = sum(1 for _ in out.rglob("*.html"))
    if has_hugo:
        results["hugo"] = stats([s for s, _ in hugos])
        results["hugo_peak_rss_mib"] = max(m for _, m in hugos)
        results["ratio_first_to_hugo"] = statistics.median(f / h for f, (h, _) in zip(firsts, hugos))
    # Rebuilds leave what a clean build makes: the edited project built clean elsewhere, compared.
    touch_document(project, 11)
    ours("edit")
    clean = root / "clean"
    timed(project, "--out", str(clean), "--no-briefs", "--clean")
    results["rebuild_same_as_clean"] = _same_tree(out, clean)
    return results


def scan_floor(project: Path) -> float:
    """Seconds to list the project's input folders and stat every file (os.scandir): what any
    rebuild that notices edits without a watching process pays, however little changed."""
    started = time.perf_counter()
    todo = [str(project / name) for name in ("content", "locales", "templates")]
    while todo:
        for entry in os.scandir(todo.pop()):
            if entry.is_dir(follow_symlinks=False):
                todo.append(entry.path)
            else:
                entry.stat(follow_symlinks=False)
    return time.perf_counter() - started


def _same_tree(one: Path, other: Path) -> bool:
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    return files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file()) and all(
        (one / rel).read_bytes() == (other / rel).read_bytes() for rel in files)


def show_archive(results: dict[str, object]) -> None:
    print(f"\n== archive: {results['documents']:,} documents x 3 locales, {results['pages']:,} pages "
          f"(generated in {results['generate_s']:.1f} s" + (f", Hugo's site in {results['generate_hugo_s']:.1f} s)"
                                                             if "generate_hugo_s" in results else ")"))
    for key in ("first_html", "hugo", "full_html", "noop_html", "edit_document_html", "scan_floor"):
        if key in results:
            value = results[key]
            print(f"  {key:24} {value['median']:8.3f} s  (min {value['min']:.3f}, max {value['max']:.3f}, {value['runs']} runs)")  # type: ignore[index]
    if "hugo" not in results:
        print(f"  hugo                     {results.get('hugo_skipped', 'not installed: no comparison (apt install hugo)')}")
    else:
        print(f"  first build / Hugo       {results['ratio_first_to_hugo']:8.2f}  (median of paired runs)")
        print(f"  Hugo largest process     {results['hugo_peak_rss_mib']:8.0f} MiB")
    for name, mib in results["peak_rss_mib"].items():  # type: ignore[attr-defined]
        print(f"  largest process, {name:7} {mib:8.0f} MiB")
    print(f"  whole tree (PSS), first  {results['peak_pss_total_mib_first']:8.0f} MiB")
    print(f"  cache                    {results['cache_mib']:8.0f} MiB")
    print(f"  rebuilds same as clean   {results['rebuild_same_as_clean']}")


def set_search(project: Path, on: bool) -> None:
    """``search = true/false`` in the project's site.toml (above its [site_name] table)."""
    path = project / "site.toml"
    text = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("search ="))
    path.write_text(f"search = {'true' if on else 'false'}\n" + text, encoding="utf-8")


def indexing_costs(project: Path) -> dict[str, object]:
    """In one process, what search adds to a build, stage by stage: each locale's records (the
    page text, and for Korean Kiwi's words, analysed cold: nothing kept), then Pagefind's indexing
    of each locale alone, one index per locale (its Japanese dictionary loads on the first Japanese record)."""
    from newsdesk.builder import search
    from newsdesk.catalogs.catalog import load_catalogs
    from newsdesk.config import load_settings
    from newsdesk.content.load import load_content
    from newsdesk.errors import Problems
    from newsdesk.localize.edition import make_edition

    settings = load_settings(project)
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    edition = make_edition(settings, documents, load_catalogs(settings, documents, Problems()), False)
    costs: dict[str, object] = {}
    started = time.perf_counter()
    with search.KoreanWords() as korean:
        korean.kiwi().tokenize("")
        costs["kiwi_load_s"] = time.perf_counter() - started
        records = {}
        for locale in settings.locales:
            started, cpu = time.perf_counter(), time.process_time()
            records[locale] = search.records(edition.published[locale], korean)
            costs[f"records_{locale}_s"] = time.perf_counter() - started
            costs[f"records_{locale}_cpu_s"] = time.process_time() - cpu  # Kiwi's threads included
    for locale in settings.locales:
        started, cpu = time.perf_counter(), _children_cpu()
        search.make_indexes({locale: records[locale]})
        costs[f"pagefind_{locale}_s"] = time.perf_counter() - started
        costs[f"pagefind_{locale}_cpu_s"] = _children_cpu() - cpu  # the indexer's own CPU time: what a busy machine does not inflate
    costs["text_chars"] = {locale: sum(len(r.text) for r in items) for locale, items in records.items()}
    return costs


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_search(size: int, runs: int, where: Path | None = None) -> dict[str, object]:
    """Search's cost at ``size`` documents x 3, against Hugo's build without search in the same run
    (benchmarks/hugo.py, when Hugo is installed): full HTML builds (``--clean``) with search,
    without it, and Hugo's, interleaved (each triple in a turning order), wall time and ours' CPU
    time; a first build (Kiwi analyses every Korean version); edits of one document and no-op
    rebuilds with search; each locale's index and what a search fetches."""
    root = Path(tempfile.mkdtemp(prefix=f"newsdesk-search-{size}-", dir=where))
    project = generate(root / "project", size)
    out = root / "public"
    results: dict[str, object] = {"documents": size, "locales": 3, "folder": str(root)}

    def html(*args: str) -> tuple[float, float]:
        _wait_for_removals(out)
        return _cpu_timed(project, "--out", str(out), "--no-briefs", *args)

    set_search(project, True)
    results["first_html_search"] = stats([html()[0]])  # no output, no cache: Kiwi on every Korean version
    from benchmarks import hugo  # its site has our pages' text and about our markup

    has_hugo = hugo.hugo_available()
    site = hugo.hugo_site(project, root / "hugo") if has_hugo else None
    kinds = ("search", "no_search", "hugo") if has_hugo else ("search", "no_search")
    wall: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
    for turn in range(runs):
        for kind in kinds[turn % len(kinds):] + kinds[:turn % len(kinds)]:
            if kind == "hugo":
                assert site is not None
                wall[kind].append(hugo.hugo_build(site, root / f"hugo-public-{turn}")[0])
                continue
            set_search(project, kind == "search")
            set_aside(root / ATTIC, *previous_output(out))
            seconds, cpu_seconds = html("--clean")
            wall[kind].append(seconds)
            cpu[kind].append(cpu_seconds)
    for kind in kinds:
        results[f"full_html_{kind}"] = stats(wall[kind])
        if cpu[kind]:
            results[f"full_html_{kind}_cpu"] = stats(cpu[kind])
    if not has_hugo:
        results["hugo"] = "not installed: Hugo's build not measured"
    set_search(project, True)
    html("--clean")
    results["noop_html_search"] = stats([html()[0] for _ in range(runs)])
    edits: list[float] = []
    korean_edits: list[float] = []
    for turn in range(runs):
        touch_document(project, 7 + turn)  # the document's three versions: a shard of each locale
        edits.append(html()[0])
        touch_catalog(project, 11, turn)  # its Korean text: Kiwi too
        korean_edits.append(html()[0])
    results["edit_document_search"] = stats(edits)
    results["edit_korean_text_search"] = stats(korean_edits)
    results.update(index_figures(out))
    results["stages"] = indexing_costs(project)
    return results


def index_figures(out: Path) -> dict[str, object]:
    """Each locale's index: shards, bytes, and what a search of one word fetches besides the script
    and wasm: every shard's metadata, and in each shard the chunk that holds the word (at most
    its largest chunk); then a fragment per result shown."""
    figures: dict[str, dict[str, int]] = {key: {} for key in ("index_shards", "index_bytes", "index_files",
                                                             "largest_chunk_bytes", "one_word_search_bytes")}
    for locale in ("ko", "ja", "en"):
        bundles = sorted((out / locale / "search").glob("pagefind*"))
        files = [p for bundle in bundles for p in bundle.rglob("*") if p.is_file()]
        figures["index_shards"][locale] = len(bundles)
        figures["index_bytes"][locale] = sum(p.stat().st_size for p in files)
        figures["index_files"][locale] = len(files)
        largest = [max((p.stat().st_size for p in (bundle / "index").glob("*")), default=0) for bundle in bundles]
        figures["largest_chunk_bytes"][locale] = max(largest, default=0)
        figures["one_word_search_bytes"][locale] = sum(largest) + sum(p.stat().st_size for bundle in bundles
                                                                      for p in bundle.glob("*.pf_meta"))
    return figures  # type: ignore[return-value]


def show_search(results: dict[str, object]) -> None:
    print(f"\n== search, {results['documents']} documents x 3 locales")
    for key, value in results.items():
        if isinstance(value, dict) and "median" in value:
            print(f"  {key:28} {value['median']:8.3f} s  (min {value['min']:.3f}, max {value['max']:.3f}, {value['runs']} runs)")
    if "hugo" in results:
        print(f"  hugo                         {results['hugo']}")
    for key in ("index_shards", "index_bytes", "index_files", "largest_chunk_bytes", "one_word_search_bytes"):
        print(f"  {key:28} " + ", ".join(f"{locale} {value:,}" for locale, value in results[key].items()))  # type: ignore[union-attr]
    for key, value in results["stages"].items():  # type: ignore[union-attr]
        print(f"  {key:28} " + (f"{value:8.3f} s" if isinstance(value, float) else str(value)))


def show(results: dict[str, object]) -> None:
    print(f"\n== {results['documents']} documents x 3 locales")
    for key, value in results.items():
        if isinstance(value, dict) and "median" in value:
            print(f"  {key:24} {value['median']:8.3f} s  (min {value['min']:.3f}, max {value['max']:.3f}, {value['runs']} runs)")
    for key in ("pages", "briefs", "per_page_ms", "per_brief_ms_wall", "per_brief_ms_one_worker", "parallel_speedup",
                "peak_rss_mib_html", "peak_pss_total_mib_html", "peak_rss_mib", "peak_pss_total_mib",
                "ratio_page_to_raw_jinja"):
        if key in results:
            print(f"  {key:24} {results[key]:8.2f}")
    floor = results["floors"]
    print(f"  floors                   raw Jinja2 {floor['jinja_page_ms']:.3f} ms/page")  # type: ignore[index]
    if "briefs_against_floor" in floor:  # type: ignore[operator]
        show_floors("briefs against their plain floor (warm, one process):", floor["briefs_against_floor"])  # type: ignore[index]


CLUSTER_START = """
import resource, sys, time
import newsdesk.render.briefs  # a local build imports it too

def cpu():
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))

started, used = time.perf_counter(), cpu()
from newsdesk.builder.cluster import connect
with connect(sys.argv[1]):
    pass
print(time.perf_counter() - started, cpu() - used)
"""


def cluster_bench(documents: int, rounds: int, where: Path | None = None) -> dict[str, object]:
    """The same briefs printed by local workers (--jobs 1, 2) and by a Dask LocalCluster of 1 and
    2 workers (--scheduler local:1, local:2), in turn, the order turned every round (the machine
    is shared: its speed drifts). Per brief: the build's wall time less a pages-only build's, and
    for the cluster also less the cost of starting and stopping the LocalCluster (measured
    alone: a fixed cost per build, not per brief). CPU time is that of the build and all its
    processes (the workers are its children): under load, it moves less than wall time."""
    root = Path(tempfile.mkdtemp(prefix="newsdesk-cluster-bench-", dir=where))
    project = generate(root / "project", documents)
    out = str(root / "public")
    configs = {"jobs1": ("--jobs", "1"), "cluster1": ("--scheduler", "local:1"),
               "jobs2": ("--jobs", "2"), "cluster2": ("--scheduler", "local:2")}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in (*configs, "pages")}
    starts: dict[str, list[tuple[float, float]]] = {"cluster1": [], "cluster2": []}  # Dask imported, cluster started, stopped
    names = list(configs)
    for turn in range(rounds):
        runs["pages"].append(_cpu_timed(project, "--out", out, "--clean", "--no-briefs"))
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            runs[name].append(_cpu_timed(project, "--out", out, "--clean", *configs[name]))
            if name in starts:
                wall, cpu = map(float, subprocess.run([sys.executable, "-c", CLUSTER_START, configs[name][1]], cwd=REPO,
                                                      capture_output=True, text=True, check=True).stdout.split())
                starts[name].append((wall, cpu))
            print(f"  round {turn + 1}: {name:9} {runs[name][-1][0]:7.1f} s wall {runs[name][-1][1]:7.1f} s CPU", flush=True)
    briefs = len(list(Path(out).rglob("*.pdf")))
    shutil.rmtree(root, ignore_errors=True)
    median = {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
              for name, values in runs.items()}
    start = {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
             for name, values in starts.items()}
    per_brief = {}
    for name in configs:
        wall = median[name][0] - median["pages"][0] - start.get(name, (0.0, 0.0))[0]
        cpu = median[name][1] - median["pages"][1] - start.get(name, (0.0, 0.0))[1]
        per_brief[name] = {"wall_ms": wall / briefs * 1000, "cpu_ms": cpu / briefs * 1000}
    return {
        "documents": documents, "briefs": briefs, "rounds": rounds,
        "runs": runs, "cluster_start_and_stop_s": start, "per_brief": per_brief,
        "cluster_overhead_wall": {n: per_brief[f"cluster{n}"]["wall_ms"] / per_brief[f"jobs{n}"]["wall_ms"] - 1 for n in (1, 2)},
        # CPU per brief of one cluster worker against one local worker: the overhead the cluster adds to every brief
        "cluster_overhead_cpu": per_brief["cluster1"]["cpu_ms"] / per_brief["jobs1"]["cpu_ms"] - 1,
        "speedup_local_1_to_2": per_brief["jobs1"]["wall_ms"] / per_brief["jobs2"]["wall_ms"],
        "speedup_cluster_1_to_2": per_brief["cluster1"]["wall_ms"] / per_brief["cluster2"]["wall_ms"],
        "load_average_at_end": os.getloadavg()[0],
    }


def _cpu_timed(project: Path, *args: str) -> tuple[float, float]:
    """Wall seconds of one build command, and the CPU seconds of it and every process it waited for."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project), "build", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode(errors='replace') if process.stderr else ''}")
    return seconds, usage.ru_utime + usage.ru_stime


def show_cluster(results: dict[str, object]) -> None:
    print(f"\n== briefs on a Dask LocalCluster: {results['briefs']} briefs, {results['rounds']} rounds (medians)")
    for name, cost in results["per_brief"].items():  # type: ignore[attr-defined]
        print(f"  {name:9} {cost['wall_ms']:8.0f} ms wall a brief  {cost['cpu_ms']:8.0f} ms CPU a brief")
    for name, (wall, cpu) in results["cluster_start_and_stop_s"].items():  # type: ignore[attr-defined]
        print(f"  {name:9} Dask imported, LocalCluster started and stopped: {wall:.1f} s wall, {cpu:.1f} s CPU (once a build)")
    overhead = results["cluster_overhead_wall"]
    print(f"  cluster overhead a brief, wall: 1 worker {overhead[1]:+.1%}, 2 workers {overhead[2]:+.1%}; "  # type: ignore[index]
          f"CPU: {results['cluster_overhead_cpu']:+.1%}")
    print(f"  speed-up 1 -> 2 workers: local {results['speedup_local_1_to_2']:.2f}x, "
          f"cluster {results['speedup_cluster_1_to_2']:.2f}x (load average at the end {results['load_average_at_end']:.1f})")


def each_size(sizes: list[int], bench_one: Callable[[int], dict[str, object]],
              show_one: Callable[[dict[str, object]], None], target: Path, keep: bool) -> None:
    """One measurement per size, each shown and written as it ends (kept if a later size fails).
    The measurements' folders are removed when all are done, not between sizes (see ``set_aside``)."""
    all_results = []
    try:
        for size in sizes:
            results = bench_one(size)
            show_one(results)
            all_results.append(results)
            target.write_text(json.dumps(all_results, indent=2), encoding="utf-8")
    finally:
        if not keep:
            for results in all_results:
                shutil.rmtree(str(results["folder"]), ignore_errors=True)
    print(f"\nresults written to {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--brief-runs", type=int, default=1, help="runs of the (slow) full builds with briefs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--brief-sizes", type=int, nargs="*", default=None,
                        help="sizes that also measure briefs (default: all); full brief builds of 1,000 documents take long")
    parser.add_argument("--no-compare-jobs", action="store_true",
                        help="skip the --jobs 1 build with briefs (it doubles the longest measurement)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to put the projects and outputs (default: the system's temporary folder); "
                             "the disk matters: see io_floor")
    parser.add_argument("--keep", action="store_true", help="keep each size's project and output folder")
    parser.add_argument("--cluster", action="store_true",
                        help="only the cluster measurement: briefs on a Dask LocalCluster of 1 and 2 workers "
                             "against local --jobs 1 and 2 (needs newsdesk[cluster])")
    parser.add_argument("--cluster-documents", type=int, default=20, help="documents (x 3 briefs) for --cluster")
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results.json")
    parser.add_argument("--project-briefs", type=Path, nargs="?", const=REPO, default=None, metavar="PROJECT",
                        help="only measure every brief of PROJECT (default: this repository) against its plain floor")
    parser.add_argument("--floor-rounds", type=int, default=5, help="rounds over a project's briefs (--project-briefs)")
    parser.add_argument("--archive", type=int, nargs="*", default=None, metavar="DOCUMENTS",
                        help="only the archive: first, clean, no-op and edit builds of 10,000 (or the given) "
                             "documents x 3 beside Hugo, memory and cache (results in benchmarks/archive-results.json)")
    parser.add_argument("--hugo-up-to", type=int, default=20000, metavar="DOCUMENTS",
                        help="--archive: run Hugo beside newsdesk up to this many documents (memory: ~2 GiB per 10,000 x 3)")
    parser.add_argument("--search", action="store_true",
                        help="only search: builds with and without it, index size per locale, indexing time "
                             "(results in benchmarks/search-results.json unless --json)")
    args = parser.parse_args()
    if args.project_briefs is not None:
        show_floors(f"briefs of {args.project_briefs} against their plain floor ({args.floor_rounds} rounds):",
                    project_floors(args.project_briefs, args.floor_rounds))
        return
    # Bytecode for the engine, as `pip install` leaves it: without it (PYTHONDONTWRITEBYTECODE is
    # set on some machines) every timed command would compile the engine's modules again.
    compileall.compile_dir(REPO / "newsdesk", quiet=1)
    if args.cluster:
        results = cluster_bench(args.cluster_documents, args.runs, args.dir)
        show_cluster(results)
        path = args.json.with_name("results-cluster.json")
        path.write_text(json.dumps(results, indent=2), encoding="utf-8")
        print(f"\nresults written to {path}")
        return
    default = args.json == REPO / "benchmarks" / "results.json"
    if args.archive is not None:
        each_size(args.archive or [10000], partial(bench_archive, runs=args.runs, where=args.dir, hugo_up_to=args.hugo_up_to),
                  show_archive, args.json.with_name("archive-results.json") if default else args.json, args.keep)
        return
    if args.search:
        each_size(args.sizes, partial(bench_search, runs=args.runs, where=args.dir), show_search,
                  args.json.with_name("search-results.json") if default else args.json, args.keep)
        return
    each_size(args.sizes, lambda size: bench(size, args.runs, args.brief_runs, args.jobs,
                                             briefs=args.brief_sizes is None or size in args.brief_sizes,
                                             compare_jobs=not args.no_compare_jobs, where=args.dir),
              show, args.json, args.keep)


if __name__ == "__main__":
    main()
