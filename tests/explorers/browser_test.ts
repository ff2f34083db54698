/**
 * The explorers in Chromium (with the shared helpers of
 * `tests/site/_browser.ts`): moving a control redraws the chart and rewrites
 * the numbers with the values the library computes here, in Deno, for the
 * same settings; the URL keeps the settings and a reload restores them; the
 * pages pass axe-core after a change, load nothing from another host, log no
 * error, fit 375 px; and with JavaScript off each page shows its static
 * chart and the numbers of the default setting.
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import { parseHTML } from "linkedom";
import { CHARTS } from "../../scripts/charts/mod.ts";
import {
  defaultSettings,
  type Explorer,
  explorerTranslator,
  settingsFromQuery,
} from "../../scripts/explorers/_controls.ts";
import { chartText, chartWords } from "../../scripts/charts/types.ts";
import { EXPLORERS } from "../../scripts/explorers/mod.ts";
import { toCsv } from "../../scripts/charts/_csv.ts";
import {
  axeViolations,
  type Loose,
  tab,
  withBrowser,
} from "../site/_browser.ts";
import { builtSite } from "../site/_build.ts";

const explorer = (id: string): Explorer => EXPLORERS.find((e) => e.id === id)!;

/** Every number marked in some HTML, in document order. */
function markedNumbers(root: ParentNode): number[] {
  return [...root.querySelectorAll("[data-num], [data-nums]")].flatMap((e) =>
    (e.getAttribute("data-num") ?? e.getAttribute("data-nums")!)
      .split(" ")
      .map(Number)
  );
}

/** The numbers the read-out must show for a query, computed here. */
function expectedNumbers(id: string, query: string): number[] {
  const e = explorer(id);
  const html = e.readout(e.compute(settingsFromQuery(e, query)));
  const { document } = parseHTML(`<div>${html}</div>`);
  return markedNumbers(document as unknown as ParentNode);
}

/** The chart's rows as CSV for a query, computed here. */
function expectedCsv(id: string, query: string): string {
  const e = explorer(id);
  const chart = CHARTS.find((c) => c.name === e.chart)!;
  return toCsv(chart.data(e.compute(settingsFromQuery(e, query))));
}

/** Numbers agree to 12 digits (the same code, on another build of V8). */
function assertClose(actual: number[], expected: number[], what: string) {
  assertEquals(actual.length, expected.length, `${what}: how many numbers`);
  actual.forEach((x, i) => {
    const size = Math.max(Math.abs(x), Math.abs(expected[i]), 1e-300);
    assertLess(
      Math.abs(x - expected[i]) / size,
      1e-12,
      `${what}: number ${i}, ${x} ≠ ${expected[i]}`,
    );
  });
}

/** CSV texts agree cell by cell (numbers to 12 digits). */
function assertCsvClose(actual: string, expected: string, what: string) {
  const a = actual.trimEnd().split("\n").map((line) => line.split(","));
  const b = expected.trimEnd().split("\n").map((line) => line.split(","));
  assertEquals(a.length, b.length, `${what}: rows`);
  a.forEach((row, i) =>
    row.forEach((cell, j) => {
      const [x, y] = [Number(cell), Number(b[i][j])];
      if (Number.isFinite(x) && Number.isFinite(y) && cell !== "") {
        assertClose([x], [y], `${what}: row ${i}, column ${j}`);
      } else assertEquals(cell, b[i][j], `${what}: row ${i}, column ${j}`);
    })
  );
}

