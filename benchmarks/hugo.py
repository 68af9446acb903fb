"""Hugo beside newsdesk: the same benchmark corpus as a Hugo multilingual site, and its build timed.

    python benchmarks/hugo.py --documents 1000           # generate both sites, time 3 Hugo builds
    python benchmarks/hugo.py --documents 1000 --paired  # and newsdesk's clean HTML build between them

``hugo_site`` turns a project made by ``benchmarks/corpus.py`` (English sources, complete Korean and
Japanese catalogs) into a Hugo site with the same pages: every document in ko, ja and en with the
same translated text (headline or title, date, deck, byline, lede or summary, body paragraphs, and a
statement's issuers, visions and call), each locale's front pages paginated like ours
(``front_page_size``), and Hugo's defaults for the rest (an RSS feed per language, the sitemap index
and one sitemap per language, robots.txt). The templates are minimal but carry about the markup of
ours: a layout with canonical, hreflang and Open Graph links, a header with the language switcher
(``.AllTranslations``), the article. ``hugo_build`` times ``hugo --quiet`` from nothing (into a new
folder) as ``benchmarks/run.py`` times a build: wall seconds and the peak resident memory
of the process, from the kernel's accounting (``os.wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.catalogs import po

HUGO = "hugo"
try:  # libyaml's loader when PyYAML has it: 10,000 front matters in a second, not ten
    Loader: type[yaml.SafeLoader] = yaml.CSafeLoader
except AttributeError:
    Loader = yaml.SafeLoader

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}{{ with .OutputFormats.Get "RSS" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">
{{ end }}<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="{{ .Lang }}">
<meta property="og:site_name" content="{{ .Site.Title }}">
<meta property="og:description" content="{{ .Description }}">
<meta property="og:image" content="{{ "static/logo.png" | absURL }}">
{{ if .IsPage }}<meta property="og:type" content="article">
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
<meta property="article:modified_time" content="{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}">
<script type="application/ld+json">
{{ dict "@context" "https://schema.org" "@type" "NewsArticle" "url" .Permalink "headline" .Title "description" .Description "datePublished" .Date "dateModified" .Lastmod "inLanguage" .Lang "publisher" (dict "@type" "Organization" "name" .Site.Title) | jsonify | safeJS }}
</script>
{{ end }}<link rel="icon" href="{{ "static/favicon.svg" | absURL }}">
<link rel="stylesheet" href="{{ "static/site.css" | absURL }}">
</head>
<body>
<a class="skip" href="#main">{{ .Site.Title }}</a>
<header class="masthead">
  <p class="site-name"><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>
  <nav class="languages" aria-label="Languages">
    <ul>
    {{ $here := .Lang }}{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}"{{ if eq .Lang $here }} aria-current="page"{{ else }} rel="alternate"{{ end }}>{{ .Language.LanguageName }}</a></li>
    {{ end }}</ul>
  </nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>&copy; {{ .Site.Title }}</p></footer>
</body>
</html>
"""

SINGLE = """{{ define "title" }}{{ .Title }} | {{ .Site.Title }}{{ end }}
{{ define "main" }}
<article class="document {{ .Params.kind }}">
  <header>
    <h1>{{ .Title }}</h1>
    {{ with .Params.deck }}<ul class="deck">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
    {{ with .Params.issuers }}<ul class="issuers">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
    <p class="dateline"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time>{{ with .Params.byline }} · {{ . }}{{ end }}</p>
  </header>
  <p class="lede">{{ .Description }}</p>
  {{ range .Params.visions }}<section class="vision"><h2>{{ .title }}</h2>
  <ol>{{ range .recommendations }}<li>{{ . }}</li>{{ end }}</ol></section>
  {{ end }}
  <div class="body">
  {{ .Content }}
  </div>
  {{ with .Params.call }}<p class="call">{{ . }}</p>{{ end }}
  <footer class="document-footer">
    <p class="source"><a href="{{ .Params.source_url }}">{{ .Params.source }}</a></p>
    <p class="credit">{{ .Params.credit }}</p>
  </footer>
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
{{ $paginator := .Paginate .Site.RegularPages }}
<h2>{{ .Site.Title }}</h2>
<ul class="documents">
{{ range $paginator.Pages }}  <li><article>
    <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    <p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time></p>
    <p class="summary">{{ .Description }}</p>
  </article></li>
{{ end }}</ul>
<nav class="pagination">
{{ with $paginator.Prev }}<a rel="prev" href="{{ .URL }}">&larr;</a>{{ end }}
<span>{{ $paginator.PageNumber }} / {{ $paginator.TotalPages }}</span>
{{ with $paginator.Next }}<a rel="next" href="{{ .URL }}">&rarr;</a>{{ end }}
</nav>
{{ end }}
"""

NOT_FOUND = """{{ define "main" }}<h1>404</h1><p><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>{{ end }}
"""


def hugo_available() -> bool:
    return shutil.which(HUGO) is not None


