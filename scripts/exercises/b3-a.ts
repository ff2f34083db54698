/**
 * # The gradients of the Deep Learning book's RNN at t = 3, and one update
 *
 * The recurrent network of Goodfellow, Bengio and Courville (Deep Learning,
 * section 10.2):
 *
 * ```
 * a⁽ᵗ⁾ = b + W h⁽ᵗ⁻¹⁾ + U x⁽ᵗ⁾     h⁽ᵗ⁾ = tanh(a⁽ᵗ⁾)
 * o⁽ᵗ⁾ = c + V h⁽ᵗ⁾                ŷ⁽ᵗ⁾ = softmax(o⁽ᵗ⁾)
 * L⁽ᵗ⁾ = −log ŷ⁽ᵗ⁾_{y⁽ᵗ⁾}          L = Σ_t L⁽ᵗ⁾
 * ```
 *
 * Compute `∂L/∂V`, then `∂L⁽³⁾/∂U` and `∂L⁽³⁾/∂W` for the loss at `t = 3`
 * alone, expanded term by term, and take one gradient-descent step.
 *
 * @module
 */
import {
  add,
  frobeniusNorm,
  hadamard,
  type Loss,
  lossGradientAtState,
  type Matrix,
  matvec,
  outer,
  relativeError,
  rnnBptt,
  rnnForward,
  rnnLoss,
  type RnnParams,
  type RnnTrace,
  scale,
  seededRandom,
  softmax,
  stateJacobian,
  sub,
  transpose,
  type Vector,
  zeros,
} from "../lib/mod.ts";

// ## Choices
//
// **The loss.** Softmax cross-entropy, `L⁽ᵗ⁾ = −log ŷ⁽ᵗ⁾_{y⁽ᵗ⁾}`, as in the
// book; for it `∂L⁽ᵗ⁾/∂o⁽ᵗ⁾ = ŷ⁽ᵗ⁾ − onehot(y⁽ᵗ⁾)`.
//
// **The indexing.** As in the book and in the source solution
// (`L = Σ_{t=1}^{n} L⁽ᵗ⁾`), the inputs are `x⁽¹⁾, x⁽²⁾, x⁽³⁾` and `h⁽⁰⁾` is a
// given initial state. It does not depend on `W` or `U`, so the expansion of
// `∂L⁽³⁾/∂W` has exactly three terms, `k = 3, 2, 1`, and the source solution
// is right to stop at `h⁽¹⁾`. (Had we numbered the first input `x⁽⁰⁾`, with
// `h⁽⁰⁾ = tanh(b + W h⁽⁻¹⁾ + U x⁽⁰⁾)`, there would be a fourth term `k = 0`.)
// We take a random non-zero `h⁽⁰⁾`: with `h⁽⁰⁾ = 0` the `k = 1` term of
// `∂L⁽³⁾/∂W`, which is proportional to `h⁽⁰⁾`, would vanish.
//
// In the core library's arrays step `t` is index `t − 1`, `h⁽⁰⁾` is `hInit`,
// and `L⁽³⁾` alone is the loss with `steps: [2]`.

/** Input size. */
export const INPUT_SIZE = 2;
/** State size. */
export const HIDDEN_SIZE = 3;
/** Number of classes (size of `o⁽ᵗ⁾`). */
export const CLASSES = 3;
/** Number of steps `τ`: `t = 1, 2, 3`. */
export const STEPS = 3;
/** The learning rate of the update. */
export const LEARNING_RATE = 0.1;
/** The learning rates of the comparison table, each half the previous. */
export const LEARNING_RATES = [0.4, 0.2, 0.1, 0.05, 0.025];
/** The seed of every random number of this exercise. */
export const SEED = 2003;

/** The three trained matrices (the biases `b`, `c` are held fixed). */
export interface Weights {
  /** Input weights, `n × d`. */
  U: Matrix;
  /** Recurrent weights, `n × n`. */
  W: Matrix;
  /** Output weights, `classes × n`. */
  V: Matrix;
}

