"""Parse one content file (YAML front matter, then the body) into a Document, every segment
remembering its file and line."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from newsdesk.content.blocks import unsupported_blocks
from newsdesk.content.deferred import Deferred
from newsdesk.content.doctypes import DOCTYPES, PUBLISH_CHOICES, Field
from newsdesk.content.figures import image_problem, svg_problem
from newsdesk.content.model import Block, Content, Document, RelatedRef, Segment
from newsdesk.errors import Problems
from newsdesk.locales import LOCALES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED = ("type", "slug", "date", "source_locale")
SOURCE_LABEL = re.compile(r"^\s*(?:source|sources|출처|出典|出所|ソース)\s*[:：]", re.IGNORECASE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Invalid(Exception):
    """A problem in one field; collected, not raised past the reader."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


# A long story is 50 KB; 50,000 paragraphs (5 MB) took 5 GB of memory to make its briefs.
MAX_DOCUMENT_BYTES = 2 * 2**20


def read_document(
    raw: bytes, rel: str, locales: tuple[str, ...], problems: Problems, assets: Path | None = None
) -> Document | None:
    """Parse one content file; on problems, record them and return None.

    With ``assets`` (the content folder), images must exist there, relative to the document.
    """
    if len(raw) > MAX_DOCUMENT_BYTES:
        problems.add(rel, None, f"document is {len(raw) / 2**20:.1f} MiB; the limit is {MAX_DOCUMENT_BYTES // 2**20} MiB "
                                "(its pages and briefs would take gigabytes to make): split it")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.add(rel, _line_of_byte(raw, error.start), "file is not UTF-8 text")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.add(rel, None, "empty document")
        return None
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.add(rel, 1, "a document starts with '---' and YAML front matter")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(rel, 1, "front matter not closed: no '---' line after it")
        return None
    try:
        node = yaml.compose("\n".join(lines[1:end]), Loader=_Loader)
    except yaml.YAMLError as error:
        problems.add(rel, *_yaml_problem(error, lines[1:end]))
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.add(rel, 2, "front matter must be a mapping of field: value")
        return None
    if (alias := _first_alias(node)) is not None:
        problems.add(rel, alias.start_mark.line + 2,
                     "YAML anchors and aliases (&name, *name) are not allowed in front matter: write each value out")
        return None
    base = assets.parent / Path(rel).parent if assets is not None else None
    reader = _FieldReader(rel, problems, base, assets)
    return reader.document(node, lines[end + 1 :], end + 2, locales)


