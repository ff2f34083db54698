/**
 * # Audit of the problem set "RNN", as source solutions 000 and 003 restate it
 *
 * Both source solutions copy the exercise sheet before solving it, so its mistakes are
 * theirs too. Each function below evaluates the sheet's version and the
 * correct version of one formula on a small, seeded case; {@link errata}
 * turns the results into entries of the errata page.
 *
 * The model is the sheet's: `h_t = σ(W h_{t−1} + U x_t)` for `t = 0 … T`,
 * `L = Σ_t L_t`, and an initial state `h_{−1}` that does not depend on `W`
 * (source solution 000 calls it `h_f`, source solution 003 `h_init`). We take
 * `L_t = ½‖h_t − target_t‖²`, any scalar loss of `h_t` would do.
 *
 * @module
 */
import {
  bpttTerms,
  cellHighwayJacobian,
  cellJacobian,
  identity,
  type Loss,
  lstmBackward,
  lstmForward,
  type LstmParams,
  matmul,
  matpow,
  type Matrix,
  matvec,
  randomLstmParams,
  rnnBptt,
  rnnForward,
  type RnnParams,
  seededRandom,
  sigmoidDerivative,
  stateJacobian,
  stepJacobian,
  sub,
  transpose,
  type Vector,
} from "../lib/mod.ts";
import {
  type Erratum,
  RELATIVE_ERROR,
  relativeDifference,
  SEED_FILES,
  sumMatrices,
} from "./types.ts";

/** The test file of this module's errata. */
export const TEST_FILE = "tests/audit/rnn-statement_test.ts";

/** A sigmoid RNN with its inputs, loss and initial state. */
export interface RnnCase {
  params: RnnParams;
  xs: Vector[];
  loss: Loss;
  hInit: Vector;
}

/**
 * The RNN case of this module: `n = 3` units, `d = 2` inputs, `T = 3` (four
 * steps), seeded normal weights, targets in `[0, 1)`, and a non-zero initial
 * state `h_{−1}` (or zero, with `zeroInit`).
 */
export function rnnCase(zeroInit = false): RnnCase {
  const rng = seededRandom(501);
  const n = 3, d = 2, steps = 4;
  const params = { W: rng.matrix(n, n, 1.2), U: rng.matrix(n, d) };
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  const targets = xs.map(() => Array.from({ length: n }, () => rng.uniform()));
  const hInit = rng.vector(n);
  return {
    params,
    xs,
    loss: { type: "mse", targets },
    hInit: zeroInit ? hInit.map(() => 0) : hInit,
  };
}

// ## The lower limit of `k`
//
// The sheet asks to derive `∂L/∂W = Σ_{t=0}^{T} Σ_{k=1}^{t} …`. The library's
// `bpttTerms` lists every term `∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` for
// `0 ≤ k ≤ t`; summing the terms with `k ≥ 1` gives the sheet's version.

/** Both versions of the double sum, and what the `k = 0` terms carry. */
export interface LowerLimitResult {
  /** `Σ_t Σ_{k=1}^{t}`: the sheet's version. */
  fromOne: Matrix;
  /** `Σ_t Σ_{k=0}^{t}`: the gradient. */
  fromZero: Matrix;
  /** The `k = 0` terms alone, `Σ_t ∂L_t/∂h_t · ∂h_t/∂h_0 · σ'(z_0) h_{−1}ᵀ`. */
  kZero: Matrix;
}

/**
 * The double sum from `k = 1` and from `k = 0`.
 */
export function lowerLimit(c: RnnCase = rnnCase()): LowerLimitResult {
  const terms = bpttTerms(c.params, c.xs, c.loss, { hInit: c.hInit });
  const n = c.params.W.length;
  const pick = (keep: (k: number) => boolean) =>
    sumMatrices(terms.filter((t) => keep(t.k)).map((t) => t.value), n, n);
  return {
    fromOne: pick((k) => k >= 1),
    fromZero: pick(() => true),
    kZero: pick((k) => k === 0),
  };
}

// ## "Multiply the matrix diag(σ')W n times with itself"
//
// The factors of `∂h_t/∂h_k` are `diag(σ'(z_j)) W` for `j = k+1 … t`: the same
// `W`, but `σ'` is evaluated at a different pre-activation `z_j` at every
// step. The power of one factor is not the product.

