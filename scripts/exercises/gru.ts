/**
 * # The gated recurrent unit
 *
 * Write down the GRU's equations and read its update gate as an
 * interpolation. Derive the one-step Jacobian `∂h_t/∂h_{t−1}` in closed form,
 * and find its value when the update gate keeps the old state (`z = 1`): the
 * GRU's constant error carousel. Then repeat the gradient-flow experiment of
 * exercise rnn-3c with a GRU beside the plain RNN and the LSTM.
 *
 * @module
 */
import {
  cellJacobian,
  finiteDifferenceJacobian,
  gruForward,
  type GruOptions,
  type GruParams,
  gruStateJacobian,
  gruStep,
  gruStepJacobian,
  identity,
  lstmForward,
  type LstmParams,
  type Matrix,
  randomGruParams,
  randomLstmParams,
  relativeError,
  rnnForward,
  seededRandom,
  spectralNorm,
  stateJacobian,
  type Vector,
} from "../lib/mod.ts";
import {
  FORGET_BIAS,
  INPUTS,
  MAX_DISTANCE,
  SEED,
  TABLE_DISTANCES,
  UNITS,
} from "./rnn-3c.ts";

// ## The equations
//
// ```
// z_t = σ(W_z h_{t−1} + U_z x_t + b_z)              update gate
// r_t = σ(W_r h_{t−1} + U_r x_t + b_r)              reset gate
// h̃_t = tanh(W_h (r_t ⊙ h_{t−1}) + U_h x_t + b_h)   candidate
// h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t              new state
// ```
//
// The last line is an interpolation, unit by unit, between the old state and
// the candidate: `z = 1` keeps `h_{t−1}`, `z = 0` replaces it by `h̃_t`. The
// GRU has no separate cell: its state plays the part of the LSTM's `C_t`,
// with `z` as the forget gate and `1 − z` as the input gate, tied together.
// The reset gate decides how much of the old state the candidate sees.
//
// ## The Jacobian
//
// `h_t` depends on `h_{t−1}` directly (the first term) and through `z_t`,
// `r_t` and `h̃_t`. With `z' = z(1 − z)` and `r' = r(1 − r)`, the product
// rule gives
//
// ```
// ∂h_t/∂h_{t−1} = diag(z_t)
//   + diag((h_{t−1} − h̃_t) ⊙ z_t') W_z
//   + diag((1 − z_t) ⊙ (1 − h̃_t²)) W_h [diag(r_t) + diag(h_{t−1} ⊙ r_t') W_r].
// ```
//
// Hold `z_t = 1`: the second term has no slope (a constant gate does not
// depend on `h`) and the third is multiplied by `1 − z_t = 0`. What remains
// is `∂h_t/∂h_{t−1} = I`, and so `∂h_t/∂h_k = I` for every `k ≤ t`: the
// state, and any gradient that reaches it, is carried unchanged, as the
// LSTM's cell is with `f = 1, i = 0`. In a GRU one gate does what takes two
// in the LSTM, because keeping the state (`z = 1`) also shuts the candidate
// out (`1 − z = 0`).

/** The update-gate bias of the "bias +3" GRU (as the LSTM's forget bias). */
export const UPDATE_BIAS = FORGET_BIAS;
/** The update gate held fixed for the carousel. */
export const CAROUSEL_GATES = { z: 1 } as const;

/** The names of the lines of the chart `gru-gradient-flow`. */
export const MODELS = {
  rnn: "plain RNN (sigmoid): ‖∂h_t/∂h_k‖",
  lstm: "LSTM, forget bias +3: ‖∂C_t/∂C_k‖",
  carousel: "GRU, z = 1 fixed: ‖∂h_t/∂h_k‖",
  bias: "GRU, update bias +3: ‖∂h_t/∂h_k‖",
  random: "GRU, random gates: ‖∂h_t/∂h_k‖",
} as const;

/** One row of the chart `gru-gradient-flow`. */
export interface FlowRow {
  distance: number;
  model: string;
  norm: number;
}

