/**
 * # Audit of source solution 004: notes on BPTT and vanishing/exploding gradients
 *
 * Two pages of notes in Chinese: `h_t = σ(W_rec h_{t−1} + W_in x_t + b)`,
 * then the same with `W^{hh}`, `W^{hx}` and a softmax output. The step
 * Jacobian of the first part is right; the gradient formulas drop paths or
 * terms, the second part writes the Jacobian in the wrong order, and the rule
 * "W smaller or larger than 1" ignores the slope of the sigmoid.
 *
 * We read the model as written, for `t = 1 … T` from a given `h_0`, with
 * `E_t` the cross-entropy of `y_t = softmax(W^s h_t)`, and take gradients
 * with respect to the recurrent matrix (`W_rec = W^{hh}`, the library's `W`).
 *
 * @module
 */
import {
  bpttTerms,
  diag,
  matmul,
  matpow,
  type Matrix,
  rnnForward,
  type RnnParams,
  seededRandom,
  sigmoidDerivative,
  spectralNorm,
  stateJacobian,
  type Vector,
} from "../lib/mod.ts";
import {
  type CorrectClaims,
  type Erratum,
  RELATIVE_ERROR,
  relativeDifference,
  SEED_FILES,
  sumMatrices,
} from "./types.ts";

/** The test file of this module's errata and claims. */
export const TEST_FILE = "tests/audit/seed-004_test.ts";

/** The RNN of the notes with inputs, labels and initial state. */
export interface NotesCase {
  params: RnnParams & { V: Matrix };
  /** `x_1 … x_4`. */
  xs: Vector[];
  labels: number[];
  /** `h_0`. */
  hInit: Vector;
}

/**
 * The case: sigmoid, three units, two inputs, three classes, four steps,
 * seeded, `h_0 ≠ 0`.
 */
export function notesCase(): NotesCase {
  const rng = seededRandom(4001);
  const n = 3, d = 2, m = 3;
  const params = {
    W: rng.matrix(n, n, 1.5),
    U: rng.matrix(n, d),
    b: rng.vector(n, 0.3),
    V: rng.matrix(m, n),
  };
  const xs = Array.from({ length: 4 }, () => rng.vector(d));
  const labels = xs.map(() => Math.floor(rng.uniform() * m));
  return { params, xs, labels, hInit: rng.vector(n) };
}

/**
 * The BPTT terms `∂E_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W_rec` in the notes'
 * indices (`t, k` from 1), for the losses `steps` (notes' indices; all by
 * default).
 */
export function notesTerms(
  c: NotesCase,
  steps?: number[],
): { t: number; k: number; value: Matrix }[] {
  return bpttTerms(c.params, c.xs, {
    type: "softmax-ce",
    labels: c.labels,
    steps: steps?.map((t) => t - 1),
  }, { hInit: c.hInit }).map((term) => ({
    t: term.t + 1,
    k: term.k + 1,
    value: term.value,
  }));
}

/** The sum of the terms' values (`n × n`). */
function sum(terms: { value: Matrix }[], n: number): Matrix {
  return sumMatrices(terms.map((t) => t.value), n, n);
}

// ## One path instead of all
//
// `∂E_k/∂W = ∂E_k/∂y_k ∂y_k/∂h_k (∏_{t=2}^{k} ∂h_t/∂h_{t−1}) ∂h_1/∂W` follows
// only the use of `W` at step 1. `W` acts at every step `j = 1 … k`, so
// `∂E_k/∂W` is the sum over `j` of the same product from `k` down to `j`,
// times `∂⁺h_j/∂W`.

/**
 * `∂E_4/∂W_rec` by the notes' single path and in full.
 */
export function singlePath(c: NotesCase = notesCase()): {
  onePath: Matrix;
  full: Matrix;
} {
  const n = c.params.W.length;
  const terms = notesTerms(c, [4]).filter((t) => t.t === 4);
  return {
    onePath: sum(terms.filter((t) => t.k === 1), n),
    full: sum(terms, n),
  };
}

