"""The one Jinja environment: autoescape, StrictUndefined, i18n reading each locale's site catalog."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from newsdesk.catalogs.catalog import Catalog
from newsdesk.content.model import Text
from newsdesk.errors import TemplateError, problem
from newsdesk.locales import profile


class Templates:
    """Loads and compiles templates once; renders them in a locale with its site catalog."""

    def __init__(self, templates_dir: Path, root: Path) -> None:
        self.root = root
        self.templates_dir = templates_dir
        self.env = Environment(
            loader=FileSystemLoader(templates_dir),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(root),
            auto_reload=False,  # one build, one set of templates: no stat of every template file per page
        )
        self.env.filters["date"] = _date
        self.env.filters["datetime"] = lambda d, locale, fmt="long": format_datetime(
            d, fmt, tzinfo=d.tzinfo, locale=_locale(locale)
        )
        self.env.filters["iso"] = lambda d: d.isoformat()
        self.env.filters["plain"] = _plain
        self.env.filters["lang_tag"] = lambda locale: profile(locale).tag
        self.env.filters["sep"] = lambda locale: profile(locale).separator
        self.env.filters["list_separator"] = lambda locale: profile(locale).list_separator
        # One environment for every locale: gettext reads the locale's site catalog from the
        # render context, and escapes it, so a msgstr is never markup. Installed as they are,
        # not through install_gettext_callables: its wrappers made each ``_()`` three calls.
        self.env.newstyle_gettext = True  # type: ignore[attr-defined]
        self.env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)

    def compile_web(self) -> None:
        """Compile every web template now, before workers are forked: each would otherwise compile
        them for itself (a first build at 10,000 x 3 forks over 30 page workers). One that does
        not compile is left for its render to report."""
        for name in self.env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml"))):
            if not name.startswith(("brief/", "static/")):
                try:
                    self.env.get_template(name)
                except TemplateSyntaxError:
                    pass

    def render(self, name: str, locale: str, catalog: Catalog | None, **context: object) -> str:
        try:
            return self.env.get_template(name).render(locale=locale, site_catalog=catalog, **context)
        except TemplateSyntaxError as error:
            raise TemplateError(problem(self._where(error.filename, name), error.lineno, error.message or "syntax error")) from None
        except TemplateError:
            raise
        except Exception as error:  # noqa: BLE001 - any render failure (undefined, filter) becomes path:line
            line = _template_line(error, self.templates_dir)
            raise TemplateError(problem(f"templates/{line[0] or name}", line[1], f"{type(error).__name__}: {error}")) from None

    def _where(self, filename: str | None, name: str) -> str:
        if filename:
            try:
                return Path(filename).resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                return filename
        return f"templates/{name}"


def _bytecode_cache(root: Path) -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the project's cache (Jinja checks each against its source)."""
    folder = root / ".newsdesk-cache" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, compiling its templates each time
    return FileSystemBytecodeCache(str(folder))


# Jinja's "newstyle" gettext: the message is always a format string ("%%" is "%"), its
# variables are escaped as they go in.
@pass_context
def _gettext(context: Context, message: str, **variables: object) -> Markup:
    catalog = context.get("site_catalog")
    return escape(catalog.gettext(message) if catalog else message) % variables


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **variables: object) -> Markup:
    catalog = context.get("site_catalog")
    variables.setdefault("num", n)
    return escape(catalog.ngettext(singular, plural, n) if catalog else (singular if n == 1 else plural)) % variables


def _template_line(error: Exception, templates_dir: Path) -> tuple[str | None, int | None]:
    """The innermost template frame of a render error's traceback."""
    tb = error.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    root = str(templates_dir.resolve())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root):
            found = (Path(filename).relative_to(root).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _plain(value: Text | str) -> str:
    from newsdesk.content.inline import plain

    return plain(value.value if isinstance(value, Text) else value)


def _date(value: date, locale: str, fmt: str = "long") -> str:
    """The day of a date or datetime (in its own time zone), as the locale writes it."""
    return _day(value.date() if isinstance(value, datetime) else value, locale, fmt)


@lru_cache(maxsize=1024)  # documents of a day share their date: Babel formats it once per locale
def _day(day: date, locale: str, fmt: str) -> str:
    return format_date(day, fmt, locale=_locale(locale))


def _locale(code: str) -> Locale:
    return profile(code).babel_locale


__all__ = ["Markup", "Templates"]
