"""The Jinja environment: autoescape, StrictUndefined, i18n; one per locale, same settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from babel.dates import format_date, format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateSyntaxError
from markupsafe import Markup, escape

from .catalogs import Catalog
from .errors import TemplateError, problem
from .model import LOCALE_TAGS, Text


class Templates:
    """Loads templates once; renders them in a locale with that locale's site catalog."""

    def __init__(self, templates_dir: Path, root: Path) -> None:
        self.root = root
        self.templates_dir = templates_dir
        self.env = self._environment()
        self.env.filters["date"] = lambda d, locale, fmt="long": format_date(d, fmt, locale=locale)
        self.env.filters["datetime"] = lambda d, locale, fmt="long": format_datetime(
            d, fmt, tzinfo=d.tzinfo, locale=locale
        )
        self.env.filters["iso"] = lambda d: d.isoformat()
        self.env.filters["plain"] = _plain
        self.env.filters["lang_tag"] = lambda locale: LOCALE_TAGS[locale]
        self._locales: dict[str, Environment] = {}

    def _environment(self) -> Environment:
        return Environment(
            loader=FileSystemLoader(self.templates_dir),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def for_locale(self, locale: str, catalog: Catalog | None) -> Environment:
        """The locale's environment, whose gettext escapes the catalog's text: a msgstr is never markup."""
        if locale not in self._locales:
            # An environment of its own: an overlay would share its parent's globals and
            # i18n extension, so the last locale installed would translate every locale.
            env = self._environment()
            env.filters.update(self.env.filters)
            lookup: Callable[[str], str] = catalog.gettext if catalog else (lambda s: s)
            env.install_gettext_callables(  # type: ignore[attr-defined]
                gettext=lambda s: escape(lookup(s)),
                ngettext=lambda s, p, n: escape(lookup(s if n == 1 else p)),
                newstyle=True,
            )
            self._locales[locale] = env
        return self._locales[locale]

    def render(self, name: str, locale: str, catalog: Catalog | None, **context: object) -> str:
        env = self.for_locale(locale, catalog)
        try:
            return env.get_template(name).render(locale=locale, **context)
        except TemplateSyntaxError as error:
            raise TemplateError(problem(self._where(error.filename, name), error.lineno, error.message or "syntax error")) from None
        except Exception as error:  # an undefined variable or a failing filter, with its line
            if isinstance(error, TemplateError):
                raise
            line = _template_line(error, self.templates_dir)
            raise TemplateError(problem(f"templates/{line[0] or name}", line[1], f"{type(error).__name__}: {error}")) from None

    def _where(self, filename: str | None, name: str) -> str:
        if filename:
            try:
                return Path(filename).resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                return filename
        return f"templates/{name}"


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
    from .inline import plain

    return plain(value.value if isinstance(value, Text) else value)


def format_day(date: datetime, locale: str) -> str:
    return format_date(date, "long", locale=locale)


__all__ = ["Templates", "Markup"]
