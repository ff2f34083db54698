/**
 * # Which quantities of an LSTM are always positive?
 *
 * Of the quantities the LSTM computes at each step, the gates `f_t, i_t, o_t`,
 * the candidate `C̃_t`, the cell state `C_t` and the hidden state `h_t`, which
 * are always positive? We answer from the ranges of `σ` and `tanh`, bound the
 * ones that are not, and check every claim on 2000 random LSTMs.
 *
 * @module
 */
import {
  add,
  lstmForward,
  type LstmParams,
  matvec,
  randomLstmParams,
  seededRandom,
  type Vector,
} from "../lib/mod.ts";

// The gates are values of the logistic sigmoid, `σ(z) = 1/(1 + e^{−z})`, and
// `0 < σ(z) < 1` for every real `z`. So `f_t, i_t, o_t` are always positive
// (and always below 1): this is the whole answer to the question. Everything
// else can be negative:
//
// - `C̃_t = tanh(·)` lies in `(−1, 1)`, with the sign of its pre-activation.
// - `C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t` adds a positive multiple of the old
//   state to a positive multiple of `C̃_t`, so it can have either sign. It is
//   not bounded by 1 either: with `0 < f, i < 1` and `|C̃| < 1`, each step adds
//   less than 1 to its size, `|C_t| < |C_{t−1}| + 1`, hence
//   `|C_t| < |C_{−1}| + t + 1`, and nothing smaller holds in general: with `f`
//   and `i` close to 1 and `C̃` close to ±1 the cell counts up by almost 1 per
//   step.
// - `h_t = o_t ⊙ tanh(C_t)` lies in `(−1, 1)` (since `0 < o_t < 1` and
//   `|tanh| < 1`), and because `o_t > 0` and `tanh` is odd and increasing,
//   `h_t` has exactly the sign of `C_t`, not that of `C̃_t`.

/** Number of random networks. */
export const DRAWS = 2000;
/** Steps per sequence, `t = 0 … 9`, from `C_{−1} = h_{−1} = 0`. */
export const SEQUENCE_LENGTH = 10;
/** Input dimension. */
export const INPUTS = 2;
/**
 * Standard deviations of the weights and biases, cycled over the draws: small
 * scales keep the gates near ½, large ones push them towards 0 and 1.
 */
export const SCALES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75];
/** Seed of draw `k` is `SEED + k`. */
export const SEED = 30_000;
/** Seed of the `k`-th candidate in the search for a counterexample. */
export const COUNTEREXAMPLE_SEED = 31_000;

/** How large `|h_1|` must be for the counterexample to count. */
export const COUNTEREXAMPLE_MARGIN = 0.1;

/** One random network of the sample and its inputs. */
export interface Draw {
  /** Number of units, 1, 2 or 3. */
  units: number;
  /** Scale of the weights and biases. */
  scale: number;
  params: LstmParams;
  xs: Vector[];
}

/**
 * Draw number `k` of the sample: `n = 1 + (k mod 3)` units and scale
 * `SCALES[⌊k/3⌋ mod 7]` (3 and 7 are coprime, so every pair occurs), weights,
 * biases and inputs normal with that scale (inputs standard normal).
 */
export function sampleDraw(k: number): Draw {
  const rng = seededRandom(SEED + k);
  const units = 1 + (k % 3);
  const scale = SCALES[Math.floor(k / 3) % SCALES.length];
  const params = randomLstmParams(rng, units, INPUTS, {
    scale,
    biasScale: scale,
  });
  const xs = Array.from({ length: SEQUENCE_LENGTH }, () => rng.vector(INPUTS));
  return { units, scale, params, xs };
}

/** The quantities whose ranges we record, in the order of the equations. */
export const QUANTITIES = ["f", "i", "o", "candidate", "C", "h"] as const;
/** One of {@link QUANTITIES}. */
export type Quantity = typeof QUANTITIES[number];

