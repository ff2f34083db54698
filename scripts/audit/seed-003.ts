/**
 * # Audit of source solution 003: Homework 3, Recurrent Neural Networks
 *
 * The same problem set as source solution 000, solved in Chinese, with two quotations
 * from an answer by Towser on Zhihu ("How does the LSTM avoid vanishing and
 * exploding gradients?"). It corrects the sheet's lower limit and writes the
 * step Jacobian as `n × n`; its mistakes are two slips in its copy of
 * Exercise 3, the sign of `h_t`, the modulus-1 case, one rounding, and the
 * claim that the culprit is "the same matrix". Errata it shares with seed
 * 000 are listed there.
 *
 * @module
 */
import {
  add,
  bpttTerms,
  cellHighwayJacobian,
  cellJacobian,
  diag,
  eigSymmetric2x2,
  frobeniusNorm,
  hadamard,
  identity,
  lstmForward,
  type LstmParams,
  matmul,
  matpow,
  type Matrix,
  matvec,
  maxAbs,
  outer,
  randomLstmParams,
  rnnForward,
  type RnnParams,
  seededRandom,
  sigmoidDerivative,
  spectralNorm,
  stateJacobian,
  stepJacobian,
  sub,
  transpose,
  type Vector,
  zeros,
} from "../lib/mod.ts";
import { SWAP } from "./seed-000.ts";
import {
  CLIP,
  FAR,
  farShare,
  gradient,
  setup as clipSetup,
  train,
} from "../exercises/clip.ts";
import { clipByNorm } from "../lib/clip.ts";
import {
  type CorrectClaims,
  type Erratum,
  RELATIVE_ERROR,
  relativeDifference,
  roundTo,
  SEED_FILES,
  sumMatrices,
  type UncheckedClaim,
} from "./types.ts";

/** The test file of this module's errata and claims. */
export const TEST_FILE = "tests/audit/seed-003_test.ts";

/** `0.9³⁰` as source solution 003 prints it in eq. (25). */
export const LAMBDA30_SEED_003 = 0.04239115;

// ## The LSTM formula with `∂L/∂C_t`
//
// Source solution 003 copies the sheet's `Σ_t Σ_k ∂L_t/∂C_t · ∂C_t/∂C_k · ∂C_k/∂W` as
// `Σ_t Σ_k ∂L/∂C_t …`. With the total `∂L/∂C_t`, which already collects the
// losses of all later steps, the outer sum over `t` counts each later loss
// again. To compare the two on a case where the sheet's formula is exact, we
// evaluate at recurrent weights `W_f = W_i = W_o = W_c = 0`: then the gates
// and the candidate do not depend on `h`, the only path from `C_k` to `C_t` is
// the direct one, `∂C_t/∂C_k = diag(f_{k+1} ⊙ … ⊙ f_t)`, and for `W_c`
// the immediate derivative contracted with `g` is
// `(g ⊙ i_k ⊙ (1 − C̃_k²)) h_{k−1}ᵀ`. The lower limit is `k = 0` in both.

/** An LSTM with zero recurrent weights, inputs, targets and initial states. */
export interface DecoupledCase {
  params: LstmParams;
  xs: Vector[];
  targets: Vector[];
  hInit: Vector;
  CInit: Vector;
}

/**
 * The case: two units, two inputs, four steps, seeded input weights and
 * biases, every recurrent matrix zero, non-zero initial states.
 */
export function decoupledCase(): DecoupledCase {
  const rng = seededRandom(3001);
  const n = 2, d = 2, steps = 4;
  const params = randomLstmParams(rng, n, d, { biasScale: 0.5 });
  for (const block of ["f", "i", "o", "c"] as const) {
    params[`W${block}`] = zeros(n, n);
  }
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  const targets = xs.map(() => rng.vector(n, 0.5));
  return { params, xs, targets, hInit: rng.vector(n), CInit: rng.vector(n) };
}

/**
 * `∂L/∂W_c` by the sheet's double sum with `∂L_t/∂C_t` (right) and with
 * source solution 003's `∂L/∂C_t`.
 */
