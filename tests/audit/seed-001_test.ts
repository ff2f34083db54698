import {
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
} from "@std/assert";
import {
  add,
  finiteDifferenceGradient,
  finiteDifferenceJacobian,
  matmul,
  type Matrix,
  matvec,
  outer,
  relativeError,
  rnnBptt,
  rnnForward,
  seededRandom,
  softmax,
  sub,
  type Vector,
  zeros,
} from "../../scripts/lib/mod.ts";
import {
  autoencoderData,
  autoencoderSubspace,
  countedLayerBackward,
  countingCase,
  covarianceAsWritten,
  DEEP_NET,
  encoderFreedom,
  enumeratePaths,
  errata,
  hiddenGradientRecursion,
  inputGradient,
  inputGradientCase,
  lastStepGradient,
  lineError,
  parameterCount,
  question1Case,
  seedParameterCount,
  unrolling,
} from "../../scripts/audit/seed-001.ts";
import { referenceRnn } from "../_reference.ts";

const byId = Object.fromEntries(errata().map((e) => [e.id, e]));

type Tree = Record<string, number[] | number[][]>;

function reference() {
  const c = question1Case();
  return referenceRnn(
    c.params as unknown as Tree,
    c.xs,
    { type: "softmax-ce", labels: c.labels },
    "tanh",
  ).grads;
}

/** The best line through the origin for `cost(u)`, by scanning the angle. */
function scanLines(cost: (u: Vector) => number): { best: number; u: Vector } {
  let best = Infinity;
  let bestAngle = 0;
  const steps = 4000;
  for (let s = 0; s < steps; s++) {
    const angle = (Math.PI * s) / steps;
    const value = cost([Math.cos(angle), Math.sin(angle)]);
    if (value < best) [best, bestAngle] = [value, angle];
  }
  // Refine by golden-section search around the best grid point.
  let lo = bestAngle - Math.PI / steps, hi = bestAngle + Math.PI / steps;
  const at = (a: number) => cost([Math.cos(a), Math.sin(a)]);
  for (let i = 0; i < 60; i++) {
    const a = hi - (hi - lo) / 1.618033988749895;
    const b = lo + (hi - lo) / 1.618033988749895;
    if (at(a) < at(b)) hi = b;
    else lo = a;
  }
  const angle = (lo + hi) / 2;
  return { best: at(angle), u: [Math.cos(angle), Math.sin(angle)] };
}

Deno.test("001-hidden-size: the hidden size need not equal the input size", () => {
  const c = question1Case();
  const { grads } = rnnBptt(c.params, c.xs, {
    type: "softmax-ce",
    labels: c.labels,
  }, { activation: "tanh" });
  const ref = reference();
  // n = 3 ≠ d = 2, and BPTT agrees with scalar autodiff on every parameter.
  for (const name of ["W", "U", "b", "V", "c"] as const) {
    assertLess(relativeError(grads[name]!, ref[name]), 1e-10);
  }
  assertEquals([c.params.U.length, c.params.U[0].length], [3, 2]);
  assertEquals(byId["001-hidden-size"].difference, 1);
});

Deno.test("001-recursion-diagonal: keeping only the diagonal of Wₕₕ loses the coupling between units", () => {
  const W = reference().W as Matrix;
  assertLess(relativeError(hiddenGradientRecursion(false), W), 1e-10);
  assertGreater(relativeError(hiddenGradientRecursion(true), W), 0.1);
});

Deno.test("001-last-step-zero: the gradient at the last state is not zero", () => {
  const c = question1Case();
  const trace = rnnForward(c.params, c.xs, { activation: "tanh" });
  const T = c.xs.length - 1;
  // Only L_T depends on h_T: differentiate −log softmax(W_hz h + b_z)[y_T].
  const lossT = (h: Vector) =>
    -Math.log(softmax(add(matvec(c.params.V, h), c.params.c))[c.labels[T]]);
  const numeric = finiteDifferenceJacobian((h) => [lossT(h)], trace.hs[T])[0];
  assertLess(relativeError(lastStepGradient(c), numeric), 1e-8);
  assertGreater(Math.hypot(...numeric), 0.5);
});

Deno.test("001-unrolling-missing-f: three applications of F stop at hₜ₋₁", () => {
  const c = question1Case();
  const { W, U, b } = c.params;
  const F = (h: Vector, x: Vector) =>
    add(add(matvec(U, x), matvec(W, h)), b).map(Math.tanh);
  const h0 = F([0, 0, 0], c.xs[0]);
  const four = F(F(F(F(h0, c.xs[1]), c.xs[2]), c.xs[3]), c.xs[4]);
  const three = F(F(F(h0, c.xs[1]), c.xs[2]), c.xs[3]);
  const { loop, seed } = unrolling(c);
  assertLess(relativeError(loop, four), 1e-15);
  assertLess(relativeError(seed, three), 1e-15);
  assertGreater(relativeError(three, four), 0.3);
});

