import { assert, assertEquals, assertLess } from "@std/assert";
import { Value } from "../../scripts/lib/autodiff.ts";
import {
  compute,
  HIDDEN,
  MAX_DISTANCE,
  NILPOTENT_DISTANCE,
  NILPOTENT_W,
  SCALES,
} from "../../scripts/exercises/n4.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import type { Loss } from "../../scripts/lib/rnn.ts";
import {
  mul,
  plus,
  powerNorm,
  relative,
  rnnStates,
  scaled,
  sigmoid,
  sigmoidSlope,
  softmaxCrossEntropy,
  tanhSlope,
  transpose,
  vec,
} from "../_independent.ts";
import { referenceRnn } from "../_reference.ts";

const r = compute();

type M = number[][];

// The activations and their slopes in closed form, written out in
// tests/_independent.ts independently of scripts/lib/activations.ts.
const f = { sigmoid, tanh: Math.tanh };
const df = { sigmoid: sigmoidSlope, tanh: tanhSlope };

/**
 * ∂h_d/∂h_0 by scalar autodiff: run the reference RNN from h_0 over x_1 … x_d
 * with the loss ½‖h_d − (h_d − e_i)‖², whose gradient with respect to the
 * initial state is row i of the Jacobian.
 */
function autodiffJacobian(
  W: M,
  U: M,
  b: number[] | undefined,
  h0: number[],
  xs: number[][],
  act: "sigmoid" | "tanh",
): M {
  // h_d by a plain forward loop, for the targets.
  const h = rnnStates({ W, U, b, hInit: h0, f: f[act] }, xs).hs[xs.length - 1];
  return h.map((_, i) => {
    const targets = xs.map(() => new Array(h.length).fill(0));
    targets[xs.length - 1] = h.map((v, j) => v - (i === j ? 1 : 0));
    const loss: Loss = { type: "mse", targets, steps: [xs.length - 1] };
    const params: Record<string, number[] | M> = { W, U, hInit: h0 };
    if (b) params.b = b;
    return referenceRnn(params, xs, loss, act).grads.hInit as number[];
  });
}

const byKey = (activation: string, inputs: string, scale: number) =>
  r.cases.find((c) =>
    c.activation === activation && c.inputs === inputs && c.scale === scale
  )!;

Deno.test("n4: R is orthogonal, so ‖W_rec‖₂ = s", () => {
  assertLess(
    relative(mul(transpose(r.R), r.R), [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]),
    1e-14,
  );
  for (const c of r.cases) {
    assertLess(Math.abs(c.recurrentNorm - c.scale) / c.scale, 1e-13);
    assertLess(
      Math.abs(powerNorm(scaled(r.R, c.scale)) - c.scale) / c.scale,
      1e-12,
    );
  }
  assertEquals(r.cases.length, 2 * 2 * SCALES.length);
});

Deno.test("n4: ‖∂h_d/∂h_0‖₂ matches scalar autodiff and power iteration for every case", () => {
  // The initial states and biases as the script describes them: zeros with
  // random inputs; at the fixed point ½ (sigmoid, with b = −W ½) or 0 (tanh).
  for (const c of r.cases) {
    const W = scaled(r.R, c.scale);
    const fixed = c.inputs === "fixed point z = 0";
    const hInit = new Array(HIDDEN).fill(
      fixed && c.activation === "sigmoid" ? 0.5 : 0,
    );
    const b = fixed && c.activation === "sigmoid"
      ? vec(W, hInit).map((v) => -v)
      : undefined;
    const inputs = fixed
      ? Array.from({ length: MAX_DISTANCE + 1 }, () => [0, 0])
      : r.inputs;
    // h_0 from h_{−1} and x_0.
    const h0 = vec(W, hInit).map((v, i) =>
      f[c.activation](v + vec(r.Win, inputs[0])[i] + (b ? b[i] : 0))
    );
    for (const d of [1, 2, 5, 10, 30, MAX_DISTANCE]) {
      const J = autodiffJacobian(
        W,
        r.Win,
        b,
        h0,
        inputs.slice(1, d + 1),
        c.activation,
      );
      const norm = powerNorm(J);
      assertLess(
        Math.abs(c.norms[d] - norm) / norm,
        1e-9,
        `${c.activation}, ${c.inputs}, s = ${c.scale}, d = ${d}`,
      );
    }
    assertEquals(c.norms[0], 1); // ∂h_0/∂h_0 = I
  }
});

