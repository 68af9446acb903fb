"""Authors: the people and organizations a byline names, declared once in ``content/authors.yaml``
with a name per locale; a document lists them in ``authors: [slug, ...]``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.content.declared import declarations
from newsdesk.errors import ContentError, Problems

AUTHORS_FILE = "content/authors.yaml"
KINDS = ("person", "organization")


@dataclass(frozen=True)
class Author:
    slug: str  # a person's pages: LOCALE/authors/SLUG/
    kind: str  # "person" or "organization"
    names: dict[str, str] = field(hash=False)  # locale -> name as readers of that locale write it
    url: str | None = None  # an organization's own site, if declared

    @property
    def person(self) -> bool:
        return self.kind == "person"


def load_authors(root: Path, locales: tuple[str, ...]) -> dict[str, Author]:
    """The declared authors, each with a name in every locale; problems raised together."""
    if not (root / AUTHORS_FILE).is_file():
        return {}
    import yaml  # a site with declarations only: the content reader imports it too, a no-op build need not

    problems = Problems()
    authors: dict[str, Author] = {}
    shape = "slug: {type, name: {locale: name}}"
    for slug, value, line in declarations(root, AUTHORS_FILE, "author", shape, problems):
        fields = {k.value: v for k, v in value.value} if isinstance(value, yaml.MappingNode) else {}
        names_node = fields.get("name")
        names = {k.value: " ".join(str(v.value).split()) for k, v in names_node.value
                 if isinstance(v, yaml.ScalarNode)} if isinstance(names_node, yaml.MappingNode) else {}
        kind = str(fields["type"].value) if isinstance(fields.get("type"), yaml.ScalarNode) else ""
        url = str(fields["url"].value) if isinstance(fields.get("url"), yaml.ScalarNode) else None
        if kind not in KINDS:
            problems.add(AUTHORS_FILE, line, f"author '{slug}' needs a type: person or organization")
        elif missing := [locale for locale in locales if not names.get(locale)]:
            problems.add(AUTHORS_FILE, line, f"author '{slug}' has no name in {', '.join(missing)} "
                                             "(write name: {ko: ..., ja: ..., en: ...})")
        elif url is not None and not re.match(r"^https?://[^\s/]+", url):
            problems.add(AUTHORS_FILE, line, f"author '{slug}': url must be an http(s) URL")
        else:
            authors[slug] = Author(slug, kind, names, url)
    problems.raise_if_errors(ContentError)
    return authors