export function cellLossDerivative(c: DecoupledCase = decoupledCase()): {
  withStepLoss: Matrix;
  withTotalLoss: Matrix;
} {
  const trace = lstmForward(c.params, c.xs, { hInit: c.hInit, CInit: c.CInit });
  const s = trace.steps;
  const T = s.length;
  const n = c.hInit.length;
  // ∂L_t/∂C_t: L_t = ½‖h_t − y_t‖² and h_t = o_t ⊙ tanh(C_t).
  const stepLoss = s.map((step, t) =>
    step.h.map((h, u) =>
      (h - c.targets[t][u]) * step.o[u] * (1 - step.tanhC[u] ** 2)
    )
  );
  // The direct path ∂C_t/∂C_k = diag(f_{k+1} ⊙ … ⊙ f_t), as a vector.
  const highway = (t: number, k: number) => {
    const product = new Array<number>(n).fill(1);
    for (let j = k + 1; j <= t; j++) s[j].f.forEach((f, u) => product[u] *= f);
    return product;
  };
  // ∂L/∂C_t: every later loss, carried back along the direct path.
  const totalLoss = s.map((_, t) => {
    let sum = new Array<number>(n).fill(0);
    for (let later = t; later < T; later++) {
      sum = add(sum, hadamard(stepLoss[later], highway(later, t)));
    }
    return sum;
  });
  const doubleSum = (signal: Vector[]) => {
    let total = zeros(n, n);
    for (let t = 0; t < T; t++) {
      for (let k = 0; k <= t; k++) {
        const g = hadamard(signal[t], highway(t, k));
        const dPre = g.map((x, u) => x * s[k].i[u] * (1 - s[k].g[u] ** 2));
        const hPrev = k > 0 ? s[k - 1].h : c.hInit;
        total = add(total, outer(dPre, hPrev));
      }
    }
    return total;
  };
  return {
    withStepLoss: doubleSum(stepLoss),
    withTotalLoss: doubleSum(totalLoss),
  };
}

// ## `∂C_t/∂C_{i−1}` inside the product
//
// Source solution 003 writes `∂C_t/∂C_k = ∏_{i=k+1}^{t} ∂C_t/∂C_{i−1}` (the sheet and
// source solution 000 have `∂C_i/∂C_{i−1}`). On the direct path, `∂C_t/∂C_{i−1} =
// diag(f_i ⊙ … ⊙ f_t)`, so the seed's product raises `f_j` to the power
// `j − k` instead of 1.

/**
 * `∂C_3/∂C_0` on the direct path, by source solution 003's product and by the right one.
 */
export function productIndex(): { seed: Matrix; right: Matrix; f: Vector[] } {
  const rng = seededRandom(3002);
  const params = randomLstmParams(rng, 2, 2, { biasScale: 0.5 });
  const xs = Array.from({ length: 4 }, () => rng.vector(2));
  const trace = lstmForward(params, xs, { CInit: rng.vector(2) });
  let seed = identity(2);
  let right = identity(2);
  for (let i = 1; i <= 3; i++) {
    seed = matmul(cellHighwayJacobian(trace, 3, i - 1), seed);
    right = matmul(cellHighwayJacobian(trace, i, i - 1), right);
  }
  return { seed, right, f: trace.steps.map((s) => s.f) };
}

// ## "The product of the same matrix"
//
// Source solution 003 concludes that RNNs are prone to vanishing and exploding gradients
// "because the backward pass contains the repeated product of the same
// matrix". The factors `diag(σ'(z_j)) W` share `W`, but the slopes differ
// from step to step, and the product can be far from any power of one
// factor. A sigmoid RNN over twenty steps shows by how much.

/** The RNN of the "same matrix" comparison, and the state it restarts from. */
export interface SameMatrixCase {
  params: RnnParams;
  /** The inputs `x_1 … x_20` after the restart. */
  xs: Vector[];
  /** `h_0`, the state the restart begins from. */
  h0: Vector;
}

/**
 * A sigmoid RNN with `n = 3`, `‖W‖₂` well above 1 and inputs spread widely,
 * restarted from `h_0` for twenty steps.
 */
