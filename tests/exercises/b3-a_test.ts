import { assert, assertEquals, assertGreater, assertLess } from "@std/assert";
import { sum, Value } from "../../scripts/lib/autodiff.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import { relativeError } from "../../scripts/lib/matrix.ts";
import {
  compute,
  example,
  LEARNING_RATES,
  type Weights,
} from "../../scripts/exercises/b3-a.ts";
import { referenceRnn } from "../_reference.ts";

const r = compute();
const { params, h0, xs, labels } = example();
const T = xs.length;
type M = number[][];

/** The network written out scalar by scalar: states, predictions, losses. */
function forward(w: Weights, start = h0) {
  const hs: number[][] = [];
  const yhat: number[][] = [];
  const losses: number[] = [];
  let h = start;
  xs.forEach((x, t) => {
    h = w.W.map((row, i) => {
      let a = params.b[i];
      row.forEach((v, j) => a += v * h[j]);
      w.U[i].forEach((v, j) => a += v * x[j]);
      return Math.tanh(a);
    });
    const o = w.V.map((row, i) =>
      row.reduce((s, v, j) => s + v * h[j], params.c[i])
    );
    const total = o.reduce((s, v) => s + Math.exp(v), 0);
    hs.push(h);
    yhat.push(o.map((v) => Math.exp(v) / total));
    losses.push(Math.log(total) - o[labels[t]]);
  });
  return { hs, yhat, losses, L: losses.reduce((a, b) => a + b, 0) };
}

const weights: Weights = { U: params.U, W: params.W, V: params.V };

/**
 * `L⁽³⁾` by autodiff on an *untied* network: step `k` has its own copies
 * `U_k`, `W_k`. The gradient with respect to copy `k` is exactly term `k` of
 * the expansion; the gradients of the states are `∂L⁽³⁾/∂h⁽ᵏ⁾`.
 */
function untiedAutodiff(Us: M[], Ws: M[], start = h0) {
  const lift = (m: M) => m.map((row) => row.map((v) => new Value(v)));
  const U = Us.map(lift), W = Ws.map(lift);
  const states: Value[][] = [];
  let h = start.map((v) => new Value(v));
  xs.forEach((x, k) => {
    h = W[k].map((row, i) =>
      sum([
        ...row.map((v, j) => v.mul(h[j])),
        ...U[k][i].map((v, j) => v.mul(x[j])),
      ]).add(params.b[i]).tanh()
    );
    states.push(h);
  });
  const o = params.V.map((row, i) =>
    sum(row.map((v, j) => h[j].mul(v))).add(params.c[i])
  );
  const loss = sum(o.map((v) => v.exp())).log().sub(o[labels[T - 1]]);
  loss.backward();
  const grads = (m: Value[][]) => m.map((row) => row.map((v) => v.grad));
  return {
    U: U.map(grads),
    W: W.map(grads),
    states: states.map((s) => s.map((v) => v.grad)),
  };
}

/** `L⁽³⁾` of the untied network as a plain function, for finite differences. */
function untiedLoss(p: Record<string, M>): number {
  let h = h0;
  xs.forEach((x, k) => {
    const U = p[`U${k}`], W = p[`W${k}`];
    h = W.map((row, i) =>
      Math.tanh(
        row.reduce((s, v, j) => s + v * h[j], 0) +
          U[i].reduce((s, v, j) => s + v * x[j], 0) + params.b[i],
      )
    );
  });
  const o = params.V.map((row, i) =>
    row.reduce((s, v, j) => s + v * h[j], params.c[i])
  );
  return Math.log(o.reduce((s, v) => s + Math.exp(v), 0)) - o[labels[T - 1]];
}

