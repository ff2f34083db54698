/**
 * # The gradient for T = 3, written out
 *
 * Write `∂L/∂W = Σ_{t=0}^{3} Σ_{k=0}^{t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` as
 * an expanded sum of ten terms, and see that going back `t − k` steps
 * multiplies `t − k` one-step Jacobians `diag(σ'(z_j)) W`. The source solutions write that
 * product as the power `(diag(σ')W)^{t−k}`; we put the power beside the exact
 * product and measure how far apart they are.
 *
 * @module
 */
import {
  add,
  bpttTerms,
  frobeniusNorm,
  type Loss,
  lossGradientAtState,
  type Matrix,
  matvec,
  outer,
  relativeError,
  rnnBptt,
  rnnForward,
  type RnnParams,
  type RnnTrace,
  seededRandom,
  sigmoidDerivative,
  spectralNorm,
  stateJacobian,
  transpose,
  type Vector,
  zeros,
} from "../lib/mod.ts";

// ## One term list, two readings
//
// A term of the double sum is a product of factors read from left to right:
// the row vector `∂L_t/∂h_t`, then the one-step Jacobians
// `∂h_j/∂h_{j−1} = diag(σ'(z_j)) W` for `j = t, t − 1, …, k + 1` (exercise
// rnn-1a), then the direct derivative `∂⁺h_k/∂W` (exercise rnn-1b). We write
// each term down once, as a list of factors, and derive from that single list
// both its LaTeX and its value, so that the formula printed on the page is the
// formula that was evaluated.

/** One factor of a term of the expansion. */
export type Factor =
  /** The row vector `∂L_t/∂h_t`. */
  | { kind: "lossGradient"; t: number }
  /** The one-step Jacobian `diag(σ'(z_j)) W`. */
  | { kind: "step"; j: number }
  /** The power `(diag(σ'(z_j)) W)^p` that the source solutions write. */
  | { kind: "stepPower"; j: number; power: number }
  /** The direct derivative `∂⁺h_k/∂W`, always the last factor. */
  | { kind: "direct"; k: number };

/** A term `(t, k)` in its exact form and in the source solutions' powers form. */
export interface ExpansionTerm {
  /** The loss `L_t`. */
  t: number;
  /** The step `k` of the direct derivative. */
  k: number;
  /** `∂L_t/∂h_t · ∏_{j=k+1}^{t} diag(σ'(z_j)) W · ∂⁺h_k/∂W`. */
  exact: Factor[];
  /** `∂L_t/∂h_t · (diag(σ'(z_t)) W)^{t−k} · ∂⁺h_k/∂W`. */
  powers: Factor[];
}

/**
 * The ten terms for `T = 3` (in general `(T + 1)(T + 2)/2`), in the order
 * `(t, k)` = (0, 0), (1, 0), (1, 1), (2, 0), ….
 *
 * For the powers form we must say which `σ'` the power uses, since the source solutions
 * write `diag(σ')` without an argument. We take `σ'(z_t)`, the slope at the
 * step of the loss: then the powers form is exact for `t − k ≤ 1`, and it
 * differs from the exact product as soon as two different steps are involved.
 */
export function expansionTerms(T: number): ExpansionTerm[] {
  const terms: ExpansionTerm[] = [];
  for (let t = 0; t <= T; t++) {
    for (let k = 0; k <= t; k++) {
      const steps: Factor[] = [];
      for (let j = t; j > k; j--) steps.push({ kind: "step", j });
      terms.push({
        t,
        k,
        exact: [{ kind: "lossGradient", t }, ...steps, { kind: "direct", k }],
        powers: [
          { kind: "lossGradient", t },
          ...(t > k
            ? [{ kind: "stepPower", j: t, power: t - k } as Factor]
            : []),
          { kind: "direct", k },
        ],
      });
    }
  }
  return terms;
}