export function sameMatrixCase(): SameMatrixCase {
  const rng = seededRandom(3003);
  const n = 3, d = 2, steps = 21;
  const params = { W: rng.matrix(n, n, 2), U: rng.matrix(n, d) };
  const xs = Array.from({ length: steps }, () => rng.vector(d, 3));
  const h0 = rnnForward(params, xs).hs[0];
  return { params, xs: xs.slice(1), h0 };
}

/**
 * `‖∂h_20/∂h_0‖₂` exactly and as the twentieth power of the last factor.
 */
export function sameMatrixNorms(c: SameMatrixCase = sameMatrixCase()): {
  exact: number;
  power: number;
  exactJacobian: Matrix;
  normW: number;
} {
  const trace = rnnForward(c.params, c.xs, { hInit: c.h0 });
  const last = c.xs.length - 1;
  const exactJacobian = stateJacobian(c.params, trace, last, -1);
  return {
    exact: spectralNorm(exactJacobian),
    power: spectralNorm(matpow(stepJacobian(c.params, trace, last), 20)),
    exactJacobian,
    normW: spectralNorm(c.params.W),
  };
}

// ## The sign of `h_t`
//
// "`h_t` and `C̃_t` have the same sign": no, `h_t = o_t ⊙ tanh(C_t)` with
// `o_t > 0`, so `h_t` has the sign of `C_t`, which mixes the old cell state
// `f_t ⊙ C_{t−1}` with `i_t ⊙ C̃_t`. A survey of random LSTMs counts how often
// the signs of `h_t` and `C̃_t` differ, and checks the ranges the source solutions state.

/** Ranges and sign counts over many random LSTMs. */
export interface SignSurvey {
  /** Number of (network, step, unit) triples. */
  samples: number;
  /** Smallest and largest value of any gate `f, i, o`. */
  gateRange: [number, number];
  /** Smallest values of `C̃_t`, `C_t`, `h_t`: negative. */
  minCandidate: number;
  minCell: number;
  minHidden: number;
  /** Triples where `h_t` and `C̃_t` have opposite signs. */
  hiddenVsCandidate: number;
  /** Triples where `h_t` and `C_t` have opposite signs: none. */
  hiddenVsCell: number;
  /** The first triple where `h_t` and `C̃_t` have opposite signs. */
  counterexample: { candidate: number; cell: number; hidden: number };
}

/**
 * Sample `networks` random LSTMs (three units, two inputs, ten steps, normal
 * weights, biases and inputs) and record ranges and signs.
 */
export function signSurvey(networks = 200): SignSurvey {
  const rng = seededRandom(3004);
  let gateMin = Infinity, gateMax = -Infinity;
  let minCandidate = Infinity, minCell = Infinity, minHidden = Infinity;
  let hiddenVsCandidate = 0, hiddenVsCell = 0, samples = 0;
  let counterexample: SignSurvey["counterexample"] | undefined;
  for (let net = 0; net < networks; net++) {
    const params = randomLstmParams(rng, 3, 2, { biasScale: 1 });
    const xs = Array.from({ length: 10 }, () => rng.vector(2));
    for (const s of lstmForward(params, xs).steps) {
      for (let u = 0; u < 3; u++) {
        samples++;
        for (const gate of [s.f[u], s.i[u], s.o[u]]) {
          gateMin = Math.min(gateMin, gate);
          gateMax = Math.max(gateMax, gate);
        }
        minCandidate = Math.min(minCandidate, s.g[u]);
        minCell = Math.min(minCell, s.C[u]);
        minHidden = Math.min(minHidden, s.h[u]);
        if (s.h[u] * s.g[u] < 0) {
          hiddenVsCandidate++;
          counterexample ??= {
            candidate: s.g[u],
            cell: s.C[u],
            hidden: s.h[u],
          };
        }
        if (s.h[u] * s.C[u] < 0) hiddenVsCell++;
      }
    }
  }
  return {
    samples,
    gateRange: [gateMin, gateMax],
    minCandidate,
    minCell,
    minHidden,
    hiddenVsCandidate,
    hiddenVsCell,
    counterexample: counterexample ?? { candidate: 0, cell: 0, hidden: 0 },
  };
}

