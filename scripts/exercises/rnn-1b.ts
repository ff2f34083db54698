/**
 * # The gradient of the loss with respect to W, term by term
 *
 * For the RNN `h_t = σ(W h_{t−1} + U x_t)`, `t = 0 … T`, with a given initial
 * state `h_{−1}` and the loss `L = Σ_t L_t`, derive
 *
 * ```
 * ∂L/∂W = Σ_{t=0}^{T} Σ_{k=0}^{t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W
 * ```
 *
 * evaluate the double sum term by term on a small example, check it against
 * independent gradients, and measure what the problem statement's lower limit
 * `k = 1` leaves out.
 *
 * @module
 */
import {
  add,
  bpttTerms,
  finiteDifferenceGradient,
  frobeniusNorm,
  type Loss,
  lossGradientAtState,
  type Matrix,
  matvec,
  relativeError,
  rnnBptt,
  rnnForward,
  rnnLoss,
  type RnnParams,
  seededRandom,
  stateJacobian,
  transpose,
  type Vector,
  zeros,
} from "../lib/mod.ts";

// ## The derivation
//
// `L = Σ_t L_t`, so `∂L/∂W = Σ_t ∂L_t/∂W`, and `L_t` depends on `W` only
// through `h_t`. The state `h_t` depends on `W` in two ways: directly, through
// the product `W h_{t−1}` of its own step, and indirectly, through `h_{t−1}`,
// which was itself computed with `W`. Write `∂⁺h_k/∂W` for the direct
// ("immediate") part: the derivative of `h_k = σ(W h_{k−1} + U x_k)` with
// `h_{k−1}` held fixed. Then the total derivative obeys
//
// ```
// dh_t/dW = ∂⁺h_t/∂W + ∂h_t/∂h_{t−1} · dh_{t−1}/dW,
// ```
//
// and unrolling this recursion down to `h_0` gives
//
// ```
// dh_t/dW = Σ_{k=0}^{t} ∂h_t/∂h_k · ∂⁺h_k/∂W,
// ∂h_t/∂h_k = ∏_{j=k+1}^{t} ∂h_j/∂h_{j−1} = ∏_{j=k+1}^{t} diag(σ'(z_j)) W
// ```
//
// (the empty product, `k = t`, is the identity; the one-step Jacobian
// `diag(σ'(z_j)) W` is exercise rnn-1a). The recursion stops at `k = 0`
// because `h_{−1}` is a given vector that does not depend on `W`. Multiplying
// by `∂L_t/∂h_t` and summing over `t` gives the double sum above.
//
// Two remarks decide whether the formula is right:
//
// 1. The last factor must be the immediate derivative `∂⁺h_k/∂W`. If it meant
//    the total derivative `dh_k/dW`, every indirect path would be counted
//    again in each term. We show below by how much.
// 2. The lower limit is `k = 0`, not `k = 1` as the problem statement writes.
//    The `k = 0` terms contain `∂⁺h_0/∂W`, the direct effect of `W` in
//    `h_0 = σ(W h_{−1} + U x_0)`. Contracted with a row vector `g` it is
//    `(g ⊙ σ'(z_0)) h_{−1}ᵀ`: zero when `h_{−1} = 0`, and not zero otherwise.
//    So the statement's formula is right only for a zero initial state (or
//    when the steps are numbered from 1 with `h_0` given).

/** The sizes of the example: `n` hidden units, `d` inputs, `T + 1` steps. */
export const HIDDEN = 2;
/** The input dimension `d`. */
export const INPUTS = 1;
/** The last time step `T`. */
export const LAST_STEP = 3;
/** The seed of the random example. */
export const SEED = 31;

/** One term `∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` of the double sum. */
export interface TermRecord {
  /** The loss `L_t` the term belongs to. */
  t: number;
  /** The step `k` whose direct dependence on `W` it differentiates. */
  k: number;
  /** The term, an `n × n` matrix shaped like `W`. */
  value: Matrix;
  /** Its Frobenius norm. */
  norm: number;
}

