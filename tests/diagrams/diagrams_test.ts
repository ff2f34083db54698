/**
 * Snapshot tests of every diagram of `scripts/diagrams/mod.ts`, like the
 * charts' (`tests/_snapshot.ts`): each rendering is drawn from its results
 * as the build draws it (Graphviz's SVG tidied, or the hand-placed drawing,
 * labelled), normalised and compared with `tests/__snapshots__/<name>.svg`
 * (`<name>-narrow.svg` for the phone rendering). Besides, what every diagram
 * must be: an image with a title and a description, no fixed colour, text
 * that stays at 11 CSS px or more in the 343 px column of a 375 px phone.
 *
 * @module
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { DIAGRAMS } from "../../scripts/diagrams/mod.ts";
import {
  drawDiagram,
  type DrawnDiagram,
} from "../../scripts/site/plugins/diagrams.ts";
import { RESULT_SOURCES } from "../../scripts/results.ts";
import { tidyGraphvizSvg } from "../../scripts/diagrams/_svg.ts";
import { assertSnapshot, normalizeSvg } from "../_snapshot.ts";

/** The width of the text column on a 375 px phone (1 rem of padding each side). */
const PHONE_COLUMN = 343;
/** The smallest text a reader should meet, in CSS px. */
const MIN_TEXT = 11;

const resultsCache = new Map<string, unknown>();
function resultsOf(id: string): unknown {
  if (!resultsCache.has(id)) {
    const source = RESULT_SOURCES.find((e) => e.id === id);
    if (!source) throw new Error(`no results "${id}" in RESULT_SOURCES`);
    resultsCache.set(id, JSON.parse(JSON.stringify(source.compute())));
  }
  return resultsCache.get(id);
}

const drawings = new Map<string, Promise<DrawnDiagram>>();
function drawn(name: string): Promise<DrawnDiagram> {
  if (!drawings.has(name)) {
    const spec = DIAGRAMS.find((diagram) => diagram.name === name)!;
    drawings.set(name, drawDiagram(spec, resultsOf(spec.exercise)));
  }
  return drawings.get(name)!;
}

/** The font sizes of the text of an SVG, with the root's for text without. */
function fontSizes(svg: string): number[] {
  const root = Number(/<svg[^>]*\sfont-size="([\d.]+)"/.exec(svg)?.[1] ?? 16);
  return [...svg.matchAll(/<text\b([^>]*)>/g)].map(([, attributes]) =>
    Number(/font-size="([\d.]+)"/.exec(attributes)?.[1] ?? root)
  );
}

function widthOf(svg: string): number {
  return Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
}

Deno.test("diagram names are unique", () => {
  const names = DIAGRAMS.map((diagram) => diagram.name);
  assertEquals(new Set(names).size, names.length);
});

Deno.test("tidyGraphvizSvg() refuses a fixed colour", () => {
  let message = "";
  try {
    tidyGraphvizSvg('<svg viewBox="0 0 1 1"><path stroke="#ff0000"/></svg>');
  } catch (error) {
    message = (error as Error).message;
  }
  assert(message.includes('fixed colour "#ff0000"'), message);
});

Deno.test("assertSnapshot() fails on a missing snapshot under CI and writes none", async () => {
  const name = "no-such-diagram-snapshot";
  const url = new URL(`../__snapshots__/${name}.svg`, import.meta.url);
  const changed = new URL(
    `../__snapshots__/${name}-changed.svg`,
    import.meta.url,
  );
  try {
    await assertRejects(
      () => assertSnapshot(name, "<svg/>\n", "diagram x", true),
      Error,
      "has no snapshot",
    );
    await assertRejects(() => Deno.stat(url), Deno.errors.NotFound);
  } finally {
    await Deno.remove(changed).catch(() => {});
    await Deno.remove(url).catch(() => {});
  }
});