/** One term `k` of the expansion of `∂L⁽³⁾/∂U` or `∂L⁽³⁾/∂W`. */
export interface ExpansionTerm {
  /** The step `k` at which `U` or `W` acts directly (3, 2, 1). */
  k: number;
  /** `∂L⁽³⁾/∂h⁽ᵏ⁾ = (∂h⁽³⁾/∂h⁽ᵏ⁾)ᵀ ∂L⁽³⁾/∂h⁽³⁾`, the gradient reaching `h⁽ᵏ⁾`. */
  stateGradient: Vector;
  /** The term for `U`: `(∂L⁽³⁾/∂h⁽ᵏ⁾ ⊙ (1 − h⁽ᵏ⁾²)) x⁽ᵏ⁾ᵀ`. */
  U: Matrix;
  /** The term for `W`: `(∂L⁽³⁾/∂h⁽ᵏ⁾ ⊙ (1 − h⁽ᵏ⁾²)) h⁽ᵏ⁻¹⁾ᵀ`. */
  W: Matrix;
}

/** One row of the learning-rate table. */
export interface UpdateComparison {
  /** The learning rate `η`. */
  eta: number;
  /** `L` after one gradient-descent step on `L`. */
  lossGradientDescent: number;
  /** `L` after the source's scheme (`V` on `∂L/∂V`, then `U, W` on `L⁽¹⁾, L⁽²⁾, L⁽³⁾` in turn). */
  lossSeedScheme: number;
  /** `‖(U, W) of the source's scheme − (U, W) of gradient descent‖` (Frobenius). */
  updateDifference: number;
}

/** What {@link compute} returns. Step `t` (1 … 3) is at array index `t − 1`. */
export interface B3aResults {
  /** Sizes: input, state, classes, steps. */
  sizes: { d: number; n: number; classes: number; tau: number };
  /** The parameters `U` (`n × d`), `W` (`n × n`, scaled 0.8), `V`, `b`, `c`. */
  params: { U: Matrix; W: Matrix; V: Matrix; b: Vector; c: Vector };
  /** The initial state `h⁽⁰⁾`. */
  h0: Vector;
  /** The inputs `x⁽¹⁾ … x⁽³⁾`. */
  xs: Vector[];
  /** The classes `y⁽¹⁾ … y⁽³⁾`, numbered from 0. */
  labels: number[];
  /** The states `h⁽¹⁾ … h⁽³⁾`. */
  hs: Vector[];
  /** The predictions `ŷ⁽¹⁾ … ŷ⁽³⁾`. */
  yhat: Vector[];
  /** The losses `L⁽¹⁾, L⁽²⁾, L⁽³⁾`. */
  stepLosses: number[];
  /** `L = L⁽¹⁾ + L⁽²⁾ + L⁽³⁾`. */
  loss: number;
  /** `∂L/∂V = Σ_t (ŷ⁽ᵗ⁾ − onehot(y⁽ᵗ⁾)) h⁽ᵗ⁾ᵀ`, over all steps. */
  gradV: Matrix;
  /** `∂L⁽³⁾/∂o⁽³⁾ = ŷ⁽³⁾ − onehot(y⁽³⁾)`. */
  outputError3: Vector;
  /** `∂L⁽³⁾/∂h⁽³⁾ = Vᵀ(ŷ⁽³⁾ − onehot(y⁽³⁾))`. */
  stateGradient3: Vector;
  /** `∂L⁽³⁾/∂U`, the loss at `t = 3` only. */
  gradU3: Matrix;
  /** `∂L⁽³⁾/∂W`, the loss at `t = 3` only. */
  gradW3: Matrix;
  /** The terms `k = 3, 2, 1` of both expansions, in that order. */
  terms: ExpansionTerm[];
  /** Relative error of the sum of the terms against `rnnBptt` (rounding). */
  termSumAgreement: { U: number; W: number };
  /** `‖term‖` (Frobenius) of each `W` term, `k = 3, 2, 1`. */
  termNormsW: number[];
  /** `‖term k = 1 of ∂L⁽³⁾/∂W‖` when `h⁽⁰⁾ = 0`: exactly zero. */
  firstWTermWithZeroInitialState: number;
  /**
   * The source's third term (its second line): for `U`,
   * `∂L⁽³⁾/∂h⁽³⁾ · ∂h⁽²⁾/∂h⁽²⁾ · ∂h⁽¹⁾/∂U`, which lacks both Jacobians
   * `∂h⁽³⁾/∂h⁽²⁾` and `∂h⁽²⁾/∂h⁽¹⁾` (`∂h⁽²⁾/∂h⁽²⁾` is the identity); for `W`,
   * `∂L⁽³⁾/∂h⁽³⁾ · ∂h⁽²⁾/∂h⁽¹⁾ · ∂h⁽¹⁾/∂W`, which lacks `∂h⁽³⁾/∂h⁽²⁾`. With
   * the sums they give and their relative errors against the true gradients.
   */
  seedThirdTerm: {
    U: Matrix;
    W: Matrix;
    sumU: Matrix;
    sumW: Matrix;
    relativeErrorU: number;
    relativeErrorW: number;
  };
  /** The update with `η` = {@link LEARNING_RATE}. */
  update: {
    eta: number;
    /** `∂L/∂U`, `∂L/∂W` over all steps (with `∂L/∂V` above). */
    gradU: Matrix;
    gradW: Matrix;
    /** `‖∇L‖²` over `U, W, V`: the first-order decrease per unit `η`. */
    gradientNormSquared: number;
    /** The weights after one gradient-descent step. */
    gradientDescent: Weights;
    /** The weights after the source's scheme. */
    seedScheme: Weights;
    /** `L` before. */
    lossBefore: number;
    /** `L` after gradient descent. */
    lossGradientDescent: number;
    /** `L` after the source's scheme. */
    lossSeedScheme: number;
    /** `L` after the source's scheme with the steps taken in the order 3, 2, 1. */
    lossSeedSchemeReversed: number;
    /** `‖(U, W)` of the two schemes apart`‖` (Frobenius). */
    updateDifference: number;
  };
  /** Both schemes for the learning rates {@link LEARNING_RATES}. */
  comparison: UpdateComparison[];
}

