/**
 * Numbers for the words of a chart's caption and text alternative, taken
 * from its rows: a value as the notes show it to two digits, an order of
 * magnitude, the rows of one line.
 *
 * @module
 */
import { formatNumberText } from "../lib/format.ts";
import type { Row } from "./types.ts";

/**
 * A value to two significant digits, by the notes' rule for numbers.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { about } from "./_words.ts";
 * assertEquals(about(51.174), "51");
 * assertEquals(about(0.0024665), "0.0025");
 * ```
 */
export function about(x: number): string {
  return formatNumberText(x, 2);
}

/**
 * How many orders of magnitude lie between two positive values, rounded.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { ordersBetween } from "./_words.ts";
 * assertEquals(ordersBetween(1, 3.2e-72), 71);
 * ```
 */
export function ordersBetween(a: number, b: number): number {
  return Math.round(Math.abs(Math.log10(a / b)));
}

/**
 * The rows whose field `key` starts with `start`, in order of `x`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { lineOf } from "./_words.ts";
 * const rows = [{ m: "a", t: 1, y: 2 }, { m: "b", t: 0, y: 3 }, { m: "a", t: 0, y: 4 }];
 * assertEquals(lineOf(rows, "m", "a", "t").map((r) => r.y), [4, 2]);
 * ```
 */
export function lineOf(
  rows: Row[],
  key: string,
  start: string,
  x: string,
): Row[] {
  return rows.filter((row) => String(row[key]).startsWith(start))
    .sort((a, b) => Number(a[x]) - Number(b[x]));
}