/** The LaTeX of one factor. */
function factorLatex(factor: Factor): string {
  const jacobian = (j: number) => `\\mathrm{diag}(\\sigma'(z_{${j}}))W`;
  switch (factor.kind) {
    case "lossGradient":
      return `\\frac{\\partial L_{${factor.t}}}{\\partial h_{${factor.t}}}`;
    case "step":
      return jacobian(factor.j);
    case "stepPower":
      return factor.power === 1
        ? jacobian(factor.j)
        : `\\bigl(${jacobian(factor.j)}\\bigr)^{${factor.power}}`;
    case "direct":
      return `\\frac{\\partial^+ h_{${factor.k}}}{\\partial W}`;
  }
}

/**
 * The LaTeX of a term: its factors separated by thin spaces.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { termLatex } from "./rnn-2a.ts";
 * assertEquals(
 *   termLatex([{ kind: "lossGradient", t: 1 }, { kind: "step", j: 1 }, { kind: "direct", k: 0 }]),
 *   "\\frac{\\partial L_{1}}{\\partial h_{1}}\\,\\mathrm{diag}(\\sigma'(z_{1}))W\\,\\frac{\\partial^+ h_{0}}{\\partial W}",
 * );
 * ```
 */
export function termLatex(factors: Factor[]): string {
  return factors.map(factorLatex).join("\\,");
}

/**
 * The value of a term, `n × n` like `W`, by walking its factors from left to
 * right with a row vector `g` (stored as a column):
 *
 * - `∂L_t/∂h_t` starts `g`;
 * - a step `j` maps `g ↦ g diag(σ'(z_j)) W`, that is `Wᵀ (σ'(z_j) ⊙ g)`;
 * - the direct derivative ends the walk with `(g ⊙ σ'(z_k)) h_{k−1}ᵀ`, the
 *   gradient of `g · h_k` with respect to the `W` of step `k` alone.
 */
export function termValue(
  factors: Factor[],
  params: RnnParams,
  trace: RnnTrace,
  loss: Loss,
): Matrix {
  const slopes = (j: number) => trace.zs[j].map(sigmoidDerivative);
  const WT = transpose(params.W);
  const step = (g: Vector, j: number) =>
    matvec(WT, g.map((gi, i) => gi * slopes(j)[i]));
  let g: Vector = [];
  for (const factor of factors) {
    switch (factor.kind) {
      case "lossGradient":
        g = lossGradientAtState(params.V, trace.ys, loss, factor.t);
        break;
      case "step":
        g = step(g, factor.j);
        break;
      case "stepPower":
        for (let p = 0; p < factor.power; p++) g = step(g, factor.j);
        break;
      case "direct": {
        const hPrev = factor.k > 0 ? trace.hs[factor.k - 1] : trace.hInit;
        return outer(g.map((gi, i) => gi * slopes(factor.k)[i]), hPrev);
      }
    }
  }
  throw new RangeError("termValue: a term must end with ∂⁺h_k/∂W");
}

/** The sizes of the example. */
export const HIDDEN = 2;
/** The input dimension `d`. */
export const INPUTS = 1;
/** The last step `T`. */
export const LAST_STEP = 3;
/** The seed of the example. */
export const SEED = 7;

/** One evaluated term, as the page and the tests see it. */
export interface TermResult {
  /** The loss `L_t`. */
  t: number;
  /** The step `k`. */
  k: number;
  /** How far back the gradient travels, `t − k`. */
  distance: number;
  /** LaTeX of the exact form. */
  latex: string;
  /** The exact term, `n × n`. */
  value: Matrix;
  /** Its Frobenius norm. */
  norm: number;
  /** LaTeX of the powers form. */
  powersLatex: string;
  /** The powers-form term, `n × n`. */
  powersValue: Matrix;
  /** Its Frobenius norm. */
  powersNorm: number;
  /** `relativeError(powers, exact)` (0 when the two forms coincide). */
  powersRelativeError: number;
  /** The spectral norm `‖∂h_t/∂h_k‖₂` of the exact product (1 when `k = t`). */
  jacobianNorm: number;
  /** The bound `(‖W‖₂ / 4)^{t−k}` on it, from `σ' ≤ 1/4`. */
  jacobianBound: number;
}

