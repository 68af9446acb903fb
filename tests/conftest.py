"""Shared fixtures: the real project built once, and throw-away copies of it to break."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("site.toml", "content", "locales", "templates")


def copy_project(target: Path, source: Path = ROOT) -> Path:
    """A copy of a project's inputs (never its output) that a test may change."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part, dirs_exist_ok=True)
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line an editor types, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built with briefs and briefing packs, once per test session."""
    out = tmp_path_factory.mktemp("site") / "public"
    result = run_build(ROOT, "build", "--out", str(out), "--pack")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")