// ## The quoted claims
//
// Towser: "the total gradient of an RNN does not vanish … it is dominated by
// the gradients from nearby steps". We group the terms of the BPTT double
// sum by the distance `t − k` on a sigmoid RNN over thirty steps.

/** Shares of the gradient by distance `t − k`. */
export interface NearTerms {
  /** `‖∂L/∂W‖_F`. */
  totalNorm: number;
  /** `‖Σ_{t−k ≤ 2} terms‖_F / ‖∂L/∂W‖_F`: close to 1. */
  nearShare: number;
  /** `‖Σ_{t−k ≥ 10} terms‖_F / ‖∂L/∂W‖_F`: tiny. */
  farShare: number;
  /** `‖Σ_{t−k = 0} terms‖_F`: the immediate terms alone. */
  immediateNorm: number;
}

/**
 * The BPTT terms of a 30-step sigmoid RNN, grouped by distance.
 */
export function nearTerms(): NearTerms & {
  params: RnnParams;
  xs: Vector[];
  targets: Vector[];
  total: Matrix;
} {
  const rng = seededRandom(3005);
  const n = 4, d = 2, steps = 30;
  const params = { W: rng.matrix(n, n, 0.5), U: rng.matrix(n, d) };
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  const targets = xs.map(() => Array.from({ length: n }, () => rng.uniform()));
  const terms = bpttTermsByDistance(params, xs, targets);
  const sumWhere = (keep: (distance: number) => boolean) =>
    sumMatrices(
      terms.filter((t) => keep(t.distance)).map((t) => t.value),
      n,
      n,
    );
  const total = sumWhere(() => true);
  const norm = (m: Matrix) => Math.hypot(...m.flat());
  return {
    totalNorm: norm(total),
    nearShare: norm(sumWhere((dist) => dist <= 2)) / norm(total),
    farShare: norm(sumWhere((dist) => dist >= 10)) / norm(total),
    immediateNorm: norm(sumWhere((dist) => dist === 0)),
    params,
    xs,
    targets,
    total,
  };
}

function bpttTermsByDistance(
  params: RnnParams,
  xs: Vector[],
  targets: Vector[],
): { distance: number; value: Matrix }[] {
  // Written out here rather than through `bpttTerms`, so the test can compare
  // the two: g walks back from ∂L_t/∂h_t through the step Jacobians.
  const trace = rnnForward(params, xs);
  const out: { distance: number; value: Matrix }[] = [];
  for (let t = 0; t < xs.length; t++) {
    let g = sub(trace.hs[t], targets[t]);
    for (let k = t; k >= 0; k--) {
      const dz = hadamard(g, trace.zs[k].map(sigmoidDerivative));
      const hPrev = k > 0 ? trace.hs[k - 1] : trace.hInit;
      out.push({ distance: t - k, value: outer(dz, hPrev) });
      g = matvec(transpose(params.W), dz);
    }
  }
  return out;
}

/**
 * Towser: "LSTM can still explode". An LSTM at its fixed point `h = C = 0`
 * (zero inputs, no biases, all recurrent weights zero but `W_c = 4I`) has
 * `f = i = o = σ(0) = ½`, and the one-step Jacobian `∂C_t/∂C_{t−1} =
 * f + i · W_c · o = ½ + ¼ · 4 = 1.5` times `I`, through the path
 * `C_{t−1} → h_{t−1} → C̃_t → C_t`: the full `∂C_20/∂C_0` is `1.5²⁰ I`.
 */
export function explodingLstm(): {
  params: LstmParams;
  jacobian: Matrix;
  highway: Matrix;
} {
  const z = zeros(2, 2);
  const params: LstmParams = {
    Wf: z,
    Uf: z,
    Wi: z,
    Ui: z,
    Wo: z,
    Uo: z,
    Wc: diag([4, 4]),
    Uc: z,
  };
  const xs = Array.from({ length: 21 }, () => [0, 0]);
  const trace = lstmForward(params, xs);
  return {
    params,
    jacobian: cellJacobian(params, trace, 20, 0),
    highway: cellHighwayJacobian(trace, 20, 0),
  };
}

