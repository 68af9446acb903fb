"""The README's example document builds as written, every field it shows in effect."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, json_ld, parse_html, run_build
from newsroom import newsroom

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess


def example(language: str = "markdown", number: int = 0) -> str:
    """Block ``number`` of ``language`` in "Writing content" (the yaml ones are content/topics.yaml
    and content/authors.yaml)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Writing content"):readme.index("## Translating")]
    block = re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)[number]
    return "\n".join(line.removeprefix("  ") for line in block.split("\n")) \
        if language == "yaml" else block


def test_the_readme_example_builds_as_written(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    shutil.rmtree(project / "content")
    shutil.rmtree(project / "locales" / "ko" / "content")
    shutil.rmtree(project / "locales" / "ja" / "content")
    (project / "content").mkdir()
    (project / "content" / "example.md").write_text(example(), encoding="utf-8")
    (project / "content" / "topics.yaml").write_text(example("yaml"), encoding="utf-8")
    (project / "content" / "authors.yaml").write_text(example("yaml", 1), encoding="utf-8")
    out = tmp_path / "public"
    before = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", "2026-01-14T09:00:00+09:00")
    assert before.returncode == 0, before.stderr
    assert "scheduled: busan-fukuoka-ferry at 2026-01-14 10:00 KST" in before.stdout
    after = run_build(project, "build", "--out", str(out), "--now", "2026-01-20T00:00:00+09:00")
    assert after.returncode == 0, after.stderr
    assert "held back busan-fukuoka-ferry [ko]" in after.stderr  # no catalogs yet: the source language only
    page = out / "en" / "busan-fukuoka-ferry" / "index.html"
    tree = parse_html(page)
    assert len(tree.xpath('//div[@class="body"]/ol/li')) == 2
    assert "wrong month" in tree.xpath('string(//section[@class="corrections"])')
    assert "© Newsdesk: all rights reserved." in tree.xpath('string(//footer[@class="credit"])')
    (data,) = json_ld(page)
    assert data["dateModified"] == "2026-01-16T11:00:00+09:00"
    assert (out / "en" / "busan-fukuoka-ferry" / "busan-fukuoka-ferry-en.pdf").is_file()
    assert tree.xpath("//ul[@class='tags topics']//a/@href") == ["../topics/transport/"]
    assert tree.xpath("string(//p[@class='dateline'])").endswith(" · Kim Min-ji, Newsdesk staff")
    assert (out / "en" / "topics" / "transport" / "index.html").is_file()