/** What {@link compute} returns. */
export interface GruResults {
  /** The one-step Jacobian of a random GRU at one step, three ways. */
  step: {
    /** The step `j` (of the random GRU without biases). */
    j: number;
    /** The closed form. */
    closedForm: Matrix;
    /** Central finite differences of `gruStep` in `h_{j−1}`. */
    finiteDifference: Matrix;
    /** `ε(closedForm, finiteDifference)`. */
    error: number;
    /** Its three parts: `diag(z)`, through `z`, through the candidate. */
    direct: Matrix;
    /** `z_j`, `r_j`. */
    z: Vector;
    r: Vector;
  };
  /** The carousel: `z = 1` held fixed. */
  carousel: {
    /** The distance of the Jacobians below (`t = MAX_DISTANCE`, `k = 0`). */
    distance: number;
    /** True when every state equals `h_{−1}` exactly. */
    stateConstant: boolean;
    /** `∂h_T/∂h_0` by the closed form. */
    full: Matrix;
    /** True when it is exactly the identity for every `0 ≤ k ≤ t ≤ T` in steps of 10. */
    exactlyIdentity: boolean;
    /** `∂h_T/∂h_0` by finite differences (perturb `h_0`, rerun). */
    finiteDifference: Matrix;
    finiteDifferenceError: number;
  };
  /** GRUs with computed gates, and the LSTM and RNN of rnn-3c. */
  flowRows: {
    distance: number;
    rnn: number;
    lstm: number;
    bias: number;
    random: number;
  }[];
  /** The update-gate bias of the GRU and the forget-gate bias of the LSTM (+3 both). */
  biases: { update: number; forget: number };
  /** Mean update gate, random and with bias +3. */
  meanUpdate: { random: number; bias: number };
  /** Per-step decay `(‖J_100‖/‖J_50‖)^{1/50}`. */
  decayPerStep: { rnn: number; lstm: number; bias: number; random: number };
  /** The data of the chart. */
  flow: FlowRow[];
}

/**
 * The networks of rnn-3c (same seed, same draws in the same order), then a
 * GRU drawn after them, so that the plain RNN, the LSTM and the inputs are
 * exactly rnn-3c's.
 */
export function setup(): {
  rnn: { W: Matrix; U: Matrix };
  lstm: LstmParams;
  gru: GruParams;
  xs: Vector[];
  CInit: Vector;
  hInit: Vector;
} {
  const rng = seededRandom(SEED);
  const rnn = { W: rng.matrix(UNITS, UNITS), U: rng.matrix(UNITS, INPUTS) };
  const lstm = randomLstmParams(rng, UNITS, INPUTS);
  const xs = Array.from(
    { length: MAX_DISTANCE + 1 },
    () => rng.vector(INPUTS),
  );
  const CInit = rng.vector(UNITS);
  const gru = randomGruParams(rng, UNITS, INPUTS);
  const hInit = rng.vector(UNITS);
  return { rnn, lstm, gru, xs, CInit, hInit };
}

