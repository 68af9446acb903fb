"""The house's rules that a reader relies on: the layers (checked by import-linter in CI), one
room for processes and the garbage collector, nothing importing the command line, and a build
that tells its stages."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

PACKAGE = ROOT / "newsdesk"
WORKERS = PACKAGE / "builder" / "workers.py"
PROCESS_MODULES = {"gc", "multiprocessing", "concurrent.futures", "subprocess"}
# Programs, not workers: the search indexer drives Pagefind's indexing service.
ALLOWED = {PACKAGE / "builder" / "search.py": {"subprocess"}}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_workers_module_starts_processes_or_touches_the_collector() -> None:
    offenders = []
    for path, tree in _modules():
        if path == WORKERS:
            continue
        for name in _imported(tree) & PROCESS_MODULES - ALLOWED.get(path, set()):
            offenders.append(f"{path.relative_to(ROOT)} imports {name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
                    and node.attr in {"fork", "forkpty", "posix_spawn", "system", "_exit"}):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} calls os.{node.attr}")
    assert offenders == []


def test_nothing_imports_the_command_line() -> None:
    importers = [str(path.relative_to(ROOT)) for path, tree in _modules()
                 if path.name != "cli.py" and any(n == "newsdesk.cli" or n.startswith("newsdesk.cli.") for n in _imported(tree))]
    assert importers == []


def test_the_folders_are_the_stages_in_the_order_of_the_data() -> None:
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == ["builder", "catalogs", "content", "localize", "preview", "render", "translate"]


@pytest.mark.e2e
def test_verbose_build_tells_each_stage_and_its_time(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", ROOT / "tests" / "fixtures" / "korean-source")
    shutil.copytree(ROOT / "templates", project / "templates")
    result = run_build(project, "build", "--no-briefs", "--verbose", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    stages = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("newsdesk: ") and " ms" in line]
    assert stages == ["scan", "prefill", "content", "catalogs", "localize", "pages", "publish", "cache"]  # a first build
    assert "(1 documents)" in result.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_leaves_no_temporary_files(tmp_path: Path, jobs: str) -> None:
    """WeasyPrint writes the fonts it loads to a temporary folder that a worker ending with
    os._exit never removed: 23 MB a worker and a build, until the disk was full."""
    project = copy_project(tmp_path / "project", ROOT / "tests" / "fixtures" / "korean-source")
    shutil.copytree(ROOT / "templates", project / "templates")
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = run_build(project, "build", "--pack", "--jobs", jobs, "--out", str(tmp_path / "out"),
                       env={**os.environ, "TMPDIR": str(temp)})
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").rglob("*.pdf"))
    assert sorted(p.name for p in temp.iterdir()) == []
