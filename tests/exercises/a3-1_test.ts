import { assert, assertEquals, assertGreater, assertLess } from "@std/assert";
import { sum, Value } from "../../scripts/lib/autodiff.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import { relativeError } from "../../scripts/lib/matrix.ts";
import { rnnForward, rnnLoss, type RnnParams } from "../../scripts/lib/rnn.ts";
import {
  type A31Params,
  compute,
  example,
} from "../../scripts/exercises/a3-1.ts";
import { referenceRnn } from "../_reference.ts";

const r = compute();
const { params, xs, labels } = example();
const T = xs.length;

/** The page's network, scalar by scalar: the loss from a given state `h_t` on. */
function lossFromState(
  p: A31Params,
  state: number[],
  t: number,
): number {
  const affine = (M: number[][], v: number[]) =>
    M.map((row) => row.reduce((s, m, j) => s + m * v[j], 0));
  const stepLoss = (h: number[], label: number) => {
    const u = affine(p.Whz, h).map((v, i) => v + p.bz[i]);
    return Math.log(u.reduce((s, v) => s + Math.exp(v), 0)) - u[label];
  };
  let h = state;
  let total = stepLoss(h, labels[t]);
  for (let s = t + 1; s < T; s++) {
    const a = affine(p.Whh, h), b = affine(p.Wsh, xs[s]);
    h = a.map((v, i) => Math.tanh(v + b[i] + p.bh[i]));
    total += stepLoss(h, labels[s]);
  }
  return total;
}

/** The same function on autodiff values: `∂(L_t + … + L_T)/∂h_t`. */
function autodiffStateGradient(p: A31Params, state: number[], t: number) {
  const lift = (M: number[][]) => M.map((row) => row.map((v) => new Value(v)));
  const Whh = lift(p.Whh), Wsh = lift(p.Wsh), Whz = lift(p.Whz);
  const affine = (M: Value[][], v: Value[]) =>
    M.map((row) => sum(row.map((m, j) => m.mul(v[j]))));
  const stepLoss = (h: Value[], label: number) => {
    const u = affine(Whz, h).map((v, i) => v.add(p.bz[i]));
    return sum(u.map((v) => v.exp())).log().sub(u[label]);
  };
  const start = state.map((v) => new Value(v));
  let h = start;
  let total = stepLoss(h, labels[t]);
  for (let s = t + 1; s < T; s++) {
    const a = affine(Whh, h);
    const b = affine(Wsh, xs[s].map((v) => new Value(v)));
    h = a.map((v, i) => v.add(b[i]).add(p.bh[i]).tanh());
    total = total.add(stepLoss(h, labels[s]));
  }
  total.backward();
  return start.map((v) => v.grad);
}

/** All parameters under the reference's (core) names. */
const tree = {
  U: params.Wsh,
  W: params.Whh,
  V: params.Whz,
  b: params.bh,
  c: params.bz,
};
const ceLoss = { type: "softmax-ce" as const, labels };
const reference = referenceRnn(tree, xs, ceLoss, "tanh");
const fd = finiteDifferenceGradient(
  (p) =>
    rnnLoss(
      rnnForward(p as unknown as RnnParams, xs, { activation: "tanh" }),
      ceLoss,
    ),
  tree,
);

Deno.test("a3-1: the sizes differ (n ≠ d) and the weights have the shapes n×d, n×n, c×n", () => {
  const { d, n, c } = r.sizes;
  assert(n !== d);
  assertEquals([params.Wsh.length, params.Wsh[0].length], [n, d]);
  assertEquals([params.Whh.length, params.Whh[0].length], [n, n]);
  assertEquals([params.Whz.length, params.Whz[0].length], [c, n]);
  assertEquals([r.gradWhz.length, r.gradWhz[0].length], [c, n]);
  assertEquals([r.gradWhh.length, r.gradWhh[0].length], [n, n]);
});

