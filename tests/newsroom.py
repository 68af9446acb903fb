"""The newsroom fixture (tests/fixtures/newsroom): an embargoed article, and an article with a
correction, a numbered list and a source without a URL; built with the real templates and site
catalogs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT, copy_project

EMBARGOED = "busan-fukuoka-ferry"
CORRECTED = "trade-figures"
BEFORE = "2026-01-14T09:59:00+09:00"  # a minute before the embargo
AFTER = "2026-01-14T10:00:00+09:00"  # the embargo's instant: published


TOPIC_NAMES = {"ko": {"Trade": "무역", "Transport": "교통"}, "ja": {"Trade": "貿易", "Transport": "交通"},
               "en": {"Trade": "Trade", "Transport": "Transport"}}


def newsroom(tmp_path: Path) -> Path:
    """The fixture with the real templates, and the real site catalogs plus its topics' names."""
    project = copy_project(tmp_path / "project", FIXTURES / "newsroom")
    shutil.copytree(ROOT / "templates", project / "templates")
    for locale in ("ko", "ja", "en"):
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        site = (ROOT / "locales" / locale / "site.po").read_text(encoding="utf-8")
        site += "".join(f'\n#. topic\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in TOPIC_NAMES[locale].items())
        (project / "locales" / locale / "site.po").write_text(site, encoding="utf-8")
    return project


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def recorded(out: Path) -> dict[str, list[object]]:
    """The build manifest's outputs: path -> [key, size]."""
    return json.loads((out.parent / f".{out.name}.manifest.json").read_text(encoding="utf-8"))["outputs"]