for (const { name } of DIAGRAMS) {
  Deno.test(`diagram ${name} matches its snapshots`, async () => {
    const spec = DIAGRAMS.find((diagram) => diagram.name === name)!;
    const first = await drawn(name);
    // The same drawing twice: nothing random, no counter leaking into it.
    assertEquals(
      await drawDiagram(spec, resultsOf(spec.exercise)),
      first,
      "two drawings differ",
    );
    await assertSnapshot(name, normalizeSvg(first.wide), `diagram ${name}`);
    if (first.narrow !== undefined) {
      await assertSnapshot(
        `${name}-narrow`,
        normalizeSvg(first.narrow),
        `diagram ${name} (narrow)`,
      );
    }
  });

  Deno.test(`diagram ${name} is an image with a title and a description`, async () => {
    const spec = DIAGRAMS.find((diagram) => diagram.name === name)!;
    const { wide, narrow } = await drawn(name);
    for (const svg of [wide, narrow].filter((s) => s !== undefined)) {
      assert(/^<svg[^>]*\srole="img"/.test(svg), "role=img on the <svg>");
      assert(svg.includes(`<title>${spec.title}</title>`), "its <title>");
      assert(/<desc>[^<]{40,}<\/desc>/.test(svg), "a <desc> in words");
      // Colours follow the theme: no hex, rgb() or named colour but none.
      for (
        const [, attribute, value] of svg.matchAll(
          /\s(fill|stroke|color)="([^"]*)"/g,
        )
      ) {
        assert(
          value === "none" || value === "currentColor" ||
            /^var\(--[\w-]+\)$/.test(value),
          `${attribute}="${value}" is a fixed colour`,
        );
      }
      assert(!/\sid="/.test(svg), "no ids (two renderings share a page)");
    }
  });

  Deno.test(`diagram ${name} keeps its text at ${MIN_TEXT} px or more on a phone`, async () => {
    const spec = DIAGRAMS.find((diagram) => diagram.name === name)!;
    const { wide, narrow } = await drawn(name);
    if (spec.scroll) {
      // Not shrunk: it scrolls sideways instead.
      assert(Math.min(...fontSizes(wide)) >= MIN_TEXT);
      return;
    }
    const checks: [string, string, number][] = [[
      narrow === undefined ? "its only rendering" : "the narrow rendering",
      narrow ?? wide,
      PHONE_COLUMN,
    ]];
    // The wide rendering, when there is a narrow one, shows from 40rem up:
    // in a column of at least 640 px less the padding (590 px).
    if (narrow !== undefined) checks.push(["the wide rendering", wide, 590]);
    for (const [which, svg, column] of checks) {
      const scale = Math.min(1, column / widthOf(svg));
      const smallest = Math.min(...fontSizes(svg)) * scale;
      assert(
        smallest >= MIN_TEXT,
        `${which}, ${widthOf(svg)} px wide, shrinks its smallest text to ${
          smallest.toFixed(1)
        } px in a ${column} px column`,
      );
    }
  });
}

Deno.test("figure rnn-2a-paths: each term's stroke width follows its norm, in order", async () => {
  const results = resultsOf("rnn-2a") as {
    T: number;
    terms: { t: number; k: number; norm: number }[];
  };
  const { wide } = await drawn("rnn-2a-paths");
  // The lanes, in the order drawn, with the label written at each start.
  const lanes =
    /<g[^>]*stroke="var\(--accent\)"[^>]*>(.*?)<\/g>/.exec(wide)![1];
  const widths = [...lanes.matchAll(/stroke-width="([\d.]+)"/g)].map((m) =>
    Number(m[1])
  );
  const labels = [...wide.matchAll(/<text[^>]*>(\d+),(\d+)<\/text>/g)].map((
    m,
  ) => [Number(m[1]), Number(m[2])]);
  assertEquals(widths.length, 10, "ten lanes");
  assertEquals(labels.length, 10, "ten labels t,k");
  // Every term of the results is drawn once, labelled with its (t, k).
  const drawnTerms = labels.map(([t, k], i) => {
    const term = results.terms.find((term) => term.t === t && term.k === k);
    assert(term, `a lane labelled ${t},${k} that is no term`);
    return { t, k, norm: term!.norm, width: widths[i] };
  });
  assertEquals(
    new Set(drawnTerms.map(({ t, k }) => `${t},${k}`)).size,
    results.terms.length,
  );
  // Larger norm, wider line: sorted by norm, the widths never fall, and
  // rise wherever the norm does by more than a rounding of the width.
  const byNorm = [...drawnTerms].sort((a, b) => a.norm - b.norm);
  for (let i = 1; i < byNorm.length; i++) {
    const [a, b] = [byNorm[i - 1], byNorm[i]];
    assert(
      b.width >= a.width,
      `(${b.t}, ${b.k}) with norm ${b.norm} is thinner than (${a.t}, ${a.k}) with ${a.norm}`,
    );
    if (b.norm > a.norm * 1.01) assert(b.width > a.width);
  }
  assertEquals(byNorm[0].width, 1, "the smallest term is 1 px");
  assertEquals(byNorm.at(-1)!.width, 6, "the largest is 6 px");
  // The ratio of widths above 1 px is that of the logarithms of the norms:
  // a term a decade above another is the same number of px wider anywhere.
  const decades = Math.log10(byNorm.at(-1)!.norm / byNorm[0].norm);
  for (const term of drawnTerms) {
    const expected = 1 + 5 * Math.log10(term.norm / byNorm[0].norm) / decades;
    assert(
      Math.abs(term.width - expected) < 0.01,
      `width of (${term.t}, ${term.k})`,
    );
  }
});