/** The exact product and the sheet's power, for `∂h_3/∂h_0`. */
export interface SameMatrixResult {
  /** `∏_{j=1}^{3} diag(σ'(z_j)) W`, later factors on the left. */
  product: Matrix;
  /** `(diag(σ'(z_3)) W)³`: one factor, cubed. */
  power: Matrix;
  /** `σ'(z_j)` for `j = 1, 2, 3`: the diagonals that differ. */
  slopes: Vector[];
}

/**
 * `∂h_3/∂h_0` as the product of the three step Jacobians, and as the cube of
 * the last one.
 */
export function sameMatrix(c: RnnCase = rnnCase()): SameMatrixResult {
  const trace = rnnForward(c.params, c.xs, { hInit: c.hInit });
  const product = stateJacobian(c.params, trace, 3, 0);
  const power = matpow(stepJacobian(c.params, trace, 3), 3);
  const slopes = [1, 2, 3].map((j) => trace.zs[j].map(sigmoidDerivative));
  return { product, power, slopes };
}

// ## `∂h_k/∂W` is the immediate derivative
//
// In `Σ_k ∂L_t/∂h_t · ∂h_t/∂h_k · ∂h_k/∂W`, the last factor must be the
// derivative of `h_k` with `h_{k−1}` held fixed (Pascanu et al. write
// `∂⁺h_k/∂W`). Read as the total derivative (through `h_{k−1}`, `h_{k−2}`, …
// as well), the double sum counts every path several times. The total
// derivative contracted with a vector `g` is the gradient of `g · h_k`, which
// `rnnBptt` gives for the loss `½‖h_k − (h_k − g)‖²`.

/** The double sum under the two readings of `∂h_k/∂W`. */
export interface DerivativeReadingResult {
  /** With the total derivative `dh_k/dW`. */
  totalReading: Matrix;
  /** With the immediate derivative `∂⁺h_k/∂W`: the gradient. */
  immediateReading: Matrix;
}

/**
 * `g_{t,k} = (∂L_t/∂h_t · ∂h_t/∂h_k)ᵀ`, the backward signal that reaches
 * `h_k` from the loss `L_t` (mean squared error, no output layer).
 */
export function backwardSignal(c: RnnCase, t: number, k: number): Vector {
  const trace = rnnForward(c.params, c.xs, { hInit: c.hInit });
  if (c.loss.type !== "mse") throw new RangeError("expected an mse loss");
  const dLdh = sub(trace.hs[t], c.loss.targets[t]);
  return matvec(transpose(stateJacobian(c.params, trace, t, k)), dLdh);
}

/**
 * The double sum with `∂h_k/∂W` read as the total derivative, and as the
 * immediate one.
 */
export function derivativeReading(
  c: RnnCase = rnnCase(),
): DerivativeReadingResult {
  const n = c.params.W.length;
  const trace = rnnForward(c.params, c.xs, { hInit: c.hInit });
  const parts: Matrix[] = [];
  for (let t = 0; t < c.xs.length; t++) {
    for (let k = 0; k <= t; k++) {
      const g = backwardSignal(c, t, k);
      const targets = c.xs.map(() => new Array<number>(n).fill(0));
      targets[k] = sub(trace.hs[k], g);
      const total = rnnBptt(c.params, c.xs.slice(0, k + 1), {
        type: "mse",
        targets,
        steps: [k],
      }, { hInit: c.hInit }).grads.W;
      parts.push(total);
    }
  }
  return {
    totalReading: sumMatrices(parts, n, n),
    immediateReading: lowerLimit(c).fromZero,
  };
}

// ## The LSTM version of the double sum
//
// Before 3(c) the sheet writes `∂L/∂W = Σ_{t=0}^{T} Σ_{k=1}^{t} ∂L_t/∂C_t ·
// ∂C_t/∂C_k · ∂C_k/∂W`, with the same lower limit. Whatever the neglected
// paths, the gradient is the sum over the steps `k` at which `W` acts, and
// the step `k = 0` acts on `h_{−1}`: its share is the gradient of the loss
// when `W` is changed at step 0 only. The steps `k ≥ 1` together are the
// gradient of the losses `L_1 … L_T` of the LSTM restarted from `(h_0, C_0)`.

/** An LSTM with inputs, loss and initial states. */
export interface LstmCase {
  params: LstmParams;
  xs: Vector[];
  loss: Loss & { type: "mse" };
  hInit: Vector;
  CInit: Vector;
}

