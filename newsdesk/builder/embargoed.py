"""The build's side of embargoes: the embargoed briefs' folder, and the build clocks an output
holds for (a no-op rebuild at a later clock must still release what is due)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from newsdesk.builder import workers
from newsdesk.builder.options import BuildOptions
from newsdesk.catalogs.catalog import Catalogs
from newsdesk.config import Settings
from newsdesk.content.model import Document
from newsdesk.content.schedule import Release
from newsdesk.errors import NewsdeskError, problem
from newsdesk.localize.edition import make_edition
from newsdesk.render.newsmap import NEWS_WINDOW, published
from newsdesk.render.templating import Templates


def clock_window(documents: list[Document], now: datetime) -> list[str]:
    """``[since, until)``: the build clocks at which this build's output is the same, as ISO 8601
    ("" for no bound). It changes at each embargo, and as a document enters or leaves the
    news sitemap's window."""
    since = until = None
    for document in documents:
        first = published(document)
        for event in (document.embargo, first, first + NEWS_WINDOW):
            if event is None:
                continue
            if event <= now:
                if since is None or event > since:
                    since = event
            elif until is None or event < until:
                until = event
    return [since.isoformat() if since else "", until.isoformat() if until else ""]


def embargoed_briefs(settings: Settings, templates: Templates, catalogs: Catalogs, schedule: Release,
                     options: BuildOptions) -> dict[str, bytes]:
    """With ``options.embargoed``, the briefs of the documents under embargo (complete
    translations only), by path in that folder; rendered before anything is published."""
    folder = options.embargoed
    if folder is None:
        return {}
    out, folder = options.out.resolve(), folder.resolve()
    if folder == out or folder.is_relative_to(out) or out.is_relative_to(folder):
        raise NewsdeskError(problem(str(folder), None,
            f"the embargoed briefs' folder must be outside the public output ({out}), and not contain it"))
    if not schedule.scheduled:
        return {}
    from newsdesk.render.briefs import BriefRenderer  # WeasyPrint: only builds that ask pay here
    from newsdesk.render.embargoed import render_embargoed

    edition = make_edition(settings, [s.document for s in schedule.scheduled], catalogs, drafts=False)
    with workers.collected():  # WeasyPrint at work
        return render_embargoed(BriefRenderer(settings, templates), edition, schedule.scheduled)


def write_embargoed(folder: Path, files: dict[str, bytes]) -> None:
    """The folder holds exactly the current embargoed briefs: those of documents since released
    are removed (each file written whole, then renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*/*-embargoed.pdf"):
        if old.relative_to(folder).as_posix() not in files:
            old.unlink()
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.part")
        partial.write_bytes(data)
        os.replace(partial, path)
