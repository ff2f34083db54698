import {
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertThrows,
} from "@std/assert";
import { eigs } from "../../scripts/lib/mathjs.ts";
import {
  eigendecompose,
  eigenvalues,
  eigenvalues2x2,
  eigSymmetric2x2,
  powerByEigendecomposition,
  spectralNorm,
  spectralNorm2x2,
  spectralRadius,
} from "../../scripts/lib/eigen.ts";
import {
  fractionToNumber,
  rationalEigenvalues2x2,
  toFractionMatrix,
} from "../../scripts/lib/exact.ts";
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

Deno.test("eigenvalues2x2() agrees with mathjs eigs on random matrices, real and complex", () => {
  const rng = seededRandom(3);
  let complex = 0;
  for (let trial = 0; trial < 200; trial++) {
    const m = rng.matrix(2, 2);
    const closed = eigenvalues2x2(m);
    const general = eigenvalues(m);
    const key = (z: { re: number; im: number }) => [z.re, z.im];
    const sort = (zs: { re: number; im: number }[]) =>
      [...zs].sort((p, q) => p.re - q.re || p.im - q.im).flatMap(key);
    assertLess(relativeError(sort(closed), sort(general)), 1e-12);
    if (closed[0].im !== 0) {
      complex++;
      // A conjugate pair, the positive imaginary part first.
      assertEquals(closed[1].re, closed[0].re);
      assertEquals(closed[1].im, -closed[0].im);
      assertLess(0, closed[0].im);
    } else {
      assertLess(closed[1].re, closed[0].re + 1e-300);
    }
  }
  // Both kinds were drawn.
  assertLess(20, complex);
  assertLess(complex, 180);
});

Deno.test("eigenvalues2x2() is exact where the eigenvalues are rational, and handles a Jordan block", () => {
  for (
    const entries of [
      ["0.58", "0.24", "0.24", "0.72"],
      ["0.9", "0.1", "0", "-0.5"],
      ["1", "1", "0", "1"],
      ["-1.25", "0", "0.5", "-1.25"],
    ]
  ) {
    const [a, b, c, d] = entries;
    const exact = rationalEigenvalues2x2(toFractionMatrix([[a, b], [c, d]]))!;
    const closed = eigenvalues2x2(
      [[a, b], [c, d]].map((row) => row.map(Number)),
    );
    exact.forEach((lambda, i) => {
      assertAlmostEquals(closed[i].re, fractionToNumber(lambda), 1e-15);
      assertEquals(closed[i].im, 0);
    });
  }
});

Deno.test("spectralNorm2x2() equals √λmax(AᵀA) by mathjs, and spectralNorm() uses it", () => {
  const rng = seededRandom(4);
  for (let trial = 0; trial < 50; trial++) {
    const a = rng.matrix(2, 2, 3);
    const { values } = eigs(matmul(transpose(a), a));
    const list =
      (Array.isArray(values) ? values : values.toArray()) as number[];
    const expected = Math.sqrt(Math.max(...list.map(Number)));
    assertLess(Math.abs(spectralNorm2x2(a) - expected) / expected, 1e-12);
    assertEquals(spectralNorm(a), spectralNorm2x2(a));
  }
  assertThrows(() => spectralNorm2x2([[1, 2, 3]]), RangeError);
});
