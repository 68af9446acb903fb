"""Generate a benchmark project: N documents with complete ko / ja / en catalogs, from a seed.

    python benchmarks/corpus.py --documents 300 --out /tmp/corpus

The project has the repository's templates, settings and site catalogs, and N documents
(articles and statements of realistic length: headline, deck, lede, about eight paragraphs),
English-source, each with a complete Korean and Japanese catalog. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.locales import profile

WORDS = ["trade", "association", "business", "leaders", "committee", "economy", "cooperation", "statement", "data", "centre", "power", "network", "research", "government", "policy", "market", "investment", "startup", "healthcare", "caregiving", "technology", "infrastructure", "partnership", "region", "growth", "supply", "chain", "energy", "export", "import", "industry", "digital", "agreement", "roundtable", "meeting", "Seoul", "Osaka", "Tokyo", "Busan", "ASEAN", "AI", "semiconductor", "battery", "shipping"]
HANGUL = "가나다라마바사아자차카타파하거너더러머버서어저처고노도로모보소오조초구누두루무부수우주추기니디리미비시이지치"
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
KANJI = "日本韓国経済協力会議政府市場投資技術産業地域電力研究共同声明発表委員会企業成長輸出"
TZ = timezone(timedelta(hours=9))


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def korean(rng: random.Random, length: int) -> str:
    words = [
        "".join(rng.choice(HANGUL) for _ in range(rng.randint(2, 4))) for _ in range(max(1, length // 4))
    ]
    return " ".join(words) + "."


def japanese(rng: random.Random, length: int) -> str:
    chars = "".join(rng.choice(KANA + KANJI) for _ in range(max(2, length)))
    return "、".join(chars[i : i + 12] for i in range(0, len(chars), 12)) + "。"


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_catalog(path: Path, locale: str, segments: list[str], rng: random.Random) -> None:
    translate = korean if locale == "ko" else japanese
    lines = [
        'msgid ""', 'msgstr ""',
        f'"Language: {locale}\\n"', f'"Plural-Forms: {profile(locale).plural_forms}\\n"',
        '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"', "",
    ]
    for segment in dict.fromkeys(segments):
        lines += [f"msgid {po_string(segment)}", f"msgstr {po_string(translate(rng, len(segment) // 3))}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def document(rng: random.Random, number: int) -> tuple[str, str, list[str]]:
    """(slug, file text, segments in order)."""
    slug = f"story-{number:05d}"
    date = datetime(2024, 1, 1, 9, tzinfo=TZ) + timedelta(hours=7 * number)
    kind = "statement" if number % 5 == 4 else "article"
    head = [f"type: {kind}", f"slug: {slug}", f"date: {date.isoformat()}", "source_locale: en"]
    segments: list[str] = []

    def text(key: str, words: int, indent: str = "") -> str:
        value = sentence(rng, words)
        segments.append(value)
        return f"{indent}{key}: {value}"

    def items(key: str, count: int, words: int, indent: str = "") -> list[str]:
        lines = [f"{indent}{key}:"]
        for _ in range(count):
            value = sentence(rng, words)
            segments.append(value)
            lines.append(f"{indent}  - {value}")
        return lines

    if kind == "article":
        head += [text("headline", 10)] + items("deck", 3, 8) + [text("byline", 2), text("lede", 35)]
    else:
        head += [text("title", 10)] + items("issuers", 2, 5) + [text("summary", 30), "visions:"]
        for _ in range(3):
            head += [text("- title", 6, "  ")] + items("recommendations", 2, 20, "    ")
        head += [text("call", 30)]
    head += ["source:", text("name", 3, "  "), "  url: https://example.org/", text("credit", 6)]
    body = []
    for _ in range(8):
        paragraph = " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(3))
        segments.append(paragraph)
        body.append(paragraph)
    return slug, "---\n" + "\n".join(head) + "\n---\n" + "\n\n".join(body) + "\n", segments


def generate(out: Path, documents: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REPO / "templates", out / "templates")
    settings = (REPO / "site.toml").read_text(encoding="utf-8").split("\n")  # without search: run.py --search turns it on
    (out / "site.toml").write_text("\n".join(["search = false", *(l for l in settings if not l.startswith("search ="))]),
                                   encoding="utf-8")
    for locale in ("ko", "ja", "en"):
        (out / "locales" / locale).mkdir(parents=True)
        shutil.copy(REPO / "locales" / locale / "site.po", out / "locales" / locale / "site.po")
    for number in range(documents):
        slug, text, segments = document(rng, number)
        path = out / "content" / f"{slug[:9]}xx" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for locale in ("ko", "ja"):
            write_catalog(out / "locales" / locale / "content" / f"{slug}.po", locale, segments, rng)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.out, args.documents, args.seed)
    print(f"wrote {args.documents} documents to {args.out}")


if __name__ == "__main__":
    main()
