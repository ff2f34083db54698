import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
} from "@std/assert";
import { fraction } from "../../scripts/lib/mathjs.ts";
import { setup as clipSetup } from "../../scripts/exercises/clip.ts";
import {
  cellHighwayJacobian,
  diag,
  eigenvalues,
  finiteDifferenceJacobian,
  fractionMatpow,
  fractionToNumber,
  identity,
  lstmForward,
  type LstmParams,
  matpow,
  type Matrix,
  rationalEigenvalues2x2,
  relativeError,
  rnnForward,
  spectralNorm,
  stepJacobian,
  toFractionMatrix,
} from "../../scripts/lib/mod.ts";
import {
  cellLossDerivative,
  decoupledCase,
  errata,
  explodingLstm,
  LAMBDA30_SEED_003,
  nearTerms,
  productIndex,
  sameMatrixCase,
  sameMatrixNorms,
  signSurvey,
} from "../../scripts/audit/seed-003.ts";
import { QUARTER_TURN, SWAP } from "../../scripts/audit/seed-000.ts";
import { referenceLstm, referenceRnn, untiedTerms } from "../_reference.ts";

const byId = Object.fromEntries(errata().map((e) => [e.id, e]));

type Tree = Record<string, number[] | number[][]>;

Deno.test("003-total-loss-derivative: with dL/dC_t the double sum counts later losses again", () => {
  const c = decoupledCase();
  const { withStepLoss, withTotalLoss } = cellLossDerivative(c);
  const reference = referenceLstm(
    { ...(c.params as unknown as Tree), hInit: c.hInit, CInit: c.CInit },
    c.xs,
    { type: "mse", targets: c.targets },
  ).grads.Wc as Matrix;
  // With ∂L_t/∂C_t the formula is the gradient (exact at zero recurrent weights) …
  assertLess(relativeError(withStepLoss, reference), 1e-12);
  // … with ∂L/∂C_t it is not.
  assertGreater(relativeError(withTotalLoss, reference), 0.2);
});

Deno.test("003-product-index: dC_t/dC_{i-1} in the product counts each forget gate several times", () => {
  const { seed, right, f } = productIndex();
  // Closed forms from the forget gates: diag(f_1 f_2 f_3) and diag(f_1 f_2² f_3³).
  const once = f[1].map((_, u) => f[1][u] * f[2][u] * f[3][u]);
  const powered = f[1].map((_, u) => f[1][u] * f[2][u] ** 2 * f[3][u] ** 3);
  assertLess(relativeError(right, diag(once)), 1e-14);
  assertLess(relativeError(seed, diag(powered)), 1e-14);
  assertGreater(relativeError(seed, right), 0.5);
  // With f = 1, the case of 3(c), both are the identity.
  assertEquals(diag([1, 1].map((x) => x * x * x)), identity(2));
});

Deno.test("003-lambda30-rounding: the printed power is truncated, the exact one rounds up", () => {
  const exact = fractionToNumber(fraction(9, 10).pow(30));
  assertGreater(Math.abs(LAMBDA30_SEED_003 - exact), 5e-9);
  assertEquals(exact.toFixed(8), "0.04239116");
  assertEquals(byId["003-lambda30-rounding"].correctValue, 0.04239116);
});

Deno.test("003-unit-modulus-identity: eigenvalues of modulus 1 need not be 1", () => {
  assertEquals(
    rationalEigenvalues2x2(toFractionMatrix(SWAP))!.map((x) => x.toFraction()),
    ["1", "-1"],
  );
  assertEquals(byId["003-unit-modulus-identity"].correctValue, [[1, 0], [
    0,
    -1,
  ]]);
  // Complex eigenvalues of modulus 1: Λ is not even real.
  for (const z of eigenvalues(QUARTER_TURN)) {
    assertAlmostEquals(Math.abs(z.im), 1, 1e-12);
  }
  // And Wⁿ changes: the swap squared is I.
  assertEquals(matpow(SWAP, 2), identity(2));
});

