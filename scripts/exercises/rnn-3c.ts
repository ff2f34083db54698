/**
 * # The constant error carousel
 *
 * What is `∂C_t/∂C_k` when `f_t = 1` and `i_t = 0`? The problem set writes
 * the gradient of an LSTM through its cell states,
 * `∂C_t/∂C_k = ∏_{i=k+1}^{t} ∂C_i/∂C_{i−1}`, and asks: with `f_t = 1` and
 * `i_t = 0` for all `t`, so that `C_t = C_{t−1}`, what is `∂C_t/∂C_k`?
 *
 * We answer exactly (the identity matrix), check it by the product formula
 * and by differentiating through the whole LSTM, and then ask what is left of
 * the answer when the gates are not held fixed: saturated by large biases,
 * random, or with a forget bias of +3; and how all of this compares with a
 * plain RNN.
 *
 * @module
 */
import {
  CELL_PATHS,
  cellHighwayJacobian,
  cellJacobian,
  type CellPath,
  cellStepPaths,
  cellStepProduct,
  finiteDifferenceJacobian,
  identity,
  lstmForward,
  type LstmOptions,
  type LstmParams,
  type LstmTrace,
  type Matrix,
  randomLstmParams,
  relativeError,
  rnnForward,
  type RnnParams,
  seededRandom,
  spectralNorm,
  stateJacobian,
  sub,
  type Vector,
} from "../lib/mod.ts";

// ## The exact answer
//
// Write `∂⁺C_i/∂C_{i−1}` for the derivative of `C_i = f_i ⊙ C_{i−1} + i_i ⊙ C̃_i`
// with `f_i, i_i, C̃_i` held fixed: it is `diag(f_i)`. The full one-step
// Jacobian adds the paths through `h_{i−1} = o_{i−1} ⊙ tanh(C_{i−1})`, which
// feeds the gates and the candidate of step `i`:
//
// ```
// ∂C_i/∂C_{i−1}
//   = diag(f_i)
//   + [diag(C_{i−1} ⊙ f_i') W_f
//      + diag(C̃_i ⊙ i_i') W_i
//      + diag(i_i ⊙ C̃_i') W_c]
//     · ∂h_{i−1}/∂C_{i−1}
// ```
//
// (`f_i' = f_i (1 − f_i)` and so on; a gate that is held at a constant has no
// derivative.)
//
// Over many steps the chain rule does not simply multiply these: `C` alone is
// not the LSTM's state. `h_i = o_i ⊙ tanh(C_i)` depends on `C_{i−1}` through
// the output gate `o_i = σ(W_o h_{i−1} + …)` as well as through `C_i`, so a
// path `C_{i−1} → h_{i−1} → o_i → h_i → (gates of step i + 1) → C_{i+1}`
// bypasses `C_i`. The exact Jacobian carries the pair `(∂C_j/∂C_k, ∂h_j/∂C_k)`
// forward (`cellJacobian`):
//
// ```
// ∂C_j/∂C_k = diag(f_j) ∂C_{j−1}/∂C_k + B_j ∂h_{j−1}/∂C_k
// ∂h_j/∂C_k = diag(tanh C_j ⊙ o_j') W_o ∂h_{j−1}/∂C_k
//           + diag(o_j ⊙ (1 − tanh² C_j)) ∂C_j/∂C_k
// ```
//
// with `B_j` the bracket above, from `∂C_k/∂C_k = I` and
// `∂h_k/∂C_k = diag(o_k ⊙ (1 − tanh² C_k))`. The product of one-step
// Jacobians (`cellStepProduct`) drops the `W_o` term and is only an
// approximation; below we measure how good.
//
// With `f_i = 1` and `i_i = 0` held fixed, the `f` and `i` terms vanish
// because those gates no longer depend on anything, and the candidate term
// vanishes because it is multiplied by `i_i = 0`: `B_j = 0`, so `∂C_j/∂C_k`
// never sees `∂h_{j−1}/∂C_k` and, for every `k ≤ t`,
//
// ```
// ∂C_t/∂C_k = ∏_{i=k+1}^{t} diag(1) = I.
// ```
//
// For one unit that is the number 1, as the source solutions write; for `n`
// units it is the `n × n` identity matrix (an entry-by-entry 1 on the
// diagonal, and 0 between different units). The cell state is copied
// unchanged, and so is any gradient that reaches it: backpropagated error
// neither vanishes nor explodes however far it travels. This is the constant
// error carousel of the original LSTM (which had no forget gate, `f = 1`).