/** What the page shows now: read-out numbers, chart data, URL, drawing. */
async function shown(page: Loose, id: string) {
  return await page.evaluate((id: string) => {
    const form = document.querySelector(`form[data-explorer="${id}"]`)!;
    const figure = document.getElementById(
      `fig-${(form as HTMLElement).dataset.chart}`,
    )!;
    const readout = document.querySelector(`[data-readout="${id}"]`)!;
    const link = figure.querySelector("a.fig-data") as HTMLAnchorElement;
    const svg = figure.querySelector("svg[role=img]")!;
    return {
      search: location.search,
      numbers: [...readout.querySelectorAll("[data-num], [data-nums]")]
        .flatMap((e) =>
          (e.getAttribute("data-num") ?? e.getAttribute("data-nums")!)
            .split(" ")
            .map(Number)
        ),
      csvHref: link.href,
      svg: svg.outerHTML,
      alt: svg.getAttribute("aria-label"),
      cells: svg.querySelectorAll("rect").length,
    };
  }, id);
}

/** Wait until the chart has been redrawn for the settings of `query`. */
async function redrawn(page: Loose, id: string, query: string) {
  await page.waitForFunction(
    ([id, query]: string[]) => {
      const form = document.querySelector(`form[data-explorer="${id}"]`);
      const figure = document.getElementById(
        `fig-${(form as HTMLElement)?.dataset.chart}`,
      );
      return figure?.dataset.settings === query;
    },
    [id, query],
    { timeout: 5000 },
  );
}

/** The data link as CSV text (a `data:` URL once the chart is redrawn). */
function csvOf(href: string): string {
  const prefix = "data:text/csv;charset=utf-8,";
  assert(href.startsWith(prefix), `the data link is not redrawn: ${href}`);
  return decodeURIComponent(href.slice(prefix.length));
}

/** Check that the page shows exactly what the library computes for `query`. */
async function assertShows(page: Loose, id: string, query: string) {
  await redrawn(page, id, query);
  const now = await shown(page, id);
  assertEquals(now.search, query ? `?${query}` : "", `${id}: the URL`);
  assertClose(now.numbers, expectedNumbers(id, query), `${id} ${query}`);
  assertCsvClose(csvOf(now.csvHref), expectedCsv(id, query), `${id} ${query}`);
  const chart = CHARTS.find((c) => c.name === explorer(id).chart)!;
  assertEquals(now.alt, chart.alt, `${id}: the chart's accessible name`);
  return now;
}

/**
 * Check the BPTT paths diagram once redrawn for `query`: one lane per term
 * of the library's results, labelled with its (t, k), and the lanes' widths
 * in the order of the terms' norms.
 */
async function assertPathsFollow(page: Loose, query: string) {
  await page.waitForFunction(
    (query: string) =>
      document.getElementById("fig-bptt-terms-paths")?.dataset.settings ===
        query,
    query,
    { timeout: 5000 },
  );
  const e = explorer("bptt-terms");
  const rows = (e.compute(settingsFromQuery(e, query)) as {
    rows: { t: number; k: number; norm: number }[];
  }).rows;
  const lanes: { width: number; label: string | null }[] = await page
    .evaluate(() => {
      const svg = document.querySelector("#fig-bptt-terms-paths svg")!;
      const paths = [
        ...svg.querySelectorAll('g[stroke="var(--accent)"] path'),
      ];
      const labels = [...svg.querySelectorAll('g[text-anchor="end"] text')];
      return paths.map((path, i) => ({
        width: Number(path.getAttribute("stroke-width")),
        label: labels[i]?.textContent ?? null,
      }));
    });
  assertEquals(lanes.length, rows.length, `${query}: one lane per term`);
  const drawn = lanes.map((lane, i) => {
    // Lanes come in the order of the terms (t, then k), labelled when
    // there is room.
    const row = rows[i];
    if (lane.label !== null) assertEquals(lane.label, `${row.t},${row.k}`);
    return { ...row, width: lane.width };
  });
  const byNorm = drawn.sort((a, b) => a.norm - b.norm);
  for (let i = 1; i < byNorm.length; i++) {
    assert(
      byNorm[i].width >= byNorm[i - 1].width,
      `${query}: (${byNorm[i].t}, ${byNorm[i].k}) is larger than ` +
        `(${byNorm[i - 1].t}, ${byNorm[i - 1].k}) but thinner`,
    );
  }
  assertEquals(byNorm[0].width, 1, `${query}: the smallest term is 1 px`);
}

