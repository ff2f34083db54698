/**
 * The two widths a chart is drawn for: `WIDE` for screens and print, `NARROW`
 * for phones. The page carries both and its stylesheet shows one (the
 * `.figure-wide` and `.figure-narrow` convention of `notes.css`), so that
 * the text of a chart is never scaled below 11 CSS pixels: a 640-unit chart
 * squeezed into a 343-pixel phone column would shrink its 12-pixel text to
 * 6 pixels.
 *
 * @module
 */

/** What a chart module is told about the space it is drawn for. */
export interface ChartLayout {
  /** Width of the SVG in its own units: CSS pixels when not scaled. */
  width: number;
  /** `true` for the phone rendering: fewer ticks, panels stacked, legend short. */
  narrow: boolean;
}

/** The rendering for screens wider than 40rem, and for print. */
export const WIDE: ChartLayout = { width: 640, narrow: false };

/**
 * The rendering for phones: 340 units, the column of a 375-pixel screen
 * (less its margins) drawn at scale 1 or a little below.
 */
export const NARROW: ChartLayout = { width: 340, narrow: true };

/**
 * The bottom margin of a chart with a label under its x axis. Plot leaves 30
 * units, enough for its own 10-pixel text; the site sets a chart's text at
 * 12 pixels (`notes.css`), and at 30 the label touched the tick labels above
 * it (the browser test of figures measures every glyph).
 */
export const X_AXIS_MARGIN = 36;

/**
 * Both renderings, wide first: what the build draws for every chart.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { LAYOUTS } from "./_layout.ts";
 * assertEquals(LAYOUTS.map((l) => l.narrow), [false, true]);
 * ```
 */
export const LAYOUTS: readonly ChartLayout[] = [WIDE, NARROW];

/**
 * The class of the rendering for `layout`, which the stylesheet shows at
 * its widths.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { layoutClass, NARROW } from "./_layout.ts";
 * assertEquals(layoutClass(NARROW), "figure-narrow");
 * ```
 */
export function layoutClass(layout: ChartLayout): string {
  return layout.narrow ? "figure-narrow" : "figure-wide";
}