/** Units of every network here (2, so that every Jacobian is a 2 × 2 matrix). */
export const UNITS = 2;
/** Input dimension. */
export const INPUTS = 2;
/** The longest distance `t − k`; the sequences have `t = 0 … MAX_DISTANCE`. */
export const MAX_DISTANCE = 100;
/** Seed of all weights and inputs. */
export const SEED = 33;
/** The distances listed in the tables. */
export const TABLE_DISTANCES = [1, 2, 5, 10, 20, 50, 100];
/**
 * The distances at which the product of one-step Jacobians is compared with
 * the exact Jacobian and both with finite differences (beyond about 10 steps
 * the Jacobian is too small for central differences to resolve).
 */
export const CHAIN_DISTANCES = [1, 2, 5, 10];
/** Saturating biases: `b_f = +20` opens the forget gate, `b_i = −20` closes the input gate. */
export const SATURATING_BIAS = 20;
/** The forget-gate bias of the "forget bias +3" network. */
export const FORGET_BIAS = 3;
/** The gates of the carousel. */
export const CAROUSEL_GATES = { f: 1, i: 0 } as const;

/** One row of the chart `rnn-3c-gradient-flow`. */
export interface FlowRow {
  /** The distance `t − k` (here `k = 0`). */
  distance: number;
  /** Which network and which Jacobian. */
  model: string;
  /** The spectral norm of the Jacobian. */
  norm: number;
}

/** Full and direct-path Jacobians of one network at one distance. */
export interface PathRow {
  distance: number;
  /** `‖∂C_t/∂C_k‖₂`, every path. */
  full: number;
  /** `‖∏ diag(f_j)‖₂ = max_u ∏_j f_{j,u}`, the direct path only. */
  highway: number;
  /** `relativeError(highway, full)`: what neglecting the other paths misses. */
  highwayError: number;
}

/** The exact Jacobian against the product of one-step Jacobians, at one distance. */
export interface ChainRow {
  distance: number;
  /** `‖∂C_t/∂C_k‖₂` by the joint `(C, h)` recursion (exact). */
  full: number;
  /** `‖∏_{i=k+1}^{t} ∂C_i/∂C_{i−1}‖₂`, the product of one-step Jacobians. */
  stepProduct: number;
  /** `relativeError(product, exact)`. */
  stepProductError: number;
  /** `|‖product‖₂ − ‖exact‖₂| / ‖exact‖₂`: how far off the norm alone is. */
  stepProductNormError: number;
  /** `relativeError(exact, finite differences)`: rounding and truncation only. */
  fullVsFiniteDifference: number;
  /** `relativeError(product, finite differences)`. */
  stepProductVsFiniteDifference: number;
}

/** Deviation from the identity of a nearly saturated network. */
export interface DeviationRow {
  distance: number;
  /** `‖∂C_t/∂C_k − I‖₂`. */
  fullDeviation: number;
  /** `‖∏ diag(f_j) − I‖₂ = 1 − min_u ∏_j f_{j,u}`. */
  highwayDeviation: number;
  /** `‖∂C_t/∂C_k − ∏ diag(f_j)‖₂`: the paths through `h`. */
  otherPaths: number;
}

/** One path from `C_0` to `C_1` and what it contributes to `∂C_1/∂C_0`. */
export interface StepPath {
  /** `"direct"` (through `f_1 ⊙ C_0`), or the block `h_0` feeds: `"f"`, `"i"`, `"c"`. */
  path: CellPath;
  /** Its term of the one-step Jacobian. */
  term: Matrix;
  /** `‖term‖₂`. */
  norm: number;
}