// ## "Solved by gradient clipping"
//
// The quoted note ends: in practice exploding gradients are generally solved
// by gradient clipping. Clipping by norm multiplies the gradient by
// `min(1, c/‖g‖)`, every term of the BPTT double sum alike, so the update
// keeps the make-up of the exploding gradient: on exercise clip's network the
// far terms (`t − k ≥ 10`) weigh as much in the clipped update as before. A
// network that no longer explodes (the same one after training, with
// `ρ(W) < 1`) draws far less on the distant steps.

/** The far terms' share of `∂L/∂W` (norm ratio), clipped, and after training. */
export function clippingShares(): {
  clipped: number;
  trained: number;
  trainedRadius: number;
} {
  const task = clipSetup();
  const { xs, loss, start } = task;
  const options = { activation: "relu" } as const;
  // The clipped update, term by term: every term scaled by clipping's factor.
  const g = gradient(start, xs, loss).grads;
  const factor = (clipByNorm(g, CLIP).W as number[][])[0][0] / g.W[0][0];
  const terms = bpttTerms(start, xs, loss, options);
  let far = zeros(2, 2), all = zeros(2, 2);
  for (const term of terms) {
    const scaled = term.value.map((row) => row.map((v) => v * factor));
    all = add(all, scaled);
    if (term.t - term.k >= FAR) far = add(far, scaled);
  }
  const trained = train("norm", task).params;
  const [[a, b], [c, d]] = trained.W;
  const disc = Math.sqrt(((a - d) / 2) ** 2 + b * c);
  return {
    clipped: frobeniusNorm(far) / frobeniusNorm(all),
    trained: farShare(trained, xs, loss, options),
    trainedRadius: Math.max(
      Math.abs((a + d) / 2 + disc),
      Math.abs((a + d) / 2 - disc),
    ),
  };
}

/**
 * The errata of source solution 003 (those it shares with source solution 000 are listed there).
 */
