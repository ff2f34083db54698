/**
 * Eigenvalues, eigendecompositions and the norms that decide whether products
 * of matrices vanish or explode.
 *
 * Two independent routes are offered on purpose: a closed form for symmetric
 * 2×2 matrices (what a student computes by hand) and mathjs' general `eigs`.
 * Tests compare one against the other.
 *
 * @module
 */
import { eigs, inv } from "./mathjs.ts";
import { matmul, type Matrix, maxAbs, transpose } from "./matrix.ts";
import {
  type Complex,
  type Eigendecomposition,
  spectralNorm2x2,
} from "./eigen2x2.ts";

export * from "./eigen2x2.ts";

/**
 * All eigenvalues of a square matrix (complex in general), by mathjs `eigs`,
 * largest modulus first.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { eigenvalues } from "./eigen.ts";
 * const [l1, l2] = eigenvalues([[0, -1], [1, 0]]); // a rotation by 90°
 * assertAlmostEquals(Math.hypot(l1.re, l1.im), 1, 1e-12);
 * assertAlmostEquals(Math.abs(l2.im), 1, 1e-12);
 * ```
 */
export function eigenvalues(m: Matrix): Complex[] {
  const { values } = eigs(m);
  const list = (Array.isArray(values) ? values : values.toArray()) as unknown[];
  return list.map(toComplex).sort((x, y) => modulus(y) - modulus(x));
}

/**
 * The eigendecomposition `M = Q Λ Q⁻¹` of a real matrix with real eigenvalues,
 * by mathjs `eigs`. Throws when `M` is not diagonalizable over the reals
 * (complex eigenvalues, or too few independent eigenvectors, as for
 * `[[1, 1], [0, 1]]`), because then no such `Q` exists.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals, assertThrows } from "@std/assert";
 * import { eigendecompose } from "./eigen.ts";
 * const { values } = eigendecompose([[2, 1], [1, 2]]);
 * assertAlmostEquals(values[0], 3, 1e-12);
 * assertThrows(() => eigendecompose([[1, 1], [0, 1]]));
 * ```
 */
export function eigendecompose(m: Matrix): Eigendecomposition {
  const n = m.length;
  const { eigenvectors } = eigs(m);
  const pairs = eigenvectors.map((e) => ({
    value: toComplex(e.value),
    vector: (Array.isArray(e.vector) ? e.vector : e.vector.toArray())
      .map(toComplex),
  }));
  if (pairs.some((p) => p.value.im !== 0)) {
    throw new RangeError(
      "eigendecompose: complex eigenvalues, no real eigendecomposition",
    );
  }
  if (pairs.length < n) {
    throw new RangeError(
      `eigendecompose: only ${pairs.length} independent eigenvector(s) for a ${n}×${n} matrix: not diagonalizable`,
    );
  }
  pairs.sort((p, q) => q.value.re - p.value.re);
  const vectors = pairs.map((p) => {
    const v = p.vector.map((z) => z.re);
    const length = Math.hypot(...v);
    return v.map((x) => x / length);
  });
  const Q = transpose(vectors);
  return {
    values: pairs.map((p) => p.value.re),
    Q,
    Qinv: inv(Q) as Matrix,
  };
}

/**
 * The spectral radius `ρ(M) = max |λᵢ|`: it decides whether `Mⁿ → 0`
 * (`ρ < 1`) or grows without bound (`ρ > 1`).
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { spectralRadius } from "./eigen.ts";
 * assertAlmostEquals(spectralRadius([[0.58, 0.24], [0.24, 0.72]]), 0.9, 1e-12);
 * ```
 */
export function spectralRadius(m: Matrix): number {
  return modulus(eigenvalues(m)[0]);
}

/**
 * The spectral norm `‖A‖₂` (largest singular value), `√λmax(AᵀA)`: how much
 * `A` can stretch a vector, so `‖AB‖₂ ≤ ‖A‖₂ ‖B‖₂`.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { spectralNorm } from "./eigen.ts";
 * assertAlmostEquals(spectralNorm([[3, 0], [0, -4]]), 4, 1e-12);
 * // Tiny entries, as in a long product of Jacobians, do not underflow:
 * assertAlmostEquals(spectralNorm([[3e-200, 0], [0, -4e-200]]) / 4e-200, 1, 1e-12);
 * ```
 */
export function spectralNorm(a: Matrix): number {
  if (a[0]?.length === 2) return spectralNorm2x2(a);
  const size = maxAbs(a);
  if (size === 0 || !Number.isFinite(size)) return size;
  const unit = a.map((row) => row.map((x) => x / size));
  const gram = matmul(transpose(unit), unit);
  const { values } = eigs(gram);
  const list = (Array.isArray(values) ? values : values.toArray()) as number[];
  return size * Math.sqrt(Math.max(0, ...list.map(Number)));
}

function toComplex(z: unknown): Complex {
  if (typeof z === "number") return { re: z, im: 0 };
  const c = z as { re: number; im: number };
  return { re: c.re, im: c.im };
}

function modulus(z: Complex): number {
  return Math.hypot(z.re, z.im);
}
