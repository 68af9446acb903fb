"""A small project to break catalogs in: the Korean-source fixture with the real templates and site
catalogs, and the two commands that must agree on every catalog, ``build`` and ``check``."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import FIXTURES, ROOT, copy_project, run_build

JA_PO = "locales/ja/content/newsdesk-launch.po"
EN_PO = "locales/en/content/newsdesk-launch.po"
KO_SITE = "locales/ko/site.po"
JA_SITE = "locales/ja/site.po"
EN_SITE = "locales/en/site.po"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")  # what must never reach a terminal


def make_project(target: Path) -> Path:
    """The Korean-source fixture with the repository's templates and site catalogs (not its content)."""
    project = copy_project(target, FIXTURES / "korean-source")
    shutil.copytree(ROOT / "templates", project / "templates")
    for locale in ("ko", "ja", "en"):
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / locale / "site.po", project / "locales" / locale / "site.po")
    return project


@dataclass(frozen=True)
class Verdict:
    """What one command said about the project."""

    code: int
    output: str  # stdout and stderr

    def located(self, rel: str) -> set[int]:
        """The lines of ``rel`` that the command's problems point at."""
        return {int(n) for n in re.findall(rf"^{re.escape(rel)}:(\d+): ", self.output, re.MULTILINE)}


def build(project: Path, out: Path) -> Verdict:
    result = run_build(project, "build", "--out", str(out), "--no-briefs")
    return Verdict(result.returncode, result.stdout + result.stderr)


def check(project: Path) -> Verdict:
    result = run_build(project, "check")
    return Verdict(result.returncode, result.stdout + result.stderr)


def both(project: Path, out: Path) -> tuple[Verdict, Verdict]:
    return build(project, out), check(project)


def replace_in(project: Path, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace text in a file; the 1-based line where the new text starts."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    at = text.index(old)
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")
    return text.count("\n", 0, at) + 1


def line_of(project: Path, rel: str, needle: str) -> int:
    text = (project / rel).read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1

