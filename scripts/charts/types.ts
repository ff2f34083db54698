/**
 * The shape of a chart module: one chart a file in `scripts/charts/`, drawn
 * by Observable Plot at build time from an exercise's results.
 *
 * @module
 */

import { plainPrimes, plainSubscripts } from "./_subscripts.ts";
import type { ChartLayout } from "./_layout.ts";

export type { ChartLayout };

/** A flat record of chart data: one row of the CSV behind the chart. */
export type Row = Record<string, number | string | boolean | null>;

/**
 * A caption or a text alternative: fixed words, or words written from the
 * chart's rows, so that every number a reader sees in them comes from the
 * results.
 */
export type ChartText = string | ((rows: Row[]) => string);

/**
 * The text for these rows, its subscripts written as Unicode subscripts
 * (`L_t` is `Lₜ`: a caption is plain text, not MathML) and its primes as
 * primes (`σ'` is `σ′`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { chartText } from "./types.ts";
 * assertEquals(chartText("Fixed.", []), "Fixed.");
 * assertEquals(chartText((rows) => `${rows.length} rows.`, [{ x: 1 }]), "1 rows.");
 * assertEquals(chartText("Lines join the terms of L_t.", []), "Lines join the terms of Lₜ.");
 * assertEquals(chartText("with σ' ≤ 1/4", []), "with σ′ ≤ 1/4");
 * ```
 */
export function chartText(text: ChartText, rows: Row[]): string {
  return plainPrimes(
    plainSubscripts(typeof text === "string" ? text : text(rows)),
  );
}

/**
 * A chart's words in one language: what the page writes around it (title,
 * caption, alt text) and what is drawn in it (axis labels, legend names).
 */
export interface ChartWords {
  /** Short title, shown above the chart. */
  title: string;
  /** The caption: what the chart shows and what to notice. */
  caption: ChartText;
  /** Text alternative for readers who cannot see the chart: the finding, not the pixels. */
  alt: ChartText;
  /**
   * The phrases of the title, caption and alt text that hold a number not
   * taken from the rows: the exercise's setup (`T = 3`), a constant of
   * mathematics (`at most 1/4`). Every other number in them must be
   * written from the rows (tests/charts/caption_numbers_test.ts).
   */
  fixed?: string[];
  /**
   * The words drawn in the chart (axis labels, legend names, the values of
   * the rows a legend shows), keyed by their English: the chart draws
   * `labels[english] ?? english` ({@link translator}). English needs none.
   */
  labels?: Record<string, string>;
}

/** A chart drawn from one exercise's results; its own words are English. */
export interface ChartSpec extends ChartWords {
  /** Unique name, used in pages (`{{ "name" |> chart }}`), file names and anchors. */
  name: string;
  /** The exercise id whose results feed it. */
  exercise: string;
  /**
   * The chart's words in other languages, by language code (`zh`): one
   * table a language. A page in a language left out gets the English.
   */
  words?: Record<string, ChartWords>;
  /** The rows behind the chart, taken from the exercise's results. */
  data(results: unknown): Row[];
  /**
   * Draw the chart with Observable Plot on the given (linkedom or browser)
   * document, for `layout` (`WIDE` when left out) and in the language of
   * `words` (the chart's own, English, when left out): the build draws
   * every chart twice, wide and narrow (`_layout.ts`), per language.
   */
  plot(
    rows: Row[],
    document: Document,
    layout?: ChartLayout,
    words?: ChartWords,
  ): Element;
}

/**
 * The words of `chart` in `lang`: its table for that language, or its
 * English when it has none.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { chartWords, type ChartSpec } from "./types.ts";
 * const chart = {
 *   title: "Norms", caption: "", alt: "",
 *   words: { zh: { title: "范数", caption: "", alt: "" } },
 * } as unknown as ChartSpec;
 * assertEquals(chartWords(chart, "zh").title, "范数");
 * assertEquals(chartWords(chart, "fr").title, "Norms");
 * ```
 */
export function chartWords(chart: ChartSpec, lang = "en"): ChartWords {
  return chart.words?.[lang] ?? chart;
}

/**
 * The function a chart draws its words with: the text in the language of
 * `words`, the English itself where the table has no entry.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { translator } from "./types.ts";
 * const t = translator({ title: "", caption: "", alt: "", labels: { "power n": "幂次 n" } });
 * assertEquals(t("power n"), "幂次 n");
 * assertEquals(t("other"), "other");
 * ```
 */
export function translator(words: ChartWords): (english: unknown) => string {
  return (english) => {
    const text = String(english);
    return words.labels?.[text] ?? text;
  };
}