Deno.test("n4: at the fixed point ‖∂h_t/∂h_k‖₂ = (γ s)^{t−k} exactly, γ = 1/4 (sigmoid) and 1 (tanh)", () => {
  const gamma = { sigmoid: 1 / 4, tanh: 1 };
  for (const c of r.cases.filter((c) => c.inputs === "fixed point z = 0")) {
    c.norms.forEach((norm, d) => {
      const expected = (gamma[c.activation] * c.scale) ** d;
      assertLess(Math.abs(norm - expected) / expected, 1e-12);
    });
    assertLess(Math.abs(c.typicalMaxSlope - gamma[c.activation]), 1e-15);
  }
  assertEquals(r.thresholds, { sigmoid: 4, tanh: 1 });
});

Deno.test("n4: the bound ‖∂h_t/∂h_k‖₂ ≤ (γ ‖W_rec‖₂)^{t−k} holds on every computed case, and the tighter slope bound too", () => {
  const gamma = { sigmoid: 1 / 4, tanh: 1 };
  for (const c of r.cases) {
    assert(c.boundHolds);
    // Recompute the slopes met along the sequence with an independent forward pass.
    const W = scaled(r.R, c.scale);
    const fixed = c.inputs === "fixed point z = 0";
    let h = new Array(HIDDEN).fill(
      fixed && c.activation === "sigmoid" ? 0.5 : 0,
    );
    const b = fixed && c.activation === "sigmoid"
      ? vec(W, h).map((v) => -v)
      : undefined;
    let slopeBound = 1;
    for (let d = 0; d <= MAX_DISTANCE; d++) {
      const x = fixed ? [0, 0] : r.inputs[d];
      const z = vec(W, h).map((v, i) => v + vec(r.Win, x)[i] + (b ? b[i] : 0));
      h = z.map(f[c.activation]);
      if (d > 0) slopeBound *= Math.max(...z.map(df[c.activation])) * c.scale;
      const bound = (gamma[c.activation] * c.scale) ** d;
      assertLess(Math.abs(c.bounds[d] - bound) / bound, 1e-13);
      assertLess(Math.abs(c.slopeBounds[d] - slopeBound) / slopeBound, 1e-10);
      assert(
        c.norms[d] <= bound * (1 + 1e-12),
        `${c.activation} s = ${c.scale} d = ${d}`,
      );
      assert(c.norms[d] <= slopeBound * (1 + 1e-10));
    }
  }
});

Deno.test("n4: sigmoid with ‖W_rec‖₂ = 2 > 1 still vanishes, as the bound (2/4)^{t−k} guarantees", () => {
  const c = byKey("sigmoid", "random inputs", 2);
  assert(c.recurrentNorm > 1);
  assert(c.finalNorm <= 0.5 ** MAX_DISTANCE);
  assert(c.finalNorm < 1e-20);
});

Deno.test("n4: large W_rec is necessary but not sufficient for explosion: with random inputs every scale vanishes", () => {
  for (const c of r.cases.filter((c) => c.inputs === "random inputs")) {
    assert(c.finalNorm < 1e-5, `${c.activation} s = ${c.scale}`);
  }
  // Saturation: with s = 16 the typical largest slope is far below γ.
  assert(byKey("tanh", "random inputs", 16).typicalMaxSlope < 0.01);
  assert(byKey("sigmoid", "random inputs", 16).typicalMaxSlope < 0.25 / 2);
  // while at the fixed point the same weights explode.
  assert(byKey("sigmoid", "fixed point z = 0", 8).finalNorm > 1e15);
  assert(byKey("tanh", "fixed point z = 0", 2).finalNorm > 1e15);
  // and exactly at the threshold s = 1/γ the norm stays 1.
  assertLess(
    Math.abs(byKey("sigmoid", "fixed point z = 0", 4).finalNorm - 1),
    1e-12,
  );
  assertLess(
    Math.abs(byKey("tanh", "fixed point z = 0", 1).finalNorm - 1),
    1e-12,
  );
});

