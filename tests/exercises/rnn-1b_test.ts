import { assert, assertEquals, assertLess } from "@std/assert";
import { sum } from "../../scripts/lib/autodiff.ts";
import { compute, type Rnn1bCase } from "../../scripts/exercises/rnn-1b.ts";
import { plus, relative, scaled } from "../_independent.ts";
import { referenceRnn, untiedRnn } from "../_reference.ts";

const r = compute();
const cases: Rnn1bCase[] = [r.nonZeroInit, r.zeroInit];

const zero = () => r.W.map((row) => row.map(() => 0));

/**
 * An "untied" RNN on autodiff scalars: step k uses its own copy W_k of W.
 * `∂L_t/∂W_k` at W_k = W is exactly the term (t, k) of the double sum, because
 * the copy W_k reaches the loss only through the direct dependence of h_k.
 * Returns the states and, for the loss L_t alone, the gradients of all copies.
 */
function untiedGradients(hInit: number[], t: number) {
  const { copies, states } = untiedRnn(r.W, r.U, hInit, r.xs);
  sum(states[t].map((hi, i) => {
    const e = hi.sub(r.targets[t][i]);
    return e.mul(e).mul(0.5);
  })).backward();
  return {
    states: states.map((h) => h.map((v) => v.data)),
    grads: copies.map((W) => W.map((row) => row.map((w) => w.grad))),
  };
}

/** Every term (t, k) by the untied autodiff, as a map "t,k" → matrix. */
function referenceTerms(hInit: number[]): Map<string, number[][]> {
  const terms = new Map<string, number[][]>();
  for (let t = 0; t <= r.T; t++) {
    const { grads } = untiedGradients(hInit, t);
    for (let k = 0; k <= t; k++) terms.set(`${t},${k}`, grads[k]);
  }
  return terms;
}

/** ∂L/∂W by central differences on the reference (autodiff) forward pass. */
function finiteDifferences(hInit: number[], h = 1e-6): number[][] {
  const lossAt = (W: number[][]) =>
    referenceRnn({ W, U: r.U, hInit }, r.xs, {
      type: "mse",
      targets: r.targets,
    }).loss;
  return r.W.map((row, i) =>
    row.map((_, j) => {
      const shifted = (by: number) =>
        r.W.map((rw, a) => rw.map((w, b) => (a === i && b === j ? w + by : w)));
      return (lossAt(shifted(h)) - lossAt(shifted(-h))) / (2 * h);
    })
  );
}

Deno.test("rnn-1b: the example has T = 3, ten terms, four of them with k = 0", () => {
  assertEquals(r.T, 3);
  assertEquals(r.termCount, 10);
  assertEquals(r.kZeroTermCount, 4);
  for (const c of cases) {
    assertEquals(c.terms.map(({ t, k }) => [t, k]), [
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
      [2, 2],
      [3, 0],
      [3, 1],
      [3, 2],
      [3, 3],
    ]);
  }
  assert(r.nonZeroInit.hInit.every((v) => v !== 0));
  assert(r.zeroInit.hInit.every((v) => v === 0));
});

