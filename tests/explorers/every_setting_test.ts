/**
 * Whatever a reader sets, an explorer answers: each control at its least and
 * its greatest value under every choice of the selects, every control at
 * once at either end, and seeded random settings, each computed, read out,
 * charted at both widths with its alt text, and its diagram drawn, as the
 * page does in the browser (`scripts/explorers/browser.ts`). Once, ‖W‖₂ = 10
 * with tanh froze the gradient-flow page: a norm in the subnormals gave its
 * log axis a domain from 0, and the search for a tick step never ended.
 *
 * @module
 */
import { assert } from "@std/assert";
import { parseHTML } from "linkedom";
import {
  type Control,
  controlsOf,
  defaultSettings,
  sanitizeSettings,
  type Settings,
  settingsToQuery,
} from "../../scripts/explorers/_controls.ts";
import { EXPLORERS } from "../../scripts/explorers/mod.ts";
import { CHARTS } from "../../scripts/charts/mod.ts";
import { chartText, chartWords } from "../../scripts/charts/types.ts";
import { LAYOUTS } from "../../scripts/charts/_layout.ts";
import { explorerDiagram as bpttTermsPaths } from "../../scripts/diagrams/bptt-paths.ts";
import {
  diagramDescription,
  diagramWords,
} from "../../scripts/diagrams/types.ts";
import { seededRandom } from "../../scripts/lib/random.ts";

const { document } = parseHTML("<!doctype html><html><body></body></html>");

/** The ends a reader can drag a control to, or every option of a select. */
function ends(control: Control): (string | number)[] {
  return control.kind === "select"
    ? control.options.map((option) => option.value)
    : [control.min, control.max];
}

/** The settings to try: see the module's comment. */
function settingsToTry(explorer: (typeof EXPLORERS)[number]): Settings[] {
  const defaults = defaultSettings(explorer);
  const controls = controlsOf(explorer);
  const selects = controls.filter((control) => control.kind === "select");
  const numbers = controls.filter((control) => control.kind !== "select");
  // Every combination of the selects' options.
  let choices: Settings[] = [{}];
  for (const select of selects) {
    choices = choices.flatMap((choice) =>
      ends(select).map((value) => ({ ...choice, [select.name]: value }))
    );
  }
  const tried: Settings[] = [];
  for (const choice of choices) {
    for (const control of numbers) {
      for (const end of ends(control)) {
        tried.push({ ...defaults, ...choice, [control.name]: end });
      }
    }
    for (const end of [0, 1]) {
      tried.push({
        ...defaults,
        ...choice,
        ...Object.fromEntries(numbers.map((c) => [c.name, ends(c)[end]])),
      });
    }
  }
  const rng = seededRandom(20261207);
  for (let i = 0; i < 20; i++) {
    tried.push(Object.fromEntries(controls.map((control) => {
      const values = ends(control);
      if (control.kind === "select") {
        return [
          control.name,
          values[Math.floor(rng.uniform() * values.length)],
        ];
      }
      return [control.name, rng.between(control.min, control.max)];
    })));
  }
  // As the page would have them: rounded to the step, clamped, and each once.
  const unique = new Map<string, Settings>();
  for (const settings of tried) {
    const valid = sanitizeSettings(explorer, settings);
    unique.set(settingsToQuery(explorer, valid), valid);
  }
  return [...unique.values()];
}

for (const explorer of EXPLORERS) {
  Deno.test(`${explorer.id}: every setting a reader can reach is computed, read out, charted and drawn`, () => {
    const chart = CHARTS.find((spec) => spec.name === explorer.chart);
    if (!chart) throw new Error(`no chart ${explorer.chart}`);
    const diagram = bpttTermsPaths.exercise === explorer.id
      ? bpttTermsPaths
      : undefined;
    const languages = ["en", ...Object.keys(explorer.words ?? {})];
    for (const settings of settingsToTry(explorer)) {
      const query = settingsToQuery(explorer, settings) || "(the defaults)";
      const results = explorer.compute(settings);
      assert(explorer.readout(results).length > 0, query);
      const rows = chart.data(results);
      for (const lang of languages) {
        const words = chartWords(chart, lang);
        assert(chartText(words.alt, rows).trim(), `${query}: no alt text`);
        for (const layout of LAYOUTS) {
          const drawing = chart.plot(rows, document, layout, words);
          assert(
            drawing.querySelector("svg") ?? drawing.localName === "svg",
            `${query}, ${lang}: no drawing`,
          );
        }
        if (diagram) {
          const dwords = diagramWords(diagram, lang);
          const drawing = diagram.draw(results, dwords).wide;
          if ("plot" in drawing) drawing.plot(document);
          assert(diagramDescription(dwords, results).trim(), query);
        }
      }
    }
  });
}