/**
 * The LSTM case: `n = 2` units, `d = 2` inputs, four steps, seeded normal
 * weights (scale 0.8) and biases (scale 0.5), non-zero initial states (or a
 * zero `h_{−1}`, with `zeroInit`).
 */
export function lstmCase(zeroInit = false): LstmCase {
  const rng = seededRandom(503);
  const n = 2, d = 2, steps = 4;
  const params = randomLstmParams(rng, n, d, { scale: 0.8, biasScale: 0.5 });
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  const targets = xs.map(() => rng.vector(n, 0.5));
  const hInit = rng.vector(n);
  const CInit = rng.vector(n);
  return {
    params,
    xs,
    loss: { type: "mse", targets },
    hInit: zeroInit ? hInit.map(() => 0) : hInit,
    CInit,
  };
}

/** `∂L/∂W_c` split by the step at which `W_c` acts. */
export interface LstmLowerLimitResult {
  /** The share of the steps `k ≥ 1`: the sheet's lower limit. */
  fromOne: Matrix;
  /** The whole gradient `∂L/∂W_c`. */
  fromZero: Matrix;
  /** The share of step `k = 0`. */
  kZero: Matrix;
}

/**
 * `∂L/∂W_c` and the part of it that the steps `k ≥ 1` carry.
 */
export function lstmLowerLimit(c: LstmCase = lstmCase()): LstmLowerLimitResult {
  const options = { hInit: c.hInit, CInit: c.CInit };
  const fromZero = lstmBackward(c.params, c.xs, c.loss, options).grads.Wc;
  const first = lstmForward(c.params, c.xs, options).steps[0];
  const fromOne = lstmBackward(
    c.params,
    c.xs.slice(1),
    { type: "mse", targets: c.loss.targets.slice(1) },
    { hInit: first.h, CInit: first.C },
  ).grads.Wc;
  return { fromOne, fromZero, kZero: sub(fromZero, fromOne) };
}

// ## "We know that ∂C_t/∂C_k = ∏ ∂C_i/∂C_{i−1}"
//
// The chain rule gives a product of one-step Jacobians only when `C` alone
// is the state. It is not: `C_i` depends on `C_{i−1}` and on `h_{i−1}`, and
// `h_{i−1} = o_{i−1} ⊙ tanh(C_{i−1})` has an output gate that depends on
// `h_{i−2}`. So the full `∂C_3/∂C_0` (all paths) is not the product of the
// full one-step Jacobians. On the direct path alone (the gates held fixed,
// as the sheet's "can be neglected" suggests) the product formula is exact:
// `diag(f_1 ⊙ f_2 ⊙ f_3)`.

/** `∂C_3/∂C_0` three ways. */
export interface CellChainResult {
  /** `∏_{i=1}^{3} ∂C_i/∂C_{i−1}` with the full one-step Jacobians. */
  productOfSteps: Matrix;
  /** The full `∂C_3/∂C_0`. */
  full: Matrix;
  /** The direct path `diag(f_1 ⊙ f_2 ⊙ f_3)`. */
  highway: Matrix;
  /** The product of the direct one-step paths `diag(f_i)`. */
  highwayProduct: Matrix;
}

/**
 * `∂C_3/∂C_0` as the product of one-step Jacobians and in full.
 */
export function cellChain(c: LstmCase = lstmCase()): CellChainResult {
  const trace = lstmForward(c.params, c.xs, { hInit: c.hInit, CInit: c.CInit });
  const n = c.hInit.length;
  let productOfSteps = identity(n);
  let highwayProduct = identity(n);
  for (let i = 1; i <= 3; i++) {
    productOfSteps = matmul(
      cellJacobian(c.params, trace, i, i - 1),
      productOfSteps,
    );
    highwayProduct = matmul(
      cellHighwayJacobian(trace, i, i - 1),
      highwayProduct,
    );
  }
  return {
    productOfSteps,
    full: cellJacobian(c.params, trace, 3, 0),
    highway: cellHighwayJacobian(trace, 3, 0),
    highwayProduct,
  };
}

/**
 * The errata of the problem statement.
 */