/** The observed and the theoretical range of one quantity (a chart row). */
export interface QuantityRange {
  /** Which quantity. */
  quantity: Quantity;
  /** Its name on the chart, e.g. `"f (forget gate)"`. */
  label: string;
  /** Smallest value over all draws, steps and units. */
  min: number;
  /** Largest value. */
  max: number;
  /** Fraction of the values that are negative. */
  negativeShare: number;
  /** `min − lowerBound`: how close the sample came to the lower bound. */
  gapAboveLower: number;
  /** `upperBound − max`: how close the sample came to the upper bound. */
  gapBelowUpper: number;
  /** The theoretical lower bound (not attained). */
  lowerBound: number;
  /** The theoretical upper bound (not attained). */
  upperBound: number;
  /** True when the theory says the quantity is always positive. */
  alwaysPositive: boolean;
}

/** Where the largest `|C_t|` of the sample occurred. */
export interface LargestCell {
  draw: number;
  units: number;
  scale: number;
  t: number;
  unit: number;
  /** `C_t` there (its absolute value is the sample's largest). */
  C: number;
}

/** One step of a single-unit LSTM, every quantity a number. */
export interface ScalarStep {
  t: number;
  CPrev: number;
  f: number;
  i: number;
  o: number;
  candidate: number;
  C: number;
  h: number;
}

/** A single-unit LSTM in which `h_t` and `C̃_t` have opposite signs. */
export interface Counterexample {
  /** How many candidates the search rejected before this one. */
  rejected: number;
  /** Its seed, `COUNTEREXAMPLE_SEED + rejected`. */
  seed: number;
  params: LstmParams;
  xs: Vector[];
  /** The two steps, `t = 0, 1`. */
  steps: ScalarStep[];
}

/** What {@link compute} returns. */
export interface Rnn3bResults {
  draws: number;
  sequenceLength: number;
  scales: number[];
  /** How many values of each quantity were recorded (draws × steps × units). */
  valuesPerQuantity: number;
  /** The ranges, one row per quantity: the data of the chart `rnn-3b-ranges`. */
  ranges: QuantityRange[];
  /** `1 − max gate value` over all three gates: how close a gate came to 1. */
  gateGapToOne: number;
  /** `min gate value`: how close a gate came to 0. */
  gateMin: number;
  /** `1 − max |C̃_t|`. */
  candidateGapToOne: number;
  /** The largest `|pre-activation|` of a gate in the sample. */
  maxAbsGatePreactivation: number;
  /** The largest `|pre-activation|` of the candidate in the sample. */
  maxAbsCandidatePreactivation: number;
  /** The smallest `z` (to double precision) with `tanh(z) = 1` in floating point. */
  tanhRoundsToOneFrom: number;
  /** The smallest `z` with `σ(z) = 1` in floating point. */
  sigmoidRoundsToOneFrom: number;
  /** Fraction of the `C_t` values with `|C_t| > 1`. */
  cellAboveOneShare: number;
  /** The same in percent. */
  cellAboveOnePercent: number;
  largestCell: LargestCell;
  /** `max (|C_t| − |C_{t−1}|)`: below 1, as the bound says. */
  maxStepGrowth: number;
  /** `max |C_t| / (t + 1)`: below 1, so `|C_t| < t + 1` (here `C_{−1} = 0`). */
  maxBoundRatio: number;
  /**
   * An LSTM that almost attains the bound: one unit, `W = U = 0`, biases
   * `b_f = b_i = b_c = 10`, so `f = i = σ(10)` and `C̃ = tanh 10` at every
   * step and `C_t = i C̃ (1 − f^{t+1}) / (1 − f)`, just below `t + 1`.
   */
  accumulator: { bias: number; f: number; candidate: number; C: number[] };
  /** Values where `sign(h_t) ≠ sign(C_t)`: 0. */
  hSignDiffersFromC: number;
  /** Values where `sign(h_t) ≠ sign(C̃_t)`: many, against source solution 003. */
  hSignDiffersFromCandidate: number;
  /** Of those, how many at `t = 0` (from `C_{−1} = 0`, `C_0 = i_0 C̃_0`): 0. */
  hSignDiffersFromCandidateAtStart: number;
  /** The same as a fraction of {@link Rnn3bResults.valuesPerQuantity}. */
  hSignDiffersFromCandidateShare: number;
  /** The same in percent. */
  hSignDiffersFromCandidatePercent: number;
  counterexample: Counterexample;
}

