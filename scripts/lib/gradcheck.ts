/**
 * Central finite differences: the slow, obviously-correct gradient that every
 * BPTT formula is checked against.
 *
 * `(f(x + h) − f(x − h)) / 2h` has error `O(h²)`; with `h = 1e-5` in double
 * precision the total error (truncation plus rounding) is about `1e-10`
 * relative for the smooth losses here.
 *
 * @module
 */
import type { Matrix, Vector } from "./matrix.ts";

/** Named parameters: vectors and matrices. */
export type Params = Record<string, Vector | Matrix>;

/**
 * The gradient of `f` at `params` by central differences, one entry at a time,
 * with the same names and shapes as `params`. `params` is not modified.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { finiteDifferenceGradient } from "./gradcheck.ts";
 * // f(w) = w₀² + 3 w₁, so ∇f = (2 w₀, 3)
 * const g = finiteDifferenceGradient(
 *   (p) => (p.w as number[])[0] ** 2 + 3 * (p.w as number[])[1],
 *   { w: [2, 5] },
 * );
 * assertAlmostEquals((g.w as number[])[0], 4, 1e-8);
 * assertAlmostEquals((g.w as number[])[1], 3, 1e-8);
 * ```
 */
export function finiteDifferenceGradient<P extends Params>(
  f: (params: P) => number,
  params: P,
  h = 1e-5,
): P {
  const work = structuredClone(params);
  const grad = {} as Params;
  for (const [name, value] of Object.entries(work)) {
    const rows: number[][] = isMatrix(value) ? value : [value];
    const gradRows = rows.map((row) =>
      row.map((_, j) => {
        const saved = row[j];
        row[j] = saved + h;
        const up = f(work);
        row[j] = saved - h;
        const down = f(work);
        row[j] = saved;
        return (up - down) / (2 * h);
      })
    );
    grad[name] = isMatrix(value) ? gradRows : gradRows[0];
  }
  return grad as P;
}

/**
 * The Jacobian `∂f/∂x` (rows: outputs, columns: inputs) of a vector function
 * by central differences.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { finiteDifferenceJacobian } from "./gradcheck.ts";
 * const J = finiteDifferenceJacobian(([a, b]) => [a * b, a + b], [2, 3]);
 * assertAlmostEquals(J[0][0], 3, 1e-8); // ∂(ab)/∂a = b
 * assertAlmostEquals(J[1][1], 1, 1e-8);
 * ```
 */
export function finiteDifferenceJacobian(
  f: (x: Vector) => Vector,
  x: Vector,
  h = 1e-5,
): Matrix {
  const columns = x.map((_, j) => {
    const up = x.slice();
    const down = x.slice();
    up[j] += h;
    down[j] -= h;
    const fUp = f(up);
    const fDown = f(down);
    return fUp.map((v, i) => (v - fDown[i]) / (2 * h));
  });
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}

function isMatrix(value: Vector | Matrix): value is Matrix {
  return Array.isArray(value[0]);
}
