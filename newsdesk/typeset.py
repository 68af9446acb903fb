"""Text hooks that turn plain text into safe markup for one medium and locale.

Pages rely on the browser (CSS ``word-break: keep-all``); briefs are typeset by our code,
since WeasyPrint ignores keep-all and has no text-autospace: Korean words are kept whole
with a nowrap span each, Japanese text gets a quarter-em beside Latin letters and digits
(as CSS margins, so copying text out of the PDF gives exactly the catalog's text), and
Japanese headlines break only between BudouX phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from markupsafe import Markup, escape

from . import inline
from .model import Text

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
KANA_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006"
KOREAN_WORD = re.compile(rf"\S*[{HANGUL}]\S*")
CJK = re.compile(rf"[{KANA_HAN}]")
LATIN = re.compile(r"[A-Za-z0-9]")


def korean_words(text: str) -> Markup:
    """Each Korean word in a nowrap span, so lines break only between words."""
    out, last = [], 0
    for match in KOREAN_WORD.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(Markup('<span class="kw">%s</span>') % match.group())
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def japanese_spacing(text: str) -> Markup:
    """A quarter-em between kana/kanji and Latin letters or digits (JLREQ 3.2.5).

    The space is a right margin on the character before the boundary, so it can never
    indent a line: at a line end it only falls into the margin.
    """
    return _spaced(text, _gaps(text), 0, len(text))


def _gaps(text: str) -> set[int]:
    """Positions of characters followed by a CJK/Latin boundary."""
    return {
        i
        for i in range(len(text) - 1)
        if (CJK.match(text[i]) and LATIN.match(text[i + 1])) or (LATIN.match(text[i]) and CJK.match(text[i + 1]))
    }


def _spaced(text: str, gaps: set[int], start: int, end: int) -> Markup:
    out, last = [], start
    for i in sorted(g for g in gaps if start <= g < end):
        out.append(escape(text[last:i]))
        out.append(Markup('<span class="gap">%s</span>') % text[i])
        last = i + 1
    out.append(escape(text[last:end]))
    return Markup("").join(out)


@cache
def _budoux():  # type: ignore[no-untyped-def]
    import budoux

    return budoux.load_default_japanese_parser()


def japanese_phrases(text: str) -> Markup:
    """BudouX phrases, each a nowrap span: a headline breaks only between phrases."""
    gaps = _gaps(text)
    out, start = [], 0
    for phrase in _budoux().parse(text):
        end = start + len(phrase)
        out.append(Markup('<span class="phrase">%s</span>') % _spaced(text, gaps, start, end))
        start = end
    return Markup("").join(out)


def print_hook(lang: str, headline: bool = False) -> Callable[[str], Markup]:
    if lang == "ko":
        return korean_words
    if lang == "ja":
        return japanese_phrases if headline else japanese_spacing
    return escape


INTERPUNCT_WORD = re.compile(r"\S*\u00b7\S*")


def korean_interpunct_words(text: str) -> Markup:
    """Words joined by a middle dot (한·일, 미·중) in a nowrap span: browsers break after U+00B7
    even under ``word-break: keep-all``, which splits 한·일 across lines."""
    out, last = [], 0
    for match in INTERPUNCT_WORD.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(Markup('<span class="kw">%s</span>') % match.group())
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def page_text(text: Text) -> Markup:
    """A Text for a web page; a pending (untranslated) one keeps its own language, marked."""
    html = inline.to_html(text.value, korean_interpunct_words if text.lang == "ko" else escape)
    return _mark_pending(text, html)


def print_text(text: Text, headline: bool = False) -> Markup:
    """A Text for a brief, typeset for its language."""
    return inline.to_html(text.value, print_hook(text.lang, headline))


def _mark_pending(text: Text, html: Markup) -> Markup:
    if not text.pending:
        return html
    return Markup('<span class="pending" lang="%s">%s</span>') % (text.lang, html)
