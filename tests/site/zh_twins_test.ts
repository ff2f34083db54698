/**
 * The Chinese edition against the English one, on the built site: each
 * Chinese page and its English twin have the same outline (headings of the
 * same levels, in the same order, with the same ids) and the same numbers
 * from the results (every value the `num` and `tex` filters and the results
 * tables mark, `data-num` and `data-nums`, as a multiset: a translation may
 * move an inline formula within a sentence); no page uses a variant of a
 * term the glossary says to avoid, and the first use of each term in a
 * Chinese page's prose is followed by its English in parentheses.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { parse } from "@std/yaml";
import { parseHTML } from "linkedom";
import { builtSite, listFiles, urlOf } from "./_build.ts";
import {
  type GlossaryEntry,
  termPattern,
} from "../../scripts/site/plugins/glossary.ts";

interface Built {
  url: string;
  html: string;
  document: Document;
}

let built: Promise<Map<string, Built>> | undefined;
/** Every page of the built site, by URL. */
function pages(): Promise<Map<string, Built>> {
  built ??= (async () => {
    const dir = await builtSite();
    const files = (await listFiles(dir)).filter((f) =>
      f.endsWith(".html") && !f.startsWith("pagefind/")
    );
    const all = new Map<string, Built>();
    for (const file of files) {
      const html = await Deno.readTextFile(join(dir, file));
      all.set(urlOf(file), {
        url: urlOf(file),
        html,
        document: parseHTML(html).document as unknown as Document,
      });
    }
    return all;
  })();
  return built;
}

/** Each Chinese page with its English twin (by its hreflang alternate). */
async function twins(): Promise<[Built, Built][]> {
  const all = await pages();
  const pairs: [Built, Built][] = [];
  for (const page of all.values()) {
    if (!page.url.startsWith("/zh/")) continue;
    const href = page.document.querySelector(
      'link[rel="alternate"][hreflang="en"]',
    )?.getAttribute("href");
    const english = href ? all.get(href) : undefined;
    if (english) pairs.push([page, english]);
  }
  return pairs;
}

/** The headings of a page's text: level and id. */
const outline = (document: Document) =>
  [...document.querySelectorAll(".prose h2, .prose h3, .prose h4, .prose h5")]
    .map((h) => `${h.tagName.toLowerCase()}#${h.id}`);

Deno.test("every Chinese page has its English twin's outline: the same headings, levels and ids", async () => {
  const differ: string[] = [];
  for (const [zh, en] of await twins()) {
    const a = outline(zh.document);
    const b = outline(en.document);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      differ.push(`${zh.url}: ${a.join(" ")}\n  ${en.url}: ${b.join(" ")}`);
    }
  }
  assertEquals(differ, []);
});

/** Every number a page shows from the results, as `value|digits`, sorted. */
function numbers(document: Document): string[] {
  const found: string[] = [];
  for (const element of document.querySelectorAll("article [data-num]")) {
    found.push(
      `${element.getAttribute("data-num")}|${
        element.getAttribute("data-digits") ?? ""
      }`,
    );
  }
  for (const element of document.querySelectorAll("article [data-nums]")) {
    for (const value of element.getAttribute("data-nums")!.split(" ")) {
      found.push(`${value}|${element.getAttribute("data-digits") ?? ""}`);
    }
  }
  return found.sort();
}

Deno.test("every Chinese page shows the numbers of its English twin, each as often", async () => {
  const pairs = await twins();
  const differ: string[] = [];
  for (const [zh, en] of pairs) {
    const a = numbers(zh.document);
    const b = numbers(en.document);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const only = (x: string[], y: string[]) => {
      const rest = [...y];
      return x.filter((v) => {
        const at = rest.indexOf(v);
        if (at < 0) return true;
        rest.splice(at, 1);
        return false;
      });
    };
    differ.push(
      `${zh.url}: only in Chinese ${only(a, b).slice(0, 5).join(", ")}; ` +
        `only in English ${only(b, a).slice(0, 5).join(", ")}`,
    );
  }
  assertEquals(differ, []);
});

/**
 * The numbers typed in a page's text: digits outside formulas, code,
 * figures and the numbers the filters write.
 */