Deno.test("n4: the chart rows are the norms, all positive for the log scale", () => {
  assertEquals(r.rows.length, r.cases.length * (MAX_DISTANCE + 1));
  for (const row of r.rows) {
    const c = byKey(row.activation, row.inputs, row.scale);
    assertEquals(row.norm, c.norms[row.distance]);
    assert(row.norm > 0 && Number.isFinite(row.norm));
  }
});

// ## Seed 004's formulas, on the script's general-W network.

const problem = r.gradientProblem;
const P = problem.params as { W: M; U: M; b: number[]; V: M; c: number[] };

/** The states of the seed-004 network by a plain loop: zs[j], hs[j]. */
function forward(Ws: M[]) {
  return rnnStates(
    { W: (j) => Ws[j], U: P.U, b: P.b, hInit: problem.hInit, f: sigmoid },
    problem.xs,
  );
}

/** E_t = −log softmax(V h_t + c)[label_t], with a separate W at every step. */
function untiedLoss(Ws: M[]): number {
  const { hs } = forward(Ws);
  const y = vec(P.V, hs[problem.t]).map((v, i) => v + P.c[i]);
  return softmaxCrossEntropy(y, problem.labels[problem.t]);
}

const steps = problem.xs.length;
const tied = () => Array.from({ length: steps }, () => P.W);

Deno.test("n4: the full ∂E_t/∂W_rec matches finite differences and scalar autodiff", () => {
  const loss: Loss = {
    type: "softmax-ce",
    labels: problem.labels,
    steps: [problem.t],
  };
  const ref = referenceRnn({ ...P, hInit: problem.hInit }, problem.xs, loss);
  assertLess(relative(r.gradient.full, ref.grads.W as M), 1e-9);
  const fd = finiteDifferenceGradient(
    (p) => untiedLoss(Array.from({ length: steps }, () => p.W as M)),
    { W: P.W },
  );
  assertLess(relative(r.gradient.full, fd.W as M), 1e-6);
  const norm = Math.hypot(...(ref.grads.W as M).flat());
  assertLess(Math.abs(r.gradient.fullNorm - norm) / norm, 1e-9);
});

/** The terms by scalar autodiff: the gradient with respect to each step's copy of W. */
function untiedAutodiff(): M[] {
  const Ws = Array.from(
    { length: steps },
    () => P.W.map((row) => row.map((w) => new Value(w))),
  );
  let h = problem.hInit.map((v) => new Value(v));
  problem.xs.forEach((x, j) => {
    h = Ws[j].map((row, a) =>
      row.reduce(
        (s, w, b) => s.add(w.mul(h[b])),
        new Value(vec(P.U, x)[a] + P.b[a]),
      ).sigmoid()
    );
    if (j === problem.t) {
      const y = P.V.map((row, a) =>
        row.reduce((s, v, b) => s.add(h[b].mul(v)), new Value(P.c[a]))
      );
      const loss = y.reduce((s, v) => s.add(v.exp()), new Value(0)).log()
        .sub(y[problem.labels[problem.t]]);
      loss.backward();
    }
  });
  return Ws.slice(0, problem.t + 1).map((W) =>
    W.map((row) => row.map((w) => w.grad))
  );
}