Deno.test("003-same-matrix-cause: the product of twenty step Jacobians is not the power of one", () => {
  const c = sameMatrixCase();
  const { exact, power, exactJacobian } = sameMatrixNorms(c);
  // The exact ∂h_20/∂h_0 row by row, by scalar autodiff: for the loss
  // ½‖h_20 − (h_20 − e_i)‖² the gradient with respect to h_0 is row i.
  const h20 = rnnForward(c.params, c.xs, { hInit: c.h0 }).hs[19];
  const rows = h20.map((_, i) => {
    const targets = c.xs.map(() => [0, 0, 0]);
    targets[19] = h20.map((h, u) => h - (u === i ? 1 : 0));
    return referenceRnn(
      { W: c.params.W, U: c.params.U, hInit: c.h0 },
      c.xs,
      { type: "mse", targets, steps: [19] },
    ).grads.hInit as number[];
  });
  assertLess(relativeError(exactJacobian, rows), 1e-10);
  assertAlmostEquals(spectralNorm(rows) / exact, 1, 1e-10);
  assertGreater(power / exact, 1e6);
  // Whichever step the single factor comes from, its power is off by more than ten.
  const trace = rnnForward(c.params, c.xs, { hInit: c.h0 });
  for (let j = 0; j < 20; j++) {
    const ratio = spectralNorm(matpow(stepJacobian(c.params, trace, j), 20)) /
      exact;
    assert(ratio > 10 || ratio < 0.1, `step ${j}: ratio ${ratio}`);
  }
});

Deno.test("003-hidden-sign: hₜ follows the sign of Cₜ, not of the candidate", () => {
  const survey = signSurvey();
  assertGreater(survey.hiddenVsCandidate / survey.samples, 0.05);
  assertEquals(survey.hiddenVsCell, 0);
  const { candidate, cell, hidden } = survey.counterexample;
  assertLess(candidate * hidden, 0);
  assertGreater(cell * hidden, 0);
  // A counterexample by hand: one unit, a large positive old cell kept by an
  // open forget gate, a negative candidate let in by a nearly closed input gate.
  const zero = [[0]];
  const params: LstmParams = {
    Wf: zero,
    Uf: zero,
    bf: [4],
    Wi: zero,
    Ui: zero,
    bi: [-4],
    Wo: zero,
    Uo: zero,
    Wc: zero,
    Uc: [[-1]],
  };
  const step = lstmForward(params, [[2]], { CInit: [1] }).steps[0];
  assertLess(step.g[0], 0);
  assertGreater(step.h[0], 0);
});

// What seed 003 gets right (the claims it shares with seed 000 are tested there).

Deno.test("003 right: 0.4^30 and the entries of W^30 in eq. (25) are correctly rounded", () => {
  const exact = fractionMatpow(
    toFractionMatrix([["0.58", "0.24"], ["0.24", "0.72"]]),
    30,
  ).map((row) => row.map(fractionToNumber));
  const printed = [[0.01526082, 0.02034776], [0.02034776, 0.02713034]];
  printed.forEach((row, i) =>
    row.forEach((x, j) => assertLess(Math.abs(x - exact[i][j]), 5e-9))
  );
  const lambda2 = fractionToNumber(fraction(2, 5).pow(30));
  assertLess(Math.abs(1.1529215e-12 - lambda2), 5e-20);
});

Deno.test("003 right: the RNN gradient is dominated by nearby steps, the distant ones vanish", () => {
  const near = nearTerms();
  // The terms add up to the gradient (scalar autodiff) …
  const reference = referenceRnn(
    { W: near.params.W, U: near.params.U },
    near.xs,
    { type: "mse", targets: near.targets },
  ).grads.W as Matrix;
  assertLess(relativeError(near.total, reference), 1e-12);
  // … which does not vanish: it is about as large as the immediate terms alone.
  assertGreater(near.totalNorm / near.immediateNorm, 0.5);
  assertLess(near.totalNorm / near.immediateNorm, 2);
  assertGreater(near.nearShare, 0.9);
  assertLess(near.farShare, 1e-4);
});

