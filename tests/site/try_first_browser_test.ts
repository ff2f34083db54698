/**
 * Try first, and search, in Chromium: the solution is folded (and printed,
 * and opened by a link into it), the self-check says whether a typed value
 * matches and by how much it is off, without JavaScript the fields are
 * disabled with a note; the search labels each hit, ranks an exercise above
 * its script, keeps the math of headings, and says when a word is on no page.
 *
 * The right answers typed here are computed by the test itself (powers of
 * the matrix of the question by repeated multiplication, its eigenvalues by
 * the quadratic formula), not read from the results.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { axeViolations, type Loose, tab, withBrowser } from "./_browser.ts";
import { check, power, W } from "./_self_check.ts";

const PAGE = "/vanishing/rnn-2c/";
Deno.test("the solution is folded, and so are what the sources get wrong and the errata; all open for a click and in print, the solution for a link into it", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    assertEquals(await visit(`${base}${PAGE}`), []);
    const details = page.locator("details.solution");
    const inside = details.locator("h3").first();
    assertEquals(await details.getAttribute("open"), null);
    assert(!await inside.isVisible(), "the solution shows before it is opened");
    assert(await page.locator("#question").isVisible());
    // What the source solutions get wrong, and the titles of the errata that
    // concern the exercise, give parts of the answer away: each is folded
    // under its heading, which stays in view.
    const folds = [
      { name: "the critique", heading: "#what-the-source-solutions-get-wrong" },
      { name: "the errata", heading: "#errata-that-concern-this-exercise" },
    ].map(({ name, heading }) => {
      // (The errata's sentence stands between their heading and the fold.)
      const fold = page.locator(`${heading} ~ details.critique`).first();
      return { name, heading, fold, first: fold.locator("li").first() };
    });
    for (const { name, heading, first } of folds) {
      assert(await page.locator(heading).isVisible(), `${name}: heading`);
      assert(!await first.isVisible(), `${name} shows before it is opened`);
    }
    // The table of contents names the solution's parts once it is open.
    const parts = page.locator(".toc .toc-in-solution");
    assert(await parts.count() > 0, "no part of the solution in the contents");
    assert(!await parts.first().isVisible(), "the contents name the parts");
    await page.emulateMedia({ media: "print" });
    assert(await inside.isVisible(), "the solution is not printed");
    for (const { name, first } of folds) {
      assert(await first.isVisible(), `${name}: not printed`);
    }
    assert(!await page.locator(".self-check").isVisible(), "fields printed");
    await page.emulateMedia({ media: "screen" });
    await details.locator("summary").click();
    assert(await inside.isVisible(), "the summary does not open it");
    assert(await parts.first().isVisible(), "the opened solution's parts");
    for (const { name, fold, first } of folds) {
      await fold.locator("summary").click();
      assert(await first.isVisible(), `${name}: its summary does not open it`);
    }
    // A link to a heading inside the closed solution opens it.
    const id = await inside.getAttribute("id");
    await visit(`${base}/`);
    await page.goto(`${base}${PAGE}#${id}`);
    await page.waitForFunction(() =>
      (document.querySelector("details.solution") as Loose)?.open
    );
    assertEquals(await axeViolations(page), [], "axe on the folded page");
    await context.close();
  });
});

Deno.test("the self-check says a right answer matches and a wrong one is off, and by how much", async () => {
  const w30 = power(W, 30);
  // λ = (tr ± √(tr² − 4 det)) / 2.
  const trace = W[0][0] + W[1][1];
  const det = W[0][0] * W[1][1] - W[0][1] * W[1][0];
  const larger = (trace + Math.sqrt(trace * trace - 4 * det)) / 2;
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    assertEquals(await visit(`${base}${PAGE}`), []);
    const labels: string[] = await page.$$eval(
      "form.check label",
      (elements: Loose[]) => elements.map((e) => e.textContent),
    );
    const entry11 = labels.findIndex((l) => /entry \(1,1\)/i.test(l)) + 1;
    const eigen = labels.findIndex((l) => /larger eigenvalue/.test(l)) + 1;
    assert(entry11 > 0 && eigen > 0, `checks: ${labels.join(" | ")}`);

    // Right, to four significant digits (the stated tolerance is 0.1%).
    const right = await check(page, entry11, w30[0][0].toPrecision(4));
    assertEquals(right.verdict, "match", right.text);
    assertMatch(right.text, /^✓ Matches/);
    assertMatch(right.text, /relative error of at most 0\.1%/);
    // Written another way: a fraction, a Unicode minus in the exponent.
    const eigenvalue = await check(page, eigen, "9/10");
    assertEquals(eigenvalue.verdict, "match", eigenvalue.text);
    const scientific = await check(
      page,
      entry11,
      `${(w30[0][0] * 100).toPrecision(5)}×10^\u22122`,
    );
    assertEquals(scientific.verdict, "match", scientific.text);
    // A power as the page writes one, copied: superscript digits and minus.
    const [mantissa, exponent] = w30[0][0].toExponential(3).split("e");
    const superscripts = exponent.replace(/^\+/, "").replace(
      /./g,
      (c) =>
        c === "-"
          ? "\u207b"
          : "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"[
            Number(c)
          ],
    );
    const copied = await check(page, entry11, `${mantissa}×10${superscripts}`);
    assertEquals(
      copied.verdict,
      "match",
      `${mantissa}×10${superscripts}: ${copied.text}`,
    );

    // Wrong by 2%: says so, how much, and which way.
    const wrong = await check(page, entry11, (w30[0][0] * 1.02).toPrecision(4));
    assertEquals(wrong.verdict, "mismatch", wrong.text);
    assertMatch(
      wrong.text,
      /^✗ Does not match: off by .* \(relative error 2%\), too high/,
    );
    const low = await check(page, eigen, (larger * 0.5).toString());
    assertMatch(low.text, /relative error 50%\), too low/);

    // Off in the last bits only (the rounding of the computation, not the
    // reader's): said so, with no "too high" or "too low".
    const carried = Number(
      await page.locator("form.check").nth(entry11 - 1).getAttribute(
        "data-expected",
      ),
    );
    const ulp = carried * (1 + 2 * Number.EPSILON);
    assert(ulp !== carried);
    const last = await check(page, entry11, String(ulp));
    assertEquals(last.verdict, "match", last.text);
    assertMatch(
      last.text,
      /^✓ Matches: the computed value, to the last digits/,
    );

    const unreadable = await check(page, entry11, "about a half");
    assertEquals(unreadable.verdict, "unreadable");
    // The verdict is announced.
    assertEquals(
      await page.locator("form.check output").first().getAttribute("aria-live"),
      "polite",
    );
    assertEquals(await axeViolations(page), [], "axe after checking");
    await context.close();
  });
});

Deno.test("without JavaScript the self-check fields are disabled and say why, and the solution still opens", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}${PAGE}`);
    const inputs = page.locator("form.check input");
    assert(await inputs.count() > 0);
    assert(await inputs.first().isDisabled(), "a field works without JS?");
    assert(await page.locator(".self-check-nojs").isVisible());
    await page.locator("details.solution summary").click();
    assert(await page.locator("details.solution h3").first().isVisible());
    await context.close();
  });
});

/** Search for `query`; the status line and the hits (kind, title, URL). */
async function search(page: Loose, base: string, query: string) {
  await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(
    () => {
      const status = document.querySelector(".search-status")?.textContent;
      return status && !status.startsWith("Searching");
    },
    null,
    { timeout: 10000 },
  );
  const status = await page.locator(".search-status").textContent();
  const hits: {
    kind: string;
    title: string;
    url: string;
    sections: string[];
  }[] = await page.$$eval(
    ".search-exact .search-result",
    (items: Loose[]) =>
      items.map((item) => ({
        kind: item.querySelector(".search-kind").textContent,
        title: item.querySelector(".search-result-link").textContent,
        url: new URL(item.querySelector(".search-result-link").href)
          .pathname,
        sections: [...item.querySelectorAll(".search-sections a")].map((
          a: Loose,
        ) => a.textContent),
      })),
  );
  return { status, hits };
}

