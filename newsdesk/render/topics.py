"""Topic pages: ``LOCALE/topics/SLUG/`` lists a locale's published documents on a topic, newest
first and paginated like the front page, with its own Atom feed and language versions (the
locales in which the topic has documents). A topic's name in each locale comes from the site
catalog (its msgid is the English name declared in ``content/topics.yaml``)."""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.content.topics import Topic
from newsdesk.locales import profile
from newsdesk.localize.edition import Edition
from newsdesk.localize.localized import LocalizedDocument
from newsdesk.render.feeds import atom_feed
from newsdesk.render.head import PageHead
from newsdesk.render.links import X_DEFAULT, Version, Versions, front_path, topic_feed_path, topic_path
from newsdesk.render.pages import switcher
from newsdesk.render.site import by_day, paginated
from newsdesk.render.templating import Templates
from newsdesk.render.topicnames import topic_name
from newsdesk.render.typeset import page_text


def topic_documents(edition: Edition, slug: str) -> dict[str, list[LocalizedDocument]]:
    """Each locale's listed documents on the topic (drafts are listed nowhere), newest first;
    locales without any left out."""
    found = {locale: [d for d in edition.listed(locale) if slug in d.document.topics] for locale in edition.published}
    return {locale: docs for locale, docs in found.items() if docs}


def topic_versions(edition: Edition, slug: str, locales: tuple[str, ...]) -> Versions:
    return collection_versions(edition, lambda l: topic_path(l, slug), locales)


def collection_versions(edition: Edition, path: Callable[[str], str], locales: tuple[str, ...]) -> Versions:
    """A collection's first pages in ``locales``; x-default the default locale's, or the first."""
    settings = edition.settings
    versions = tuple(Version(l, settings.url(path(l))) for l in locales)
    fallback = settings.default_locale if settings.default_locale in locales else locales[0]
    return Versions(versions, Version(X_DEFAULT, settings.url(path(fallback))))


def topic_page(templates: Templates, edition: Edition, locale: str, topic: Topic, locales: tuple[str, ...],
               docs: list[LocalizedDocument], number: int = 1, count: int = 1) -> str:
    return collection_page(templates, edition, locale, topic_name(edition, locale, topic),
                           lambda l, n=1: topic_path(l, topic.slug, n), locales, docs, number, count,
                           feed=topic_feed_path(locale, topic.slug))


def collection_page(templates: Templates, edition: Edition, locale: str, heading: str,
                    path: Callable[..., str], locales: tuple[str, ...], docs: list[LocalizedDocument],
                    number: int, count: int, feed: str | None) -> str:
    """A page of a collection of documents (a topic's, an author's) at ``path(locale, number)``,
    three folders down (``LOCALE/KIND/SLUG/``): laid out and paginated like the front page."""
    settings = edition.settings
    depth = 3 if number == 1 else 5  # LOCALE/KIND/SLUG/ or LOCALE/KIND/SLUG/page/N/
    root = "../" * depth
    days = by_day(docs)
    pages = paginated(number, count)
    first = path(locale)
    return templates.render(
        "index.html",
        locale,
        edition.catalogs.site[locale],
        days=days,
        pages=pages,
        front=root + front_path(locale),
        pack=None,
        text=page_text,
        root=root,
        site_name=settings.site_name[locale],
        publisher=settings.publisher,
        heading=heading,
        switcher=switcher(locale, locales, first[len(locale) + 1:], root),
        head=collection_head(edition, locale, path, locales, number, feed),
    )


def collection_head(edition: Edition, locale: str, path: Callable[..., str], locales: tuple[str, ...], page: int,
                    feed: str | None) -> PageHead:
    """Like a front page's: its first page has language versions, its older pages are their own."""
    settings = edition.settings
    versions = collection_versions(edition, path, locales)
    url = settings.url(path(locale, page))
    graph = [("og:type", "website"), ("og:url", url), ("og:site_name", settings.site_name[locale]),
             ("og:locale", profile(locale).tag)]
    if page == 1:
        graph += [("og:locale:alternate", profile(l).tag) for l in locales if l != locale]
    return PageHead(url, versions.all() if page == 1 else (), settings.url(feed) if feed else None, tuple(graph))


def topic_feed(templates: Templates, edition: Edition, locale: str, topic: Topic,
               docs: list[LocalizedDocument]) -> str:
    settings = edition.settings
    return atom_feed(templates, edition, locale, docs, feed=topic_feed_path(locale, topic.slug),
                     front=topic_path(locale, topic.slug),
                     title=f"{topic_name(edition, locale, topic)}{profile(locale).separator}{settings.site_name[locale]}")