/** One row of the chart `rnn-2a-terms`. */
export interface TermChartRow {
  /** `t − k`. */
  distance: number;
  /** The Frobenius norm of the term. */
  norm: number;
  /** The loss, `"L_0"` … `"L_3"`. */
  loss: string;
  /** `t`. */
  t: number;
  /** `k`. */
  k: number;
}

/** What {@link compute} returns. */
export interface Rnn2aResults {
  /** `W`, `n × n`. */
  W: Matrix;
  /** `U`, `n × d`. */
  U: Matrix;
  /** The initial state `h_{−1}`, not zero, so that no term vanishes. */
  hInit: Vector;
  /** The inputs `x_0 … x_3`. */
  xs: Vector[];
  /** The targets of `L_t = ½‖h_t − target_t‖²`. */
  targets: Vector[];
  /** `T = 3`. */
  T: number;
  /** The pre-activations `z_0 … z_3`. */
  zs: Vector[];
  /** The slopes `σ'(z_0) … σ'(z_3)`: different at every step. */
  slopes: Vector[];
  /** The spectral norm `‖W‖₂`. */
  spectralNormW: number;
  /** The ten terms. */
  terms: TermResult[];
  /** `∂L/∂W = ` the exact expansion, one LaTeX string (an `aligned` block). */
  expansionLatex: string;
  /**
   * The terms whose powers form is not the exact term (those that reach
   * back two steps or more), in the powers form, one a line after its
   * `(t, k)`: the others are those of `expansionLatex`.
   */
  powersDifferingLatex: string;
  /** The sum of the ten exact terms. */
  termSum: Matrix;
  /** `∂L/∂W` by the backward recursion of BPTT. */
  bpttGradient: Matrix;
  /** Relative error of `termSum` against `bpttGradient` (rounding only). */
  termSumVsBptt: number;
  /** The sum of the ten powers-form terms. */
  powersSum: Matrix;
  /** Relative error of `powersSum` against the gradient. */
  powersSumRelativeError: number;
  /** The largest `powersRelativeError` over the terms. */
  maxPowersRelativeError: number;
  /** The data of the chart `rnn-2a-terms`: one row per term. */
  termChart: TermChartRow[];
}

/** The whole expansion as one `aligned` LaTeX block, one term per line. */
function expansionBlock(latexTerms: string[]): string {
  const lines = latexTerms.map((term, i) =>
    i === 0 ? `\\frac{\\partial L}{\\partial W} ={}& ${term}` : `&+ ${term}`
  );
  return `\\begin{aligned}${lines.join(" \\\\ ")}\\end{aligned}`;
}

/**
 * The terms written differently in the powers form, one a line after its
 * `(t, k)`, as one `aligned` LaTeX block.
 */
function differingBlock(terms: TermResult[]): string {
  const lines = terms.filter((term) => term.powersLatex !== term.latex).map(
    (term) => `(t, k) = (${term.t}, ${term.k}):&\\quad ${term.powersLatex}`,
  );
  return `\\begin{aligned}${lines.join(" \\\\ ")}\\end{aligned}`;
}

