/**
 * The plugin API in Lume's words, on a fixture site: `site.data()`, the
 * extension filter of `preprocess` and `process`, and the events in the
 * order a build reaches them.
 *
 * @module
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import type { Page } from "../../scripts/site/core/site.ts";
import { BASE, fixture, fixtureSite } from "./_fixture.ts";

Deno.test("preprocess and process get the pages of their extensions, and the events come in build order", async () => {
  const dir = await fixture({
    ...BASE,
    "a.md": "---\ntitle: A\n---\nShout: {{ shout }}.\n",
  });
  try {
    const dest = join(dir, "_site");
    const site = fixtureSite(join(dir, "content"));
    const seen: string[] = [];
    const urls = (pages: Page[]) => pages.map((page) => page.url).join(" ");
    site.data("shout", "HEY");
    site.addEventListener("beforeBuild", () => void seen.push("beforeBuild"));
    site.preprocess([".md"], (pages, allPages) => {
      seen.push(`preprocess .md: ${urls(pages)} of ${allPages.length}`);
      // A page a preprocessor adds is a page of the site (Lume's way).
      allPages.push({
        src: "made.txt",
        line: 1,
        url: "/made.txt",
        data: { nav: false },
        content: "made",
        engine: "html",
        output: undefined,
      });
    });
    site.preprocess([".txt"], (pages) => {
      seen.push(`preprocess .txt: ${urls(pages)}`);
    });
    site.addEventListener("pageRendered", ({ page }) => {
      if (page.url === "/a/") seen.push("pageRendered /a/");
    });
    site.process([".html"], (pages) => {
      seen.push(`process .html: ${urls(pages)}`);
    });
    site.process([".css"], (pages) => {
      seen.push(`process .css: ${pages.length}`);
    });
    site.addEventListener("afterWrite", ({ dir }) => {
      seen.push(`afterWrite ${dir.endsWith(join("_site.tmp", "next"))}`);
    });
    site.addEventListener("afterBuild", ({ dest, pages }) => {
      seen.push(`afterBuild ${dest === join(dir, "_site")} ${pages.length}`);
    });
    await site.build({ dest });
    assertEquals(seen, [
      "beforeBuild",
      // Before rendering, the pages are in the order they were loaded (by
      // file name); they are sorted by URL once every preprocessor ran.
      "preprocess .md: /a/ / /results/ of 3",
      "preprocess .txt: /made.txt",
      "pageRendered /a/",
      "process .html: / /a/ /results/",
      "process .css: 0",
      "afterWrite true",
      "afterBuild true 4",
    ]);
    assertStringIncludes(
      await Deno.readTextFile(join(dest, "a", "index.html")),
      "Shout: HEY.",
    );
    // (Rendered in the site's layout, as every page without one of its own.)
    assertStringIncludes(
      await Deno.readTextFile(join(dest, "made.txt")),
      "made",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