/** Draw the parameters, initial state, inputs and labels. */
export function example(seed = SEED): {
  params: { U: Matrix; W: Matrix; V: Matrix; b: Vector; c: Vector };
  h0: Vector;
  xs: Vector[];
  labels: number[];
} {
  const rng = seededRandom(seed);
  const params = {
    U: rng.matrix(HIDDEN_SIZE, INPUT_SIZE),
    W: rng.matrix(HIDDEN_SIZE, HIDDEN_SIZE, 0.8),
    V: rng.matrix(CLASSES, HIDDEN_SIZE),
    b: rng.vector(HIDDEN_SIZE, 0.3),
    c: rng.vector(CLASSES, 0.3),
  };
  const h0 = rng.vector(HIDDEN_SIZE, 0.5);
  const xs = Array.from({ length: STEPS }, () => rng.vector(INPUT_SIZE));
  const labels = Array.from(
    { length: STEPS },
    () => Math.floor(rng.uniform() * CLASSES),
  );
  return { params, h0, xs, labels };
}

// ## ∂L/∂V
//
// `V` appears only in `o⁽ᵗ⁾ = c + V h⁽ᵗ⁾`, once per step, and nothing
// recurrent passes through it. So every step contributes one outer product,
//
// ```
// ∂L/∂V = Σ_t ∂L⁽ᵗ⁾/∂o⁽ᵗ⁾ · ∂o⁽ᵗ⁾/∂V = Σ_t (ŷ⁽ᵗ⁾ − onehot(y⁽ᵗ⁾)) h⁽ᵗ⁾ᵀ.
// ```
//
// ## ∂L⁽³⁾/∂U and ∂L⁽³⁾/∂W
//
// `U` and `W` act at every step, so `L⁽³⁾` reaches them through `h⁽³⁾`, `h⁽²⁾`
// and `h⁽¹⁾`. Write `∂⁺h⁽ᵏ⁾/∂W` for the *immediate* derivative, with
// `h⁽ᵏ⁻¹⁾` held fixed; then
//
// ```
// ∂L⁽³⁾/∂W = ∂L⁽³⁾/∂h⁽³⁾ · ( ∂⁺h⁽³⁾/∂W
//                           + ∂h⁽³⁾/∂h⁽²⁾ · ∂⁺h⁽²⁾/∂W
//                           + ∂h⁽³⁾/∂h⁽²⁾ · ∂h⁽²⁾/∂h⁽¹⁾ · ∂⁺h⁽¹⁾/∂W ),
// ```
//
// with `∂L⁽³⁾/∂h⁽³⁾ = Vᵀ(ŷ⁽³⁾ − onehot(y⁽³⁾))` and
// `∂h⁽ʲ⁾/∂h⁽ʲ⁻¹⁾ = diag(1 − h⁽ʲ⁾²) W`. Each term `k` contracts to an outer
// product: the gradient that reaches `h⁽ᵏ⁾`, through the `tanh` of step `k`,
// times what `W` multiplies there, `h⁽ᵏ⁻¹⁾`. `U` is the same with `x⁽ᵏ⁾` in
// place of `h⁽ᵏ⁻¹⁾`. Without the `+` the first term would be read as the total
// derivative `∂h⁽³⁾/∂W`, which already contains the other two.

