/**
 * Snapshot tests of every chart of `scripts/charts/mod.ts`, in the style of
 * Observable Plot's own: each chart is drawn from its exercise's results on a
 * linkedom document, normalised (numbers to 3 decimals, generated ids
 * renamed in order), and compared with `tests/__snapshots__/<name>.svg`.
 * On a mismatch the new drawing is written beside it as
 * `<name>-changed.svg` (ignored by git) for a look, and the test fails; a
 * missing snapshot is written, and the test passes. To accept a change,
 * replace the snapshot with the `-changed` file.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { parseHTML } from "linkedom";
import { CHARTS } from "../../scripts/charts/mod.ts";
import { RESULT_SOURCES } from "../../scripts/results.ts";
import {
  type ChartLayout,
  LAYOUTS,
  NARROW,
  WIDE,
} from "../../scripts/charts/_layout.ts";

const SNAPSHOTS = new URL("../__snapshots__/", import.meta.url);

/**
 * Make a drawing comparable across runs and machines: numbers rounded to 3
 * decimals, ids (and the references to them) renamed in order of
 * appearance, one element per line.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  for (const [, id] of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.has(id)) ids.set(id, `id-${ids.size + 1}`);
  }
  let text = svg;
  for (const [id, name] of ids) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    text = text.replace(
      new RegExp(`(["(#])${escaped}(?=[")])`, "g"),
      `$1${name}`,
    );
  }
  return text
    .replace(/-?\d*\.\d+(?:e[-+]?\d+)?/g, (n) => {
      const fixed = Number(n).toFixed(3).replace(/\.?0+$/, "");
      return fixed === "-0" ? "0" : fixed;
    })
    .replace(/>\s*</g, ">\n<")
    .trim() + "\n";
}

const resultsCache = new Map<string, unknown>();
function resultsOf(id: string): unknown {
  if (!resultsCache.has(id)) {
    const exercise = RESULT_SOURCES.find((e) => e.id === id);
    if (!exercise) throw new Error(`no results "${id}" in RESULT_SOURCES`);
    resultsCache.set(id, JSON.parse(JSON.stringify(exercise.compute())));
  }
  return resultsCache.get(id);
}

function draw(name: string, layout: ChartLayout = WIDE): string {
  const spec = CHARTS.find((chart) => chart.name === name)!;
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const rows = spec.data(resultsOf(spec.exercise));
  return normalizeSvg(
    spec.plot(rows, document as unknown as Document, layout).outerHTML,
  );
}

Deno.test("normalizeSvg() rounds numbers and renames ids with their references", () => {
  assertEquals(
    normalizeSvg(
      '<svg><clipPath id="plot-clip-7"><rect x="1.23456"/></clipPath><g clip-path="url(#plot-clip-7)"/></svg>',
    ),
    '<svg>\n<clipPath id="id-1">\n<rect x="1.235"/>\n</clipPath>\n<g clip-path="url(#id-1)"/>\n</svg>\n',
  );
});

for (const { name: chart } of CHARTS) {
  for (const layout of LAYOUTS) {
    // The wide rendering's snapshot is `<chart>.svg`, the narrow one's
    // `<chart>-narrow.svg`.
    const name = layout.narrow ? `${chart}-narrow` : chart;
    Deno.test(`chart ${name} matches its snapshot`, async () => {
      const actual = draw(chart, layout);
      // The same drawing twice: nothing random, no counter leaking into it.
      assertEquals(draw(chart, layout), actual, "two drawings differ");
      const expectedUrl = new URL(`${name}.svg`, SNAPSHOTS);
      const changedUrl = new URL(`${name}-changed.svg`, SNAPSHOTS);
      let expected: string | undefined;
      try {
        expected = await Deno.readTextFile(expectedUrl);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      if (expected === undefined) {
        await Deno.mkdir(SNAPSHOTS, { recursive: true });
        await Deno.writeTextFile(expectedUrl, actual);
        console.warn(
          `wrote the missing snapshot tests/__snapshots__/${name}.svg`,
        );
        return;
      }
      if (actual === expected) {
        await Deno.remove(changedUrl).catch(() => {});
        return;
      }
      await Deno.writeTextFile(changedUrl, actual);
      throw new Error(
        `chart ${name} differs from tests/__snapshots__/${name}.svg: see ${name}-changed.svg beside it`,
      );
    });
  }
}

for (const { name } of CHARTS) {
  Deno.test(`chart ${name}: its narrow rendering is drawn for a phone`, () => {
    const widths = [
      ...draw(name, NARROW).matchAll(/<svg[^>]*\sviewBox="0 0 ([\d.]+) /g),
    ]
      .map((match) => Number(match[1]));
    assert(widths.length > 0, "no SVG with a viewBox");
    for (const width of widths) assert(width <= NARROW.width, `${width}`);
  });
}