for (const c of cases) {
  const reference = referenceRnn(
    { W: r.W, U: r.U, hInit: c.hInit },
    r.xs,
    { type: "mse", targets: r.targets },
  );
  const terms = referenceTerms(c.hInit);

  Deno.test(`rnn-1b (${c.label}): states and loss match the autodiff forward pass`, () => {
    assertLess(Math.abs(c.loss - reference.loss), 1e-14);
    const { states } = untiedGradients(c.hInit, 0);
    assertLess(relative(c.states, states), 1e-14);
  });

  Deno.test(`rnn-1b (${c.label}): each term equals ∂L_t/∂W_k of an untied RNN (autodiff)`, () => {
    for (const term of c.terms) {
      const expected = terms.get(`${term.t},${term.k}`)!;
      const size = Math.max(...expected.flat().map(Math.abs));
      const diff = Math.max(
        ...term.value.flatMap((row, i) =>
          row.map((v, j) => Math.abs(v - expected[i][j]))
        ),
      );
      assertLess(diff, 1e-15 + 1e-12 * size, `term (${term.t}, ${term.k})`);
      assertLess(
        Math.abs(term.norm - Math.hypot(...expected.flat())),
        1e-15 + 1e-12 * term.norm,
      );
    }
  });

  Deno.test(`rnn-1b (${c.label}): the sum of the terms is the gradient (autodiff and finite differences)`, () => {
    const W = reference.grads.W as number[][];
    assertLess(relative(c.termSum, W), 1e-9);
    assertLess(relative(c.bpttGradient, W), 1e-9);
    assertLess(relative(c.termSum, finiteDifferences(c.hInit)), 1e-6);
    assertLess(relative(c.finiteDifferenceGradient, W), 1e-6);
    // The reported agreements are at the level of rounding and of finite differences.
    assertLess(c.termSumVsBptt, 1e-14);
    assertLess(c.termSumVsFiniteDifference, 1e-8);
  });

  Deno.test(`rnn-1b (${c.label}): the k = 0 part and the sum from k = 1`, () => {
    const W = reference.grads.W as number[][];
    let kZero = zero();
    for (let t = 0; t <= r.T; t++) kZero = plus(kZero, terms.get(`${t},0`)!);
    assertLess(
      Math.max(
        ...c.kZeroSum.flat().map((v, i) => Math.abs(v - kZero.flat()[i])),
      ),
      1e-15,
    );
    assertLess(Math.abs(c.kZeroNorm - Math.hypot(...kZero.flat())), 1e-15);
    assertLess(
      Math.abs(
        c.kZeroShare - Math.hypot(...kZero.flat()) / Math.hypot(...W.flat()),
      ),
      1e-12,
    );
    // Σ_{k ≥ 1} = gradient − Σ_{k = 0}, computed from the autodiff answers.
    const fromOne = plus(W, scaled(kZero, -1));
    assertLess(relative(c.kFromOneSum, fromOne), 1e-9);
    assertLess(Math.abs(c.kFromOneRelativeError - relative(fromOne, W)), 1e-9);
  });

  Deno.test(`rnn-1b (${c.label}): reading ∂h_k/∂W as a total derivative counts term (t, j) t − j + 1 times`, () => {
    // dh_k/dW = Σ_{j ≤ k} ∂h_k/∂h_j ∂⁺h_j/∂W, so the misread double sum is
    // Σ_t Σ_j (t − j + 1) · term(t, j).
    let expected = zero();
    for (let t = 0; t <= r.T; t++) {
      for (let j = 0; j <= t; j++) {
        expected = plus(expected, scaled(terms.get(`${t},${j}`)!, t - j + 1));
      }
    }
    assertLess(relative(c.totalDerivativeReadingSum, expected), 1e-12);
    const W = reference.grads.W as number[][];
    assertLess(
      Math.abs(c.totalDerivativeReadingRelativeError - relative(expected, W)),
      1e-9,
    );
    assert(
      c.totalDerivativeReadingRelativeError > 0.05,
      "the misreading is visibly wrong",
    );
  });
}

Deno.test("rnn-1b: with h_{-1} ≠ 0 the k = 0 terms are not zero and k = 1 misses a large part", () => {
  const c = r.nonZeroInit;
  assertEquals(c.kZeroTermsAllZero, false);
  for (const term of c.terms.filter((term) => term.k === 0)) {
    assert(term.norm > 1e-4);
  }
  assert(c.kZeroNorm > 0.01);
  assert(c.kFromOneRelativeError > 0.1);
});

Deno.test("rnn-1b: with h_{-1} = 0 the k = 0 terms vanish and k = 1 is exact", () => {
  const c = r.zeroInit;
  assertEquals(c.kZeroTermsAllZero, true);
  assert(
    c.terms.filter((term) => term.k === 0).every((term) => term.norm === 0),
  );
  assertEquals(c.kZeroNorm, 0);
  assertLess(c.kFromOneRelativeError, 1e-14);
});
