"""Each setting of site.toml is declared once (newsdesk/config.py): the loader, its checks and the
README's table all come from that declaration."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from newsdesk.config import SETTINGS, load_settings, settings_table
from newsdesk.errors import ConfigError

GOOD = """base_url = "https://news.example.org/desk"
locales = ["ko", "en"]
default_locale = "en"
publisher = "Newsdesk"

[site_name]
ko = "뉴스데스크"
en = "Newsdesk"
"""


def readme_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Site settings"):]
    lines = section.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| key |"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return "\n".join(lines[start:end])


def test_the_readme_table_is_the_declarations() -> None:
    """After changing a setting, paste the new table into README.md ("Site settings"):
    python -c "from newsdesk.config import settings_table; print(settings_table())" """
    assert readme_table() == settings_table()
    assert [line.split("`")[1] for line in settings_table().split("\n")[2:]] == list(SETTINGS)


def test_defaults_come_from_the_declarations(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(GOOD, encoding="utf-8")
    settings = load_settings(tmp_path)
    assert (settings.base_url, settings.locales, settings.pack, settings.front_page_size, settings.publisher_logo) == (
        "https://news.example.org/desk/", ("ko", "en"), False, 50, None)


def test_every_problem_is_reported_at_once_at_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('"https://news.example.org/desk"', '"news.example.org"').replace(
        'default_locale = "en"', 'default_locale = "ja"\npack = "yes"\nfront_page_size = 0\nbase_ulr = "x"'
    ) + "publisher_logo = \"static/logo.png\"\n"
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        ("site.toml:6: unknown setting 'base_ulr' (known: base_url, default_locale, front_page_size, locales, media_contact, pack, "
        "publisher, publisher_logo, site_name)"),
        "site.toml:1: base_url 'news.example.org' must be an absolute http(s) URL",
        "site.toml:3: default_locale 'ja' is not one of the locales",
        ("site.toml:12: site_name has a name for 'publisher_logo', which is not one of the locales "
        "(to set publisher_logo, put it above [site_name])"),
        "site.toml:4: pack must be true or false",
        "site.toml:5: front_page_size must be a whole number of documents, 1 or more (not 0)",
    ]


def test_a_missing_setting_is_named(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(GOOD.replace('publisher = "Newsdesk"\n', ""), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(tmp_path)
    assert [str(p) for p in raised.value.problems] == ["site.toml: missing setting 'publisher'"]