// ## The order of the Jacobian
//
// The second part writes `∂h_t/∂h_k = ∏_{j=k+1}^{t} W^{hh} × diag(f'(j_{j−1}))`.
// For `h_j = f(W^{hh} h_{j−1} + W^{hx} x_j)`, the chain rule gives
// `diag(f'(z_j)) W^{hh}`: the diagonal on the left, evaluated at step `j`.
// (`W diag(f'(·_{j−1}))` is the Jacobian of the other parameterization,
// `h_j = W f(h_{j−1}) + …`, in which `h` is the pre-activation; the first part
// of the notes has the right order.)

/**
 * `∂h_4/∂h_1` by the notes' product (two readings of `f'(j_{j−1})`) and by
 * the chain rule; later factors on the left throughout.
 */
export function jacobianOrder(c: NotesCase = notesCase()): {
  previousStep: Matrix;
  sameStep: Matrix;
  right: Matrix;
} {
  const trace = rnnForward(c.params, c.xs, { hInit: c.hInit });
  const W = c.params.W;
  // Notes' step j is library index j − 1.
  const slopes = (j: number) => diag(trace.zs[j - 1].map(sigmoidDerivative));
  let previousStep = diag(W.map(() => 1));
  let sameStep = previousStep;
  for (let j = 2; j <= 4; j++) {
    previousStep = matmul(matmul(W, slopes(j - 1)), previousStep);
    sameStep = matmul(matmul(W, slopes(j)), sameStep);
  }
  return {
    previousStep,
    sameStep,
    right: stateJacobian(c.params, trace, 3, 0),
  };
}

// ## The missing `k = t`
//
// `Σ_{k=1}^{t−1} ∂h_t/∂h_k ∂h_k/∂W` leaves out `k = t`, the direct use of
// `W` at step `t` (for `t = 1` the sum is empty, so `E_1` does not count at
// all). The sum runs to `k = t`. (The notes also close the bracket before
// `∂h_k/∂W`, outside the sum over `k`; we read it inside.)

/**
 * `∂E/∂W_rec` with `k` up to `t − 1` and up to `t`.
 */
export function missingLastTerm(c: NotesCase = notesCase()): {
  withoutLast: Matrix;
  full: Matrix;
} {
  const n = c.params.W.length;
  const terms = notesTerms(c);
  return {
    withoutLast: sum(terms.filter((t) => t.k <= t.t - 1), n),
    full: sum(terms, n),
  };
}

// ## "W smaller than 1 or larger than 1"
//
// For the sigmoid `σ' ≤ 1/4`, so every factor has `‖diag(σ'(z_j)) W‖₂ ≤
// ‖W‖₂/4`: any `‖W‖₂ < 4` makes the product vanish at least like
// `(‖W‖₂/4)ⁿ`. A `W` with `‖W‖₂ = 3`, "larger than 1", shows it.

/**
 * The case: a rotation scaled by 3 (`‖Wⁿ‖₂ = 3ⁿ`), twenty steps.
 */
export function thresholdCase(): { params: RnnParams; xs: Vector[] } {
  const rng = seededRandom(4002);
  const angle = 0.7;
  const W = [[Math.cos(angle), -Math.sin(angle)], [
    Math.sin(angle),
    Math.cos(angle),
  ]].map((row) => row.map((x) => 3 * x));
  return {
    params: { W, U: rng.matrix(2, 2) },
    xs: Array.from({ length: 21 }, () => rng.vector(2)),
  };
}

/**
 * `‖W²⁰‖₂`, the growth the notes expect, and `‖∂h_20/∂h_0‖₂`, what happens.
 */
export function threshold(): {
  normW: number;
  powerNorm: number;
  jacobianNorm: number;
  bound: number;
} {
  const { params, xs } = thresholdCase();
  const trace = rnnForward(params, xs);
  const normW = spectralNorm(params.W);
  return {
    normW,
    powerNorm: spectralNorm(matpow(params.W, 20)),
    jacobianNorm: spectralNorm(stateJacobian(params, trace, 20, 0)),
    bound: (normW / 4) ** 20,
  };
}

/**
 * The errata of source solution 004.
 */