Deno.test("001-parameter-count: the first layer has dn weights, not cn", () => {
  const { d, n, L, c } = DEEP_NET;
  // Build the network's weights and count them.
  const rng = seededRandom(1);
  const weights: Matrix[] = [rng.matrix(n, d)];
  for (let l = 1; l < L; l++) weights.push(rng.matrix(n, n));
  weights.push(rng.matrix(c, n));
  const counted = weights.reduce((s, w) => s + w.length * w[0].length, 0);
  assertEquals(parameterCount(DEEP_NET), counted);
  assertEquals(counted, d * n + n * n * (L - 1) + n * c);
  assertEquals(seedParameterCount(DEEP_NET), c * n + n * n * (L - 1) + c * n);
  assertGreater(counted - seedParameterCount(DEEP_NET), 0);
});

Deno.test("001-input-gradient-sum: dJ/dx_i needs the sum over k", () => {
  const { W, x, target } = inputGradientCase();
  const J = (v: Vector) =>
    matvec(W, v).map(Math.tanh).reduce(
      (s, y, k) => s + 0.5 * (y - target[k]) ** 2,
      0,
    );
  const numeric = finiteDifferenceJacobian((v) => [J(v)], x)[0];
  const { seed, right } = inputGradient();
  assertLess(relativeError(right, numeric), 1e-8);
  assertGreater(relativeError(seed, numeric), 0.3);
});

Deno.test("001-input-gradient-count: the input gradient costs mn multiplications, not 2m", () => {
  const { W, x, dJdy } = countingCase();
  const counted = countedLayerBackward(W, x, dJdy);
  const [n, m] = [W.length, x.length];
  assertEquals(counted.inputMultiplications, m * n);
  assertEquals(counted.deltaMultiplications, n);
  // The counted algorithm is a real gradient: of J = dJdy · tanh(W x).
  const J = (v: Vector) =>
    matvec(W, v).map(Math.tanh).reduce((s, y, k) => s + dJdy[k] * y, 0);
  const numeric = finiteDifferenceJacobian((v) => [J(v)], x)[0];
  assertLess(relativeError(counted.dJdx, numeric), 1e-8);
  assertGreater(counted.inputMultiplications, 2 * m);
});

Deno.test("001-path-count-layer: a layer has n times the paths of one unit", () => {
  const { n, L, c } = DEEP_NET;
  // Paths from layer 1 to the outputs: the sum of the entries of a product
  // of all-ones adjacency matrices.
  const ones = (r: number, k: number) =>
    Array.from({ length: r }, () => new Array<number>(k).fill(1));
  let product = ones(c, n);
  for (let l = 1; l < L; l++) product = matmul(product, ones(n, n));
  const fromLayer1 = product.flat().reduce((s, v) => s + v, 0);
  assertEquals(fromLayer1, c * n ** L);
  assertEquals(enumeratePaths(DEEP_NET, 1), fromLayer1);
  assertEquals(byId["001-path-count-layer"].seedValue, c * n ** (L - 1));
  assertEquals(fromLayer1 / (c * n ** (L - 1)), n);
});

Deno.test("001-path-total-hidden-weights: the L − 1 hidden weight matrices each cost 2n²", () => {
  const { n, L } = DEEP_NET;
  const rng = seededRandom(2);
  const hidden = Array.from({ length: L - 1 }, () => rng.matrix(n, n));
  const counted = 2 * hidden.reduce((s, w) => s + w.length * w[0].length, 0);
  assertEquals(byId["001-path-total-hidden-weights"].correctValue, counted);
  assertGreater(counted - 2 * n * n, 0);
});

Deno.test("001-autoencoder-bias: without a bias the best subspace comes from the second moment", () => {
  const data = autoencoderData();
  // The best bias-free line, by scanning every direction.
  const { best, u } = scanLines((v) => lineError(data, v));
  const r = autoencoderSubspace();
  assertAlmostEquals(r.rightError, best, 1e-9);
  assertAlmostEquals(
    Math.abs(u[0] * r.rightDirection[0] + u[1] * r.rightDirection[1]),
    1,
    1e-6,
  );
  // The covariance's top direction is far from it and far worse.
  assertGreater(r.seedError - best, 5);
  // The mean is large: the data are not centred.
  const mean = data.reduce((s, x) => add(s, x), [0, 0]).map((v) =>
    v / data.length
  );
  assertGreater(mean[0], 2.5);
});

