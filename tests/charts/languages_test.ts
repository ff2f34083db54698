/**
 * The figures in Chinese: every chart and diagram drawn with its `zh` words
 * draws no English word but the names the notes keep (sigmoid, LSTM, …),
 * and no text of it (title, caption, alt text, description, what is drawn)
 * uses a variant of a term that the glossary (`content/_data/glossary.yml`)
 * says to avoid. The English renderings are the snapshots of
 * `charts_test.ts` and `diagrams_test.ts`, unchanged by the languages.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { parse } from "@std/yaml";
import { parseHTML } from "linkedom";
import { CHARTS } from "../../scripts/charts/mod.ts";
import { chartText, chartWords } from "../../scripts/charts/types.ts";
import { DIAGRAMS } from "../../scripts/diagrams/mod.ts";
import {
  diagramDescription,
  diagramWords,
} from "../../scripts/diagrams/types.ts";
import { drawRenderings } from "../../scripts/site/plugins/charts.ts";
import { drawDiagram } from "../../scripts/site/plugins/diagrams.ts";
import { RESULT_SOURCES } from "../../scripts/results.ts";

/** Latin words a Chinese figure keeps: names of functions, networks, units. */
const KEPT = new Set([
  "sigmoid",
  "tanh",
  "ReLU",
  "RNN",
  "LSTM",
  "GRU",
  "BPTT",
  "PCA",
  "CSV",
  "softmax",
  "diag",
  "span",
  "col",
  "rad",
  "max",
  "act",
  "rec",
  "log",
]);

/** The Latin words of `text` (three letters or more) a Chinese figure should not have. */
function englishWords(text: string): string[] {
  // Exercise ids (`rnn-2c`) are names too.
  const names = text.replace(/\b[a-z]+\d*-\d[\w-]*/g, " ");
  return [...new Set(names.match(/[A-Za-z]{3,}/g) ?? [])]
    .filter((word) => !KEPT.has(word));
}

Deno.test("englishWords() finds the words left in English, not the kept names", () => {
  assertEquals(
    englishWords("普通 RNN（sigmoid）：power n, W_rec, rnn-2c 的 W"),
    ["power"],
  );
});

/** Every variant the glossary says to avoid, with the term to use. */
const AVOID: { avoid: string; zh: string }[] = (parse(
  await Deno.readTextFile(
    new URL("../../content/_data/glossary.yml", import.meta.url),
  ),
) as { zh: string; avoid?: string[] }[]).flatMap((term) =>
  (term.avoid ?? []).map((avoid) => ({ avoid, zh: term.zh }))
);

/** The avoided variants `text` uses, as "variant (use term)". */
function avoided(text: string): string[] {
  return AVOID.filter(({ avoid }) => text.includes(avoid))
    .map(({ avoid, zh }) => `${avoid} (use ${zh})`);
}

Deno.test("avoided() names an avoided variant and the term to use", () => {
  assertEquals(avoided("隐藏状态与细胞状态"), ["隐藏状态 (use 隐状态)"]);
});

const results = new Map<string, unknown>();
function resultsOf(id: string): unknown {
  if (!results.has(id)) {
    const source = RESULT_SOURCES.find((e) => e.id === id);
    if (!source) throw new Error(`no results "${id}" in RESULT_SOURCES`);
    results.set(id, JSON.parse(JSON.stringify(source.compute())));
  }
  return results.get(id);
}

/** The text drawn in an SVG (its `<text>`s and a legend's labels). */
function drawnText(markup: string): string {
  const { document } = parseHTML(`<div>${markup}</div>`);
  // Plot's legend swatches are HTML beside the SVG; the SVG's own title
  // and desc are the alt text, checked with it.
  for (const node of document.querySelectorAll("title, desc, style")) {
    node.remove();
  }
  // Each text apart: "W" "hh" must not read as one word "Whh". A text
  // placed at a list of positions is one letter a position (the diagrams
  // write their single-letter labels so).
  const texts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? "";
      const x = (node.parentNode as Element | null)?.getAttribute?.("x");
      const placed = x?.trim().split(/[\s,]+/).length ?? 1;
      texts.push(...(placed > 1 ? [...text] : [text]));
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(document.querySelector("div")!);
  return texts.join(" ");
}

for (const chart of CHARTS) {
  Deno.test(`chart ${chart.name} in Chinese: no English word drawn, no avoided term`, async () => {
    const rows = chart.data(resultsOf(chart.exercise));
    const words = chartWords(chart, "zh");
    const drawn = drawnText(await drawRenderings(chart, rows, words));
    assertEquals(englishWords(drawn), [], `${chart.name}: drawn in English`);
    const texts = [
      words.title,
      chartText(words.caption, rows),
      chartText(words.alt, rows),
      drawn,
    ].join("\n");
    assertEquals(avoided(texts), [], chart.name);
  });
}

for (const diagram of DIAGRAMS) {
  Deno.test(`diagram ${diagram.name} in Chinese: no English word drawn, no avoided term`, async () => {
    const data = resultsOf(diagram.exercise);
    const words = diagramWords(diagram, "zh");
    const svg = await drawDiagram(diagram, data, "zh");
    const drawn = drawnText(svg.wide + (svg.narrow ?? ""));
    assertEquals(englishWords(drawn), [], `${diagram.name}: drawn in English`);
    const description = diagramDescription(words, data);
    const texts = [words.title, words.caption, description, drawn].join("\n");
    assertEquals(avoided(texts), [], diagram.name);
    // The description speaks Chinese too (symbols spoken, as `h minus 1`,
    // aside).
    assertEquals(
      englishWords(description).filter((word) =>
        !["minus", "tilde", "hat", "theta", "times"].includes(word)
      ),
      [],
      `${diagram.name}: described in English`,
    );
  });
}