export function errata(): Erratum[] {
  const base = { seed: SEED_FILES.s003, alsoIn: [] as string[] };
  const loss = cellLossDerivative();
  const index = productIndex();
  const lambda30 = 0.9 ** 30;
  const swap = eigSymmetric2x2(SWAP);
  const same = sameMatrixNorms();
  const survey = signSurvey();
  const shares = clippingShares();
  const list: Erratum[] = [
    {
      ...base,
      part: "statement",
      id: "003-total-loss-derivative",
      title:
        "$\\partial L/\\partial C_t$ where $\\partial L_t/\\partial C_t$ belongs",
      location: "Exercise 3, before (c) (the copy of the sheet)",
      says:
        "$\\frac{\\partial L}{\\partial W} = \\sum_{t=0}^T \\sum_{k=1}^t \\frac{\\partial L}{\\partial C_t} \\frac{\\partial C_t}{\\partial C_k} \\frac{\\partial C_k}{\\partial W}$",
      right:
        "$\\frac{\\partial L_t}{\\partial C_t}$, the loss of step $t$ only (as the sheet and source 000 write). $\\partial L/\\partial C_t$ already collects the losses of all later steps, so summing it over $t$ counts them again. (The lower limit $k = 1$ is rnn-lstm-k-lower-limit.)",
      reading:
        "To compare the two where the sheet's formula is exact, we evaluate at zero recurrent weights (the gates then do not depend on $h$, and $\\partial C_t/\\partial C_k = \\operatorname{diag}(f_{k+1} \\odot \\dots \\odot f_t)$), with $k$ from 0 in both versions.",
      case:
        "LSTM, $n = 2$, $d = 2$, four steps, seeded input weights and biases, $W_f = W_i = W_o = W_c = 0$, $h_{-1}, C_{-1} \\neq 0$; the gradient with respect to $W_c$.",
      quantity: "$\\partial L/\\partial W_c$ by the double sum (2 × 2)",
      seedValue: loss.withTotalLoss,
      correctValue: loss.withStepLoss,
      difference: relativeDifference(loss.withTotalLoss, loss.withStepLoss),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["rnn-3c"],
      test: {
        file: TEST_FILE,
        name:
          "003-total-loss-derivative: with dL/dC_t the double sum counts later losses again",
      },
    },
    {
      ...base,
      part: "statement",
      id: "003-product-index",
      title:
        "$\\partial C_t/\\partial C_{i-1}$ where $\\partial C_i/\\partial C_{i-1}$ belongs",
      location: "Exercise 3(c) (the copy of the sheet) and eq. (26)",
      says:
        "$\\frac{\\partial C_t}{\\partial C_k} = \\prod_{i=k+1}^t \\frac{\\partial C_t}{\\partial C_{i-1}}$",
      right:
        "$\\prod_{i=k+1}^t \\frac{\\partial C_i}{\\partial C_{i-1}}$, one step per factor. On the direct path $\\partial C_t/\\partial C_{i-1} = \\operatorname{diag}(f_i \\odot \\dots \\odot f_t)$, so the source's product counts $f_j$ $j - k$ times. With $f = 1$ (the case of 3(c)) both give the identity, so the source's answer survives.",
      reading:
        "Direct path only ($\\partial C_i/\\partial C_{i-1} = \\operatorname{diag}(f_i)$), as the sheet neglects the paths through the gates.",
      case:
        "A random two-unit LSTM; $\\partial C_3/\\partial C_0$ on the direct path.",
      quantity: "$\\partial C_3/\\partial C_0$ (2 × 2, diagonal)",
      seedValue: index.seed,
      correctValue: index.right,
      difference: relativeDifference(index.seed, index.right),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["rnn-3c"],
      test: {
        file: TEST_FILE,
        name:
          "003-product-index: dC_t/dC_{i-1} in the product counts each forget gate several times",
      },
    },
    {
      ...base,
      part: "solution",
      id: "003-lambda30-rounding",
      title: "$0.9^{30}$ truncated",
      digits: 7,
      location: "Exercise 2(c), eq. (25)",
      says:
        "$0.9^{30}$ in eq. (25), printed to eight decimals (shown below as the source's value)",
      right:
        "$0.9^{30}$ rounds to one unit more in the eighth decimal than printed: the source truncated. $W^{30}$ in eq. (25) is right to the printed digits.",
      reading: "",
      case: "$0.9^{30}$, exactly $(9/10)^{30}$.",
      quantity: "$0.9^{30}$ to eight decimals",
      seedValue: LAMBDA30_SEED_003,
      correctValue: roundTo(lambda30, 8),
      difference: Math.abs(LAMBDA30_SEED_003 - lambda30),
      measure:
        "|printed − exact|; a correctly rounded value is within half a unit of the last decimal",
      severity: "imprecise",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name:
          "003-lambda30-rounding: the printed power is truncated, the exact one rounds up",
      },
    },
    {
      ...base,
      part: "solution",
      id: "003-unit-modulus-identity",
      title: "$|\\lambda| = 1$ does not make $\\Lambda = I$",
      location: "Exercise 2(c), the case $|\\lambda| = 1$",
      says:
        "“If the absolute values of all eigenvalues of $W$ equal 1, then $\\Lambda$ … is the identity matrix … $\\Lambda^n = I^n = \\Lambda = I$, so $W^n$ stays the same”",
      right:
        "$|\\lambda| = 1$ allows $\\lambda = -1$ and complex $e^{i\\theta}$: $\\Lambda$ is then a diagonal of signs or phases, not $I$, and $W^n$ changes with $n$ (bounded, for diagonalizable $W$). Only for $\\lambda = 1$ is $\\Lambda = I$, and then $W = I$.",
      reading: "",
      case:
        "The swap $W = \\begin{bmatrix} 0 & 1 \\\\ 1 & 0 \\end{bmatrix}$, eigenvalues $1$ and $-1$.",
      quantity: "$\\Lambda$",
      seedValue: identity(2),
      correctValue: diag(swap.values),
      difference: maxAbs(sub(identity(2), diag(swap.values))),
      measure: "max |source − right| over the entries",
      severity: "wrong",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name:
          "003-unit-modulus-identity: eigenvalues of modulus 1 need not be 1",
      },
    },
    {
      ...base,
      part: "solution",
      id: "003-same-matrix-cause",
      title: "Not “the same matrix” multiplied again and again",
      location: "Exercise 2(c), closing remark",
      says:
        "“RNNs easily suffer from vanishing/exploding gradients in training because the backward pass contains the repeated product of the same matrix”",
      right:
        "The factors $\\operatorname{diag}(\\sigma'(z_j))\\,W$ share $W$ but not the slopes $\\sigma'(z_j)$, and the product can be orders of magnitude away from any power of one factor. What decides is the norm of the product, bounded by $\\prod_j \\|\\operatorname{diag}(\\sigma'(z_j))\\|_2 \\|W\\|_2 \\le (\\|W\\|_2/4)^n$ for the sigmoid.",
      reading:
        "The remark repeats the problem set's deliberate simplification (exercise 2(a): “multiply the matrix $\\operatorname{diag}(\\sigma')W$ $n$ times with itself”), which is fair for $W$ but not for the slopes; as an explanation of the cause it is imprecise, not wrong. “The same matrix” taken as $\\operatorname{diag}(\\sigma')W$ at one step (the last); other steps differ as much.",
      case:
        "Sigmoid RNN, $n = 3$, $\\|W\\|_2$ well above 1, inputs of spread 3; $\\partial h_{20}/\\partial h_0$.",
      quantity: "$\\|\\partial h_{20}/\\partial h_0\\|_2$",
      seedValue: same.power,
      correctValue: same.exact,
      difference: same.power / same.exact,
      measure: "ratio source / right",
      details: [{ label: "$\\|W\\|_2$", value: same.normW }],
      severity: "imprecise",
      exercises: ["rnn-2a", "n4"],
      test: {
        file: TEST_FILE,
        name:
          "003-same-matrix-cause: the product of twenty step Jacobians is not the power of one",
      },
    },
    {
      ...base,
      part: "solution",
      id: "003-hidden-sign",
      title: "$h_t$ has the sign of $C_t$, not of $\\tilde C_t$",
      location: "Exercise 3(b)",
      says:
        "“$h_t$ and $\\tilde C_t$ have the same sign, so its sign can be negative”",
      right:
        "$h_t = o_t \\odot \\tanh(C_t)$ with $o_t > 0$, so $h_t$ has the sign of $C_t$, not of $\\tilde C_t$: $C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde C_t$ can keep the sign of the old cell state. The conclusion (“$h_t$ can be negative”) is right.",
      reading: "",
      case:
        "Random LSTMs: three units, two inputs, ten steps, normal weights, biases and inputs, seeded.",
      quantity:
        "share of sampled (network, step, unit) triples with $\\operatorname{sign} h_t \\ne \\operatorname{sign} \\tilde C_t$",
      seedValue: 0,
      correctValue: survey.hiddenVsCandidate / survey.samples,
      difference: survey.hiddenVsCandidate / survey.samples,
      measure: "share of triples that contradict the source",
      details: [
        {
          label: "first counterexample: $\\tilde C_t$",
          value: survey.counterexample.candidate,
        },
        { label: "its $C_t$", value: survey.counterexample.cell },
        { label: "its $h_t$", value: survey.counterexample.hidden },
        { label: "triples sampled", value: survey.samples },
      ],
      severity: "wrong",
      exercises: ["rnn-3b"],
      test: {
        file: TEST_FILE,
        name:
          "003-hidden-sign: hₜ follows the sign of Cₜ, not of the candidate",
      },
    },
    {
      ...base,
      part: "quotation",
      id: "003-clipping-solves",
      title: "Clipping bounds the step; it does not solve the explosion",
      location: "Exercise 3(c), the quotation from Towser, its last sentence",
      says:
        "“In practice, exploding gradients are generally solved by gradient clipping”",
      right:
        "Clipping keeps an exploding gradient from throwing the network far away: by norm it shortens the step to length $c$ and keeps its direction (by value it also turns it). It does not change what the gradient is made of: every term of the double sum is scaled by the same factor, so the distant terms that explode weigh as much in the clipped update as before, and it does nothing for a vanishing gradient. What removes the explosion is a network whose Jacobians do not grow.",
      reading:
        "“Solved” read as: after clipping, the update draws on the distant steps no more than that of a network that does not explode; here, the same network once training has brought $\\rho(W)$ below 1.",
      case:
        "Exercise clip: the ReLU RNN with rnn-2c's expanding $W$ (eigenvalues 1.1 and 0.4), 31 steps, its gradient clipped by norm at $c = 1$; beside it, the same network after 300 steps of gradient descent clipped by norm.",
      quantity:
        "share of $\\partial L/\\partial W$ from the terms with $t - k \\ge 10$ (norm ratio $\\lVert \\sum_{t-k \\ge 10} \\rVert_F / \\lVert \\sum \\rVert_F$)",
      seedValue: shares.trained,
      correctValue: shares.clipped,
      difference: Math.abs(shares.clipped - shares.trained),
      measure: "difference of the two shares",
      details: [{
        label: "$\\rho(W)$ after training",
        value: shares.trainedRadius,
      }],
      severity: "imprecise",
      exercises: ["clip"],
      test: {
        file: TEST_FILE,
        name:
          "003-clipping-solves: the clipped update keeps the exploding gradient's far terms",
      },
    },
  ];
  return list;
}

