/**
 * The built site in a real browser: Debian's Chromium, driven by
 * playwright-core (never a downloaded browser). The site is served from
 * 127.0.0.1 by the test itself. Every page must load with no console error
 * and no failed request, pass axe-core with no violation (every rule in the
 * light theme, and the contrast rule in the dark theme),
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
  /** Text of figures below 11 CSS px, and formulas clipped with no cue. */
  small: string[];
  clipped: string[];
}

/**
 * In the open page: every visible `figure svg text` (charts and diagrams)
 * whose rendered size, its font size times the scale of its SVG, is below
 * `min` CSS pixels.
 */
function smallFigureText(page: Loose, min: number): Promise<string[]> {
  return page.evaluate((min: number) => {
    const found: string[] = [];
    for (const text of document.querySelectorAll("figure svg text")) {
      const element = text as SVGTextElement;
      if (element.getClientRects().length === 0) continue; // not shown
      if (!element.textContent?.trim()) continue;
      const matrix = element.getScreenCTM();
      if (!matrix) continue;
      const scale = Math.hypot(matrix.a, matrix.b);
      const size = parseFloat(getComputedStyle(element).fontSize) * scale;
      if (size < min - 0.01) {
        const figure = element.closest("figure")?.id ?? "figure";
        found.push(`${figure}: "${element.textContent}" ${size.toFixed(1)} px`);
      }
    }
    return found;
  }, min);
}

/**
 * In the open page: every display formula wider than its box that is not a
 * scroll region a reader can see and reach (focusable, with the shaded edge
 * of the stylesheet).
 */
function clippedFormulas(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const box of document.querySelectorAll(".math-display")) {
      const element = box as HTMLElement;
      if (element.scrollWidth <= element.clientWidth + 1) continue;
      const style = getComputedStyle(element);
      const scrolls = style.overflowX === "auto" ||
        style.overflowX === "scroll";
      const cue = style.backgroundImage.includes("gradient");
      if (!scrolls || !cue || element.tabIndex !== 0) {
        found.push(
          `${element.id || element.textContent?.slice(0, 40)}: ` +
            `${element.scrollWidth} px in ${element.clientWidth} px`,
        );
      }
    }
    return found;
  });
}

/**
 * How many pages are checked at once, each in a context of its own: a tab
 * spends much of its time waiting for the test's next command, which
 * another tab's work fills (two tabs a core).
 */
const TABS = 2 * (navigator.hardwareConcurrency || 1);

/**
 * Visit every page once, in `TABS` tabs at a time: load it (light theme), run
 * axe-core, measure the text of its figures, switch to the dark theme and run
 * axe's contrast rule (only colours change with the theme), then narrow the
 * window to 375 px: measure the page's width, the text of its figures again,
 * and its display formulas.
 */
async function visitAll(
  browser: Loose,
  base: string,
  urls: string[],
): Promise<PageReport[]> {
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
      const small = (await smallFigureText(page, 11)).map((s) => `1280: ${s}`);
      // Only colours change with the theme: the contrast rule covers it.
      await page.emulateMedia({ colorScheme: "dark" });
      const dark = await axeViolations(page, ["color-contrast"]);
      axe.push(...dark.map((v) => `dark: ${v}`));
      await page.setViewportSize({ width: 375, height: 740 });
      small.push(
        ...(await smallFigureText(page, 11)).map((s) => `375: ${s}`),
      );
      const clipped = await clippedFormulas(page);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: globalThis.innerWidth,
      }));
      reports.push({
        url,
        loading,
        axe,
        small,
        clipped,
        width: scrollWidth > innerWidth
          ? `${scrollWidth} px in a ${innerWidth} px window`
          : undefined,
      });
    }
    await context.close();
  };
  await Promise.all(Array.from({ length: TABS }, worker));
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
      "keeps the text of every chart and diagram at 11 px or more, at 375 and 1280 px",
      () => {
        assertEquals(
          reports.flatMap((r) => r.small.map((p) => `${r.url}: ${p}`)),
          [],
        );
      },
    );
    await t.step(
      "shows a display formula whole or in a scroll region with a cue, at 375 px",
      () => {
        assertEquals(
          reports.flatMap((r) => r.clipped.map((p) => `${r.url}: ${p}`)),
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
    await page.waitForSelector(".search-result-link", { timeout: 10000 });
    const links: string[] = await page.$$eval(
      ".search-result-link",
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
