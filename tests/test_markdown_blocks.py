"""Markdown blocks in the body: numbered lists are lists (one segment per item, numbered in every
locale and in briefs); block syntax the reader does not support is an error naming its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import parse_html, pdf_text, run_build
from newsroom import AFTER, CORRECTED, newsroom

from newsdesk.catalogs.po import parse

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

ITEMS = {
    "en": ["Demand for semiconductor materials rose.", "Travel between the two countries recovered.",
           "Shipping costs fell."],
    "ko": ["반도체 소재 수요가 늘었다.", "양국 간 여행이 회복됐다.", "해상 운송비가 내렸다."],
    "ja": ["半導体材料の需要が伸びた。", "両国間の往来が回復した。", "海上輸送費が下がった。"],
}
DOC = f"content/articles/{CORRECTED}.md"


def test_a_numbered_list_is_one_segment_per_item(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    assert run_build(project, "extract").returncode == 0
    template = parse((project / f"locales/pot/content/{CORRECTED}.pot").read_text(encoding="utf-8"))
    msgids = [e.msgid for e in template.entries if not e.is_header]
    for item in ITEMS["en"]:
        assert item in msgids
    assert not any("1." in m or "rose. " in m for m in msgids)  # nothing run together
    assert "The report gives three reasons for the growth:" in msgids


def test_a_numbered_list_is_a_list_in_every_locale_and_brief(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--now", AFTER)
    assert result.returncode == 0, result.stderr
    for locale, items in ITEMS.items():
        page = parse_html(out / locale / CORRECTED / "index.html")
        (ol,) = page.xpath('//div[@class="body"]/ol')
        assert [li.text_content().strip() for li in ol.xpath("li")] == items
        assert ol.get("start") is None
        brief = pdf_text(out / locale / CORRECTED / f"{CORRECTED}-{locale}.pdf")
        numbered = [re.sub(r"\s+", "", line) for line in brief.splitlines() if re.match(r"^\d\. ", line)]
        assert numbered == [f"{n}." + "".join(item.split()) for n, item in enumerate(items, 1)]


def test_a_list_that_starts_at_three_keeps_its_number(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1. Demand", "3. Demand").replace("2. Travel", "4. Travel").replace("3. Shipping", "5. Shipping"),
                    encoding="utf-8")
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--no-briefs", "--now", AFTER)
    assert result.returncode == 0, result.stderr
    (ol,) = parse_html(out / "ja" / CORRECTED / "index.html").xpath('//div[@class="body"]/ol')
    assert ol.get("start") == "3"


UNSUPPORTED = """
| Year | Trade |
|------|-------|
| 2025 | 100   |

```
code
```

---

- a point
  - a point inside it

<div>markup</div>

# A second headline

Closing paragraph.
Underlined heading
==================
"""


def test_unsupported_blocks_are_errors_with_their_lines(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    body_start = text.count("\n", 0, text.index("\n---\n", 4) + 5) + 1  # the line after the front matter
    path.write_text(text + UNSUPPORTED, encoding="utf-8")
    first = body_start + text[text.index("\n---\n", 4) + 5:].count("\n")  # UNSUPPORTED's first line

    def at(fragment: str) -> int:
        return first + UNSUPPORTED.split("\n").index(fragment)

    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    expected = [
        (at("| Year | Trade |"), "tables are not supported"),
        (at("```"), "code blocks (``` or ~~~) are not supported"),
        (at("---"), "horizontal rules ('---') are not supported"),
        (at("  - a point inside it"), "nested lists are not supported"),
        (at("<div>markup</div>"), "HTML is not supported"),
        (at("# A second headline"), "'#' headings are not supported"),
        (at("=================="), "underlined headings are not supported"),
    ]
    lines = result.stderr.splitlines()
    for line, message in expected:
        assert any(l.startswith(f"{DOC}:{line}: {message}") for l in lines), (line, message, result.stderr)
    assert len([l for l in lines if l.startswith(DOC)]) == len(expected), result.stderr
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize("body", ["- one\n- two\n\n1. first\n2. second\n", "Text.\n\n~~~\nx\n~~~\n"])
def test_the_live_syntax_around_them_still_reads(tmp_path: Path, body: str) -> None:
    """A bulleted list then a numbered one are two lists; a fence is reported once, not its content."""
    project = newsroom(tmp_path)
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + body, encoding="utf-8")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--drafts", "--now", AFTER)
    if "~~~" in body:
        assert result.returncode == 1
        assert len([l for l in result.stderr.splitlines() if l.startswith(DOC)]) == 1, result.stderr
    else:
        assert result.returncode == 0, result.stderr
        page = parse_html(tmp_path / "public" / "en" / CORRECTED / "index.html")
        assert [len(ol.xpath("li")) for ol in page.xpath('//div[@class="body"]/ol')] == [3, 2]
        assert [len(ul.xpath("li")) for ul in page.xpath('//div[@class="body"]/ul')] == [2]
