/**
 * Seeded random numbers, so that every "random" test case and chart is the
 * same on every run.
 *
 * @module
 */
import type { Matrix, Vector } from "./matrix.ts";

/** A source of uniform numbers in [0, 1) and standard normal numbers. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A vector of `n` normals times `scale`. */
  vector(n: number, scale?: number): Vector;
  /** A `rows × cols` matrix of normals times `scale`. */
  matrix(rows: number, cols: number, scale?: number): Matrix;
}

/**
 * A deterministic generator (mulberry32) from an integer seed.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { seededRandom } from "./random.ts";
 * assertEquals(seededRandom(7).uniform(), seededRandom(7).uniform());
 * ```
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - uniform(); // in (0, 1], so the logarithm is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return {
    uniform,
    between: (lo, hi) => lo + (hi - lo) * uniform(),
    normal,
    vector: (n, scale = 1) => Array.from({ length: n }, () => scale * normal()),
    matrix: (rows, cols, scale = 1) =>
      Array.from(
        { length: rows },
        () => Array.from({ length: cols }, () => scale * normal()),
      ),
  };
}
