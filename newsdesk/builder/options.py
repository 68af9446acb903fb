"""What a build is asked to do and what it did: light values, importable without the renderers."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    drafts: bool = False  # publish incomplete translations, pending segments marked
    briefs: bool = True
    clean: bool = False  # ignore the manifest: render everything
    jobs: int = 1  # worker processes for briefs
    pack: bool = False  # a briefing pack per locale
    scheduler: str | None = None  # render the briefs on this Dask cluster (cluster.py), not in local workers
    changes: bool = False  # list the outputs whose bytes changed, even when a whole new folder is swapped in (serve)
    now: datetime | None = None  # the build's clock (embargoes, the news sitemap); None: the wall clock
    embargoed: Path | None = None  # also write the embargoed documents' briefs here (never in ``out``)

    def key(self) -> dict[str, bool]:
        """The options that change what is rendered (not where, nor how fast)."""
        return {"drafts": self.drafts, "briefs": self.briefs, "pack": self.pack}


@dataclass
class BuildReport:
    documents: int = 0
    locales: int = 0
    pages: int = 0
    briefs: int = 0
    rendered: int = 0  # outputs rendered by this run; the rest were unchanged and reused
    warnings: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)  # documents under embargo, and when they are released
    clock: list[str] = field(default_factory=lambda: ["", ""])  # the build clocks this output holds for:
    # [since, until) as ISO 8601 ("" for no bound); a build outside them has something to release or retire
    withdrawn: list[str] = field(default_factory=list)  # published versions this build took off the site
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # outputs whose bytes differ from the last build's
    # (with BuildOptions.changes; otherwise, when a whole new folder is swapped in, every rendered output)


    def summary(self) -> str:
        return (f"built {self.documents} documents x {self.locales} locales: {self.pages} pages, "
                f"{self.briefs} PDFs ({self.rendered} rendered, the rest unchanged), "
                f"{len(self.warnings)} warnings, {len(self.held_back)} held back"
                + (f", {len(self.withdrawn)} withdrawn" if self.withdrawn else "")
                + f" in {self.seconds:.1f} s")

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k not in ("seconds", "changed")}
