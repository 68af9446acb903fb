"""The site's settings (``site.toml``) as one frozen dataclass; every problem reported at once."""

from __future__ import annotations

import re
import struct
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, Problems

SUPPORTED_LOCALES = ("ko", "ja", "en")
SETTINGS_FILE = "site.toml"


@dataclass(frozen=True)
class Settings:
    """What a site is: where it lives, which locales it publishes, who publishes it."""

    root: Path
    base_url: str  # absolute, ends with "/"
    locales: tuple[str, ...]
    default_locale: str
    publisher: str
    site_name: dict[str, str]
    publisher_logo: str | None = None  # a site path under static/, e.g. "static/logo.png"
    publisher_logo_size: tuple[int, int] | None = None  # width and height of a PNG logo
    pack: bool = False  # also make a briefing pack per locale (build --pack does it once)
    front_page_size: int = 50  # documents per front page; older ones go to page/2/, page/3/...
    search: bool = True  # a search page and a static search index per locale (search.py)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def url(self, path: str) -> str:
        """Absolute URL of a site path such as ``ko/slug/``."""
        return self.base_url + path.lstrip("/")


REQUIRED = {"base_url", "locales", "default_locale", "publisher", "site_name"}
KEYS = REQUIRED | {"publisher_logo", "pack", "front_page_size", "search"}
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    problems = Problems()
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(_one(SETTINGS_FILE, None, "settings file not found")) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        match = re.search(r"line (\d+)", str(error))
        raise ConfigError(_one(SETTINGS_FILE, int(match.group(1)) if match else None, f"not valid TOML: {error}")) from None

    def line_of(key: str) -> int | None:
        match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
        return text.count("\n", 0, match.start()) + 1 if match else None

    for key in sorted(set(raw) - KEYS):
        problems.add(SETTINGS_FILE, line_of(key), f"unknown setting '{key}' (known: {', '.join(sorted(KEYS))})")
    for key in sorted(REQUIRED - set(raw)):
        problems.add(SETTINGS_FILE, None, f"missing setting '{key}'")
    base_url = str(raw.get("base_url", ""))
    if "base_url" in raw and not re.match(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s?#]*)?$", base_url):
        problems.add(SETTINGS_FILE, line_of("base_url"), f"base_url '{base_url}' must be an absolute http(s) URL")
    locales = raw.get("locales", [])
    if not isinstance(locales, list) or not locales:
        problems.add(SETTINGS_FILE, line_of("locales"), "locales must be a non-empty list")
        locales = []
    for locale in locales:
        if locale not in SUPPORTED_LOCALES:
            problems.add(SETTINGS_FILE, line_of("locales"), f"unsupported locale '{locale}' (supported: {', '.join(SUPPORTED_LOCALES)})")
    default = raw.get("default_locale", "")
    if "default_locale" in raw and default not in locales:
        problems.add(SETTINGS_FILE, line_of("default_locale"), f"default_locale '{default}' is not one of the locales")
    names = raw.get("site_name", {})
    if not isinstance(names, dict):
        problems.add(SETTINGS_FILE, line_of("site_name"), "site_name must be a table of locale = name")
        names = {}
    for locale in locales:
        if locale not in names:
            problems.add(SETTINGS_FILE, line_of("site_name"), f"site_name has no name for '{locale}'")
    for key in sorted(set(names) - set(locales)):  # often a setting written below the [site_name] table
        problems.add(SETTINGS_FILE, line_of(key), f"site_name has a name for '{key}', which is not one of the locales"
                     + (f" (to set {key}, put it above [site_name])" if key in KEYS else ""))
    logo = raw.get("publisher_logo")
    if logo is not None:
        problem_with_logo = _logo_problem(root, logo)
        if problem_with_logo:
            problems.add(SETTINGS_FILE, line_of("publisher_logo"), problem_with_logo)
    if not isinstance(raw.get("pack", False), bool):
        problems.add(SETTINGS_FILE, line_of("pack"), "pack must be true or false")
    if not isinstance(raw.get("search", True), bool):
        problems.add(SETTINGS_FILE, line_of("search"), "search must be true or false")
    size = raw.get("front_page_size", 50)
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        problems.add(SETTINGS_FILE, line_of("front_page_size"), f"front_page_size must be a whole number of documents, 1 or more (not {size!r})")
    problems.raise_if_errors(ConfigError)
    return Settings(
        root=root,
        base_url=base_url.rstrip("/") + "/",
        locales=tuple(locales),
        default_locale=default,
        publisher=str(raw["publisher"]),
        site_name={k: str(v) for k, v in names.items()},
        publisher_logo=logo,
        publisher_logo_size=png_size(root / "templates" / logo) if logo else None,
        pack=bool(raw.get("pack", False)),
        front_page_size=int(size),
        search=bool(raw.get("search", True)),
    )


def _logo_problem(root: Path, logo: object) -> str | None:
    """The logo is published from ``templates/static/``, so it must be a file there."""
    if not isinstance(logo, str) or not re.match(r"^static/[A-Za-z0-9_./-]+$", logo) or ".." in logo.split("/"):
        return f"publisher_logo '{logo}' must be a path under static/, such as static/logo.png"
    if not logo.lower().endswith(LOGO_TYPES):
        return f"publisher_logo '{logo}' must be an image ({', '.join(LOGO_TYPES)})"
    if not (root / "templates" / logo).is_file():
        return f"publisher_logo '{logo}' not found: put the file at templates/{logo}"
    return None


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG (from its header), or None for other formats."""
    with path.open("rb") as handle:
        head = handle.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _one(path: str, line: int | None, message: str) -> list:
    problems = Problems()
    problems.add(SETTINGS_FILE, line, message)
    return problems.items
