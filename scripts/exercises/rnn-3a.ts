/**
 * # What the gates of an LSTM do
 *
 * The LSTM of the problem set computes, at every step `t`,
 *
 * ```
 * f_t = σ(W_f h_{t−1} + U_f x_t)      forget gate
 * i_t = σ(W_i h_{t−1} + U_i x_t)      input gate
 * o_t = σ(W_o h_{t−1} + U_o x_t)      output gate
 * C̃_t = tanh(W_c h_{t−1} + U_c x_t)   candidate
 * C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t      cell state
 * h_t = o_t ⊙ tanh(C_t)               hidden state (what the cell shows)
 * ```
 *
 * What do the gates `f_t`, `i_t` and `o_t` do? We answer from the equations and
 * then watch each gate at work in a small seeded LSTM, by holding it at 0 or
 * at 1 and comparing the cell state `C_t` and the output `h_t` with a run in
 * which every gate is computed.
 *
 * @module
 */
import {
  hadamard,
  lstmForward,
  type LstmParams,
  randomLstmParams,
  seededRandom,
  type Vector,
} from "../lib/mod.ts";

// Every gate is a sigmoid, so each entry lies strictly between 0 and 1, and
// every gate is used the same way: it multiplies, entry by entry, one vector
// it controls. Reading the equations for what each gate multiplies answers
// the question:
//
// - the forget gate `f_t` multiplies the old cell state `C_{t−1}`: it decides
//   how much of each entry of the memory is kept (1: all of it, 0: none);
// - the input gate `i_t` multiplies the candidate `C̃_t`: it decides how much
//   of the new content computed from `x_t` and `h_{t−1}` is written into the
//   memory;
// - the output gate `o_t` multiplies `tanh(C_t)`: it decides how much of the
//   memory is shown to the rest of the network as `h_t` (and so to the next
//   step's gates and to the output layer). It does not change `C_t` itself.
//
// Because the gates are computed from `x_t` and `h_{t−1}`, all three decisions
// are made afresh at every step and for every unit separately.
//
// The extreme values make the roles plain:
//
// - `f_t = 0` forgets: `C_t = i_t ⊙ C̃_t`, nothing of `C_{t−1}` survives;
// - `f_t = 1` keeps everything: `C_t = C_{t−1} + i_t ⊙ C̃_t`;
// - `i_t = 0` writes nothing: `C_t = f_t ⊙ C_{t−1}`, the memory can only fade;
// - `i_t = 1` writes the whole candidate: `C_t = f_t ⊙ C_{t−1} + C̃_t`;
// - `o_t = 0` hides the cell: `h_t = 0` although `C_t` still holds the memory;
// - `o_t = 1` shows all of it: `h_t = tanh(C_t)`;
// - `f_t = 1` and `i_t = 0` together freeze the memory, `C_t = C_{t−1}`: the
//   constant error carousel of exercise 3 (c).

/** Number of units `n` of the example LSTM. */
export const UNITS = 2;
/** Input dimension `d`. */
export const INPUTS = 2;
/** Number of steps: `t = 0, 1, 2`. */
export const STEPS = 3;
/** The seed of the weights and inputs. */
export const SEED = 31;
/**
 * The cell state before the first step, `C_{−1}`: a memory written earlier,
 * one positive and one negative entry, so that keeping or forgetting it shows.
 */
export const INITIAL_CELL: Vector = [0.9, -0.6];

/** The runs we compare: the gates held fixed in each (none in `free`). */
export const RUNS = {
  free: {},
  forgetClosed: { f: 0 },
  forgetOpen: { f: 1 },
  inputClosed: { i: 0 },
  inputOpen: { i: 1 },
  outputClosed: { o: 0 },
  outputOpen: { o: 1 },
  carousel: { f: 1, i: 0 },
} as const satisfies Record<string, FixedGates>;

/** Gates held at a constant, the same for every unit. */
export type FixedGates = Partial<Record<"f" | "i" | "o", number>>;

/** The name of a run. */
export type RunName = keyof typeof RUNS;

