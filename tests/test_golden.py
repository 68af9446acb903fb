"""The fixture site's pages, feeds, sitemap and brief texts are exactly the committed golden files.

After an intended change (a template, the engine, a dependency upgrade) regenerate them, then read
the diff before committing it:

    python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import GOLDEN, golden_differences, golden_outputs, read_golden, write_golden

pytestmark = pytest.mark.e2e

REGENERATE = "python -m pytest tests/test_golden.py --update-golden"


def test_the_fixture_site_builds_to_the_golden_files(site: Path, request: pytest.FixtureRequest) -> None:
    actual = golden_outputs(site)
    if request.config.getoption("--update-golden"):
        write_golden(actual)
        pytest.skip(f"golden files written to {GOLDEN}: review them with `git diff` before committing")
    expected = read_golden()
    assert expected, f"no golden files in {GOLDEN}: make them with `{REGENERATE}`"
    differences = golden_differences(expected, actual)
    assert not differences, ("the build differs from the golden files; if the change is intended, "
                             f"regenerate them with `{REGENERATE}`\n" + "\n".join(differences))
