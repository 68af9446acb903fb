"""Text hooks that turn plain text into safe markup for one medium and locale.

Pages rely on the browser (CSS ``word-break: keep-all``); briefs are typeset by our code,
since WeasyPrint ignores keep-all, has no text-autospace and cannot justify Japanese:

- Korean words are kept whole with a nowrap span each.
- Japanese running text stays on a whole-em grid: each run of Latin letters or digits,
  with the space around it (a quarter em by JLREQ 3.2.5, stretched or shrunk as JLREQ 3.8
  allows when lines are adjusted), is made a whole number of em wide, so that lines of a
  whole-em measure end flush. The spaces are CSS margins on the character before the
  boundary, so they never indent a line and copying text out of the PDF gives exactly
  the catalog's text.
- Japanese headlines break only between BudouX phrases.
- English compounds (Korea-Japan) never break at their hyphen, so that every hyphen at a
  line end is one the hyphenator added, and text extraction can join it back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache

from markupsafe import Markup, escape

from newsdesk.content import inline
from newsdesk.content.model import Text
from newsdesk.locales import LOCALES, profile
from newsdesk.render.metrics import FontMetrics

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
KANA_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006"
KOREAN_WORD = re.compile(rf"\S*[{HANGUL}]\S*")
COMPOUND = re.compile(r"(?<![\w’'])[\w’']+(?:[-‑][\w’']+)+")  # from a word's start only
CJK = re.compile(rf"[{KANA_HAN}]")
LATIN = re.compile(r"[A-Za-z0-9]")
OPENING = "「『（〔［｛〈《【〘〖〝‘“"
QUARTER = 0.25
MIN_GAP = 1 / 12  # JLREQ 3.8 shrinks the CJK/Latin space to an eighth; a twelfth beats an em-wide hole
MAX_GAP = 0.5  # ... and stretch to half an em
PUNCT_MIN, PUNCT_MAX = -0.5, 0.5  # the blank half of punctuation squeezed away, or doubled
SAFETY = 0.002  # em kept back per run, so rounding never pushes a full line one character short


def korean_words(text: str) -> Markup:
    """Each Korean word in a nowrap span, so lines break only between words."""
    return _wrap(KOREAN_WORD, "kw", text)


def english_words(text: str) -> Markup:
    """Hyphenated compounds in a nowrap span: a line may end in a hyphen only where one was added."""
    if "-" not in text and "\u2011" not in text:  # most text: skip the regex (it tries every word)
        return escape(text)
    return _wrap(COMPOUND, "cw", text)


def _wrap(pattern: re.Pattern[str], cls: str, text: str) -> Markup:
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<span class="{cls}">{escape(match.group())}</span>')
        last = match.end()
    if not out:
        return escape(text)
    out.append(escape(text[last:]))
    return Markup("".join(out))


def japanese_spacing(text: str, metrics: FontMetrics | None = None) -> Markup:
    """Running Japanese text: quarter-em CJK/Latin spaces, fitted to the em grid when
    ``metrics`` tells how wide the Latin runs print (JLREQ 3.2.5, 3.8)."""
    if metrics is None:
        return _spaced(text, {i: QUARTER for i in _gaps(text)}, 0, len(text))
    return _spaced(text, grid_margins(text, metrics), 0, len(text))


def _gaps(text: str) -> set[int]:
    """Positions of characters followed by a CJK/Latin boundary."""
    return {
        i
        for i in range(len(text) - 1)
        if (CJK.match(text[i]) and LATIN.match(text[i + 1])) or (LATIN.match(text[i]) and CJK.match(text[i + 1]))
    }


def grid_margins(text: str, metrics: FontMetrics) -> dict[int, float]:
    """Right margins (em) by character position that make every off-grid run whole em.

    A run is a maximal stretch of characters whose advance is not a whole em (Latin,
    digits, spaces, Western punctuation). It and the spaces beside it are fitted to the
    whole em that keeps those spaces nearest the ideal: a quarter em beside kana or kanji
    (between a twelfth and half an em), and the blank half of adjacent punctuation or
    brackets stretched or squeezed by up to half an em, as JLREQ 3.8 adjusts lines. A run
    that cannot be fitted keeps plain quarter-em spaces rather than open a hole.
    """
    margins: dict[int, float] = {}
    for start, end in _off_grid_runs(text, metrics):
        before = start - 1 if start > 0 else None
        after = end if end < len(text) else None
        spots = []  # the character that carries each CJK/Latin space
        if before is not None and CJK.match(text[before]) and not text[start].isspace():
            spots.append(before)
        if after is not None and CJK.match(text[after]) and not text[end - 1].isspace():
            spots.append(end - 1)
        punctuation = _punctuation_spots(text, before, after, end)
        plan = _fit(metrics.width(text[start:end]), len(spots), len(punctuation))
        share, rest = plan if plan else (QUARTER, 0.0)
        for spot in spots:
            margins[spot] = margins.get(spot, 0.0) + share
        if punctuation and abs(rest) > 1e-6:
            for spot in punctuation:
                margins[spot] = margins.get(spot, 0.0) + rest / len(punctuation)
    return margins


def _fit(width: float, spaces: int, punctuation: int) -> tuple[float, float] | None:
    """(each CJK/Latin space, the punctuation's total adjustment) for the cheapest whole-em fit;
    ``punctuation`` blank halves can each be squeezed or stretched by up to half an em."""
    best: tuple[float, float] | None = None
    best_cost = math.inf
    ideal = width + QUARTER * spaces
    low, high = PUNCT_MIN * punctuation, PUNCT_MAX * punctuation
    for ems in range(max(1, math.floor(ideal)), math.ceil(ideal) + 2):
        extra = ems - width - SAFETY
        if spaces and punctuation:
            share = min(max(QUARTER, (extra - high) / spaces), MAX_GAP)
            share = max(min(share, (extra - low) / spaces), MIN_GAP)
            rest = extra - share * spaces
        elif spaces:
            share, rest = extra / spaces, 0.0
        elif punctuation:
            share, rest = 0.0, extra
        else:
            return None  # nothing beside it to take the difference
        if spaces and not MIN_GAP - 1e-9 <= share <= MAX_GAP + 1e-9:
            continue
        if not low - 1e-9 <= rest <= high + 1e-9:
            continue
        # Squeezing a bracket's blank half is ordinary Japanese setting; stretching it, or
        # widening the CJK/Latin space, shows as a hole (an editor's review): both cost more.
        cost = spaces * (abs(share - QUARTER) * (2 if share > QUARTER else 1)) + (rest * 2 if rest > 0 else -rest / 2)
        if cost < best_cost:
            best, best_cost = (share, rest), cost
    return best


def _punctuation_spots(text: str, before: int | None, after: int | None, end: int) -> list[int]:
    """Where the rest of a run's adjustment goes: after the punctuation that closes the run,
    and before the bracket that opens it (JLREQ adjusts at these spaces first). A run in
    brackets, （IPO）, can squeeze both brackets' blank halves."""
    spots = []
    if after is not None and not CJK.match(text[after]):
        spots.append(end - 1 if text[after] in OPENING else after)
    if before is not None and not CJK.match(text[before]):
        if text[before] not in OPENING:
            spots.append(before)
        elif before > 0:
            spots.append(before - 1)
    return sorted(set(spots))


def _off_grid_runs(text: str, metrics: FontMetrics) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for i, char in enumerate(text):
        off = abs(metrics.advance(char) - round(metrics.advance(char))) > 1e-6
        if off and start is None:
            start = i
        elif not off and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return runs


def _spaced(text: str, margins: dict[int, float], start: int, end: int) -> Markup:
    out, last = [], start
    for i in sorted(g for g in margins if start <= g < end):
        out.append(escape(text[last:i]))
        if margins[i] == QUARTER:
            out.append(Markup('<span class="gap">%s</span>') % text[i])
        else:
            out.append(Markup('<span class="gap" style="margin-right: %.4fem">%s</span>') % (margins[i], text[i]))
        last = i + 1
    out.append(escape(text[last:end]))
    return Markup("").join(out)


@cache
def _budoux():  # type: ignore[no-untyped-def]
    import budoux

    return budoux.load_default_japanese_parser()


def japanese_phrases(text: str) -> Markup:
    """BudouX phrases, each a nowrap span: a headline breaks only between phrases."""
    margins = {i: QUARTER for i in _gaps(text)}
    out, start = [], 0
    for phrase in _budoux().parse(text):
        end = start + len(phrase)
        out.append(Markup('<span class="phrase">%s</span>') % _spaced(text, margins, start, end))
        start = end
    return Markup("").join(out)


def no_runt(hook: Callable[[str], Markup]) -> Callable[[str], Markup]:
    """A headline's last two words stay together: no line of a headline is a single short word."""

    def typeset(text: str) -> Markup:
        words = text.rstrip().rsplit(" ", 2)
        if len(words) < 3 or len(words[1]) + len(words[2]) > 24:
            return hook(text)
        head = text[: len(text) - len(words[1]) - len(words[2]) - 1]
        tail = text[len(head) :]
        return hook(head) + Markup('<span class="nb">%s</span>') % hook(tail)

    return typeset


# The hooks a locale profile (newsdesk/locales.py) can name. Running text in a brief gets the
# metrics of the font it prints in; a headline keeps its last two words together.
PRINT_HOOKS: dict[str, Callable[[FontMetrics | None], Callable[[str], Markup]]] = {
    "korean_words": lambda metrics: korean_words,
    "english_words": lambda metrics: english_words,
    "japanese_em_grid": lambda metrics: lambda text: japanese_spacing(text, metrics),
}
HEADLINE_HOOKS: dict[str, Callable[[str], Markup]] = {
    "korean_words": no_runt(korean_words),
    "english_words": no_runt(english_words),
    "japanese_phrases": japanese_phrases,
}


def print_hook(lang: str, headline: bool = False, metrics: FontMetrics | None = None) -> Callable[[str], Markup]:
    locale = profile(lang)
    return HEADLINE_HOOKS[locale.headline_hook] if headline else PRINT_HOOKS[locale.print_hook](metrics)


INTERPUNCT_WORD = re.compile(r"\S*\u00b7\S*")


def korean_interpunct_words(text: str) -> Markup:
    """Words joined by a middle dot (한·일, 미·중) in a nowrap span: browsers break after U+00B7
    even under ``word-break: keep-all``, which splits 한·일 across lines."""
    if "\u00b7" not in text:
        return escape(text)
    return _wrap(INTERPUNCT_WORD, "kw", text)


# The hooks a profile can name for web pages, and each locale's (by its profile).
PAGE_HOOK_NAMES: dict[str, Callable[[str], Markup]] = {
    "korean_interpunct_words": korean_interpunct_words,
    "english_words": english_words,
}
PAGE_HOOKS: dict[str, Callable[[str], Markup]] = {
    code: PAGE_HOOK_NAMES[locale.page_hook] for code, locale in LOCALES.items() if locale.page_hook
}


def page_text(text: Text) -> Markup:
    """A Text for a web page; a pending (untranslated) one keeps its own language, marked.
    Browsers break after a hyphen (Korea- / Japan) and after a middle dot (한· / 일): such
    compounds are kept whole."""
    html = inline.to_html(text.value, PAGE_HOOKS.get(text.lang, escape))
    return _mark_pending(text, html)


def print_text(text: Text, headline: bool = False, metrics: FontMetrics | None = None) -> Markup:
    """A Text for a brief, typeset for its language (``metrics``: the font it prints in)."""
    return inline.to_html(text.value, print_hook(text.lang, headline, metrics))


def _mark_pending(text: Text, html: Markup) -> Markup:
    if not text.pending:
        return html
    return Markup('<span class="pending" lang="%s">%s</span>') % (text.lang, html)
