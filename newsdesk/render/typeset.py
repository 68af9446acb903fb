"""Text hooks that turn plain text into safe markup for one medium and locale.

Pages rely on the browser (CSS ``word-break: keep-all``); briefs are typeset by our code,
since WeasyPrint ignores keep-all. Briefs keep words whole with U+2060 WORD JOINER, which
prints nothing, is not copied out of the PDF and costs WeasyPrint nothing, where a nowrap span
a word cost several times the plain rendering of the same text:

- Korean words are kept whole; a paragraph's last two words stay together.
- Japanese running text is set solid, Latin and digits included ("1月14日", "4回", "AI時代"),
  as Japanese newspapers set it; a paragraph never ends on one character.
- Japanese headlines break only between BudouX phrases.
- English compounds (Korea-Japan) never break at their hyphen, so that every hyphen at a
  line end is one the hyphenator added, and text extraction can join it back.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import cache

from markupsafe import Markup, escape

from newsdesk.content import inline
from newsdesk.content.model import Text
from newsdesk.locales import LOCALES, profile

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
KOREAN_WORD = re.compile(rf"\S*[{HANGUL}]\S*")
COMPOUND = re.compile(r"(?<![\w’'])[\w’']+(?:[-‑][\w’']+)+")  # from a word's start only


WORD_JOINER = "\u2060"
SOLID = re.compile(r"[A-Za-z0-9]")


def korean_words(text: str) -> Markup:
    """Each Korean word kept whole by a WORD JOINER (U+2060) between its characters, so lines
    break only at the spaces between words. Joiners are default-ignorable: they print nothing
    and text copied from the PDF has none. A nowrap span per word did the same at several times
    the cost (a Korean article: 813 ms with spans, 164 ms with joiners, measured in WeasyPrint)."""
    return escape(KOREAN_WORD.sub(lambda match: _joined(match.group()), text))


def _joined(word: str) -> str:
    """A joiner wherever a line could otherwise break: not inside runs of Latin letters or digits."""
    out = [word[0]]
    for before, char in itertools.pairwise(word):
        if not (SOLID.match(before) and SOLID.match(char)):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def english_words(text: str) -> Markup:
    """Hyphenated compounds kept whole (a joiner after each hyphen): a line may end in a hyphen
    only where the hyphenator added one, so a copy can join it back."""
    if "-" not in text and "\u2011" not in text:  # most text: skip the regex (it tries every word)
        return escape(text)
    return escape(COMPOUND.sub(lambda match: re.sub("([-\u2011])", "\\1" + WORD_JOINER, match.group()), text))


def english_words_on_pages(text: str) -> Markup:
    """On pages, compounds in a nowrap span: a joiner would be copied out of a browser."""
    if "-" not in text and "\u2011" not in text:
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


def japanese_text(text: str) -> Markup:
    """Running Japanese text as the catalog gives it: Latin words and digits set solid beside
    kana and kanji, as Japanese newspapers set "1月14日" and "4回" (no added space, so nothing
    for a copy to pick up)."""
    return escape(text)


def japanese_last_line(text: str) -> Markup:
    """The end of a paragraph kept to a few characters, never one: "盛り込まれた。" does not end
    on "た。" alone. The last characters (up to the last space) are joined."""
    tail = text[-TAIL:]
    if " " in tail:
        tail = tail[tail.rindex(" ") + 1 :]
    if len(tail) < 2:
        return escape(text)
    return escape(text[: len(text) - len(tail)] + WORD_JOINER.join(tail))


TAIL = 4  # characters, punctuation included: a last line of at least two kana or kanji


@cache
def _budoux():  # type: ignore[no-untyped-def]
    import budoux

    return budoux.load_default_japanese_parser()


def japanese_phrases(text: str) -> Markup:
    """A headline breaks only between BudouX phrases: each phrase's characters joined."""
    return escape("".join(WORD_JOINER.join(phrase) for phrase in _budoux().parse(text)))


