"""Command line: arguments in, exit code out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import load_settings
from .errors import NewsdeskError


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="newsdesk",
        description="Build the localized site and PDF briefs from content/ and locales/.",
    )
    main.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current folder)")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site and briefs (the default command)")
    _build_options(build)

    extract = commands.add_parser("extract", help="regenerate catalog templates (.pot) from content and templates")
    extract.set_defaults(command="extract")

    update = commands.add_parser("update", help="merge catalog templates into every locale's catalogs")
    update.add_argument("--locale", action="append", help="only this locale (repeatable)")
    update.add_argument("--document", action="append", help="only this document slug (repeatable)")
    return main


def _build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--out", type=Path, default=None, help="output folder (default: public/ in the project)")
    command.add_argument("--drafts", action="store_true",
                         help="also publish incomplete translations, pending segments marked (never as PDF)")
    command.add_argument("--no-briefs", action="store_true", help="HTML only: skip the PDF briefs")


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--root"):
        args_list.insert(0, "build")
    if args_list[:1] == ["--root"] and len(args_list) == 2:
        args_list.append("build")
    args = parser().parse_args(args_list)
    command = args.command or "build"
    try:
        settings = load_settings(args.root.resolve())
        if command == "build":
            return _build(settings, args)
        return _catalog_command(settings, command, args)
    except NewsdeskError as error:
        for item in error.problems:
            print(item, file=sys.stderr)
        print(f"newsdesk: {command} failed with {len(error.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsdesk: interrupted; nothing was published", file=sys.stderr)
        return 130


def _build(settings, args) -> int:  # type: ignore[no-untyped-def]
    from .pipeline import BuildOptions, build

    out = (args.out or settings.root / "public").resolve() if hasattr(args, "out") else settings.root / "public"
    options = BuildOptions(out=out, drafts=getattr(args, "drafts", False), briefs=not getattr(args, "no_briefs", False))
    report = build(settings, options)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    for held in report.held_back:
        print(held, file=sys.stderr)
    print(report.summary())
    return 0


def _catalog_command(settings, command: str, args) -> int:  # type: ignore[no-untyped-def]
    from . import workflow
    from .content import load_content

    documents = load_content(settings.root, settings.content_dir, settings.locales)
    if command == "extract":
        changed = workflow.extract(settings, documents)
    else:
        for locale in args.locale or ():
            if locale not in settings.locales:
                print(f"newsdesk: unknown locale '{locale}' (enabled: {', '.join(settings.locales)})", file=sys.stderr)
                return 1
        changed = workflow.update(settings, documents, tuple(args.locale) if args.locale else None,
                                  tuple(args.document) if args.document else None)
    for path in changed:
        print(f"wrote {path.relative_to(settings.root)}")
    print(f"{command}: {len(changed)} file(s) changed")
    return 0
