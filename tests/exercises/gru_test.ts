import { assert, assertEquals, assertLess } from "@std/assert";
import {
  CAROUSEL_GATES,
  compute,
  MODELS,
  setup,
  UPDATE_BIAS,
} from "../../scripts/exercises/gru.ts";
import { setup as rnn3cSetup } from "../../scripts/exercises/rnn-3c.ts";
import {
  compute as rnn3c,
  MAX_DISTANCE,
  MODELS as RNN3C_MODELS,
  TABLE_DISTANCES,
} from "../../scripts/exercises/rnn-3c.ts";
import { finiteDifferenceJacobian } from "../../scripts/lib/gradcheck.ts";
import type { GruParams } from "../../scripts/lib/gru.ts";
import { relativeError } from "../../scripts/lib/matrix.ts";
import type { Value } from "../../scripts/lib/autodiff.ts";
import { powerNorm, relative, sigmoid } from "../_independent.ts";
import { referenceGru } from "../_reference.ts";

const r = compute();
const { gru, xs, hInit } = setup();
const I = [[1, 0], [0, 1]];

// ∂h_t/∂h_0 for every t by scalar autodiff: h_0 (computed from hInit) becomes
// the leaves, the GRU runs on from step 1 on Values.
function autodiffJacobians(
  p: GruParams,
  gates: { z?: number } = {},
): number[][][] {
  const first = referenceGru(
    { ...p, hInit } as unknown as Record<string, number[][]>,
    xs.slice(0, 1),
    { type: "mse", targets: [[0, 0]] },
    gates,
  ).states[0].map((v) => v.data);
  const { states, leaves } = referenceGru(
    { ...p, hInit: first } as unknown as Record<string, number[][]>,
    xs.slice(1),
    { type: "mse", targets: xs.slice(1).map(() => [0, 0]) },
    gates,
  );
  const h0 = leaves.hInit as Value[];
  return [
    I,
    ...states.map((h) =>
      h.map((v) => {
        v.backward();
        return h0.map((leaf) => leaf.grad);
      })
    ),
  ];
}

// The GRU step written out with Math, for finite differences of the test's own.
function step(
  p: GruParams,
  h: number[],
  x: number[],
  zFixed?: number,
): number[] {
  const pre = (W: number[][], U: number[][], v: number[], b?: number[]) =>
    W.map((row, u) =>
      row.reduce((s, w, j) => s + w * v[j], 0) + U[u].reduce((s, w, j) =>
        s + w * x[j], 0) +
      (b ? b[u] : 0)
    );
  const z = zFixed === undefined
    ? pre(p.Wz, p.Uz, h, p.bz).map(sigmoid)
    : h.map(() => zFixed);
  const rr = pre(p.Wr, p.Ur, h, p.br).map(sigmoid);
  const g = pre(p.Wh, p.Uh, h.map((v, u) => rr[u] * v), p.bh).map(Math.tanh);
  return h.map((v, u) => z[u] * v + (1 - z[u]) * g[u]);
}

Deno.test("setup: the plain RNN, the LSTM and the inputs are rnn-3c's", () => {
  const own = setup(), theirs = rnn3cSetup();
  assertEquals(own.rnn, theirs.rnnParams);
  assertEquals(own.lstm, theirs.params);
  assertEquals(own.xs, theirs.xs);
  assertEquals(own.CInit, theirs.CInit);
});

Deno.test("the closed-form one-step Jacobian matches finite differences of a step written out with Math", () => {
  const trace = [hInit];
  for (let t = 0; t <= r.step.j; t++) trace.push(step(gru, trace[t], xs[t]));
  const fd = finiteDifferenceJacobian(
    (h) => step(gru, h, xs[r.step.j]),
    trace[r.step.j],
  );
  assertLess(relativeError(r.step.closedForm, fd), 1e-8);
  assertLess(relativeError(r.step.finiteDifference, fd), 1e-8);
  assertLess(r.step.error, 1e-8);
  // And the autodiff Jacobian ∂h_1/∂h_0.
  assertLess(
    relativeError(r.step.closedForm, autodiffJacobians(gru)[1]),
    1e-12,
  );
});

