/**
 * Issue #13's rule for figures: a number a reader sees in a chart's or a
 * diagram's title, caption or text alternative comes from the results.
 * A chart writes such numbers from its rows, so they change when the rows
 * do: each chart's texts are written from its rows and from its rows with
 * every number moved, two ways ({@link moved}), and a number written the
 * same every time must sit in one of the phrases the chart lists as `fixed` (the
 * exercise's setup, a constant of mathematics). A diagram's caption and alt
 * text are fixed words; its numbers of the results are in `describe`.
 * The same holds for each language's words (`words.zh`, …): a translation
 * writes its numbers from the rows too.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { CHARTS } from "../../scripts/charts/mod.ts";
import {
  chartText,
  type ChartWords,
  type Row,
} from "../../scripts/charts/types.ts";
import { plainSubscripts } from "../../scripts/charts/_subscripts.ts";
import { DIAGRAMS } from "../../scripts/diagrams/mod.ts";
import { RESULT_SOURCES } from "../../scripts/results.ts";

/**
 * The numbers written in a text: digits (with a decimal point or thin-space
 * groups, and a `× 10⁻⁵` exponent) and powers `10⁷²`; not the digits of a
 * name (`rnn-2c`, `L_0`, `h1`, a subscript spoken in an alt text, `h 0`,
 * also after Chinese punctuation, `、h 1`) or of a sub- or superscript
 * (`‖W‖₂`).
 */
export function numbersIn(text: string): string[] {
  return [
    ...text.matchAll(
      /(?<![\p{L}\d])10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<![\p{L}_\-\d.,\u202f])(?<!(?:^|[\s(,、，；：（])[\p{Script=Latin}\p{Script=Greek}]\p{M}?\s)\d+(?:[.,\u202f]\d+)*(?:\s*×\s*10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?/gu,
    ),
  ].map((match) => match[0]);
}

Deno.test("numbersIn() reads numbers, not names or indices", () => {
  assertEquals(
    numbersIn(
      "about 37 orders, 1.5 and 5, 2 × 10⁻³, 10⁷², 4\u202f000, at 1; rnn-2c, L_0, ‖W‖₂, h1, C̃ 1, h 0",
    ),
    ["37", "1.5", "5", "2 × 10⁻³", "10⁷²", "4\u202f000", "1"],
  );
  assertEquals(numbersIn("h 0、h 1，共 5 项，为 0.83"), ["5", "0.83"]);
});

/** `text` with the listed phrases taken out (each must be in it). */
function withoutFixed(text: string, fixed: string[], name: string): string {
  for (const listed of fixed) {
    // A chart's texts are written with Unicode subscripts (`C_t` as `Cₜ`).
    const phrase = text.includes(listed) ? listed : plainSubscripts(listed);
    assert(
      text.includes(phrase),
      `${name}: the fixed phrase "${phrase}" is not in its texts (stale?)`,
    );
    text = text.split(phrase).join(" ");
  }
  return text;
}

/**
 * The rows with every number moved, x ↦ a·|x|^p + b keeping its sign:
 * values, ranges, ratios and orders of magnitude all change.
 */
function moved(rows: Row[], a: number, p: number, b: number): Row[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === "number" && Number.isFinite(value)
          ? Math.sign(value) * a * Math.abs(value) ** p + b
          : value,
      ]),
    )
  );
}

const results = new Map<string, unknown>();
function resultsOf(id: string): unknown {
  if (!results.has(id)) {
    const source = RESULT_SOURCES.find((e) => e.id === id);
    if (!source) throw new Error(`no results "${id}" in RESULT_SOURCES`);
    results.set(id, JSON.parse(JSON.stringify(source.compute())));
  }
  return results.get(id);
}

/**
 * A Chinese text with a space between a Han character and a digit, as the
 * notes write it ("为 0.83"), so that `numbersIn` reads the number even
 * where a translation left the space out.
 */
function spaced(text: string): string {
  return text.replace(/(\p{Script=Han}|[，。：；（）、])(\d)/gu, "$1 $2");
}

/** Every chart in every language it has words for. */
const chartLanguages = CHARTS.flatMap((chart) => [
  { chart, lang: "en", words: chart as ChartWords },
  ...Object.entries(chart.words ?? {}).map(([lang, words]) => ({
    chart,
    lang,
    words,
  })),
]);

Deno.test("every chart has its words in Chinese", () => {
  assertEquals(
    CHARTS.filter((chart) => !chart.words?.zh).map((chart) => chart.name),
    [],
  );
});

for (const { chart, lang, words } of chartLanguages) {
  Deno.test(`chart ${chart.name} (${lang}): every number of its texts comes from its rows or is a fixed phrase`, () => {
    const texts = (rows: Row[]) =>
      spaced(
        [
          words.title,
          chartText(words.caption, rows),
          chartText(words.alt, rows),
        ]
          .join("\n"),
      );
    const rows = chart.data(resultsOf(chart.exercise));
    const fixed = words.fixed ?? [];
    const shown = numbersIn(withoutFixed(texts(rows), fixed, chart.name));
    const numbersFrom = (rows: Row[]) =>
      numbersIn(
        texts(rows).split("\n").map((text) =>
          fixed.reduce((rest, phrase) => rest.split(phrase).join(" "), text)
        ).join("\n"),
      );
    // Two ways of moving, so that a number does not stay by chance.
    const others = [
      numbersFrom(moved(rows, 1.7, 1.3, 0.3)),
      numbersFrom(moved(rows, 0.6, 0.8, 0.05)),
    ];
    const count = (list: string[], number: string) =>
      list.filter((x) => x === number).length;
    // A number written the same from other rows was not written from them.
    const same = shown.filter((number) =>
      others.every((other) => count(other, number) >= count(shown, number))
    );
    assertEquals(
      [...new Set(same)],
      [],
      `${chart.name}: numbers not written from the rows (list them in fixed if they are the exercise's setup)`,
    );
  });
}

for (const diagram of DIAGRAMS) {
  const languages = [
    ["en", diagram] as const,
    ...Object.entries(diagram.words ?? {}),
  ];
  for (const [lang, words] of languages) {
    Deno.test(`diagram ${diagram.name} (${lang}): its title, caption and alt text hold no number but fixed phrases`, () => {
      const text = withoutFixed(
        spaced([words.title, words.caption, words.alt].join("\n")),
        words.fixed ?? [],
        diagram.name,
      );
      assertEquals(numbersIn(text), [], `${diagram.name} (${lang})`);
    });
  }
}

Deno.test("every diagram has its words in Chinese", () => {
  assertEquals(
    DIAGRAMS.filter((diagram) => !diagram.words?.zh).map((d) => d.name),
    [],
  );
});
