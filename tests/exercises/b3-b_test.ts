import { assert, assertEquals, assertLess } from "@std/assert";
import { createMath } from "../../scripts/lib/mathjs.ts";
import {
  CHART_STEP,
  compute,
  PRODUCT_STEPS,
  Z_MAX,
} from "../../scripts/exercises/b3-b.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import type { Loss } from "../../scripts/lib/rnn.ts";
import {
  mul,
  powerNorm,
  relative,
  rnnStates,
  sigmoidSlope,
  softmaxCrossEntropy,
  tanhSlope,
  transpose,
  vec,
} from "../_independent.ts";
import { referenceRnn } from "../_reference.ts";

const r = compute();

type M = number[][];

// Closed forms, written out in tests/_independent.ts: σ'(z) = e^{−z}/(1 + e^{−z})², tanh'(z) = 1/cosh²(z).
const closedForm: Record<string, (z: number) => number> = {
  "σ′(z)": sigmoidSlope,
  "tanh′(z)": tanhSlope,
  "ReLU′(z)": (z) => (z > 0 ? 1 : 0),
};

const P = r.params as { W: M; U: M; b: number[]; V: M; c: number[] };

/**
 * The network of the seed, step by step: a = b + W h + U x, h = tanh(a), from
 * h = 0. `U` may be a function giving the copy of U used at step j.
 */
function forward(U: M | ((j: number) => M) = P.U) {
  const { zs: as, hs } = rnnStates(
    { W: P.W, U, b: P.b, hInit: [0, 0, 0], f: Math.tanh },
    r.xs,
  );
  return { as, hs };
}

/** L⁽³⁾ = −log softmax(V h⁽³⁾ + c)[label⁽³⁾]. */
function lossOf(U: M | ((j: number) => M)): number {
  const { hs } = forward(U);
  const o = vec(P.V, hs[r.t - 1]).map((v, i) => v + P.c[i]);
  return softmaxCrossEntropy(o, r.labels[r.t - 1]);
}

Deno.test("b3-b: the sum over k of the general formula equals ∂L⁽³⁾/∂U from finite differences and autodiff", () => {
  const loss: Loss = {
    type: "softmax-ce",
    labels: r.labels,
    steps: [r.t - 1],
  };
  const ref = referenceRnn(P, r.xs, loss, "tanh");
  assertLess(relative(r.gradientU, ref.grads.U as M), 1e-9);
  assertLess(relative(r.termSum, ref.grads.U as M), 1e-9);
  const fd = finiteDifferenceGradient((p) => lossOf(p.U as M), { U: P.U });
  assertLess(relative(r.termSum, fd.U as M), 1e-6);
  assertLess(r.termSumError, 1e-12);
});

Deno.test("b3-b: term k is the derivative with respect to the copy of U used at step k", () => {
  for (const term of r.terms) {
    // Perturb U only where it multiplies x⁽ᵏ⁾: same as shifting x⁽ᵏ⁾'s
    // contribution, done here with a forward pass that takes one U per step.
    const fd = finiteDifferenceGradient(
      (p) => lossOf((j) => j === term.k - 1 ? (p.U as M) : P.U),
      { U: P.U },
    );
    assertLess(relative(term.value, fd.U as M), 1e-6);
    assertLess(
      Math.abs(term.norm - Math.hypot(...term.value.flat())),
      1e-15,
    );
  }
  assertEquals(r.terms.map((term) => term.k), [1, 2, 3]);
});

Deno.test("b3-b: the seed's Jacobian with U in place of W is wrong, and so is the gradient built from it", () => {
  const { as } = forward();
  const D = (j: number) =>
    as[j].map((a, i) =>
      as[j].map((_, k) => (i === k ? 1 / Math.cosh(a) ** 2 : 0))
    );
  const correct = mul(mul(D(2), P.W), mul(D(1), P.W));
  const withU = mul(mul(D(2), P.U), mul(D(1), P.U));
  assertLess(relative(r.seedJacobian.correct, correct), 1e-12);
  assertLess(relative(r.seedJacobian.withU, withU), 1e-12);
  assertLess(
    Math.abs(r.seedJacobian.error - relative(withU, correct)),
    1e-12,
  );
  assert(r.seedJacobian.error > 0.1);
  assert(r.seedJacobian.gradientError > 0.1);
  // The correct Jacobian agrees with central differences of h⁽³⁾ in h⁽¹⁾.
  const { hs } = forward();
  const h3 = (h1: number[]) => {
    let h = h1;
    for (let j = 1; j <= 2; j++) {
      h = vec(P.W, h).map((v, i) =>
        Math.tanh(v + vec(P.U, r.xs[j])[i] + P.b[i])
      );
    }
    return h;
  };
  const eps = 1e-5;
  const fdJ = hs[0].map((_, col) => {
    const up = hs[0].map((v, i) => (i === col ? v + eps : v));
    const down = hs[0].map((v, i) => (i === col ? v - eps : v));
    return h3(up).map((v, i) => (v - h3(down)[i]) / (2 * eps));
  });
  assertLess(relative(r.seedJacobian.correct, transpose(fdJ)), 1e-6);
});

