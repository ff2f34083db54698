/**
 * # What the activation's derivative does to the gradient
 *
 * For the network `a⁽ᵗ⁾ = b + W h⁽ᵗ⁻¹⁾ + U x⁽ᵗ⁾`, `h⁽ᵗ⁾ = f(a⁽ᵗ⁾)`,
 * `o⁽ᵗ⁾ = c + V h⁽ᵗ⁾`, write the general formula for `∂L⁽ᵗ⁾/∂U` as a sum over
 * the steps `k`, with the product of Jacobians `∏_{j=k+1}^{t} ∂h⁽ʲ⁾/∂h⁽ʲ⁻¹⁾`.
 * What are the ranges of `tanh'`, `sigmoid'` and `ReLU'`, and what do they do
 * to that product?
 *
 * @module
 */
import { qr } from "../lib/mathjs.ts";
import {
  type ActivationName,
  diag,
  identity,
  type Loss,
  matmul,
  type Matrix,
  matvec,
  outer,
  outputGradient,
  relativeError,
  reluDerivative,
  rnnBptt,
  rnnForward,
  type RnnParams,
  scale,
  seededRandom,
  sigmoidDerivative,
  spectralNorm,
  stateJacobian,
  tanhDerivative,
  transpose,
  type Vector,
} from "../lib/mod.ts";

/** The seed of every random choice. */
export const SEED = 2002;
/** The derivatives are drawn on `[−Z_MAX, Z_MAX]`. */
export const Z_MAX = 6;
/** Spacing of the grid of the chart. */
export const CHART_STEP = 0.05;
/** Spacing of the dense grid that brackets each maximum. */
export const DENSE_STEP = 1e-3;
/** How far the products of Jacobians are followed. */
export const PRODUCT_STEPS = 30;

/** The maximum of one derivative, found numerically and in closed form. */
export interface Maximum {
  /** `"sigmoid"` or `"tanh"`. */
  activation: string;
  /** The argmax on the dense grid. */
  gridArgmax: number;
  /** The argmax after golden-section refinement. */
  argmax: number;
  /** The maximum value found. */
  max: number;
  /** The closed-form maximum: `1/4` (sigmoid) or `1` (tanh), at `z = 0`. */
  closedFormMax: number;
  /** `|max − closedFormMax| / closedFormMax`. */
  maxError: number;
  /** Evaluations of the derivative used by the golden-section search. */
  evaluations: number;
}

/** One point of the chart. */
export interface DerivativeRow {
  /** The pre-activation `z`. */
  z: number;
  /** `"σ′(z)"`, `"tanh′(z)"` or `"ReLU′(z)"`. */
  derivative: string;
  /** Its value. */
  value: number;
}

/** A product of Jacobians followed for `t = 0 … PRODUCT_STEPS`. */
export interface ProductRun {
  /** What the run shows. */
  label: string;
  /** The activation. */
  activation: ActivationName;
  /** `W`. */
  W: Matrix;
  /** `U` (the identity here: each unit gets its own input). */
  U: Matrix;
  /** The bias `b` (zeros when absent). */
  b: Vector;
  /** The inputs `x_0 … x_T`. */
  inputs: Vector[];
  /** `‖W‖₂`. */
  recurrentNorm: number;
  /** `‖∂h_t/∂h_0‖₂` for `t = 0 … PRODUCT_STEPS`. */
  norms: number[];
  /** `‖W‖₂^t`, the bound for ReLU and tanh (`γ = 1`). */
  bounds: number[];
}

