"""``news-sitemap.xml``: the Google News sitemap of the documents published in the last two days."""

from __future__ import annotations

from datetime import timedelta

NEWS_WINDOW = timedelta(days=2)  # Google News reads articles published in the last two days
NEWS_LIMIT = 1000  # entries a news sitemap may hold
