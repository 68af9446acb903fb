"""Topics: declared once for the site in ``content/topics.yaml`` (slug: English name), named in
each locale through the site catalog, listed by documents in ``topics: [slug, ...]``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import ContentError, Problems

TOPICS_FILE = "content/topics.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Topic:
    slug: str  # its pages' URL: LOCALE/topics/SLUG/
    name: str  # in English, the site catalog's msgid
    line: int  # in topics.yaml


def load_topics(root: Path) -> dict[str, Topic]:
    """The declared topics, in file order; none without the file. Problems raised together."""
    path = root / TOPICS_FILE
    if not path.is_file():
        return {}
    import yaml  # only sites with topics pay for it here (the content reader imports it anyway)

    problems = Problems()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(TOPICS_FILE, mark.line + 1 if mark else None, f"not valid YAML: {error}")
        raise ContentError(problems.errors) from None
    topics: dict[str, Topic] = {}
    if node is None:
        return topics
    if not isinstance(node, yaml.MappingNode):
        problems.add(TOPICS_FILE, 1, "topics.yaml is a mapping of slug: English name")
        raise ContentError(problems.errors)
    for key, value in node.value:
        line = key.start_mark.line + 1
        slug = str(key.value)
        if not SLUG.match(slug):
            problems.add(TOPICS_FILE, line, f"topic '{slug}' must be lower-case ASCII letters, digits and hyphens")
        elif slug in topics:
            problems.add(TOPICS_FILE, line, f"topic '{slug}' is declared twice")
        elif not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            problems.add(TOPICS_FILE, line, f"topic '{slug}' needs a name (in English; the site catalogs translate it)")
        else:
            topics[slug] = Topic(slug, " ".join(str(value.value).split()), line)
    problems.raise_if_errors(ContentError)
    return topics
