/**
 * Tests of the matrix powers explorer: typed matrices against exact rational
 * powers (and their spectral norms to 60 digits), eigenvalue mode against
 * mathjs' eigenvalues and matrix powers, and the facts each case must show.
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import {
  createMath,
  eigs,
  type Fraction,
  pow,
} from "../../scripts/lib/mathjs.ts";
import {
  carryMatrix,
  DEFAULTS,
  matrixHtml,
  matrixPowers,
  type MatrixPowersSettings,
  SERIES,
} from "../../scripts/explorers/matrix-powers.ts";
import {
  fractionMatmul,
  type FractionMatrix,
  fractionToNumber,
  rationalEigenvalues2x2,
  toFractionMatrix,
} from "../../scripts/lib/exact.ts";
import { relative } from "../_independent.ts";

// deno-lint-ignore no-explicit-any
type Big = any;
const big: Big = createMath({ number: "BigNumber", precision: 60 });

/** A rational as a 60-digit decimal. */
const toBig = (f: Fraction): Big =>
  big.divide(
    big.bignumber((Number(f.s) < 0 ? "-" : "") + f.n.toString()),
    big.bignumber(f.d.toString()),
  );

/**
 * `‖A‖₂` of an exact 2×2 matrix to 60 digits: the square root of the larger
 * root of `λ² − tr(G) λ + det(G)` for `G = AᵀA`.
 */
function exactSpectralNorm(a: FractionMatrix): number {
  const t = [[a[0][0], a[1][0]], [a[0][1], a[1][1]]];
  const g = fractionMatmul(t, a).map((row) => row.map(toBig));
  const trace = big.add(g[0][0], g[1][1]);
  const det = big.subtract(
    big.multiply(g[0][0], g[1][1]),
    big.multiply(g[0][1], g[1][0]),
  );
  const disc = big.subtract(big.multiply(trace, trace), big.multiply(4, det));
  const root = big.sqrt(big.max(disc, 0));
  return Number(big.sqrt(big.divide(big.add(trace, root), 2)).toString());
}

const typed = (entries: string[], more: Partial<MatrixPowersSettings> = {}) => {
  const [w11, w12, w21, w22] = entries.map(Number);
  return {
    ...DEFAULTS,
    mode: "matrix" as const,
    w11,
    w12,
    w21,
    w22,
    ...more,
  };
};

Deno.test("matrixPowers() of typed matrices matches exact rational powers and their 60-digit norms", () => {
  const cases = [
    ["0.58", "0.24", "0.24", "0.72"], // exercise rnn-2c
    ["1", "1", "0", "1"], // a Jordan block
    ["0", "-1", "1", "0"], // a rotation by 90°
    ["0.9", "0.1", "0", "-0.5"],
    ["-1.2", "0.7", "0.35", "0.4"],
    ["0.6", "-0.75", "0.75", "0.6"], // a complex pair of modulus 0.96
    ["1.1", "-0.3", "0.2", "0.95"],
  ];
  for (const entries of cases) {
    const settings = typed(entries, { n: 37, horizon: 60 });
    const results = matrixPowers(settings);
    const exact = toFractionMatrix([[entries[0], entries[1]], [
      entries[2],
      entries[3],
    ]]);
    let power = toFractionMatrix([["1", "0"], ["0", "1"]]);
    const norms = results.rows.filter((row) => row.series === SERIES.norm);
    assertEquals(norms.length, 61);
    for (let n = 0; n <= 60; n++) {
      if (n > 0) power = fractionMatmul(power, exact);
      const expected = exactSpectralNorm(power);
      assertEquals(norms[n].n, n);
      assertLess(
        relative(norms[n].value, expected),
        1e-12,
        `${entries} n=${n}`,
      );
      if (n === 37) {
        const numbers = power.map((row) => row.map(fractionToNumber));
        assertLess(relative(results.Wn, numbers), 1e-12, `${entries} W^37`);
        assertLess(relative(results.normAtN, expected), 1e-12);
      }
    }
    // The spectral radius: exact where the eigenvalues are rational, else
    // the modulus of mathjs' eigenvalues.
    const rational = rationalEigenvalues2x2(exact);
    const radius = rational
      ? Math.max(...rational.map((f) => Math.abs(fractionToNumber(f))))
      : Math.max(
        ...(eigs(results.W).values as unknown as (number | {
          re: number;
          im: number;
        })[]).map((z) =>
          typeof z === "number" ? Math.abs(z) : Math.hypot(z.re, z.im)
        ),
      );
    assertLess(relative(results.spectralRadius, radius), 1e-14, `${entries}`);
    // ρⁿ is the dashed line.
    const rho = results.rows.filter((row) => row.series === SERIES.radius);
    rho.forEach((row) =>
      assertLess(relative(row.value, radius ** row.n), 1e-12)
    );
  }
});