Deno.test("search: each hit says what it is, and an exercise's page comes before its script's", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page } = await tab(context);
    const { hits } = await search(page, base, "eigenvalues");
    assert(hits.length > 2, JSON.stringify(hits));
    for (const hit of hits) {
      assertMatch(
        hit.kind,
        /^(Exercise [\w-]+|Script scripts\/\S+\.ts|Tests tests\/\S+_test\.ts|Errata|Explorer|Page)$/,
      );
    }
    const kindOf = (url: string) => hits.find((h) => h.url === url)?.kind;
    assertEquals(kindOf("/vanishing/rnn-2c/"), "Exercise rnn-2c");
    assertEquals(
      kindOf("/scripts/rnn-2c/"),
      "Script scripts/exercises/rnn-2c.ts",
    );
    assert(kindOf("/errata/seed-000/") === "Errata", JSON.stringify(hits));
    // Every exercise whose page and script page both match: exercise first.
    for (const [i, hit] of hits.entries()) {
      const id = /^\/scripts\/([\w-]+)\/$/.exec(hit.url)?.[1];
      const exercise = hits.findIndex((h) => h.kind === `Exercise ${id}`);
      if (id && exercise >= 0) {
        assert(exercise < i, `${hit.url} above its exercise's page`);
      }
    }
    assertEquals(hits[0].url, "/vanishing/rnn-2c/", "the page titled so");
    assertEquals(await axeViolations(page), [], "axe on the search results");
    await context.close();
  });
});

Deno.test("search: a heading's math is in its hit, as readable text", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page } = await tab(context);
    const { hits } = await search(page, base, "gates held");
    const sections = hits.flatMap((hit) => hit.sections);
    assert(
      sections.includes("Gates held at f_t = 1, i_t = 0"),
      `sections: ${sections.join(" | ")}`,
    );
    assert(!sections.some((s) => /\s,|\sat\s*$/.test(s)), sections.join(" | "));
    // A symbol of a formula is found as written in TeX.
    const symbol = await search(page, base, "f_t");
    assert(
      symbol.hits.some((hit) => hit.url === "/lstm/rnn-3c/"),
      JSON.stringify(symbol.hits),
    );
    // And a Greek one as it shows: the notation page has ρ(W), the spectral
    // radius, in formulas only (`\rho`).
    const greek = await search(page, base, "ρ");
    assert(
      greek.hits.some((hit) => hit.url === "/notation/"),
      JSON.stringify(greek.hits),
    );
    await context.close();
  });
});

Deno.test("search: a word on no page says so, and words as typed come before similar ones", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page } = await tab(context);
    const none = await search(page, base, "zeppelin");
    assertMatch(none.status, /^No page contains “zeppelin”\./);
    assertEquals(none.hits, []);
    // Loose matches, if any, are folded away.
    assertEquals(await page.locator(".search-result:visible").count(), 0);
    // Every page listed for a word has the word itself.
    const found = await search(page, base, "eigenvalue");
    assert(found.hits.length > 0);
    const excerpts: string[] = await page.$$eval(
      ".search-exact .search-excerpt",
      (items: Loose[]) => items.map((item) => item.innerHTML),
    );
    for (const excerpt of excerpts) {
      assertMatch(excerpt, /<mark>[^<]*\beigenvalue/i);
    }
    await context.close();
  });
});
