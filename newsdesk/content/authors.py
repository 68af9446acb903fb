"""Authors: the people and organizations a byline names, declared once in ``content/authors.yaml``
with a name per locale; a document lists them in ``authors: [slug, ...]``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import ContentError, Problems

AUTHORS_FILE = "content/authors.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
    path = root / AUTHORS_FILE
    if not path.is_file():
        return {}
    import yaml

    problems = Problems()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(AUTHORS_FILE, mark.line + 1 if mark else None, f"not valid YAML: {error}")
        raise ContentError(problems.errors) from None
    authors: dict[str, Author] = {}
    if node is None:
        return authors
    if not isinstance(node, yaml.MappingNode):
        problems.add(AUTHORS_FILE, 1, "authors.yaml is a mapping of slug: {type, name: {locale: name}}")
        raise ContentError(problems.errors)
    for key, value in node.value:
        line = key.start_mark.line + 1
        slug = str(key.value)
        fields = {k.value: v for k, v in value.value} if isinstance(value, yaml.MappingNode) else {}
        names_node = fields.get("name")
        names = {k.value: " ".join(str(v.value).split()) for k, v in names_node.value
                 if isinstance(v, yaml.ScalarNode)} if isinstance(names_node, yaml.MappingNode) else {}
        kind = str(fields["type"].value) if isinstance(fields.get("type"), yaml.ScalarNode) else ""
        url = str(fields["url"].value) if isinstance(fields.get("url"), yaml.ScalarNode) else None
        if not SLUG.match(slug):
            problems.add(AUTHORS_FILE, line, f"author '{slug}' must be lower-case ASCII letters, digits and hyphens")
        elif slug in authors:
            problems.add(AUTHORS_FILE, line, f"author '{slug}' is declared twice")
        elif kind not in KINDS:
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