function typedNumbers(document: Document): Set<string> {
  const body = document.querySelector(".prose")?.cloneNode(true) as
    | Element
    | undefined;
  if (!body) return new Set();
  for (
    const element of body.querySelectorAll(
      "math, code, pre, svg, figure, [data-num], [data-nums], [data-exact], [hidden], .readout, form",
    )
  ) element.remove();
  return new Set(
    (body.textContent ?? "").match(/\d+(?:\.\d+)?/g) ?? [],
  );
}

Deno.test("a Chinese page types no number that its English twin does not type", async () => {
  const problems: string[] = [];
  for (const [zh, en] of await twins()) {
    const english = typedNumbers(en.document);
    const extra = [...typedNumbers(zh.document)].filter((n) => !english.has(n));
    if (extra.length) {
      problems.push(
        `${zh.url}: ${
          extra.join(", ")
        } (take numbers from the results: {{ r.x |> num }})`,
      );
    }
  }
  assertEquals(problems, []);
});

/** The glossary's entries. */
async function glossary(): Promise<GlossaryEntry[]> {
  return parse(
    await Deno.readTextFile("content/_data/glossary.yml"),
  ) as GlossaryEntry[];
}

/**
 * The prose of a page, as its reader goes through it: the text of the
 * page's body but its headings, formulas, code, figures and forms.
 */
function prose(document: Document): string {
  const body = document.querySelector(".prose")?.cloneNode(true) as
    | Element
    | undefined;
  if (!body) return "";
  for (
    const element of body.querySelectorAll(
      "h1, h2, h3, h4, h5, h6, math, code, pre, figure, svg, form, summary, .readout, .self-check, [hidden], .search-text, .visually-hidden",
    )
  ) element.remove();
  return body.textContent ?? "";
}

