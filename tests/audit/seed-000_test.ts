import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { fraction } from "../../scripts/lib/mathjs.ts";
import {
  bpttTerms,
  diag,
  eigendecompose,
  eigenvalues,
  eigSymmetric2x2,
  finiteDifferenceJacobian,
  fractionMatmul,
  fractionMatpow,
  fractionMatrixToStrings,
  fractionToNumber,
  identity,
  lstmForward,
  matmul,
  matpow,
  type Matrix,
  matvec,
  maxAbs,
  powerByEigendecomposition,
  randomLstmParams,
  rationalEigenvalues2x2,
  relativeError,
  rnnForward,
  seededRandom,
  sigmoid,
  spectralNorm,
  toFractionMatrix,
  transpose,
} from "../../scripts/lib/mod.ts";
import {
  anyEigenvalue,
  carouselJacobian,
  errata,
  JORDAN,
  jordanPower,
  LAMBDA_2C,
  Q_SEED_000,
  Q_SHEET,
  qTypo,
  QUARTER_TURN,
  stepJacobianShape,
  SWAP,
  unitModulus,
  W30_SEED_000,
  W_2C,
  W_MIXED,
} from "../../scripts/audit/seed-000.ts";
import { lowerLimit, rnnCase } from "../../scripts/audit/rnn-statement.ts";
import { signSurvey } from "../../scripts/audit/seed-003.ts";
import { referenceRnn } from "../_reference.ts";

const byId = Object.fromEntries(errata().map((e) => [e.id, e]));

/** `W³⁰` of Exercise 2(c) in exact rationals. */
function exactW30(): number[][] {
  return fractionMatpow(
    toFractionMatrix([["0.58", "0.24"], ["0.24", "0.72"]]),
    30,
  )
    .map((row) => row.map(fractionToNumber));
}

Deno.test("000-q-typo: the printed Q does not give back W, the sheet's does", () => {
  const [q, lambda, qSeed] = [Q_SHEET, LAMBDA_2C, Q_SEED_000].map(
    toFractionMatrix,
  );
  // Exactly: the sheet's factors multiply to W = [[29/50, 6/25], [6/25, 18/25]].
  assertEquals(
    fractionMatrixToStrings(fractionMatmul(fractionMatmul(q, lambda), q)),
    [["29/50", "6/25"], ["6/25", "18/25"]],
  );
  // The seed's left factor gives 34/125 and 87/125 in the second row.
  assertEquals(
    fractionMatrixToStrings(fractionMatmul(fractionMatmul(qSeed, lambda), q)),
    [["29/50", "6/25"], ["34/125", "87/125"]],
  );
  // The module agrees; the largest difference is 34/125 − 6/25 = 4/125.
  const { seedProduct, sheetProduct } = qTypo();
  assertLess(relativeError(sheetProduct, W_2C), 1e-15);
  assertLess(
    relativeError(seedProduct, [[29 / 50, 6 / 25], [34 / 125, 87 / 125]]),
    1e-15,
  );
  assertAlmostEquals(byId["000-q-typo"].difference, 4 / 125, 1e-15);
  assertGreater(byId["000-q-typo"].difference, 0.03);
  // And the printed Q is not orthogonal: Q Qᵀ ≠ I.
  assertGreater(
    maxAbs(
      matmul(Q_SEED_000, transpose(Q_SEED_000)).map((row, i) =>
        row.map((x, j) => x - (i === j ? 1 : 0))
      ),
    ),
    0.05,
  );
});

Deno.test("000-step-jacobian-shape: the step Jacobian is n by n, not n by d", () => {
  const { shape, n, d, jacobian } = stepJacobianShape();
  // Finite differences of h_1 with respect to h_0, without the formula.
  const rng = seededRandom(1000);
  const params = { W: rng.matrix(n, n), U: rng.matrix(n, d) };
  const xs = [rng.vector(d), rng.vector(d)];
  const h0 = rnnForward(params, xs).hs[0];
  const numeric = finiteDifferenceJacobian(
    (h) => rnnForward(params, xs.slice(1), { hInit: h }).hs[0],
    h0,
  );
  assertEquals([numeric.length, numeric[0].length], [n, n]);
  assertEquals(shape, [n, n]);
  assertNotEquals(shape, [n, d]);
  assertLess(relativeError(jacobian, numeric), 1e-8);
});

Deno.test("000-w30-rounding: the printed entry is truncated, the exact one rounds up", () => {
  const exact = exactW30();
  // 0.015260 is more than half a unit of the sixth decimal away from the exact entry.
  assertGreater(Math.abs(W30_SEED_000[0][0] - exact[0][0]), 5e-7);
  assertEquals(exact[0][0].toFixed(6), "0.015261");
  assertEquals(byId["000-w30-rounding"].correctValue, 0.015261);
  // The other three printed entries are correctly rounded.
  for (const [i, j] of [[0, 1], [1, 0], [1, 1]]) {
    assertLess(Math.abs(W30_SEED_000[i][j] - exact[i][j]), 5e-7);
  }
});