Deno.test("explorers in Chromium: controls redraw with the library's numbers, the URL keeps them, a reload restores them", async (t) => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
    });
    const { page, visit } = await tab(context);
    const hosts = new Set<string>();
    page.on("request", (request: Loose) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith("http")) hosts.add(url.host);
    });
    const problems: string[] = [];
    const go = async (path: string) =>
      problems.push(...await visit(base + path));

    await t.step(
      "matrix powers: eigenvalue mode, the angle, a reload, a preset, the reset",
      async () => {
        const id = "matrix-powers";
        await go("/explorers/matrix-powers/");
        const heard = () =>
          page.textContent('[data-announce="matrix-powers"]') as Promise<
            string
          >;
        assertEquals(await heard(), "", "announced before any change");
        const before = await shown(page, id);
        // Before any change: the numbers of the default setting, as built.
        assertClose(before.numbers, expectedNumbers(id, ""), "default");
        await page.selectOption("#matrix-powers-mode", "eigen");
        await assertShows(page, id, "mode=eigen");
        // A slider moved step by step: the numbers follow at once, screen
        // readers hear them once, when the slider rests.
        // What the select's change announces, once the controls rest.
        await page.waitForFunction(
          () =>
            document.querySelector('[data-announce="matrix-powers"]')!
              .textContent !== "",
          undefined,
          { timeout: 5000 },
        );
        const announced = await heard();
        await page.evaluate(() => {
          const slider = document.querySelector<HTMLInputElement>(
            "#matrix-powers-angle",
          )!;
          for (const angle of [1, 2, 3, 4, 5]) {
            slider.value = String(angle);
            slider.dispatchEvent(new Event("input", { bubbles: true }));
          }
        });
        assertEquals(
          await heard(),
          announced,
          "announced while the slider moves",
        );
        const after = await assertShows(page, id, "mode=eigen&angle=5");
        await page.waitForFunction(
          (announced: string) =>
            document.querySelector('[data-announce="matrix-powers"]')!
              .textContent !== announced,
          announced,
          { timeout: 5000 },
        );
        const readout = (await page.textContent(
          '[data-readout="matrix-powers"]',
        ))!.replace(/\s+/g, " ").trim();
        assertEquals(await heard(), readout, "what is announced");
        assert(after.svg !== before.svg, "the chart is redrawn");
        // The eigenvalue group shows, the entries' group hides.
        assert(await page.isVisible("#matrix-powers-l1"));
        assert(!(await page.isVisible("#matrix-powers-w11")));
        assertEquals(
          await page.textContent('output[for="matrix-powers-angle"]'),
          "5°",
        );
        assertEquals(await axeViolations(page), [], "axe after a change");
        // A reload of that URL restores the controls and the drawing.
        await page.reload({ waitUntil: "load" });
        const restored = await assertShows(page, id, "mode=eigen&angle=5");
        assertEquals(await page.inputValue("#matrix-powers-mode"), "eigen");
        assertEquals(await page.inputValue("#matrix-powers-angle"), "5");
        assertEquals(restored.numbers, after.numbers);
        // A typed matrix, by a preset: the Jordan block; then the entries.
        // The URL holds the entries only, not the eigenvalue mode's angle.
        await page.click('button:has-text("Jordan block")');
        await assertShows(page, id, "w11=1&w12=1&w21=0&w22=1");
        await page.fill("#matrix-powers-w22", "-0.5");
        await page.press("#matrix-powers-w22", "Tab");
        await assertShows(page, id, "w11=1&w12=1&w21=0&w22=-0.5");
        // Back to the default: the page's own URL again.
        await page.click("button[type=reset]");
        await assertShows(page, id, "");
        assertEquals(await page.inputValue("#matrix-powers-w11"), "0.58");
      },
    );

    await t.step(
      "gradient flow: the constant error carousel preset, tanh, a larger W, the GRU's bias",
      async () => {
        const id = "gradient-flow";
        await go("/explorers/gradient-flow/");
        await page.click('button:has-text("Constant error carousel")');
        await assertShows(page, id, "gates=fixed");
        const lstm = explorer(id).compute(
          settingsFromQuery(explorer(id), "gates=fixed"),
        ) as {
          rows: { network: string; norm: number }[];
        };
        assert(
          lstm.rows.filter((row) => row.network.startsWith("LSTM: ")).every((
            row,
          ) => row.norm === 1),
          "the carousel's norms are all 1",
        );
        await page.selectOption("#gradient-flow-activation", "tanh");
        await page.fill("#gradient-flow-rnnNorm", "3.5");
        await assertShows(page, id, "activation=tanh&rnnNorm=3.5&gates=fixed");
        // The GRU's line follows its update-gate bias.
        await page.fill("#gradient-flow-updateBias", "8");
        await assertShows(
          page,
          id,
          "activation=tanh&rnnNorm=3.5&gates=fixed&updateBias=8",
        );
        assertEquals(await axeViolations(page), [], "axe after a change");
      },
    );

    await t.step(
      "BPTT terms: a shorter sequence draws fewer cells; a bad URL is tamed",
      async () => {
        const id = "bptt-terms";
        await go("/explorers/bptt-terms/");
        await page.fill("#bptt-terms-T", "4");
        const now = await assertShows(page, id, "T=4");
        // (T + 1)(T + 2)/2 cells, plus the legend's swatches (outside the SVG).
        assertEquals(now.cells, 15);
        // The paths of the terms are drawn again, as wide as their norms.
        await assertPathsFollow(page, "T=4");
        await page.selectOption("#bptt-terms-activation", "tanh");
        await assertPathsFollow(page, "T=4&activation=tanh");
        // Garbage in the query: clamped or ignored, never an error.
        await go(
          "/explorers/bptt-terms/?T=99&activation=relu&wNorm=abc&seed=-4",
        );
        await assertShows(page, id, "seed=1");
        assertEquals(await page.inputValue("#bptt-terms-T"), "10");
        // Still fits a phone after a change.
        await page.setViewportSize({ width: 375, height: 740 });
        await page.fill("#bptt-terms-T", "7");
        await assertShows(page, id, "T=7&seed=1");
        await assertPathsFollow(page, "T=7&seed=1");
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: globalThis.innerWidth,
        }));
        assert(scrollWidth <= innerWidth, `${scrollWidth} px in ${innerWidth}`);
      },
    );

    assertEquals(problems, [], "console errors, failed requests, CSP reports");
    assertEquals([...hosts], [new URL(base).host], "requests to other hosts");
    await context.close();
  });
});

