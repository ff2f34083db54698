/**
 * Tests of the search index made a language at a time: whatever the build
 * took from the cache and whatever it indexed again, the bundle is the one
 * Pagefind makes of the whole pages in one index (the tests' second
 * answer, `_pagefind.ts`); a language whose pages did not change comes from
 * the cache; a cache entry or note that is damaged, a page that loses its
 * body or changes language, and a language no page announced cost only
 * time.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { pagefind } from "../../scripts/site/plugins/pagefind.ts";
import type { Site } from "../../scripts/site/core/site.ts";
import { bundleIn, differences, indexOf, sitePages } from "./_pagefind.ts";
import { stubSite } from "./_stub_site.ts";

/**
 * A site whose layout writes `<html lang>` from the page's `htmlLang` (else
 * its `lang`, else `en`), and a `data-pagefind-body` unless `body: false`.
 */
function languagesSite(dir: string): Site {
  return stubSite(dir, (data) => {
    const lang = String(data.htmlLang ?? data.lang ?? "en");
    const body = data.body === false ? "" : " data-pagefind-body";
    return `<!doctype html><html lang="${lang}"><head><title>${data.title}</title></head>` +
      `<body><article${body}><h1>${data.title}</h1><p>${data.text}</p></article></body></html>`;
  }).use(pagefind());
}

/** Write a page of the fixture. */
async function page(
  dir: string,
  name: string,
  data: Record<string, string | boolean>,
): Promise<void> {
  const file = join(dir, "content", `${name}.md`);
  await Deno.mkdir(join(file, ".."), { recursive: true });
  const lines = Object.entries(data).map(([key, value]) =>
    `${key}: ${typeof value === "string" ? JSON.stringify(value) : value}`
  );
  await Deno.writeTextFile(file, `---\n${lines.join("\n")}\n---\n`);
}

/**
 * Build, check the bundle is Pagefind's own of the whole pages, and return
 * what the build found in the cache for the search.
 */
async function buildAndCheck(dir: string): Promise<Record<string, string>> {
  const report = await languagesSite(dir).build();
  const dest = join(dir, "_site");
  const built = await bundleIn(join(dest, "pagefind"));
  assertEquals(differences(built, await indexOf(await sitePages(dest))), []);
  return Object.fromEntries(
    Object.entries(report.cache).filter(([name]) => name.startsWith("search-")),
  );
}

Deno.test("pagefind(): an edit to a page of one language indexes that language again and takes the others from the cache; the bundle is Pagefind's own of the whole pages", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-pagefind-index-" });
  try {
    await page(dir, "a", { title: "Gradient", text: "vanishing gradients" });
    await page(dir, "b", { title: "Carousel", text: "constant error flow" });
    await page(dir, "zh/a", { title: "梯度", text: "梯度消失", lang: "zh" });
    await page(dir, "zh/b", { title: "细胞状态", text: "遗忘门", lang: "zh" });
    // A first build indexes every language.
    assertEquals(await buildAndCheck(dir), {});
    const entry = JSON.parse(
      await Deno.readTextFile(
        join(dir, "_site", "pagefind", "pagefind-entry.json"),
      ),
    );
    assertEquals(Object.keys(entry.languages), ["en", "zh"]);
    // Nothing changed: both from the cache.
    assertEquals(await buildAndCheck(dir), {
      "search-en": "hit",
      "search-zh": "hit",
    });
    await page(dir, "b", { title: "Carousel", text: "the forget gate" });
    assertEquals(await buildAndCheck(dir), { "search-zh": "hit" });
    await page(dir, "zh/a", { title: "梯度", text: "梯度爆炸", lang: "zh" });
    assertEquals(await buildAndCheck(dir), { "search-en": "hit" });
    // A page gone, a page added: that language again.
    await Deno.remove(join(dir, "content", "a.md"));
    await page(dir, "c", { title: "Jacobian", text: "spectral radius" });
    assertEquals(await buildAndCheck(dir), { "search-zh": "hit" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pagefind(): a damaged cache entry or note, a page that loses its body or changes language, pages in a language no page announced: the bundle is still Pagefind's own", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-pagefind-index-" });
  const cache = join(dir, "_cache");
  try {
    await page(dir, "a", { title: "Gradient", text: "vanishing gradients" });
    await page(dir, "b", { title: "Carousel", text: "constant error flow" });
    await page(dir, "zh/a", { title: "梯度", text: "梯度消失", lang: "zh" });
    await buildAndCheck(dir);
    // An entry whose key is right and whose value is not a bundle.
    for (const entry of Deno.readDirSync(cache)) {
      if (entry.name.startsWith("search-en-")) {
        const text = await Deno.readTextFile(join(cache, entry.name));
        await Deno.writeTextFile(
          join(cache, entry.name),
          `${text.slice(0, text.indexOf("\n"))}\n[["pagefind.js", 7]`,
        );
      }
    }
    await buildAndCheck(dir);
    // An entry gone (the note still names it): that language is indexed
    // from its first page.
    for (const entry of Deno.readDirSync(cache)) {
      if (entry.name.startsWith("search-zh-")) {
        await Deno.remove(join(cache, entry.name));
      }
    }
    assertEquals(await buildAndCheck(dir), { "search-en": "hit" });
    // A note cut short, then one that is not a note.
    const note = join(cache, "search-pages.note");
    const text = await Deno.readTextFile(note);
    await Deno.writeTextFile(note, text.slice(0, text.length / 2));
    assertEquals(await buildAndCheck(dir), {});
    await Deno.writeTextFile(note, '{"options": 3, "languages": []}');
    assertEquals(await buildAndCheck(dir), {});
    // A page without a body is left out (others have one) …
    await page(dir, "b", { title: "Carousel", text: "flow", body: false });
    await buildAndCheck(dir);
    // … and is indexed when no page has one.
    await page(dir, "a", { title: "Gradient", text: "vanishing", body: false });
    await page(dir, "zh/a", {
      title: "梯度",
      text: "梯度",
      lang: "zh",
      body: false,
    });
    await buildAndCheck(dir);
    const entry = JSON.parse(
      await Deno.readTextFile(
        join(dir, "_site", "pagefind", "pagefind-entry.json"),
      ),
    );
    assertEquals(entry.languages.en.page_count, 2);
    await page(dir, "a", { title: "Gradient", text: "vanishing" });
    await page(dir, "zh/a", { title: "梯度", text: "梯度消失", lang: "zh" });
    await page(dir, "b", { title: "Carousel", text: "flow" });
    await buildAndCheck(dir);
    // A page that moves to the other language.
    await page(dir, "b", { title: "Carousel", text: "flow", lang: "zh" });
    assertEquals(await buildAndCheck(dir), {});
    // Pages whose <html lang> is none the pages' data announced.
    await page(dir, "fr", {
      title: "Gradient",
      text: "disparition",
      htmlLang: "fr",
    });
    await page(dir, "de", {
      title: "Gradient",
      text: "verschwindend",
      htmlLang: "de-AT",
    });
    await buildAndCheck(dir);
    const languages = Object.keys(
      JSON.parse(
        await Deno.readTextFile(
          join(dir, "_site", "pagefind", "pagefind-entry.json"),
        ),
      ).languages,
    );
    assert(languages.includes("fr") && languages.length === 4, `${languages}`);
    assertEquals(await buildAndCheck(dir), {
      "search-en": "hit",
      "search-other-languages": "hit",
      "search-zh": "hit",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
