/**
 * Eigenvalues and norms of 2×2 matrices in closed form: what a student
 * computes by hand, and what the explorers run in the browser. Nothing here
 * touches mathjs, so the browser bundle stays small and a build that needs no
 * general eigensolver does not load it; `eigen.ts` has the general routes and
 * re-exports these.
 *
 * @module
 */
import { diag, matmul, type Matrix, maxAbs, transpose } from "./matrix.ts";

/** A complex number; real eigenvalues have `im === 0`. */
export interface Complex {
  re: number;
  im: number;
}

/** `M = Q Λ Q⁻¹` with real eigenvalues. */
export interface Eigendecomposition {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Eigenvectors as columns, in the order of `values`, each of unit length. */
  Q: Matrix;
  /** The inverse of `Q`. */
  Qinv: Matrix;
}

/**
 * Closed-form eigendecomposition of a symmetric 2×2 matrix `[[a, b], [b, c]]`:
 * `λ = (a + c)/2 ± √(((a − c)/2)² + b²)`, eigenvectors orthonormal, so
 * `Q⁻¹ = Qᵀ`.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { eigSymmetric2x2 } from "./eigen2x2.ts";
 * const { values } = eigSymmetric2x2([[0.58, 0.24], [0.24, 0.72]]);
 * assertAlmostEquals(values[0], 0.9, 1e-15);
 * assertAlmostEquals(values[1], 0.4, 1e-15);
 * ```
 */
export function eigSymmetric2x2(m: Matrix): Eigendecomposition {
  const [[a, b], [b2, c]] = m;
  if (m.length !== 2 || m[0].length !== 2 || b !== b2) {
    throw new RangeError("eigSymmetric2x2: expected a symmetric 2×2 matrix");
  }
  const mean = (a + c) / 2;
  const radius = Math.hypot((a - c) / 2, b);
  const values = [mean + radius, mean - radius];
  // (b, λ − a) solves the first row; when b = 0 the matrix is already diagonal.
  const vectors = values.map((lambda, i) => {
    if (b === 0) return a >= c ? [1 - i, i] : [i, 1 - i];
    const v = [b, lambda - a];
    const length = Math.hypot(v[0], v[1]);
    return [v[0] / length, v[1] / length];
  });
  const Q = transpose(vectors);
  return { values, Q, Qinv: transpose(Q) };
}

/**
 * `Mⁿ = Q Λⁿ Q⁻¹` from an eigendecomposition.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { eigSymmetric2x2, powerByEigendecomposition } from "./eigen2x2.ts";
 * const w2 = powerByEigendecomposition(eigSymmetric2x2([[2, 1], [1, 2]]), 2);
 * assertAlmostEquals(w2[0][0], 5, 1e-12); // [[2,1],[1,2]]² = [[5,4],[4,5]]
 * ```
 */
export function powerByEigendecomposition(
  { values, Q, Qinv }: Eigendecomposition,
  n: number,
): Matrix {
  return matmul(matmul(Q, diag(values.map((v) => v ** n))), Qinv);
}

/**
 * The spectral norm of a matrix with two columns (a 2×2 matrix, in practice)
 * in closed form, from the larger eigenvalue of the 2×2 Gram matrix `AᵀA`:
 * what {@link spectralNorm} does for such matrices. It does not touch mathjs,
 * so the browser bundle of the explorers can use it without carrying mathjs.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { spectralNorm2x2 } from "./eigen2x2.ts";
 * // A shear has both eigenvalues 1 but stretches by the golden ratio.
 * assertAlmostEquals(spectralNorm2x2([[1, 1], [0, 1]]), (1 + Math.sqrt(5)) / 2, 1e-15);
 * ```
 */
export function spectralNorm2x2(a: Matrix): number {
  if (a.some((row) => row.length !== 2)) {
    throw new RangeError("spectralNorm2x2: expected a matrix of two columns");
  }
  // Squaring the entries in `AᵀA` would underflow (or overflow) for matrices
  // whose entries are below about 1e-154 (or above 1e154), as long products of
  // Jacobians are; so scale `A` to largest entry 1 first: ‖cA‖₂ = c ‖A‖₂.
  const size = maxAbs(a);
  if (size === 0 || !Number.isFinite(size)) return size;
  const unit = a.map((row) => row.map((x) => x / size));
  const gram = matmul(transpose(unit), unit);
  return size * Math.sqrt(eigSymmetric2x2(gram).values[0]);
}

/**
 * The eigenvalues of a real 2×2 matrix in closed form, the roots of
 * `λ² − tr(M) λ + det(M)`: a real pair (larger first) or a complex conjugate
 * pair (positive imaginary part first). Like {@link spectralNorm2x2}, free of
 * mathjs, for the browser.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { eigenvalues2x2 } from "./eigen2x2.ts";
 * assertEquals(eigenvalues2x2([[2, 0], [0, -3]]), [{ re: 2, im: 0 }, { re: -3, im: 0 }]);
 * assertEquals(eigenvalues2x2([[0, -1], [1, 0]]), [{ re: 0, im: 1 }, { re: 0, im: -1 }]); // a rotation by 90°
 * ```
 */
export function eigenvalues2x2(m: Matrix): [Complex, Complex] {
  if (m.length !== 2 || m.some((row) => row.length !== 2)) {
    throw new RangeError("eigenvalues2x2: expected a 2×2 matrix");
  }
  const [[a, b], [c, d]] = m;
  const mean = (a + d) / 2;
  // (tr/2)² − det = ((a − d)/2)² + bc, which does not cancel when a ≈ d.
  const half = (a - d) / 2;
  const discriminant = half * half + b * c;
  if (discriminant >= 0) {
    const root = Math.sqrt(discriminant);
    // The root of larger size first; the other from the product λ₁λ₂ = det,
    // which avoids the cancellation in mean − root.
    const big = mean >= 0 ? mean + root : mean - root;
    const det = a * d - b * c;
    const small = big === 0 ? 0 : det / big;
    const [first, second] = big >= small ? [big, small] : [small, big];
    return [{ re: first, im: 0 }, { re: second, im: 0 }];
  }
  const im = Math.sqrt(-discriminant);
  return [{ re: mean, im }, { re: mean, im: -im }];
}