Deno.test("matrixPowers() in eigenvalue mode builds W with the chosen eigenvalues and eigenvectors", () => {
  const first = [0.6, 0.8];
  const along = Math.atan2(first[1], first[0]);
  for (
    const [l1, l2, angle] of [
      [0.9, 0.4, 90],
      [0.9, 0.4, 5],
      [-0.95, 0.3, 60],
      [1.5, -1.5, 120],
      [1, 1, 30],
      [0, 0.7, 179],
    ]
  ) {
    const settings = { ...DEFAULTS, mode: "eigen" as const, l1, l2, angle };
    const results = matrixPowers(settings);
    const W = results.W;
    const second = [
      Math.cos(along + (angle * Math.PI) / 180),
      Math.sin(along + (angle * Math.PI) / 180),
    ];
    for (const [v, lambda] of [[first, l1], [second, l2]] as const) {
      const Wv = W.map((row) => row[0] * v[0] + row[1] * v[1]);
      const size = Math.max(1, ...W.flat().map(Math.abs));
      assertLess(
        Math.hypot(Wv[0] - lambda * v[0], Wv[1] - lambda * v[1]) / size,
        1e-13,
        `W v = λ v for λ = ${lambda}, angle ${angle}`,
      );
    }
    const trace = W[0][0] + W[1][1];
    const det = W[0][0] * W[1][1] - W[0][1] * W[1][0];
    assertLess(Math.abs(trace - (l1 + l2)), 1e-12);
    assertLess(Math.abs(det - l1 * l2), 1e-12);
    // The power shown, against mathjs' own matrix power (by squaring: the
    // rounding differs, and nearly parallel eigenvectors amplify it).
    assertLess(
      relative(results.Wn, pow(W, results.n) as number[][]),
      1e-10,
    );
    assertEquals(results.spectralRadius, Math.max(Math.abs(l1), Math.abs(l2)));
  }
  // At 90° the eigenvectors are perpendicular: the matrix of rnn-2c again.
  const seed = matrixPowers({ ...DEFAULTS, mode: "eigen" }).W;
  assertLess(relative(seed, [[0.58, 0.24], [0.24, 0.72]]), 1e-15);
});

Deno.test("the default setting is exercise rnn-2c's W: eigenvalues 0.9 and 0.4, ‖Wⁿ‖₂ = 0.9ⁿ", () => {
  const results = matrixPowers(DEFAULTS);
  assertEquals(results.W, [[0.58, 0.24], [0.24, 0.72]]);
  assertLess(Math.abs(results.eigenvalues[0].re - 0.9), 1e-15);
  assertLess(Math.abs(results.eigenvalues[1].re - 0.4), 1e-15);
  assertEquals(results.eigenvalueKind, "two real eigenvalues");
  // A symmetric matrix: its norm is its spectral radius, power by power.
  for (const row of results.rows) {
    if (row.series === SERIES.norm) {
      assertLess(relative(row.value, 0.9 ** row.n), 1e-13);
    }
  }
  assertEquals(results.n, 30);
  assertEquals(results.peak, { n: 0, norm: 1 });
  // The chosen power is marked on both lines.
  assertEquals(
    results.rows.filter((row) => row.chosen).map((row) => row.n),
    [30, 30],
  );
});

Deno.test("each case of the eigenvalues shows what it should", () => {
  // A Jordan block: both eigenvalues 1, one eigenvector, Wⁿ = [[1, n], [0, 1]].
  const jordan = matrixPowers(typed(["1", "1", "0", "1"], { n: 50 }));
  assert(jordan.eigenvalueKind.includes("not diagonalizable"));
  assertEquals(jordan.Wn, [[1, 50], [0, 1]]);
  assertEquals(jordan.peak.n, jordan.horizon); // it keeps growing
  // A rotation by 90°: the eigenvalues ±i, every power of norm exactly 1.
  const rotation = matrixPowers(typed(["0", "-1", "1", "0"], { n: 3 }));
  assertEquals(rotation.eigenvalues, [{ re: 0, im: 1 }, { re: 0, im: -1 }]);
  assert(rotation.eigenvalueKind.includes("complex"));
  assertEquals(rotation.Wn, [[0, 1], [-1, 0]]);
  assert(
    rotation.rows.every((row) => row.value === 1),
    "‖Wⁿ‖₂ = ρⁿ = 1 for every n",
  );
  // λI: one repeated eigenvalue, and W is diagonal.
  const scalar = matrixPowers(typed(["0.5", "0", "0", "0.5"], { n: 4 }));
  assertEquals(scalar.eigenvalueKind, "one repeated eigenvalue: W = λI");
  assertEquals(scalar.Wn, [[0.0625, 0], [0, 0.0625]]);
  // A nilpotent matrix: W² = 0, and every later power is zero, not NaN.
  const nilpotent = matrixPowers(typed(["0", "1", "0", "0"], { n: 2 }));
  assertEquals(nilpotent.Wn, [[0, 0], [0, 0]]);
  assertEquals(nilpotent.normAtN, 0);
  assert(nilpotent.rows.every((row) => Number.isFinite(row.value)));
  // Nearly parallel eigenvectors: ρ < 1, yet the powers first grow past 1.
  const transient = matrixPowers({
    ...DEFAULTS,
    mode: "eigen",
    angle: 5,
  });
  assertEquals(transient.spectralRadius, 0.9);
  assert(transient.peak.n > 0 && transient.peak.norm > 5, "transient growth");
  // The largest entries allowed and the longest horizon stay finite.
  const huge = matrixPowers(
    typed(["10", "10", "10", "10"], { n: 200, horizon: 200 }),
  );
  assert(Number.isFinite(huge.normAtN) && huge.normAtN > 1e250);
  assertEquals(JSON.parse(JSON.stringify(huge)), huge);
});

