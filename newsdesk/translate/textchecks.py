"""The checks of ``newsdesk check``: their names and severities, and the comparison of each
translation with its source that it runs on every entry.

They are written for Korean and Japanese as much as for English: a check that fires on correct CJK
text (as pofilter's end-punctuation and spacing checks do) teaches translators to ignore the gate.
So 。 ends a sentence like ".", 「」 close a quote like “”, 2026年 and 14일 contain their numbers,
4차례 and 4回 count "four", and 양국 / 両国 say "the two countries".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from newsdesk.catalogs.glossary import Glossary, occurs, translation_has
from newsdesk.content import inline


@dataclass(frozen=True)
class Pair:
    """A source text and its translation, with what the checks need to judge them."""

    source: str
    translation: str
    source_locale: str
    locale: str
    python_format: bool = False
    glossary: Glossary | None = None


@dataclass(frozen=True)
class TextCheck:
    name: str
    severity: str  # "error": wrong output or meaning; "warning": style
    what: str  # one line for the docs and --help
    run: Callable[[Pair], Iterator[str]]


NAMED = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%%")


def placeholders(p: Pair) -> Iterator[str]:
    pattern = re.compile(f"{NAMED.pattern}|{POSITIONAL.pattern}") if p.python_format else NAMED
    source, translation = Counter(pattern.findall(p.source)), Counter(pattern.findall(p.translation))
    for item in sorted((source - translation).elements()):
        yield f"placeholder {item} of the source is missing from the translation"
    for item in sorted((translation - source).elements()):
        yield f"placeholder {item} is not in the source"


HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
LINK_LIKE = re.compile(r"\[[^\[\]]*\]\((\S*)")


def _kinds(text: str) -> Counter[str]:
    return Counter("link" if s.startswith("link(") else s for s in inline.markup_signature(text))


def _urls(text: str) -> list[str]:
    return [s[5:-1] for s in inline.markup_signature(text) if s.startswith("link(")]


def markup(p: Pair) -> Iterator[str]:
    """Only the inline Markdown of the source is rendered; anything else shows as literal text."""
    source, translation = _kinds(p.source), _kinds(p.translation)
    if source != translation:
        yield (f"inline markup differs: the source has {_list(source)}, "
               f"the translation has {_list(translation)}")
    for match in LINK_LIKE.finditer(p.translation):
        url = _balanced(match.group(1))
        if not inline.LINK.match(p.translation, match.start()) or not inline.SAFE_URL.match(url):
            yield f"link to '{url}' is refused and would show as text"
    extra = Counter(HTML_TAG.findall(p.translation)) - Counter(HTML_TAG.findall(p.source))
    for tag in sorted(extra):
        yield f"{tag} is not markup here: it would show as text"


def _balanced(text: str) -> str:
    """The link target up to the parenthesis that closes it."""
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return text[:i]
    return text


def _list(kinds: Counter[str]) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"


def links(p: Pair) -> Iterator[str]:
    sources = _urls(p.source)
    for url in _urls(p.translation):
        if url in sources:
            continue
        allowed = {u for s in sources for u in (p.glossary.localized_url(s, p.source_locale, p.locale)
                                                if p.glossary else ())}
        if url not in allowed:
            yield f"link target '{url}' is not the source's ({', '.join(sources) or 'no links'})"


DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
SCALE = re.compile(r"[\s-]*(thousand|million|billion|trillion)\b|\s?([백百천千만万萬억億조兆])", re.IGNORECASE)
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "백": 100, "百": 100,
          "천": 1000, "千": 1000, "만": 10**4, "万": 10**4, "萬": 10**4, "억": 10**8, "億": 10**8, "조": 10**12, "兆": 10**12}
KANJI = "〇一二三四五六七八九十"
ENGLISH = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


def _plain_number(text: str) -> str:
    """1,000 -> 1000; 007 -> 7; 3.5 stays."""
    value = re.sub(r",(?=\d{3}(?!\d))", "", text)
    return str(int(value)) if value.isdigit() else value


def _decimal(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _numbers(text: str) -> list[set[str]]:
    """Each number of a text, as the set of ways it may be written in digits.

    1,000 and 1000 are one number; 2026年 and 14일 contain theirs; a number with a scale word is also
    its value, so "1.2 billion" is found in 12억 and 12億, and 2만 in 20,000.
    """
    text = unicodedata.normalize("NFKC", inline.plain(text))
    matches = list(DIGITS.finditer(text))
    found: list[set[str]] = []
    i = 0
    while i < len(matches):
        raw = _plain_number(matches[i].group())
        i += 1
        if re.fullmatch(r"0+", raw):
            continue  # the ":00" of a time, which 10시 drops
        forms = {raw}
        scale = SCALE.match(text, matches[i - 1].end())
        if scale:
            unit = SCALES[(scale.group(1) or scale.group(2)).lower()]
            total = Decimal(raw) * unit
            while i < len(matches) and re.fullmatch(r"\s?", text[scale.end():matches[i].start()]):
                after = SCALE.match(text, matches[i].end())  # 1억 2000만: one number
                smaller = SCALES[(after.group(1) or after.group(2)).lower()] if after else 1
                if smaller >= unit or "." in matches[i].group():
                    break
                total += Decimal(_plain_number(matches[i].group())) * smaller
                i += 1
                if not after:
                    break
                scale, unit = after, smaller
            forms.add(_decimal(total))
        found.append(forms)
    return found


def _spelled(value: str, text: str, locale: str) -> bool:
    """A small number written out in the translation's own way (three, 三)."""
    if not value.isdigit() or int(value) > 20:
        return False
    n = int(value)
    if locale == "en":
        return occurs(ENGLISH[n], text.lower(), "en")
    if locale == "ja" and n <= 10:
        return (KANJI[n] if n < 10 else "十") in text
    return False


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CJK_MONTH = re.compile(r"(\d{1,2})\s*[月월]")


