"""`extract` and `pybabel extract` with the project's mapping file find the same messages."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from catalog_tools import ARTICLE, edit, read
from helpers import ROOT, run_build

from newsdesk.catalogs.po import parse
from newsdesk.config import load_settings
from newsdesk.content.load import load_content
from newsdesk.translate.workflow import document_domain, site_domain


def pybabel(project: Path, mapping: str) -> dict[str, tuple[str, ...]]:
    """msgid -> references, from ``pybabel extract`` run in the project like a translator would."""
    (project / "mapping.cfg").write_text(mapping, encoding="utf-8")
    out = project / "messages.pot"
    result = subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()",
         "extract", "-F", "mapping.cfg", "-o", str(out), "."],
        cwd=project, capture_output=True, text=True, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return {e.msgid: e.references for e in parse(out.read_text(encoding="utf-8")).entries if not e.is_header}


def ours(project: Path) -> dict[str, tuple[str, ...]]:
    settings = load_settings(project)
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    found: dict[str, tuple[str, ...]] = {}
    for domain in [*(document_domain(d) for d in documents), site_domain(settings.templates_dir, settings.root)]:
        for entry in domain.entries:
            found[entry.msgid] = found.get(entry.msgid, ()) + entry.references
    return found


def _committed_mapping(extractor: str) -> str:
    return (ROOT / "babel.cfg").read_text(encoding="utf-8").replace("[newsdesk:", f"[{extractor}:")


@pytest.mark.e2e
def test_pybabel_with_the_mapping_file_finds_the_same_messages(project: Path) -> None:
    """The mapping names our extractor by its import path here, so this runs without installing newsdesk."""
    found = pybabel(project, _committed_mapping("newsdesk.translate.extract.extract_content"))
    expected = ours(project)
    assert set(found) == set(expected)
    for msgid, references in expected.items():
        assert sorted(found[msgid]) == sorted(references), msgid


@pytest.mark.e2e
@pytest.mark.skipif(not entry_points(group="babel.extractors", name="newsdesk"),
                    reason="newsdesk is not installed (pip install -e .), so its babel.extractors entry point is not registered")
def test_pybabel_finds_the_registered_content_extractor(project: Path) -> None:
    found = pybabel(project, (ROOT / "babel.cfg").read_text(encoding="utf-8"))
    assert set(found) == set(ours(project))


def test_the_extractor_is_declared_as_an_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["babel.extractors"]["newsdesk"] == "newsdesk.translate.extract:extract_content"
    assert "[newsdesk: content/**.md]" in (ROOT / "babel.cfg").read_text(encoding="utf-8")


@pytest.mark.e2e
def test_templates_follow_the_content_and_stale_ones_go(project: Path) -> None:
    edit(project, ARTICLE, "byline: Newsdesk staff", "byline: Newsdesk staff writers")
    stale = project / "locales" / "pot" / "content" / "deleted-story.pot"
    stale.write_text("", encoding="utf-8")
    result = run_build(project, "extract")
    assert result.returncode == 0, result.stderr
    assert "wrote locales/pot/content/korea-japan-economic-community.pot" in result.stdout
    assert "wrote locales/pot/content/deleted-story.pot" in result.stdout and not stale.exists()
    pot = read(project, "locales/pot/content/korea-japan-economic-community.pot")
    assert "Newsdesk staff writers" in {e.msgid for e in pot.entries}
    assert run_build(project, "extract").stdout.endswith("extract: 0 file(s) changed\n")


@pytest.mark.e2e
def test_only_template_strings_are_format_strings(project: Path) -> None:
    """A percent sign in a paragraph is text, not a placeholder: msgfmt must not check it as one."""
    edit(project, ARTICLE, "step by step.", "step by step, with 5% of the budget.")
    assert run_build(project, "extract").returncode == 0
    article = read(project, "locales/pot/content/korea-japan-economic-community.pot")
    assert all(not e.flags for e in article.entries)
    site = {e.msgid: e.flags for e in read(project, "locales/pot/site.pot").entries}
    assert site["Download the PDF brief (%(size)s)"] == ("python-format",)
    assert site["Tags"] == ()