/** What {@link compute} returns. */
export interface B3bResults {
  /** The example network for the general formula: `W`, `U` (`3 × 3`), `b`, `V`, `c`. */
  params: RnnParams;
  /** The inputs `x⁽¹⁾, x⁽²⁾, x⁽³⁾`. */
  xs: Vector[];
  /** The class labels of `ŷ⁽¹⁾ … ŷ⁽³⁾`. */
  labels: number[];
  /** The step `t = 3` of the loss `L⁽³⁾` (the source's numbering, from 1). */
  t: number;
  /**
   * The terms `k = 1 … 3` of the formula for `∂L⁽³⁾/∂U`, each `3 × 3`
   * (the term `k = 0` is zero: `h⁽⁰⁾` is given and does not depend on `U`).
   */
  terms: { k: number; value: Matrix; norm: number }[];
  /** Their sum. */
  termSum: Matrix;
  /** `∂L⁽³⁾/∂U` by backpropagation through time. */
  gradientU: Matrix;
  /** Relative difference of `termSum` from `gradientU`. */
  termSumError: number;
  /** The source's Jacobian `∏ diag(tanh') U` against `∏ diag(tanh') W`, for `k = 1`, `t = 3`. */
  seedJacobian: {
    /** `∂h⁽³⁾/∂h⁽¹⁾ = diag(tanh'(a⁽³⁾)) W diag(tanh'(a⁽²⁾)) W`. */
    correct: Matrix;
    /** The same with `U` in place of `W`. */
    withU: Matrix;
    /** Relative difference. */
    error: number;
    /** `∂L⁽³⁾/∂U` assembled with the source's Jacobians. */
    gradientWithU: Matrix;
    /** Its relative error. */
    gradientError: number;
  };
  /** The numerical maxima of `σ'` and `tanh'`. */
  maxima: Maximum[];
  /** The values of each derivative on the chart grid: its smallest and largest. */
  ranges: {
    derivative: string;
    gridMin: number;
    gridMax: number;
    /** The distinct values met on the grid (only for ReLU': `[0, 1]`). */
    distinct?: number[];
  }[];
  /** `σ'` and `tanh'` far out: positive, tiny, like `e^{−|z|}` and `4e^{−2|z|}`. */
  tails: { z: number; sigmoid: number; tanh: number; tanhNaive: number }[];
  /** The chart data. */
  rows: DerivativeRow[];
  /** ReLU counterexamples and the tanh fixed point. */
  products: {
    /** ReLU, `‖W‖₂ = 1/2`: the product of masked `W`s vanishes. */
    reluSmall: ProductRun;
    /** ReLU, all units on, `‖W‖₂ = 2`: the product is `Wᵗ` and explodes. */
    reluActive: ProductRun;
    /** The same `W`, every unit switched off at one step: the product is 0. */
    reluOff: ProductRun & { offStep: number };
    /** tanh at `h = 0`, `x = 0`, `W = 1.5 R`: `tanh' = 1` and the product is `Wᵗ`. */
    tanhFixed: ProductRun;
  };
}

// ## The general formula
//
// `L⁽ᵗ⁾` depends on `U` through every state `h⁽ᵏ⁾`, `k ≤ t`, because `U` is
// used at every step. The chain rule adds one term per step at which `U`
// acts:
//
//     ∂L⁽ᵗ⁾/∂U = Σ_k ∂L⁽ᵗ⁾/∂o⁽ᵗ⁾ ∂o⁽ᵗ⁾/∂h⁽ᵗ⁾ (∏_{j=k+1}^{t} ∂h⁽ʲ⁾/∂h⁽ʲ⁻¹⁾) ∂⁺h⁽ᵏ⁾/∂U,
//
// where `∂⁺h⁽ᵏ⁾/∂U` is the derivative through step `k` alone (`h⁽ᵏ⁻¹⁾` held
// fixed). Each factor of the product is the Jacobian of one step,
//
//     ∂h⁽ʲ⁾/∂h⁽ʲ⁻¹⁾ = diag(f'(a⁽ʲ⁾)) W,
//
// with the recurrent weights `W`, the only way `h⁽ʲ⁻¹⁾` enters `a⁽ʲ⁾`. The
// seed writes `∏ tanh' · U_s` instead: `U` multiplies the input, not the
// previous state, so it has no place in this product. (`U` is `n × d`; when
// `d ≠ n` the source's product cannot even be formed.)

