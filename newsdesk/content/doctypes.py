"""The declared fields of each document type: what a content file may and must contain."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    """One front-matter field.

    kind: "text" (one translatable segment), "texts" (a list of them), "url", "image",
    "datetime" (ISO 8601 with a time zone),
    or "record" / "records" (a mapping, or a list of mappings, with ``fields`` of their own).
    """

    kind: str
    required: bool = True
    fields: dict[str, Field] = field(default_factory=dict)


TEXT = Field("text")
TEXTS = Field("texts")

# Fields every document has besides type, slug, date and source_locale (read by content.py).
COMMON: dict[str, Field] = {
    "publish": Field("choice", required=False),
    "tags": Field("texts", required=False),
    "credit": TEXT,
    "source": Field("record", fields={"name": TEXT, "url": Field("url", required=False)}),
    "corrections": Field("records", required=False, fields={"date": Field("datetime"), "text": TEXT}),
    "figure": Field(
        "record",
        required=False,
        fields={"image": Field("image"), "caption": TEXT, "credit": TEXT},
    ),
}


@dataclass(frozen=True)
class DocType:
    """A kind of document: its fields, its templates, and which fields title and summarize it."""

    name: str
    fields: dict[str, Field]
    title_field: str
    summary_field: str
    body_required: bool

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def brief_template(self) -> str:
        return f"brief/{self.name}.html"


DOCTYPES: dict[str, DocType] = {
    "article": DocType(
        name="article",
        fields={
            **COMMON,
            "kicker": Field("text", required=False),
            "headline": TEXT,
            "deck": Field("texts", required=False),
            "byline": TEXT,
            "lede": TEXT,
            "pullquote": Field(
                "record", required=False, fields={"text": TEXT, "attribution": TEXT}
            ),
        },
        title_field="headline",
        summary_field="lede",
        body_required=True,
    ),
    "statement": DocType(
        name="statement",
        fields={
            **COMMON,
            "title": TEXT,
            "issuers": TEXTS,
            "summary": TEXT,
            "visions": Field("records", fields={"title": TEXT, "recommendations": TEXTS}),
            "other_recommendations": Field("texts", required=False),
            "call": TEXT,
        },
        title_field="title",
        summary_field="summary",
        body_required=False,
    ),
}

PUBLISH_CHOICES = ("complete", "any")
