/**
 * What the browser tests share: Debian's Chromium driven by playwright-core
 * (never a downloaded browser), a server of the built site on 127.0.0.1, a
 * tab that records console errors, failed requests and content security
 * policy violations, and axe-core.
 *
 * @module
 */
import fs from "node:fs";
import { serveStatic } from "../../scripts/site/_static.ts";
import { builtSite, listFiles, urlOf } from "./_build.ts";
import { markContrastChecks, unmarkContrastChecks } from "./_contrast.ts";

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
/** Playwright's Chromium launcher. */
export const { chromium } = await import("playwright-core");

/** Playwright's and axe's objects, untyped here. */
// deno-lint-ignore no-explicit-any
export type Loose = any;

/**
 * Debian's Chromium: its headless shell when installed (`.ci/run` installs
 * it), the same Blink without a browser's window (an eighth to a sixth less
 * time for the every-page test); else the browser, run headless.
 */
export const CHROMIUM = [
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}) ?? "/usr/bin/chromium";
/** Chromium's flags: no sandbox (root in a container), no GPU, no calls home. */
export const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const AXE = "node_modules/axe-core/axe.min.js";
let axeSource: string | undefined;

/** The browser and the server this test file shares, started on first use. */
let shared:
  | Promise<{ browser: Loose; base: string; pages: string[] }>
  | undefined;

/**
 * A browser and a server of the built site, for one test. One Chromium and
 * one server serve every test of a file (each test opens its own context,
 * which shares no cookie, storage or cache with another): launching
 * Chromium costs more than most tests. They stop when the file's worker
 * ends.
 */
export async function withBrowser(
  test: (
    browser: Loose,
    base: string,
    pages: string[],
  ) => Promise<void>,
): Promise<void> {
  shared ??= (async () => {
    const dir = await builtSite();
    const pages = (await listFiles(dir))
      .filter((f) => f.endsWith(".html") && !f.startsWith("pagefind/"))
      .map(urlOf);
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (request) => serveStatic(request, dir),
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ARGS,
    });
    globalThis.addEventListener("unload", () => {
      browser.close();
      server.shutdown();
    });
    return { browser, base: `http://127.0.0.1:${server.addr.port}`, pages };
  })();
  const { browser, base, pages } = await shared;
  await test(browser, base, pages);
}

/**
 * A tab that records console errors and failed or refused requests; `visit`
 * opens a URL and returns what went wrong while loading it.
 */
export async function tab(context: Loose) {
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
    (request: Loose) => {
      const error = request.failure()?.errorText;
      // The browser cancels the favicon's request when the test moves on to
      // the next page before it arrived (seen on a loaded machine): not a
      // fault of the page. Every other failure, the favicon's included, is.
      const favicon = request.url().endsWith("/assets/favicon.svg");
      if (favicon && error === "net::ERR_ABORTED") return;
      problems.push(`request failed: ${request.url()} (${error})`);
    },
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
export async function cspViolations(page: Loose): Promise<string[]> {
  // Reports are events, dispatched after the action: let them arrive.
  const seen: string[] = await page.evaluate(() =>
    new Promise((resolve) =>
      setTimeout(() => resolve((globalThis as Loose).__cspViolations ?? []), 0)
    )
  );
  return seen.map((violation) => `CSP: ${violation}`);
}

/** What {@link axeViolations} runs. */
export interface AxeOptions {
  /** Only these rules; else every rule axe runs by default and `enable`. */
  rules?: string[];
  /** Rules axe leaves off unless asked (`target-size`). */
  enable?: string[];
  /**
   * The contrast signatures checked already on earlier pages of a run
   * (`_contrast.ts`), filled by this call: each is checked once a run.
   */
  seen?: Set<string>;
}

/**
 * Run axe-core on the open page, its contrast rule on one text element of
 * each pair of colours, over the boxes' surfaces where their backgrounds are
 * gradients (see `_contrast.ts`). The violations, one line each.
 */
export async function axeViolations(
  page: Loose,
  { rules, enable = [], seen = new Set() }: AxeOptions = {},
): Promise<string[]> {
  // Evaluated through the debugging protocol, which the page's content
  // security policy (no inline script) rightly does not cover.
  axeSource ??= await Deno.readTextFile(AXE);
  if (!(await page.evaluate(() => !!(globalThis as Loose).axe))) {
    await page.evaluate(axeSource);
  }
  const fresh: string[] = await page.evaluate(markContrastChecks, [...seen]);
  for (const signature of fresh) seen.add(signature);
  try {
    return await page.evaluate(async (
      [rules, enable]: [string[] | undefined, string[]],
    ) => {
      const axe = (globalThis as Loose).axe;
      axe.configure({
        rules: [{ id: "color-contrast", selector: "[data-contrast-check]" }],
      });
      const result = await axe.run(
        document,
        rules ? { runOnly: rules, resultTypes: ["violations"] } : {
          rules: Object.fromEntries(
            enable.map((id) => [id, { enabled: true }]),
          ),
          resultTypes: ["violations"],
        },
      );
      return result.violations.map((v: Loose) =>
        `${v.id}: ${v.help} (${
          v.nodes.slice(0, 3).map((n: Loose) => n.target.join(" ")).join("; ")
        })`
      );
    }, [rules, enable]);
  } finally {
    await page.evaluate(unmarkContrastChecks);
  }
}
