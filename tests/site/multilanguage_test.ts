/**
 * A site in two languages (`multilanguage.ts`) on a fixture site: a Chinese
 * page under `content/zh/` with `lang: zh` builds at `/zh/…` beside its
 * English twin (the same exercise, the same labels), cites the equations of
 * its language's pages and of the English pages without a Chinese twin,
 * links to Chinese pages where they exist and to English ones where not, and
 * has a sidebar and a pager of its language. A page in the wrong folder or
 * language, and two pages of one language with one id, are errors naming
 * the file.
 *
 * @module
 */
import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { BuildError } from "../../scripts/site/core/site.ts";
import {
  BASE,
  changedFiles,
  fixture,
  fixtureSite,
  snapshot,
} from "./_fixture.ts";
import { multilanguage } from "../../scripts/site/plugins/multilanguage.ts";

const FIRST = `---
title: First part
exercise: ex-1
topic: bptt
order: 1
---

$$
a = 1 \\label{a}
$$

On: \\eqref{c} and \\eqref{ex-1:d}, and [the other page](../other/), [home](/).
`;

const SECOND = `---
title: Second part
exercise: ex-1
part: 2
topic: bptt
order: 1
---

Back to \\eqref{a}.

$$
c = 3 \\label{c}
$$
`;

const OTHER = `---
title: Another page
exercise: ex-1
part: 3
topic: bptt
order: 1
---

See \\eqref{ex-1:c} and [the first part](/bptt/ex-1/#eq-a).

$$
d = 4 \\label{d}
$$
`;

/** The same page in Chinese: `lang: zh` added, the title translated. */
const zh = (page: string, title: string) =>
  page.replace(/^---\ntitle: [^\n]*\n/, `---\ntitle: ${title}\nlang: zh\n`);

const PAGES = {
  ...BASE,
  "zh/index.md": "---\ntitle: 首页\nlang: zh\n---\n你好。\n",
  "bptt/ex-1.md": FIRST,
  "bptt/ex-1/more.md": SECOND,
  "bptt/other.md": OTHER,
  "zh/bptt/ex-1.md": zh(FIRST, "第一部分"),
  "zh/bptt/ex-1/more.md": zh(SECOND, "第二部分"),
};

