"""One profile per locale (newsdesk/locales.py): what the engine knows about a language is there, so
adding a locale is adding an entry (and its catalogs, and a font rule if it needs one)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from conftest import FIXTURES, ROOT, copy_project

from newsdesk.locales import LOCALES
from newsdesk.render.typeset import HEADLINE_HOOKS, PAGE_HOOK_NAMES, PRINT_HOOKS

pytestmark = pytest.mark.e2e  # real builds (see tests/README.md: markers)

FONTS = ROOT / "templates" / "static" / "fonts"


def test_every_profile_names_hooks_and_fonts_that_exist() -> None:
    for code, locale in LOCALES.items():
        assert locale.code == code
        assert locale.print_hook in PRINT_HOOKS and locale.headline_hook in HEADLINE_HOOKS, code
        assert locale.page_hook is None or locale.page_hook in PAGE_HOOK_NAMES, code
        assert locale.brief_fonts and all((FONTS / name).is_file() for name in locale.brief_fonts), code


def test_plural_rules_come_from_babel_and_choose_the_form() -> None:
    for locale in LOCALES.values():
        assert locale.plural_forms == str(get_plural(locale.gettext_code))
    en, ko = LOCALES["en"], LOCALES["ko"]
    assert (en.nplurals, [en.plural_index(n) for n in (0, 1, 2, 21)]) == (2, [1, 0, 1, 1])
    assert (ko.nplurals, [ko.plural_index(n) for n in (0, 1, 2)]) == (1, [0, 0, 0])
    assert (ko.english_name, ko.own_name, LOCALES["ja"].own_name) == ("Korean", "한국어", "日本語")


def brief_stacks(css: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The brief stylesheet's font stack per locale ("" for the default), and the family of each
    bundled font file (its regular weight)."""
    files = {m.group(3): m.group(1) for m in re.finditer(
        r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); src: url\(\.\./static/fonts/([^)]+)\); \}', css)}
    stacks: dict[str, list[str]] = {}
    for selectors, families in re.findall(r"^(html[^{]*)\{[^}]*font-family: ([^;]+);", css, re.MULTILINE):
        stack = [f.strip().strip('"') for f in families.split(",")]
        for selector in selectors.split(","):
            match = re.search(r":lang\(([^)]+)\)", selector)
            stacks[match.group(1) if match else ""] = stack
    return stacks, files


def test_the_brief_stylesheet_prints_each_locale_in_its_profile_fonts() -> None:
    """The glyph check and the Japanese em grid measure the profile's fonts: the PDF must print in them."""
    stacks, families = brief_stacks((ROOT / "templates" / "brief" / "brief.css").read_text(encoding="utf-8"))
    for code, locale in LOCALES.items():
        stack = stacks.get(code, stacks[""])
        assert stack == [families[name] for name in locale.brief_fonts[0::2]], code


def test_a_locale_added_to_the_profile_table_alone_is_published(tmp_path: Path) -> None:
    """Traditional Chinese, registered in the table before the engine starts: the site, catalogs,
    checks, stats, pages and briefs all take it, and nothing else in the engine had to change."""
    project = copy_project(tmp_path / "project", FIXTURES / "korean-source")
    shutil.copytree(ROOT / "templates", project / "templates")
    for locale in ("ko", "ja", "en"):
        (project / "locales" / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / locale / "site.po", project / "locales" / locale / "site.po")
    settings = project / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('"en"]', '"en", "zh-Hant"]')
                        + '"zh-Hant" = "新聞台"\n', encoding="utf-8")
    # Its catalogs: here the Japanese ones, whose kanji and kana the bundled fonts print, under
    # zh-Hant's name; ``update`` gives them zh-Hant's header.
    shutil.copytree(project / "locales" / "ja", project / "locales" / "zh-Hant")
    runner = tmp_path / "newsdesk_with_zh_hant.py"
    runner.write_text(textwrap.dedent("""
        import sys
        from newsdesk.locales import LOCALES, LocaleProfile

        LOCALES["zh-Hant"] = LocaleProfile(
            code="zh-Hant", tag="zh_TW", word_unit="character",
            brief_fonts=("NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf", "NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf"),
            print_hook="japanese_text", headline_hook="japanese_phrases")

        from newsdesk.cli import main

        sys.exit(main(sys.argv[1:]))
    """), encoding="utf-8")

    def newsdesk(*args: str) -> str:
        result = subprocess.run([sys.executable, str(runner), "--root", str(project), *args], cwd=ROOT,
                                capture_output=True, text=True, timeout=600, check=False,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode == 0, result.stderr
        return result.stdout

    newsdesk("update", "--locale", "zh-Hant")
    header = (project / "locales" / "zh-Hant" / "site.po").read_text(encoding="utf-8")
    assert '"Language: zh_Hant\\n"' in header and '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    assert "0 errors" in newsdesk("check", "--locale", "zh-Hant")
    assert " chars " in newsdesk("stats", "--locale", "zh-Hant")  # the source is Korean

    out = tmp_path / "public"
    assert "0 held back" in newsdesk("build", "--out", str(out))
    page = (out / "zh-Hant" / "newsdesk-launch" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in page and 'content="zh_TW"' in page
    assert "2026年" in page  # the date, as CLDR writes it for zh_Hant
    assert ">中文 (繁體)<" in (out / "en" / "index.html").read_text(encoding="utf-8")  # the language switcher
    brief = next((out / "zh-Hant" / "newsdesk-launch").glob("*.pdf"))
    fonts = subprocess.run(["pdffonts", str(brief)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-KR" in fonts and "DejaVu" not in fonts  # the bundled fonts, never the system's
