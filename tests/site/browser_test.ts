/**
 * The built site in a real browser: Debian's Chromium, driven by
 * playwright-core (never a downloaded browser). The site is served from
 * 127.0.0.1 by the test itself. Every page must load with no console error
 * and no failed request, pass axe-core with no violation (every rule in the
 * light theme, and the contrast rule in the dark theme on a sample of pages),
 * and fit a 375 px
 * wide screen without horizontal scrolling; the search must find an
 * exercise by a word of its question.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { EXERCISES } from "../../scripts/exercises/mod.ts";
import { builtSite, listFiles, urlOf } from "./_build.ts";
import {
  axeViolations,
  cspViolations,
  type Loose,
  tab,
  withBrowser,
} from "./_browser.ts";

/** What one visit of a page found. */
interface PageReport {
  url: string;
  loading: string[];
  axe: string[];
  width?: string;
  /** Diagram text drawn smaller than 11 CSS px, at 1280 or 375 px. */
  smallText: string[];
}

/**
 * The smallest text of each diagram shown on the page, in CSS px as drawn:
 * its font size times the scale at which its SVG is shown.
 */
function smallestDiagramText(): { figure: string; px: number }[] {
  return [...document.querySelectorAll("figure.diagram svg")]
    .filter((svg) => svg.getBoundingClientRect().width > 0)
    .map((svg) => {
      const scale = svg.getBoundingClientRect().width /
        (svg as SVGSVGElement).viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll("text, tspan")].map((text) =>
        parseFloat(getComputedStyle(text).fontSize)
      );
      return {
        figure: svg.closest("figure")!.id,
        px: Math.min(...sizes) * scale,
      };
    });
}

/**
 * Visit every page once, in two tabs at a time: load it (light theme), run
 * axe-core, narrow the window to 375 px and measure the page's width. On one
 * page of each kind (home, search, an exercise page with a chart, a literate
 * script, and every page with a diagram) also switch to the dark theme and
 * run axe's contrast rule: the dark colours come from the one stylesheet, so
 * a sample covers them. On a page with diagrams, measure their smallest
 * text as drawn, at 1280 and at 375 px.
 */
async function visitAll(
  browser: Loose,
  base: string,
  urls: string[],
): Promise<PageReport[]> {
  const dir = await builtSite();
  const html = (url: string) =>
    Deno.readTextFileSync(join(dir, url.slice(1), "index.html"));
  const exercisePages = urls.filter((url) =>
    !url.startsWith("/scripts/") && url.split("/").length > 3
  );
  const darkSample = new Set(
    [
      "/",
      "/search/",
      exercisePages.find((url) => html(url).includes('class="chart"')) ??
        exercisePages[0],
      urls.find((url) => url.startsWith("/scripts/")),
      ...exercisePages.filter((url) => html(url).includes('class="diagram')),
    ].filter((url): url is string => !!url && urls.includes(url)),
  );
  const reports: PageReport[] = [];
  const queue = [...urls];
  const worker = async () => {
    const context = await browser.newContext({
      colorScheme: "light",
      viewport: { width: 1280, height: 800 },
    });
    const { page, visit } = await tab(context);
    for (let url = queue.shift(); url; url = queue.shift()) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: "light" });
      const loading = await visit(base + url);
      const axe = (await axeViolations(page)).map((v) => `light: ${v}`);
      const smallText: string[] = [];
      const measure = async (width: number) => {
        for (const { figure, px } of await page.evaluate(smallestDiagramText)) {
          if (px < 11) {
            smallText.push(`${figure} at ${width} px: ${px.toFixed(1)} px`);
          }
        }
      };
      await measure(1280);
      if (darkSample.has(url)) {
        await page.emulateMedia({ colorScheme: "dark" });
        const dark = await axeViolations(page, ["color-contrast"]);
        axe.push(...dark.map((v) => `dark: ${v}`));
      }
      await page.setViewportSize({ width: 375, height: 740 });
      await measure(375);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: globalThis.innerWidth,
      }));
      reports.push({
        url,
        loading,
        axe,
        width: scrollWidth > innerWidth
          ? `${scrollWidth} px in a ${innerWidth} px window`
          : undefined,
        smallText,
      });
    }
    await context.close();
  };
  await Promise.all([worker(), worker()]);
  return reports.sort((a, b) => a.url < b.url ? -1 : 1);
}

