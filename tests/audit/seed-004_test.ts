import {
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
} from "@std/assert";
import {
  add,
  diag,
  finiteDifferenceJacobian,
  matmul,
  type Matrix,
  relativeError,
  reluDerivative,
  rnnForward,
  type RnnParams,
  seededRandom,
  sigmoidDerivative,
  spectralNorm,
  stateJacobian,
  tanhDerivative,
  type Vector,
  zeros,
} from "../../scripts/lib/mod.ts";
import {
  jacobianOrder,
  missingLastTerm,
  type NotesCase,
  notesCase,
  notesTerms,
  singlePath,
  threshold,
  thresholdCase,
} from "../../scripts/audit/seed-004.ts";
import { referenceRnn } from "../_reference.ts";

type Tree = Record<string, number[] | number[][]>;

/** `∂E/∂W_rec` for the losses `steps` (library indices), by scalar autodiff. */
function reference(c: NotesCase, steps?: number[]): Matrix {
  return referenceRnn(
    // The notes' output layer has no bias; the reference needs one: zero.
    { ...(c.params as unknown as Tree), c: [0, 0, 0], hInit: c.hInit },
    c.xs,
    { type: "softmax-ce", labels: c.labels, steps },
  ).grads.W as Matrix;
}

/** `∂h_T/∂h_{−1}` row by row by scalar autodiff (`T` the last library step). */
function jacobianByAutodiff(
  params: RnnParams,
  xs: Vector[],
  hInit: Vector,
): Matrix {
  const T = xs.length - 1;
  const hT = rnnForward(params, xs, { hInit }).hs[T];
  return hT.map((_, i) => {
    const targets = xs.map(() => hT.map(() => 0));
    targets[T] = hT.map((h, u) => h - (u === i ? 1 : 0));
    return referenceRnn(
      { W: params.W, U: params.U, hInit },
      xs,
      { type: "mse", targets, steps: [T] },
    ).grads.hInit as number[];
  });
}

Deno.test("004-single-path: the path through step 1 alone is not the gradient", () => {
  const c = notesCase();
  const E4 = reference(c, [3]);
  const { onePath, full } = singlePath(c);
  assertLess(relativeError(full, E4), 1e-12);
  assertGreater(relativeError(onePath, E4), 0.5);
});

Deno.test("004-jacobian-order: W times diag(f′) is the wrong order for this model", () => {
  const c = notesCase();
  const { hs } = rnnForward(c.params, c.xs, { hInit: c.hInit });
  // ∂h_4/∂h_1 by finite differences: restart at step 2 from a perturbed h_1.
  const numeric = finiteDifferenceJacobian(
    (h) => rnnForward(c.params, c.xs.slice(1), { hInit: h }).hs[2],
    hs[0],
  );
  const { previousStep, sameStep, right } = jacobianOrder(c);
  assertLess(relativeError(right, numeric), 1e-8);
  assertGreater(relativeError(previousStep, numeric), 0.3);
  assertGreater(relativeError(sameStep, numeric), 0.3);
});

Deno.test("004-missing-last-term: the sum over k must reach k = t", () => {
  const c = notesCase();
  const E = reference(c);
  const { withoutLast, full } = missingLastTerm(c);
  assertLess(relativeError(full, E), 1e-12);
  assertGreater(relativeError(withoutLast, E), 0.5);
  // For t = 1 the notes' inner sum is empty: E_1 would contribute nothing,
  // yet its own gradient is not zero.
  const E1 = reference(c, [0]);
  assertGreater(Math.hypot(...E1.flat()), 1e-3);
  const kept = notesTerms(c).filter((t) => t.t === 1 && t.k <= t.t - 1);
  assertEquals(kept.length, 0);
});

Deno.test("004-w-threshold: a sigmoid RNN with norm-3 W vanishes, it does not explode", () => {
  const { params, xs } = thresholdCase();
  const r = threshold();
  assertAlmostEquals(r.normW, 3, 1e-12);
  assertAlmostEquals(r.powerNorm / 3 ** 20, 1, 1e-10);
  // ∂h_20/∂h_0 exactly, by autodiff from h_0.
  const h0 = rnnForward(params, xs).hs[0];
  const rows = jacobianByAutodiff(params, xs.slice(1), h0);
  assertAlmostEquals(spectralNorm(rows) / r.jacobianNorm, 1, 1e-9);
  assertLess(r.jacobianNorm, (3 / 4) ** 20);
  assertGreater(r.powerNorm / r.jacobianNorm, 1e6);
});

// What seed 004 gets right.

Deno.test("004 right: dE/dW is the sum of the dE_t/dW", () => {
  const c = notesCase();
  const parts = [0, 1, 2, 3].map((t) => reference(c, [t]));
  const total = parts.reduce((a, p) => add(a, p), zeros(3, 3));
  assertLess(relativeError(total, reference(c)), 1e-12);
});

Deno.test("004 right: dh_t/dh_{t-1} = diag(sigma'(z_t)) W_rec, and the product 1", () => {
  const c = notesCase();
  const trace = rnnForward(c.params, c.xs, { hInit: c.hInit });
  const step = finiteDifferenceJacobian(
    (h) => rnnForward(c.params, c.xs.slice(2, 3), { hInit: h }).hs[0],
    trace.hs[1],
  );
  const formula = matmul(diag(trace.zs[2].map(sigmoidDerivative)), c.params.W);
  assertLess(relativeError(formula, step), 1e-8);
  assertLess(relativeError(stateJacobian(c.params, trace, 2, 1), step), 1e-8);
});

Deno.test("004 right: sigma' <= 1/4, tanh' <= 1, ReLU' <= 1", () => {
  const zs = Array.from({ length: 2001 }, (_, i) => -10 + i / 100);
  assertAlmostEquals(Math.max(...zs.map(sigmoidDerivative)), 0.25, 1e-15);
  assertAlmostEquals(Math.max(...zs.map(tanhDerivative)), 1, 1e-15);
  assertAlmostEquals(Math.max(...zs.map(reluDerivative)), 1, 0);
});

Deno.test("004 right: with norm(W) below 4 a sigmoid RNN's Jacobian shrinks geometrically", () => {
  const rng = seededRandom(4003);
  const raw = rng.matrix(3, 3);
  const W = raw.map((row) => row.map((x) => (3.5 * x) / spectralNorm(raw)));
  const params = { W, U: rng.matrix(3, 2) };
  const xs = Array.from({ length: 31 }, () => rng.vector(2));
  const trace = rnnForward(params, xs);
  for (const n of [5, 10, 20, 30]) {
    assertLess(
      spectralNorm(stateJacobian(params, trace, n, 0)),
      (3.5 / 4) ** n * (1 + 1e-12),
    );
  }
});