Deno.test("matrixPowers(): the chart reaches n when n is beyond the horizon", () => {
  const results = matrixPowers({ ...DEFAULTS, n: 150, horizon: 60 });
  assertEquals(results.horizon, 150);
  // The marker of n is in the rows, and so is every power up to it.
  const chosen = results.rows.filter((row) => row.chosen);
  assertEquals(chosen.map((row) => row.n), [150, 150]);
  assertEquals(Math.max(...results.rows.map((row) => row.n)), 150);
});

Deno.test("matrixHtml() shows the rounding residue of a zero as 0", () => {
  // R³ for the rotation by 90°, by repeated products: the zeros of
  // [[0, 1], [−1, 0]] come out as residues of about 1e-16 when computed
  // through cos and sin; entries 10¹² times below the largest are shown 0.
  const html = matrixHtml([[1e-16, 1], [-1, -7.105e-15]]);
  assertEquals(html.includes("e-1"), false);
  assertEquals(html.includes("×10"), false);
  assertEquals((html.match(/>0</g) ?? []).length, 2);
  // A small entry beside small ones is kept.
  assertEquals(matrixHtml([[1e-16, 2e-16]]).includes(">0<"), false);
});

Deno.test("carryMatrix(): switching how W is given keeps W, or its powers' norms", () => {
  const eigen: MatrixPowersSettings = {
    ...DEFAULTS,
    mode: "eigen",
    l1: 0.7,
    l2: -0.3,
    angle: 40,
  };
  // Eigenvalues → entries: the entries of the W shown.
  const entries = carryMatrix(eigen, { ...eigen, mode: "matrix" });
  const W = matrixPowers(eigen).W;
  assertLess(Math.abs(entries.w12 - W[0][1]), 1e-5);
  // Entries → eigenvalues: the same eigenvalues and angle again.
  const back = carryMatrix(entries, { ...entries, mode: "eigen" });
  assertEquals([back.l1, back.l2, back.angle], [0.7, -0.3, 40]);
  // A typed W turned by 30°: its eigenvalue setting (W up to a rotation)
  // has the same norms of powers, computed here by mathjs from the typed W.
  const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
  const R = [[c, -s], [s, c]];
  const turned = [0, 1].map((i) =>
    [0, 1].map((j) =>
      [0, 1].reduce(
        (sum, k) =>
          sum + [0, 1].reduce((s2, l) => s2 + R[i][k] * W[k][l] * R[j][l], 0),
        0,
      )
    )
  );
  const typed: MatrixPowersSettings = {
    ...DEFAULTS,
    mode: "matrix",
    w11: turned[0][0],
    w12: turned[0][1],
    w21: turned[1][0],
    w22: turned[1][1],
  };
  const carried = carryMatrix(typed, { ...typed, mode: "eigen" });
  assertEquals([carried.l1, carried.l2, carried.angle], [0.7, -0.3, 40]);
  // ‖T¹²‖₂ of the typed matrix, in 60-digit arithmetic: the square root of
  // the largest eigenvalue of (T¹²)ᵀ T¹².
  const power = big.pow(big.bignumber(turned), 12);
  const gram = big.multiply(big.transpose(power), power);
  const largest = Math.max(
    ...([big.eigs(gram).values].flat(2) as Big[]).map(Number),
  );
  const singular = Math.sqrt(largest);
  const norm = matrixPowers({ ...carried, n: 12 }).normAtN;
  assertLess(Math.abs(norm - singular) / singular, 1e-6);
  // Back to the entries untouched: the typed W comes back as typed.
  const again = carryMatrix(carried, { ...carried, mode: "matrix" });
  assertEquals([again.w11, again.w12], [typed.w11, typed.w12]);
});