/**
 * The maximum of `f` on `[lo, hi]` by golden-section search: each step keeps
 * the part of the bracket that must hold the maximum of a unimodal function,
 * shrinking it by the golden ratio.
 */
function goldenSectionMaximum(
  f: (z: number) => number,
  lo: number,
  hi: number,
  tolerance = 1e-12,
): { argmax: number; max: number; evaluations: number } {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - ratio * (b - a), d = a + ratio * (b - a);
  let fc = f(c), fd = f(d);
  let evaluations = 2;
  while (b - a > tolerance) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
    evaluations++;
  }
  const argmax = (a + b) / 2;
  return { argmax, max: f(argmax), evaluations };
}

/** The grid `−Z_MAX, −Z_MAX + step, …, Z_MAX` (built from integers, so 0 is on it). */
function grid(step: number): number[] {
  const count = Math.round(Z_MAX / step);
  return Array.from({ length: 2 * count + 1 }, (_, i) => (i - count) * step);
}

/** `‖∂h_t/∂h_0‖₂` for `t = 0 … PRODUCT_STEPS`. */
function followProduct(
  label: string,
  params: RnnParams,
  xs: Vector[],
  hInit: Vector,
  name: ActivationName,
): ProductRun {
  const trace = rnnForward(params, xs, { activation: name, hInit });
  const recurrentNorm = spectralNorm(params.W);
  const norms = xs.map((_, t) =>
    spectralNorm(stateJacobian(params, trace, t, 0, name))
  );
  return {
    label,
    activation: name,
    W: params.W,
    U: params.U,
    b: params.b ?? params.W.map(() => 0),
    inputs: xs,
    recurrentNorm,
    norms,
    bounds: norms.map((_, t) => recurrentNorm ** t),
  };
}

