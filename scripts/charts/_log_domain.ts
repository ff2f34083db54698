/**
 * The domain of a log scale for positive values, widened to whole decades
 * and never empty, so that a constant series (a rotation, the constant error
 * carousel) still gets an axis.
 *
 * @module
 */
import { logTickLabel } from "../lib/format.ts";

/**
 * `[10^⌊log₁₀ min⌋, 10^⌈log₁₀ max⌉]` of the positive values, at least one
 * decade wide; `[0.1, 10]` when there is none. A bound a double cannot hold
 * is the nearest one it can: a gradient that underflows passes through the
 * subnormals (5 × 10⁻³²⁴, whose decade 10⁻³²⁴ is 0), and a log scale from 0
 * has no ticks.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { logDomain } from "./_log_domain.ts";
 * assertEquals(logDomain([0.03, 0.9]), [0.01, 1]);
 * assertEquals(logDomain([1, 1]), [0.1, 10]);
 * assertEquals(logDomain([5e-324, 1]), [Number.MIN_VALUE, 1]);
 * assertEquals(logDomain([1, 1.5e308]), [1, Number.MAX_VALUE]);
 * ```
 */
export function logDomain(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [0.1, 10];
  let low = Math.floor(Math.log10(Math.min(...positive)));
  let high = Math.ceil(Math.log10(Math.max(...positive)));
  if (high - low < 1) {
    low -= 1;
    high += 1;
  }
  return [powerOfTen(low), powerOfTen(high)];
}

/** 10^`exponent`, within what a double holds (1e-324 is 0, 1e309 ∞). */
function powerOfTen(exponent: number): number {
  return Math.min(
    Math.max(Number(`1e${exponent}`), Number.MIN_VALUE),
    Number.MAX_VALUE,
  );
}

/**
 * Tick labels of a log axis, by the notes' rule for numbers
 * (`scripts/lib/format.ts`): powers of ten as `10ⁿ`, the ticks between them
 * unlabelled.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { logTick } from "./_log_domain.ts";
 * assertEquals([0.01, 0.02, 1, 1e40].map(logTick), ["10⁻²", "", "10⁰", "10⁴⁰"]);
 * ```
 */
export function logTick(x: number): string {
  return logTickLabel(x);
}

/**
 * The ticks of a log axis over `domain`: powers of ten only (the one tick
 * style of the site's log axes), every decade, or every second, fifth, … so
 * that there are at most `count`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { decadeTicks } from "./_log_domain.ts";
 * assertEquals(decadeTicks([0.01, 10], 8), [0.01, 0.1, 1, 10]);
 * assertEquals(decadeTicks([1e-70, 1], 4), [1e-60, 1e-40, 1e-20, 1]);
 * assertEquals(decadeTicks([Number.MIN_VALUE, 1], 5), [1e-300, 1e-200, 1e-100, 1]);
 * ```
 *
 * @throws {RangeError} for a domain with a bound that is not positive and
 * finite, or a `count` below 1: no ticks can satisfy them (once, a domain
 * from 0 made the search for a step run forever and froze the page).
 */
export function decadeTicks(domain: [number, number], count: number): number[] {
  if (!domain.every((bound) => bound > 0 && Number.isFinite(bound))) {
    throw new RangeError(
      `a log axis needs a positive, finite domain, not [${domain.join(", ")}]`,
    );
  }
  if (!(count >= 1)) {
    throw new RangeError(`a log axis needs room for a tick, not ${count}`);
  }
  const low = Math.ceil(Math.log10(Math.min(...domain)) - 1e-9);
  const high = Math.floor(Math.log10(Math.max(...domain)) + 1e-9);
  // Steps of 1, 2, 5, 10, 20, 50, … decades: ticks that read as round.
  const fits = (step: number) =>
    Math.floor(high / step) - Math.ceil(low / step) + 1 <= count;
  let step = 1;
  for (let i = 1; !fits(step); i++) {
    step = [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3);
  }
  const ticks: number[] = [];
  for (let e = Math.ceil(low / step) * step; e <= high; e += step) {
    ticks.push(Number(`1e${e}`));
  }
  return ticks;
}

/**
 * The options of a log axis for `values` (Plot's `type`, `domain`, `ticks`,
 * `tickFormat`): whole decades, ticked at powers of ten labelled `10ⁿ` (the
 * notes' rule for numbers), at most `count` ticks.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { logAxis } from "./_log_domain.ts";
 * const axis = logAxis([0.03, 0.9], 8);
 * assertEquals(axis.domain, [0.01, 1]);
 * assertEquals(axis.ticks.map(axis.tickFormat), ["10⁻²", "10⁻¹", "10⁰"]);
 * ```
 */
export function logAxis(
  values: number[],
  count: number,
): {
  type: "log";
  domain: [number, number];
  ticks: number[];
  tickFormat: (x: number) => string;
} {
  const domain = logDomain(values);
  return {
    type: "log",
    domain,
    ticks: decadeTicks(domain, count),
    tickFormat: logTickLabel,
  };
}
