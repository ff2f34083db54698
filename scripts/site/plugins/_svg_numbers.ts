/**
 * The numbers of drawn SVG (charts and diagrams) written as short as a
 * pixel allows: which attributes hold coordinates and lengths, and how
 * their numbers are rounded.
 *
 * @module
 */

/**
 * The SVG attributes that hold coordinates and lengths. Not `stroke-width`:
 * the widths of the paths figure's lanes follow their terms to a hundredth.
 */
export const GEOMETRY: ReadonlySet<string> = new Set([
  "d",
  "transform",
  "points",
  "x",
  "y",
  "x1",
  "x2",
  "y1",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "dx",
  "dy",
  "width",
  "height",
]);

/**
 * A number to a tenth of a unit, written short (`14.00` → `14`, `-0.04` →
 * `0`): a tenth of a unit is below a pixel on any screen, as drawings are
 * drawn at most as wide as they are shown.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { shortNumber } from "./_svg_numbers.ts";
 * assertEquals([shortNumber(250.17407), shortNumber(-0.04), shortNumber(14)], ["250.2", "0", "14"]);
 * ```
 */
export function shortNumber(n: number): string {
  const rounded = Number(n.toFixed(1));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * Every number in an attribute's value rounded by {@link shortNumber}.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { roundNumbers } from "./_svg_numbers.ts";
 * assertEquals(roundNumbers("M60,250.17407L64.333,2e-7"), "M60,250.2L64.3,0");
 * assertEquals(roundNumbers("translate(4.00 269.75)"), "translate(4 269.8)");
 * ```
 */
export function roundNumbers(value: string): string {
  return value.replace(
    /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g,
    (number) => shortNumber(Number(number)),
  );
}
