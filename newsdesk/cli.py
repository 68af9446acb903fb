"""Command line: arguments in, exit code out. ``build`` is the default command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.config import Settings, load_settings
from newsdesk.errors import NewsdeskError, problem

if TYPE_CHECKING:
    from newsdesk.builder.options import BuildReport


def parser() -> argparse.ArgumentParser:
    main = _Parser(
        prog="newsdesk",
        description="Build the localized site and PDF briefs from content/ and locales/, "
        "and manage the translation catalogs. Without a command, builds.",
        epilog_factory=lambda: _build_options_help(build),
        formatter_class=_KeepEpilog,
    )
    main.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current folder)")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser("build", help="build the site and the briefs (the default command)")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: public/ in the project)")
    build.add_argument("--drafts", action="store_true",
                       help="also render incomplete translations as drafts: marked \"translation pending\", noindex, "
                       "listed nowhere (never as PDF)")
    build.add_argument("--no-briefs", action="store_true", help="HTML only: skip the PDF briefs")
    build.add_argument("--clean", action="store_true",
                       help="render everything, ignoring what the previous build left (its manifest)")
    build.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                       help="worker processes for the briefs (default: the number of cores)")
    build.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="render the briefs on the Dask cluster at ADDRESS (tcp://host:8786), or on a cluster of "
                       "N worker processes started here (local:N); default: the NEWSDESK_SCHEDULER environment "
                       "variable, then the scheduler setting, else local workers (--jobs)")
    build.add_argument("--pack", action="store_true",
                       help="also make a briefing pack per locale: LOCALE/briefing-pack-LOCALE.pdf")
    build.add_argument("--verbose", "-v", action="store_true", help="print each stage of the build and its time")
    build.add_argument("--now", metavar="ISO8601", default=None,
                       help="the build's clock, with a time zone (default: the current time): documents "
                            "whose embargo is later stay unpublished; the news sitemap counts from it")
    build.add_argument("--embargoed", type=Path, default=None, metavar="DIR",
                       help="also write the briefs of documents under embargo into DIR (outside the output), "
                            "each page marked with the embargo")

    commands.add_parser("extract", help="regenerate the catalog templates (locales/pot/) from content and templates")

    update = commands.add_parser("update", help="merge the catalog templates into every locale's catalogs")
    update.add_argument("--locale", action="append", help="only this locale (repeatable)")
    update.add_argument("--document", action="append", metavar="SLUG", help="only this document (repeatable)")

    serve = commands.add_parser("serve", help="live preview of a draft build, rebuilt on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")

    stats = commands.add_parser("stats", help="translation progress per document and locale")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    check = commands.add_parser("check", help="check the catalogs (the CI gate): exit 1 on any error",
                                epilog_factory=_check_epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    for command in (stats, check):
        command.add_argument("--locale", action="append", help="only this locale (repeatable)")
        command.add_argument("--document", action="append", metavar="SLUG", help="only this document (repeatable)")
    return main


class _Parser(argparse.ArgumentParser):
    """A parser whose epilog is made only when its help is shown: listing the checks imports
    the checkers, which a build (or a no-op rebuild) should not pay for."""

    def __init__(self, *args: object, epilog_factory: Callable[[], str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.epilog_factory = epilog_factory

    def format_help(self) -> str:
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()
        return super().format_help()


class _KeepEpilog(argparse.HelpFormatter):
    """Wraps the description as usual; the epilog (the build command's options) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("options of"):
            return text
        return super()._fill_text(text, width, indent)


def _build_options_help(build: argparse.ArgumentParser) -> str:
    """``build.py --help``: the commands, then the options of ``build``, the default command."""
    text = build.format_help()
    return "options of build (the default command: `build.py --out x` is `build.py build --out x`):\n" + \
        text[text.index("options:") + len("options:\n"):].rstrip()


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number}: give 1 or more worker processes")
    return number


