"""Property-based tests: any input gives a result or a located error, never a crash or new markup."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.catalogs.catalog import parse_po
from newsdesk.content import inline
from newsdesk.content.model import Document
from newsdesk.content.reader import read_document
from newsdesk.errors import Problems

LOCALES = ("ko", "ja", "en")
FRONT = "---\ntype: article\nslug: x\ndate: 2026-01-14T00:00:00+09:00\nsource_locale: en\n"
ALLOWED_TAG = re.compile(r'^<(/?(em|strong|code)|/a|a href="[^"<>]*")>$')
PIECES = list("ab 한日*_`[]()<>&\"'\\:/#!-\n") + ["javascript:", "http://x", "**", "<script>", "](", "onerror="]
markdownish = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# Each example takes well under a millisecond (0.2 ms at worst for inline rendering, measured); the
# deadline is there to catch a regular expression that backtracks without end, which costs seconds
# on 40 characters. Hypothesis's default of 200 ms was hit by a machine busy with other builds.
DEADLINE = timedelta(seconds=2)


@settings(max_examples=300, deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_content_reader_never_crashes_on_bytes(raw: bytes) -> None:
    problems = Problems()
    result = read_document(raw, "content/x.md", LOCALES, problems)
    assert isinstance(result, Document) or problems.errors
    for p in problems.items:
        assert p.path == "content/x.md" and (p.line is None or p.line >= 1)


@settings(max_examples=300, deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish, markdownish)
def test_content_reader_never_crashes_on_near_valid_documents(middle: str, body: str) -> None:
    problems = Problems()
    raw = (FRONT + middle + "\n---\n" + body).encode()
    result = read_document(raw, "content/x.md", LOCALES, problems)
    assert isinstance(result, Document) or problems.errors
    assert all(p.line is None or p.line >= 1 for p in problems.items)


@settings(max_examples=300, deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_catalog_reader_never_crashes(raw: bytes) -> None:
    _entries, problems = parse_po(b'msgid ""\nmsgstr "Language: ko\\n"\n\n' + raw, "x.po", "ko")
    for p in problems:
        assert p.path == "x.po" and (p.line is None or p.line >= 1)


@settings(max_examples=500, deadline=DEADLINE)
@given(markdownish)
def test_rendering_any_text_produces_only_our_markup(text: str) -> None:
    html = inline.to_html(text)
    for tag in re.findall(r"<[^>]*>", html):
        assert ALLOWED_TAG.match(tag), (text, html)
    for href in re.findall(r'href="([^"]*)"', html):
        assert inline.SAFE_URL.match(href) and not href.lower().startswith(("javascript:", "data:", "vbscript:"))
    # Exactly the markup the segment's own syntax asked for.
    assert html.count("<em>") + html.count("<strong>") + html.count("<code>") + html.count("<a ") == \
        len([k for k in inline.markup_signature(text)])


@settings(max_examples=300, deadline=DEADLINE)
@given(markdownish)
def test_plain_text_keeps_every_visible_character(text: str) -> None:
    plain = inline.plain(text)
    html = inline.to_html(text)
    visible = re.sub(r"<[^>]*>", "", html)
    import html as html_lib

    assert html_lib.unescape(visible) == plain
