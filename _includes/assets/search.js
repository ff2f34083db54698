// Search, as progressive enhancement: the search box of every page submits
// to /search/?q=…, and on this page the self-hosted Pagefind index answers
// the query in the browser. Without JavaScript the page says how to find
// things instead.
//
// What this adds to Pagefind's own ranking:
// - exact words first: the pages that contain the words as typed (at the
//   start of a word: "eigenvalue" finds "eigenvalues") are the results; pages that only have similar words (Pagefind also matches word
//   stems and near words) follow, folded, and a word on no page is said to
//   be on no page rather than answered with loose hits;
// - each hit says what it is (exercise, script, errata, explorer), from the
//   page's `data-pagefind-meta` kind;
// - an exercise's page before its script's page, which shares its title.
const PAGE_SIZE = 10;
// The words the page shows, in its language: the layout gives them
// (`data-search-words` on <main>, from the chrome's words); English without.
const WORDS = {
  "search-searching": "Searching…",
  "search-none": "No page contains {query}.",
  "search-with": "{count} with {query}",
  "search-similar": "{count} with similar words",
  "search-one-page": "1\u00a0page",
  "search-pages": "{n}\u00a0pages",
  "search-more": "Show more ({n} left)",
  "search-button": "Search",
  "kind-page": "Page",
  "kind-script": "Script",
  ...JSON.parse(document.getElementById("main")?.dataset.searchWords || "{}"),
};
// A script's page repeats its exercise's words: rank it below.
const KIND_WEIGHT = { [WORDS["kind-script"]]: 0.5 };
// In Chinese (and Japanese) words are not spaced: a match may start anywhere.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** `text` with its `{name}` slots filled. */
function fill(text, values) {
  return text.replace(/\{([a-z]+)\}/g, (_, name) => String(values[name]));
}

globalThis.addEventListener("DOMContentLoaded", async () => {
  const root = document.getElementById("search");
  if (!root) return;
  let pagefind;
  try {
    pagefind = await import("/pagefind/pagefind.js");
    await pagefind.options({ excerptLength: 24 });
  } catch {
    return; // no index: the fallback text stays
  }
  document.documentElement.classList.add("has-search");
  root.innerHTML = `<form class="search-form">
<input id="search-input" name="q" type="search" autocomplete="off">
<button type="submit">${WORDS["search-button"]}</button>
</form>
<p class="search-status" role="status" aria-live="polite"></p>
<div class="search-results"></div>`;
  const form = root.querySelector("form");
  const input = root.querySelector("input");
  const status = root.querySelector(".search-status");
  const results = root.querySelector(".search-results");
  let latest = 0;

  const run = async (query) => {
    const ticket = ++latest;
    const words = query.replace(/"/g, "").trim();
    results.replaceChildren();
    if (!words) {
      status.textContent = "";
      return;
    }
    status.textContent = WORDS["search-searching"];
    const found = await pagefind.search(words);
    if (ticket !== latest) return;
    const all = await ranked(found.results);
    if (ticket !== latest) return;
    // The words as typed, at the start of a word, in this order.
    const phrase = new RegExp(
      `${UNSPACED.test(words) ? "()" : "(^|[^\\p{L}\\p{N}])"}${
        words.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\s+/g, "\\s+")
      }`,
      "u",
    );
    const first = all.filter((data) => phrase.test(data.content.toLowerCase()));
    const second = all.filter((data) => !first.includes(data));
    const quoted = `\u201c${words}\u201d`;
    // Pages with only similar words are often loose matches (a stem, a
    // one-letter symbol): listed, but folded.
    const similarList = () => {
      const details = document.createElement("details");
      details.className = "search-similar";
      const summary = document.createElement("summary");
      summary.textContent = fill(WORDS["search-similar"], {
        count: count(second.length),
      });
      details.append(summary, list(second, "search-similar-list"));
      return details;
    };
    if (first.length) {
      status.textContent = fill(WORDS["search-with"], {
        count: count(first.length),
        query: quoted,
      }) +
        (second.length
          ? `, ${
            fill(WORDS["search-similar"], { count: count(second.length) })
          }`
          : "");
      results.append(list(first, "search-exact"));
      if (second.length) results.append(similarList());
    } else {
      status.textContent = fill(WORDS["search-none"], { query: quoted }) +
        (second.length
          ? ` ${
            fill(WORDS["search-similar"], { count: count(second.length) })
          }.`
          : "");
      if (second.length) results.append(similarList());
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  } else input.focus();
});

function count(n) {
  return n === 1
    ? WORDS["search-one-page"]
    : fill(WORDS["search-pages"], { n });
}

/** The results with their data, by score weighted by kind, best first. */
async function ranked(found) {
  const items = await Promise.all(
    found.map(async (result) => {
      const data = await result.data();
      const kind = (data.meta.kind ?? WORDS["kind-page"]).split(" ")[0];
      return { score: result.score * (KIND_WEIGHT[kind] ?? 1), data };
    }),
  );
  return items.sort((a, b) => b.score - a.score).map((item) => item.data);
}

/** A list of hits, `PAGE_SIZE` at a time. */
function list(items, className) {
  const wrapper = document.createElement("div");
  const ol = document.createElement("ol");
  ol.className = `search-list ${className}`;
  wrapper.append(ol);
  let shown = 0;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "search-more";
  const showMore = () => {
    for (const data of items.slice(shown, shown + PAGE_SIZE)) {
      ol.append(hit(data));
    }
    shown = Math.min(items.length, shown + PAGE_SIZE);
    more.textContent = fill(WORDS["search-more"], { n: items.length - shown });
    more.hidden = shown >= items.length;
  };
  more.addEventListener("click", showMore);
  showMore();
  wrapper.append(more);
  return wrapper;
}

/** One hit: what it is, its title, an excerpt, its sections that match. */
function hit(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const kind = document.createElement("p");
  kind.className = "search-kind";
  kind.textContent = data.meta.kind ?? WORDS["kind-page"];
  const title = document.createElement("p");
  title.className = "search-title";
  const link = document.createElement("a");
  link.className = "search-result-link";
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  title.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  // Pagefind's excerpt is escaped text with <mark> around the matches.
  excerpt.innerHTML = data.excerpt;
  li.append(kind, title, excerpt);
  const sections = (data.sub_results ?? [])
    .filter((sub) => sub.url !== data.url && sub.title !== data.meta.title)
    .slice(0, 3);
  if (sections.length) {
    const ul = document.createElement("ul");
    ul.className = "search-sections";
    for (const sub of sections) {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = sub.url;
      a.textContent = sub.title;
      item.append(a);
      ul.append(item);
    }
    li.append(ul);
  }
  return li;
}
