"""Site-wide declarations in ``content/`` (``topics.yaml``, ``authors.yaml``): a YAML mapping of
slug to its declaration, read once, with every problem at its line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsdesk.errors import ContentError, Problems

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def declarations(root: Path, rel: str, what: str, shape: str, problems: Problems) -> Iterator[tuple[str, Any, int]]:
    """(slug, value node, line) of each well-named, first-declared ``what`` of the mapping at
    ``rel`` (none without the file); a file that is not such a mapping raises ContentError,
    a bad or repeated slug is recorded in ``problems``."""
    path = root / rel
    if not path.is_file():
        return
    import yaml  # only sites with declarations pay for it here (the content reader imports it anyway)

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(rel, mark.line + 1 if mark else None, f"not valid YAML: {error}")
        raise ContentError(problems.errors) from None
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        problems.add(rel, 1, f"{Path(rel).name} is a mapping of {shape}")
        raise ContentError(problems.errors)
    seen: set[str] = set()
    for key, value in node.value:
        line = key.start_mark.line + 1
        slug = str(key.value)
        if not SLUG.match(slug):
            problems.add(rel, line, f"{what} '{slug}' must be lower-case ASCII letters, digits and hyphens")
        elif slug in seen:
            problems.add(rel, line, f"{what} '{slug}' is declared twice")
        else:
            seen.add(slug)
            yield slug, value, line