def _first_alias(root: yaml.Node) -> yaml.Node | None:
    """A node met a second time: an alias. A few lines of aliases nest a thousand copies of a
    thousand copies (a 28 KB file became a 17 MB page and 768 MB of memory): none is allowed."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return None


def _yaml_problem(error: yaml.YAMLError, front: list[str] | None = None) -> tuple[int, str]:
    """Line and message of a YAML error; an unclosed bracket or quote points where it opened."""
    mark = getattr(error, "problem_mark", None)
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if context_mark is not None and ("flow" in context or "quoted" in context):
        mark = context_mark
    line = mark.line + 2 if mark is not None else 1
    reason = getattr(error, "problem", None) or str(error)
    message = f"YAML syntax error: {reason}" + (f" ({context})" if context else "")
    if "mapping values are not allowed" in reason:  # credit: 출처: 언론 보도 종합
        text = front[mark.line] if mark is not None and front and mark.line < len(front) else ""
        return line, f"{message}; {_quote_hint(text)}"
    return line, message


def _quote_hint(text: str) -> str:
    """A ": " inside a value (Korean and Japanese credits often have one) ends the value for
    YAML: say which field to quote, and how (``text``: the line, when known)."""
    key, _, rest = text.partition(":")
    key = key.strip().lstrip("- ")
    if not key or ": " not in rest:
        return 'a value that contains ": " must be quoted, e.g. credit: "Source: wire reports"'
    value = rest.strip().replace('"', '\\"')
    return f"the value of '{key}' contains ': ', which YAML reads as a new field: quote the value, e.g. {key}: \"{value}\""


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


class _FieldReader:
    def __init__(self, rel: str, problems: Problems, base: Path | None, assets: Path | None) -> None:
        self.rel = rel
        self.problems = problems
        self.base = base  # the document's folder, for images
        self.assets = assets
        self.key_lines: dict[int, int] = {}

    def document(
        self, node: yaml.MappingNode, body_lines: list[str], body_start: int, locales: tuple[str, ...]
    ) -> Document | None:
        before = len(self.problems.errors)
        entries = self.mapping(node)
        if entries is None:
            return None
        meta = {key: self.scalar(key, entries.pop(key)) for key in RESERVED if key in entries}
        for key in RESERVED:
            if key not in meta:
                self.problems.add(self.rel, 2, f"missing required field '{key}'")
        doctype = DOCTYPES.get(str(meta.get("type", "")))
        if "type" in meta and doctype is None:
            self.problems.add(
                self.rel, 2, f"unknown document type '{meta['type']}' (known: {', '.join(DOCTYPES)})"
            )
        slug = meta.get("slug", "")
        if slug and not SLUG.match(slug):
            self.problems.add(
                self.rel, 2, f"slug '{slug}' must be lower-case ASCII letters, digits and hyphens"
            )
        source_locale = meta.get("source_locale", "")
        if source_locale and source_locale not in locales:
            self.problems.add(
                self.rel, 2, f"unknown locale '{source_locale}' (enabled: {', '.join(locales)})"
            )
        date = self.date(meta.get("date"), node)
        updated = None  # optional: a correction or substantive update after publication
        if "updated" in entries:
            updated = self.date(self.scalar("updated", entries.pop("updated")), node, "updated")
        if date and updated and updated < date:
            self.problems.add(self.rel, self._line_of("updated", node), "updated is earlier than date")
        embargo = None  # optional: not public before this instant
        if "embargo" in entries:
            embargo = self.date(self.scalar("embargo", entries.pop("embargo")), node, "embargo")
        topics: tuple[str, ...] = ()  # optional: slugs of the site's topics (content/topics.py)
        topics_line = self._line_of("topics", node)
        if "topics" in entries:
            topics = self.slugs("topics", entries.pop("topics"), topics_line)
        authors: tuple[str, ...] = ()  # optional: slugs of the site's authors (content/authors.py)
        authors_line = self._line_of("authors", node)
        if "authors" in entries:
            authors = self.slugs("authors", entries.pop("authors"), authors_line)
        if doctype is None:
            return None
        fields = self.fields(doctype.fields, entries, node.start_mark.line + 2, "")
        for line, message in unsupported_blocks(body_lines, body_start):
            self.problems.add(self.rel, line, message)
        body = parse_body(body_lines, body_start, source_locale)
        if doctype.body_required and not body:
            self.problems.add(self.rel, body_start - 1, "the document has no body text")
        if len(self.problems.errors) > before or date is None:
            return None
        credit = fields.get("credit")
        if credit is not None and SOURCE_LABEL.match(credit.text):
            self.problems.add(self.rel, credit.line,
                              "credit starts with a 'Source:' label, which the page and the brief print before "
                              "source.name already: write the credit as the rights line alone (e.g. '© ...')")
        corrected = None  # the latest correction: the document changed then
        for n, correction in enumerate(fields.get("corrections", ())):
            if correction["date"] < date:
                self.problems.add(self.rel, correction["text"].line,
                                  f"corrections[{n}].date is earlier than the document's date")
            corrected = max(corrected or correction["date"], correction["date"])
        if len(self.problems.errors) > before:
            return None
        publish = fields.pop("publish", "complete")
        related = fields.pop("related", ())
        body_blocks = tuple(
            Block(kind.split(":")[0], tuple(Segment(t, f"body[{n}][{i}]" if kind == "ul" or kind.startswith("ol:") else f"body[{n}]", ln)
                                            for i, (t, ln) in enumerate(items)),
                  start=int(kind[3:]) if kind.startswith("ol:") else 1)
            for n, (kind, items) in enumerate(body)
        )
        figure = fields.get("figure")
        return Document(
            path=self.rel,
            type=doctype.name,
            slug=slug,
            date=date,
            source_locale=source_locale,
            content=Deferred(Content(fields, body_blocks)),
            publish=publish,
            updated=updated,
            image=figure["image"] if figure else None,
            embargo=embargo,
            corrected=corrected,
            topics=topics,
            topics_line=topics_line,
            author_slugs=authors,
            authors_line=authors_line,
            related=related,
        )

    def mapping(self, node: yaml.MappingNode) -> dict[str, yaml.Node] | None:
        entries: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # [kicker]: ... is a list used as a name
                self.problems.add(self.rel, key_node.start_mark.line + 2,
                                  "a field name must be a plain word, not a list or mapping (remove the brackets)")
                continue
            key = key_node.value
            if key in entries:
                self.problems.add(self.rel, key_node.start_mark.line + 2, f"duplicate field '{key}'")
                continue
            entries[key] = value_node
            self.key_lines[id(value_node)] = key_node.start_mark.line + 2
        return entries

    def scalar(self, name: str, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            what = "empty" if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            self.problems.add(self.rel, node.start_mark.line + 2, f"field '{name}' must be text, not {what}")
            return ""
        return str(node.value).strip()

    def date(self, value: str | None, node: yaml.Node, name: str = "date") -> datetime | None:
        if not value:
            return None
        try:
            return self.instant(value, self._line_of(name, node), name)
        except _Invalid as error:
            self.problems.add(self.rel, error.line, error.message)
            return None

    def slugs(self, name: str, node: yaml.Node, line: int) -> tuple[str, ...]:
        """``topics`` or ``authors``: slugs declared in content/NAME.yaml (checked by load.py)."""
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if not items or not all(isinstance(i, yaml.ScalarNode) for i in items):
            self.problems.add(self.rel, line, f"field '{name}' must be a list of slugs from content/{name}.yaml")
            return ()
        slugs = tuple(str(i.value).strip() for i in items)
        for slug in slugs:
            if not SLUG.match(slug):
                self.problems.add(self.rel, line, f"'{slug}' in {name} must be a slug from content/{name}.yaml")
        return slugs

    @staticmethod
    def instant(value: str, line: int, name: str) -> datetime:
        try:
            date = datetime.fromisoformat(value)
        except ValueError:
            raise _Invalid(line, f"{name} '{value}' is not a valid ISO 8601 date and time") from None
        if date.tzinfo is None:
            raise _Invalid(line, f"{name} '{value}' needs a time zone, e.g. 2026-01-14T09:00:00+09:00")
        return date

    def image(self, text: str, line: int) -> str:
        """An image path is relative to the document and stays inside content/; it is kept
        relative to content/ (where pages and briefs find it)."""
        outside = f"image '{text}' must be a path inside content/, relative to the document"
        if text.startswith("/") or "://" in text or (".." in Path(text).parts and self.assets is None):
            raise _Invalid(line, outside)
        if self.base is not None and self.assets is not None:
            path = (self.base / text).resolve()  # ../images/x.png from content/articles/ is inside
            if not path.is_relative_to(self.assets.resolve()):
                raise _Invalid(line, outside if ".." in Path(text).parts else f"image '{text}' is outside content/")
        if (why := image_problem(text)) is not None:
            raise _Invalid(line, f"image '{text}' {why}")
        if self.base is not None and self.assets is not None:
            if not path.is_file():
                raise _Invalid(line, f"image '{text}' not found (looked for {path.relative_to(self.assets.resolve().parent)})")
            if path.suffix.lower() == ".svg" and (why := svg_problem(path.read_bytes())) is not None:
                raise _Invalid(line, f"image '{text}' {why}")
            return path.relative_to(self.assets.resolve()).as_posix()
        return text

    @staticmethod
    def _line_of(key: str, node: yaml.MappingNode) -> int:
        return next((k.start_mark.line + 2 for k, _ in node.value if k.value == key), 2)

    def fields(
        self, spec: dict[str, Field], entries: dict[str, yaml.Node], line: int, prefix: str
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, node in entries.items():
            name = f"{prefix}{key}"
            if key not in spec:
                known = ", ".join(sorted(spec))
                line = self.key_lines.get(id(node), line)
                self.problems.add(self.rel, line, f"unknown field '{name}' (known: {known})")
                continue
            try:
                values[key] = self.value(spec[key], node, name)
            except _Invalid as error:
                self.problems.add(self.rel, error.line, error.message)
        for key, field in spec.items():
            if field.required and key not in entries:
                self.problems.add(self.rel, line, f"missing required field '{prefix}{key}'")
        return values

    def value(self, field: Field, node: yaml.Node, name: str) -> Any:
        line = self.key_lines.get(id(node), node.start_mark.line + 2)
        if field.kind == "datetime":
            if not isinstance(node, yaml.ScalarNode):
                raise _Invalid(line, f"field '{name}' must be a date and time, not a list or mapping")
            return self.instant(str(node.value).strip(), line, name)
        if field.kind in ("text", "url", "image", "choice"):
            if not isinstance(node, yaml.ScalarNode):
                raise _Invalid(line, f"field '{name}' must be text, not a list or mapping")
            text = " ".join(str(node.value).split())
            if not text:
                raise _Invalid(line, f"field '{name}' is empty")
            if field.kind == "url" and not re.match(r"^https?://[^\s/]+", text):
                raise _Invalid(line, f"field '{name}' must be an http(s) URL, not '{text}'")
            if field.kind == "image":
                text = self.image(text, line)
            if field.kind == "choice" and text not in PUBLISH_CHOICES:
                raise _Invalid(line, f"field '{name}' must be one of {', '.join(PUBLISH_CHOICES)}")
            return Segment(text, name, line) if field.kind == "text" else text
        if field.kind == "slugs":
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                raise _Invalid(line, f"field '{name}' must be a non-empty list of document slugs")
            refs = []
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or not SLUG.match(str(item.value)):
                    raise _Invalid(item.start_mark.line + 2, f"field '{name}' lists '{getattr(item, 'value', item)}', not a document slug")
                refs.append(RelatedRef(str(item.value), item.start_mark.line + 2))
            return tuple(refs)
        if field.kind == "flag":
            if not isinstance(node, yaml.ScalarNode) or str(node.value).lower() not in ("true", "false"):
                raise _Invalid(line, f"field '{name}' must be true or false")
            return str(node.value).lower() == "true"
        if field.kind in ("texts", "records"):
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                raise _Invalid(line, f"field '{name}' must be a non-empty list")
            item = TEXT_ITEM if field.kind == "texts" else Field("record", fields=field.fields)
            return tuple(self.value(item, v, f"{name}[{i}]") for i, v in enumerate(node.value))
        if field.kind == "record":
            if not isinstance(node, yaml.MappingNode):
                raise _Invalid(line, f"field '{name}' must be a mapping of fields")
            entries = self.mapping(node) or {}
            return self.fields(field.fields, entries, line, f"{name}.")
        raise AssertionError(field.kind)


TEXT_ITEM = Field("text")

HEADING = re.compile(r"^(#{2,3})\s+(.*)$")
LIST_ITEM = re.compile(r"^[-*]\s+(.*)$")
ORDERED_ITEM = re.compile(r"^(\d{1,9})[.)]\s+(.*)$")


def parse_body(
    lines: list[str], first_line: int, source_locale: str
) -> list[tuple[str, list[tuple[str, int]]]]:
    """Split Markdown running text into blocks of (kind, [(segment text, line)]).

    Kinds: "p" paragraph, "h2" heading (## or ###), "ul" list (one segment per item),
    "ol:N" numbered list starting at N (the same), "quote" (> lines). Soft-wrapped lines join into one segment.
    """
    blocks: list[tuple[str, list[tuple[str, int]]]] = []
    for group in _line_groups(lines, first_line):
        for kind, parts in _blocks_of(group):
            items = [(_join([t for t, _ in p], source_locale), p[0][1]) for p in parts]
            if (kind == "ul" or kind.startswith("ol:")) and blocks and (
                    blocks[-1][0] == kind or kind.startswith("ol:") and blocks[-1][0].startswith("ol:")):
                blocks[-1][1].extend(items)  # a list split by a blank line is one list
            else:
                blocks.append((kind, items))
    return blocks


def _line_groups(lines: list[str], first_line: int) -> list[list[tuple[str, int]]]:
    """Runs of non-blank lines, each line with its number in the file."""
    groups: list[list[tuple[str, int]]] = [[]]
    for offset, raw in enumerate(lines):
        line = raw.strip()
        if line:
            groups[-1].append((line, first_line + offset))
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _blocks_of(group: list[tuple[str, int]]) -> list[tuple[str, list[list[tuple[str, int]]]]]:
    out: list[tuple[str, list[list[tuple[str, int]]]]] = []
    for line, number in group:
        heading = HEADING.match(line)
        item = LIST_ITEM.match(line)
        ordered = ORDERED_ITEM.match(line)
        if heading:
            out.append(("h2", [[(heading.group(2), number)]]))
        elif ordered:  # "ol:N": a numbered list that starts at N
            if out and out[-1][0].startswith("ol:"):
                out[-1][1].append([(ordered.group(2), number)])
            else:
                out.append((f"ol:{int(ordered.group(1))}", [[(ordered.group(2), number)]]))
        elif item:
            if out and out[-1][0] == "ul":
                out[-1][1].append([(item.group(1), number)])
            else:
                out.append(("ul", [[(item.group(1), number)]]))
        elif line.startswith(">"):
            text = line[1:].strip()
            if out and out[-1][0] == "quote":
                out[-1][1][0].append((text, number))
            else:
                out.append(("quote", [[(text, number)]]))
        elif out and (out[-1][0] in ("p", "ul") or out[-1][0].startswith("ol:")):
            out[-1][1][-1].append((line, number))  # continuation line
        else:
            out.append(("p", [[(line, number)]]))
    return [(kind, [p for p in parts if any(t for t, _ in p)]) for kind, parts in out]


def _join(parts: list[str], source_locale: str) -> str:
    """Soft-wrapped lines become one segment; Japanese lines join without a space."""
    text = parts[0]
    unspaced = source_locale in LOCALES and LOCALES[source_locale].lines_join_without_space
    for part in parts[1:]:
        if unspaced and not text[-1].isascii() and not part[0].isascii():
            text += part
        else:
            text += " " + part
    return text