export function errata(): Erratum[] {
  const base = {
    seed: SEED_FILES.s004,
    alsoIn: [] as string[],
    part: "solution" as const,
  };
  const reading =
    "$h_t = \\sigma(W_{\\mathrm{rec}} h_{t-1} + W_{\\mathrm{in}} x_t + b)$ for $t = 1, \\dots, T$ from a given $h_0$, $E_t$ the cross-entropy of $\\operatorname{softmax}(W^s h_t)$; gradients with respect to $W_{\\mathrm{rec}} = W^{hh}$.";
  const caseText =
    "Sigmoid RNN, three units, two inputs, three classes, $T = 4$, seeded, $h_0 \\neq 0$.";
  const path = singlePath();
  const order = jacobianOrder();
  const last = missingLastTerm();
  const limit = threshold();
  const list: Erratum[] = [
    {
      ...base,
      id: "004-single-path",
      title: "$\\partial E_k/\\partial W$ along one path only",
      location: "Part 1, $\\partial E_k/\\partial W$",
      says:
        "$\\frac{\\partial E_k}{\\partial W} = \\frac{\\partial E_k}{\\partial y_k} \\frac{\\partial y_k}{\\partial h_k} \\allowbreak \\Big(\\prod_{t=2}^k \\frac{\\partial h_t}{\\partial h_{t-1}}\\Big) \\allowbreak \\frac{\\partial h_1}{\\partial W}$",
      right:
        "$W$ acts at every step, so $\\frac{\\partial E_k}{\\partial W} = \\sum_{j=1}^{k} \\frac{\\partial E_k}{\\partial y_k} \\frac{\\partial y_k}{\\partial h_k} \\allowbreak \\Big(\\prod_{t=j+1}^k \\frac{\\partial h_t}{\\partial h_{t-1}}\\Big) \\allowbreak \\frac{\\partial^+ h_j}{\\partial W}$; the notes keep only $j = 1$.",
      reading,
      case: caseText + " $k = 4$.",
      quantity: "$\\partial E_4/\\partial W_{\\mathrm{rec}}$ (3 × 3)",
      seedValue: path.onePath,
      correctValue: path.full,
      difference: relativeDifference(path.onePath, path.full),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["n4"],
      test: {
        file: TEST_FILE,
        name:
          "004-single-path: the path through step 1 alone is not the gradient",
      },
    },
    {
      ...base,
      id: "004-jacobian-order",
      title: "$W \\operatorname{diag}(f')$: the wrong order",
      location: "Part 2 ②, $\\partial h_t/\\partial h_k$",
      says:
        "$\\frac{\\partial h_t}{\\partial h_k} = \\prod_{j=k+1}^t W^{hh} \\times \\operatorname{diag}(f'(j_{j-1}))$",
      right:
        "$\\prod_{j=k+1}^t \\operatorname{diag}(f'(z_j))\\,W^{hh}$ with $z_j = W^{hh} h_{j-1} + W^{hx} x_j$: the diagonal on the left, at step $j$, as in part 1 of the notes. $W \\operatorname{diag}(f'(\\cdot_{j-1}))$ is the Jacobian of the other parameterization $h_j = W f(h_{j-1}) + \\dots$, where $h$ is the pre-activation.",
      reading:
        "$f'(j_{j-1})$ read as $f'$ at the pre-activation of step $j - 1$; at step $j$ instead, the product is wrong as well (see the details). Later factors on the left.",
      case: caseText + " $\\partial h_4/\\partial h_1$.",
      quantity: "$\\partial h_4/\\partial h_1$ (3 × 3)",
      seedValue: order.previousStep,
      correctValue: order.right,
      difference: relativeDifference(order.previousStep, order.right),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["n4"],
      test: {
        file: TEST_FILE,
        name:
          "004-jacobian-order: W times diag(f′) is the wrong order for this model",
      },
      details: [{
        label: "relative error with $f'$ taken at step $j$",
        value: relativeDifference(order.sameStep, order.right),
      }],
    },
    {
      ...base,
      id: "004-missing-last-term",
      title: "The sum over $k$ stops at $t - 1$",
      location: "Part 2 ② and ③",
      says:
        "$\\frac{\\partial E}{\\partial W} = \\sum_{t=1}^T \\sum_{k=1}^{t-1} \\frac{\\partial E_t}{\\partial y_t} \\frac{\\partial y_t}{\\partial h_t} \\allowbreak \\Big(\\prod_{j=k+1}^t \\frac{\\partial h_j}{\\partial h_{j-1}}\\Big) \\allowbreak \\frac{\\partial h_k}{\\partial W}$",
      right:
        "$\\sum_{k=1}^{t}$: the term $k = t$ is the direct use of $W$ at step $t$ (its product is empty, the identity); without it $E_1$ contributes nothing. In ② the bracket also closes before $\\partial h_k/\\partial W$, leaving $k$ outside its sum.",
      reading: reading +
        " $\\partial h_k/\\partial W$ read inside the sum over $k$.",
      case: caseText,
      quantity: "$\\partial E/\\partial W_{\\mathrm{rec}}$ (3 × 3)",
      seedValue: last.withoutLast,
      correctValue: last.full,
      difference: relativeDifference(last.withoutLast, last.full),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["n4"],
      test: {
        file: TEST_FILE,
        name: "004-missing-last-term: the sum over k must reach k = t",
      },
    },
    {
      ...base,
      id: "004-w-threshold",
      title: "“$W$ larger than 1” does not make a sigmoid RNN explode",
      location: "Part 2, last paragraph",
      says:
        "“If $W$ is badly initialized ($W$ smaller than 1 or larger than 1), the gradient vanishes or explodes”",
      right:
        "With the sigmoid, $\\sigma' \\le 1/4$ gives $\\|\\operatorname{diag}(\\sigma')W\\|_2 \\le \\|W\\|_2/4$: every $\\|W\\|_2 < 4$ makes the gradient vanish, so “larger than 1” does not explode it. $\\|W\\|_2 > 1$ ($> 4$ for the sigmoid) is necessary for explosion, not sufficient; the slopes at the states the network visits decide.",
      reading:
        "“$W$ larger than 1” read as $\\|W\\|_2 > 1$; the repeated product of $W$ the notes speak of has $\\|W^n\\|_2 = \\|W\\|_2^n$ here.",
      case:
        "Sigmoid RNN, two units, $W$ a rotation scaled by 3 ($\\|W\\|_2 = 3$), random inputs, twenty steps.",
      quantity:
        "$\\|W^{20}\\|_2$ (source) vs $\\|\\partial h_{20}/\\partial h_0\\|_2$",
      seedValue: limit.powerNorm,
      correctValue: limit.jacobianNorm,
      difference: limit.powerNorm / limit.jacobianNorm,
      measure: "ratio source / right",
      severity: "wrong",
      exercises: ["n4"],
      test: {
        file: TEST_FILE,
        name:
          "004-w-threshold: a sigmoid RNN with norm-3 W vanishes, it does not explode",
      },
      details: [
        { label: "$\\|W\\|_2$", value: limit.normW },
        { label: "bound $(\\|W\\|_2/4)^{20}$", value: limit.bound },
      ],
    },
  ];
  return list;
}

/**
 * What source solution 004 gets right, each claim checked in {@link TEST_FILE}.
 */
export function correct(): CorrectClaims {
  return {
    seed: SEED_FILES.s004,
    title: "Notes on BPTT and vanishing/exploding gradients, in Chinese",
    claims: [
      "$\\partial E/\\partial W = \\sum_t \\partial E_t/\\partial W$: the error is the sum of the errors of the time steps.",
      "Part 1: $\\frac{\\partial h_t}{\\partial h_{t-1}} = \\operatorname{diag}(\\sigma'(W_{\\mathrm{rec}}h_{t-1} + W_{\\mathrm{in}}x_t + b))\\,W_{\\mathrm{rec}}$, and $\\partial h_k/\\partial h_1$ is the product ① of these factors.",
      "Part 1: $\\sigma'$ is at most $1/4$ for the sigmoid, at most 1 for tanh and ReLU.",
      "With $\\|W_{\\mathrm{rec}}\\|_2 < 1$ (or $< 4$ for the sigmoid) the product ① shrinks geometrically: the gradient from distant steps vanishes and long-term dependencies are hard to learn.",
    ],
  };
}