def hugo_site(project: Path, out: Path) -> Path:
    """A Hugo site at ``out`` with the pages of the benchmark project ``project`` (made by
    ``benchmarks/corpus.py``): each document once per locale, its text from the locale's catalog."""
    settings = tomllib.loads((project / "site.toml").read_text(encoding="utf-8"))
    locales: list[str] = settings["locales"]
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "layouts" / "_default" / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (out / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (out / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (out / "layouts" / "index.html").write_text(LIST, encoding="utf-8")
    (out / "layouts" / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    shutil.copytree(project / "templates" / "static", out / "static" / "static", ignore=shutil.ignore_patterns("fonts"))
    (out / "hugo.toml").write_text(_config(settings), encoding="utf-8")

    folders = {locale: out / "content" / locale for locale in locales}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for source in sorted((project / "content").rglob("*.md")):
        head, _, body = source.read_text(encoding="utf-8").removeprefix("---\n").partition("\n---\n")
        fields = yaml.load(head, Loader=Loader)
        slug = fields["slug"]
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        for locale in locales:
            translate = _catalog(project / "locales" / locale / "content" / f"{slug}.po", locale, fields["source_locale"])
            page = _page(fields, translate)
            text = json.dumps(page, ensure_ascii=False, indent=1) + "\n\n" + "\n\n".join(translate(p) for p in paragraphs)
            (folders[locale] / f"{slug}.md").write_text(text + "\n", encoding="utf-8")
    return out


def _config(settings: dict[str, Any]) -> str:
    """hugo.toml: the languages in the site's order, each in its own folder of the site."""
    names = {"ko": "한국어", "ja": "日本語", "en": "English"}
    lines = [
        f"baseURL = {json.dumps(settings['base_url'])}",
        f"defaultContentLanguage = {json.dumps(settings['default_locale'])}",
        "defaultContentLanguageInSubdir = true",
        f"paginate = {int(settings.get('front_page_size', 50))}",
        "rssLimit = 50",  # our feeds hold the newest 50
        "enableRobotsTXT = true",
        "buildFuture = true",  # the corpus dates stories past today; newsdesk publishes them (embargo is its own field)
        'disableKinds = ["taxonomy", "term"]',  # no tags or categories: ours has none in this corpus
    ]
    for weight, locale in enumerate(settings["locales"], 1):
        lines += ["", f"[languages.{locale}]", f"weight = {weight}", f'contentDir = "content/{locale}"',
                  f"languageName = {json.dumps(names.get(locale, locale), ensure_ascii=False)}",
                  f"title = {json.dumps(settings['site_name'][locale], ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def _catalog(path: Path, locale: str, source: str) -> Callable[[str], str]:
    """A function from source text to the locale's text (the source itself in its own locale)."""
    if locale == source:
        return lambda text: text
    catalog = po.parse(path.read_text(encoding="utf-8"), keep_raw=False)
    found = {e.msgid: e.msgstr[0] for e in catalog.entries if not e.is_header and e.msgstr[0]}
    return lambda text: found[text]


def _page(fields: dict[str, Any], t: Callable[[str], str]) -> dict[str, object]:
    """A page's front matter: what our templates show of an article or a statement, translated."""
    page: dict[str, object] = {"date": fields["date"].isoformat() if hasattr(fields["date"], "isoformat") else fields["date"],
            "kind": fields["type"], "source": t(fields["source"]["name"]), "source_url": fields["source"]["url"],
            "credit": t(fields["credit"])}
    if fields["type"] == "article":
        page |= {"title": t(fields["headline"]), "description": t(fields["lede"]),
                 "deck": [t(line) for line in fields.get("deck", [])], "byline": t(fields["byline"])}
    else:
        page |= {"title": t(fields["title"]), "description": t(fields["summary"]),
                 "issuers": [t(line) for line in fields["issuers"]], "call": t(fields["call"]),
                 "visions": [{"title": t(v["title"]), "recommendations": [t(r) for r in v["recommendations"]]}
                             for v in fields["visions"]]}
    return page


def hugo_build(site: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of ``hugo --quiet`` building ``site`` from
    nothing into ``out``, a folder that does not exist yet: removing the previous output just
    before would slow the build on some file systems (see ``set_aside`` in benchmarks/run.py)."""
    if out.exists():
        raise ValueError(f"{out} exists: Hugo's build from nothing writes into a new folder")
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([HUGO, "--quiet", "--source", str(site), "--destination", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"hugo failed: {errors.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paired", action="store_true",
                        help="newsdesk's clean HTML build (search off, as Hugo has none) before each Hugo build")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    if not hugo_available():
        raise SystemExit("hugo is not installed (Debian: apt-get install hugo): nothing to compare with")
    version = subprocess.run([HUGO, "version"], capture_output=True, text=True, check=True).stdout.split()[1]
    with tempfile.TemporaryDirectory(prefix="hugo-bench-") as scratch:
        work = args.keep or Path(scratch)
        from benchmarks.corpus import generate

        started = time.perf_counter()
        project = generate(work / "project", args.documents)
        print(f"newsdesk corpus: {args.documents} documents x 3 in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        site = hugo_site(project, work / "hugo")
        print(f"Hugo site ({version}): {time.perf_counter() - started:.1f} s")
        if args.paired:
            from benchmarks.run import set_search, timed

            set_search(project, False)  # Hugo makes no search index: the pages against the pages
            timed(project, "--out", str(work / "public"), "--no-briefs")  # parses into the cache, as run.py's clean builds find it
        for run in range(1, args.runs + 1):
            if args.paired:  # each build into a new folder, as Hugo's (see hugo_build)
                seconds, rss, _ = timed(project, "--out", str(work / f"public-{run}"), "--no-briefs", "--clean")
                print(f"run {run}: newsdesk {seconds:6.2f} s  {rss:6.0f} MiB", end="   ")
            public = work / f"hugo-public-{run}"
            seconds, rss = hugo_build(site, public)
            print(f"run {run}: hugo {seconds:6.2f} s  {rss:6.0f} MiB")
        pages = sorted(p.relative_to(public).as_posix() for p in public.rglob("*.html"))
        documents = sum(1 for p in pages if p.count("/") == 2 and p.endswith("/index.html") and "/page/" not in p)
        print(f"Hugo wrote {len(pages)} HTML files ({documents} document pages), "
              f"{sum(1 for _ in public.rglob('*.xml'))} XML files")
        if documents != 3 * args.documents:
            raise SystemExit(f"Hugo made {documents} document pages, not {3 * args.documents}: not the same site")


if __name__ == "__main__":
    main()