const tree = { ...params, hInit: h0 };
const fullLoss = { type: "softmax-ce" as const, labels };
const thirdLoss = { type: "softmax-ce" as const, labels, steps: [2] };
const referenceAll = referenceRnn(tree, xs, fullLoss, "tanh");
const referenceThird = referenceRnn(tree, xs, thirdLoss, "tanh");
const fdAll = finiteDifferenceGradient(
  (p) => forward(p as unknown as Weights).L,
  { U: params.U, W: params.W, V: params.V },
);
const fdThird = finiteDifferenceGradient(
  (p) => forward({ ...(p as { U: M; W: M }), V: params.V }).losses[T - 1],
  { U: params.U, W: params.W },
);

Deno.test("b3-a: states, predictions and losses match a hand-written forward pass", () => {
  const f = forward(weights);
  f.hs.forEach((h, t) => assertLess(relativeError(r.hs[t], h), 1e-14));
  f.yhat.forEach((y, t) => assertLess(relativeError(r.yhat[t], y), 1e-14));
  f.losses.forEach((l, t) =>
    assertLess(Math.abs(r.stepLosses[t] - l) / l, 1e-13)
  );
  assertLess(Math.abs(r.loss - f.L) / f.L, 1e-14);
  assertLess(Math.abs(r.loss - referenceAll.loss) / f.L, 1e-14);
});

Deno.test("b3-a: ∂L/∂V matches finite differences and autodiff", () => {
  assertLess(relativeError(r.gradV, fdAll.V), 1e-6);
  assertLess(relativeError(r.gradV, referenceAll.grads.V), 1e-9);
});

Deno.test("b3-a: ∂L⁽³⁾/∂U and ∂L⁽³⁾/∂W match finite differences and autodiff", () => {
  assertLess(relativeError(r.gradU3, fdThird.U), 1e-6);
  assertLess(relativeError(r.gradU3, referenceThird.grads.U), 1e-9);
  assertLess(relativeError(r.gradW3, fdThird.W), 1e-6);
  assertLess(relativeError(r.gradW3, referenceThird.grads.W), 1e-9);
});

Deno.test("b3-a: each term k of the expansion is the gradient with respect to the copy of U or W at step k", () => {
  const untied = untiedAutodiff(
    xs.map(() => params.U),
    xs.map(() => params.W),
  );
  const copies: Record<string, M> = {};
  // separate arrays: a clone keeps shared references shared
  xs.forEach((_, k) => {
    copies[`U${k}`] = params.U.map((row) => row.slice());
    copies[`W${k}`] = params.W.map((row) => row.slice());
  });
  const fd = finiteDifferenceGradient(untiedLoss, copies);
  assertEquals(r.terms.map((term) => term.k), [3, 2, 1]);
  for (const term of r.terms) {
    const k = term.k - 1;
    assertLess(relativeError(term.U, untied.U[k]), 1e-9, `U, k = ${term.k}`);
    assertLess(relativeError(term.W, untied.W[k]), 1e-9, `W, k = ${term.k}`);
    assertLess(relativeError(term.U, fd[`U${k}`]), 1e-6, `U, k = ${term.k}`);
    assertLess(relativeError(term.W, fd[`W${k}`]), 1e-6, `W, k = ${term.k}`);
    assertLess(relativeError(term.stateGradient, untied.states[k]), 1e-9);
    assertLess(
      Math.abs(
        r.termNormsW[r.terms.indexOf(term)] - Math.hypot(...term.W.flat()),
      ),
      1e-15,
    );
  }
  assertLess(relativeError(r.stateGradient3, untied.states[T - 1]), 1e-9);
  assertLess(r.termSumAgreement.U, 1e-12);
  assertLess(r.termSumAgreement.W, 1e-12);
  // all three terms matter
  for (const norm of r.termNormsW) assertGreater(norm, 1e-3);
});

Deno.test("b3-a: ∂L⁽³⁾/∂o⁽³⁾ = ŷ⁽³⁾ − onehot(y⁽³⁾)", () => {
  const y = forward(weights).yhat[T - 1];
  const expected = y.map((p, i) => p - (i === labels[T - 1] ? 1 : 0));
  assertLess(relativeError(r.outputError3, expected), 1e-14);
});