Deno.test("b3-b: the maxima are 1/4 (sigmoid) and 1 (tanh), at z = 0", () => {
  const [sig, tanh] = r.maxima;
  assertEquals([sig.activation, tanh.activation], ["sigmoid", "tanh"]);
  assertLess(Math.abs(sig.max - 1 / 4) / (1 / 4), 1e-15);
  assertLess(Math.abs(tanh.max - 1), 1e-15);
  // A maximum is flat: a change δ in z changes the value by δ²·f''/2, so the
  // location is only determined to about √ε ≈ 10⁻⁸.
  assertLess(Math.abs(sig.argmax), 1e-6);
  assertLess(Math.abs(tanh.argmax), 1e-6);
  assertEquals([sig.gridArgmax, tanh.gridArgmax], [0, 0]);
  assertLess(Math.abs(sig.maxError - Math.abs(sig.max - 0.25) / 0.25), 1e-20);
  // The closed forms the page shows and the self-checks ask for: each
  // derivative at z = 0, σ(0)(1 − σ(0)) and 1 − tanh²(0), here by Math.
  const s0 = 1 / (1 + Math.exp(-0));
  assertEquals(sig.closedFormMax, s0 * (1 - s0));
  assertEquals(tanh.closedFormMax, 1 - Math.tanh(0) ** 2);
});

Deno.test("b3-b: the chart values match the closed forms, and the ranges are (0, 1/4], (0, 1] and {0, 1}", () => {
  const count = Math.round((2 * Z_MAX) / CHART_STEP) + 1;
  assertEquals(r.rows.length, 3 * count);
  for (const row of r.rows) {
    const expected = closedForm[row.derivative](row.z);
    if (expected === 0) assertEquals(row.value, 0);
    else assertLess(Math.abs(row.value - expected) / expected, 1e-14);
  }
  assert(r.rows.some((row) => row.z === 0), "z = 0 is on the grid");
  const [sig, tanh, relu] = r.ranges;
  assertEquals(sig.gridMax, 0.25);
  assertEquals(tanh.gridMax, 1);
  assert(sig.gridMin > 0 && tanh.gridMin > 0);
  assertLess(Math.abs(sig.gridMin - closedForm["σ′(z)"](Z_MAX)), 1e-18);
  assertLess(Math.abs(tanh.gridMin - closedForm["tanh′(z)"](Z_MAX)), 1e-18);
  assertEquals(relu.distinct, [0, 1]);
});

Deno.test("b3-b: far out the slopes are positive and tiny; the naive 1 − tanh² is 0", () => {
  const big = createMath({ number: "BigNumber", precision: 60 });
  const num = (x: unknown) => (x as { toNumber(): number }).toNumber();
  for (const tail of r.tails) {
    const e = big.exp(big.bignumber(-tail.z));
    const sigmoid = num(big.divide(e, big.pow(big.add(1, e), 2)));
    const tanh = num(
      big.divide(1, big.pow(big.cosh(big.bignumber(tail.z)), 2)),
    );
    assertLess(Math.abs(tail.sigmoid - sigmoid) / sigmoid, 1e-14);
    assertLess(Math.abs(tail.tanh - tanh) / tanh, 1e-14);
    assert(tail.sigmoid > 0 && tail.tanh > 0);
  }
  assertEquals(r.tails.find((tail) => tail.z === 20)?.tanhNaive, 0);
});

Deno.test("b3-b: ReLU products: ‖W‖ = 1/2 vanishes, all units on with ‖W‖ = 2 explodes as Wᵗ, a step with every unit off gives 0", () => {
  const { reluSmall, reluActive, reluOff } = r.products;
  assertEquals(reluSmall.norms.length, PRODUCT_STEPS + 1);
  assertLess(Math.abs(reluSmall.recurrentNorm - 0.5), 1e-14);
  reluSmall.norms.forEach((norm, t) =>
    assert(norm <= 0.5 ** t * (1 + 1e-12), `t = ${t}`)
  );
  assert(reluSmall.norms[PRODUCT_STEPS] < 1e-9);
  // W = [[1, ½, ½], …] has eigenvalues 2, ½, ½; with every unit on the
  // product is Wᵗ, whose norm is 2ᵗ (W symmetric).
  reluActive.norms.forEach((norm, t) =>
    assertLess(Math.abs(norm - 2 ** t) / 2 ** t, 1e-12)
  );
  reluOff.norms.forEach((norm, t) => {
    if (t < reluOff.offStep) {
      assertLess(Math.abs(norm - 2 ** t) / 2 ** t, 1e-12);
    } else assertEquals(norm, 0);
  });
  // Independent check: the masked products, from a forward pass written here.
  for (const run of [reluSmall, reluActive, reluOff]) {
    let product: M = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    let h = [0, 0, 0];
    run.inputs.forEach((x, t) => {
      const z = vec(run.W, h).map((v, i) => v + vec(run.U, x)[i] + run.b[i]);
      h = z.map((v) => Math.max(0, v));
      if (t > 0) {
        const masked = run.W.map((row, i) =>
          row.map((w) => (z[i] > 0 ? w : 0))
        );
        product = mul(masked, product);
      }
      const norm = powerNorm(product);
      if (norm === 0) assertEquals(run.norms[t], 0);
      else assertLess(Math.abs(run.norms[t] - norm) / norm, 1e-9);
    });
  }
});

Deno.test("b3-b: tanh at the fixed point h = 0, x = 0 has slopes 1, and the product Wᵗ explodes like 1.5ᵗ", () => {
  const { tanhFixed } = r.products;
  assertLess(Math.abs(tanhFixed.recurrentNorm - 1.5), 1e-14);
  // W = 1.5 R with R orthogonal: every power has norm 1.5ᵗ.
  assertLess(
    relative(mul(transpose(tanhFixed.W), tanhFixed.W), [
      [2.25, 0, 0],
      [0, 2.25, 0],
      [0, 0, 2.25],
    ]),
    1e-14,
  );
  let power: M = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  tanhFixed.norms.forEach((norm, t) => {
    assertLess(Math.abs(norm - 1.5 ** t) / 1.5 ** t, 1e-12);
    assertLess(Math.abs(norm - powerNorm(power)) / norm, 1e-9);
    power = mul(tanhFixed.W, power);
  });
  assert(tanhFixed.norms[PRODUCT_STEPS] > 1e5);
});