Deno.test("a3-1: states, probabilities and loss match a hand-written forward pass and the autodiff reference", () => {
  let h = [0, 0, 0];
  let loss = 0;
  for (let t = 0; t < T; t++) {
    h = params.Whh.map((row, i) =>
      Math.tanh(
        row.reduce((s, w, j) => s + w * h[j], 0) +
          params.Wsh[i].reduce((s, w, j) => s + w * xs[t][j], 0) +
          params.bh[i],
      )
    );
    const u = params.Whz.map((row, i) =>
      row.reduce((s, w, j) => s + w * h[j], 0) + params.bz[i]
    );
    const total = u.reduce((s, v) => s + Math.exp(v), 0);
    const z = u.map((v) => Math.exp(v) / total);
    assertLess(relativeError(r.hs[t], h), 1e-14);
    assertLess(relativeError(r.zs[t], z), 1e-14);
    loss -= Math.log(z[labels[t]]);
  }
  assertLess(Math.abs(r.loss - loss) / loss, 1e-14);
  assertLess(Math.abs(r.loss - reference.loss) / loss, 1e-14);
});

Deno.test("a3-1: ∂L/∂W_hz matches finite differences and autodiff", () => {
  assertLess(relativeError(r.gradWhz, fd.V), 1e-6);
  assertLess(relativeError(r.gradWhz, reference.grads.V), 1e-9);
});

Deno.test("a3-1: ∂L/∂W_hh matches finite differences and autodiff", () => {
  assertLess(relativeError(r.gradWhh, fd.W), 1e-6);
  assertLess(relativeError(r.gradWhh, reference.grads.W), 1e-9);
});

Deno.test("a3-1: the formulas agree with the core library's rnnBptt", () => {
  assertLess(r.coreAgreement.gradWhz, 1e-12);
  assertLess(r.coreAgreement.gradWhh, 1e-12);
});

Deno.test("a3-1: δ_t = ∂L/∂h_t matches finite differences and autodiff at every step", () => {
  for (let t = 0; t < T; t++) {
    const numeric = finiteDifferenceGradient(
      (p) => lossFromState(params, p.h as number[], t),
      { h: r.hs[t] },
    ).h as number[];
    const auto = autodiffStateGradient(params, r.hs[t], t);
    assertLess(relativeError(r.deltas[t], numeric), 1e-6, `t = ${t + 1}`);
    assertLess(relativeError(r.deltas[t], auto), 1e-9, `t = ${t + 1}`);
    const parts = r.directStateGradients[t].map((g, i) =>
      g + r.futureStateGradients[t][i]
    );
    assertLess(relativeError(parts, auto), 1e-9);
  }
});

Deno.test("a3-1: the last state gradient is not zero: δ_T = W_hzᵀ(z_T − onehot(y_T))", () => {
  const last = T - 1;
  const error = r.zs[last].map((z, i) => z - (i === labels[last] ? 1 : 0));
  const expected = params.Whh.map((_, k) =>
    params.Whz.reduce((s, row, l) => s + row[k] * error[l], 0)
  );
  assertLess(relativeError(r.deltas[last], expected), 1e-12);
  assert(r.futureStateGradients[last].every((v) => v === 0));
  assertLess(
    Math.abs(r.lastDeltaNorm - Math.hypot(...expected)) / r.lastDeltaNorm,
    1e-12,
  );
  assertGreater(r.lastDeltaNorm, 0.1);
});

Deno.test("a3-1: seed 001's formula for ∂L/∂W_hz, taken literally, is right", () => {
  assertLess(relativeError(r.seedGradWhz, reference.grads.V), 1e-9);
  assertLess(relativeError(r.seedGradWhz, fd.V), 1e-6);
  assertLess(r.seedGradWhzRelativeError, 1e-12);
});

/**
 * Seed 001's recursion written a second way, with vectors: the future term is
 * `diag(W_hh) ⊙ (1 − h²_{t+1}) ⊙ δ_{t+1}` (or the full `W_hhᵀ(…)`), the direct
 * term `W_hzᵀ(z_t − onehot)`.
 */
