/**
 * Gradient clipping, the usual guard against exploding gradients, in its two
 * common forms, and the angle between two gradients to say what each does to
 * the direction.
 *
 * A gradient here is a set of named parameters (`{ W: …, U: …, b: … }`),
 * treated as one long vector: its norm is the global norm over all entries,
 * as deep-learning libraries clip it.
 *
 * - {@link clipByNorm}: when `‖g‖ > c`, scale the whole gradient to length
 *   `c`. The direction is kept.
 * - {@link clipByValue}: clamp every entry into `[−c, c]`. The large entries
 *   are cut, the small ones kept, so the direction turns towards the small
 *   ones.
 *
 * @module
 */
import type { Matrix, Vector } from "./matrix.ts";

/** Named gradients: vectors and matrices (the shape of `Params` in `gradcheck.ts`). */
export type Gradients = Record<string, Vector | Matrix>;

/**
 * The global Euclidean norm `‖g‖ = √(Σ g_i²)` over every entry of every
 * parameter, computed with scaling so that huge or tiny entries neither
 * overflow nor underflow.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * import { globalNorm } from "./clip.ts";
 * assertEquals(globalNorm({ W: [[3, 0], [0, 0]], b: [4] }), 5);
 * // 3e200² overflows; the scaled sum does not.
 * assertAlmostEquals(globalNorm({ W: [[3e200]], b: [4e200] }) / 5e200, 1, 1e-15);
 * ```
 */
export function globalNorm(grads: Gradients): number {
  const entries = Object.values(grads).flatMap(flat);
  const largest = Math.max(0, ...entries.map(Math.abs));
  if (largest === 0) return 0;
  let sum = 0;
  for (const x of entries) sum += (x / largest) ** 2;
  return largest * Math.sqrt(sum);
}

/**
 * Clip by norm: `g · min(1, c/‖g‖)`. A gradient no longer than `maxNorm` is
 * returned unchanged (as a copy); a longer one is scaled to length `maxNorm`,
 * keeping its direction.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { clipByNorm } from "./clip.ts";
 * assertEquals(clipByNorm({ w: [30, 40] }, 5), { w: [3, 4] });
 * assertEquals(clipByNorm({ w: [3, 4] }, 10), { w: [3, 4] }); // short enough
 * ```
 */
export function clipByNorm(grads: Gradients, maxNorm: number): Gradients {
  if (!(maxNorm > 0)) {
    throw new RangeError(`clipByNorm: maxNorm must be > 0, got ${maxNorm}`);
  }
  const norm = globalNorm(grads);
  const factor = norm > maxNorm ? maxNorm / norm : 1;
  return mapEntries(grads, (x) => x * factor);
}

/**
 * Clip by value: every entry clamped into `[−limit, limit]`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { clipByValue } from "./clip.ts";
 * assertEquals(clipByValue({ W: [[30, -0.5]], b: [-40] }, 1), { W: [[1, -0.5]], b: [-1] });
 * ```
 */
export function clipByValue(grads: Gradients, limit: number): Gradients {
  if (!(limit > 0)) {
    throw new RangeError(`clipByValue: limit must be > 0, got ${limit}`);
  }
  return mapEntries(grads, (x) => Math.min(limit, Math.max(-limit, x)));
}

/**
 * The angle between two gradients of one shape, in degrees, from 0 (same
 * direction) to 180 (opposite). Computed as `2 atan2(‖â − b̂‖, ‖â + b̂‖)` on
 * the unit vectors `â`, `b̂` (Kahan's formula), which stays accurate for tiny
 * angles, where `acos` of the cosine loses half the digits. 0 if either is
 * zero.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { angleBetween } from "./clip.ts";
 * assertAlmostEquals(angleBetween({ w: [1, 0] }, { w: [1, 1] }), 45, 1e-12);
 * assertAlmostEquals(angleBetween({ w: [2, 0] }, { w: [5, 0] }), 0, 1e-12);
 * ```
 */
export function angleBetween(a: Gradients, b: Gradients): number {
  const x = Object.keys(a).flatMap((name) => flat(a[name]));
  const y = Object.keys(a).flatMap((name) => {
    if (!(name in b)) {
      throw new RangeError(`angleBetween: ${name} is missing in b`);
    }
    return flat(b[name]);
  });
  if (x.length !== y.length) {
    throw new RangeError(`angleBetween: ${x.length} vs ${y.length} entries`);
  }
  const normA = globalNorm({ x });
  const normB = globalNorm({ y });
  if (normA === 0 || normB === 0) return 0;
  let minus = 0;
  let plus = 0;
  for (let i = 0; i < x.length; i++) {
    const u = x[i] / normA;
    const v = y[i] / normB;
    minus += (u - v) ** 2;
    plus += (u + v) ** 2;
  }
  return (2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus)) * 180) / Math.PI;
}

function flat(g: Vector | Matrix): number[] {
  return (g as (number | number[])[]).flat();
}

function mapEntries(grads: Gradients, f: (x: number) => number): Gradients {
  const out: Gradients = {};
  for (const [name, g] of Object.entries(grads)) {
    out[name] = Array.isArray(g[0])
      ? (g as Matrix).map((row) => row.map(f))
      : (g as Vector).map(f);
  }
  return out;
}
