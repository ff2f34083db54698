/**
 * # The Jacobian of a sigmoid layer
 *
 * For `y = σ(W x)` with `x ∈ ℝᵈ`, `W ∈ ℝⁿˣᵈ` and `σ` the logistic sigmoid
 * applied entry by entry, show that the Jacobian `∂y/∂x` is the `n × d`
 * matrix `diag(σ'(W x)) W`, and check it numerically on a non-square `W`.
 *
 * @module
 */
import {
  diag,
  finiteDifferenceJacobian,
  matmul,
  type Matrix,
  matvec,
  relativeError,
  seededRandom,
  sigmoid,
  sigmoidDerivative,
  type Vector,
} from "../lib/mod.ts";

// The derivation is two applications of the definition of a Jacobian and one
// chain rule. Name the pre-activation `z = W x`, so that `y = σ(z)` entry by
// entry.
//
// 1. `z_i = Σ_j W_ij x_j`, hence `∂z_i/∂x_j = W_ij`: the Jacobian of `x ↦ W x`
//    is `W` itself, an `n × d` matrix (row `i` is output `i`, column `j` is
//    input `j`).
// 2. `y_i = σ(z_i)` depends on `z_i` only, hence `∂y_i/∂z_k = σ'(z_i)` when
//    `k = i` and `0` otherwise: the Jacobian of the element-wise sigmoid is the
//    `n × n` diagonal matrix `diag(σ'(z))`.
// 3. The chain rule multiplies the two Jacobians in the order the functions are
//    applied, the outer one on the left:
//    `∂y/∂x = ∂y/∂z · ∂z/∂x = diag(σ'(W x)) W`, an `(n × n)(n × d) = n × d`
//    matrix. Entry by entry, `∂y_i/∂x_j = σ'(z_i) W_ij`: row `i` of `W` scaled
//    by the slope of the sigmoid at `z_i`.
//
// Note that `σ'` must be evaluated at `W x`: `diag(σ')` alone, as the problem
// statement writes it, leaves out where the derivative is taken.

/** The size of the example: `W` is `n × d`, deliberately not square. */
export const OUTPUTS = 3;
/** The input dimension `d`. */
export const INPUTS = 4;
/** The seed of the random `W` and `x`. */
export const SEED = 2024;

/** What {@link compute} returns. */
export interface Rnn1aResults {
  /** The weights `W`, `n × d` (3 × 4), seeded standard normal entries. */
  W: Matrix;
  /** The input `x ∈ ℝᵈ`. */
  x: Vector;
  /** The pre-activation `z = W x ∈ ℝⁿ`. */
  z: Vector;
  /** The output `y = σ(z) ∈ ℝⁿ`. */
  y: Vector;
  /** The slopes `σ'(z_i) = σ(z_i)(1 − σ(z_i))`, each in `(0, 1/4]`. */
  sigmoidSlopes: Vector;
  /** `diag(σ'(W x)) W`, the analytic Jacobian, `n × d`. */
  analyticJacobian: Matrix;
  /** The Jacobian by central differences with step `1e-5`, `n × d`. */
  finiteDifferenceJacobian: Matrix;
  /** `[rows, columns]` of the Jacobian: `[n, d]`. */
  shape: [number, number];
  /**
   * `max |analytic − finite difference| / max |entry|`, the relative error of
   * the whole matrix (the measure used throughout the notes).
   */
  relativeError: number;
  /**
   * The largest entry-wise relative error
   * `max_ij |A_ij − F_ij| / |F_ij|`, a stricter measure (all entries here are
   * far from zero, so it is well defined).
   */
  maxEntryRelativeError: number;
}

/** Compute the example. Deterministic: `W` and `x` come from a fixed seed. */
export function compute(): Rnn1aResults {
  // A random, non-square example: with `n ≠ d` a mistake in the order of the
  // factors (`W diag(σ')`, or `Wᵀ`) would not even have the right shape.
  const rng = seededRandom(SEED);
  const W = rng.matrix(OUTPUTS, INPUTS);
  const x = rng.vector(INPUTS);

  // The forward pass, keeping the pre-activation, because `σ'` is evaluated
  // there.
  const layer = (input: Vector) => matvec(W, input).map(sigmoid);
  const z = matvec(W, x);
  const y = z.map(sigmoid);

  // The analytic Jacobian of step 3: scale row `i` of `W` by `σ'(z_i)`.
  const sigmoidSlopes = z.map(sigmoidDerivative);
  const analyticJacobian = matmul(diag(sigmoidSlopes), W);

  // The check: central differences `(y(x + h e_j) − y(x − h e_j)) / 2h` give
  // column `j` of the Jacobian without any calculus. Their error is `O(h²)`
  // plus rounding, about `1e-10` here, so agreement to that level confirms the
  // formula.
  const numeric = finiteDifferenceJacobian(layer, x);

  let maxEntryRelativeError = 0;
  analyticJacobian.forEach((row, i) =>
    row.forEach((a, j) => {
      const f = numeric[i][j];
      maxEntryRelativeError = Math.max(
        maxEntryRelativeError,
        Math.abs(a - f) / Math.abs(f),
      );
    })
  );

  return {
    W,
    x,
    z,
    y,
    sigmoidSlopes,
    analyticJacobian,
    finiteDifferenceJacobian: numeric,
    shape: [analyticJacobian.length, analyticJacobian[0].length],
    relativeError: relativeError(analyticJacobian, numeric),
    maxEntryRelativeError,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