function vectorRecursion(
  p: A31Params,
  hs: number[][],
  zs: number[][],
  keepOffDiagonal: boolean,
  lastStepZero: boolean,
) {
  const n = hs[0].length;
  const deltas: number[][] = [];
  let next: number[] | undefined;
  for (let t = T - 1; t >= 0; t--) {
    const error = zs[t].map((z, i) => z - (i === labels[t] ? 1 : 0));
    let delta = Array.from(
      { length: n },
      (_, k) => p.Whz.reduce((s, row, l) => s + row[k] * error[l], 0),
    );
    if (t === T - 1 && lastStepZero) delta = delta.map(() => 0);
    if (next) {
      const g = next.map((v, i) => v * (1 - hs[t + 1][i] ** 2));
      const future = keepOffDiagonal
        ? Array.from(
          { length: n },
          (_, k) => g.reduce((s, gi, i) => s + gi * p.Whh[i][k], 0),
        )
        : g.map((gk, k) => gk * p.Whh[k][k]);
      delta = delta.map((v, k) => v + future[k]);
    }
    deltas[t] = delta;
    next = delta;
  }
  const grad = Array.from(
    { length: n },
    (_, i) =>
      Array.from({ length: n }, (_, j) =>
        deltas.reduce(
          (s, d, t) =>
            s + d[i] * (1 - hs[t][i] ** 2) * (t > 0 ? hs[t - 1][j] : 0),
          0,
        )),
  );
  return { deltas, grad };
}

Deno.test("a3-1: seed 001's recursion, evaluated literally, matches a vector rewrite of it, and is far from the gradient", () => {
  const cases = [
    [r.seedVariants.asWritten, false, true],
    [r.seedVariants.diagonalOnly, false, false],
    [r.seedVariants.lastStepZeroOnly, true, true],
    [r.seedVariants.bothFixed, true, false],
  ] as const;
  for (const [variant, off, zero] of cases) {
    const v = vectorRecursion(params, r.hs, r.zs, off, zero);
    assertLess(relativeError(variant.gradWhh, v.grad), 1e-12, variant.name);
    v.deltas.forEach((d, t) =>
      assertLess(relativeError(variant.stateGradients[t], d), 1e-12)
    );
    const distance = relativeError(v.grad, reference.grads.W);
    assertLess(
      Math.abs(variant.relativeError - distance),
      1e-9,
      variant.name,
    );
  }
  // each mistake alone already gives a wrong gradient; fixing both gives the right one
  assertGreater(r.seedVariants.asWritten.relativeError, 0.1);
  assertGreater(r.seedVariants.diagonalOnly.relativeError, 0.1);
  assertGreater(r.seedVariants.lastStepZeroOnly.relativeError, 0.1);
  assertLess(r.seedVariants.bothFixed.relativeError, 1e-12);
  assertLess(relativeError(r.seedVariants.bothFixed.gradWhh, fd.W), 1e-6);
});

Deno.test("a3-1: with a diagonal W_hh the seed's diagonal-only recursion is exact", () => {
  const diagonal: A31Params = {
    ...params,
    Whh: params.Whh.map((row, i) => row.map((w, j) => i === j ? w : 0)),
  };
  const ref = referenceRnn({ ...tree, W: diagonal.Whh }, xs, ceLoss, "tanh");
  // states and probabilities of the diagonal network, written out here
  const hs: number[][] = [];
  const zs: number[][] = [];
  let h = [0, 0, 0];
  for (let t = 0; t < T; t++) {
    h = h.map((_, i) =>
      Math.tanh(
        diagonal.Whh[i][i] * h[i] +
          diagonal.Wsh[i].reduce((s, w, j) => s + w * xs[t][j], 0) +
          diagonal.bh[i],
      )
    );
    const u = diagonal.Whz.map((row, i) =>
      row.reduce((s, w, j) => s + w * h[j], 0) + diagonal.bz[i]
    );
    const total = u.reduce((s, v) => s + Math.exp(v), 0);
    hs.push(h);
    zs.push(u.map((v) => Math.exp(v) / total));
  }
  const v = vectorRecursion(diagonal, hs, zs, false, false);
  assertLess(relativeError(v.grad, ref.grads.W), 1e-9);
  assertLess(r.diagonalWhhCheck, 1e-12);
});
