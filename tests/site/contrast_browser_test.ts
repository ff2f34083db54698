/**
 * The contrast check of the browser tests (`_contrast.ts`): axe-core's rule
 * run on one text element of each pair of colours finds what the rule run
 * on every element finds, on pages made to fail it, and more: the text over
 * a scroll box's gradient, which the rule alone leaves "incomplete".
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { axeViolations, type Loose, tab, withBrowser } from "./_browser.ts";

const AXE = await Deno.readTextFile("node_modules/axe-core/axe.min.js");

/**
 * The elements (by id) that fail the contrast rule, run on every element by
 * an axe of its own (not configured by `axeViolations`).
 */
async function failingEveryElement(page: Loose): Promise<string[]> {
  await page.evaluate(AXE);
  return await page.evaluate(async () => {
    const result = await (globalThis as Loose).axe.run(document, {
      runOnly: ["color-contrast"],
      resultTypes: ["violations"],
    });
    return result.violations.flatMap((v: Loose) =>
      v.nodes.map((n: Loose) => n.target.join(" "))
    ).sort();
  });
}

/** The elements (by id) that fail the sampled check. */
async function failingSampled(
  page: Loose,
  seen = new Set<string>(),
): Promise<string[]> {
  const lines = await axeViolations(page, { rules: ["color-contrast"], seen });
  return lines.flatMap((line) => /\((.*)\)$/.exec(line)![1].split("; ")).sort();
}

/** A page of `body`, on white, in a fresh context (no axe in it yet). */
async function pageOf(browser: Loose, body: string): Promise<Loose> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(
    `<!doctype html><html lang="en"><title>t</title><body style="background:#fff;color:#222;font:16px sans-serif"><main>${body}</main></body></html>`,
  );
  return page;
}

/** Grey on white: 2.3 to 1, under both 4.5 (text) and 3 (large text). */
const FAINT = "color:#aaa";
/** 3.5 to 1: enough for large text only. */
const LARGE_ONLY = "color:#888";

Deno.test("contrast: one element of each pair of colours is checked, and every failing pair is found as the rule run on every element finds it", async () => {
  await withBrowser(async (browser) => {
    const cases: Record<string, string> = {
      "twenty faint paragraphs": Array.from(
        { length: 20 },
        (_, i) => `<p id="p${i}" style="${FAINT}">faint text ${i}</p>`,
      ).join("") + `<p id="fine">fine text</p>`,
      "large text may be fainter":
        `<h1 id="big" style="${LARGE_ONLY};font-size:32px">large heading</h1>` +
        `<p id="small" style="${LARGE_ONLY}">small text</p>`,
      "under a translucent ancestor": `<p id="solid">solid text</p>` +
        `<div style="opacity:0.3"><p id="faded">faded text</p></div>`,
      "on a dark panel": `<p id="plain" style="color:#555">on white</p>` +
        `<div style="background:#333"><p id="dark" style="color:#555">on dark</p></div>`,
      "a letter alone and a word":
        `<p><span id="letter" style="${FAINT}">x</span> and <span id="word" style="${FAINT}">word</span></p>`,
      "covered by a positioned box":
        `<div style="position:relative"><p id="under" style="color:#777">covered text here</p>` +
        `<div style="position:absolute;inset:0;background:rgba(0,0,0,0.6)"></div></div><p id="open" style="color:#777">open text here</p>`,
    };
    for (const [name, body] of Object.entries(cases)) {
      const every = await failingEveryElement(await pageOf(browser, body));
      const sampled = await failingSampled(await pageOf(browser, body));
      for (const context of browser.contexts()) await context.close();
      assert(every.length > 0, `${name}: the page fails nothing`);
      // Each failing pair of colours is found, on one of its elements.
      const pairOf = (id: string) => id.replace(/\d+$/, "");
      assertEquals(
        [...new Set(sampled.map(pairOf))],
        [...new Set(every.map(pairOf))],
        name,
      );
      if (name === "twenty faint paragraphs") {
        assertEquals([every.length, sampled.length], [20, 1], name);
      }
    }
  });
});

Deno.test("contrast: a pair checked on one page is not checked again on the next; a new pair is", async () => {
  await withBrowser(async (browser) => {
    const seen = new Set<string>();
    const first = await pageOf(browser, `<p id="a" style="${FAINT}">faint</p>`);
    assertEquals(await failingSampled(first, seen), ["#a"]);
    const second = await pageOf(
      browser,
      `<p id="b" style="${FAINT}">faint again</p><p id="c" style="color:#bbb">fainter</p>`,
    );
    assertEquals(await failingSampled(second, seen), ["#c"]);
  });
});

Deno.test("contrast: text over a gradient is read against the box's surface, where the rule alone gives up", async () => {
  await withBrowser(async (browser) => {
    const body = `<div id="box" style="overflow-x:auto;background:#fff ` +
      `linear-gradient(to right, #fff 60%, transparent) left / 2em 100% no-repeat">` +
      `<p id="inside" style="${FAINT}">faint text in a scroll box</p></div>`;
    assertEquals(await failingEveryElement(await pageOf(browser, body)), []);
    const page = await pageOf(browser, body);
    assertEquals(await failingSampled(page), ["#inside"]);
    // The gradient is back afterwards.
    assert(
      /gradient/.test(
        await page.evaluate(() =>
          getComputedStyle(document.getElementById("box")!).backgroundImage
        ),
      ),
    );
  });
});

/** In the open page: open every fold, as a reader would. */
function openFolds(page: Loose): Promise<void> {
  return page.evaluate(() => {
    for (const details of document.querySelectorAll("details")) {
      (details as HTMLDetailsElement).open = true;
    }
  });
}

Deno.test("contrast: on a built page, a faint formula, table or code listing is found in both themes, where the rule alone misses those in scroll boxes", async () => {
  await withBrowser(async (browser, base) => {
    // Where, and whether the text is over a scroll box's gradient (a code
    // listing has a background of its own).
    const faint = [
      ["a formula's number", "/bptt/rnn-2a/", ".math-display mn", true],
      ["a number in a table", "/results/a3-4/", ".table-wrap td > span", true],
      ["a script's code", "/scripts/a3-4/", ".lit-code .k", false],
    ] as const;
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ colorScheme: scheme });
      const { page, visit } = await tab(context);
      for (const [name, url, selector, overGradient] of faint) {
        const where = `${scheme}, ${name}`;
        assertEquals(await visit(base + url), []);
        await openFolds(page);
        const contrast = () =>
          axeViolations(page, { rules: ["color-contrast"] });
        assertEquals(await contrast(), [], where);
        const style = `${selector} { color: ${
          scheme === "light" ? "#bbb" : "#555"
        } !important; }`;
        await page.addStyleTag({ content: style });
        const found = await contrast();
        assert(found.length === 1, `${where}: ${found}`);
        // The rule run on every element, by an axe of the page's own (once:
        // the theme changes its colours, not where it gives up).
        if (scheme === "dark") continue;
        await page.reload();
        await openFolds(page);
        await page.addStyleTag({ content: style });
        const alone = await failingEveryElement(page);
        assertEquals(alone.length === 0, overGradient, `${where}: ${alone}`);
      }
      await context.close();
    }
  });
});