/** The visible chart of an explorer: its main SVG's box and its marks. */
async function visibleChart(page: Loose, id: string) {
  return await page.evaluate((id: string) => {
    const form = document.querySelector(`form[data-explorer="${id}"]`)!;
    const figure = document.getElementById(
      `fig-${(form as HTMLElement).dataset.chart}`,
    )!;
    const svg = [...figure.querySelectorAll("svg[role=img]")].find((svg) =>
      svg.getClientRects().length > 0
    )!;
    const box = svg.getBoundingClientRect();
    const dots = [...svg.querySelectorAll("circle")].map((circle) => {
      const r = circle.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    return {
      top: box.top,
      bottom: box.bottom,
      left: box.left,
      right: box.right,
      dots,
    };
  }, id);
}

Deno.test("explorers for a reader: the chart in view, the marker of n, the mode switch, brackets, no residue, a legend that reads", async (t) => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
    });
    const { page, visit } = await tab(context);
    const problems: string[] = [];
    const go = async (path: string) =>
      problems.push(...await visit(base + path));

    await t.step(
      "at 1280×900 the chart stays in view beside the controls while a slider moves",
      async () => {
        for (
          const [id, slider] of [
            ["matrix-powers", "#matrix-powers-n"],
            ["gradient-flow", "#gradient-flow-distance"],
            ["bptt-terms", "#bptt-terms-wNorm"],
          ]
        ) {
          await go(`/explorers/${id}/`);
          // The controls scrolled to the top of the window, then to its
          // bottom (as far as the page lets them): the slider and the chart
          // are both in view.
          for (const block of ["start", "end"]) {
            const sliderBox = await page.evaluate(
              ([selector, block]: string[]) => {
                const form = document.querySelector("form.explorer")!;
                form.scrollIntoView({
                  block: block as ScrollLogicalPosition,
                  behavior: "instant",
                });
                const box = document.querySelector(selector)!
                  .getBoundingClientRect();
                return { top: box.top, bottom: box.bottom };
              },
              [slider, block],
            );
            assert(
              sliderBox.top >= 0 && sliderBox.bottom <= 900,
              `${id}, controls at the ${block}: the slider at ${sliderBox.top} px`,
            );
            // Most of the chart is in view: what a slider changes is seen.
            const chart = await visibleChart(page, id);
            const seen = Math.min(chart.bottom, 900) - Math.max(chart.top, 0);
            assert(
              seen >= 0.75 * (chart.bottom - chart.top),
              `${id}, controls at the ${block}: chart from ${chart.top} to ${chart.bottom} px`,
            );
          }
        }
      },
    );

    await t.step(
      "matrix powers: the marker of n stays on the chart when n is past the horizon",
      async () => {
        await go("/explorers/matrix-powers/?n=150");
        await redrawn(page, "matrix-powers", "n=150");
        const chart = await visibleChart(page, "matrix-powers");
        assertEquals(chart.dots.length, 1, "one marker");
        const [dot] = chart.dots;
        assert(dot.x >= chart.left && dot.x <= chart.right, `x ${dot.x}`);
        assert(dot.y >= chart.top && dot.y <= chart.bottom, `y ${dot.y}`);
      },
    );

    await t.step(
      "matrix powers: switching how W is given keeps W, and the URL only what is shown",
      async () => {
        const id = "matrix-powers";
        await go("/explorers/matrix-powers/");
        for (const [name, value] of [["w11", "0.5"], ["w12", "0.2"]]) {
          await page.fill(`#matrix-powers-${name}`, value);
          await page.press(`#matrix-powers-${name}`, "Tab");
        }
        const typed = "w11=0.5&w12=0.2";
        await assertShows(page, id, typed);
        const radius = (await shown(page, id)).numbers;
        await page.selectOption("#matrix-powers-mode", "eigen");
        await page.waitForFunction(() =>
          location.search.includes("mode=eigen")
        );
        const search = await page.evaluate(() => location.search);
        assert(!/w1[12]=/.test(search), `entries left in the URL: ${search}`);
        // The eigenvalues of the typed W, not the defaults': the sliders
        // moved to them.
        const e = explorer(id);
        const carried = settingsFromQuery(e, search);
        const typedW = e.compute(settingsFromQuery(e, typed)) as {
          spectralRadius: number;
        };
        assertLess(
          Math.abs(Number(carried.l1) - typedW.spectralRadius),
          0.006,
          `λ₁ = ${carried.l1} for a W of spectral radius ${typedW.spectralRadius}`,
        );
        assertEquals(
          await page.inputValue("#matrix-powers-l1"),
          String(carried.l1),
        );
        // And back: the typed entries as typed.
        await page.selectOption("#matrix-powers-mode", "matrix");
        await assertShows(page, id, typed);
        assertEquals(await page.inputValue("#matrix-powers-w11"), "0.5");
        assertEquals((await shown(page, id)).numbers, radius);
      },
    );

    await t.step(
      "matrix powers: matrices in brackets, and a zero shown as 0",
      async () => {
        // The rotation by 90°, cubed: its zeros are rounding residues.
        const query = "w11=0&w12=-1&w21=1&w22=0&n=3";
        await go(`/explorers/matrix-powers/?${query}`);
        await redrawn(page, "matrix-powers", query);
        const matrices = await page.evaluate(() =>
          [...document.querySelectorAll("[data-readout] .matrix")].map(
            (m) => {
              const style = getComputedStyle(m);
              return {
                text: m.textContent,
                bars: style.borderLeftStyle !== "none" ||
                  style.borderRightStyle !== "none",
                brackets: style.backgroundImage.split("gradient").length - 1,
              };
            },
          )
        );
        assertEquals(matrices.length, 2, "W and W³");
        for (const matrix of matrices) {
          assertEquals(matrix.bars, false, "no determinant bars");
          assertEquals(matrix.brackets, 6, "two brackets of three strokes");
          assert(!/×|e-/.test(matrix.text ?? ""), `residue in ${matrix.text}`);
        }
      },
    );

    await t.step(
      "BPTT terms: the colour legend's ticks do not overlap for a wide range",
      async () => {
        const query = "T=4&activation=tanh&wNorm=6";
        for (const width of [1280, 375]) {
          await page.setViewportSize({ width, height: 900 });
          await go(`/explorers/bptt-terms/?${query}`);
          await redrawn(page, "bptt-terms", query);
          const ticks = await page.evaluate(() =>
            [...document.querySelectorAll("#fig-bptt-terms-heatmap svg")]
              .filter((svg) =>
                svg.getClientRects().length > 0 &&
                svg.getAttribute("role") !== "img"
              )
              .flatMap((svg) => [...svg.querySelectorAll("text")])
              .map((text) => {
                const r = text.getBoundingClientRect();
                return {
                  left: r.left,
                  right: r.right,
                  top: r.top,
                  bottom: r.bottom,
                  text: text.textContent,
                };
              })
              .filter((r) => r.right > r.left)
          );
          assert(ticks.length >= 3, `${width}: legend texts ${ticks.length}`);
          // No two texts of the legend share any pixel.
          for (const a of ticks) {
            for (const b of ticks) {
              if (a === b) continue;
              const apart = a.right <= b.left || b.right <= a.left ||
                a.bottom <= b.top || b.bottom <= a.top;
              assert(apart, `${width} px: "${a.text}" and "${b.text}" overlap`);
            }
          }
        }
      },
    );

    assertEquals(problems, [], "console errors, failed requests, CSP reports");
    await context.close();
  });
});

