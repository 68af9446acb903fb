"""The site's settings (``site.toml``) as one frozen dataclass; every problem reported at once."""

from __future__ import annotations

import re
import struct
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from newsdesk.errors import ConfigError, Problems
from newsdesk.locales import LOCALES

SUPPORTED_LOCALES = tuple(LOCALES)  # every locale with a profile (newsdesk/locales.py)
SETTINGS_FILE = "site.toml"


class Required:
    """The default of a setting that has none: site.toml must give it."""

    def __repr__(self) -> str:
        return "required"


REQUIRED: Any = Required()


@dataclass(frozen=True)
class Setting:
    """What a key of site.toml is, besides its name and default (the Settings field's): its type and
    meaning (the README's table is made from them, see ``settings_table``), and the check that turns
    the TOML value into the value a build reads, reporting what is wrong through ``Check``."""

    type: str  # what a user writes, in words: "URL", "true or false"
    meaning: str  # Markdown, for the README
    check: Callable[[Any, Check], Any]


class Check:
    """What a setting's check sees: the project, the settings checked before it (in the order they
    are declared), and where to report a problem, at the line of the key it is about."""

    def __init__(self, root: Path, text: str, problems: Problems) -> None:
        self.root = root
        self.text = text
        self.values: dict[str, Any] = {}
        self._problems = problems

    def problem(self, key: str, message: str) -> None:
        self.report(self.line_of(key), message)

    def report(self, line: int | None, message: str) -> None:
        self._problems.add(SETTINGS_FILE, line, message)

    def line_of(self, key: str) -> int | None:
        match = re.search(rf"^\s*{re.escape(key)}\s*=", self.text, re.MULTILINE)
        return self.text.count("\n", 0, match.start()) + 1 if match else None


def setting(type: str, meaning: str, check: Callable[[Any, Check], Any], default: Any = REQUIRED) -> Any:
    """A field of Settings that is a key of site.toml (the field's name is the key's)."""
    metadata = {"setting": Setting(type, meaning, check)}
    if default is REQUIRED:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


def _base_url(value: Any, check: Check) -> str:
    url = str(value)
    if not re.match(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s?#]*)?$", url):
        check.problem("base_url", f"base_url '{url}' must be an absolute http(s) URL")
    return url.rstrip("/") + "/"


def _locales(value: Any, check: Check) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        check.problem("locales", "locales must be a non-empty list")
        return ()
    for locale in value:
        if locale not in SUPPORTED_LOCALES:
            check.problem("locales", f"unsupported locale '{locale}' (supported: {', '.join(SUPPORTED_LOCALES)})")
    return tuple(value)


def _default_locale(value: Any, check: Check) -> str:
    if value not in check.values.get("locales", ()):
        check.problem("default_locale", f"default_locale '{value}' is not one of the locales")
    return str(value)


def _text(value: Any, check: Check) -> str:
    return str(value)


def _publisher_logo(value: Any, check: Check) -> str | None:
    if value is not None:
        problem_with_logo = _logo_problem(check.root, value)
        if problem_with_logo:
            check.problem("publisher_logo", problem_with_logo)
    return value if isinstance(value, str) else None


def _site_name(value: Any, check: Check) -> dict[str, str]:
    if not isinstance(value, dict):
        check.problem("site_name", "site_name must be a table of locale = name")
        value = {}
    locales = check.values.get("locales", ())
    for locale in locales:
        if locale not in value:
            check.problem("site_name", f"site_name has no name for '{locale}'")
    for key in sorted(set(value) - set(locales)):  # often a setting written below the [site_name] table
        check.problem(key, f"site_name has a name for '{key}', which is not one of the locales"
                      + (f" (to set {key}, put it above [site_name])" if key in SETTINGS else ""))
    return {k: str(v) for k, v in value.items()}


def _pack(value: Any, check: Check) -> bool:
    if not isinstance(value, bool):
        check.problem("pack", "pack must be true or false")
    return bool(value)


def _search(value: Any, check: Check) -> bool:
    if not isinstance(value, bool):
        check.problem("search", "search must be true or false")
    return bool(value)


def _search_shard(value: Any, check: Check) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        check.problem("search_shard", f"search_shard must be a whole number of documents, 1 or more (not {value!r})")
        return 1
    return value


def _front_page_size(value: Any, check: Check) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        check.problem("front_page_size", f"front_page_size must be a whole number of documents, 1 or more (not {value!r})")
        return 1
    return value


def _scheduler(value: Any, check: Check) -> str:
    message = scheduler_problem(value)
    if message:
        check.problem("scheduler", message)
    return str(value)


# The media contact on a briefing pack's cover, per locale; every field optional:
#     [media_contact.ko]
#     name = "홍보팀 김지연"
#     email = "press@example.kr"
#     phone = "+82 2 123 4567"
CONTACT_FIELDS = ("name", "email", "phone")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,}$")


