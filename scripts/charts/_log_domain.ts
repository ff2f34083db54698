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