Deno.test("001-covariance-scalar: the printed S is a number, the trace", () => {
  const data = autoencoderData();
  const N = data.length;
  const mean = data.reduce((s, x) => add(s, x), [0, 0]).map((v) => v / N);
  let S: Matrix = zeros(2, 2);
  for (const x of data) S = add(S, outer(sub(x, mean), sub(x, mean)));
  S = S.map((row) => row.map((v) => v / N));
  const { asWritten, right } = covarianceAsWritten();
  assertAlmostEquals(asWritten, S[0][0] + S[1][1], 1e-12);
  // The best uᵀ S u over unit u, by scanning: the smallest eigenvalue.
  const { best } = scanLines((u) =>
    u[0] * (S[0][0] * u[0] + S[0][1] * u[1]) +
    u[1] * (S[1][0] * u[0] + S[1][1] * u[1])
  );
  assertAlmostEquals(right, best, 1e-10);
  assertGreater(asWritten - right, 0.5);
});

Deno.test("001-encoder-not-pca: an invertible mixture of the codes is just as good", () => {
  const r = encoderFreedom();
  assertAlmostEquals(r.pcaError, r.mixedError, 1e-12);
  assertAlmostEquals(r.mixedCode, 2 * r.pcaCode, 1e-15);
  assertGreater(Math.abs(r.mixedCode - r.pcaCode), 0.1);
  // And the common error is the best possible with a bias: the smallest eigenvalue of S.
  assertAlmostEquals(r.pcaError, covarianceAsWritten().right, 1e-12);
});

// What seed 001 gets right.

Deno.test("001 right: dL/dW_hz = sum_t (z_t - e_y) h_t^T", () => {
  const c = question1Case();
  const trace = rnnForward(c.params, c.xs, { activation: "tanh" });
  let grad: Matrix = zeros(4, 3);
  trace.ys.forEach((y, t) => {
    const z = softmax(y);
    z[c.labels[t]] -= 1;
    grad = add(grad, outer(z, trace.hs[t]));
  });
  assertLess(relativeError(grad, reference().V as Matrix), 1e-10);
});

Deno.test("001 right: formula 2 gives dL/dW_hh from the right dL/dh_t", () => {
  assertLess(
    relativeError(hiddenGradientRecursion(false), reference().W as Matrix),
    1e-10,
  );
});

Deno.test("001 right: h_1 = F(h_0, x_1) and h_2 = F(F(h_0, x_1), x_2)", () => {
  const c = question1Case();
  const { W, U, b } = c.params;
  const F = (h: Vector, x: Vector) =>
    add(add(matvec(U, x), matvec(W, h)), b).map(Math.tanh);
  const h0 = [0.1, -0.2, 0.3];
  const { hs } = rnnForward(c.params, c.xs.slice(1, 3), {
    activation: "tanh",
    hInit: h0,
  });
  assertLess(relativeError(hs[0], F(h0, c.xs[1])), 1e-15);
  assertLess(relativeError(hs[1], F(F(h0, c.xs[1]), c.xs[2])), 1e-15);
});

Deno.test("001 right: dJ/dW_ij = dJ/dy_i f'((Wx)_i) x_j", () => {
  const { W, x, dJdy } = countingCase();
  const numeric = finiteDifferenceGradient(
    (p) =>
      matvec(p.W as Matrix, x).map(Math.tanh).reduce(
        (s, y, k) => s + dJdy[k] * y,
        0,
      ),
    { W },
  ).W as Matrix;
  assertLess(
    relativeError(countedLayerBackward(W, x, dJdy).dJdW, numeric),
    1e-8,
  );
});

Deno.test("001 right: with a bias, b_j = mean^T u_j is optimal and PCA wins", () => {
  const data = autoencoderData();
  const N = data.length;
  const mean = data.reduce((s, x) => add(s, x), [0, 0]).map((v) => v / N);
  // The best affine line: centre the data, then scan the directions.
  const centred = data.map((x) => sub(x, mean));
  const { best, u } = scanLines((v) => lineError(centred, v));
  assertAlmostEquals(best, covarianceAsWritten().right, 1e-9);
  // With u_1 = u kept and u_2 ⊥ u discarded, J(b_2) is smallest at b_2 = x̄ᵀu_2.
  const u2 = [-u[1], u[0]];
  const J = (b2: number) =>
    data.reduce((s, x) => {
      const z = x[0] * u[0] + x[1] * u[1];
      const back = [z * u[0] + b2 * u2[0], z * u[1] + b2 * u2[1]];
      return s + (x[0] - back[0]) ** 2 + (x[1] - back[1]) ** 2;
    }, 0) / N;
  const b2 = mean[0] * u2[0] + mean[1] * u2[1];
  const slope = finiteDifferenceJacobian((v) => [J(v[0])], [b2])[0][0];
  assertLess(Math.abs(slope), 1e-8);
  assertAlmostEquals(J(b2), best, 1e-9);
});