/** Compute every number of the exercise. Deterministic: all randomness is seeded. */
export function compute(): B3bResults {
  const rng = seededRandom(SEED);

  // ## The formula on a concrete network
  //
  // A tanh network with 3 hidden units, 3 inputs (so that the source's product
  // with `U` can at least be formed), 3 classes, the source's three steps
  // `x⁽¹⁾, x⁽²⁾, x⁽³⁾` from a given `h⁽⁰⁾ = 0`, and the loss `L⁽³⁾` of the
  // last step. Our arrays count steps from 0, so step `k` of the source is
  // index `k − 1` here.
  const n = 3;
  const params: RnnParams = {
    W: rng.matrix(n, n, 0.7),
    U: rng.matrix(n, n, 0.7),
    b: rng.vector(n, 0.3),
    V: rng.matrix(3, n),
    c: rng.vector(3, 0.3),
  };
  const xs = Array.from({ length: 3 }, () => rng.vector(n));
  const labels = xs.map(() => Math.floor(rng.uniform() * 3));
  const t = 3;
  const last = t - 1; // index of step t
  const loss: Loss = { type: "softmax-ce", labels, steps: [last] };
  const trace = rnnForward(params, xs, { activation: "tanh" });
  const slopes = (index: number) => trace.zs[index].map(tanhDerivative);

  // The row vector `∂L⁽ᵗ⁾/∂o⁽ᵗ⁾ ∂o⁽ᵗ⁾/∂h⁽ᵗ⁾ = (ŷ⁽ᵗ⁾ − onehot) V`, as a column.
  const dLdh = matvec(
    transpose(params.V!),
    outputGradient(trace.ys[last], loss, last),
  );

  // Term `k`: pull `dLdh` back through `∂h⁽ᵗ⁾/∂h⁽ᵏ⁾` (the product of
  // Jacobians), then through `∂⁺h⁽ᵏ⁾/∂U`, whose contraction with a vector `g`
  // is `(g ⊙ tanh'(a⁽ᵏ⁾)) x⁽ᵏ⁾ᵀ`.
  const termWith = (jacobian: (t: number, k: number) => Matrix, k: number) => {
    const g = matvec(transpose(jacobian(last, k - 1)), dLdh);
    return outer(g.map((x, i) => x * slopes(k - 1)[i]), xs[k - 1]);
  };
  const correctJacobian = (to: number, from: number) =>
    stateJacobian(params, trace, to, from, "tanh");
  const terms = [1, 2, 3].map((k) => {
    const value = termWith(correctJacobian, k);
    return { k, value, norm: Math.hypot(...value.flat()) };
  });
  const sum = (list: Matrix[]) =>
    list.reduce((a, m) => a.map((row, i) => row.map((x, j) => x + m[i][j])));
  const termSum = sum(terms.map((term) => term.value));
  const gradientU = rnnBptt(params, xs, loss, { activation: "tanh" }).grads.U;

  // ## The source's Jacobian
  //
  // Put `U` where `W` belongs and the product, and with it the gradient,
  // change: here by a relative error of order 1.
  const seedProduct = (to: number, from: number) => {
    let product = identity(n);
    for (let j = from + 1; j <= to; j++) {
      product = matmul(matmul(diag(slopes(j)), params.U), product);
    }
    return product;
  };
  const correct = correctJacobian(last, 0);
  const withU = seedProduct(last, 0);
  const gradientWithU = sum([1, 2, 3].map((k) => termWith(seedProduct, k)));

  // ## The ranges of the derivatives
  //
  // - `σ'(z) = σ(z)(1 − σ(z))`: the product of two numbers in `(0, 1)` that
  //   add up to 1, largest when both are ½, at `z = 0`: `σ'(0) = 1/4`. It is
  //   positive everywhere and tends to 0 as `|z| → ∞`: the range is `(0, 1/4]`.
  // - `tanh'(z) = 1 − tanh²(z)`: largest where `tanh(z) = 0`, at `z = 0`, with
  //   `tanh'(0) = 1`; positive and tending to 0: the range is `(0, 1]`.
  // - `ReLU'(z)` is 0 for `z < 0` and 1 for `z > 0`; at `z = 0` ReLU has no
  //   derivative (the one-sided slopes are 0 and 1) and libraries use 0 or 1 by
  //   convention (we use 0). The set of values is `{0, 1}`.
  //
  // Numerically: the largest value on a dense grid brackets the maximum, and
  // golden-section search narrows the bracket to `10⁻¹²`.
  const dense = grid(DENSE_STEP);
  const maxima: Maximum[] = [
    { name: "sigmoid", f: sigmoidDerivative, closedFormMax: 1 / 4 },
    { name: "tanh", f: tanhDerivative, closedFormMax: 1 },
  ].map(({ name, f, closedFormMax }) => {
    let best = 0;
    for (let i = 1; i < dense.length; i++) {
      if (f(dense[i]) > f(dense[best])) best = i;
    }
    const refined = goldenSectionMaximum(
      f,
      dense[best] - DENSE_STEP,
      dense[best] + DENSE_STEP,
    );
    return {
      activation: name,
      gridArgmax: dense[best],
      argmax: refined.argmax,
      max: refined.max,
      closedFormMax,
      maxError: Math.abs(refined.max - closedFormMax) / closedFormMax,
      evaluations: refined.evaluations,
    };
  });

  const chartGrid = grid(CHART_STEP);
  const derivatives = [
    { derivative: "σ′(z)", f: sigmoidDerivative },
    { derivative: "tanh′(z)", f: tanhDerivative },
    { derivative: "ReLU′(z)", f: reluDerivative },
  ];
  const rows: DerivativeRow[] = derivatives.flatMap(({ derivative, f }) =>
    chartGrid.map((z) => ({ z, derivative, value: f(z) }))
  );
  const ranges = derivatives.map(({ derivative, f }) => {
    const values = chartGrid.map(f);
    const range: B3bResults["ranges"][number] = {
      derivative,
      gridMin: Math.min(...values),
      gridMax: Math.max(...values),
    };
    if (f === reluDerivative) {
      range.distinct = [...new Set(values)].sort((a, b) => a - b);
    }
    return range;
  });

  // Far out, the slopes are tiny but positive. Computed naively as
  // `1 − tanh²(z)`, the slope of tanh is exactly 0 from `|z| ≈ 19` on,
  // because `tanh(z)` rounds to 1; our library computes `1/cosh²(z)`.
  const tails = [10, 20, 40].map((z) => ({
    z,
    sigmoid: sigmoidDerivative(z),
    tanh: tanhDerivative(z),
    tanhNaive: 1 - Math.tanh(z) ** 2,
  }));

  // ## What the ranges do to the product
  //
  // `‖diag(f'(a⁽ʲ⁾))‖₂ = max_i |f'(a⁽ʲ⁾_i)| ≤ γ` with `γ = 1/4` (sigmoid) or 1
  // (tanh, ReLU), so for a product of `m` factors
  //
  //     ‖∏ diag(f'(a⁽ʲ⁾)) W‖₂ ≤ (γ ‖W‖₂)^m.
  //
  // Slopes below 1 do not make the product vanish on their own: the factor
  // `W` counts as much. With ReLU every factor is `diag(m_j) W` with a 0/1
  // mask `m_j`: the product of "masked" copies of `W`. It explodes only if
  // `W` is large and enough units stay on; it vanishes when `‖W‖₂ < 1`, and a
  // step at which every unit is off makes it exactly 0.
  const steps = PRODUCT_STEPS + 1;
  const R = (qr(rng.matrix(n, n)) as unknown as { Q: Matrix }).Q;
  const positiveInputs = Array.from(
    { length: steps },
    () => Array.from({ length: n }, () => rng.uniform()),
  );
  // Ones on the diagonal, ½ elsewhere: eigenvalues 2, ½, ½, all entries
  // positive, so with positive inputs every unit stays on.
  const large = [[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]];
  const reluSmall = followProduct(
    "ReLU, ‖W‖₂ = 1/2",
    { W: scale(R, 0.5), U: identity(n), b: [1, 1, 1] },
    positiveInputs,
    [0, 0, 0],
    "relu",
  );
  const reluActive = followProduct(
    "ReLU, all units on, ‖W‖₂ = 2",
    { W: large, U: identity(n) },
    positiveInputs,
    [0, 0, 0],
    "relu",
  );
  const offStep = 10;
  const offInputs = positiveInputs.map((x, j) =>
    j === offStep ? x.map(() => -1e6) : x
  );
  const reluOff = {
    ...followProduct(
      `ReLU, ‖W‖₂ = 2, every unit off at step ${offStep}`,
      { W: large, U: identity(n) },
      offInputs,
      [0, 0, 0],
      "relu",
    ),
    offStep,
  };

  // ## Slopes of exactly 1: the tanh fixed point
  //
  // "The gradient vanishes because it is a product of numbers less than one"
  // overlooks two things: `tanh'` reaches 1 (at `a = 0`), and `W` is part of
  // every factor. With `x = 0` and `h⁽⁰⁾ = 0`, every `a⁽ʲ⁾ = 0`, so every
  // slope is exactly 1 and every factor is `W` itself: with `W = 1.5 R` (`R`
  // orthogonal) the product has norm `1.5ᵗ` and explodes.
  const tanhFixed = followProduct(
    "tanh at h = 0, x = 0, ‖W‖₂ = 1.5",
    { W: scale(R, 1.5), U: identity(n) },
    positiveInputs.map((x) => x.map(() => 0)),
    [0, 0, 0],
    "tanh",
  );

  return {
    params,
    xs,
    labels,
    t,
    terms,
    termSum,
    gradientU,
    termSumError: relativeError(termSum, gradientU),
    seedJacobian: {
      correct,
      withU,
      error: relativeError(withU, correct),
      gradientWithU,
      gradientError: relativeError(gradientWithU, gradientU),
    },
    maxima,
    ranges,
    tails,
    rows,
    products: { reluSmall, reluActive, reluOff, tanhFixed },
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