/** The page's parameters in the core library's form. */
function coreParams(
  p: { b: Vector; c: Vector },
  w: Weights,
): RnnParams {
  return { U: w.U, W: w.W, V: w.V, b: p.b, c: p.c };
}

/** `L⁽ᵗ⁾` alone (1-based `t`), or the whole `L` without `t`. */
function lossAt(labels: number[], t?: number): Loss {
  return t === undefined
    ? { type: "softmax-ce", labels }
    : { type: "softmax-ce", labels, steps: [t - 1] };
}

/**
 * The terms `k = 3, 2, 1` of `∂L⁽³⁾/∂U` and `∂L⁽³⁾/∂W`, from the core
 * library's `stateJacobian` (`∂h⁽³⁾/∂h⁽ᵏ⁾`, a product of `diag(1 − h²) W`).
 */
export function expansionTerms(
  params: RnnParams,
  trace: RnnTrace,
  labels: number[],
): ExpansionTerm[] {
  const last = trace.hs.length - 1; // index of t = 3
  const g3 = lossGradientAtState(params.V, trace.ys, lossAt(labels, 3), last);
  const terms: ExpansionTerm[] = [];
  for (let index = last; index >= 0; index--) {
    const jacobian = stateJacobian(params, trace, last, index, "tanh");
    const stateGradient = matvec(transpose(jacobian), g3);
    const local = hadamard(
      stateGradient,
      trace.hs[index].map((h) => 1 - h * h),
    );
    const hPrev = index > 0 ? trace.hs[index - 1] : trace.hInit;
    terms.push({
      k: index + 1,
      stateGradient,
      U: outer(local, trace.xs[index]),
      W: outer(local, hPrev),
    });
  }
  return terms;
}

// ## The source solution's third term
//
// Source solution 002 writes the expansion of `∂L⁽³⁾/∂U` correctly on its first line, but
// its second line multiplies out the third term as
// `∂L⁽³⁾/∂o⁽³⁾ · ∂o⁽³⁾/∂h⁽³⁾ · ∂h⁽²⁾/∂h⁽²⁾ · ∂h⁽¹⁾/∂U`: the factor
// `∂h⁽³⁾/∂h⁽²⁾` is gone (and `∂h⁽²⁾/∂h⁽²⁾` is the identity). For `W` the same
// line has `∂h⁽²⁾/∂h⁽¹⁾ · ∂h⁽¹⁾/∂W`, again without `∂h⁽³⁾/∂h⁽²⁾`. Its later
// lines are garbled beyond evaluation. We evaluate both second-line third
// terms as written.