@dataclass(frozen=True)
class MediaContact:
    name: str = ""
    email: str = ""
    phone: str = ""


def media_contacts(raw: object, locales: tuple[str, ...], line_of: Callable[[str], int | None],
                   report: Callable[[int | None, str], None]) -> dict[str, MediaContact]:
    """The [media_contact.LOCALE] tables, checked: each a table of name, email and phone
    (``line_of``: the line of a locale's table in site.toml)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        report(line_of(""), "media_contact must be tables [media_contact.LOCALE] of name, email and phone")
        return {}
    contacts = {}
    for locale, table in raw.items():
        line = line_of(locale)
        if locale not in locales:
            report(line, f"media_contact has a table for '{locale}', which is not one of the locales")
            continue
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            report(line, f"media_contact.{locale} must be a table of name, email and phone (text)")
            continue
        unknown = sorted(set(table) - set(CONTACT_FIELDS))
        if unknown:
            report(line, f"media_contact.{locale} has unknown field '{unknown[0]}' (known: {', '.join(CONTACT_FIELDS)})")
        email, phone = table.get("email", "").strip(), table.get("phone", "").strip()
        if email and not EMAIL.match(email):
            report(line, f"media_contact.{locale}.email '{email}' is not an email address")
        if phone and not PHONE.match(phone):
            report(line, f"media_contact.{locale}.phone '{phone}' is not a phone number (digits, spaces, + ( ) . / -)")
        contacts[locale] = MediaContact(table.get("name", "").strip(), email, phone)
    return contacts

def _media_contact(value: Any, check: Check) -> dict[str, MediaContact]:
    def line_of(locale: str) -> int | None:
        return _table_line(check.text, f"media_contact.{locale}") or _table_line(check.text, "media_contact")

    return media_contacts(value, tuple(check.values.get("locales", ())), line_of,
                          lambda line, message: check.report(line, message))


def _table_line(text: str, name: str) -> int | None:
    """The line of a TOML table header [name] or [name.x], or of ``name =``."""
    match = re.search(rf"^[ \t]*(\[{re.escape(name)}[.\]]|{re.escape(name)}[ \t]*=)", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None



@dataclass(frozen=True, kw_only=True)
class Settings:
    """What a site is: where it lives, which locales it publishes, who publishes it. Each field made
    with ``setting`` is a key of site.toml, declared here and nowhere else."""

    root: Path
    base_url: str = setting(
        "URL", "absolute `http(s)` URL the site is served from, a subfolder included (`https://example.org/news/`). "
        "Canonical and hreflang links, Open Graph, JSON-LD, feeds, the sitemap and the briefs' footers use it; "
        "the not-found pages link from its path. While it is a placeholder host (example.org, a `.test` domain), "
        "briefs print no page URL and no QR code", _base_url)  # ends with "/" once checked
    locales: tuple[str, ...] = setting(
        "list of locales", f"the locales published, from {', '.join(f'`{code}`' for code in LOCALES)}", _locales)
    default_locale: str = setting(
        "locale", "the locale readers get when their browser asks for none of the others; its version of a "
        "document is the `x-default` of the document's language links", _default_locale)
    publisher: str = setting(
        "text", "the publisher's name, in briefs' metadata, feeds, structured data and the site footer", _text)
    publisher_logo: str | None = setting(
        "path", "the publisher's logo, a file under `templates/static/` given by its path in the site "
        "(`static/logo.png`); in structured data, feeds, link previews and on the briefing pack's cover. PNG or "
        "JPEG of at least 112 px works everywhere; link previews and some structured-data readers ignore SVG",
        _publisher_logo, None)
    site_name: dict[str, str] = setting(  # noqa: RUF009 (a field specifier, as dataclasses.field)
        "table", "the site's name in each locale (`ko = \"...\"`, one line each)", _site_name)
    pack: bool = setting(
        "true or false", "also make a briefing pack per locale (`build --pack` does it for one build)", _pack, False)
    front_page_size: int = setting(
        "whole number", "documents per front page, newest first; older ones are on `LOCALE/page/2/`, "
        "`page/3/`... linked \"Newer\" / \"Older\"", _front_page_size, 50)
    media_contact: dict[str, MediaContact] | None = setting(  # noqa: RUF009
        "tables", "the media contact on each locale's briefing-pack cover: `[media_contact.ko]` with `name`, "
        "`email` and `phone` (each optional), one table per locale; a locale without one has no contact block",
        _media_contact, None)
    scheduler: str | None = setting(
        "address", "render the briefs on a Dask cluster: its scheduler's address (`tcp://host:8786`), or `local:N` "
        "for N worker processes on this machine (see \"Past one machine\" in the README); `build --scheduler` and the "
        "`NEWSDESK_SCHEDULER` variable come first. None: the build's own worker processes", _scheduler, None)
    search: bool = setting(
        "true or false", "a search page and a static search index per locale (see \"Search\" in the README). "
        "Off by default: indexing costs more than the rest of an HTML build (five times as much at 1,000 documents)",
        _search, False)
    search_shard: int = setting(
        "whole number", "documents per shard of a locale's search index (16 shards at most, larger past 4,000 "
        "documents): each shard is indexed on its own, so that editing a document indexes its shard again, not the "
        "locale's whole index; a search reads a part of every shard", _search_shard, 250)
    publisher_logo_size: tuple[int, int] | None = None  # not a setting: the logo's width and height, if a PNG

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


SETTINGS: dict[str, tuple[Setting, Any]] = {  # key -> (declaration, default), in the declared order
    f.name: (f.metadata["setting"], REQUIRED if f.default is MISSING else f.default)
    for f in fields(Settings) if "setting" in f.metadata
}
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

    check = Check(root, text, problems)
    for key in sorted(set(raw) - set(SETTINGS)):
        problems.add(SETTINGS_FILE, check.line_of(key), f"unknown setting '{key}' (known: {', '.join(sorted(SETTINGS))})")
    for key in sorted(key for key, (_, default) in SETTINGS.items() if default is REQUIRED and key not in raw):
        problems.add(SETTINGS_FILE, None, f"missing setting '{key}'")
    for key, (declared, default) in SETTINGS.items():
        if key in raw:
            check.values[key] = declared.check(raw[key], check)
        elif default is not REQUIRED:
            check.values[key] = default
    problems.raise_if_errors(ConfigError)  # a required setting missing is among them
    logo = check.values["publisher_logo"]
    return Settings(root=root, **check.values, publisher_logo_size=png_size(root / "templates" / logo) if logo else None)


def settings_table() -> str:
    """The README's table of settings ("Site settings"), made from the declarations."""
    lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, (declared, default) in SETTINGS.items():
        shown = "required" if default is REQUIRED else "none" if default is None else f"`{str(default).lower()}`"
        lines.append(f"| `{key}` | {declared.type} | {shown} | {declared.meaning} |")
    return "\n".join(lines)


def scheduler_problem(address: object) -> str | None:
    """What is wrong with a Dask scheduler address (``tcp://host:8786``, or ``local:N`` for a
    cluster of N worker processes on this machine), if anything."""
    if isinstance(address, str) and (re.fullmatch(r"local:[1-9][0-9]{0,2}", address) or not address.startswith("local:")
                                     and re.fullmatch(r"((tcp|tls|ws|wss|ucx)://\S+|[A-Za-z0-9.-]+:[0-9]{1,5})", address)):
        return None
    return f"scheduler '{address}' must be a Dask scheduler address such as tcp://host:8786, or local:N"


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
