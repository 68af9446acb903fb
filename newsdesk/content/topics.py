"""Topics: declared once for the site in ``content/topics.yaml`` (slug: English name), named in
each locale through the site catalog, listed by documents in ``topics: [slug, ...]``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.content.declared import declarations
from newsdesk.errors import ContentError, Problems

TOPICS_FILE = "content/topics.yaml"


@dataclass(frozen=True)
class Topic:
    slug: str  # its pages' URL: LOCALE/topics/SLUG/
    name: str  # in English, the site catalog's msgid
    line: int  # in topics.yaml


def load_topics(root: Path) -> dict[str, Topic]:
    """The declared topics, in file order; none without the file. Problems raised together."""
    if not (root / TOPICS_FILE).is_file():
        return {}
    import yaml  # a site with declarations only: the content reader imports it too, a no-op build need not

    problems = Problems()
    topics: dict[str, Topic] = {}
    for slug, value, line in declarations(root, TOPICS_FILE, "topic", "slug: English name", problems):
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            problems.add(TOPICS_FILE, line, f"topic '{slug}' needs a name (in English; the site catalogs translate it)")
        else:
            topics[slug] = Topic(slug, " ".join(str(value.value).split()), line)
    problems.raise_if_errors(ContentError)
    return topics
