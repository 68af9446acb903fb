"""Pages of the live preview's translation dashboard (``/_newsdesk/``), built from the project's files.

Catalog and content text is untrusted: everything here is escaped by Jinja's autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from jinja2 import Environment

from newsdesk.catalogs import catalog as cat
from newsdesk.catalogs.files import catalog_present, read_catalog_file
from newsdesk.catalogs.po import decode, parse
from newsdesk.config import Settings
from newsdesk.content.inline import plain
from newsdesk.content.load import load_content
from newsdesk.content.model import Document
from newsdesk.errors import CatalogError, NewsdeskError, Problem
from newsdesk.locales import profile
from newsdesk.translate.checks import check
from newsdesk.translate.stats import progress

ENV = Environment(autoescape=True)

DASHBOARD = ENV.from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Translations · newsdesk preview</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.3em .8em;text-align:left}.bad{color:#8a1010}
.done{color:#17622b}</style></head><body>
<h1>Translations</h1>
{% if problems %}<h2 class="bad">Problems</h2><ul>{% for p in problems %}<li><code>{{ p }}</code></li>{% endfor %}</ul>{% endif %}
<table><thead><tr><th>Document</th><th>Locale</th><th>Translated</th><th>Fuzzy</th><th>Untranslated</th><th>Progress</th><th>Status</th><th></th></tr></thead>
<tbody>{% for row in rows %}
<tr data-document="{{ row.document }}" data-locale="{{ row.locale }}"><td>{{ row.document }}</td><td>{{ row.locale }}</td>
<td class="translated">{{ row.translated }}</td><td class="fuzzy">{{ row.fuzzy }}</td><td class="untranslated">{{ row.untranslated }}</td>
<td>{{ row.percent }}% of {{ row.translated_size + row.fuzzy_size + row.untranslated_size }} {{ row.unit }}</td>
<td class="{{ 'done' if row.status == 'complete' else 'bad' }}">{{ row.status }}</td>
<td><a href="/{{ row.locale }}/{{ row.document }}/">page</a> · <a href="/_newsdesk/segments/{{ row.document }}/{{ row.locale }}/">segments</a>
{% if row.status == 'complete' %} · <a href="/{{ row.locale }}/{{ row.document }}/{{ row.document }}-{{ row.locale }}.pdf">PDF</a>{% endif %}</td></tr>
{% endfor %}</tbody></table></body></html>
""")

SEGMENTS = ENV.from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ slug }} [{{ locale }}] · newsdesk preview</title>
<style>body{font:15px/1.6 system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ccc;padding:.4em .8em;vertical-align:top;width:45%}
tr.untranslated td.target{background:#fde2e2}tr.fuzzy td.target{background:#fff2c2}
.previous{color:#666;font-size:.9em}.field{color:#666;font-size:.8em;width:10%}</style></head><body>
<p><a href="/_newsdesk/">All translations</a></p>
<h1>{{ slug }}: {{ source_locale }} → {{ locale }}</h1>
{% if problem %}<p role="alert"><code>{{ problem }}</code></p>{% endif %}
<table><thead><tr><th>Where</th><th>Source ({{ source_locale }})</th><th>Translation ({{ locale }})</th></tr></thead><tbody>
{% for s in segments %}<tr class="{{ s.status }}"><td class="field"><a href="{{ s.href }}">{{ s.field }}</a><br>{{ s.status }}</td>
<td lang="{{ source_locale }}">{{ s.source }}</td>
<td class="target" lang="{{ locale }}">{{ s.translation }}{% if s.previous %}<p class="previous">previous source: <span lang="{{ source_locale }}">{{ s.previous }}</span></p>{% endif %}</td></tr>
{% endfor %}</tbody></table></body></html>
""")


def dashboard(settings: Settings, build_problems: list[Problem]) -> str:
    """Progress per document and locale (as `stats` counts it), the `check` problems and those
    of the last build."""
    try:
        documents = load_content(settings.root, settings.content_dir, settings.locales)
        rows = [r for r in progress(settings, documents) if r.document != "site"]
        checked = check(settings, documents).problems
    except NewsdeskError as error:
        return DASHBOARD.render(problems=[str(p) for p in [*build_problems, *error.problems]], rows=[])
    return DASHBOARD.render(problems=[str(p) for p in [*build_problems, *checked]], rows=rows)


@dataclass(frozen=True)
class SegmentRow:
    field: str
    source: str
    translation: str
    status: str  # translated, fuzzy, untranslated
    previous: str
    href: str  # the segment's place in the draft page (a text fragment)


def segments_page(settings: Settings, slug: str, locale: str) -> str | None:
    """Source and translation side by side, segment by segment."""
    if locale not in settings.locales:
        return None
    try:
        documents = load_content(settings.root, settings.content_dir, settings.locales)
    except NewsdeskError:
        return None
    document = next((d for d in documents if d.slug == slug), None)
    if document is None or locale == document.source_locale:
        return None
    rows, unreadable = _segment_rows(settings, document, locale)
    return SEGMENTS.render(slug=slug, locale=locale, source_locale=document.source_locale, segments=rows,
                           problem=unreadable)


def _segment_rows(settings: Settings, document: Document, locale: str) -> tuple[list[SegmentRow], str | None]:
    """Each segment with its translation; and what is wrong if the catalog cannot be read at all
    (its segments are then shown untranslated)."""
    path = cat.document_catalog(settings.locales_dir, locale, document.slug)
    entries = {}
    unreadable = None
    if catalog_present(path):
        # The one PO reader, not strict: what can be read is shown; `check` (above) names the rest.
        try:
            text = decode(read_catalog_file(path, path.name, settings.locales_dir))
        except (CatalogError, ValueError, LookupError):  # not a file, not UTF-8: said, never the text
            text = ""
            unreadable = (f"{cat.document_catalog_rel(locale, document.slug)}: the dashboard cannot read this "
                          "catalog; run `build.py check` for its problems")
        entries = {e.msgid: e for e in parse(text, strict=False, keep_raw=False).entries
                   if e.msgid and not e.obsolete and e.msgctxt is None and e.msgid_plural is None}
    rows = []
    for segment in document.segments():
        entry = entries.get(segment.text)
        translation = entry.msgstr[0] if entry is not None else ""
        status = ("untranslated" if entry is None or not translation
                  else "fuzzy" if entry.fuzzy else "translated")
        previous = entry.previous.msgid if entry is not None and entry.previous else ""
        shown = translation if status == "translated" else segment.text
        anchor = quote(" ".join(plain(shown).split()[:6]) if profile(locale).word_unit == "word" or status != "translated" else plain(shown)[:12], safe="")
        rows.append(SegmentRow(segment.field, segment.text, translation, status, previous,
                               f"/{locale}/{document.slug}/#:~:text={anchor}"))
    return rows, unreadable