def _check_epilog() -> str:
    from newsdesk.translate.textchecks import descriptions

    return "checks:\n" + "\n".join(f"  {name:<14} {severity:<8} {what}" for name, severity, what in descriptions())


def _with_default_command(argv: list[str]) -> list[str]:
    """``build.py --out x`` means ``build.py build --out x``."""
    i = 0
    while i < len(argv) and argv[i] == "--root":
        i += 2
    if i < len(argv) and (argv[i] in COMMANDS or argv[i] in ("-h", "--help")):
        return argv
    if i < len(argv) and not argv[i].startswith("-"):
        import difflib  # only a mistyped command pays for it

        close = difflib.get_close_matches(argv[i], COMMANDS, n=1)
        parser().error(f"unknown command '{argv[i]}'" + (f" (did you mean '{close[0]}'?)" if close else "")
                       + f"; the commands are: {', '.join(COMMANDS)}")
    return argv[:i] + ["build"] + argv[i:]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(_with_default_command(list(sys.argv[1:] if argv is None else argv)))
    if not args.root.is_dir():
        print(f"{args.root}: the project folder does not exist" if not args.root.exists()
              else f"{args.root}: not a folder; --root names the project folder", file=sys.stderr)
        return 1
    try:
        settings = load_settings(args.root.resolve())
        return COMMANDS[args.command](settings, args)
    except NewsdeskError as error:
        for item in error.problems:
            print(item, file=sys.stderr)
        print(f"newsdesk: {args.command} failed with {len(error.problems)} problem(s); nothing was written",
              file=sys.stderr)
        return 1
    except OSError as error:  # a disk full, a read-only or unreadable file: said, not a traceback
        where = error.filename if error.filename is not None else args.root
        print(f"{where}: {error.strerror or error}", file=sys.stderr)
        print(f"newsdesk: {args.command} failed; " + ("the output is as it was (or, if its files were being put "
              "in place, the next build completes them)" if args.command == "build" else "nothing more was written"),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsdesk: interrupted; the output is as it was (or, if its files were being put in place, "
              "the next build completes them)", file=sys.stderr)
        return 130


_ENDING = False  # this process ends with its command: a build leaves its objects to the exit


def run() -> int:
    """The ``newsdesk`` and ``build.py`` commands: ``main()``, then the process's end, where a
    build's objects are not freed one by one (builder/workers.py, ``end``)."""
    global _ENDING
    from newsdesk.builder import workers

    _ENDING = True
    return workers.end(main())


def build_command(settings: Settings, args: argparse.Namespace) -> int:
    from newsdesk.builder import workers

    if args.verbose:
        _log_stages()
    with workers.uncollected(restore=not _ENDING):  # the build's policy: see builder/workers.py
        report = _build_report(settings, args)
    for line in [*report.warnings, *report.held_back, *report.withdrawn]:
        print(line, file=sys.stderr)
    for line in report.scheduled:
        print(line)
    print(report.summary())
    return 0


def _log_stages() -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsdesk: %(message)s"))
    log = logging.getLogger("newsdesk.builder")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)


def _build_report(settings: Settings, args: argparse.Namespace) -> BuildReport:
    from newsdesk.builder import manifest, workers
    from newsdesk.builder.options import BuildOptions, default_jobs

    now = _clock(args.now) if args.now else datetime.now(UTC)
    options = BuildOptions(
        out=(args.out or settings.root / "public").resolve(),
        drafts=args.drafts,
        briefs=not args.no_briefs,
        clean=args.clean,
        jobs=args.jobs or default_jobs(),
        pack=args.pack or settings.pack,
        scheduler=_scheduler(args, settings),
        now=now,
        embargoed=args.embargoed.resolve() if args.embargoed else None,
    )
    previous = manifest.load(options.out)
    leave = workers.LEFT if _ENDING else None  # what the process's exit drops at once (workers.end)
    if options.clean or previous is None:  # everything renders: the inputs are hashed while the renderers load
        scanned = manifest.scan_aside(settings.root)
    else:
        missing = manifest.outputs_missing(previous, options.out)
        inputs = manifest.scan(settings.root, previous)  # the build reuses it
        report = manifest.up_to_date(previous, inputs, options, missing)
        if report is not None:
            if leave is not None:
                leave.append((previous, inputs))
            return report
        previous.missing = missing()  # the build need not look for each output again
        scanned = lambda: inputs
    from newsdesk.builder.pipeline import build  # something changed: only now pay for importing the renderers

    return build(settings, options, scanned(), previous, leave)