Deno.test("b3-a: with h⁽⁰⁾ = 0 the k = 1 term of ∂L⁽³⁾/∂W vanishes", () => {
  const zero = h0.map(() => 0);
  const untied = untiedAutodiff(
    xs.map(() => params.U),
    xs.map(() => params.W),
    zero,
  );
  assert(untied.W[0].flat().every((v) => v === 0));
  assertEquals(r.firstWTermWithZeroInitialState, 0);
  // and with our non-zero h⁽⁰⁾ it does not
  assertGreater(r.termNormsW[2], 1e-3);
});

Deno.test("b3-a: source solution 002's third terms (for U without ∂h⁽³⁾/∂h⁽²⁾ and ∂h⁽²⁾/∂h⁽¹⁾, for W without ∂h⁽³⁾/∂h⁽²⁾) give wrong gradients", () => {
  const { hs } = forward(weights);
  const g3 = r.stateGradient3;
  // U: (g3 ⊙ (1 − h⁽¹⁾²)) x⁽¹⁾ᵀ, entry by entry
  const seedU = g3.map((g, i) => xs[0].map((x) => g * (1 - hs[0][i] ** 2) * x));
  assertLess(relativeError(r.seedThirdTerm.U, seedU), 1e-14);
  // W: (((diag(1 − h⁽²⁾²) W)ᵀ g3) ⊙ (1 − h⁽¹⁾²)) h⁽⁰⁾ᵀ, entry by entry
  const back = params.W[0].map((_, k) =>
    g3.reduce((s, g, i) => s + g * (1 - hs[1][i] ** 2) * params.W[i][k], 0)
  );
  const seedW = back.map((g, i) => h0.map((h) => g * (1 - hs[0][i] ** 2) * h));
  assertLess(relativeError(r.seedThirdTerm.W, seedW), 1e-14);
  // the sums with these terms, against the autodiff gradients, by the
  // notes' relative error: largest difference over the largest entry of the
  // TRUE gradient (written out here, not the library's relativeError)
  const against = (sum: number[][], truth: number[][]) =>
    Math.max(
      ...sum.flatMap((row, i) => row.map((v, j) => Math.abs(v - truth[i][j]))),
    ) /
    Math.max(...truth.flat().map(Math.abs));
  const errorU = against(
    r.seedThirdTerm.sumU,
    referenceThird.grads.U as number[][],
  );
  const errorW = against(
    r.seedThirdTerm.sumW,
    referenceThird.grads.W as number[][],
  );
  assertLess(Math.abs(errorU - r.seedThirdTerm.relativeErrorU), 1e-9);
  assertLess(Math.abs(errorW - r.seedThirdTerm.relativeErrorW), 1e-9);
  // The page once said 0.508 and 0.699: divided by the larger of the two
  // arrays' maxima, not by the true gradient's. Against the true gradient the
  // source's sums are off by more than 0.8 and 0.75.
  assertGreater(errorU, 0.8);
  assertGreater(errorW, 0.75);
});

/** The gradients of `L` (or of `L⁽ⁱ⁾`) by autodiff, at given weights. */
function autodiffGrads(w: Weights, step?: number) {
  const loss = step === undefined
    ? fullLoss
    : { ...fullLoss, steps: [step - 1] };
  return referenceRnn({ ...tree, ...w }, xs, loss, "tanh").grads as Record<
    string,
    M
  >;
}
const minus = (a: M, b: M, eta: number) =>
  a.map((row, i) => row.map((v, j) => v - eta * b[i][j]));

function gradientDescent(eta: number): Weights {
  const g = autodiffGrads(weights);
  return {
    U: minus(params.U, g.U, eta),
    W: minus(params.W, g.W, eta),
    V: minus(params.V, g.V, eta),
  };
}

