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
import fs from "node:fs";
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { EXERCISES } from "../../scripts/exercises/mod.ts";
import { serveStatic } from "../../scripts/site/_static.ts";
import { builtSite, listFiles, urlOf } from "./_build.ts";

// Deno refuses to let `existsSync` look at /proc/sys (playwright asks whether
// it runs under WSL); Node's `existsSync` never throws, so answer false.
const existsSync = fs.existsSync;
(fs as Loose).existsSync = (path: fs.PathLike) => {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
};
const { chromium } = await import("playwright-core");

/** Playwright's and axe's objects, untyped here. */
// deno-lint-ignore no-explicit-any
type Loose = any;

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const AXE = "node_modules/axe-core/axe.min.js";
let axeSource: string | undefined;

/** A browser and a server of the built site, for one test. */
async function withBrowser(
  test: (
    browser: Loose,
    base: string,
    pages: string[],
  ) => Promise<void>,
): Promise<void> {
  const dir = await builtSite();
  const pages = (await listFiles(dir))
    .filter((f) =>
      f.endsWith(".html") && !f.startsWith("pagefind/") && f !== "404.html"
    )
    .map(urlOf);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => serveStatic(request, dir),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ARGS,
  });
  try {
    await test(browser, `http://127.0.0.1:${server.addr.port}`, pages);
  } finally {
    await browser.close();
    await server.shutdown();
  }
}

/**
 * A tab that records console errors and failed or refused requests; `visit`
 * opens a URL and returns what went wrong while loading it.
 */
async function tab(context: Loose) {
  const page = await context.newPage();
  // Record every violation of the page's content security policy (an
  // inline script, a load from another host, …) as the page reports it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as Loose).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`,
      );
    });
  });
  let problems: string[] = [];
  page.on("console", (message: Loose) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on(
    "pageerror",
    (error: Loose) => problems.push(`script error: ${error.message}`),
  );
  page.on(
    "requestfailed",
    (request: Loose) =>
      problems.push(
        `request failed: ${request.url()} (${request.failure()?.errorText})`,
      ),
  );
  page.on("response", (response: Loose) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  const visit = async (url: string) => {
    problems = [];
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) {
      problems.push(`HTTP ${response?.status()}: ${url}`);
    }
    problems.push(...await cspViolations(page));
    return problems;
  };
  return { page, visit };
}

/** The content security policy violations the open page has reported. */
async function cspViolations(page: Loose): Promise<string[]> {
  // Reports are events, dispatched after the action: let them arrive.
  const seen: string[] = await page.evaluate(() =>
    new Promise((resolve) =>
      setTimeout(() => resolve((globalThis as Loose).__cspViolations ?? []), 0)
    )
  );
  return seen.map((violation) => `CSP: ${violation}`);
}

/** Run axe-core on the open page; the violations, one line each. */
async function axeViolations(page: Loose, rules?: string[]): Promise<string[]> {
  // Evaluated through the debugging protocol, which the page's content
  // security policy (no inline script) rightly does not cover.
  axeSource ??= await Deno.readTextFile(AXE);
  if (!(await page.evaluate(() => !!(globalThis as Loose).axe))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async (rules?: string[]) => {
    const axe = (globalThis as Loose).axe;
    const result = await axe.run(
      // KaTeX's visible layer is hidden from assistive technology (its MathML
      // twin is checked); leaving it out makes axe several times faster.
      { exclude: [[".katex-html"]] },
      rules
        ? { runOnly: rules, resultTypes: ["violations"] }
        : { resultTypes: ["violations"] },
    );
    return result.violations.map((v: Loose) =>
      `${v.id}: ${v.help} (${
        v.nodes.slice(0, 3).map((n: Loose) => n.target.join(" ")).join("; ")
      })`
    );
  }, rules);
  return violations;
}

/** What one visit of a page found. */
interface PageReport {
  url: string;
  loading: string[];
  axe: string[];
  width?: string;
}

/**
 * Visit every page once, in two tabs at a time: load it (light theme), run
 * axe-core, narrow the window to 375 px and measure the page's width. On one
 * page of each kind (home, search, an exercise page with a chart, a literate
 * script) also switch to the dark theme and run axe's contrast rule:
 * the dark colours come from the one stylesheet, so a sample covers them.
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
      if (darkSample.has(url)) {
        await page.emulateMedia({ colorScheme: "dark" });
        const dark = await axeViolations(page, ["color-contrast"]);
        axe.push(...dark.map((v) => `dark: ${v}`));
      }
      await page.setViewportSize({ width: 375, height: 740 });
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
  // Take a long, distinctive word from the question of the first exercise
  // that has a page, as a reader remembering the exercise would.
  let target: { url: string; word: string } | undefined;
  for (const { id } of EXERCISES) {
    for (const file of await listFiles(dir)) {
      if (!file.endsWith("index.html") || file.startsWith("scripts/")) continue;
      const html = await Deno.readTextFile(join(dir, file));
      if (!html.includes(`data-exercise="${id}"`)) continue;
      const question = /<h2 id="question">[\s\S]*?(?=<h2 )/.exec(html)?.[0] ??
        "";
      const text = question.replace(
        /<math[\s\S]*?<\/math>/g,
        " ",
      )
        .replace(/<[^>]+>/g, " ");
      const words = [...text.matchAll(/\b[a-z]{9,}\b/g)].map((m) => m[0]);
      if (words.length) {
        target = {
          url: urlOf(file),
          word: words.sort((a, b) => b.length - a.length)[0],
        };
      }
      break;
    }
    if (target) break;
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
