/**
 * The domain of a log scale for positive values, widened to whole decades
 * and never empty, so that a constant series (a rotation, the constant error
 * carousel) still gets an axis.
 *
 * @module
 */

/**
 * `[10^⌊log₁₀ min⌋, 10^⌈log₁₀ max⌉]` of the positive values, at least one
 * decade wide; `[0.1, 10]` when there is none.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { logDomain } from "./_log_domain.ts";
 * assertEquals(logDomain([0.03, 0.9]), [0.01, 1]);
 * assertEquals(logDomain([1, 1]), [0.1, 10]);
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
  return [Number(`1e${low}`), Number(`1e${high}`)];
}

/**
 * Tick labels of a log axis: plain decimals from 0.001 to 9999, one digit and
 * a power of ten (`2e-5`, `1e40`) outside.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { logTick } from "./_log_domain.ts";
 * assertEquals([0.02, 1, 5e-7, 1e40].map(logTick), ["0.02", "1", "5e-7", "1e40"]);
 * ```
 */
export function logTick(x: number): string {
  if (x >= 1e-3 && x < 1e4) return String(Number(x.toPrecision(3)));
  const [digits, exponent] = x.toExponential(0).split("e");
  return `${digits}e${Number(exponent)}`;
}
