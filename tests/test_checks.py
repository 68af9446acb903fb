"""`check`, the CI gate: each problem as `path:line: [check] message`; correct CJK text raises nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_tools import ARTICLE, JA_PO, KO_PO, edit, entry, translate
from helpers import FIXTURES, SITE, copy_project, run_build

from newsdesk.catalogs.glossary import load_glossary
from newsdesk.translate.textchecks import Pair, check_pair

KO_STATEMENT = "locales/ko/content/korea-japan-ai-joint-statement.po"
KO_SITE = "locales/ko/site.po"
CATALOG_COUNT = 11  # the fixture site's: 4 documents x 2 translations, 3 site catalogs


def check(project: Path, *args: str) -> tuple[int, list[str]]:
    result = run_build(project, "check", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout.splitlines()


@pytest.mark.e2e
def test_the_fixture_site_catalogs_pass_even_strictly(project: Path) -> None:
    code, lines = check(project, "--strict")
    assert lines == [f"check: {CATALOG_COUNT} catalogs, 0 errors, 0 warnings"] and code == 0


@pytest.mark.e2e
def test_the_korean_source_fixture_passes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "korean-source")
    code, lines = check(project, "--strict", "--document", "newsdesk-launch")
    assert code == 0, lines


CASES = {  # name: (catalog, msgid, bad translation, expected "[check] message" start)
    "placeholder lost": (KO_SITE, "Download the PDF brief", "PDF 브리핑 내려받기", "[placeholders] placeholder %(size)s of the source is missing"),
    "placeholder renamed": (KO_SITE, "Download the PDF brief", "PDF 브리핑 (%(sise)s)", "[placeholders] placeholder %(size)s"),
    "markup added": (JA_PO, "AI infrastructure", "**AI**インフラ", "[markup] inline markup differs: the source has none, the translation has 1 strong"),
    "html": (JA_PO, "AI infrastructure", "<script>alert(1)</script>AIインフラ", "[markup] </script> is not markup here"),
    "javascript link": (JA_PO, "AI infrastructure", "[AI](javascript:alert(1))インフラ", "[markup] link to 'javascript:alert(1)' is refused"),
    "year": (KO_PO, "On January 14", None, "[numbers] number 2024 of the source is not in the translation"),
    "glossary": (KO_STATEMENT, "Japan Association of Corporate Executives", "일본 경제동우회", "[glossary] 'Japan Association of Corporate Executives' must be translated as '일본경제동우회' (locales/glossary.md:"),
    "newline": (KO_SITE, "Tags", "태그\n", "[newlines] source and translation do not both end with a newline"),
    "number word": (KO_PO, "A joint statement sums up four", "‘한일경제라운드테이블’ 여러 차례 논의 결과", "warning: [number-words] the source says 'four'"),
    "trailing space": (KO_SITE, "Tags", "태그 ", "warning: [whitespace] trailing whitespace differs"),
    "japanese full stop": (JA_PO, "Newsdesk staff", "ニュースデスク編集部.", "warning: [punctuation] ASCII '.' after Japanese text: use '。'"),
    "missing full stop": (JA_PO, "This is a critical moment", "今は重要な時期だ", "warning: [punctuation] the source ends a sentence; the translation does not end with '。'"),
    "japanese stop in korean": (KO_PO, "Trade", "무역。", "warning: [punctuation] Japanese or full-width punctuation in Korean text: 。"),
    "unbalanced bracket": (JA_PO, "The Asia Business Daily", "「アジア経済", "warning: [punctuation] unbalanced 「」"),
}


@pytest.mark.e2e
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check_reports_its_problem_with_file_and_line(case: str, project: Path) -> None:
    rel, msgid, bad, expected = CASES[case]
    if bad is None:  # the year: change it inside the long Korean paragraph
        bad = entry(project, rel, msgid).msgstr[0].replace("2024년", "2023년")
    line = translate(project, rel, msgid, bad)
    code, lines = check(project)
    assert f"{rel}:{line}: {expected}" in "\n".join(lines), lines
    assert code == (0 if expected.startswith("warning:") else 1)
    assert len(lines) >= 2 and lines[-1].startswith(f"check: {CATALOG_COUNT} catalogs, ")


@pytest.mark.e2e
def test_warnings_fail_only_with_strict(project: Path) -> None:
    translate(project, KO_SITE, "Tags", "태그 ")
    assert check(project)[0] == 0
    code, lines = check(project, "--strict")
    assert code == 1 and lines[-1] == f"check: {CATALOG_COUNT} catalogs, 0 errors, 1 warnings"


@pytest.mark.e2e
def test_fuzzy_and_untranslated_entries_are_not_judged(project: Path) -> None:
    translate(project, KO_SITE, "Download the PDF brief", "PDF 브리핑 내려받기", flags=("fuzzy", "python-format"))
    translate(project, KO_SITE, "Tags", "")
    assert check(project, "--strict") == (0, [f"check: {CATALOG_COUNT} catalogs, 0 errors, 0 warnings"])


@pytest.mark.e2e
def test_header_parse_and_sync_problems(project: Path) -> None:
    edit(project, JA_PO, '"Language: ja\\n"', '"Language: ko\\n"')
    edit(project, KO_STATEMENT, 'msgid "Korea-Japan relations"', "msgid Korea-Japan relations")
    edit(project, ARTICLE, "  - Trade\n", "  - Trade\n  - Economy\n")
    code, lines = check(project)
    assert code == 1
    text = "\n".join(lines)
    language_line = (project / JA_PO).read_text(encoding="utf-8").split("\n").index('"Language: ko\\n"') + 1
    assert f"{JA_PO}:{language_line}: [header] Language header is 'ko', expected 'ja'" in text
    broken = (project / KO_STATEMENT).read_text(encoding="utf-8").split("\n").index("msgid Korea-Japan relations") + 1
    assert f"{KO_STATEMENT}:{broken}: [parse] expected a quoted string" in text
    assert f"{KO_PO}: warning: [sync] 1 segment(s) of korea-japan-economic-community have no entry" in text


@pytest.mark.e2e
def test_links_keep_their_target_unless_the_glossary_gives_the_locale_its_own(project: Path) -> None:
    edit(project, ARTICLE, "KITA and the Japan Association of Corporate Executives have also agreed",
         "[KITA](https://www.kita.net/) and the Japan Association of Corporate Executives have also agreed")
    assert run_build(project, "update").returncode == 0
    msgstr = entry(project, KO_PO, "[KITA]").msgstr[0]
    line = translate(project, KO_PO, "[KITA]", msgstr.replace("무협과", "[무협](https://evil.example/)과"), flags=())
    _, lines = check(project)
    assert f"{KO_PO}:{line}: [links] link target 'https://evil.example/' is not the source's (https://www.kita.net/)" in lines
    translate(project, KO_PO, "[KITA]", msgstr.replace("무협과", "[무협](https://www.kita.net/)과"), flags=())
    assert check(project, "--strict")[0] == 0
    with (project / "locales" / "glossary.md").open("a", encoding="utf-8") as handle:
        handle.write("\n| en | ko |\n|---|---|\n| https://www.kita.net/ | https://www.kita.or.kr/ |\n")
    _, lines = check(project)
    assert any("[glossary] 'https://www.kita.net/' must be translated as 'https://www.kita.or.kr/'" in l for l in lines)
    translate(project, KO_PO, "[KITA]", msgstr.replace("무협과", "[무협](https://www.kita.or.kr/)과"), flags=())
    assert check(project, "--strict")[0] == 0


@pytest.mark.e2e
def test_a_malformed_glossary_is_an_error(project: Path) -> None:
    with (project / "locales" / "glossary.md").open("a", encoding="utf-8") as handle:
        handle.write("\n| en | ko | fr |\n|---|---|---|\n| a | b |\n")
    code, lines = check(project)
    assert code == 1
    assert any(l.startswith("locales/glossary.md:") and "[glossary-file] unknown glossary column(s) fr" in l for l in lines)


GLOSSARY = load_glossary(SITE / "locales", SITE)  # the fixture site's copy of the glossary

CORRECT = [  # (source, translation, source locale, locale): correct text that no check may fire on
    ("The meeting ran from 9:00 to 10:30.", "회의는 9시부터 10시 30분까지 열렸다.", "en", "ko"),
    ("The meeting ran from 9:00 to 10:30.", "会議は9時から10時30分まで開かれた。", "en", "ja"),
    ("Sales rose 5% to 1,200 units in 2025.", "판매량은 2025년 5% 늘어 1200대를 기록했다.", "en", "ko"),
    ("Sales rose 5% to 1,200 units in 2025.", "2025年の販売台数は5%増の1,200台だった。", "en", "ja"),
    ("Investment reached 1.2 billion dollars.", "투자액은 12억 달러에 달했다.", "en", "ko"),
    ("Investment reached 300 billion won.", "投資額は3000億ウォンに達した。", "en", "ja"),
    ("20,000 people attended.", "2만 명이 참석했다.", "en", "ko"),
    ("2만 명이 참석했다.", "20,000 people attended.", "ko", "en"),
    ("1억2000만 원", "120 million won", "ko", "en"),
    ("He said: “We will meet again.”", "彼は「また会おう」と述べた。", "en", "ja"),
    ("He said: “We will meet again.”", "그는 “다시 만나자”고 말했다.", "en", "ko"),
    ("“We will meet again.”", "「また会おう」", "en", "ja"),
    ("The two countries agreed.", "양국은 합의했다.", "en", "ko"),
    ("The two countries agreed.", "両国は合意した。", "en", "ja"),
    ("Four rounds were held.", "네 차례 회의가 열렸다.", "en", "ko"),
    ("Four rounds were held.", "会合は四回開かれた。", "en", "ja"),
    ("Three visions", "3つのビジョン", "en", "ja"),
    ("Source:", "出典：", "en", "ja"),
    ("Source:", "출처:", "en", "ko"),
    ("Healthcare, startups and ASEAN", "医療、スタートアップ、ASEAN", "en", "ja"),
    ("Is this the start?", "これが始まりか？", "en", "ja"),
    ("Is this the start?", "이것이 시작일까?", "en", "ko"),
    ("Visit [our site](https://example.org/) and read *this*.", "[사이트](https://example.org/)를 방문해 *이 글*을 읽으세요.", "en", "ko"),
    ("A **bold** move with `code`.", "**大胆な**一手と`code`。", "en", "ja"),
    ("Published by %(publisher)s.", "%(publisher)sが発行。", "en", "ja"),
    ("세 언어로 발행", "Published in three languages", "ko", "en"),
    ("3言語で発行", "Published in three languages", "ja", "en"),
    ("2026년 1월 14일 서울에서", "In Seoul on January 14, 2026", "ko", "en"),
    ("2026年1月14日、ソウルで", "In Seoul on January 14, 2026", "ja", "en"),
    ("조현준 회장은 한국무역협회에서 말했다.", "Chairman Hyojun Cho spoke at the Korea International Trade Association.", "ko", "en"),
    ("Hyojun Cho, chairman of Hyosung Group", "暁星グループの趙顕俊会長", "en", "ja"),
    ("KITA and the Japan Association of Corporate Executives", "무협과 일본경제동우회", "en", "ko"),
    ("© The Asia Business Daily (www.asiae.co.kr). All rights reserved.", "© アジア経済（www.asiae.co.kr）無断転載を禁じます。", "en", "ja"),
    ("Korea–Japan", "한일", "en", "ko"),
    ("Seoul and Osaka since May 2024.", "2024年5月以降のソウルと大阪。", "en", "ja"),
]


@pytest.mark.parametrize("source, translation, source_locale, locale", CORRECT)
def test_correct_korean_japanese_and_english_raise_nothing(source: str, translation: str, source_locale: str, locale: str) -> None:
    found = [f"[{c.name}] {m}" for c, m in check_pair(Pair(source, translation, source_locale, locale, True, GLOSSARY))]
    assert found == []


WRONG = [  # (source, translation, source locale, locale, the check that must fire)
    ("Sales rose in 2025.", "판매량은 2024년 늘었다.", "en", "ko", "numbers"),
    ("2026年1月14日", "On the 14th, 2026", "ja", "en", "numbers"),
    ("1.2 billion dollars", "1억2000만 달러", "en", "ko", "numbers"),
    ("Three visions", "ビジョン", "en", "ja", "number-words"),
    ("Hyojun Cho spoke.", "조현 회장이 말했다.", "en", "ko", "glossary"),
    ("Osaka", "오사까", "en", "ko", "glossary"),
    ("The end.", "おわり.", "en", "ja", "punctuation"),
    ("Headline", "Headline。", "en", "en", "punctuation"),
    ("Text", "テキスト  です", "en", "ja", "whitespace"),
    ("Text", "日本 語", "en", "ja", "whitespace"),
    ("A `code` span", "コードスパン", "en", "ja", "markup"),
    ("[a](https://a.example/)", "[a](https://b.example/)", "en", "ja", "links"),
]


@pytest.mark.parametrize("source, translation, source_locale, locale, name", WRONG)
def test_wrong_translations_are_caught(source: str, translation: str, source_locale: str, locale: str, name: str) -> None:
    found = {c.name for c, _ in check_pair(Pair(source, translation, source_locale, locale, True, GLOSSARY))}
    assert name in found


@pytest.mark.e2e
def test_help_lists_every_check_with_its_severity() -> None:
    result = run_build(SITE, "check", "--help")
    for name, severity in [("placeholders", "error"), ("glossary", "error"), ("punctuation", "warning"), ("sync", "warning")]:
        assert any(line.split()[:2] == [name, severity] for line in result.stdout.splitlines()), name