def numbers(p: Pair) -> Iterator[str]:
    translation = set().union(*_numbers(p.translation))
    months = {str(int(m)) for m in CJK_MONTH.findall(unicodedata.normalize("NFKC", p.source))}
    for forms in _numbers(p.source):
        value = min(forms, key=len)
        if forms & translation or _spelled(value, p.translation, p.locale):
            continue
        if value in months and p.locale == "en" and 1 <= int(value) <= 12 and (
                MONTHS[int(value) - 1] in p.translation or MONTHS[int(value) - 1][:3] + "." in p.translation):
            continue  # 1월 14일 -> January 14
        yield f"number {value} of the source is not in the translation"


NATIVE = {  # how Korean and Japanese say a small number the source spells out
    "ko": {2: "두 둘 양 쌍", 3: "세 셋", 4: "네 넷", 5: "다섯", 6: "여섯", 7: "일곱", 8: "여덟", 9: "아홉",
           10: "열", 11: "열한 열하나", 12: "열두 열둘"},
    "ja": {2: "二 両 ふた", 3: "三 みっ", 4: "四 よっ よん", 5: "五 いつ", 6: "六 むっ", 7: "七 なな",
           8: "八 やっ", 9: "九 ここの", 10: "十 とお", 11: "十一", 12: "十二"},
}
HANGUL = "\uac00-\ud7a3"


def number_words(p: Pair) -> Iterator[str]:
    """'four rounds' -> 4차례 / 4回; 'the two countries' -> 양국 / 両国. English sources only."""
    if p.source_locale != "en" or p.locale not in NATIVE:  # the languages whose number words it knows
        return
    digits = set().union(*_numbers(p.translation))
    for n, word in enumerate(ENGLISH):
        if n < 2 or n > 12 or not occurs(word, p.source.lower(), "en"):
            continue
        forms = NATIVE[p.locale][n].split()
        if p.locale == "ko":
            native = any(re.search(rf"(?<![{HANGUL}]){f}", p.translation) for f in forms)
        else:
            native = any(f in p.translation for f in forms)
        if str(n) not in digits and not native:
            yield f"the source says '{word}'; the translation has neither {n} nor {' / '.join(forms)}"


def glossary(p: Pair) -> Iterator[str]:
    if p.glossary is None:
        return
    terms = p.glossary.in_source(p.source, p.source_locale)
    for term in terms:
        forms = term.forms.get(p.locale)
        if not forms:
            continue
        found = next(f for f in term.forms[p.source_locale] if occurs(f, p.source, p.source_locale))
        # A source form that several rows share (한국무역협회: the full name and KITA's) accepts any of them.
        accepted = {f for t in terms if found in t.forms[p.source_locale] for f in t.forms.get(p.locale, ())}
        if not any(translation_has(f, p.translation, p.locale) for f in accepted):
            yield f"'{found}' must be translated as '{term.preferred(p.locale)}' ({p.glossary.path}:{term.line})"


def newlines(p: Pair) -> Iterator[str]:
    """msgfmt --check rejects these."""
    for edge, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(p.source, "\n") != test(p.translation, "\n"):
            yield f"source and translation do not both {edge} with a newline"


CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def whitespace(p: Pair) -> Iterator[str]:
    for edge, pattern in (("leading", r"^[ \t\u3000]*"), ("trailing", r"[ \t\u3000]*$")):
        source = re.search(pattern, p.source.replace("\n", "")).group()  # type: ignore[union-attr]
        translation = re.search(pattern, p.translation.replace("\n", "")).group()  # type: ignore[union-attr]
        if source != translation:
            yield f"{edge} whitespace differs: source {source!r}, translation {translation!r}"
    if "  " in p.translation.strip() and "  " not in p.source:
        yield "double space in the translation"
    if p.locale == "ja" and re.search(rf"[{CJK}] +[{CJK}]", p.translation):
        yield "space between Japanese characters"


