/**
 * The shape of a chart module: one chart a file in `scripts/charts/`, drawn
 * by Observable Plot at build time from an exercise's results.
 *
 * @module
 */

import type { ChartLayout } from "./_layout.ts";

export type { ChartLayout };

/** A flat record of chart data: one row of the CSV behind the chart. */
export type Row = Record<string, number | string | boolean | null>;

/** A chart drawn from one exercise's results. */
export interface ChartSpec {
  /** Unique name, used in pages (`{{ "name" |> chart }}`), file names and anchors. */
  name: string;
  /** The exercise id whose results feed it. */
  exercise: string;
  /** Short title, shown above the chart. */
  title: string;
  /** The caption: what the chart shows and what to notice. */
  caption: string;
  /** Text alternative for readers who cannot see the chart: the finding, not the pixels. */
  alt: string;
  /** The rows behind the chart, taken from the exercise's results. */
  data(results: unknown): Row[];
  /**
   * Draw the chart with Observable Plot on the given (linkedom or browser)
   * document, for `layout` (`WIDE` when left out): the build draws every
   * chart twice, wide and narrow (`_layout.ts`).
   */
  plot(rows: Row[], document: Document, layout?: ChartLayout): Element;
}