/** Build the pages; a function reading a page's document by its URL. */
async function build(pages: Record<string, string>) {
  const dir = await fixture(pages);
  const dest = join(dir, "_site");
  try {
    await fixtureSite(join(dir, "content"), { languages: ["en", "zh"] })
      .build({ dest });
    const documents = new Map<string, Document>();
    for (
      const url of [
        "bptt/ex-1",
        "bptt/ex-1/more",
        "bptt/other",
        "zh/bptt/ex-1",
        "zh/bptt/ex-1/more",
      ]
    ) {
      documents.set(
        `/${url}/`,
        parseHTML(await Deno.readTextFile(join(dest, url, "index.html")))
          .document as unknown as Document,
      );
    }
    return (url: string) => documents.get(url)!;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const hrefs = (document: Document, selector: string) =>
  [...document.querySelectorAll(selector)].map((a) => a.getAttribute("href"));

Deno.test("a Chinese twin builds at /zh/…, cites and links the pages of its language, else the English ones", async () => {
  const page = await build(PAGES);
  const first = page("/zh/bptt/ex-1/");
  assertEquals(first.documentElement.getAttribute("lang"), "zh");
  assertEquals(page("/bptt/ex-1/").documentElement.getAttribute("lang"), "en");
  // Its equations number as its English twin's, and cite the Chinese part 2.
  assertEquals(
    [...first.querySelectorAll(".eq-number")].map((n) => n.textContent),
    ["(1)"],
  );
  // Part 3 has no Chinese twin: its equation is the English page's, with
  // the number it has there.
  assertEquals(hrefs(first, "a.eqref"), [
    "/zh/bptt/ex-1/more/#eq-c",
    "/bptt/other/#eq-d",
  ]);
  assertEquals(first.querySelectorAll("a.eqref")[1].textContent, "(ex-1.3)");
  assertEquals(hrefs(page("/zh/bptt/ex-1/more/"), "a.eqref"), [
    "/zh/bptt/ex-1/#eq-a",
  ]);
  // The English pages are untouched by their twins.
  assertEquals(hrefs(page("/bptt/ex-1/"), "a.eqref"), [
    "/bptt/ex-1/more/#eq-c",
    "/bptt/other/#eq-d",
  ]);
  assertEquals(hrefs(page("/bptt/other/"), ".prose a").slice(-1), [
    "/bptt/ex-1/#eq-a",
  ]);
  // ../other/ has no Chinese twin: the English page; / has one: /zh/.
  const prose = hrefs(first, ".prose a:not(.eqref)");
  assertEquals(prose, ["/bptt/other/", "/zh/"]);
  // The sidebar and the pager: the Chinese pages only.
  const sidebar = hrefs(first, ".sidebar a");
  assertEquals(sidebar, ["/zh/", "/zh/bptt/ex-1/", "/zh/bptt/ex-1/more/"]);
  assertEquals(hrefs(first, ".pager a"), ["/zh/", "/zh/bptt/ex-1/more/"]);
  assertEquals(hrefs(page("/bptt/ex-1/more/"), ".pager a"), [
    "/bptt/ex-1/",
    "/bptt/other/",
  ]);
  assert(hrefs(page("/bptt/ex-1/"), ".sidebar a").includes("/bptt/other/"));
});

Deno.test("a page in the wrong folder or language, or two pages of a language with one id, is an error naming the file", async () => {
  const cases: [Record<string, string>, string, string][] = [
    [
      { "zh/bptt/x.md": "---\ntitle: X\n---\nText.\n" },
      "zh/bptt/x.md",
      "add `lang: zh`",
    ],
    [
      { "bptt/x.md": "---\ntitle: X\nlang: zh\n---\nText.\n" },
      "bptt/x.md",
      "lives under zh/",
    ],
    [
      { "zh/bptt/x.md": "---\ntitle: X\nlang: fr\n---\nText.\n" },
      "zh/bptt/x.md",
      "not a language of the site",
    ],
    [
      {
        "zh/bptt/x.md": "---\ntitle: X\nlang: zh\nid: bptt/y\n---\nText.\n",
        "zh/bptt/y.md": "---\ntitle: Y\nlang: zh\n---\nText.\n",
      },
      "zh/bptt/",
      'two pages in zh have the id "bptt/y"',
    ],
  ];
  for (const [pages, file, says] of cases) {
    const error = await assertRejects(
      () => build({ ...BASE, ...pages }),
      BuildError,
      says,
    );
    assert(error.file?.includes(file), `${error.file} names ${file}`);
  }
});

/** Build the pages; the HTML of each page by its URL. */
async function buildHtml(pages: Record<string, string>) {
  const dir = await fixture(pages);
  const dest = join(dir, "_site");
  const warnings: string[] = [];
  try {
    const site = fixtureSite(join(dir, "content"), {
      languages: ["en", "zh"],
    });
    const warn = site.warn.bind(site);
    site.warn = (message: string) => {
      warnings.push(message);
      warn(message);
    };
    await site.build({ dest });
    const html = new Map<string, string>();
    for (const page of site.pages) html.set(page.url, page.output!);
    return { html, warnings };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const dom = (html: string) => parseHTML(html).document as unknown as Document;

Deno.test("twins name each other (hreflang, x-default) and the switch leads to the twin, else to the other language's home", async () => {
  const { html } = await buildHtml(PAGES);
  const zhFirst = dom(html.get("/zh/bptt/ex-1/")!);
  const alternates = (document: Document) =>
    [...document.querySelectorAll('link[rel="alternate"]')].map((l) =>
      `${l.getAttribute("hreflang")} ${l.getAttribute("href")}`
    );
  const both = [
    "en /bptt/ex-1/",
    "zh /zh/bptt/ex-1/",
    "x-default /bptt/ex-1/",
  ];
  assertEquals(alternates(zhFirst), both);
  assertEquals(alternates(dom(html.get("/bptt/ex-1/")!)), both);
  const switchOf = (document: Document) =>
    [...document.querySelectorAll(".lang-switch a")].map((a) =>
      `${a.getAttribute("href")} ${a.textContent} ${a.className}`.trim()
    );
  assertEquals(switchOf(zhFirst), ["/bptt/ex-1/ English"]);
  assertEquals(switchOf(dom(html.get("/bptt/ex-1/")!)), [
    "/zh/bptt/ex-1/ 中文",
  ]);
  // No twin: the Chinese home, marked as such, with no alternate links.
  const other = dom(html.get("/bptt/other/")!);
  assertEquals(switchOf(other), ["/zh/ 中文 no-twin"]);
  assert(other.querySelector(".lang-note")?.textContent?.includes("not"));
  assertEquals(alternates(other), []);
});

Deno.test("a Chinese page's headings take the ids of its twin's, by position, whatever the order of the renders", async () => {
  const en =
    `---\ntitle: A\ntopic: bptt\n---\n\n## Question\n\nQ.\n\n## Solution\n\n### The numbers\n\nSee [the question](#question).\n`;
  const zhPage =
    `---\ntitle: 甲\nlang: zh\ntopic: bptt\n---\n\n## 题目\n\n问。\n\n## 解答\n\n### 数值\n\n见[题目](#question)。\n`;
  // "/a/" renders before "/zh/a/", "/zz/" after "/zh/zz/".
  const { html, warnings } = await buildHtml({
    ...BASE,
    "zh/index.md": "---\ntitle: 首页\nlang: zh\n---\n你好。\n",
    "a.md": en,
    "zh/a.md": zhPage,
    "zz.md": en,
    "zh/zz.md": zhPage,
  });
  for (const url of ["/zh/a/", "/zh/zz/"]) {
    const document = dom(html.get(url)!);
    assertEquals(
      [...document.querySelectorAll(".prose h2, .prose h3")].map((h) => h.id),
      ["question", "solution", "the-numbers"],
    );
    assertEquals(
      [...document.querySelectorAll(".toc a")].map((a) =>
        a.getAttribute("href")
      ),
      ["#question", "#solution", "#the-numbers"],
    );
    assert(!html.get(url)!.includes("\uE001"), url);
  }
  assertEquals(warnings.filter((w) => w.includes("headings")), []);
  // Another outline: a warning naming the page; ids by position still.
  const changed = await buildHtml({
    ...BASE,
    "a.md": en,
    "zh/a.md": zhPage.replace("### 数值", "## 数值"),
  });
  const differ = changed.warnings.filter((w) => w.includes("headings"));
  assertEquals(differ.length, 1);
  assert(differ[0].includes("zh/a.md"), differ[0]);
  assert(differ[0].includes("levels 2 2 2 against levels 2 2 3"), differ[0]);
});

Deno.test("the chrome of a Chinese page is in Chinese: zh.yml has every key of en.yml, with the same slots", async () => {
  const { parse } = await import("@std/yaml");
  const read = async (lang: string) =>
    parse(await Deno.readTextFile(`_includes/i18n/${lang}.yml`)) as Record<
      string,
      string
    >;
  const en = await read("en");
  const zh = await read("zh");
  const missing = Object.keys(en).filter((key) => !Object.hasOwn(zh, key));
  assertEquals(missing, [], "keys of en.yml without a Chinese text");
  const slots = (text: string) =>
    [...text.matchAll(/\{([a-z][a-zA-Z0-9-]*)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(en)) {
    assertEquals(slots(zh[key]), slots(en[key]), `the slots of ${key}`);
  }
  for (const key of ["site-title", "site-description"]) {
    assert(zh[key], `zh.yml has ${key}`);
  }
  // On a built page: no English word in the header, sidebar, table of
  // contents, kicker, pager or footer (code, ids and file names aside).
  const { html } = await buildHtml(PAGES);
  const document = dom(html.get("/zh/bptt/ex-1/")!);
  for (const code of document.querySelectorAll("code, .exercise-id, .nav-id")) {
    code.remove();
  }
  for (const link of document.querySelectorAll(".lang-switch")) link.remove();
  const chrome = [
    ".skip-link",
    ".site-header",
    ".sidebar",
    ".toc",
    ".kicker",
    ".pager",
    ".site-footer",
  ].map((selector) =>
    [...document.querySelectorAll(selector)].map((e) => e.textContent).join(
      " ",
    )
  ).join(" ");
  const english = (chrome.match(/[A-Za-z]{2,}[A-Za-z.]*/g) ?? []).filter((
    word,
  ) => !["results.json"].includes(word));
  assertEquals(english, [], chrome);
});

Deno.test("a page without its twin is a warning listing it; with --strict an error naming it, the last good site untouched", async () => {
  const { warnings } = await buildHtml(PAGES);
  const missing = warnings.find((w) => w.includes("no twin in zh")) ?? "";
  assert(missing?.startsWith("2 pages have no twin in zh"), missing);
  assert(missing.includes("bptt/other.md"), missing);
  assert(missing.includes("results.md"), missing);
  const dir = await fixture(PAGES);
  const dest = join(dir, "_site");
  try {
    const site = fixtureSite(join(dir, "content"), { languages: ["en", "zh"] });
    await site.build({ dest });
    const before = await snapshot(dest);
    const error = await assertRejects(
      () => site.build({ dest, strict: true }),
      BuildError,
      "no twin in zh:",
    );
    assert(error.file?.endsWith("bptt/other.md"), error.file);
    assertEquals(changedFiles(before, await snapshot(dest)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the static server answers an unknown address under /zh/ with the Chinese 404 page, elsewhere with the English one", async () => {
  const { serveStatic } = await import("../../scripts/site/_static.ts");
  const root = await Deno.makeTempDir({ prefix: "notes-static-" });
  try {
    await Deno.mkdir(join(root, "zh"));
    await Deno.writeTextFile(join(root, "404.html"), "not found");
    await Deno.writeTextFile(join(root, "zh", "404.html"), "未找到");
    const get = async (path: string) => {
      const response = await serveStatic(
        new Request(`http://127.0.0.1${path}`),
        root,
      );
      return `${response.status} ${await response.text()} (${
        response.headers.get("content-type")
      })`;
    };
    assertEquals(
      await get("/zh/nope/"),
      "404 未找到 (text/html; charset=UTF-8)",
    );
    assertEquals(
      await get("/nope/"),
      "404 not found (text/html; charset=UTF-8)",
    );
    // A HEAD request gets the status and type, without the page.
    const head = await serveStatic(
      new Request("http://127.0.0.1/nope/", { method: "HEAD" }),
      root,
    );
    assertEquals(
      [head.status, head.headers.get("content-type"), await head.text()],
      [404, "text/html; charset=UTF-8", ""],
    );
    assertEquals(
      await get("/bptt/nope/"),
      "404 not found (text/html; charset=UTF-8)",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the built site answers an unknown address with the 404 page of its language: zh/404.html under /zh/, 404.html elsewhere", async () => {
  const { serveStatic } = await import("../../scripts/site/_static.ts");
  const { builtSite } = await import("./_build.ts");
  const root = await builtSite();
  // A host looks for the folder's 404.html; a 404/index.html it never serves.
  for (const missing of ["zh/404/index.html", "404/index.html"]) {
    await assertRejects(
      () => Deno.stat(join(root, missing)),
      Deno.errors.NotFound,
    );
  }
  const languageOf = async (path: string) => {
    const response = await serveStatic(
      new Request(`http://127.0.0.1${path}`),
      root,
    );
    // A page a browser shows, not a file it downloads.
    assertEquals(
      response.headers.get("content-type"),
      "text/html; charset=UTF-8",
      path,
    );
    const { document } = parseHTML(await response.text());
    return `${response.status} ${
      document.documentElement.getAttribute("lang")
    } ${document.querySelector("h1")?.textContent}`;
  };
  assertEquals(await languageOf("/zh/nope/"), "404 zh-Hans 找不到页面");
  assertEquals(await languageOf("/zh/bptt/nope/"), "404 zh-Hans 找不到页面");
  assertEquals(await languageOf("/nope/"), "404 en Page not found");
  assertEquals(await languageOf("/bptt/nope/"), "404 en Page not found");
});

Deno.test("a language tag the configuration gives is checked: a language of the site, a tag BCP 47 can read, of that language", () => {
  const languages = ["en", "zh"];
  multilanguage({ languages, tags: { zh: "zh-Hans" } }); // the notes'
  multilanguage({ languages, tags: { en: "EN-GB", zh: "zh-cmn-Hans-CN" } });
  for (
    const [tags, says] of [
      [{ fr: "fr-CA" }, "fr is not one of the languages (en, zh)"],
      [{ zh: "" }, '"" for zh is not a language tag'],
      [{ zh: "zh Hans" }, '"zh Hans" for zh is not a language tag'],
      [{ zh: "中文" }, '"中文" for zh is not a language tag'],
      [{ zh: "ja" }, '"ja" for zh names another language (ja)'],
      [{ zh: "en-Hans" }, '"en-Hans" for zh names another language (en)'],
      [{ en: "zh-Latn" }, '"zh-Latn" for en names another language (zh)'],
    ] as [Record<string, string>, string][]
  ) {
    assertThrows(() => multilanguage({ languages, tags }), BuildError, says);
  }
});