Deno.test("003 right: without a forget gate the direct path passes the gradient unchanged", () => {
  const { params } = explodingLstm();
  const gates = { f: 1 };
  const xs = Array.from({ length: 6 }, () => [0.3, -0.2]);
  const trace = lstmForward(params, xs, { gates, CInit: [0.5, -1] });
  // The direct path: C_{t−1} moves, h_{t−1} (and so every gate) stays put.
  const s = trace.steps;
  const numeric = finiteDifferenceJacobian(
    (C) =>
      lstmForward(params, [xs[3]], { gates, hInit: s[2].h, CInit: C }).steps[0]
        .C,
    s[2].C,
  );
  assertLess(relativeError(numeric, identity(2)), 1e-9);
  assertEquals(cellHighwayJacobian(trace, 5, 0), identity(2));
});

Deno.test("003 right: an LSTM can still explode, through the paths besides the direct one", () => {
  const { params, jacobian, highway } = explodingLstm();
  assertLess(relativeError(jacobian, diag([1.5 ** 20, 1.5 ** 20])), 1e-12);
  assertLess(relativeError(highway, diag([0.5 ** 20, 0.5 ** 20])), 1e-15);
  // Finite differences from the fixed point: perturb C_0 (and h_0 = o_0 tanh C_0).
  const xs = Array.from({ length: 20 }, () => [0, 0]);
  const numeric = finiteDifferenceJacobian(
    (C) =>
      lstmForward(params, xs, {
        hInit: C.map((c) => 0.5 * Math.tanh(c)),
        CInit: C,
      }).steps[19].C,
    [0, 0],
    1e-7,
  );
  assertLess(relativeError(numeric, jacobian), 1e-6);
});

Deno.test("003-clipping-solves: the clipped update keeps the exploding gradient's far terms", () => {
  const e = errata().find((x) => x.id === "003-clipping-solves")!;
  const setup = clipSetup();
  const { xs, loss } = setup;
  const start = setup.start as { W: number[][]; U: number[][]; b: number[] };
  const targets = (loss as { targets: number[][] }).targets;
  // The far share by untied autodiff terms: ‖Σ_{t−k ≥ 10}‖_F / ‖Σ‖_F.
  const share = (
    p: { W: number[][]; U: number[][]; b: number[] },
    scale = 1,
  ) => {
    const far = [[0, 0], [0, 0]], all = [[0, 0], [0, 0]];
    untiedTerms(p, [0, 0], xs, targets, "relu").forEach((row, t) =>
      row.forEach((term, k) =>
        term.forEach((line, i) =>
          line.forEach((v, j) => {
            all[i][j] += scale * v;
            if (t - k >= 10) far[i][j] += scale * v;
          })
        )
      )
    );
    return Math.hypot(...far.flat()) / Math.hypot(...all.flat());
  };
  // Clipping by norm at 1 scales every term by 1/‖g‖; the share is unchanged.
  const g = referenceRnn(start, xs, loss, "relu").grads;
  const gNorm = Math.hypot(...[g.W, g.U, g.b].flatMap((v) => v.flat()));
  assertLess(
    Math.abs(e.correctValue as number - share(start, 1 / gNorm)),
    1e-12,
  );
  assertLess(Math.abs(share(start, 1 / gNorm) - share(start)), 1e-12);
  // Train with autodiff gradients, clipped by norm at 1, step 0.01, 300 steps.
  let p = structuredClone(start);
  for (let i = 0; i < 300; i++) {
    const grads = referenceRnn(p, xs, loss, "relu").grads;
    const n = Math.hypot(
      ...[grads.W, grads.U, grads.b].flatMap((v) => v.flat()),
    );
    const f = 0.01 * Math.min(1, 1 / n);
    p = {
      W: p.W.map((row, a) =>
        row.map((w, b) => w - f * (grads.W as number[][])[a][b])
      ),
      U: p.U.map((row, a) =>
        row.map((w, b) => w - f * (grads.U as number[][])[a][b])
      ),
      b: p.b.map((w, a) => w - f * (grads.b as number[])[a]),
    };
  }
  assertLess(Math.abs(e.seedValue as number - share(p)), 1e-8);
  const radius = Math.max(
    ...eigenvalues(p.W).map((l) => Math.hypot(l.re, l.im)),
  );
  assertLess(Math.abs(e.details![0].value as number - radius), 1e-9);
  assert(radius < 1);
  // The clipped update draws on the far steps well over twice as much.
  assert((e.correctValue as number) > 2 * (e.seedValue as number));
  assertEquals(e.severity, "imprecise");
});