Deno.test("n4: term k of the sum is the derivative with respect to the copy of W used at step k", () => {
  const terms = untiedAutodiff();
  const scale = Math.max(...r.gradient.full.flat().map(Math.abs));
  terms.forEach((term, k) => {
    const norm = Math.hypot(...term.flat());
    assertLess(Math.abs(r.gradient.termNorms[k] - norm) / norm, 1e-9);
    // Finite differences in the copy W_k alone, measured against the size of
    // the whole gradient (the smallest terms are below the differences' noise).
    const fd = finiteDifferenceGradient((p) => {
      const Ws = tied();
      Ws[k] = p.W as M;
      return untiedLoss(Ws);
    }, { W: P.W }).W as M;
    const worst = Math.max(
      ...fd.flat().map((x, i) => Math.abs(x - term.flat()[i])),
    );
    assertLess(worst / scale, 1e-6);
  });
  // The terms add up to the full gradient.
  const total = terms.reduce((a, b) => plus(a, b));
  assertLess(relative(total, r.gradient.full), 1e-12);
  // The seed's first formula keeps only k = 0; its second drops k = t.
  assertLess(relative(r.gradient.firstPathOnly, terms[0]), 1e-12);
  const withoutLast = terms.slice(0, problem.t).reduce((a, b) => plus(a, b));
  assertLess(relative(r.gradient.withoutLastTerm, withoutLast), 1e-12);
  assertLess(
    Math.abs(
      r.gradient.firstPathOnlyError - relative(terms[0], r.gradient.full),
    ),
    1e-6,
  );
  assertLess(
    Math.abs(
      r.gradient.withoutLastTermError - relative(withoutLast, r.gradient.full),
    ),
    1e-6,
  );
  // Both are far off: the single path carries almost nothing, and the dropped
  // term k = t is the largest.
  assert(r.gradient.firstPathOnlyError > 0.9);
  assert(r.gradient.withoutLastTermError > 0.5);
  const largest = Math.max(...r.gradient.termNorms);
  assertEquals(r.gradient.termNorms[problem.t], largest);
});

Deno.test("n4: the correct product diag(σ'(z_j)) W matches autodiff; the seed's order W diag(σ'(z_j)) does not", () => {
  const { k, t } = r.factorOrder;
  const { zs, hs } = forward(tied());
  const J = autodiffJacobian(
    P.W,
    P.U,
    P.b,
    hs[k],
    problem.xs.slice(k + 1, t + 1),
    "sigmoid",
  );
  assertLess(relative(r.factorOrder.correct, J), 1e-9);
  let swapped: M = P.W.map((_, i) => P.W.map((_, j) => (i === j ? 1 : 0)));
  for (let j = k + 1; j <= t; j++) {
    const D = zs[j].map((z, a) =>
      zs[j].map((_, b) => (a === b ? df.sigmoid(z) : 0))
    );
    swapped = mul(mul(P.W, D), swapped);
  }
  assertLess(relative(r.factorOrder.swapped, swapped), 1e-12);
  assertLess(Math.abs(r.factorOrder.swappedError - relative(swapped, J)), 1e-9);
  assert(r.factorOrder.swappedError > 0.1);
  assertLess(
    Math.abs(r.factorOrder.correctNorm - powerNorm(J)) / powerNorm(J),
    1e-9,
  );
  assertLess(
    Math.abs(r.factorOrder.swappedNorm - powerNorm(swapped)) /
      powerNorm(swapped),
    1e-9,
  );
});

Deno.test("n4: the seed's order with index j − 1 is ∂z_t/∂z_k, the Jacobian between pre-activations", () => {
  const { k, t } = r.factorOrder;
  const { zs } = forward(tied());
  // ∂z_t/∂z_k by scalar autodiff, one row at a time.
  const rows = zs[t].map((_, i) => {
    const leaves = zs[k].map((z) => new Value(z));
    let z: Value[] = leaves;
    for (let j = k + 1; j <= t; j++) {
      const h = z.map((v) => v.sigmoid());
      z = P.W.map((row, a) =>
        row.reduce(
          (s, w, b) => s.add(h[b].mul(w)),
          new Value(vec(P.U, problem.xs[j])[a] + P.b[a]),
        )
      );
    }
    z[i].backward();
    return leaves.map((leaf) => leaf.grad);
  });
  assertLess(relative(r.factorOrder.shifted, rows), 1e-12);
  assertLess(relative(r.factorOrder.preActivationJacobian, rows), 1e-6);
  assertLess(r.factorOrder.shiftedVsPreActivation, 1e-6);
  assert(r.factorOrder.shiftedError > 0.1, "and it is not ∂h_t/∂h_k");
});

