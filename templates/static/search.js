// The search page: the locale's Pagefind index, beside the page in shards (search/pagefind/,
// pagefind-2/...) merged here, results in the site's own markup. Every text from the index goes
// in as text, never as markup. Korean comes from the index in jamo (NFD): composed (NFC) to show.
const lang = document.documentElement.lang;
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const messages = document.getElementById("search-messages").dataset;
const bundles = messages.bundles.split(" ").filter(Boolean); // none: nothing published in this language
const PAGE = 20; // results shown at a time
const EXAMINED = 300; // Japanese: candidates read to keep those that contain the query

// Korean particles, longest first: a query word loses one (무역협회는 -> 무역협회) when two or more
// syllables remain. The index matches a query word as a prefix, so the bare word finds every
// form the text writes (무역협회, 무역협회를, 무역협회는) and what Kiwi found inside compounds.
const PARTICLES = ["에서부터", "으로부터", "에게서는", "이라고", "이라는", "이라며", "에서는", "에서도", "에게는",
  "으로는", "으로도", "까지는", "부터는", "한테서", "에게서", "에서", "에게", "한테", "으로", "부터", "까지", "마저",
  "조차", "처럼", "보다", "에는", "에도", "와는", "과는", "이나", "이며", "이고", "라고", "라는", "께서", "은", "는",
  "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만", "께"];

let engine = null;
let shown = []; // what the current search found, and how many of them are on the page
let next = 0;
let searched = ""; // the query words of the current search
let generation = 0;

function load() {
  if (!bundles.length) return Promise.resolve(null);
  const [first, ...others] = bundles.map((bundle) => new URL(bundle, document.baseURI).href);
  engine ??= import(first + "pagefind.js").then(async (pagefind) => {
    await pagefind.options({ excerptLength: 0 });
    await pagefind.init();
    // Every other shard is searched with the first: one search, one ranking of all results.
    await Promise.all(others.map((bundle) => pagefind.mergeIndex(bundle)));
    return pagefind;
  });
  return engine;
}

function prepare(query) {
  // NFKC: half-width katakana and full-width Latin letters as the index holds them (ﾃﾞｰﾀ -> データ).
  const words = query.normalize("NFKC").trim().split(/\s+/).filter(Boolean);
  return (lang === "ko" ? words.map(withoutParticle) : words).join(" ");
}

function withoutParticle(word) {
  if (!/[가-힣]$/.test(word)) return word;
  for (const particle of PARTICLES) {
    if (word.endsWith(particle) && word.length - particle.length >= 2) return word.slice(0, -particle.length);
  }
  return word;
}

function text(data) {
  // The page's text: what the index adds after the last pilcrow is never shown.
  const end = data.content.lastIndexOf(" ¶");
  return (end < 0 ? data.content : data.content.slice(0, end)).normalize("NFC");
}

// Whether a document's content (its text, then its headline and added words) has each query
// word. Japanese: Pagefind finds it by the words it cuts the query into, and drops those no
// document has; kept are the documents that contain the query word as it was typed. Elsewhere
// (see fromShards): a word that starts with it, or in English one that starts with all of it but
// an ending the stemmer may have taken (discussing: discussed).
function writesAll(data, parts) {
  const content = data.content.normalize("NFKC").toLowerCase(); // NFKC composes Korean too
  const words = lang === "ja" ? [] : content.split(/[^\p{L}\p{N}]+/u);
  return parts.every((part) => {
    if (lang === "ja") return content.includes(part);
    const needed = lang === "en" ? Math.min(part.length, Math.max(4, part.length - 3)) : part.length;
    return words.some((word) => {
      let same = 0;
      while (same < word.length && same < part.length && word[same] === part[same]) same++;
      return same >= needed;
    });
  });
}

// An index in shards: a shard that has no word starting with a query word answers for the
// longest start of it that it has (Pagefind's fallback: 경제동우회 -> 경제). Each shard that found
// something is searched on its own (records carry their shard as a filter): its best result
// writes the query words, or the shard fell back and its results are dropped. One fragment per
// shard, not one per result; the kept results in Pagefind's order of score.
async function fromShards(pagefind, terms, parts) {
  const shards = bundles.map((bundle) => /-(\d+)\/$/.exec(bundle)?.[1] ?? "1"); // pagefind-2/ is shard 2
  const kept = await Promise.all(shards.map(async (shard) => {
    const own = await pagefind.search(terms, { filters: { shard } });
    return own.results.length && writesAll(await own.results[0].data(), parts) ? own.results : [];
  }));
  return kept.flat().sort((a, b) => b.score - a.score);
}