Deno.test("explorers without JavaScript: the static chart, the default numbers, and a word on the controls", async () => {
  const dir = await builtSite();
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on(
      "console",
      (m: Loose) => m.type() === "error" && problems.push(m.text()),
    );
    // A font still loading when the next page is opened is aborted: not a
    // fault of the page. A missing file answers 404, caught below.
    page.on("requestfailed", (r: Loose) => {
      const error = r.failure()?.errorText ?? "";
      if (error !== "net::ERR_ABORTED") problems.push(`${r.url()}: ${error}`);
    });
    page.on("response", (r: Loose) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    for (const e of EXPLORERS) {
      const url = `${base}/explorers/${e.id}/`;
      const response = await page.goto(url, { waitUntil: "load" });
      assertEquals(response.status(), 200);
      assert(await page.isVisible(".explorer-static"), `${e.id}: the note`);
      assert(
        await page.isDisabled(`#${e.id}-${Object.keys(defaultSettings(e))[0]}`),
        `${e.id}: controls off`,
      );
      const chart = CHARTS.find((c) => c.name === e.chart)!;
      const svg = page.locator(`#fig-${chart.name} svg[role=img]:visible`);
      // Its name, or the name of the drawing it refers to (the build writes
      // a chart's alt text once, on its first drawing).
      const labelledBy = await svg.getAttribute("aria-labelledby");
      assertEquals(
        labelledBy === null
          ? await svg.getAttribute("aria-label")
          : await page.locator(`#${labelledBy}`).getAttribute("aria-label"),
        chart.alt,
      );
      assert(await svg.isVisible(), `${e.id}: the static chart`);
      const html = await page.content();
      const { document } = parseHTML(html);
      const readout = document.querySelector(`[data-readout="${e.id}"]`)!;
      assertClose(
        markedNumbers(readout as unknown as ParentNode),
        expectedNumbers(e.id, ""),
        `${e.id} without JavaScript`,
      );
      // The script is there, for the browsers that run it; the page is
      // built from the same file the test built.
      assert(html.includes('src="/assets/explorers.js"'));
      assert(Deno.statSync(`${dir}/assets/explorers.js`).size > 0);
    }
    assertEquals(problems, []);
    await context.close();
  });
});

