/**
 * Snapshot tests of every chart of `scripts/charts/mod.ts`, in the style of
 * Observable Plot's own: each chart is drawn from its exercise's results on a
 * linkedom document, normalised (numbers to 3 decimals, generated ids
 * renamed in order), and compared with `tests/__snapshots__/<name>.svg`
 * (`tests/_snapshot.ts`: a mismatch fails and writes `<name>-changed.svg`;
 * a missing snapshot is written, except under CI, where it fails).
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { parseHTML } from "linkedom";
import { CHARTS } from "../../scripts/charts/mod.ts";
import { RESULT_SOURCES } from "../../scripts/results.ts";
import { assertSnapshot, normalizeSvg } from "../_snapshot.ts";
import {
  type ChartLayout,
  LAYOUTS,
  NARROW,
  WIDE,
} from "../../scripts/charts/_layout.ts";

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
      await assertSnapshot(name, actual, `chart ${name}`);
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
