import { assert, assertEquals, assertGreater, assertLess } from "@std/assert";
import {
  diag,
  dot,
  finiteDifferenceGradient,
  finiteDifferenceJacobian,
  identity,
  lstmForward,
  type LstmParams,
  matmul,
  matpow,
  type Matrix,
  maxAbs,
  relativeError,
  rnnForward,
  stepJacobian,
  type Vector,
} from "../../scripts/lib/mod.ts";
import {
  backwardSignal,
  cellChain,
  derivativeReading,
  errata,
  lowerLimit,
  lstmCase,
  lstmLowerLimit,
  rnnCase,
  sameMatrix,
} from "../../scripts/audit/rnn-statement.ts";
import { referenceLstm, referenceRnn } from "../_reference.ts";

const byId = Object.fromEntries(errata().map((e) => [e.id, e]));

Deno.test("rnn-k-lower-limit: the sum from k = 1 misses the k = 0 terms unless h₋₁ = 0", () => {
  const c = rnnCase();
  const { fromOne, fromZero } = lowerLimit(c);
  const reference = referenceRnn(
    { W: c.params.W, U: c.params.U, hInit: c.hInit },
    c.xs,
    c.loss,
  ).grads.W as Matrix;
  // Ours (k from 0) is the gradient, by scalar autodiff.
  assertLess(relativeError(fromZero, reference), 1e-12);
  // The sheet's (k from 1) is not: more than 5 % off.
  assertGreater(relativeError(fromOne, reference), 0.05);
  assertEquals(
    byId["rnn-k-lower-limit"].difference,
    relativeError(fromOne, fromZero),
  );
  // With h_{-1} = 0 the sheet's sum is the gradient.
  const z = rnnCase(true);
  const zeroReference = referenceRnn(
    { W: z.params.W, U: z.params.U, hInit: z.hInit },
    z.xs,
    z.loss,
  ).grads.W as Matrix;
  assertLess(relativeError(lowerLimit(z).fromOne, zeroReference), 1e-12);
});

Deno.test("rnn-same-matrix: the cube of one step Jacobian is not the product of the three", () => {
  const c = rnnCase();
  const { product, power } = sameMatrix(c);
  // ∂h_3/∂h_0 by finite differences: restart the RNN at step 1 from a perturbed h_0.
  const h0 = rnnForward(c.params, c.xs, { hInit: c.hInit }).hs[0];
  const numeric = finiteDifferenceJacobian(
    (h) => rnnForward(c.params, c.xs.slice(1), { hInit: h }).hs[2],
    h0,
  );
  assertLess(relativeError(product, numeric), 1e-8);
  assertGreater(relativeError(power, numeric), 0.3);
  // Whichever step the single factor is taken from, its cube is wrong.
  const trace = rnnForward(c.params, c.xs, { hInit: c.hInit });
  for (const j of [1, 2, 3]) {
    assertGreater(
      relativeError(matpow(stepJacobian(c.params, trace, j), 3), numeric),
      0.1,
    );
  }
});

Deno.test("rnn-immediate-derivative: with total derivatives the double sum overcounts", () => {
  const c = rnnCase();
  const { totalReading, immediateReading } = derivativeReading(c);
  // The total-derivative reading, term by term with finite differences of g · h_k(W).
  let byDifferences: Matrix = c.params.W.map((row) => row.map(() => 0));
  for (let t = 0; t < c.xs.length; t++) {
    for (let k = 0; k <= t; k++) {
      const g = backwardSignal(c, t, k);
      const grad = finiteDifferenceGradient(
        (p) =>
          dot(
            g,
            rnnForward({ W: p.W as Matrix, U: c.params.U }, c.xs, {
              hInit: c.hInit,
            }).hs[k],
          ),
        { W: c.params.W },
      ).W as Matrix;
      byDifferences = byDifferences.map((row, i) =>
        row.map((x, j) => x + grad[i][j])
      );
    }
  }
  assertLess(relativeError(totalReading, byDifferences), 1e-8);
  const reference = referenceRnn(
    { W: c.params.W, U: c.params.U, hInit: c.hInit },
    c.xs,
    c.loss,
  ).grads.W as Matrix;
  assertLess(relativeError(immediateReading, reference), 1e-12);
  assertGreater(relativeError(totalReading, reference), 0.3);
});