Deno.test("explorers on a Chinese page: the one bundle redraws in the page's words", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 900 },
    });
    const { page, visit } = await tab(context);
    const problems = await visit(`${base}/zh/explorers/gradient-flow/`);
    const query = "rnnNorm=3.5";
    await page.waitForSelector("form.is-live");
    await page.evaluate(() => {
      const slider = document.querySelector<HTMLInputElement>(
        "#gradient-flow-rnnNorm",
      )!;
      slider.value = "3.5";
      slider.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForFunction(
      (query: string) =>
        document.getElementById("fig-gradient-flow-norms")?.dataset
          .settings === query,
      query,
      { timeout: 10_000 },
    );
    // The read-out in Chinese, written here by the same code.
    const e = explorer("gradient-flow");
    const results = e.compute(settingsFromQuery(e, query));
    const written = parseHTML(
      `<div>${e.readout(results, explorerTranslator(e, "zh"))}</div>`,
    ).document;
    const text = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
    assertEquals(
      text(await page.textContent('[data-readout="gradient-flow"]')),
      text(written.querySelector("div")!.textContent),
      "the read-out",
    );
    // The chart redrawn in Chinese: its name, its legend, its rows.
    const chart = CHARTS.find((c) => c.name === e.chart)!;
    const rows = chart.data(results);
    assertEquals(
      await page.getAttribute(
        "#fig-gradient-flow-norms .figure-narrow svg[role=img]",
        "aria-label",
      ),
      chartText(chartWords(chart, "zh").alt, rows),
    );
    const legend = text(
      await page.textContent(
        "#fig-gradient-flow-norms .figure-narrow [class*='-swatches']",
      ),
    );
    assert(legend.includes("普通 RNN"), `legend: ${legend}`);
    assertEquals(
      await page.textContent("#fig-gradient-flow-norms .fig-rows"),
      `（共\u00a0${rows.length}\u00a0行）`,
    );
    assertEquals(await axeViolations(page), [], "axe after a change");
    assertEquals(problems, []);
    await context.close();
  });
});

