"""Babel extractor for content files, so that ``pybabel extract`` finds the same segments.

Register in a mapping file as ``[newsdesk: content/**.md]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from newsdesk.catalogs.catalog import document_messages
from newsdesk.config import SUPPORTED_LOCALES
from newsdesk.content.reader import read_document
from newsdesk.errors import ContentError, Problems


def extract_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    name = getattr(fileobj, "name", "content")
    problems = Problems()
    document = read_document(fileobj.read(), str(name), SUPPORTED_LOCALES, problems)
    if document is None:
        raise ContentError(problems.errors)
    for message in document_messages(document):
        for (_path, line), comment in zip(message.locations, message.comments):
            yield line, None, message.msgid, [comment]