/** What {@link compute} returns. */
export interface Rnn3cResults {
  /** The constant error carousel: gates `f = 1`, `i = 0` held fixed. */
  carousel: {
    /** The gates held fixed, `{ f: 1, i: 0 }`. */
    gates: { f: number; i: number };
    /** `C_{−1}`. */
    CInit: Vector;
    /** `C_t` at the last step, `t = MAX_DISTANCE`. */
    CLast: Vector;
    /** True when every `C_t` equals `C_{−1}` exactly. */
    cellConstant: boolean;
    /** The distance of the Jacobians below (`t = MAX_DISTANCE`, `k = 0`). */
    distance: number;
    /** `∏ diag(f_j)`, the product formula. */
    highway: Matrix;
    /** `∂C_t/∂C_k` through the whole LSTM, every path. */
    full: Matrix;
    /** True when both are exactly (bit for bit) the identity, for every `0 ≤ k ≤ t ≤ MAX_DISTANCE` in steps of 10. */
    exactlyIdentity: boolean;
    /** `∂C_t/∂C_k` by central differences (perturb `C_k`, rerun). */
    finiteDifference: Matrix;
    /** `relativeError(finiteDifference, I)`: rounding only. */
    finiteDifferenceError: number;
  };
  /** Random gates: the product of one-step Jacobians is an approximation. */
  chain: { rows: ChainRow[] };
  /**
   * `W_f = W_i = W_c = 0` (the other weights as before): the gates and the
   * candidate do not see `h`, so the direct path is the whole Jacobian.
   */
  blindGates: {
    distance: number;
    /** `relativeError(∏ diag(f_j), ∂C_t/∂C_k)`: zero up to rounding. */
    highwayError: number;
    /** `relativeError(∏ diag(f_j), finite differences)`. */
    highwayVsFiniteDifference: number;
  };
  /** Gates not fixed but saturated by `b_f = +20`, `b_i = −20`. */
  saturated: {
    forgetBias: number;
    inputBias: number;
    /** `max_{t,u} (1 − f_t)`: how far the forget gate is from 1. */
    maxForgetGap: number;
    /** `max_{t,u} i_t`: how far the input gate is from 0. */
    maxInput: number;
    rows: DeviationRow[];
  };
  /** Random gates (no biases): the full Jacobian against the direct path. */
  randomGates: {
    rows: PathRow[];
    /** `∂C_1/∂C_0`, every path. */
    fullAtOne: Matrix;
    /** `diag(f_1)`, the direct path. */
    highwayAtOne: Matrix;
    /** Mean forget gate over all steps and units. */
    meanForget: number;
    /** Per-step decay factor of the full norm between distances 50 and 100, `(‖J_100‖/‖J_50‖)^{1/50}`. */
    decayPerStep: number;
    /** The same for the direct path. */
    highwayDecayPerStep: number;
  };
  /** The same weights with a forget bias of +3. */
  forgetBias: {
    bias: number;
    rows: PathRow[];
    meanForget: number;
    /** The largest full norm over all distances, and where: above 1. */
    peak: { distance: number; norm: number };
    decayPerStep: number;
  };
  /** A plain sigmoid RNN with weights of the same scale. */
  rnn: {
    /** `‖W‖₂`. */
    weightNorm: number;
    /** `‖∂h_t/∂h_k‖₂` at the table distances. */
    rows: { distance: number; norm: number }[];
    decayPerStep: number;
  };
  /**
   * `∂C_1/∂C_0` split into its four paths (the terms of the one-step
   * Jacobian), for the random gates and for the carousel: the numbers of the
   * diagram `rnn-3c-paths`.
   */
  stepPaths: { random: StepPath[]; carousel: StepPath[] };
  /** The data of the chart `rnn-3c-gradient-flow`. */
  flow: FlowRow[];
}

/** The names of the lines of the chart, in legend order. */
export const MODELS = {
  rnn: "plain RNN (sigmoid): ‖∂h_t/∂h_k‖",
  carousel: "LSTM, f = 1, i = 0 fixed: ‖∂C_t/∂C_k‖",
  forgetBias: "LSTM, forget bias +3: ‖∂C_t/∂C_k‖",
  random: "LSTM, random gates: ‖∂C_t/∂C_k‖",
  randomHighway: "LSTM, random gates, direct path ∏ f only",
} as const;

/**
 * `C_t` as a function of `C_k`, everything else as in `trace`: `h_k =
 * o_k ⊙ tanh(C_k)` is rebuilt from the new `C_k` (`o_k` does not depend on
 * it), then the LSTM runs on from step `k + 1`. Differentiating this function
 * differentiates through the whole LSTM.
 */
export function cellAfter(
  params: LstmParams,
  xs: Vector[],
  trace: LstmTrace,
  k: number,
  t: number,
  options: Pick<LstmOptions, "gates"> = {},
): (Ck: Vector) => Vector {
  return (Ck) => {
    if (t === k) return Ck;
    const hk = Ck.map((c, u) => trace.steps[k].o[u] * Math.tanh(c));
    const rest = lstmForward(params, xs.slice(k + 1, t + 1), {
      ...options,
      hInit: hk,
      CInit: Ck,
    });
    return rest.steps[rest.steps.length - 1].C;
  };
}