def _scheduler(args: argparse.Namespace, settings: Settings) -> str | None:
    """The Dask scheduler for the briefs: --scheduler, else NEWSDESK_SCHEDULER, else site.toml."""
    from newsdesk.config import scheduler_problem

    for where, address in (("--scheduler", args.scheduler), ("NEWSDESK_SCHEDULER", os.environ.get("NEWSDESK_SCHEDULER"))):
        if address:
            wrong = scheduler_problem(address)
            if wrong:
                raise NewsdeskError(problem(where, None, wrong))
            return str(address)
    return settings.scheduler


def _clock(text: str) -> datetime:
    from newsdesk.content.schedule import parse_now  # only a build given --now pays for the import

    try:
        return parse_now(text)
    except ValueError as error:
        raise NewsdeskError(problem("--now", None, str(error))) from None


def extract_command(settings: Settings, args: argparse.Namespace) -> int:
    from newsdesk.content.load import load_content
    from newsdesk.translate import workflow

    documents = load_content(settings.root, settings.content_dir, settings.locales)
    return _report_changes(settings, "extract", workflow.extract(settings, documents))


def update_command(settings: Settings, args: argparse.Namespace) -> int:
    from newsdesk.translate import workflow

    selection = _selection(settings, args)
    if selection is None:
        return 1
    changed = workflow.update(settings, *selection)
    return _report_changes(settings, "update", changed)


def stats_command(settings: Settings, args: argparse.Namespace) -> int:
    from newsdesk.translate import stats as progress

    selection = _selection(settings, args)
    if selection is None:
        return 1
    rows = progress.progress(settings, *selection)
    print(progress.as_json(rows) if args.json else progress.table(rows))
    return 0


def check_command(settings: Settings, args: argparse.Namespace) -> int:
    from newsdesk.translate.checks import check

    selection = _selection(settings, args)
    if selection is None:
        return 1
    report = check(settings, *selection)
    for item in report.problems:
        print(item)
    print(report.summary())
    return 1 if report.errors or (args.strict and report.warnings) else 0


def _selection(settings: Settings, args: argparse.Namespace) -> tuple[list, tuple[str, ...] | None, tuple[str, ...] | None] | None:
    """Content, and the --locale / --document choices checked against it (None: a bad choice)."""
    from newsdesk.content.load import load_content

    for locale in args.locale or ():
        if locale not in settings.locales:
            print(f"newsdesk: unknown locale '{locale}' (enabled: {', '.join(settings.locales)})", file=sys.stderr)
            return None
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    for slug in args.document or ():
        if slug not in {d.slug for d in documents}:
            print(f"newsdesk: unknown document '{slug}'", file=sys.stderr)
            return None
    return (documents, tuple(args.locale) if args.locale else None, tuple(args.document) if args.document else None)


def _report_changes(settings: Settings, command: str, changed: list[Path]) -> int:
    for path in changed:
        print(f"wrote {path.relative_to(settings.root)}")
    print(f"{command}: {len(changed)} file(s) changed")
    return 0


def serve_command(settings: Settings, args: argparse.Namespace) -> int:
    from newsdesk.preview.serve import serve

    return serve(settings, args.host, args.port)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "serve": serve_command,
    "build": build_command,
    "extract": extract_command,
    "update": update_command,
    "stats": stats_command,
    "check": check_command,
}
