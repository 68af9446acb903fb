"""The build manifest: every output with a key made of the hashes of all its inputs.

A rebuild renders only outputs whose key changed and reuses the others from the previous
output folder. The manifest lives beside the output (``.public.manifest.json``), is removed
just before the output changes and written just after (output.py), so it never describes a
folder it does not match. Standard library only: a no-op rebuild imports nothing heavier.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from newsdesk import __version__
from newsdesk.builder import workers
from newsdesk.builder.options import BuildOptions, BuildReport
from newsdesk.content.files import CHECKED_DIRS, not_regular
from newsdesk.errors import NewsdeskError, Problem, problem

INPUT_DIRS = ("content", "locales", "templates")
INPUT_FILES = ("site.toml",)
FORMAT = 1
# The libraries whose upgrade can change an output's bytes, as pip names them: Babel (CLDR date
# formats, plural rules), Jinja2 and MarkupSafe (pages), PyYAML (content), WeasyPrint, pydyf and
# fontTools (briefs), BudouX and Pyphen (where lines break). The bundled fonts are project inputs:
# their content hashes are in every brief's key (plan.InputKeys.brief_templates).
DEPENDENCIES = ("babel", "jinja2", "markupsafe", "pyyaml", "weasyprint", "pydyf", "fonttools", "budoux", "pyphen")


def manifest_path(out: Path) -> Path:
    return out.parent / f".{out.name}.manifest.json"


def commit_path(out: Path) -> Path:
    """A build's committed outputs, while they are moved into place (output.finish_commit)."""
    return out.parent / f".{out.name}.commit"


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The package version, a hash of its source (every module, in every stage's folder) and the
    versions of the libraries that shape the output: a change to any of them renders everything."""
    digest = hashlib.blake2b(digest_size=8)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(repr(dependency_versions()).encode())
    return f"{__version__}+{digest.hexdigest()}"


def dependency_versions() -> tuple[tuple[str, str], ...]:
    """The installed version of each library in ``DEPENDENCIES``, without importing it: the first
    ``NAME-VERSION.dist-info`` folder on ``sys.path``, the one ``importlib.metadata`` reads (pip
    writes the version into the folder's name). Importing importlib.metadata and parsing each
    METADATA file cost a no-op build 40 ms here, the folder listing under 1 ms; a library installed
    another way (an .egg-info) is asked through importlib.metadata."""
    wanted = {_normalized(name): name for name in DEPENDENCIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                key = _normalized(project)
                if key in wanted and key not in found:
                    found[key] = version
    for key, name in wanted.items():
        if key not in found:
            found[key] = _metadata_version(name)
    return tuple((name, found[_normalized(name)]) for name in DEPENDENCIES)


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata_version(name: str) -> str:
    from importlib import metadata  # the slow way, for the rare library not installed as a wheel

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


@dataclass
class Manifest:
    engine: str
    options: dict[str, bool]
    inputs: dict[str, list[object]]  # path -> [size, mtime_ns, sha]
    outputs: dict[str, list[object]]  # path -> [key, size]
    report: dict[str, object]
    stamp: tuple[int, ...] = ()  # the file's size, mtime and inode when it was read
    missing: set[str] | None = None  # its outputs not found on disk when this build looked, if it has

    def shas(self) -> dict[str, str]:
        return {rel: str(entry[2]) for rel, entry in self.inputs.items()}


def load(out: Path, known: Manifest | None = None) -> Manifest | None:
    """The manifest beside ``out``; ``known`` itself if it was read from the file as it is now."""
    path = manifest_path(out)
    try:
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if known is not None and known.stamp == stamp:
            return known
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            return None
        return Manifest(raw["engine"], raw["options"], raw["inputs"], raw["outputs"], raw["report"], stamp)
    except (OSError, ValueError, KeyError):
        return None


def encode(manifest: Manifest) -> bytes:
    fields = {"engine": manifest.engine, "options": manifest.options, "inputs": manifest.inputs,
              "outputs": manifest.outputs, "report": manifest.report}
    return json.dumps({"format": FORMAT, **fields}, ensure_ascii=False, sort_keys=True).encode("utf-8")


def invalidate_manifest(out: Path) -> None:
    manifest_path(out).unlink(missing_ok=True)


def scan(root: Path, previous: Manifest | None) -> dict[str, list[object]]:
    """Every input file with its size, mtime and content hash (reused when size and mtime match)."""
    known = previous.inputs if previous else {}
    found: dict[str, list[object]] = {}
    refused: list[Problem] = []

    def visit(directory: str) -> None:
        try:
            entries = list(os.scandir(f"{root}/{directory}"))
        except FileNotFoundError:
            return
        checked = directory.partition("/")[0] in CHECKED_DIRS
        for entry in entries:  # one lstat each: at 100,000 documents the scan is most of a no-op build
            rel = f"{directory}/{entry.name}"
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError as error:
                refused.append(problem(rel, None, f"cannot read it ({error.strerror})"))
                continue
            if S_ISDIR(stat.st_mode):
                visit(rel)
            elif S_ISREG(stat.st_mode):
                _record(root, rel, stat, known, found)
            elif checked:
                refused.append(problem(rel, None, not_regular(entry.path) or "not a regular file"))
            elif directory.startswith("locales"):
                found[rel] = [0, 0, "link"]  # a link or a special file: not read, the catalog reader refuses it

    for directory in INPUT_DIRS:
        visit(directory)
    if refused:
        raise NewsdeskError(sorted(refused, key=lambda p: p.path))
    for name in INPUT_FILES:
        path = root / name
        if path.is_file():
            _record(root, name, path.stat(), known, found)
    return found


def scan_aside(root: Path) -> Callable[[], dict[str, list[object]]]:
    """``scan(root, None)`` in a forked child while this process goes on; call the result for it.
    A build that renders everything hashes every input (the fonts are 30 MB) and imports the
    renderers (Jinja2, Babel): one core does each. Should the child fail, the scan is done
    here again, where its error is raised as usual."""
    if not workers.can_fork():
        found = scan(root, None)
        return lambda: found
    wait = workers.start(lambda: marshal.dumps(scan(root, None)))

    def result() -> dict[str, list[object]]:
        data, status = wait()
        if status != 0 or not data:
            return scan(root, None)
        found: dict[str, list[object]] = marshal.loads(data)
        return found

    return result


def unchanged(root: Path, inputs: dict[str, list[object]], rel: str) -> bool:
    """Whether an input file still has the size and modification time that ``scan`` recorded."""
    try:
        stat = os.stat(root / rel)
    except OSError:
        return False
    return rel in inputs and inputs[rel][:2] == [stat.st_size, stat.st_mtime_ns]


def _record(root: Path, rel: str, stat: os.stat_result, known: dict[str, list[object]], found: dict[str, list[object]]) -> None:
    old = known.get(rel)
    if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
        found[rel] = old
    else:
        try:
            found[rel] = [stat.st_size, stat.st_mtime_ns, file_hash(f"{root}/{rel}")]
        except OSError as error:  # a read that fails (EIO from /proc/self/mem) names no file by itself
            raise OSError(error.errno, f"cannot read it ({error.strerror})", rel) from None


def file_hash(path: str) -> str:
    """An input file's content hash. SHA-256, not BLAKE2: OpenSSL computes it with the CPU's SHA
    instructions, 2.4 times as fast here (1.4 GB/s), and a first build hashes every font."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:32]


def _holds_at(clock: object, now: datetime | None) -> bool:
    """Whether an output made for the build clocks ``[since, until)`` holds at ``now``: no embargo
    lifted and no document entered or left the news sitemap in between."""
    if not isinstance(clock, list) or len(clock) != 2:
        return False
    now = now or datetime.now(UTC)
    since, until = (datetime.fromisoformat(c) if c else None for c in clock)
    return (since is None or since <= now) and (until is None or now < until)


def same_inputs(previous: Manifest, inputs: dict[str, list[object]]) -> bool:
    """Whether ``inputs`` (a scan given ``previous``) has the same files with the same hashes. The
    scan hands back the previous record itself for a file whose size and time did not change: that
    one is not compared (100,000 x 3: two dicts of 300,000 hashes built and compared took 0.15 s)."""
    known = previous.inputs
    return len(inputs) == len(known) and all(
        (old := known.get(rel)) is entry or old is not None and old[2] == entry[2] for rel, entry in inputs.items())


def missing_outputs(manifest: Manifest, out: Path) -> set[str]:
    """The outputs ``manifest`` recorded that are no longer in ``out`` (a stat each)."""
    where = str(out)
    return {rel for rel in manifest.outputs if not os.path.isfile(f"{where}/{rel}")}


def outputs_missing(previous: Manifest, out: Path) -> Callable[[], set[str]]:
    """``missing_outputs``, found in a forked child while the caller goes on (scanning the inputs)
    on the other core (10,000 x 3: 100 ms alone; in a thread, the two loops' stats took turns with
    the interpreter's lock). Call the result for the answer (the child is waited for once)."""
    if not workers.can_fork():
        found = missing_outputs(previous, out)
        return lambda: found
    wait = workers.start(lambda: "\n".join(sorted(missing_outputs(previous, out))).encode())
    answer: list[set[str]] = []

    def result() -> set[str]:
        if not answer:
            data, status = wait()
            answer.append(set(filter(None, data.decode().split("\n"))) if status == 0 else missing_outputs(previous, out))
        return answer[0]

    return result


def up_to_date(previous: Manifest | None, inputs: dict[str, list[object]], options: BuildOptions,
               missing: Callable[[], set[str]] | None = None) -> BuildReport | None:
    """The previous report when no input (``inputs``: this build's scan), option or engine changed
    and the output is intact (``missing``: the answer of ``outputs_missing``, if asked already)."""
    if options.clean:
        return None
    started = time.perf_counter()
    if commit_path(options.out).exists():  # an interrupted build's outputs still to move into place
        return None
    if previous is None or previous.engine != engine_version() or previous.options != options.key():
        return None
    if options.embargoed is not None or not _holds_at(previous.report.get("clock"), options.now):
        return None
    if not same_inputs(previous, inputs):
        return None
    if (missing or outputs_missing(previous, options.out))():
        return None
    report = BuildReport(**previous.report)  # type: ignore[arg-type]
    report.rendered = 0
    report.withdrawn = []  # that build's news, not this one's
    report.seconds = time.perf_counter() - started
    return report
