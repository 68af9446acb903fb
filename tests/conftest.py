"""Shared fixtures: the fixture site built once, throw-away copies of it to break, and the real
site for the few tests marked ``content``. The helpers live in ``helpers.py``; the names other
test files import from here are kept as re-exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (  # noqa: F401  (re-exported: test files import these from conftest)
    FIXTURES,
    PROJECT_PARTS,
    ROOT,
    SITE,
    VNU_JAR,
    alive_after,
    base_url,
    build_fixture_site,
    copy_project,
    html_pages,
    json_ld,
    local_path,
    parse_html,
    pdf_text,
    run_build,
    vnu_errors,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="write the fixture site's fresh build to tests/golden/ instead of comparing with it")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site (tests/fixtures/site), built with briefs and briefing packs, once per session."""
    scratch = tmp_path_factory.mktemp("site")
    return build_fixture_site(scratch / "public", scratch)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built with briefs and packs: only for tests marked ``content``."""
    out = tmp_path_factory.mktemp("real-site") / "public"
    result = run_build(ROOT, "build", "--out", str(out), "--pack")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture site that a test may change."""
    return copy_project(tmp_path / "project")
