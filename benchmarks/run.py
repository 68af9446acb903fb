"""Benchmark newsdesk builds against their floors: raw Jinja2, the plain floor of each brief, the disk.

    python benchmarks/run.py                       # N = 100 and 1,000, results in benchmarks/results.json
    python benchmarks/run.py --sizes 100 --runs 3  # quicker
    python benchmarks/run.py --project-briefs       # this repository's briefs against their plain floor

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
    shutil.rmtree(target)
    return seconds


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
        for leftover in (Path(out), project / ".newsdesk-cache", *root.glob(".public*")):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        return html()

    results["first_html"] = measure(runs, first_html)
    results["full_html"] = measure(runs, lambda: html("--clean"))
    results["full_html_jobs1"] = measure(runs, lambda: html("--clean", "--jobs", "1"))
    pages = len(list(Path(out).rglob("*.html")))
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
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results.json")
    parser.add_argument("--project-briefs", type=Path, nargs="?", const=REPO, default=None, metavar="PROJECT",
                        help="only measure every brief of PROJECT (default: this repository) against its plain floor")
    parser.add_argument("--floor-rounds", type=int, default=5, help="rounds over a project's briefs (--project-briefs)")
    args = parser.parse_args()
    if args.project_briefs is not None:
        show_floors(f"briefs of {args.project_briefs} against their plain floor ({args.floor_rounds} rounds):",
                    project_floors(args.project_briefs, args.floor_rounds))
        return
    # Bytecode for the engine, as `pip install` leaves it: without it (PYTHONDONTWRITEBYTECODE is
    # set on some machines) every timed command would compile the engine's modules again.
    compileall.compile_dir(REPO / "newsdesk", quiet=1)
    all_results = []
    for size in args.sizes:
        results = bench(size, args.runs, args.brief_runs, args.jobs,
                        briefs=args.brief_sizes is None or size in args.brief_sizes,
                        compare_jobs=not args.no_compare_jobs, where=args.dir)
        if not args.keep:
            shutil.rmtree(str(results["folder"]), ignore_errors=True)
        show(results)
        all_results.append(results)
        args.json.write_text(json.dumps(all_results, indent=2), encoding="utf-8")  # kept even if a later size fails
    print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    main()