async function search(query) {
  const run = ++generation;
  list.replaceChildren();
  more.hidden = true;
  shown = [];
  next = 0;
  const terms = prepare(query);
  if (!terms) {
    status.textContent = "";
    return;
  }
  if (!bundles.length) {  // nothing is published in this language yet: there is no index
    status.textContent = messages.none.replace("{query}", query.trim());
    return;
  }
  status.textContent = messages.searching;
  const parts = terms.toLowerCase().split(" ");
  let found;
  try {
    const pagefind = await load();
    found = lang !== "ja" && bundles.length > 1 ? await fromShards(pagefind, terms, parts) : (await pagefind.search(terms)).results;
  } catch (error) {
    status.textContent = messages.unavailable;
    throw error;
  }
  if (run !== generation) return;
  let results = found.map((result) => () => result.data());
  if (lang === "ja") {
    const data = await Promise.all(found.slice(0, EXAMINED).map((result) => result.data()));
    if (run !== generation) return;
    results = data  // the content: the text, and after it the headline and the added words
      .filter((d) => writesAll(d, parts))
      .map((d) => () => Promise.resolve(d));
  }
  shown = results;
  searched = terms;
  await showMore(run, terms, false);
  if (run !== generation) return;
  // Said once the first results are on the page (the status is a live region).
  status.textContent = results.length === 0
    ? messages.none.replace("{query}", query.trim())
    : (results.length === 1 ? messages.one : messages.other).replace("{num}", results.length.toLocaleString(lang));
}

async function showMore(run, terms, focus) {
  const batch = await Promise.all(shown.slice(next, next + PAGE).map((data) => data()));
  if (run !== generation) return;
  next += batch.length;
  const items = batch.map((data) => item(data, terms));
  list.append(...items);
  more.hidden = next >= shown.length;
  if (focus && items.length) items[0].querySelector("a").focus();
}

function item(data, terms) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = "../" + data.url.split("/").filter(Boolean).pop() + "/"; // the record's URL is "slug/"
  appendWords(link, data.meta.title.normalize("NFC"));
  heading.append(link);
  const dateline = document.createElement("p");
  dateline.className = "dateline";
  const time = document.createElement("time");
  time.dateTime = data.meta.iso;
  time.textContent = data.meta.date.normalize("NFC");
  dateline.append(time);
  li.append(heading, dateline, snippet(text(data), terms));
  return li;
}

// Browsers break inside a Korean word after a middle dot and around brackets and quotes
// (한·/일, 벤처캐피털/(CVC)의): such a word is kept whole, as the pages keep it (site.css: .kw).
const HANGUL = /[\uac00-\ud7a3]/;
const BREAKABLE = /[\u00b7([{\u201c\u2018"'\u300c\u300e\u3008\u300a)\]}\u201d\u2019\u300d\u300f\u3009\u300b]/;

function appendWords(parent, text) {
  for (const part of text.split(/(\s+)/)) {
    if (HANGUL.test(part) && BREAKABLE.test(part.slice(1, -1))) {
      const word = document.createElement("span");
      word.className = "kw";
      word.textContent = part;
      parent.append(word);
    } else if (part) {
      parent.append(part);
    }
  }
}

// A stretch of the page's text around the first place that writes a query word (or the longest
// start of it that the text has: statements for statement, 무역협회 for 무역협회를), marked.
function snippet(body, terms) {
  const p = document.createElement("p");
  p.className = "snippet";
  const lower = body.toLowerCase();
  const marks = [];
  for (const word of terms.toLowerCase().split(" ")) {
    const min = /^[\x00-\x7f]+$/.test(word) ? Math.min(3, word.length) : Math.min(2, word.length);
    for (let size = word.length; size >= min; size--) {
      const stem = word.slice(0, size);
      if (lower.includes(stem)) {
        marks.push(stem);
        break;
      }
    }
  }
  const first = Math.min(...marks.map((stem) => lower.indexOf(stem)), body.length);
  const cjk = lang !== "en";
  const before = cjk ? 40 : 80;
  const length = cjk ? 140 : 240;
  let start = first === body.length ? 0 : Math.max(0, first - before);
  let end = Math.min(body.length, start + length);
  if (!cjk) {
    if (start > 0) start = body.indexOf(" ", start) + 1 || start;
    if (end < body.length) end = body.lastIndexOf(" ", end) > start ? body.lastIndexOf(" ", end) : end;
  }
  const part = body.slice(start, end);
  if (start > 0) p.append("…");
  let at = 0;
  const partLower = part.toLowerCase();
  while (marks.length && at < part.length) {
    let hit = -1;
    let stem = "";
    for (const candidate of marks) {
      const index = partLower.indexOf(candidate, at);
      if (index >= 0 && (hit < 0 || index < hit)) [hit, stem] = [index, candidate];
    }
    if (hit < 0) break;
    p.append(part.slice(at, hit));
    const mark = document.createElement("mark");
    // A Latin word is marked whole (statements for statement); Korean and Japanese as found.
    const size = /^[a-z0-9]+$/.test(stem) ? stem.length + (/^[\p{L}\p{N}]*/u.exec(part.slice(hit + stem.length))[0].length) : stem.length;
    mark.textContent = part.slice(hit, hit + size);
    p.append(mark);
    at = hit + size;
  }
  p.append(part.slice(at));
  if (end < body.length) p.append("…");
  return p;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  search(input.value);
});
more.addEventListener("click", () => showMore(generation, searched, true));
input.addEventListener("focus", () => load(), { once: true });

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search(initial);
}
