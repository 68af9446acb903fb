"""The typesetting hooks: Korean words whole, Japanese set solid, English compounds whole."""

from __future__ import annotations

import re

import pytest

from newsdesk.content.model import Segment, Text
from newsdesk.render.typeset import (
    WORD_JOINER,
    english_words,
    japanese_phrases,
    korean_words,
    print_hook,
    print_text,
)

SAMPLES = [
    "韓国貿易協会は1月14日、「AI時代の韓日産業協力に関する共同声明」を発表した。",
    "新規株式公開（IPO）の活性化とセカンダリー市場の拡大",
    "本声明は、2024年5月以降ソウルと大阪で開かれた4回にわたる議論の成果である。",
]


def without_joiners(html: object) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).replace(WORD_JOINER, "").replace("&amp;", "&")


def text(value: str, lang: str) -> Text:
    return Text(value, lang, False, Segment(value, "body[0]", 1))


@pytest.mark.parametrize("sample", SAMPLES)
def test_japanese_running_text_is_set_solid(sample: str) -> None:
    """Dates, counters and Latin words beside kana and kanji get no added space: nothing a copy
    could pick up as a space, "1月14日" as a Japanese newspaper sets it."""
    html = str(print_text(text(sample, "ja")))
    assert "<" not in html and "margin" not in html
    assert without_joiners(html) == sample
    assert WORD_JOINER not in html[: -8]  # only the paragraph's last characters are joined


def test_a_japanese_paragraph_never_ends_on_one_character() -> None:
    html = str(print_text(text("共同声明には具体策が盛り込まれた。", "ja")))
    assert html.endswith(WORD_JOINER.join("まれた。"))


def test_japanese_headlines_break_only_between_phrases() -> None:
    html = str(japanese_phrases("韓日の経済人、「韓日経済共同体」を提唱"))
    phrases = html.split(WORD_JOINER)
    assert without_joiners(html) == "韓日の経済人、「韓日経済共同体」を提唱"
    assert len(phrases) > 5 and "韓日経済共同体" not in html  # the phrase's characters are joined


def test_korean_words_are_kept_whole() -> None:
    sample = "한국과 일본 경제인들이 ‘한·일 경제공동체’ 구축을 AI로 촉구했다."
    html = str(korean_words(sample))
    assert "<" not in html  # no span per word: joiners cost WeasyPrint nothing
    assert without_joiners(html) == sample
    for word in html.split(" "):  # every place a line may break inside a word is joined
        if re.search(r"[가-힣]", word):
            assert re.fullmatch(rf"(?:[A-Za-z0-9]+|[^ {WORD_JOINER}])(?:{WORD_JOINER}(?:[A-Za-z0-9]+|[^ {WORD_JOINER}]))*", word), word


def test_a_korean_lede_keeps_its_last_two_words_together() -> None:
    html = str(print_text(text("경제인들이 양국 정부에 정책 전환을 촉구했다.", "ko"), display=True))
    assert "nb" not in str(print_text(text("경제인들이 양국 정부에 정책 전환을 촉구했다.", "ko")))  # running text: justified, not loosened
    assert re.search(r'<span class="nb">[^<]*전환을 [^<]*촉구했다\.</span>$', html.replace(WORD_JOINER, ""))


def test_english_compounds_never_break_at_their_hyphen() -> None:
    html = str(english_words("The Korea-Japan Exchange, AI-based, next-generation — done."))
    assert html.count("-" + WORD_JOINER) == 3 and "Korea-" + WORD_JOINER + "Japan" in html
    assert without_joiners(html) == "The Korea-Japan Exchange, AI-based, next-generation — done."



def test_headlines_keep_their_last_two_words_together() -> None:
    html = str(print_hook("en", headline=True)("Joint Statement on Cooperation in the Era of Artificial Intelligence (AI)"))
    assert html.endswith('<span class="nb">Intelligence (AI)</span>')