STOPS = ".!?…。！？．"
COLONS = ":："
CLOSERS = "\"')]}”’」』）】〉》"
PAIRS = ("()", "（）", "「」", "『』", "“”", "[]", "【】")
FULL_WIDTH_IN_KOREAN = "。、，．：；！？（）"
CJK_IN_ENGLISH = "。、「」『』（）：；，！？【】"


def _ending(text: str) -> str:
    """'stop', 'colon' or '' for the last character before closing quotes and brackets."""
    text = text.rstrip().rstrip(CLOSERS).rstrip()
    last = text[-1:] if text else ""
    return "stop" if last and last in STOPS else "colon" if last and last in COLONS else ""


def punctuation(p: Pair) -> Iterator[str]:
    source, translation = p.source.strip(), p.translation.strip()
    if translation and translation[-1] not in CLOSERS:  # quote conventions differ: 「…」と / “…”
        expected, found = _ending(source), _ending(translation)
        stop = "。" if p.locale == "ja" else "."
        if expected == "stop" and found != "stop":
            yield f"the source ends a sentence; the translation does not end with '{stop}'"
        elif expected == "" and found == "stop" and translation[-1] not in "…":
            yield f"the translation ends with '{translation[-1]}', the source does not end a sentence"
        elif expected == "colon" and found != "colon":
            yield "the source ends with a colon; the translation does not"
    if p.locale == "ja":
        for match in re.finditer(rf"[{CJK}]([,.])(?!\d)", translation):
            yield f"ASCII '{match.group(1)}' after Japanese text: use '{'、' if match.group(1) == ',' else '。'}'"
    elif p.locale == "ko":
        found_marks = sorted({c for c in translation if c in FULL_WIDTH_IN_KOREAN})
        if found_marks:
            yield f"Japanese or full-width punctuation in Korean text: {' '.join(found_marks)}"
    elif p.locale == "en":
        found_marks = sorted({c for c in translation if c in CJK_IN_ENGLISH})
        if found_marks:
            yield f"CJK punctuation in English text: {' '.join(found_marks)}"
    for pair in PAIRS:
        if source.count(pair[0]) == source.count(pair[1]) and translation.count(pair[0]) != translation.count(pair[1]):
            yield f"unbalanced {pair[0]}{pair[1]} in the translation"


TEXT_CHECKS: tuple[TextCheck, ...] = (
    TextCheck("placeholders", "error", "%(name)s placeholders of the source, all of them and no others", placeholders),
    TextCheck("markup", "error", "the source's inline Markdown (emphasis, strong, code, links), no HTML, no refused links", markup),
    TextCheck("links", "error", "link targets as in the source, or the locale's own URL from the glossary", links),
    TextCheck("numbers", "error", "every number of the source, in digits or the locale's own form", numbers),
    TextCheck("glossary", "error", "official names in the form the glossary gives for the locale", glossary),
    TextCheck("newlines", "error", "leading and trailing newlines as in the source (msgfmt --check)", newlines),
    TextCheck("number-words", "warning", "numbers the English source spells out (four -> 4, 四, 넷)", number_words),
    TextCheck("whitespace", "warning", "no leading, trailing or double spaces the source does not have", whitespace),
    TextCheck("punctuation", "warning", "sentence ends, the locale's punctuation, balanced brackets", punctuation),
)


CATALOG_CHECKS = {  # checks of a whole catalog, made in checks.py: name -> (severity, what it means)
    "parse": ("error", "the catalog is valid PO in UTF-8, each msgid once"),
    "header": ("error", "Language, Plural-Forms and charset=UTF-8 right for the catalog's locale"),
    "characters": ("error", "no control, invisible (bidi override) or emoji characters: no bundled font prints them"),
    "format": ("error", "site.po: every '%' starts a placeholder the source passes ('%%' for a percent sign)"),
    "glossary-file": ("error", "locales/glossary.md is a readable table"),
    "sync": ("warning", "the catalog matches its document: run `newsdesk update` when it does not"),
}


def descriptions() -> list[tuple[str, str, str]]:
    """(name, severity, meaning) of every check, for ``--help`` and the docs."""
    return [(n, s, w) for n, (s, w) in CATALOG_CHECKS.items()] + [(c.name, c.severity, c.what) for c in TEXT_CHECKS]


def check_pair(pair: Pair) -> Iterator[tuple[TextCheck, str]]:
    for check in TEXT_CHECKS:
        for message in check.run(pair):
            yield check, message