/** The double sum and its checks for one choice of the initial state. */
export interface Rnn1bCase {
  /** `"h_{-1} ≠ 0"` or `"h_{-1} = 0"`. */
  label: string;
  /** The initial state `h_{−1}`. */
  hInit: Vector;
  /** The states `h_0 … h_T`. */
  states: Vector[];
  /** The loss `L = Σ_t ½‖h_t − target_t‖²`. */
  loss: number;
  /** The `(T + 1)(T + 2)/2 = 10` terms, in the order (0,0), (1,0), (1,1), (2,0), …. */
  terms: TermRecord[];
  /** The sum of all terms, `k = 0 … t`. */
  termSum: Matrix;
  /** `∂L/∂W` by the backward recursion of BPTT (`rnnBptt`). */
  bpttGradient: Matrix;
  /** `∂L/∂W` by central finite differences on the loss. */
  finiteDifferenceGradient: Matrix;
  /** Relative error of the term sum against the BPTT gradient (rounding only). */
  termSumVsBptt: number;
  /** Relative error of the term sum against finite differences. */
  termSumVsFiniteDifference: number;
  /** The sum of the `k = 0` terms alone: what the lower limit `k = 1` drops. */
  kZeroSum: Matrix;
  /** Frobenius norm of `kZeroSum`. */
  kZeroNorm: number;
  /** `‖kZeroSum‖_F / ‖∂L/∂W‖_F`. */
  kZeroShare: number;
  /** Whether every `k = 0` term is exactly the zero matrix. */
  kZeroTermsAllZero: boolean;
  /** The sum with the statement's lower limit, `k = 1 … t`. */
  kFromOneSum: Matrix;
  /** Relative error of `kFromOneSum` against the true gradient. */
  kFromOneRelativeError: number;
  /**
   * The double sum with the last factor read as the total derivative
   * `dh_k/dW` instead of `∂⁺h_k/∂W` (a misreading of the notation).
   */
  totalDerivativeReadingSum: Matrix;
  /** Relative error of that misreading against the true gradient. */
  totalDerivativeReadingRelativeError: number;
}

/** What {@link compute} returns. */
export interface Rnn1bResults {
  /** `W`, `n × n`. */
  W: Matrix;
  /** `U`, `n × d`. */
  U: Matrix;
  /** The inputs `x_0 … x_T`. */
  xs: Vector[];
  /** The targets of the squared-error losses `L_t = ½‖h_t − target_t‖²`. */
  targets: Vector[];
  /** `T`. */
  T: number;
  /** Number of terms of the double sum, `(T + 1)(T + 2)/2`. */
  termCount: number;
  /** Number of terms with `k = 0`, `T + 1`: those the statement's limit drops. */
  kZeroTermCount: number;
  /** The example with a non-zero initial state: the `k = 0` terms matter. */
  nonZeroInit: Rnn1bCase;
  /** The same example with `h_{−1} = 0`: the `k = 0` terms vanish. */
  zeroInit: Rnn1bCase;
}

/** Sum a list of `n × n` matrices. */
function sumMatrices(matrices: Matrix[], n: number): Matrix {
  return matrices.reduce((s, m) => add(s, m), zeros(n, n));
}

/**
 * `g · dh_k/dW` for a row vector `g`: the gradient with respect to `W` of the
 * scalar `g · h_k`, through every path. BPTT computes it if we give it a loss
 * at step `k` whose gradient at `h_k` is `g`: `½‖h_k − (h_k − g)‖²`.
 */
function totalDerivativeContraction(
  params: RnnParams,
  xs: Vector[],
  hInit: Vector,
  k: number,
  g: Vector,
): Matrix {
  const prefix = xs.slice(0, k + 1);
  const hk = rnnForward(params, prefix, { hInit }).hs[k];
  const targets = prefix.map(() => hk.map(() => 0));
  targets[k] = hk.map((h, i) => h - g[i]);
  const loss: Loss = { type: "mse", targets, steps: [k] };
  return rnnBptt(params, prefix, loss, { hInit }).grads.W;
}