Deno.test("n4: the gradient with the seed's order of the factors is wrong", () => {
  const { t } = problem;
  const { zs, hs } = forward(tied());
  const y = vec(P.V, hs[t]).map((v, i) => v + P.c[i]);
  const top = Math.max(...y);
  const e = y.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  const dy = e.map((v, i) => v / total - (i === problem.labels[t] ? 1 : 0));
  const dh = vec(transpose(P.V), dy);
  let gradient: M = P.W.map((row) => row.map(() => 0));
  for (let k = 0; k <= t; k++) {
    let g = dh;
    // gᵀ ∏_{j=k+1}^{t} W diag(σ'(z_j)), applied from the left end (j = t first).
    for (let j = t; j > k; j--) {
      g = vec(transpose(P.W), g).map((v, a) => v * df.sigmoid(zs[j][a]));
    }
    const dz = g.map((v, a) => v * df.sigmoid(zs[k][a]));
    const hPrev = k > 0 ? hs[k - 1] : problem.hInit;
    gradient = gradient.map((row, a) =>
      row.map((x, b) => x + dz[a] * hPrev[b])
    );
  }
  assertLess(relative(r.gradient.swappedOrder, gradient), 1e-12);
  assertLess(
    Math.abs(
      r.gradient.swappedOrderError - relative(gradient, r.gradient.full),
    ),
    1e-12,
  );
  assert(r.gradient.swappedOrderError > 0.05);
});

Deno.test("n4: γ‖W_rec‖₂ < 1 is sufficient, not necessary: W = [[0, 10], [0, 0]] has γ‖W‖₂ = 2.5 and ∂h_t/∂h_k = 0 from t − k = 2", () => {
  assertEquals(NILPOTENT_W, [[0, 10], [0, 0]]);
  assertEquals(r.nilpotent.W, NILPOTENT_W);
  // γ‖W‖₂ by power iteration: above 1, where the old text said vanishing
  // could not be guaranteed.
  assertLess(
    relative(r.nilpotent.boundFactor, 0.25 * powerNorm(NILPOTENT_W)),
    1e-12,
  );
  assert(r.nilpotent.boundFactor > 1);
  // Independently: h_d does not depend on h_0 at all for d ≥ 2 (a nudge of
  // h_0 leaves it bit for bit unchanged), so the Jacobian is exactly zero;
  // at d = 1 it does.
  const xs = r.inputs.slice(0, NILPOTENT_DISTANCE + 1);
  const U = r.Win.slice(0, 2);
  const base = rnnStates({ W: NILPOTENT_W, U, hInit: [0, 0], f: sigmoid }, xs);
  const h0 = base.hs[0];
  const from = (start: number[]) =>
    rnnStates(
      { W: NILPOTENT_W, U, hInit: start, f: sigmoid },
      xs.slice(1),
    ).hs;
  const nudged = from(h0.map((v) => v + 1e-3));
  const plain = from(h0);
  assert(nudged[0].some((v, i) => v !== plain[0][i]));
  for (let d = 2; d <= NILPOTENT_DISTANCE; d++) {
    assertEquals(nudged[d - 1], plain[d - 1], `d = ${d}`);
    assertEquals(r.nilpotent.norms[d], 0, `d = ${d}`);
  }
  assertEquals(r.nilpotent.norms.length, NILPOTENT_DISTANCE + 1);
  assert(r.nilpotent.norms[1] > 0);
});