const LABELS: Record<Quantity, string> = {
  f: "f (forget gate)",
  i: "i (input gate)",
  o: "o (output gate)",
  candidate: "C̃ (candidate)",
  C: "C (cell state)",
  h: "h (hidden state)",
};

/** Compute the sample and every statistic. Deterministic. */
export function compute(): Rnn3bResults {
  // Run all draws and collect, for every quantity, every value it took (each
  // unit at each step of each draw), together with the checks on `C` and `h`.
  const values: Record<Quantity, number[]> = {
    f: [],
    i: [],
    o: [],
    candidate: [],
    C: [],
    h: [],
  };
  let maxAbsGatePreactivation = 0;
  let maxAbsCandidatePreactivation = 0;
  let maxStepGrowth = -Infinity;
  let maxBoundRatio = 0;
  let largestCell: LargestCell = {
    draw: 0,
    units: 0,
    scale: 0,
    t: 0,
    unit: 0,
    C: 0,
  };
  let hSignDiffersFromC = 0;
  let hSignDiffersFromCandidate = 0;
  let hSignDiffersFromCandidateAtStart = 0;
  for (let draw = 0; draw < DRAWS; draw++) {
    const { units, scale, params, xs } = sampleDraw(draw);
    const trace = lstmForward(params, xs);
    trace.steps.forEach((s, t) => {
      // Track how far into saturation the sample went: the largest
      // |pre-activation| of a gate and of the candidate.
      const hPrev = t > 0 ? trace.steps[t - 1].h : trace.hInit;
      const pre = (block: "f" | "i" | "o" | "c") =>
        add(
          add(
            matvec(params[`W${block}`], hPrev),
            matvec(params[`U${block}`], s.x),
          ),
          params[`b${block}`]!,
        );
      for (const block of ["f", "i", "o"] as const) {
        maxAbsGatePreactivation = Math.max(
          maxAbsGatePreactivation,
          ...pre(block).map(Math.abs),
        );
      }
      maxAbsCandidatePreactivation = Math.max(
        maxAbsCandidatePreactivation,
        ...pre("c").map(Math.abs),
      );
      for (let u = 0; u < units; u++) {
        const CPrev = t > 0 ? trace.steps[t - 1].C[u] : trace.CInit[u];
        values.f.push(s.f[u]);
        values.i.push(s.i[u]);
        values.o.push(s.o[u]);
        values.candidate.push(s.g[u]);
        values.C.push(s.C[u]);
        values.h.push(s.h[u]);
        maxStepGrowth = Math.max(
          maxStepGrowth,
          Math.abs(s.C[u]) - Math.abs(CPrev),
        );
        maxBoundRatio = Math.max(maxBoundRatio, Math.abs(s.C[u]) / (t + 1));
        if (Math.abs(s.C[u]) > Math.abs(largestCell.C)) {
          largestCell = { draw, units, scale, t, unit: u, C: s.C[u] };
        }
        if (Math.sign(s.h[u]) !== Math.sign(s.C[u])) hSignDiffersFromC++;
        if (Math.sign(s.h[u]) !== Math.sign(s.g[u])) {
          hSignDiffersFromCandidate++;
          if (t === 0) hSignDiffersFromCandidateAtStart++;
        }
      }
    });
  }
  const valuesPerQuantity = values.f.length;

  // The ranges, beside the bounds the theory gives: (0, 1) for the gates,
  // (−1, 1) for C̃ and h, and |C_t| < t + 1 ≤ SEQUENCE_LENGTH for the cell.
  const ranges: QuantityRange[] = QUANTITIES.map((quantity) => {
    const list = values[quantity];
    const gate = quantity === "f" || quantity === "i" || quantity === "o";
    const cellBound = SEQUENCE_LENGTH;
    const min = Math.min(...list), max = Math.max(...list);
    const lowerBound = gate ? 0 : quantity === "C" ? -cellBound : -1;
    const upperBound = quantity === "C" ? cellBound : 1;
    return {
      quantity,
      label: LABELS[quantity],
      min,
      max,
      negativeShare: list.filter((v) => v < 0).length / list.length,
      gapAboveLower: min - lowerBound,
      gapBelowUpper: upperBound - max,
      lowerBound,
      upperBound,
      alwaysPositive: gate,
    };
  });
  const gates = [...values.f, ...values.i, ...values.o];
  const cellAboveOneShare = values.C.filter((c) => Math.abs(c) > 1).length /
    valuesPerQuantity;
  const hSignDiffersFromCandidateShare = hSignDiffersFromCandidate /
    valuesPerQuantity;

  // How close the sample came to the bounds, and where floating point would
  // round a value onto them: σ(z) and tanh(z) are strictly below 1 for every
  // real z, but a double can only get so close to 1.
  const roundsToOne = (fn: (z: number) => number) => {
    let lo = 0, hi = 100;
    for (let step = 0; step < 200; step++) {
      const mid = (lo + hi) / 2;
      if (fn(mid) === 1) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  // The bound |C_t| < t + 1 is nearly attained when both gates are almost
  // fully open and the candidate is almost 1: the cell then counts the steps.
  const bias = 10;
  const accumulatorTrace = lstmForward(
    {
      Wf: [[0]],
      Uf: [[0]],
      bf: [bias],
      Wi: [[0]],
      Ui: [[0]],
      bi: [bias],
      Wo: [[0]],
      Uo: [[0]],
      Wc: [[0]],
      Uc: [[0]],
      bc: [bias],
    },
    Array.from({ length: SEQUENCE_LENGTH }, () => [0]),
  );

  return {
    draws: DRAWS,
    sequenceLength: SEQUENCE_LENGTH,
    scales: SCALES,
    valuesPerQuantity,
    ranges,
    gateGapToOne: 1 - Math.max(...gates),
    gateMin: Math.min(...gates),
    candidateGapToOne: 1 - Math.max(...values.candidate.map(Math.abs)),
    maxAbsGatePreactivation,
    maxAbsCandidatePreactivation,
    tanhRoundsToOneFrom: roundsToOne(Math.tanh),
    sigmoidRoundsToOneFrom: roundsToOne((z) => 1 / (1 + Math.exp(-z))),
    cellAboveOneShare,
    cellAboveOnePercent: 100 * cellAboveOneShare,
    largestCell,
    maxStepGrowth,
    maxBoundRatio,
    accumulator: {
      bias,
      f: accumulatorTrace.steps[0].f[0],
      candidate: accumulatorTrace.steps[0].g[0],
      C: accumulatorTrace.steps.map((s) => s.C[0]),
    },
    hSignDiffersFromC,
    hSignDiffersFromCandidate,
    hSignDiffersFromCandidateAtStart,
    hSignDiffersFromCandidateShare,
    hSignDiffersFromCandidatePercent: 100 * hSignDiffersFromCandidateShare,
    counterexample: findCounterexample(),
  };
}

// Source solution 003 argues that `h_t` "has the same sign as `C̃_t`". At `t = 0`, from
// `C_{−1} = 0`, that is true: `C_0 = i_0 C̃_0`. Afterwards the old memory
// `f_t C_{t−1}` can outweigh the new content, and then `C_t`, and with it
// `h_t`, keeps the sign of the memory. We search seeded single-unit LSTMs
// with two steps until one shows it.

/**
 * The first seeded single-unit LSTM whose `h_1` and `C̃_1` differ in sign, with
 * `|h_1|` above {@link COUNTEREXAMPLE_MARGIN} so that the sign is plain to see.
 */
export function findCounterexample(): Counterexample {
  for (let rejected = 0;; rejected++) {
    const seed = COUNTEREXAMPLE_SEED + rejected;
    const rng = seededRandom(seed);
    const params = randomLstmParams(rng, 1, 1);
    const xs = [rng.vector(1), rng.vector(1)];
    const trace = lstmForward(params, xs);
    const steps = trace.steps.map((s, t) => ({
      t,
      CPrev: t > 0 ? trace.steps[t - 1].C[0] : trace.CInit[0],
      f: s.f[0],
      i: s.i[0],
      o: s.o[0],
      candidate: s.g[0],
      C: s.C[0],
      h: s.h[0],
    }));
    if (
      Math.sign(steps[1].h) !== Math.sign(steps[1].candidate) &&
      Math.abs(steps[1].h) > COUNTEREXAMPLE_MARGIN
    ) {
      return { rejected, seed, params, xs, steps };
    }
  }
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