Deno.test("000-any-eigenvalue: one eigenvalue above 1 makes Wⁿ explode", () => {
  // Build W exactly: Q diag(6/5, 1/2) Q with Q of the sheet.
  const q = toFractionMatrix(Q_SHEET);
  const w = fractionMatmul(
    fractionMatmul(q, [[fraction(6, 5), fraction(0)], [
      fraction(0),
      fraction(1, 2),
    ]]),
    q,
  );
  assertLess(
    relativeError(w.map((row) => row.map(fractionToNumber)), W_MIXED),
    1e-15,
  );
  const values = rationalEigenvalues2x2(w)!.map((x) => x.toFraction());
  assertEquals(values, ["6/5", "1/2"]);
  // Not all |λ| > 1, so the seed's answer does not apply …
  const { smallestModulus, largestModulus, norm30 } = anyEigenvalue();
  assertLess(smallestModulus, 1);
  assertGreater(largestModulus, 1);
  // … yet ‖W³⁰‖₂ = 1.2³⁰ (W³⁰ is symmetric: its norm is its largest eigenvalue), exactly.
  const w30 = fractionMatpow(w, 30).map((row) => row.map(fractionToNumber));
  const norm = Math.max(...eigSymmetric2x2(w30).values.map(Math.abs));
  assertAlmostEquals(norm / 1.2 ** 30, 1, 1e-12);
  assertAlmostEquals(norm30 / norm, 1, 1e-12);
  assertGreater(norm30, 100);
});

Deno.test("000-unit-modulus: eigenvalues −1 and complex ones make Wⁿ change", () => {
  // The swap: eigenvalues exactly 1 and −1; its square is I, not W.
  const swap = toFractionMatrix(SWAP);
  assertEquals(
    rationalEigenvalues2x2(swap)!.map((x) => x.toFraction()),
    ["1", "-1"],
  );
  assertEquals(
    fractionMatrixToStrings(fractionMatpow(swap, 2)),
    [["1", "0"], ["0", "1"]],
  );
  const { unchanged, square } = unitModulus();
  assertEquals(
    maxAbs(square.map((r, i) => r.map((x, j) => x - unchanged[i][j]))),
    1,
  );
  // The quarter turn: |λ| = 1, complex; R² = −I, R⁴ = I, and ‖Rⁿ‖₂ = 1 for all n.
  for (const z of eigenvalues(QUARTER_TURN)) {
    assertAlmostEquals(Math.hypot(z.re, z.im), 1, 1e-12);
  }
  assertEquals(matpow(QUARTER_TURN, 2), [[-1, 0], [0, -1]]);
  assertEquals(matpow(QUARTER_TURN, 4), identity(2));
  for (let n = 1; n <= 30; n++) {
    assertAlmostEquals(spectralNorm(matpow(QUARTER_TURN, n)), 1, 1e-12);
    assertAlmostEquals(spectralNorm(matpow(SWAP, n)), 1, 1e-12);
  }
});

Deno.test("000-unit-eigenvalue-jordan: all eigenvalues 1 and W³⁰ is not W", () => {
  const jordan = toFractionMatrix(JORDAN);
  assertEquals(
    rationalEigenvalues2x2(jordan)!.map((x) => x.toFraction()),
    ["1", "1"],
  );
  // Exactly [[1, 30], [0, 1]]: Wⁿ = I + nN with N² = 0.
  assertEquals(
    fractionMatrixToStrings(fractionMatpow(jordan, 30)),
    [["1", "30"], ["0", "1"]],
  );
  assertEquals(jordanPower(), [[1, 30], [0, 1]]);
  assertEquals(byId["000-unit-eigenvalue-jordan"].difference, 29);
  // And it has no eigendecomposition: the argument of 2(b) does not reach it.
  assertThrows(() => eigendecompose(JORDAN));
});

Deno.test("000-carousel-identity: the carousel Jacobian is the identity, not all ones", () => {
  const jacobian = carouselJacobian();
  // Finite differences through the LSTM with the gates held at f = 1, i = 0.
  const rng = seededRandom(1001);
  const params = randomLstmParams(rng, 3, 2);
  const xs = Array.from({ length: 5 }, () => rng.vector(2));
  const gates = { f: 1, i: 0 };
  const trace = lstmForward(params, xs, { gates, CInit: rng.vector(3) });
  const s1 = trace.steps[1];
  const numeric = finiteDifferenceJacobian(
    (C) =>
      lstmForward(params, xs.slice(2), {
        gates,
        hInit: C.map((c, u) => s1.o[u] * Math.tanh(c)),
        CInit: C,
      }).steps[2].C,
    s1.C,
  );
  assertLess(relativeError(numeric, identity(3)), 1e-9);
  assertEquals(jacobian, identity(3));
  const ones = identity(3).map((row) => row.map(() => 1));
  assertEquals(
    maxAbs(numeric.map((r, i) => r.map((x, j) => x - ones[i][j]))) > 0.99,
    true,
  );
});