/** Evaluate the double sum and its variants for one initial state. */
function evaluateCase(
  label: string,
  params: RnnParams,
  xs: Vector[],
  loss: Loss & { type: "mse" },
  hInit: Vector,
): Rnn1bCase {
  const n = params.W.length;
  const trace = rnnForward(params, xs, { hInit });

  // The double sum, one term per pair (t, k) with 0 ≤ k ≤ t, by `bpttTerms`.
  const terms: TermRecord[] = bpttTerms(params, xs, loss, { hInit }).map((
    { t, k, value },
  ) => ({ t, k, value, norm: frobeniusNorm(value) }));
  const termSum = sumMatrices(terms.map((term) => term.value), n);

  // Two independent answers: the backward recursion of BPTT, which never forms
  // a term, and finite differences, which know nothing about the chain rule.
  const bpttGradient = rnnBptt(params, xs, loss, { hInit }).grads.W;
  const fd = finiteDifferenceGradient(
    (p) => rnnLoss(rnnForward({ ...params, W: p.W }, xs, { hInit }), loss),
    { W: params.W },
  ).W;

  // Split the sum at the statement's lower limit.
  const kZero = terms.filter((term) => term.k === 0);
  const kZeroSum = sumMatrices(kZero.map((term) => term.value), n);
  const kFromOneSum = sumMatrices(
    terms.filter((term) => term.k >= 1).map((term) => term.value),
    n,
  );

  // The misreading of remark 1: the same sum with `dh_k/dW` in place of
  // `∂⁺h_k/∂W`. The row vector in front is `g = ∂L_t/∂h_t · ∂h_t/∂h_k`,
  // computed as the column `(∂h_t/∂h_k)ᵀ ∂L_t/∂h_t`.
  const misread: Matrix[] = [];
  for (let t = 0; t < xs.length; t++) {
    const dLdh = lossGradientAtState(undefined, trace.ys, loss, t);
    for (let k = 0; k <= t; k++) {
      const g = matvec(transpose(stateJacobian(params, trace, t, k)), dLdh);
      misread.push(totalDerivativeContraction(params, xs, hInit, k, g));
    }
  }
  const totalDerivativeReadingSum = sumMatrices(misread, n);

  return {
    label,
    hInit,
    states: trace.hs,
    loss: rnnLoss(trace, loss),
    terms,
    termSum,
    bpttGradient,
    finiteDifferenceGradient: fd,
    termSumVsBptt: relativeError(termSum, bpttGradient),
    termSumVsFiniteDifference: relativeError(termSum, fd),
    kZeroSum,
    kZeroNorm: frobeniusNorm(kZeroSum),
    kZeroShare: frobeniusNorm(kZeroSum) / frobeniusNorm(bpttGradient),
    kZeroTermsAllZero: kZero.every((term) =>
      term.value.every((row) => row.every((x) => x === 0))
    ),
    kFromOneSum,
    kFromOneRelativeError: relativeError(kFromOneSum, bpttGradient),
    totalDerivativeReadingSum,
    totalDerivativeReadingRelativeError: relativeError(
      totalDerivativeReadingSum,
      bpttGradient,
    ),
  };
}

/** Compute the example. Deterministic: every number comes from a fixed seed. */
export function compute(): Rnn1bResults {
  // ## The example
  //
  // Two hidden units, one input, `T = 3` (four steps), squared-error losses on
  // the states themselves, `L_t = ½‖h_t − target_t‖²`. The targets lie in
  // (0, 1), where a sigmoid state can reach them.
  const rng = seededRandom(SEED);
  const params: RnnParams = {
    W: rng.matrix(HIDDEN, HIDDEN),
    U: rng.matrix(HIDDEN, INPUTS),
  };
  const xs = Array.from({ length: LAST_STEP + 1 }, () => rng.vector(INPUTS));
  const targets = Array.from(
    { length: LAST_STEP + 1 },
    () => Array.from({ length: HIDDEN }, () => rng.between(0.1, 0.9)),
  );
  const loss = { type: "mse" as const, targets };
  const hInit = Array.from({ length: HIDDEN }, () => rng.between(-1, 1));

  // The same network, inputs and targets, once with a non-zero initial state
  // and once with `h_{−1} = 0`, the default of most libraries.
  const nonZeroInit = evaluateCase("h_{-1} ≠ 0", params, xs, loss, hInit);
  const zeroInit = evaluateCase(
    "h_{-1} = 0",
    params,
    xs,
    loss,
    hInit.map(() => 0),
  );

  // ## What the numbers say
  //
  // In both cases the ten terms add up to the BPTT gradient up to rounding,
  // and to the finite-difference gradient up to the error of finite
  // differences: the double sum with `k = 0 … t` is right.
  //
  // With `h_{−1} ≠ 0` the four `k = 0` terms are not zero, so the sum from
  // `k = 1` misses part of the gradient. With `h_{−1} = 0` they are exactly
  // zero and the statement's formula happens to be right. Reading the last
  // factor as a total derivative is wrong in both cases.
  return {
    W: params.W,
    U: params.U,
    xs,
    targets,
    T: LAST_STEP,
    termCount: nonZeroInit.terms.length,
    kZeroTermCount: nonZeroInit.terms.filter((term) => term.k === 0).length,
    nonZeroInit,
    zeroInit,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
