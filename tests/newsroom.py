"""The newsroom fixture (tests/fixtures/newsroom): an embargoed article, and an article with a
correction, a numbered list and a source without a URL; its own site catalogs (the repository's
messages, and its topics' names), built with the real templates."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, ROOT, copy_project

EMBARGOED = "busan-fukuoka-ferry"
CORRECTED = "trade-figures"
BEFORE = "2026-01-14T09:59:00+09:00"  # a minute before the embargo
AFTER = "2026-01-14T10:00:00+09:00"  # the embargo's instant: published


def newsroom(tmp_path: Path) -> Path:
    """A copy of the fixture with the real templates."""
    project = copy_project(tmp_path / "project", FIXTURES / "newsroom")
    shutil.copytree(ROOT / "templates", project / "templates")
    return project