Deno.test("no page uses a variant of a term the glossary avoids, and each term's first use on a Chinese page gives its English", async () => {
  const entries = await glossary();
  const avoided = entries.flatMap((e) =>
    (e.avoid ?? []).map((variant) => ({ variant, term: e.zh as string }))
  );
  const terms = new Map(
    entries.filter((e) => typeof e.zh === "string").map((e) => [
      e.zh as string,
      e.en,
    ]),
  );
  const pattern = termPattern([...terms.keys()]);
  const problems: string[] = [];
  for (const page of (await pages()).values()) {
    if (!page.url.startsWith("/zh/")) continue;
    const text = page.document.querySelector("article")?.textContent ?? "";
    for (const { variant, term } of avoided) {
      if (text.includes(variant)) {
        problems.push(`${page.url}: "${variant}" (write ${term})`);
      }
    }
    const words = prose(page.document);
    const seen = new Set<string>();
    for (const match of words.matchAll(pattern)) {
      const term = match[1];
      if (seen.has(term)) continue;
      seen.add(term);
      const next = words.slice(match.index! + term.length).trimStart();
      if (!/^[（(]/.test(next)) {
        problems.push(
          `${page.url}: the first "${term}" is not followed by "（${
            terms.get(term)
          }）": …${words.slice(match.index!, match.index! + 30)}…`,
        );
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("on a Chinese page, the English of each glossed term is marked English, for a screen reader's voice", async () => {
  const entries = await glossary();
  const problems: string[] = [];
  let marked = 0;
  for (const page of (await pages()).values()) {
    if (!page.url.startsWith("/zh/")) continue;
    for (const entry of entries) {
      // The gloss as the glossary writes it, with no element around its
      // English: "（source solution）".
      if (page.html.includes(`（${entry.en}）`)) {
        problems.push(`${page.url}: （${entry.en}） is not marked lang="en"`);
      }
      if (page.html.includes(`（<span lang="en">${entry.en}</span>）`)) {
        marked++;
      }
    }
  }
  assertEquals(problems, []);
  // The test sees the glosses it checks.
  assert(marked > 100, `${marked} glosses marked`);
});

Deno.test("on a Chinese page, no English passage (three words or more) is left unmarked: a script's title, a test's name, a gloss; code, formulas and citations aside", async () => {
  const problems: string[] = [];
  for (const page of (await pages()).values()) {
    if (!page.url.startsWith("/zh/")) continue;
    const document = page.document;
    const walker = document.createTreeWalker(document.body, 4);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (
        !parent ||
        parent.closest(
          "code, pre, math, svg, script, style, [hidden], .cite, [lang]:not([lang^=zh])",
        )
      ) continue;
      const english = (node.textContent ?? "").match(
        /[A-Za-z][A-Za-z’'-]*(?:[ ,]+[A-Za-z][A-Za-z’'-]*){2,}/g,
      );
      for (const words of english ?? []) {
        problems.push(`${page.url}: "${words}"`);
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("every Chinese page says it is Simplified Chinese (zh-Hans), in <html lang>, its alternates and the switch that leads to it", async () => {
  const wrong: string[] = [];
  for (const page of (await pages()).values()) {
    const chinese = page.url.startsWith("/zh/");
    const lang = page.document.documentElement.getAttribute("lang");
    if (lang !== (chinese ? "zh-Hans" : "en")) {
      wrong.push(`${page.url}: <html lang="${lang}">`);
    }
    for (
      const link of page.document.querySelectorAll(
        "[hreflang]:not([hreflang=x-default])",
      )
    ) {
      const href = link.getAttribute("href") ?? "";
      const expected = href.startsWith("/zh/") ? "zh-Hans" : "en";
      for (const attribute of ["hreflang", "lang"]) {
        const value = link.getAttribute(attribute);
        if (value !== null && value !== expected) {
          wrong.push(`${page.url}: ${attribute}="${value}" for ${href}`);
        }
      }
    }
  }
  assertEquals(wrong, []);
});

Deno.test("a Chinese page's name (its <title>, which cannot mark a language) has no English passage of three words or more: a script's page is named by its exercise's Chinese title", async () => {
  const problems: string[] = [];
  for (const page of (await pages()).values()) {
    if (!page.url.startsWith("/zh/")) continue;
    const title = page.document.querySelector("title")?.textContent ?? "";
    const english = title.match(
      /[A-Za-z][A-Za-z’'-]*(?:[ ,]+[A-Za-z][A-Za-z’'-]*){2,}/g,
    );
    if (english) problems.push(`${page.url}: "${english.join('", "')}"`);
  }
  assertEquals(problems, []);
});

Deno.test("the twins are found: every generated Chinese page has its English twin", async () => {
  const all = await pages();
  const paired = new Set((await twins()).map(([zh]) => zh.url));
  for (const url of all.keys()) {
    if (/^\/zh\/(errata\/seed-|results\/.|scripts\/)/.test(url)) {
      assert(paired.has(url), `${url} has no English twin`);
    }
  }
  assert(paired.size > 0, "no Chinese page with an English twin");
});

Deno.test("a Chinese exercise lists the errata that concern it by their Chinese titles, as its English twin does by theirs", async () => {
  let listed = 0;
  for (const [zh, en] of await twins()) {
    const links = (document: Document) =>
      [...document.querySelectorAll('.prose li > a[href*="/errata/seed-"]')]
        .map((a) => ({
          href: a.getAttribute("href")!.replace(/^\/zh/, ""),
          text: a.textContent ?? "",
        }));
    const zhLinks = links(zh.document);
    const enLinks = links(en.document);
    assertEquals(
      zhLinks.map((l) => l.href),
      enLinks.map((l) => l.href),
      `${zh.url}: not the errata of ${en.url}`,
    );
    for (const [i, link] of zhLinks.entries()) {
      listed++;
      assert(
        /\p{Script=Han}/u.test(link.text) && link.text !== enLinks[i].text,
        `${zh.url}: "${link.text}" is not a Chinese title`,
      );
    }
  }
  assert(listed >= 20, `only ${listed} errata listed on the Chinese pages`);
});

Deno.test("every page's language switch leads to its twin in the other language, a page of the site", async () => {
  const all = await pages();
  const problems: string[] = [];
  for (const page of all.values()) {
    if (page.url.startsWith("/pagefind/")) continue;
    const links = [...page.document.querySelectorAll(".lang-switch a")];
    if (links.length !== 1) {
      problems.push(`${page.url}: ${links.length} switch links`);
      continue;
    }
    const href = links[0].getAttribute("href")!;
    const other = links[0].getAttribute("hreflang")!;
    const alternate = page.document.querySelector(
      `link[rel="alternate"][hreflang="${other}"]`,
    )?.getAttribute("href");
    if (href !== alternate) {
      problems.push(
        `${page.url}: the switch leads to ${href}, its twin is ${alternate}`,
      );
    }
    if (!all.has(href.split("#")[0])) {
      problems.push(`${page.url}: the switch leads to ${href}, no page`);
    }
  }
  assertEquals(problems, []);
  assert(all.size >= 180, `only ${all.size} pages`);
});