// What seed 000 gets right.

Deno.test("000 right: the Jacobian of y = sigma(Wx) is diag(sigma'(Wx)) W, n by d", () => {
  const rng = seededRandom(1010);
  const W = rng.matrix(3, 4);
  const x = rng.vector(4);
  const z = matvec(W, x);
  const analytic = matmul(
    diag(z.map((zi) => sigmoid(zi) * (1 - sigmoid(zi)))),
    W,
  );
  const numeric = finiteDifferenceJacobian((v) => matvec(W, v).map(sigmoid), x);
  assertEquals([numeric.length, numeric[0].length], [3, 4]);
  assertLess(relativeError(analytic, numeric), 1e-8);
});

Deno.test("000 right: the double sum from k = 0 is the gradient, with ten terms for T = 3", () => {
  const c = rnnCase();
  const reference = referenceRnn(
    { W: c.params.W, U: c.params.U, hInit: c.hInit },
    c.xs,
    c.loss,
  ).grads.W as Matrix;
  assertLess(relativeError(lowerLimit(c).fromZero, reference), 1e-12);
  assertEquals(
    bpttTerms(c.params, c.xs, c.loss, { hInit: c.hInit }).length,
    10,
  );
});

Deno.test("000 right: M^n = Q Lambda^n Q^-1 for n = 1 to 30", () => {
  const symmetric = eigSymmetric2x2(W_2C);
  const general = eigendecompose([[0.5, 0.3], [0.1, 0.8]]);
  for (let n = 1; n <= 30; n++) {
    assertLess(
      relativeError(powerByEigendecomposition(symmetric, n), matpow(W_2C, n)),
      1e-12,
    );
    assertLess(
      relativeError(
        powerByEigendecomposition(general, n),
        matpow([[0.5, 0.3], [0.1, 0.8]], n),
      ),
      1e-10,
    );
  }
});

Deno.test("000 right: W^30 with the right Q, and W^n vanishes when all |lambda| < 1", () => {
  const exact = exactW30();
  const byEigen = matmul(
    matmul(Q_SHEET, diag([0.9 ** 30, 0.4 ** 30])),
    Q_SHEET,
  );
  assertLess(relativeError(byEigen, exact), 1e-12);
  // All |λ| < 1: Wⁿ → 0, also for a non-normal matrix that grows first.
  const nonNormal = [[0.9, 10], [0, 0.9]];
  assertGreater(spectralNorm(matpow(nonNormal, 2)), spectralNorm(nonNormal));
  assertLess(spectralNorm(matpow(nonNormal, 400)), 1e-12);
  assertLess(spectralNorm(matpow(W_2C, 200)), 1e-9);
});

Deno.test("000 right: the gates scale the old cell, admit the candidate, expose tanh C", () => {
  const rng = seededRandom(1011);
  const params = randomLstmParams(rng, 2, 2, { biasScale: 1 });
  const xs = [rng.vector(2)];
  const run = (CInit: number[], gates: Record<string, number>) =>
    lstmForward(params, xs, { CInit, gates }).steps[0];
  // f = 0: the old cell state is forgotten entirely.
  assertEquals(run([1, -1], { f: 0 }).C, run([5, 3], { f: 0 }).C);
  // i = 0: nothing of the candidate enters, C_t = f ⊙ C_{t−1}.
  const closed = run([1, -1], { i: 0 });
  assertEquals(closed.C, closed.f.map((f, u) => f * [1, -1][u]));
  // o = 0: nothing of the cell reaches h_t.
  assertEquals(run([1, -1], { o: 0 }).h.map(Math.abs), [0, 0]);
});

Deno.test("000 right: f, i, o lie in (0, 1); the candidate, C and h can be negative", () => {
  const survey = signSurvey();
  assertGreater(survey.gateRange[0], 0);
  assertLess(survey.gateRange[1], 1);
  assertLess(survey.minCandidate, 0);
  assertLess(survey.minCell, 0);
  assertLess(survey.minHidden, 0);
});

Deno.test("000 right: with f = 1 and i = 0 the cell Jacobian is the identity", () => {
  assertEquals(carouselJacobian(), identity(3));
  assert(byId["000-carousel-identity"].severity === "imprecise");
});