export function errata(): Erratum[] {
  const both = {
    seed: SEED_FILES.s000,
    alsoIn: [SEED_FILES.s003],
    part: "statement" as const,
  };
  const limit = lowerLimit();
  const same = sameMatrix();
  const reading = derivativeReading();
  const lstm = lstmLowerLimit();
  const chain = cellChain();
  return [
    {
      ...both,
      id: "rnn-k-lower-limit",
      title: "The lower limit $k = 1$ of the BPTT double sum",
      location: "Exercise 1(b)",
      says:
        "$\\frac{\\partial L}{\\partial W} = \\sum_{t=0}^T \\sum_{k=1}^t \\frac{\\partial L_t}{\\partial h_t} \\frac{\\partial h_t}{\\partial h_k} \\frac{\\partial h_k}{\\partial W}$",
      right:
        "The inner sum starts at $k = 0$: $h_0 = \\sigma(W h_{-1} + U x_0)$ depends on $W$, and for $t = 0$ the sum from $k = 1$ is empty, so $L_0$ would not count at all. Both sources say so (000: “k should start from 0, not 1”; 003: “the $k=1$ should be changed to $k=0$”). The $k = 0$ terms vanish only when $h_{-1} = 0$, because $\\partial^+ h_0/\\partial W$ contracted with any row vector $g$ is $(g \\odot \\sigma'(z_0))\\,h_{-1}^\\top$.",
      reading:
        "$h_0$ is computed from $x_0$ and an initial state $h_{-1}$ that does not depend on $W$, as both sources read it (000 calls it $h_f$, 003 $h_{\\mathrm{init}}$).",
      case:
        "Sigmoid RNN, $n = 3$, $d = 2$, $T = 3$, seeded weights, $h_{-1} \\neq 0$, $L_t = \\tfrac12\\|h_t - y_t\\|^2$.",
      quantity: "$\\partial L/\\partial W$ by the double sum (3 × 3)",
      seedValue: limit.fromOne,
      correctValue: limit.fromZero,
      difference: relativeDifference(limit.fromOne, limit.fromZero),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["rnn-1b"],
      test: {
        file: TEST_FILE,
        name:
          "rnn-k-lower-limit: the sum from k = 1 misses the k = 0 terms unless h₋₁ = 0",
      },
    },
    {
      ...both,
      id: "rnn-same-matrix",
      title: "The expanded sum written with powers of one matrix",
      location: "Exercise 2(a); 000 eq. (11), 003 eq. (21)",
      part: "solution" as const,
      says:
        "In the expanded sum for $T = 3$: $(\\operatorname{diag}(\\sigma')W)^2$, $(\\operatorname{diag}(\\sigma')W)^3$, taking the problem set's “we have to multiply the matrix $\\operatorname{diag}(\\sigma')W$ $n$ times with itself” as an equation.",
      right:
        "$\\frac{\\partial h_t}{\\partial h_k} = \\prod_{j=k+1}^{t} \\operatorname{diag}(\\sigma'(z_j))\\,W$ (later factors on the left): the same $W$, but $\\sigma'$ is evaluated at a different $z_j = W h_{j-1} + U x_j$ at every step, so it is a product of different matrices, not a power.",
      reading:
        "The problem set's sentence simplifies on purpose (one $\\operatorname{diag}(\\sigma')$ for every step, to show that $W$ enters once per step) and is not filed as an erratum; the question asks for the expanded sum itself, and there the power is wrong. We evaluated it with $\\operatorname{diag}(\\sigma')$ at one step, the last one ($z_3$); any other fixed choice differs as well.",
      case: "The RNN of rnn-k-lower-limit; $\\partial h_3/\\partial h_0$.",
      quantity: "$\\partial h_3 / \\partial h_0$ (3 × 3)",
      seedValue: same.power,
      correctValue: same.product,
      difference: relativeDifference(same.power, same.product),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["rnn-2a"],
      test: {
        file: TEST_FILE,
        name:
          "rnn-same-matrix: the cube of one step Jacobian is not the product of the three",
      },
    },
    {
      ...both,
      id: "rnn-immediate-derivative",
      title: "Which derivative $\\partial h_k/\\partial W$ is",
      location: "Exercise 1(b); 000 eq. (7), 003 eqs. (14)–(16)",
      says:
        "$\\frac{\\partial h_k}{\\partial W}$ in the double sum, without saying which derivative",
      right:
        "It must be the immediate derivative $\\partial^+ h_k/\\partial W$, with $h_{k-1}$ held fixed; with the total derivative $dh_k/dW$ (which already runs through $h_{k-1}, h_{k-2}, \\dots$) the double sum counts the same paths several times.",
      reading:
        "We evaluated the sum with the total derivative (the literal reading of $\\partial h_k/\\partial W$ for a function of $W$) and with the immediate one.",
      case: "The RNN of rnn-k-lower-limit.",
      quantity: "$\\partial L/\\partial W$ by the double sum (3 × 3)",
      seedValue: reading.totalReading,
      correctValue: reading.immediateReading,
      difference: relativeDifference(
        reading.totalReading,
        reading.immediateReading,
      ),
      measure: RELATIVE_ERROR,
      severity: "imprecise",
      exercises: ["rnn-1b", "rnn-2a"],
      test: {
        file: TEST_FILE,
        name:
          "rnn-immediate-derivative: with total derivatives the double sum overcounts",
      },
    },
    {
      ...both,
      id: "rnn-lstm-k-lower-limit",
      title: "The lower limit $k = 1$ again, for the LSTM",
      location: "Exercise 3, before (c)",
      says:
        "$\\frac{\\partial L}{\\partial W} = \\sum_{t=0}^T \\sum_{k=1}^t \\frac{\\partial L_t}{\\partial C_t} \\frac{\\partial C_t}{\\partial C_k} \\frac{\\partial C_k}{\\partial W}$",
      right:
        "The same lower limit as in Exercise 1(b): $k = 0$. At step 0 the weights act on $h_{-1}$ (for example $\\tilde C_0 = \\tanh(W_c h_{-1} + U_c x_0)$), and that share of the gradient is lost with $k = 1$; it vanishes only when $h_{-1} = 0$. Neither source corrects it here.",
      reading:
        "The formula is only “of the form” (the sheet neglects paths through the gates), so we checked what the lower limit alone decides: the share of $\\partial L/\\partial W_c$ that comes from $W_c$ acting at step 0, exactly (all paths).",
      case:
        "LSTM, $n = 2$, $d = 2$, four steps, seeded weights and biases, $h_{-1}, C_{-1} \\neq 0$, $L_t = \\tfrac12\\|h_t - y_t\\|^2$.",
      quantity: "$\\partial L/\\partial W_c$ (2 × 2)",
      seedValue: lstm.fromOne,
      correctValue: lstm.fromZero,
      difference: relativeDifference(lstm.fromOne, lstm.fromZero),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["rnn-3c"],
      test: {
        file: TEST_FILE,
        name:
          "rnn-lstm-k-lower-limit: the steps k ≥ 1 miss the share of step 0 unless h₋₁ = 0",
      },
    },
    {
      ...both,
      id: "rnn-cell-chain-rule",
      title: "$\\partial C_t/\\partial C_k$ as a product of one-step Jacobians",
      location: "Exercise 3(c)",
      says:
        "“We know that $\\frac{\\partial C_t}{\\partial C_k} = \\prod_{i=k+1}^t \\frac{\\partial C_i}{\\partial C_{i-1}}$”",
      right:
        "True for the direct path $C_{i-1} \\to C_i$ alone (gates held fixed), where it gives $\\operatorname{diag}(\\prod_i f_i)$. For the full Jacobians it is false: $C_i$ depends on $h_{i-1} = o_{i-1} \\odot \\tanh(C_{i-1})$ too, whose gate $o_{i-1}$ depends on $h_{i-2}$, so $C$ alone is not a state and the chain rule does not factor through it.",
      reading:
        "The sheet has just said that the dependence through the gates “can be neglected”; under that reading the formula is exact (checked). We show what it gives if read for the full Jacobians.",
      case:
        "The LSTM of rnn-lstm-k-lower-limit; $\\partial C_3/\\partial C_0$.",
      quantity: "$\\partial C_3/\\partial C_0$ (2 × 2)",
      seedValue: chain.productOfSteps,
      correctValue: chain.full,
      difference: relativeDifference(chain.productOfSteps, chain.full),
      measure: RELATIVE_ERROR,
      severity: "imprecise",
      exercises: ["rnn-3c"],
      test: {
        file: TEST_FILE,
        name:
          "rnn-cell-chain-rule: full one-step Jacobians do not multiply to the full Jacobian",
      },
    },
  ];
}
