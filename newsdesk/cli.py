"""Command line: arguments in, exit code out. ``build`` is the default command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .config import Settings, load_settings
from .errors import NewsdeskError


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="newsdesk",
        description="Build the localized site and PDF briefs from content/ and locales/, "
        "and manage the translation catalogs. Without a command, builds.",
    )
    main.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current folder)")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site and the briefs (the default command)")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: public/ in the project)")
    build.add_argument("--drafts", action="store_true",
                       help="also publish incomplete translations, pending segments marked (never as PDF)")
    build.add_argument("--no-briefs", action="store_true", help="HTML only: skip the PDF briefs")
    build.add_argument("--pack", action="store_true",
                       help="also make a briefing pack per locale: LOCALE/briefing-pack-LOCALE.pdf")

    commands.add_parser("extract", help="regenerate the catalog templates (locales/pot/) from content and templates")

    update = commands.add_parser("update", help="merge the catalog templates into every locale's catalogs")
    update.add_argument("--locale", action="append", help="only this locale (repeatable)")
    update.add_argument("--document", action="append", metavar="SLUG", help="only this document (repeatable)")
    return main


def _with_default_command(argv: list[str]) -> list[str]:
    """``build.py --out x`` means ``build.py build --out x``."""
    i = 0
    while i < len(argv) and argv[i] == "--root":
        i += 2
    known = set(parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if i < len(argv) and (argv[i] in known or argv[i] in ("-h", "--help")):
        return argv
    return argv[:i] + ["build"] + argv[i:]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(_with_default_command(list(sys.argv[1:] if argv is None else argv)))
    try:
        settings = load_settings(args.root.resolve())
        return COMMANDS[args.command](settings, args)
    except NewsdeskError as error:
        for item in error.problems:
            print(item, file=sys.stderr)
        print(f"newsdesk: {args.command} failed with {len(error.problems)} problem(s); nothing was written",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsdesk: interrupted; nothing was published", file=sys.stderr)
        return 130


def build_command(settings: Settings, args: argparse.Namespace) -> int:
    from .pipeline import BuildOptions, build

    out = (args.out or settings.root / "public").resolve()
    report = build(settings, BuildOptions(out=out, drafts=args.drafts, briefs=not args.no_briefs,
                                       pack=args.pack))
    for line in [*report.warnings, *report.held_back]:
        print(line, file=sys.stderr)
    print(report.summary())
    return 0


def extract_command(settings: Settings, args: argparse.Namespace) -> int:
    from . import workflow
    from .content import load_content

    documents = load_content(settings.root, settings.content_dir, settings.locales)
    return _report_changes(settings, "extract", workflow.extract(settings, documents))


def update_command(settings: Settings, args: argparse.Namespace) -> int:
    from . import workflow
    from .content import load_content

    for locale in args.locale or ():
        if locale not in settings.locales:
            print(f"newsdesk: unknown locale '{locale}' (enabled: {', '.join(settings.locales)})", file=sys.stderr)
            return 1
    documents = load_content(settings.root, settings.content_dir, settings.locales)
    for slug in args.document or ():
        if slug not in {d.slug for d in documents}:
            print(f"newsdesk: unknown document '{slug}'", file=sys.stderr)
            return 1
    changed = workflow.update(settings, documents, tuple(args.locale) if args.locale else None,
                              tuple(args.document) if args.document else None)
    return _report_changes(settings, "update", changed)


def _report_changes(settings: Settings, command: str, changed: list[Path]) -> int:
    for path in changed:
        print(f"wrote {path.relative_to(settings.root)}")
    print(f"{command}: {len(changed)} file(s) changed")
    return 0


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "build": build_command,
    "extract": extract_command,
    "update": update_command,
}