Deno.test("the explorers' script is loaded by the explorer pages only, and carries no mathjs and no Node module", async () => {
  const dir = await builtSite();
  const script = await Deno.readTextFile(`${dir}/assets/explorers.js`);
  // Observable Plot, the library's RNN and LSTM and the explorers, minified;
  // mathjs (eigs, fractions, big numbers) would more than double it.
  assertLess(script.length, 350_000);
  assert(!script.includes("BigNumber"), "mathjs is in the bundle");
  assert(!/\bimport\s*[("{*]/.test(script), "the bundle imports something");
  // Nor asks for a module of Node's, which a browser stops at (an engine
  // module the bundle takes along, unused, once imported node:crypto).
  const node = /["']node:[\w/]+["']/.exec(script);
  assert(!node, `the bundle asks for ${node?.[0]}`);
  const loading: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory) continue;
    for await (const page of Deno.readDir(`${dir}/${entry.name}`)) {
      const file = `${dir}/${entry.name}/${page.name}/index.html`;
      const html = await Deno.readTextFile(file).catch(() => "");
      if (html.includes('src="/assets/explorers.js"')) {
        loading.push(`/${entry.name}/${page.name}/`);
      }
    }
  }
  assertEquals(
    loading.sort(),
    EXPLORERS.map((e) => `/explorers/${e.id}/`).sort(),
  );
});