Deno.test("every page in Chromium", async (t) => {
  await withBrowser(async (browser, base, pages) => {
    const reports = await visitAll(browser, base, pages);
    assertEquals(reports.length, pages.length);
    await t.step("loads with no console error and no failed request", () => {
      assertEquals(
        reports.flatMap((r) => r.loading.map((p) => `${r.url}: ${p}`)),
        [],
      );
    });
    await t.step(
      "has no axe-core violation (and good contrast in the dark theme)",
      () => {
        assertEquals(
          reports.flatMap((r) => r.axe.map((p) => `${r.url}: ${p}`)),
          [],
        );
      },
    );
    await t.step(
      "draws the text of every diagram at 11 CSS px or more, at 1280 and 375 px",
      () => {
        assertEquals(
          reports.flatMap((r) => r.smallText.map((p) => `${r.url}: ${p}`)),
          [],
        );
      },
    );
    await t.step(
      "fits a 375 px wide screen without horizontal scrolling",
      () => {
        assertEquals(
          reports.filter((r) => r.width).map((r) => `${r.url}: ${r.width}`),
          [],
        );
      },
    );
  });
});

Deno.test("the search finds an exercise by a word of its question", async () => {
  const dir = await builtSite();
  // Take the most distinctive word of the question of the first exercise
  // that has a page (the one on the fewest pages, then the longest), as a
  // reader remembering the exercise would: a common word ranks many pages
  // first and says nothing about whether the search works.
  const texts = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    if (!file.endsWith("index.html") || file.startsWith("scripts/")) continue;
    texts.set(file, await Deno.readTextFile(join(dir, file)));
  }
  const plain = (html: string) =>
    html.replace(/<math[\s\S]*?<\/math>/g, " ").replace(/<[^>]+>/g, " ")
      .toLowerCase();
  const pagesWith = (word: string) =>
    [...texts.values()].filter((html) => plain(html).includes(word)).length;
  let target: { url: string; word: string } | undefined;
  for (const { id } of EXERCISES) {
    const entry = [...texts].find(([, html]) =>
      html.includes(`data-exercise="${id}"`)
    );
    if (!entry) continue;
    const question = /<h2 id="question">[\s\S]*?(?=<h2 )/.exec(entry[1])?.[0] ??
      "";
    const words = [
      ...new Set(
        [...plain(question).matchAll(/\b[a-z]{7,}\b/g)].map((m) => m[0]),
      ),
    ];
    const ranked = words.map((word) => ({ word, pages: pagesWith(word) }))
      .sort((a, b) => a.pages - b.pages || b.word.length - a.word.length);
    if (ranked.length) target = { url: urlOf(entry[0]), word: ranked[0].word };
    break;
  }
  assert(target, "no exercise page with a question section");
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    const problems = await visit(
      `${base}/search/?q=${encodeURIComponent(target!.word)}`,
    );
    await page.waitForSelector(".pagefind-ui__result-link", { timeout: 10000 });
    const links: string[] = await page.$$eval(
      ".pagefind-ui__result-link",
      (elements: Loose[]) => elements.map((a) => new URL(a.href).pathname),
    );
    assert(
      links.includes(target!.url),
      `searching "${target!.word}" found ${links.join(", ")}, not ${
        target!.url
      }`,
    );
    assertEquals(await axeViolations(page), [], "axe on the search results");
    assertEquals(problems, []);
    await context.close();
  });
});

Deno.test("the content security policy is in force: an inline script is refused and reported", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    assertEquals(await visit(`${base}/`), []);
    // What an injected inline script would do: it must not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "document.documentElement.dataset.injected = 'yes'";
      document.head.append(script);
      return document.documentElement.dataset.injected === "yes";
    });
    assertEquals(ran, false, "an inline script ran");
    const violations = await cspViolations(page);
    assert(
      violations.some((v) => v.includes("script-src")),
      `no violation reported: ${violations.join("; ")}`,
    );
    await context.close();
  });
});