/** The losses of steps 1…T when step 0 runs with `params` and the rest with `Wc`. */
function tailLoss(c: ReturnType<typeof lstmCase>, Wc: Matrix): number {
  const first = lstmForward(c.params, c.xs.slice(0, 1), {
    hInit: c.hInit,
    CInit: c.CInit,
  }).steps[0];
  const rest = lstmForward({ ...c.params, Wc }, c.xs.slice(1), {
    hInit: first.h,
    CInit: first.C,
  }).steps;
  return rest.reduce(
    (s, step, t) =>
      s +
      step.h.reduce(
        (a, h, u) => a + 0.5 * (h - c.loss.targets[t + 1][u]) ** 2,
        0,
      ),
    0,
  );
}

Deno.test("rnn-lstm-k-lower-limit: the steps k ≥ 1 miss the share of step 0 unless h₋₁ = 0", () => {
  const c = lstmCase();
  const { fromOne, fromZero } = lstmLowerLimit(c);
  const reference = referenceLstm(
    {
      ...(c.params as unknown as Record<string, number[][]>),
      hInit: c.hInit,
      CInit: c.CInit,
    } as unknown as Record<string, number[] | number[][]>,
    c.xs,
    c.loss,
  ).grads.Wc as Matrix;
  assertLess(relativeError(fromZero, reference), 1e-12);
  // The steps k ≥ 1 alone, by finite differences on untied weights.
  const tail = finiteDifferenceGradient(
    (p) => tailLoss(c, p.Wc as Matrix),
    { Wc: c.params.Wc },
  ).Wc as Matrix;
  assertLess(relativeError(fromOne, tail), 1e-8);
  assertGreater(relativeError(fromOne, reference), 0.1);
  // With h_{-1} = 0 the share of step 0 is zero: W_c acts on h_{-1} there.
  const z = lstmCase(true);
  assertLess(maxAbs(lstmLowerLimit(z).kZero), 1e-15);
});

Deno.test("rnn-cell-chain-rule: full one-step Jacobians do not multiply to the full Jacobian", () => {
  const c = lstmCase();
  const { productOfSteps, full, highway, highwayProduct } = cellChain(c);
  const trace = lstmForward(c.params, c.xs, { hInit: c.hInit, CInit: c.CInit });
  const s = trace.steps;
  // Perturb C_k, with h_k = o_k ⊙ tanh(C_k) following it (o_k depends on h_{k−1} only).
  const restart = (k: number, steps: number) => (C: Vector) =>
    lstmForward(c.params as LstmParams, c.xs.slice(k + 1, k + 1 + steps), {
      hInit: C.map((x, u) => s[k].o[u] * Math.tanh(x)),
      CInit: C,
    }).steps[steps - 1].C;
  const numericFull = finiteDifferenceJacobian(restart(0, 3), s[0].C);
  assertLess(relativeError(full, numericFull), 1e-8);
  let numericProduct = identity(2);
  for (let i = 1; i <= 3; i++) {
    numericProduct = matmul(
      finiteDifferenceJacobian(restart(i - 1, 1), s[i - 1].C),
      numericProduct,
    );
  }
  assertLess(relativeError(productOfSteps, numericProduct), 1e-8);
  assertGreater(relativeError(numericProduct, numericFull), 0.03);
  // On the direct path alone the formula is exact: diag(f_1 ⊙ f_2 ⊙ f_3).
  const fProduct = s[1].f.map((f, u) => f * s[2].f[u] * s[3].f[u]);
  assertLess(relativeError(highway, diag(fProduct)), 1e-15);
  assertEquals(highway, highwayProduct);
  assert(byId["rnn-cell-chain-rule"].severity === "imprecise");
});