/** `h_t` as a function of `h_k` (the GRU run on from step `k + 1`). */
export function stateAfter(
  params: GruParams,
  xs: Vector[],
  k: number,
  t: number,
  options: Pick<GruOptions, "gates"> = {},
): (hk: Vector) => Vector {
  return (hk) => {
    if (t === k) return hk;
    const rest = gruForward(params, xs.slice(k + 1, t + 1), {
      ...options,
      hInit: hk,
    });
    return rest.steps[rest.steps.length - 1].h;
  };
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): GruResults {
  const { rnn, lstm, gru, xs, CInit, hInit } = setup();
  const D = MAX_DISTANCE;
  const distances = Array.from({ length: D + 1 }, (_, d) => d);

  // ## The closed form, checked
  //
  // At one step of a random GRU, the closed form against central finite
  // differences of the step itself.
  const randomTrace = gruForward(gru, xs, { hInit });
  const j = 1;
  const closedForm = gruStepJacobian(gru, randomTrace, j);
  const finiteDifference = finiteDifferenceJacobian(
    (h) => gruStep(gru, h, xs[j]).h,
    randomTrace.steps[j].hPrev,
  );
  const s = randomTrace.steps[j];
  const step = {
    j,
    closedForm,
    finiteDifference,
    error: relativeError(closedForm, finiteDifference),
    direct: s.z.map((z, u) => s.z.map((_, v) => (u === v ? z : 0))),
    z: s.z,
    r: s.r,
  };

  // ## The carousel, computed
  //
  // Hold `z = 1` and run: the state never moves, and the closed form gives
  // the identity exactly, at every distance we try. Finite differences,
  // which know no formula, agree to rounding.
  const carouselOptions = { hInit, gates: CAROUSEL_GATES };
  const carouselTrace = gruForward(gru, xs, carouselOptions);
  const I = identity(UNITS);
  const same = (a: Matrix, b: Matrix) =>
    a.every((row, u) => row.every((v, w) => v === b[u][w]));
  let exactlyIdentity = true;
  for (let k = 0; k <= D; k += 10) {
    for (let t = k; t <= D; t += 10) {
      exactlyIdentity &&= same(
        gruStateJacobian(gru, carouselTrace, t, k, carouselOptions),
        I,
      );
    }
  }
  const carouselFd = finiteDifferenceJacobian(
    stateAfter(gru, xs, 0, D, carouselOptions),
    carouselTrace.steps[0].h,
  );
  const carousel = {
    distance: D,
    stateConstant: carouselTrace.steps.every((st) =>
      st.h.every((h, u) => h === hInit[u])
    ),
    full: gruStateJacobian(gru, carouselTrace, D, 0, carouselOptions),
    exactlyIdentity,
    finiteDifference: carouselFd,
    finiteDifferenceError: relativeError(carouselFd, I),
  };

  // ## The gradient-flow experiment of rnn-3c, with the GRU
  //
  // rnn-3c's plain sigmoid RNN and its LSTM with a forget bias of +3, beside
  // a GRU with random gates and the same GRU with an update-gate bias of +3
  // (so that `z ≈ σ(3) ≈ 0.95`, the GRU's counterpart of the forget bias).
  const biasGru = { ...gru, bz: new Array<number>(UNITS).fill(UPDATE_BIAS) };
  const biasTrace = gruForward(biasGru, xs, { hInit });
  const lstmBias = { ...lstm, bf: new Array<number>(UNITS).fill(FORGET_BIAS) };
  const lstmTrace = lstmForward(lstmBias, xs, { CInit });
  const rnnTrace = rnnForward(rnn, xs);
  const norms = {
    rnn: distances.map((d) => spectralNorm(stateJacobian(rnn, rnnTrace, d, 0))),
    lstm: distances.map((d) =>
      spectralNorm(cellJacobian(lstmBias, lstmTrace, d, 0))
    ),
    carousel: distances.map((d) =>
      spectralNorm(gruStateJacobian(gru, carouselTrace, d, 0, carouselOptions))
    ),
    bias: distances.map((d) =>
      spectralNorm(gruStateJacobian(biasGru, biasTrace, d, 0))
    ),
    random: distances.map((d) =>
      spectralNorm(gruStateJacobian(gru, randomTrace, d, 0))
    ),
  };
  const mean = (values: number[]) =>
    values.reduce((a, b) => a + b, 0) / values.length;
  const decay = (values: number[]) =>
    (values[D] / values[D / 2]) ** (1 / (D / 2));
  const flow = (Object.keys(MODELS) as (keyof typeof MODELS)[]).flatMap((
    key,
  ) =>
    norms[key].map((norm, distance) => ({
      distance,
      model: MODELS[key],
      norm,
    }))
  );
  return {
    biases: { update: UPDATE_BIAS, forget: FORGET_BIAS },
    step,
    carousel,
    flowRows: TABLE_DISTANCES.map((distance) => ({
      distance,
      rnn: norms.rnn[distance],
      lstm: norms.lstm[distance],
      bias: norms.bias[distance],
      random: norms.random[distance],
    })),
    meanUpdate: {
      random: mean(randomTrace.steps.flatMap((st) => st.z)),
      bias: mean(biasTrace.steps.flatMap((st) => st.z)),
    },
    decayPerStep: {
      rnn: decay(norms.rnn),
      lstm: decay(norms.lstm),
      bias: decay(norms.bias),
      random: decay(norms.random),
    },
    flow,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