/**
 * What source solution 003 gets right, each claim checked in {@link TEST_FILE}.
 */
export function correct(): CorrectClaims {
  return {
    seed: SEED_FILES.s003,
    title:
      "Homework 3, Recurrent Neural Networks: the same problem set, solved in Chinese, with quotations from Towser (Zhihu)",
    claims: [
      "Exercise 1(a): $\\partial y/\\partial x = \\operatorname{diag}(\\sigma'(Wx))\\,W \\in \\mathbb{R}^{n \\times d}$.",
      "Exercise 1(b): the sheet's $k = 1$ should be $k = 0$ (time steps start at 0 and $h_0$ depends on $W$ through $h_{\\mathrm{init}}$); the sum from $k = 0$ is the gradient.",
      "Exercise 2(a): the expansion as products of one-step Jacobians, eq. (19), and $\\partial h_t/\\partial h_{t-1} = \\operatorname{diag}(\\sigma')W \\in \\mathbb{R}^{n \\times n}$, eq. (20).",
      "Exercise 2(b): the induction $M^n = Q\\Lambda^n Q^{-1}$.",
      "Exercise 2(c): $W^{30}$ and $0.4^{30}$ in eq. (25) are right to the printed digits; when all $|\\lambda_i| < 1$, $W^n \\to 0$.",
      "Exercise 3(a): what each gate multiplies and so controls.",
      "Exercise 3(b): $f_t, i_t, o_t$ are always positive; $\\tilde C_t$ and $C_t$ can be negative.",
      "Exercise 3(c): with $f_t = 1$, $i_t = 0$ the gradient along the cell state neither vanishes nor explodes.",
      "Towser: with shared weights the gradient is the sum of the contributions of the time steps, and it does not vanish as a whole: it is dominated by the nearby steps, and the distant ones vanish (checked on a sigmoid RNN over thirty steps).",
      "Towser: with $f_t = 1$ (no forget gate) the direct path $c_{t-1} \\to c_t$ passes the gradient on unchanged.",
      "Towser: an LSTM can still explode, through the other paths (checked: at the fixed point of an LSTM with $W_c = 4I$, $\\partial C_{20}/\\partial C_0 = 1.5^{20} I$ while the direct path gives $2^{-20} I$).",
    ],
  };
}

/**
 * The quoted claims we did not check.
 */
export function unchecked(): UncheckedClaim[] {
  return [
    {
      seed: SEED_FILES.s003,
      location: "Exercise 3(c), the quotation from Towser",
      says:
        "“Because the other paths of the LSTM pass through many more activation functions, it explodes much less often than a plain RNN”",
      why:
        "A frequency needs a distribution over networks and data and a threshold for “explodes”; the answer depends on those choices, so we made none. We checked only that explosion is possible (claim above).",
    },
  ];
}
