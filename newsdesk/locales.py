"""Everything the engine knows about a language, one entry per locale.

A site publishes some of these locales (``site.toml``); the rest of the engine asks the profile
instead of testing ``locale == "ja"``. Adding a locale is adding an entry here, its catalogs under
``locales/``, and its fonts (see ARCHITECTURE.md). What CLDR knows (plural rule, language names) comes
from Babel when first asked, so that importing this module, which every command does, costs nothing.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from babel import Locale

WordUnit = Literal["word", "eojeol", "character"]


@dataclass(frozen=True)
class LocaleProfile:
    """One language: how it is named, counted, typeset and pluralized."""

    code: str  # a BCP 47 tag, as site.toml, catalog folders, URLs and hreflang name it: "ko", "zh-Hant"
    tag: str  # language and territory, as Open Graph's og:locale wants it: "ko_KR"
    # What text is made of between spaces: English words; Korean eojeol (a word with its particles
    # attached, 한국무역협회는); Japanese has no spaces, a name is any run of characters.
    word_unit: WordUnit
    # The brief's fonts under templates/static/fonts/: regular and bold of the locale's own font,
    # then of the fonts that print what it lacks (brief.css names the same stack).
    brief_fonts: tuple[str, ...]
    # Typesetting hooks by name (render/typeset.py keeps them): running text and headlines in a
    # brief; running text on a web page, where the browser does the rest (None: escaped only).
    print_hook: str
    headline_hook: str
    page_hook: str | None = None
    # How a paragraph's last line is set in a brief, in running text and in display text (lede,
    # pull quote); None: as the rest.
    # The language a brief's text is hyphenated in (the document keeps the code as its tag), where it is not the code: US
    # English patterns for en (WeasyPrint's "en" is British: respect-ive, Execut-ives).
    text_lang: str | None = None
    last_line_hook: str | None = None
    display_last_line_hook: str | None = None
    # Between items on one line (date and byline, site and title): Japanese uses the katakana
    # middle dot, not the Latin one.
    separator: str = " · "
    # The time zone its readers read times in (an embargo's release, IANA name). English readers of
    # a Korea-Japan desk are anywhere: UTC, which every newsroom converts from.
    time_zone: str = "UTC"

    @property
    def language(self) -> str:
        """The language subtag, which a catalog's Language header must start with: "zh" of "zh-Hant"."""
        return self.code.split("-")[0]

    @property
    def gettext_code(self) -> str:
        """The code as gettext and Babel write it: "zh_Hant"."""
        return self.code.replace("-", "_")

    @property
    def size_unit(self) -> str:
        """How translation work is measured in a source text of this locale (``stats``): words
        where words are separated by spaces and mean a word, characters otherwise."""
        return "words" if self.word_unit == "word" else "chars"

    @property
    def names_are_whole_words(self) -> bool:
        """Whether a name occurs only as a whole word ('KITA' is not in 'KITAB'); in Korean a
        particle attaches to it, in Japanese nothing separates it."""
        return self.word_unit == "word"

    @property
    def lines_join_without_space(self) -> bool:
        """Whether two soft-wrapped lines of a paragraph join without a space (Japanese)."""
        return self.word_unit == "character"

    @cached_property
    def plural_forms(self) -> str:
        """The gettext Plural-Forms header every catalog of this locale carries (Babel's)."""
        from babel.messages.plurals import get_plural

        return str(get_plural(self.gettext_code))

    @property
    def nplurals(self) -> int:
        return int(self.plural_forms.split(";")[0].split("=")[1])

    @cached_property
    def plural_index(self) -> Callable[[int], int]:
        """Which of a plural msgstr's forms a count takes, by the Plural-Forms expression."""
        return gettext.c2py(self.plural_forms.split("plural=", 1)[1].rstrip().rstrip(";"))

    @cached_property
    def babel_locale(self) -> Locale:
        """Babel's Locale (CLDR's data: date formats, names), parsed once: Babel functions given a
        string parse it on every call."""
        from babel import Locale

        return Locale.parse(self.gettext_code)

    @cached_property
    def list_separator(self) -> str:
        """What separates the items of a list of names (CLDR's): "、" in Japanese, ", " otherwise."""
        pattern = str(self.babel_locale.list_patterns["standard"]["middle"])
        return pattern.replace("{0}", "", 1).replace("{1}", "", 1)

    @cached_property
    def english_name(self) -> str:
        """The language's name in English, for catalog headers: "Korean"."""
        return str(self.babel_locale.english_name)

    @cached_property
    def own_name(self) -> str:
        """The language's name in itself, as a language switcher shows it: "한국어"."""
        name = self.babel_locale.get_display_name(self.babel_locale) or self.code
        return name[:1].upper() + name[1:]


_CJK_FONTS = ("NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf", "NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf")

# In the order the engine lists them (site.toml's locales decide a site's own order).
LOCALES: dict[str, LocaleProfile] = {
    profile.code: profile
    for profile in (
        LocaleProfile(
            code="ko",
            tag="ko_KR",
            word_unit="eojeol",
            brief_fonts=_CJK_FONTS,  # Korean glyph forms for Hanja first
            print_hook="korean_words",
            headline_hook="korean_words",
            page_hook="korean_page_words",
            display_last_line_hook="korean_last_words",
            time_zone="Asia/Seoul",
        ),
        LocaleProfile(
            code="ja",
            tag="ja_JP",
            word_unit="character",
            brief_fonts=("NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf",
                         "NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"),
            print_hook="japanese_text",
            headline_hook="japanese_phrases",
            last_line_hook="japanese_last_line",
            display_last_line_hook="japanese_last_line",
            separator="・",
            time_zone="Asia/Tokyo",
        ),
        LocaleProfile(
            code="en",
            tag="en_US",
            word_unit="word",
            brief_fonts=_CJK_FONTS,  # Noto Sans KR's Latin, as Korean briefs print it
            print_hook="english_words",
            headline_hook="english_words",
            page_hook="english_words_on_pages",
            text_lang="en-US",
            last_line_hook="english_last_words",
            display_last_line_hook="english_last_words",
        ),
    )
}


def profile(locale: str) -> LocaleProfile:
    return LOCALES[locale]