/** One step of a run; every vector has `n` entries. */
export interface GateStep {
  /** The step `t`. */
  t: number;
  /** Forget gate `f_t` (computed, or the fixed value). */
  f: Vector;
  /** Input gate `i_t`. */
  i: Vector;
  /** Output gate `o_t`. */
  o: Vector;
  /** Candidate `C̃_t`. */
  candidate: Vector;
  /** What is kept of the old memory, `f_t ⊙ C_{t−1}`. */
  kept: Vector;
  /** What is written, `i_t ⊙ C̃_t`. */
  written: Vector;
  /** Cell state `C_t = kept + written`. */
  C: Vector;
  /** Hidden state `h_t = o_t ⊙ tanh(C_t)`. */
  h: Vector;
}

/** One run of the LSTM over the same inputs. */
export interface GateRun {
  /** The gates held fixed, as TeX (`"f_t = 0"`), or `"none"`. */
  fixed: string;
  /** The steps `t = 0 … STEPS − 1`. */
  steps: GateStep[];
}

/** What {@link compute} returns. */
export interface Rnn3aResults {
  /** The weights: `W_b` is `n × n`, `U_b` is `n × d`, no biases. */
  params: LstmParams;
  /** Inputs `x_0, x_1, x_2`. */
  xs: Vector[];
  /** `C_{−1}`. */
  CInit: Vector;
  /** `h_{−1}` (zeros). */
  hInit: Vector;
  /** The runs, by name: the free run and one per fixed gate setting. */
  runs: Record<RunName, GateRun>;
  /**
   * With `f = 0` the whole run does not depend on `C_{−1}`: the largest
   * difference of any `C_t` or `h_t` from a rerun that starts with
   * `C_{−1} = 0` (exactly 0).
   */
  forgetClosedMemoryEffect: number;
  /** The same difference for the free run: how much `C_{−1}` matters there. */
  freeMemoryEffect: number;
}

/** Run the example. Deterministic: everything comes from {@link SEED}. */
export function compute(): Rnn3aResults {
  // A small network of the problem's form, with no biases: weights and inputs
  // are standard normal, which keeps the gates away from 0 and 1 so that the
  // free run shows intermediate values.
  const rng = seededRandom(SEED);
  const params = randomLstmParams(rng, UNITS, INPUTS);
  const xs = Array.from({ length: STEPS }, () => rng.vector(INPUTS));
  const hInit = new Array<number>(UNITS).fill(0);

  // Each run uses the same weights, inputs and initial state; only the gates
  // listed in `RUNS` are replaced by constants. Note that a fixed gate changes
  // more than its own product: `h_t` feeds the next step's gates, so from
  // `t = 1` on the free gates of a run differ from those of the free run too.
  const run = (gates: FixedGates, CInit: Vector): GateRun => {
    const trace = lstmForward(params, xs, { gates, hInit, CInit });
    return {
      fixed: describe(gates),
      steps: trace.steps.map((s, t) => {
        const CPrev = t > 0 ? trace.steps[t - 1].C : CInit;
        return {
          t,
          f: s.f,
          i: s.i,
          o: s.o,
          candidate: s.g,
          kept: hadamard(s.f, CPrev),
          written: hadamard(s.i, s.g),
          C: s.C,
          h: s.h,
        };
      }),
    };
  };
  const runs = Object.fromEntries(
    Object.entries(RUNS).map(([name, gates]) => [
      name,
      run(gates, INITIAL_CELL),
    ]),
  ) as Record<RunName, GateRun>;

  // Forgetting, measured: rerun with no initial memory at all. With `f = 0`
  // the old cell state is multiplied by zero before it can affect anything,
  // so the rerun is identical; in the free run the memory leaves a trace.
  const memoryEffect = (gates: FixedGates) => {
    const withMemory = run(gates, INITIAL_CELL).steps;
    const without = run(gates, new Array<number>(UNITS).fill(0)).steps;
    return Math.max(
      ...withMemory.flatMap((s, t) => [
        ...s.C.map((c, u) => Math.abs(c - without[t].C[u])),
        ...s.h.map((h, u) => Math.abs(h - without[t].h[u])),
      ]),
    );
  };

  return {
    params,
    xs,
    CInit: INITIAL_CELL,
    hInit,
    runs,
    forgetClosedMemoryEffect: memoryEffect(RUNS.forgetClosed),
    freeMemoryEffect: memoryEffect(RUNS.free),
  };
}

/** `{ f: 1, i: 0 }` as `"f_t = 1,\ i_t = 0"`, `{}` as `"none"`. */
function describe(gates: FixedGates): string {
  const parts = Object.entries(gates).map(([g, v]) => `${g}_t = ${v}`);
  return parts.length === 0 ? "none" : parts.join(",\\ ");
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