/** Source solution 002's third terms: `g3 = ∂L⁽³⁾/∂h⁽³⁾` taken to `h⁽¹⁾` without `∂h⁽³⁾/∂h⁽²⁾` (and, for `U`, without `∂h⁽²⁾/∂h⁽¹⁾`). */
function seedThirdTerms(
  params: RnnParams,
  trace: RnnTrace,
  g3: Vector,
): { U: Matrix; W: Matrix } {
  const slope1 = trace.hs[0].map((h) => 1 - h * h);
  // U: ∂L⁽³⁾/∂h⁽³⁾ · I · ∂⁺h⁽¹⁾/∂U
  const U = outer(hadamard(g3, slope1), trace.xs[0]);
  // W: ∂L⁽³⁾/∂h⁽³⁾ · ∂h⁽²⁾/∂h⁽¹⁾ · ∂⁺h⁽¹⁾/∂W
  const jacobian21 = stateJacobian(params, trace, 1, 0, "tanh");
  const W = outer(
    hadamard(matvec(transpose(jacobian21), g3), slope1),
    trace.hInit,
  );
  return { U, W };
}

// ## The update
//
// Gradient descent on `L` moves all weights at once against the gradient of
// the total loss: `θ ← θ − η ∂L/∂θ` with `∂L/∂θ = Σ_t ∂L⁽ᵗ⁾/∂θ`, every term
// evaluated at the same, current `θ`. For small `η` it decreases `L` by about
// `η ‖∂L/∂θ‖²`. We update `U`, `W` and `V` (the question's three matrices) and
// leave the biases as they are.
//
// The source updates `V` that way, but `U` and `W` in three sub-steps,
// `U_{i+1} = U_i − η ∂L⁽ⁱ⁾/∂U_i` for `i = 1, 2, 3`: each step's loss in turn,
// each gradient taken at the weights the previous sub-step left. The sum of
// the three gradients at the *starting* weights would be `∂L/∂U`; taken at
// moving weights they are not, so the result differs from gradient descent
// by a term of order `η²`, and depends on the order of the sub-steps.

/** `L` for given weights. */
function totalLoss(
  p: { b: Vector; c: Vector },
  w: Weights,
  xs: Vector[],
  h0: Vector,
  labels: number[],
): number {
  return rnnLoss(
    rnnForward(coreParams(p, w), xs, { activation: "tanh", hInit: h0 }),
    lossAt(labels),
  );
}

/** One gradient-descent step on `L` for `U, W, V`. */
export function gradientDescentStep(
  p: { b: Vector; c: Vector },
  w: Weights,
  xs: Vector[],
  h0: Vector,
  labels: number[],
  eta: number,
): Weights {
  const { grads } = rnnBptt(coreParams(p, w), xs, lossAt(labels), {
    activation: "tanh",
    hInit: h0,
  });
  return {
    U: sub(w.U, scale(grads.U, eta)),
    W: sub(w.W, scale(grads.W, eta)),
    V: sub(w.V, scale(grads.V!, eta)),
  };
}

/**
 * Source solution 002's scheme: `V` by `∂L/∂V`, then `U, W` by `∂L⁽ⁱ⁾/∂(U, W)` for the
 * steps `order` (default 1, 2, 3), each at the weights of the previous
 * sub-step (with the starting `V`).
 */
export function seedSchemeStep(
  p: { b: Vector; c: Vector },
  w: Weights,
  xs: Vector[],
  h0: Vector,
  labels: number[],
  eta: number,
  order = [1, 2, 3],
): Weights {
  const options = { activation: "tanh" as const, hInit: h0 };
  const gradV = rnnBptt(coreParams(p, w), xs, lossAt(labels), options).grads
    .V!;
  let { U, W } = w;
  for (const i of order) {
    const { grads } = rnnBptt(
      coreParams(p, { U, W, V: w.V }),
      xs,
      lossAt(labels, i),
      options,
    );
    U = sub(U, scale(grads.U, eta));
    W = sub(W, scale(grads.W, eta));
  }
  return { U, W, V: sub(w.V, scale(gradV, eta)) };
}

