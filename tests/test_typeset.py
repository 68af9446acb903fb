"""The typesetting hooks: Korean words whole, Japanese on the em grid, English compounds whole."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from newsdesk.render.metrics import font_metrics
from newsdesk.render.typeset import english_words, grid_margins, japanese_spacing, korean_words, print_hook

FONTS = ROOT / "templates" / "static" / "fonts"
REGULAR = font_metrics(FONTS, ("NotoSansJP-Regular.ttf", "NotoSansKR-Regular.ttf"))
BOLD = font_metrics(FONTS, ("NotoSansJP-Bold.ttf", "NotoSansKR-Bold.ttf"))
SAMPLES = [
    "韓国貿易協会は1月14日、「AI時代の韓日産業協力に関する共同声明」を発表した。",
    "新規株式公開（IPO）の活性化とセカンダリー市場の拡大",
    "共同成果をASEANに展開へ",
    "AI診断、新薬開発で協力の余地がある",
    "© アジア経済（www.asiae.co.kr）無断転載・転用を禁じます。",
    "本声明は、2024年5月以降ソウルと大阪で開かれた4回にわたる議論の成果である。",
]


@pytest.mark.parametrize("metrics", [REGULAR, BOLD])
@pytest.mark.parametrize("text", SAMPLES[:3] + SAMPLES[5:])
def test_japanese_text_lands_on_the_em_grid(text: str, metrics: object) -> None:
    """Every kana and kanji starts on a whole em (brackets beside a Latin run may move by the
    adjustment JLREQ allows, the next letter is back on the grid)."""
    margins = grid_margins(text, metrics)  # type: ignore[arg-type]
    position = 0.0
    for i, char in enumerate(text):
        if re.match(r"[\u3040-\u30ff\u4e00-\u9fff]", char):
            assert abs(position - round(position)) < 0.01, (text[:i], position)
        position += metrics.advance(char) + margins.get(i, 0.0)  # type: ignore[attr-defined]


def test_a_run_that_cannot_fit_keeps_a_plain_quarter_em() -> None:
    """Bold "AI" opening a text would need a twelfth of an em or more than half: neither."""
    assert grid_margins("AI診断", BOLD) == {1: 0.25}


@pytest.mark.parametrize("text", SAMPLES)
def test_japanese_spaces_stay_within_jlreq_bounds(text: str) -> None:
    for i, margin in grid_margins(text, REGULAR).items():
        assert -0.5 <= margin <= 0.75, (text, i, margin)


def test_japanese_spacing_never_indents_and_never_adds_characters() -> None:
    for text in SAMPLES:
        html = str(japanese_spacing(text, REGULAR))
        assert "margin-left" not in html and "padding" not in html
        assert re.sub(r"<[^>]+>", "", html).replace("&amp;", "&") == text


def test_korean_words_are_kept_whole() -> None:
    html = str(korean_words("한국과 일본 경제인들이 ‘한·일 경제공동체’ 구축을 AI로 촉구했다."))
    assert '<span class="kw">‘한·일</span>' in html
    assert '<span class="kw">촉구했다.</span>' in html
    assert re.sub(r"<[^>]+>", "", html) == "한국과 일본 경제인들이 ‘한·일 경제공동체’ 구축을 AI로 촉구했다."


def test_english_compounds_never_break_at_their_hyphen() -> None:
    html = str(english_words("The Korea-Japan Exchange, AI-based, next-generation — done."))
    assert html.count('class="cw"') == 3 and '<span class="cw">Korea-Japan</span>' in html


def test_headlines_keep_their_last_two_words_together() -> None:
    html = str(print_hook("en", headline=True)("Joint Statement on Cooperation in the Era of Artificial Intelligence (AI)"))
    assert html.endswith('<span class="nb">Intelligence (AI)</span>')