function seedScheme(eta: number, order = [1, 2, 3]): Weights {
  let { U, W } = weights;
  for (const i of order) {
    const g = autodiffGrads({ U, W, V: params.V }, i);
    [U, W] = [minus(U, g.U, eta), minus(W, g.W, eta)];
  }
  return { U, W, V: minus(params.V, autodiffGrads(weights).V, eta) };
}

Deno.test("b3-a: the update step, recomputed with autodiff gradients and a hand-written forward pass", () => {
  const u = r.update;
  const gd = gradientDescent(u.eta);
  const seed = seedScheme(u.eta);
  for (const key of ["U", "W", "V"] as const) {
    assertLess(relativeError(u.gradientDescent[key], gd[key]), 1e-12);
    assertLess(relativeError(u.seedScheme[key], seed[key]), 1e-12);
  }
  assertLess(relativeError(u.gradU, referenceAll.grads.U), 1e-9);
  assertLess(relativeError(u.gradW, referenceAll.grads.W), 1e-9);
  assertLess(relativeError(u.gradU, fdAll.U), 1e-6);
  assertLess(relativeError(u.gradW, fdAll.W), 1e-6);
  const near = (a: number, b: number) => assertLess(Math.abs(a - b) / b, 1e-12);
  near(u.lossBefore, forward(weights).L);
  near(u.lossGradientDescent, forward(gd).L);
  near(u.lossSeedScheme, forward(seed).L);
  near(u.lossSeedSchemeReversed, forward(seedScheme(u.eta, [3, 2, 1])).L);
  const distance = Math.hypot(
    ...gd.U.flat().map((v, i) => v - seed.U.flat()[i]),
    ...gd.W.flat().map((v, i) => v - seed.W.flat()[i]),
  );
  near(u.updateDifference, distance);
  const norm2 = ["U", "W", "V"].reduce(
    (s, key) =>
      s + referenceAll.grads[key].flat().reduce((a, g) => a + g * g, 0),
    0,
  );
  near(u.gradientNormSquared, norm2);
});

Deno.test("b3-a: gradient descent decreases L, by η‖∇L‖² to first order", () => {
  assertLess(r.update.lossGradientDescent, r.update.lossBefore);
  const eta = 1e-5;
  const decrease = (r.update.lossBefore - forward(gradientDescent(eta)).L) /
    eta;
  assertLess(
    Math.abs(decrease - r.update.gradientNormSquared) /
      r.update.gradientNormSquared,
    1e-3,
  );
});

Deno.test("b3-a: the source's scheme is not gradient descent: different weights and loss, order-dependent, gap of order η²", () => {
  const u = r.update;
  assertGreater(u.updateDifference, 1e-3);
  assertGreater(Math.abs(u.lossSeedScheme - u.lossGradientDescent), 1e-3);
  assertGreater(Math.abs(u.lossSeedScheme - u.lossSeedSchemeReversed), 1e-3);
  // both decrease L at every η of the table, and agree to first order
  assertEquals(r.comparison.map((row) => row.eta), LEARNING_RATES);
  for (const row of r.comparison) {
    assertLess(row.lossGradientDescent, r.loss);
    assertLess(row.lossSeedScheme, r.loss);
    near(row.lossGradientDescent, forward(gradientDescent(row.eta)).L);
    near(row.lossSeedScheme, forward(seedScheme(row.eta)).L);
  }
  // halving η divides the gap by about four
  for (let i = 1; i < r.comparison.length; i++) {
    const ratio = r.comparison[i - 1].updateDifference /
      r.comparison[i].updateDifference;
    assert(ratio > 3 && ratio < 5, `ratio ${ratio}`);
  }
  const last = r.comparison.at(-1)!;
  assert(last.updateDifference / last.eta ** 2 < 10);
});

function near(a: number, b: number) {
  assertLess(Math.abs(a - b) / Math.abs(b), 1e-12);
}
