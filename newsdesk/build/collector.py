"""Where the cyclic garbage collector is switched off.

A build allocates mostly what lives until it ends (modules, documents, catalogs, the edition)
and pages that leave few cycles behind: a collection walks it all again and finds little.
WeasyPrint leaves cycles behind every document, so briefs render with the collector on
(pdf.BriefRenderer).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uncollected() -> Iterator[None]:
    """The collector off for the block, then on again if it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
