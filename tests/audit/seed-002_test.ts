import {
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
} from "@std/assert";
import {
  add,
  finiteDifferenceJacobian,
  type Matrix,
  outer,
  relativeError,
  reluDerivative,
  rnnForward,
  sigmoidDerivative,
  softmax,
  sub,
  tanhDerivative,
  zeros,
} from "../../scripts/lib/mod.ts";
import {
  errata,
  expansion,
  fixedPoint,
  LEARNING_RATE,
  type Part1Case,
  part1Case,
  recurrentFactor,
  reluCase,
  tanhCase,
  updates,
} from "../../scripts/audit/seed-002.ts";
import { referenceRnn } from "../_reference.ts";

const byId = Object.fromEntries(errata().map((e) => [e.id, e]));

type Tree = Record<string, number[] | number[][]>;

/** Gradients of L^{(3)} (or of the steps given) by scalar autodiff. */
function reference(c: Part1Case, steps?: number[], params = c.params) {
  return referenceRnn(
    { ...(params as unknown as Tree), hInit: c.hInit },
    c.xs,
    { type: "softmax-ce", labels: c.labels, steps },
    "tanh",
  ).grads;
}

Deno.test("002-dl3du-third-term: the third term of dL3/dU loses both Jacobians", () => {
  const c = part1Case();
  const U = reference(c, [2]).U as Matrix;
  assertLess(relativeError(expansion("U", "right", c).sum, U), 1e-12);
  assertGreater(relativeError(expansion("U", "seed", c).sum, U), 0.3);
});

Deno.test("002-dl3dw-third-term: the third term of dL3/dW loses dh3/dh2", () => {
  const c = part1Case();
  const W = reference(c, [2]).W as Matrix;
  assertLess(relativeError(expansion("W", "right", c).sum, W), 1e-12);
  assertGreater(relativeError(expansion("W", "seed", c).sum, W), 0.3);
});

/** The seed's sequential updates, with autodiff gradients. */
function sequentialByReference(c: Part1Case, eta: number) {
  let params = { ...c.params };
  for (let i = 0; i < 3; i++) {
    const g = reference(c, [i], params);
    params = {
      ...params,
      U: sub(params.U, (g.U as Matrix).map((r) => r.map((x) => eta * x))),
      W: sub(params.W, (g.W as Matrix).map((r) => r.map((x) => eta * x))),
    };
  }
  return params;
}

Deno.test("002-sequential-updates: three per-step updates are not one gradient step on L", () => {
  const c = part1Case();
  const eta = LEARNING_RATE;
  const { sequential, gradientDescent } = updates(c);
  const byReference = sequentialByReference(c, eta);
  assertLess(relativeError(sequential.U, byReference.U), 1e-12);
  assertLess(relativeError(sequential.W, byReference.W), 1e-12);
  const g = reference(c);
  const gdU = sub(
    c.params.U,
    (g.U as Matrix).map((r) => r.map((x) => eta * x)),
  );
  assertLess(relativeError(gradientDescent.U, gdU), 1e-12);
  // The changes of U differ by far more than rounding …
  assertGreater(
    relativeError(sub(sequential.U, c.params.U), sub(gdU, c.params.U)),
    0.1,
  );
  assertEquals(
    byId["002-sequential-updates"].difference,
    relativeError(sub(sequential.U, c.params.U), sub(gdU, c.params.U)),
  );
  // … and agree to first order: at a tiny η the relative difference is tiny.
  const small = 1e-5;
  const tiny = sequentialByReference(c, small);
  const tinyGd = sub(
    c.params.U,
    (g.U as Matrix).map((r) => r.map((x) => small * x)),
  );
  assertLess(
    relativeError(sub(tiny.U, c.params.U), sub(tinyGd, c.params.U)),
    1e-3,
  );
});