def korean_last_words(text: str) -> Markup:
    """A paragraph's last two words stay on one line: no line of a lede or quote is a lone
    "촉구했다." (one span a paragraph: cheap)."""
    words = text.rstrip().rsplit(" ", 2)
    if len(words) < 3 or len(words[1]) + len(words[2]) > 16:
        return korean_words(text)
    head = text[: len(text) - len(words[1]) - len(words[2]) - 1]
    return korean_words(head) + Markup('<span class="nb">%s</span>') % korean_words(text[len(head) :])


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


# The hooks a locale profile (newsdesk/locales.py) can name: running text in a brief, and
# headlines, which keep their last two words together.
PRINT_HOOKS: dict[str, Callable[[str], Markup]] = {
    "korean_words": korean_words,
    "english_words": english_words,
    "japanese_text": japanese_text,
}
HEADLINE_HOOKS: dict[str, Callable[[str], Markup]] = {
    "korean_words": no_runt(korean_words),
    "english_words": no_runt(english_words),
    "japanese_phrases": japanese_phrases,
}


def print_hook(lang: str, headline: bool = False) -> Callable[[str], Markup]:
    locale = profile(lang)
    return HEADLINE_HOOKS[locale.headline_hook] if headline else PRINT_HOOKS[locale.print_hook]


def english_last_words(text: str) -> Markup:
    """A paragraph's last word is never hyphenated: no lone "tion." line."""
    words = text.rstrip().rsplit(" ", 1)
    if len(words) < 2:
        return english_words(text)
    head = text[: len(text) - len(words[1])]
    return english_words(head) + Markup('<span class="nb">%s</span>') % english_words(text[len(head) :])


# How a paragraph ends, by the hook a profile names: a Japanese last line is never one
# character, an English last word never hyphenated; display text (lede, pull quote) also keeps a
# Korean paragraph's last two words together (in running text that would only loosen the line before).
LAST_LINE_HOOKS: dict[str, Callable[[str], Markup]] = {
    "japanese_last_line": japanese_last_line,
    "english_last_words": english_last_words,
    "korean_last_words": korean_last_words,
}


# Browsers break inside a word after a middle dot or a closing quote, and before an opening
# bracket or quote: 한·/일, 시점”/이라고, 벤처캐피털/(CVC)의.
BREAKABLE_INSIDE = "\u00b7([{“‘\"'「『〈《)]}”’」』〉》"
_BREAKABLE = re.compile(f"[{re.escape(BREAKABLE_INSIDE)}]")  # one search, not a test per character


def korean_page_words(text: str) -> Markup:
    """Korean words a browser would split, each in a nowrap span: Chromium breaks around
    punctuation inside a word even under ``word-break: keep-all``. Other words need nothing."""
    if not _BREAKABLE.search(text):
        return escape(text)
    out: list[str] = []
    last = 0
    for match in KOREAN_WORD.finditer(text):
        word = match.group()
        if _BREAKABLE.search(word, 1, len(word) - 1):
            out.append(escape(text[last : match.start()]))
            out.append(Markup('<span class="kw">%s</span>') % word)
            last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


# The hooks a profile can name for web pages, and each locale's (by its profile).
PAGE_HOOK_NAMES: dict[str, Callable[[str], Markup]] = {
    "korean_page_words": korean_page_words,
    "english_words_on_pages": english_words_on_pages,
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


def print_text(text: Text, headline: bool = False, display: bool = False,
               link: inline.LinkHook | None = None) -> Markup:
    """A Text for a brief, typeset for its language; a paragraph's last line is never one
    character (Japanese) or a hyphenated fragment (English), nor a lone word in display text."""
    hook = print_hook(text.lang, headline)
    locale = profile(text.lang)
    name = None if headline else locale.display_last_line_hook if display else locale.last_line_hook
    last = LAST_LINE_HOOKS[name] if name else None
    if last is None:
        return inline.to_html(text.value, hook, link)
    value = text.value
    return inline.to_html(value, lambda part: last(part) if value.endswith(part) else hook(part), link)


def _mark_pending(text: Text, html: Markup) -> Markup:
    if not text.pending:
        return html
    return Markup('<span class="pending" lang="%s">%s</span>') % (text.lang, html)
