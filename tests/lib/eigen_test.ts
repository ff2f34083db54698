import {
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertThrows,
} from "@std/assert";
import {
  eigendecompose,
  eigenvalues,
  eigSymmetric2x2,
  powerByEigendecomposition,
  spectralNorm,
  spectralRadius,
} from "../../scripts/lib/eigen.ts";
import {
  matmul,
  matpow,
  relativeError,
  transpose,
} from "../../scripts/lib/matrix.ts";
import { seededRandom } from "../../scripts/lib/random.ts";

Deno.test("eigSymmetric2x2() agrees with mathjs eigs on random symmetric matrices", () => {
  const rng = seededRandom(1);
  for (let trial = 0; trial < 50; trial++) {
    const a = rng.normal(), b = rng.normal(), c = rng.normal();
    const closed = eigSymmetric2x2([[a, b], [b, c]]);
    const general = eigendecompose([[a, b], [b, c]]);
    assertLess(relativeError(closed.values, general.values), 1e-12);
    // Q Λ Q⁻¹ rebuilds the matrix, and Q is orthogonal.
    assertLess(
      relativeError(powerByEigendecomposition(closed, 1), [[a, b], [b, c]]),
      1e-12,
    );
    assertLess(
      relativeError(matmul(transpose(closed.Q), closed.Q), [[1, 0], [0, 1]]),
      1e-12,
    );
  }
});

Deno.test("powerByEigendecomposition() equals repeated products for a general 3×3 matrix", () => {
  const m = [[0.9, 0.3, 0.1], [0.05, 0.5, 0.2], [0, 0.1, -0.4]]; // not symmetric, real eigenvalues
  const e = eigendecompose(m);
  for (const n of [1, 5, 17]) {
    assertLess(
      relativeError(powerByEigendecomposition(e, n), matpow(m, n)),
      1e-12,
    );
  }
});

Deno.test("eigendecompose() refuses matrices that are not diagonalizable over the reals", () => {
  assertThrows(
    () => eigendecompose([[1, 1], [0, 1]]),
    RangeError,
    "not diagonalizable",
  );
  assertThrows(() => eigendecompose([[0, -1], [1, 0]]), RangeError, "complex");
});

Deno.test("spectralRadius() and spectralNorm() agree with their definitions", () => {
  assertAlmostEquals(spectralRadius([[0, -1], [1, 0]]), 1, 1e-12);
  assertEquals(eigenvalues([[2, 0], [0, -3]]).map((z) => z.re), [-3, 2]);
  // ‖A‖₂ ≥ ρ(A), with equality for symmetric A; a shear has ρ = 1 but ‖A‖₂ = golden ratio.
  assertAlmostEquals(
    spectralNorm([[1, 1], [0, 1]]),
    (1 + Math.sqrt(5)) / 2,
    1e-12,
  );
  const rng = seededRandom(2);
  for (let trial = 0; trial < 20; trial++) {
    const a = rng.matrix(3, 3);
    // Power iteration on AᵀA as a second method for ‖A‖₂.
    let v = [1, 1, 1];
    const gram = matmul(transpose(a), a);
    for (let i = 0; i < 2000; i++) {
      const w = gram.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
      const len = Math.hypot(...w);
      v = w.map((x) => x / len);
    }
    const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    assertLess(
      Math.abs(spectralNorm(a) - Math.hypot(...av)) / spectralNorm(a),
      1e-9,
    );
  }
});

Deno.test("spectralNorm() does not underflow or overflow for tiny or huge entries", () => {
  // ‖cA‖₂ = c ‖A‖₂; squaring 1e-200 in AᵀA would underflow to 0 without scaling.
  const a = [[1, 2, 0], [0, -1, 3], [2, 0, 1]];
  const norm = spectralNorm(a);
  for (const c of [1e-200, 1e-160, 1e160, 1e200]) {
    const scaled = a.map((row) => row.map((x) => c * x));
    assertLess(Math.abs(spectralNorm(scaled) / c - norm) / norm, 1e-12);
    const small = [[c, 0], [0, -2 * c]];
    assertLess(Math.abs(spectralNorm(small) / c - 2) / 2, 1e-12);
  }
  assertEquals(spectralNorm([[0, 0], [0, 0]]), 0);
});