Deno.test("002-recurrent-factor: the recurrent Jacobian has W, not U", () => {
  const c = part1Case();
  const { hs } = rnnForward(c.params, c.xs, {
    activation: "tanh",
    hInit: c.hInit,
  });
  // ∂h^{(3)}/∂h^{(1)} by finite differences: restart at step 2 from h^{(1)}.
  const numeric = finiteDifferenceJacobian(
    (h) =>
      rnnForward(c.params, c.xs.slice(1), { activation: "tanh", hInit: h })
        .hs[1],
    hs[0],
  );
  const { seed, right } = recurrentFactor(c);
  assertLess(relativeError(right, numeric), 1e-8);
  assertGreater(relativeError(seed, numeric), 0.5);
});

Deno.test("002-slopes-below-one: slopes below one and the gradient still explodes", () => {
  const r = tanhCase();
  // At the fixed point: slope 1 − h*² = 0.99, each factor 0.99 · 1.5.
  assertAlmostEquals(r.slope, 1 - 0.1 ** 2, 1e-12);
  assertAlmostEquals(r.slopeProduct, 0.99 ** 20, 1e-10);
  assertAlmostEquals(r.jacobian / (0.99 * 1.5) ** 20, 1, 1e-9);
  // Finite differences through twenty steps from h*.
  const params = { W: [[1.5]], U: [[0]], b: [r.b] };
  const xs = Array.from({ length: 21 }, () => [0]);
  const numeric = finiteDifferenceJacobian(
    (h) =>
      rnnForward(params, xs.slice(1), { activation: "tanh", hInit: h }).hs[19],
    [r.hStar],
    1e-9,
  )[0][0];
  assertAlmostEquals(numeric / r.jacobian, 1, 1e-4);
  assertLess(r.slopeProduct, 1);
  assertGreater(r.jacobian, 1000);
});

Deno.test("002-relu-explosion: a ReLU RNN with a small W vanishes", () => {
  const r = reluCase();
  assertEquals(r.slopeProduct, 1);
  assertEquals(r.jacobian, 0.5 ** 20);
  const params = { W: [[0.5]], U: [[0]], b: [r.b] };
  const xs = Array.from({ length: 21 }, () => [0]);
  const numeric = finiteDifferenceJacobian(
    (h) =>
      rnnForward(params, xs.slice(1), { activation: "relu", hInit: h }).hs[19],
    [r.hStar],
    0.01, // ReLU is linear here: a large step is exact and avoids cancellation
  )[0][0];
  assertAlmostEquals(numeric / r.jacobian, 1, 1e-8);
  // The same unit with w = 1.5 explodes: it is w that decides.
  assertAlmostEquals(fixedPoint("relu", 1.5, 1).jacobian, 1.5 ** 20, 1e-6);
});

// What seed 002 gets right.

Deno.test("002 right: dL/dV = sum_t (softmax(o_t) - e_y) h_t^T", () => {
  const c = part1Case();
  const trace = rnnForward(c.params, c.xs, {
    activation: "tanh",
    hInit: c.hInit,
  });
  let V: Matrix = zeros(4, 3);
  trace.ys.forEach((o, t) => {
    const p = softmax(o);
    p[c.labels[t]] -= 1;
    V = add(V, outer(p, trace.hs[t]));
  });
  assertLess(relativeError(V, reference(c).V as Matrix), 1e-12);
});

Deno.test("002 right: the first lines and the general formula give dL3/dU and dL3/dW", () => {
  const c = part1Case();
  const g = reference(c, [2]);
  for (const theta of ["U", "W"] as const) {
    const { terms, sum } = expansion(theta, "right", c);
    assertEquals(terms.length, 3);
    assertLess(relativeError(sum, g[theta] as Matrix), 1e-12);
  }
});

Deno.test("002 right: tanh' in (0, 1], sigmoid' in (0, 1/4], ReLU' in {0, 1}", () => {
  const zs = Array.from({ length: 4001 }, (_, i) => -20 + i / 100);
  const tanh = zs.map(tanhDerivative);
  const sig = zs.map(sigmoidDerivative);
  assertGreater(Math.min(...tanh), 0);
  assertEquals(Math.max(...tanh), 1);
  assertEquals(tanhDerivative(0), 1);
  assertGreater(Math.min(...sig), 0);
  assertEquals(Math.max(...sig), 0.25);
  assertEquals(new Set(zs.map(reluDerivative)), new Set([0, 1]));
});
