"""The plain floor of a brief: what WeasyPrint needs for the same text, without our typesetting.

The floor is the brief's own visible text (every block of it, labels and dates included), in the
same bundled fonts and sizes, one column, left-aligned, no spans, rendered with the same PDF
options (PDF/UA-1, tagged, a file identifier). A brief costs what it costs above this floor
because of its layout and typesetting; the benchmark prints ours / floor per locale.
"""

from __future__ import annotations

import html as html_lib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

BLOCK = re.compile(r"(</?(?:p|h1|h2|h3|li|div|figcaption|blockquote|header|footer|aside|section|article|ul|ol|figure)\b[^>]*>)")
BOLD = re.compile(r"<(?:h1|h2|h3)\b|class=\"(?:lede|publication)\"|<aside")
TAG = re.compile(r"<[^>]+>")
JOINERS = re.compile("[\u2060\u200b\u00ad]")
FONTS = """
@font-face { font-family: "Noto Sans KR"; font-weight: 400; src: url(../static/fonts/NotoSansKR-Regular.ttf); }
@font-face { font-family: "Noto Sans KR"; font-weight: 700; src: url(../static/fonts/NotoSansKR-Bold.ttf); }
@font-face { font-family: "Noto Sans JP"; font-weight: 400; src: url(../static/fonts/NotoSansJP-Regular.ttf); }
@font-face { font-family: "Noto Sans JP"; font-weight: 700; src: url(../static/fonts/NotoSansJP-Bold.ttf); }
@page { size: A4; margin: 20mm 57.64pt 22mm; }
html { font-size: 10pt; line-height: 1.6; }
html:lang(ko), html:lang(en) { font-family: "Noto Sans KR", "Noto Sans JP"; }
html:lang(ja) { font-family: "Noto Sans JP", "Noto Sans KR"; }
p { margin: 0 0 2.5mm; text-align: left; }
"""


def text_blocks(brief_html: str) -> list[tuple[str, bool]]:
    """The visible text of a brief's HTML, one string per block, as a reader sees it, and
    whether it prints bold (headings, lede, pull quote: the same fonts as the brief)."""
    body = brief_html.split("<body", 1)[1].split(">", 1)[1]
    parts = BLOCK.split(body)
    blocks, bold = [], False
    for i, part in enumerate(parts):
        if i % 2:  # a block tag: a bold one makes the next text bold
            bold = bold or bool(BOLD.search(part))
            continue
        text = JOINERS.sub("", " ".join(html_lib.unescape(TAG.sub("", part)).split()))
        if text:
            blocks.append((text, bold))
            bold = False
    return blocks


def plain_html(brief_html: str, locale: str) -> str:
    paragraphs = "\n".join(f"<p><b>{html_lib.escape(block)}</b></p>" if bold else f"<p>{html_lib.escape(block)}</p>"
                            for block, bold in text_blocks(brief_html))
    return (f'<!DOCTYPE html><html lang="{locale}"><head><meta charset="utf-8"><title>floor</title></head>'
            f"<body>\n{paragraphs}\n</body></html>")


@dataclass
class Pair:
    """Paired timings (seconds) of our brief and its plain floor, per locale."""

    ours: dict[str, list[float]] = field(default_factory=dict)
    floor: dict[str, list[float]] = field(default_factory=dict)

    def ratio(self, locale: str) -> float:
        return sum(self.ours[locale]) / sum(self.floor[locale])

    def summary(self) -> dict[str, dict[str, float]]:
        return {locale: {"ours_ms": 1000 * sum(self.ours[locale]) / len(self.ours[locale]),
                         "floor_ms": 1000 * sum(self.floor[locale]) / len(self.floor[locale]),
                         "ratio": self.ratio(locale), "briefs": len(self.ours[locale])}
                for locale in sorted(self.ours)}


def measure_pairs(renderer, items, pdf_options: dict, rounds: int = 1) -> Pair:  # type: ignore[no-untyped-def]
    """``items``: (doc, catalog). Ours is the whole brief path (template, typesetting, glyph
    check, sandbox, PDF); the floor renders the plain text of the same brief. Interleaved, each
    first every other time, after one warm-up of both per locale."""
    font_config = FontConfiguration()
    base_url = renderer.base_url
    stylesheet = CSS(string=FONTS, base_url=base_url, font_config=font_config)
    plains = [plain_html(renderer.html(doc, catalog), doc.locale) for doc, catalog in items]

    def floor(markup: str) -> bytes:
        return HTML(string=markup, base_url=base_url).write_pdf(
            stylesheets=[stylesheet], font_config=font_config, pdf_identifier=b"0" * 32, **pdf_options)

    warmed: set[str] = set()
    for (doc, catalog), markup in zip(items, plains):
        if doc.locale not in warmed:
            renderer.render(doc, catalog)
            floor(markup)
            warmed.add(doc.locale)
    pair = Pair()
    turn = 0
    for _ in range(rounds):
        for (doc, catalog), markup in zip(items, plains):
            both: list[Callable[[], object]] = [partial(renderer.render, doc, catalog), partial(floor, markup)]
            seconds = [0.0, 0.0]
            for which in ((0, 1) if turn % 2 == 0 else (1, 0)):
                started = time.perf_counter()
                both[which]()
                seconds[which] = time.perf_counter() - started
            turn += 1
            pair.ours.setdefault(doc.locale, []).append(seconds[0])
            pair.floor.setdefault(doc.locale, []).append(seconds[1])
    return pair
