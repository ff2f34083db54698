/**
 * The shape of a chart module: one chart a file in `scripts/charts/`, drawn
 * by Observable Plot at build time from an exercise's results.
 *
 * @module
 */

import { plainSubscripts } from "./_subscripts.ts";
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
 * (`L_t` is `Lₜ`: a caption is plain text, not MathML).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { chartText } from "./types.ts";
 * assertEquals(chartText("Fixed.", []), "Fixed.");
 * assertEquals(chartText((rows) => `${rows.length} rows.`, [{ x: 1 }]), "1 rows.");
 * assertEquals(chartText("Lines join the terms of L_t.", []), "Lines join the terms of Lₜ.");
 * ```
 */
export function chartText(text: ChartText, rows: Row[]): string {
  return plainSubscripts(typeof text === "string" ? text : text(rows));
}

/** A chart drawn from one exercise's results. */
export interface ChartSpec {
  /** Unique name, used in pages (`{{ "name" |> chart }}`), file names and anchors. */
  name: string;
  /** The exercise id whose results feed it. */
  exercise: string;
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
  /** The rows behind the chart, taken from the exercise's results. */
  data(results: unknown): Row[];
  /**
   * Draw the chart with Observable Plot on the given (linkedom or browser)
   * document, for `layout` (`WIDE` when left out): the build draws every
   * chart twice, wide and narrow (`_layout.ts`).
   */
  plot(rows: Row[], document: Document, layout?: ChartLayout): Element;
}
