"""One registry entry per document type (newsdesk/content/doctypes.py): the renderers ask the type
for its title, summary, authors and schema.org type, so a new type needs its entry and its templates."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from newsdesk.content.doctypes import DOCTYPES

pytestmark = pytest.mark.e2e  # real builds (see tests/README.md: markers)

SPEECH = """---
type: speech
slug: opening-remarks
date: 2026-01-15T10:00:00+09:00
source_locale: en
title: Opening remarks at the fifth roundtable
speaker: Cho Hyun-joon
occasion: The chairman opened the fifth round of the roundtable in Seoul.
source:
  name: The Asia Business Daily
  url: https://www.asiae.co.kr/
credit: © The Asia Business Daily (www.asiae.co.kr). All rights reserved.
---
Thank you all for coming to Seoul.
"""


def test_each_type_names_fields_it_declares() -> None:
    for name, doctype in DOCTYPES.items():
        assert doctype.name == name
        assert doctype.fields[doctype.title_field].kind == "text", name
        assert doctype.fields[doctype.summary_field].kind == "text", name
        assert doctype.fields[doctype.authors_field].kind in ("text", "texts"), name
        assert doctype.schema_type and doctype.author_type in ("Organization", "Person"), name


def test_a_type_added_to_the_registry_alone_is_rendered_everywhere(tmp_path: Path) -> None:
    """A 'speech', registered before the engine starts, with its two templates: its page, brief,
    feed entry and structured data take its fields, and no renderer had to learn its name."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "locales" / "en").mkdir(parents=True)
    shutil.copy(ROOT / "locales" / "en" / "site.po", project / "locales" / "en" / "site.po")
    (project / "site.toml").write_text('base_url = "https://news.example.org/"\nlocales = ["en"]\n'
                                       'default_locale = "en"\npublisher = "Newsdesk"\n\n[site_name]\nen = "Newsdesk"\n',
                                       encoding="utf-8")
    (project / "content" / "speeches").mkdir(parents=True)
    (project / "content" / "speeches" / "opening-remarks.md").write_text(SPEECH, encoding="utf-8")
    for template in ("article.html", "brief/article.html"):  # a speech's templates, started from the article's
        text = (project / "templates" / template).read_text(encoding="utf-8")
        text = text.replace("f.headline", "f.title").replace("f.lede", "f.occasion").replace("f.byline", "f.speaker")
        (project / "templates" / template.replace("article", "speech")).write_text(text, encoding="utf-8")
    runner = tmp_path / "newsdesk_with_speeches.py"
    runner.write_text(textwrap.dedent("""
        import sys
        from newsdesk.content.doctypes import COMMON, DOCTYPES, TEXT, DocType

        DOCTYPES["speech"] = DocType(
            name="speech", fields={**COMMON, "title": TEXT, "speaker": TEXT, "occasion": TEXT},
            title_field="title", summary_field="occasion", authors_field="speaker", author_type="Person",
            schema_type="Article", body_required=True)

        from newsdesk.cli import main

        sys.exit(main(sys.argv[1:]))
    """), encoding="utf-8")
    out = tmp_path / "public"
    result = subprocess.run([sys.executable, str(runner), "--root", str(project), "build", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr

    page = (out / "en" / "opening-remarks" / "index.html").read_text(encoding="utf-8")
    assert "<title>Opening remarks at the fifth roundtable | Newsdesk</title>" in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1))
    assert (data["@type"], data["headline"], data["author"]) == (
        "Article", "Opening remarks at the fifth roundtable", [{"@type": "Person", "name": "Cho Hyun-joon"}])
    assert data["description"] == "The chairman opened the fifth round of the roundtable in Seoul."
    feed = (out / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "<name>Cho Hyun-joon</name>" in feed and "The chairman opened the fifth round" in feed
    assert (out / "en" / "opening-remarks" / "opening-remarks-en.pdf").stat().st_size > 0
    assert 'href="opening-remarks/"' in (out / "en" / "index.html").read_text(encoding="utf-8")