/** Frobenius distance between the `(U, W)` of two sets of weights. */
function distanceUW(a: Weights, b: Weights): number {
  return Math.hypot(frobeniusNorm(sub(a.U, b.U)), frobeniusNorm(sub(a.W, b.W)));
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): B3aResults {
  const { params, h0, xs, labels } = example();
  const options = { activation: "tanh" as const, hInit: h0 };
  const weights: Weights = { U: params.U, W: params.W, V: params.V };

  // The forward pass and the total loss with all its gradients.
  const all = rnnBptt(params, xs, lossAt(labels), options);
  const trace = all.trace;
  const stepLosses = [1, 2, 3].map((t) => rnnLoss(trace, lossAt(labels, t)));

  // The loss at t = 3 alone, its gradients, and its expansion term by term.
  const third = rnnBptt(params, xs, lossAt(labels, 3), options);
  const outputError3 = softmax(trace.ys[2]).map((p, i) =>
    p - (i === labels[2] ? 1 : 0)
  );
  const stateGradient3 = matvec(transpose(params.V), outputError3);
  const terms = expansionTerms(params, trace, labels);
  const sumOf = (key: "U" | "W") =>
    terms.reduce(
      (s, term) => add(s, term[key]),
      zeros(HIDDEN_SIZE, key === "U" ? INPUT_SIZE : HIDDEN_SIZE),
    );

  // With h⁽⁰⁾ = 0 the k = 1 term of ∂L⁽³⁾/∂W is exactly zero.
  const zeroStart = rnnForward(params, xs, {
    activation: "tanh",
    hInit: h0.map(() => 0),
  });
  const firstWTermWithZeroInitialState = frobeniusNorm(
    expansionTerms(params, zeroStart, labels)[2].W,
  );

  // The source's third terms, and the sums its second line gives.
  const seed = seedThirdTerms(params, trace, stateGradient3);
  const seedSumU = add(add(terms[0].U, terms[1].U), seed.U);
  const seedSumW = add(add(terms[0].W, terms[1].W), seed.W);

  // One update with η = 0.1, both ways.
  const lossOf = (w: Weights) => totalLoss(params, w, xs, h0, labels);
  const step = (eta: number) => {
    const gd = gradientDescentStep(params, weights, xs, h0, labels, eta);
    const seedStep = seedSchemeStep(params, weights, xs, h0, labels, eta);
    return { gd, seedStep };
  };
  const { gd, seedStep } = step(LEARNING_RATE);
  const reversed = seedSchemeStep(
    params,
    weights,
    xs,
    h0,
    labels,
    LEARNING_RATE,
    [3, 2, 1],
  );
  const gradientNormSquared = [all.grads.U, all.grads.W, all.grads.V!]
    .reduce((s, g) => s + frobeniusNorm(g) ** 2, 0);

  // The same comparison for halving learning rates: the gap between the two
  // schemes should shrink about four times per halving (order η²).
  const comparison = LEARNING_RATES.map((eta) => {
    const both = step(eta);
    return {
      eta,
      lossGradientDescent: lossOf(both.gd),
      lossSeedScheme: lossOf(both.seedStep),
      updateDifference: distanceUW(both.gd, both.seedStep),
    };
  });

  return {
    sizes: { d: INPUT_SIZE, n: HIDDEN_SIZE, classes: CLASSES, tau: STEPS },
    params,
    h0,
    xs,
    labels,
    hs: trace.hs,
    yhat: trace.ys.map(softmax),
    stepLosses,
    loss: all.loss,
    gradV: all.grads.V!,
    outputError3,
    stateGradient3,
    gradU3: third.grads.U,
    gradW3: third.grads.W,
    terms,
    termSumAgreement: {
      U: relativeError(sumOf("U"), third.grads.U),
      W: relativeError(sumOf("W"), third.grads.W),
    },
    termNormsW: terms.map((term) => frobeniusNorm(term.W)),
    firstWTermWithZeroInitialState,
    seedThirdTerm: {
      U: seed.U,
      W: seed.W,
      sumU: seedSumU,
      sumW: seedSumW,
      relativeErrorU: relativeError(seedSumU, third.grads.U),
      relativeErrorW: relativeError(seedSumW, third.grads.W),
    },
    update: {
      eta: LEARNING_RATE,
      gradU: all.grads.U,
      gradW: all.grads.W,
      gradientNormSquared,
      gradientDescent: gd,
      seedScheme: seedStep,
      lossBefore: all.loss,
      lossGradientDescent: lossOf(gd),
      lossSeedScheme: lossOf(seedStep),
      lossSeedSchemeReversed: lossOf(reversed),
      updateDifference: distanceUW(gd, seedStep),
    },
    comparison,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
