"""Sources that are not one URL: a story compiled from press reports names no link; the source and
the credit print one "Source:" line; a credit that YAML cuts at ": " gets a hint to quote it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import json_ld, parse_html, pdf_text, run_build
from newsroom import AFTER, CORRECTED, newsroom

pytestmark = pytest.mark.e2e  # every test builds the newsroom fixture in a subprocess

DOC = f"content/articles/{CORRECTED}.md"
LABELS = {"en": ("Source:", "Compiled from press reports"), "ko": ("출처:", "언론 보도 종합"),
          "ja": ("出典：", "報道各社の記事をもとに構成")}


def replace_in(project: Path, old: str, new: str) -> None:
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_source_without_a_url_prints_its_name_once(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    out = tmp_path / "public"
    result = run_build(project, "build", "--out", str(out), "--now", AFTER)
    assert result.returncode == 0, result.stderr
    for locale, (label, name) in LABELS.items():
        path = out / locale / CORRECTED / "index.html"
        footer = parse_html(path).xpath('//footer[@class="credit"]')[0]
        assert " ".join(footer.xpath("p")[0].text_content().split()) == f"{label} {name}"
        assert footer.xpath("p")[0].xpath(".//a") == []  # no link to nowhere
        (data,) = json_ld(path)
        assert data["copyrightHolder"] == {"@type": "Organization", "name": name}
        brief = pdf_text(out / locale / CORRECTED / f"{CORRECTED}-{locale}.pdf")
        assert brief.count(label) == 1
        # The brief's label takes no space after a full-width colon ("出典：").
        assert f"{label}{'' if label.endswith('：') else ' '}{name}" in " ".join(brief.split())
        assert "()" not in brief


def test_a_credit_that_repeats_the_source_label_is_an_error(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    replace_in(project, "credit: © Newsdesk.", "credit: 'Source: Newsdesk'")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    assert f"{DOC}:11: credit starts with a 'Source:' label" in result.stderr


@pytest.mark.parametrize("credit", ["출처: 아시아경제", "写真: 共同通信"])
def test_a_credit_with_a_colon_is_told_to_quote_it(tmp_path: Path, credit: str) -> None:
    project = newsroom(tmp_path)
    replace_in(project, "credit: © Newsdesk.", f"credit: {credit}")
    result = run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--now", AFTER)
    assert result.returncode == 1
    assert (f"{DOC}:11: YAML syntax error: mapping values are not allowed in this context; "
            "the value of 'credit' contains ': ', which YAML reads as a new field: "
            f'quote the value, e.g. credit: "{credit}"') in result.stderr
    # Quoted as the message says, it builds.
    replace_in(project, f"credit: {credit}", f'credit: "© {credit}"')
    assert run_build(project, "build", "--out", str(tmp_path / "public"), "--no-briefs", "--drafts",
                     "--now", AFTER).returncode == 0