/** Compute the example. Deterministic: every number comes from a fixed seed. */
export function compute(): Rnn2aResults {
  // ## The example
  //
  // Two hidden units, one input, `T = 3`, squared-error losses on the states,
  // and a non-zero initial state so that the `k = 0` terms do not vanish
  // (exercise rnn-1b). The input weights are drawn three times larger than
  // the recurrent ones, so that the pre-activations, and with them the slopes
  // `σ'(z_j)`, differ clearly from step to step, as they do in a real sequence.
  const rng = seededRandom(SEED);
  const params: RnnParams = {
    W: rng.matrix(HIDDEN, HIDDEN),
    U: rng.matrix(HIDDEN, INPUTS, 3),
  };
  const xs = Array.from({ length: LAST_STEP + 1 }, () => rng.vector(INPUTS));
  const targets = Array.from(
    { length: LAST_STEP + 1 },
    () => Array.from({ length: HIDDEN }, () => rng.between(0.1, 0.9)),
  );
  const hInit = Array.from({ length: HIDDEN }, () => rng.between(-1, 1));
  const loss: Loss = { type: "mse", targets };
  const trace = rnnForward(params, xs, { hInit });

  // ## Evaluate every term, both ways
  //
  // Beside each term we record the size of its Jacobian product
  // `∂h_t/∂h_k`. The powers form is not needed to see why long-range terms
  // shrink: the spectral norm is submultiplicative and `σ' ≤ 1/4`, so
  // `‖∂h_t/∂h_k‖₂ ≤ ∏_j ‖diag(σ'(z_j))‖₂ ‖W‖₂ ≤ (‖W‖₂ / 4)^{t−k}` holds for the
  // exact product.
  const spectralNormW = spectralNorm(params.W);
  const terms: TermResult[] = expansionTerms(LAST_STEP).map((term) => {
    const value = termValue(term.exact, params, trace, loss);
    const powersValue = termValue(term.powers, params, trace, loss);
    const norm = frobeniusNorm(value);
    return {
      t: term.t,
      k: term.k,
      distance: term.t - term.k,
      latex: termLatex(term.exact),
      value,
      norm,
      powersLatex: termLatex(term.powers),
      powersValue,
      powersNorm: frobeniusNorm(powersValue),
      powersRelativeError: relativeError(powersValue, value),
      jacobianNorm: spectralNorm(stateJacobian(params, trace, term.t, term.k)),
      jacobianBound: (spectralNormW / 4) ** (term.t - term.k),
    };
  });

  // ## Their sum is the gradient
  //
  // The exact terms add up to the gradient that BPTT computes by its backward
  // recursion (and, in the tests, to an independent autodiff gradient). The
  // powers form does not: it replaces `σ'(z_j)` by `σ'(z_t)` in every factor.
  const termSum = terms.reduce(
    (s, term) => add(s, term.value),
    zeros(HIDDEN, HIDDEN),
  );
  const powersSum = terms.reduce(
    (s, term) => add(s, term.powersValue),
    zeros(HIDDEN, HIDDEN),
  );
  const bpttGradient = rnnBptt(params, xs, loss, { hInit }).grads.W;

  // A sanity check against the library's own term-by-term evaluation: the
  // factor lists must give the same numbers as `bpttTerms`.
  const library = bpttTerms(params, xs, loss, { hInit });
  if (
    library.some((term, i) => relativeError(term.value, terms[i].value) > 1e-12)
  ) {
    throw new Error("rnn-2a: the factor lists disagree with bpttTerms");
  }

  return {
    W: params.W,
    U: params.U,
    hInit,
    xs,
    targets,
    T: LAST_STEP,
    zs: trace.zs,
    slopes: trace.zs.map((z) => z.map(sigmoidDerivative)),
    spectralNormW,
    terms,
    expansionLatex: expansionBlock(terms.map((term) => term.latex)),
    powersDifferingLatex: differingBlock(terms),
    termSum,
    bpttGradient,
    termSumVsBptt: relativeError(termSum, bpttGradient),
    powersSum,
    powersSumRelativeError: relativeError(powersSum, bpttGradient),
    maxPowersRelativeError: Math.max(
      ...terms.map((term) => term.powersRelativeError),
    ),
    termChart: terms.map(({ t, k, distance, norm }) => ({
      distance,
      norm,
      loss: `L_${t}`,
      t,
      k,
    })),
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