Deno.test("carousel: z = 1 held fixed gives ∂h_t/∂h_k = I exactly, by autodiff too, and the state never moves", () => {
  assert(r.carousel.exactlyIdentity && r.carousel.stateConstant);
  assertEquals(r.carousel.full, I);
  autodiffJacobians(gru, CAROUSEL_GATES).forEach((J, t) =>
    assertEquals(J, I, `t = ${t}`)
  );
  let h = hInit;
  for (const x of xs) {
    h = step(gru, h, x, 1);
    assertEquals(h, hInit);
  }
  assertLess(relativeError(r.carousel.finiteDifference, I), 1e-9);
});

Deno.test("gradient flow: the GRU lines against autodiff, the RNN and LSTM lines are rnn-3c's", () => {
  const biasGru = { ...gru, bz: [UPDATE_BIAS, UPDATE_BIAS] };
  const reference = {
    random: autodiffJacobians(gru),
    bias: autodiffJacobians(biasGru),
  };
  assertEquals(r.flow.length, 5 * (MAX_DISTANCE + 1));
  for (const key of ["random", "bias"] as const) {
    const rows = r.flow.filter((row) => row.model === MODELS[key]);
    rows.forEach((row) => {
      // powerNorm scales, so even norms near 10⁻³⁸ compare relatively.
      assertLess(
        relative(row.norm, powerNorm(reference[key][row.distance])),
        1e-8,
        `${key} at ${row.distance}`,
      );
    });
  }
  for (const row of r.flow.filter((row) => row.model === MODELS.carousel)) {
    assertEquals(row.norm, 1);
  }
  const theirs = rnn3c().flow;
  for (
    const [ours, their] of [[MODELS.rnn, RNN3C_MODELS.rnn], [
      MODELS.lstm,
      RNN3C_MODELS.forgetBias,
    ]]
  ) {
    assertEquals(
      r.flow.filter((row) => row.model === ours).map((row) => row.norm),
      theirs.filter((row) => row.model === their).map((row) => row.norm),
    );
  }
  assertEquals(r.flowRows.map((row) => row.distance), TABLE_DISTANCES);
  for (const row of r.flowRows) {
    assertLess(
      relative(row.random, powerNorm(reference.random[row.distance])),
      1e-8,
    );
    assertLess(
      relative(row.bias, powerNorm(reference.bias[row.distance])),
      1e-8,
    );
  }
  const half = MAX_DISTANCE / 2;
  const decay = (J: number[][][]) =>
    (powerNorm(J[MAX_DISTANCE]) / powerNorm(J[half])) ** (1 / half);
  assertLess(relative(r.decayPerStep.random, decay(reference.random)), 1e-8);
  assertLess(relative(r.decayPerStep.bias, decay(reference.bias)), 1e-8);
  // What the page says: the bias carries the gradient far better; all GRUs beat the plain RNN.
  assert(
    r.decayPerStep.bias > r.decayPerStep.random &&
      r.decayPerStep.random > r.decayPerStep.rnn,
  );
});

Deno.test("the biases on the page are the ones the networks are run with", () => {
  assertEquals(r.biases, { update: UPDATE_BIAS, forget: 3 });
  // The LSTM line is rnn-3c's forget-bias line (checked above), whose bias is 3.
  assertEquals(rnn3c().forgetBias.bias, r.biases.forget);
});

Deno.test("mean update gates, from a run written out with Math", () => {
  const cases: ["random" | "bias", GruParams][] = [
    ["random", gru],
    ["bias", { ...gru, bz: [UPDATE_BIAS, UPDATE_BIAS] }],
  ];
  for (const [key, p] of cases) {
    let h = hInit;
    const zs: number[] = [];
    for (const x of xs) {
      const z = p.Wz.map((row, u) =>
        sigmoid(
          row.reduce((s, w, j) => s + w * h[j], 0) + p.Uz[u].reduce((s, w, j) =>
            s + w * x[j], 0) +
            ((p as GruParams).bz?.[u] ?? 0),
        )
      );
      zs.push(...z);
      h = step(p, h, x);
    }
    assertLess(
      relative(r.meanUpdate[key], zs.reduce((a, b) => a + b, 0) / zs.length),
      1e-12,
    );
  }
});