/** The networks and the input sequence every part of the exercise uses. */
export interface Setup {
  /** The plain RNN: `W` (`n × n`), `U` (`n × d`), standard normal. */
  rnnParams: RnnParams;
  /** The LSTM weights, standard normal, no biases. */
  params: LstmParams;
  /** Inputs `x_0 … x_{MAX_DISTANCE}`. */
  xs: Vector[];
  /** The initial cell state `C_{−1}`. */
  CInit: Vector;
}

/**
 * Draw the networks and inputs from {@link SEED}. One set of random weights
 * (standard normal, no biases, as in the problem's equations) and one input
 * sequence serve every LSTM of the exercise; the plain RNN gets weights of
 * the same scale.
 */
export function setup(): Setup {
  const rng = seededRandom(SEED);
  const rnnParams: RnnParams = {
    W: rng.matrix(UNITS, UNITS),
    U: rng.matrix(UNITS, INPUTS),
  };
  const params = randomLstmParams(rng, UNITS, INPUTS);
  const xs = Array.from(
    { length: MAX_DISTANCE + 1 },
    () => rng.vector(INPUTS),
  );
  const CInit = rng.vector(UNITS);
  return { rnnParams, params, xs, CInit };
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): Rnn3cResults {
  const { rnnParams, params, xs, CInit } = setup();
  const distances = Array.from({ length: MAX_DISTANCE + 1 }, (_, d) => d);

  // ## The carousel, computed
  //
  // Hold `f = 1`, `i = 0` and run. The cell state never changes. The product
  // formula (`cellHighwayJacobian`) and the full Jacobian (`cellJacobian`,
  // which follows every path through `h` into the gates and the candidate)
  // are both exactly the identity, for every pair `k ≤ t` we try.
  const carouselTrace = lstmForward(params, xs, {
    gates: CAROUSEL_GATES,
    CInit,
  });
  const gates = { gates: CAROUSEL_GATES };
  const I = identity(UNITS);
  const same = (a: Matrix, b: Matrix) =>
    a.every((row, i) => row.every((v, j) => v === b[i][j]));
  let exactlyIdentity = true;
  for (let k = 0; k <= MAX_DISTANCE; k += 10) {
    for (let t = k; t <= MAX_DISTANCE; t += 10) {
      exactlyIdentity &&= same(cellHighwayJacobian(carouselTrace, t, k), I) &&
        same(cellJacobian(params, carouselTrace, t, k, gates), I);
    }
  }
  // A third route that knows no formula at all: nudge `C_0` and rerun.
  const finiteDifference = finiteDifferenceJacobian(
    cellAfter(params, xs, carouselTrace, 0, MAX_DISTANCE, gates),
    carouselTrace.steps[0].C,
  );
  const carousel = {
    gates: { ...CAROUSEL_GATES },
    CInit,
    CLast: carouselTrace.steps[MAX_DISTANCE].C,
    cellConstant: carouselTrace.steps.every((s) =>
      s.C.every((c, u) => c === CInit[u])
    ),
    distance: MAX_DISTANCE,
    highway: cellHighwayJacobian(carouselTrace, MAX_DISTANCE, 0),
    full: cellJacobian(params, carouselTrace, MAX_DISTANCE, 0, gates),
    exactlyIdentity,
    finiteDifference,
    finiteDifferenceError: relativeError(finiteDifference, I),
  };

  // ## Saturated gates instead of fixed ones
  //
  // A real LSTM cannot hold a gate at exactly 1: it computes it with a
  // sigmoid. The closest it gets is a large bias. With `b_f = +20` and
  // `b_i = −20`, `f ≈ 1 − e^{−20}` and `i ≈ e^{−20}` (shifted a little by
  // `W h + U x`), so the carousel holds only approximately: the direct path
  // loses a factor `f` per step, and the paths through `h` are open again,
  // weighted by the tiny slopes `f(1 − f)` and `i(1 − i)` and by `i`.
  const saturatedParams: LstmParams = {
    ...params,
    bf: new Array<number>(UNITS).fill(SATURATING_BIAS),
    bi: new Array<number>(UNITS).fill(-SATURATING_BIAS),
  };
  const saturatedTrace = lstmForward(saturatedParams, xs, { CInit });
  const saturated = {
    forgetBias: SATURATING_BIAS,
    inputBias: -SATURATING_BIAS,
    maxForgetGap: Math.max(
      ...saturatedTrace.steps.flatMap((s) => s.f.map((f) => 1 - f)),
    ),
    maxInput: Math.max(...saturatedTrace.steps.flatMap((s) => s.i)),
    rows: TABLE_DISTANCES.map((distance) => {
      const full = cellJacobian(saturatedParams, saturatedTrace, distance, 0);
      const highway = cellHighwayJacobian(saturatedTrace, distance, 0);
      return {
        distance,
        fullDeviation: spectralNorm(sub(full, I)),
        highwayDeviation: spectralNorm(sub(highway, I)),
        otherPaths: spectralNorm(sub(full, highway)),
      };
    }),
  };

  // ## Free gates: the caveat of the problem statement, quantified
  //
  // The statement says that the dependence of `C_t` on `f, i, C̃` (and through
  // them on `h` and the weights) "can be neglected". For the carousel it can,
  // since it is exactly zero. For a network whose gates are computed, compare
  // the full Jacobian with the direct path `∏ diag(f_j)` alone.
  const pathRows = (p: LstmParams, trace: LstmTrace): PathRow[] =>
    TABLE_DISTANCES.map((distance) => {
      const full = cellJacobian(p, trace, distance, 0);
      const highway = cellHighwayJacobian(trace, distance, 0);
      const fullNorm = spectralNorm(full);
      return {
        distance,
        full: fullNorm,
        highway: spectralNorm(highway),
        highwayError: relativeError(highway, full),
      };
    });
  const meanForget = (trace: LstmTrace) => {
    const all = trace.steps.flatMap((s) => s.f);
    return all.reduce((a, b) => a + b, 0) / all.length;
  };
  // The decay per step over the second half of the range, where the initial
  // transient is over: `(‖J_100‖ / ‖J_50‖)^{1/50}`.
  const half = MAX_DISTANCE / 2;
  const decay = (norm: (d: number) => number) =>
    (norm(MAX_DISTANCE) / norm(half)) ** (1 / (MAX_DISTANCE - half));

  const randomTrace = lstmForward(params, xs, { CInit });
  const randomFull = distances.map((d) =>
    spectralNorm(cellJacobian(params, randomTrace, d, 0))
  );
  const randomHighway = distances.map((d) =>
    spectralNorm(cellHighwayJacobian(randomTrace, d, 0))
  );
  // ## The product of one-step Jacobians, measured
  //
  // Now the same network through the chain rule over `C` alone: multiply the
  // one-step Jacobians, and compare with the exact Jacobian of the joint
  // recursion and with central differences (nudge `C_0`, rebuild `h_0`, rerun).
  // For one step they agree; from two steps on the product misses the paths
  // through the output gates.
  const chainRows: ChainRow[] = CHAIN_DISTANCES.map((distance) => {
    const full = cellJacobian(params, randomTrace, distance, 0);
    const product = cellStepProduct(params, randomTrace, distance, 0);
    const numeric = finiteDifferenceJacobian(
      cellAfter(params, xs, randomTrace, 0, distance),
      randomTrace.steps[0].C,
    );
    const fullNorm = spectralNorm(full);
    return {
      distance,
      full: fullNorm,
      stepProduct: spectralNorm(product),
      stepProductError: relativeError(product, full),
      stepProductNormError: Math.abs(spectralNorm(product) - fullNorm) /
        fullNorm,
      fullVsFiniteDifference: relativeError(full, numeric),
      stepProductVsFiniteDifference: relativeError(product, numeric),
    };
  });

  // ## When neglecting the gates is exact
  //
  // The direct path is the whole Jacobian wherever the bracket `B_j` is zero.
  // Besides the carousel, that is so when `W_f = W_i = W_c = 0`: the gates and
  // the candidate then depend on the inputs only, not on `h`, whatever `W_o`
  // is. (Several errata use this case.)
  const blindParams: LstmParams = {
    ...params,
    Wf: params.Wf.map((row) => row.map(() => 0)),
    Wi: params.Wi.map((row) => row.map(() => 0)),
    Wc: params.Wc.map((row) => row.map(() => 0)),
  };
  const blindTrace = lstmForward(blindParams, xs, { CInit });
  const blindDistance = CHAIN_DISTANCES[CHAIN_DISTANCES.length - 1];
  const blindHighway = cellHighwayJacobian(blindTrace, blindDistance, 0);
  const blindGates = {
    distance: blindDistance,
    highwayError: relativeError(
      blindHighway,
      cellJacobian(blindParams, blindTrace, blindDistance, 0),
    ),
    highwayVsFiniteDifference: relativeError(
      blindHighway,
      finiteDifferenceJacobian(
        cellAfter(blindParams, xs, blindTrace, 0, blindDistance),
        blindTrace.steps[0].C,
      ),
    ),
  };

  const randomGates = {
    rows: pathRows(params, randomTrace),
    fullAtOne: cellJacobian(params, randomTrace, 1, 0),
    highwayAtOne: cellHighwayJacobian(randomTrace, 1, 0),
    meanForget: meanForget(randomTrace),
    decayPerStep: decay((d) => randomFull[d]),
    highwayDecayPerStep: decay((d) => randomHighway[d]),
  };

  // ## The four paths of one step
  //
  // Split `∂C_1/∂C_0` into the terms of the one-step Jacobian: the direct
  // path `diag(f_1)` and the three paths through `h_0` into `f_1`, `i_1` and
  // `C̃_1`. With free gates every path carries something; in the carousel
  // the three through `h` are exactly zero.
  const stepPaths = (
    p: LstmParams,
    trace: LstmTrace,
    options: Pick<LstmOptions, "gates"> = {},
  ): StepPath[] => {
    const terms = cellStepPaths(p, trace, 1, options);
    return CELL_PATHS.map((path) => ({
      path,
      term: terms[path],
      norm: spectralNorm(terms[path]),
    }));
  };
  const paths = {
    random: stepPaths(params, randomTrace),
    carousel: stepPaths(params, carouselTrace, gates),
  };

  // ## A forget bias of +3
  //
  // A common practical choice is to initialise the forget bias to a positive
  // value, so that `f ≈ σ(3) ≈ 0.95` and memories fade slowly from the start.
  const biasParams: LstmParams = {
    ...params,
    bf: new Array<number>(UNITS).fill(FORGET_BIAS),
  };
  const biasTrace = lstmForward(biasParams, xs, { CInit });
  const biasFull = distances.map((d) =>
    spectralNorm(cellJacobian(biasParams, biasTrace, d, 0))
  );
  const peakDistance = biasFull.indexOf(Math.max(...biasFull));
  const forgetBias = {
    bias: FORGET_BIAS,
    rows: pathRows(biasParams, biasTrace),
    meanForget: meanForget(biasTrace),
    peak: { distance: peakDistance, norm: biasFull[peakDistance] },
    decayPerStep: decay((d) => biasFull[d]),
  };

  // ## The plain RNN, for comparison
  //
  // `∂h_t/∂h_k = ∏ diag(σ'(z_j)) W` with `σ' ≤ 1/4`: unless `‖W‖₂ ≥ 4` every
  // step shrinks the gradient by at least the factor `‖W‖₂ / 4`.
  const rnnTrace = rnnForward(rnnParams, xs);
  const rnnNorms = distances.map((d) =>
    spectralNorm(stateJacobian(rnnParams, rnnTrace, d, 0))
  );
  const rnn = {
    weightNorm: spectralNorm(rnnParams.W),
    rows: TABLE_DISTANCES.map((distance) => ({
      distance,
      norm: rnnNorms[distance],
    })),
    decayPerStep: decay((d) => rnnNorms[d]),
  };

  // The chart: every norm against the distance, one line per network.
  const carouselNorms = distances.map((d) =>
    spectralNorm(cellJacobian(params, carouselTrace, d, 0, gates))
  );
  const lines: [string, number[]][] = [
    [MODELS.rnn, rnnNorms],
    [MODELS.carousel, carouselNorms],
    [MODELS.forgetBias, biasFull],
    [MODELS.random, randomFull],
    [MODELS.randomHighway, randomHighway],
  ];
  const flow = lines.flatMap(([model, norms]) =>
    norms.map((norm, distance) => ({ distance, model, norm }))
  );

  return {
    carousel,
    chain: { rows: chainRows },
    blindGates,
    saturated,
    randomGates,
    forgetBias,
    rnn,
    stepPaths: paths,
    flow,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
