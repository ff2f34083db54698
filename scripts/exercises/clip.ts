/**
 * # Gradient clipping
 *
 * Take an RNN whose recurrent matrix has an eigenvalue above 1, the
 * expanding regime of exercise rnn-2c, so that its gradient explodes. Compare
 * the two usual remedies: clipping the gradient by its norm and clipping it
 * entry by entry (by value). Which keeps the gradient's direction, and by how
 * much does the other turn it? Train a small seeded model with and without
 * clipping and compare the losses. What can clipping not fix?
 *
 * @module
 */
import {
  add,
  angleBetween,
  bpttTerms,
  clipByNorm,
  clipByValue,
  eigSymmetric2x2,
  frobeniusNorm,
  globalNorm,
  type Gradients,
  type Loss,
  matpow,
  type Matrix,
  rnnBptt,
  rnnForward,
  type RnnOptions,
  type RnnParams,
  seededRandom,
  spectralNorm,
  spectralRadius,
  stateJacobian,
  sub,
  type Vector,
  zeros,
} from "../lib/mod.ts";

// ## An exploding network
//
// Exercise rnn-2c showed that `‖Wⁿ‖` grows like `1.1ⁿ` when `W` has the
// eigenvalues `1.1` and `0.4`. A network whose gradient is carried back by
// exactly those powers is the ReLU RNN
//
// ```
// h_t = relu(W h_{t−1} + U x_t + b)
// ```
//
// with positive weights and positive inputs: every pre-activation is positive,
// `relu' = 1`, and the step Jacobian `diag(relu'(z_t)) W` is `W` itself, so
// `∂h_t/∂h_k = W^{t−k}`. Its gradient explodes as `W`'s powers do.
//
// The task: reproduce, over `T + 1 = 31` steps of a seeded input sequence
// `x_t ∈ [0, 1)`, the states of a teacher network with rnn-2c's own `W`
// (eigenvalues `0.9` and `0.4`) and the same `U`; the loss is
// `L = Σ_t ½‖h_t − h_t^{teacher}‖²`. The student starts from the expanding
// `W`, so to learn it must bring the eigenvalue `1.1` down to `0.9`.

/** rnn-2c's expanding regime, `Q diag(1.1, 0.4) Qᵀ`: the student's starting `W`. */
export const W_EXPANDING: Matrix = [[0.652, 0.336], [0.336, 0.848]];
/** rnn-2c's `W` (eigenvalues 0.9 and 0.4): the teacher's. */
export const W_TEACHER: Matrix = [[0.58, 0.24], [0.24, 0.72]];
/** Input weights of both networks (positive, so the states stay positive). */
export const U_START: Matrix = [[0.5], [0.3]];
/** The last step `T`: the sequences have `T + 1` inputs. */
export const LAST_STEP = 30;
/** The seed of the inputs. */
export const SEED = 7;
/** Terms of the BPTT double sum with `t − k ≥ FAR` count as far. */
export const FAR = 10;
/** The clipping threshold `c` of the training runs (for both methods). */
export const CLIP = 1;
/** The thresholds of the angle table. */
export const CLIP_LEVELS = [1e5, 7e4, 5e4, 3e4, 1e4, 1e3, 1];
/** Step size of plain gradient descent, the same for every run. */
export const LEARNING_RATE = 0.01;
/** Gradient steps of each training run. */
export const ITERATIONS = 300;
/** The iterations listed in the table of losses. */
export const TABLE_ITERATIONS = [0, 1, 2, 10, 50, 100, 300];
/** The activation of the exploding network. */
export const ACTIVATION = "relu";

/** How a training run treats the gradient. */
export const METHODS = {
  none: "no clipping",
  norm: "clipped by norm, c = 1",
  value: "clipped by value, c = 1",
} as const;
/** One of {@link METHODS}. */
export type Method = keyof typeof METHODS;

/** One row of the chart `clip-training`. */
export interface TrainingRow {
  iteration: number;
  /** The label of the method ({@link METHODS}). */
  method: string;
  /** The loss before the update of this iteration. */
  loss: number;
}

/** One training run, summarised. */
export interface RunSummary {
  method: Method;
  label: string;
  /** The loss at {@link TABLE_ITERATIONS}. */
  losses: { iteration: number; loss: number }[];
  /** The loss after the last update. */
  finalLoss: number;
  /** `W` after the last update. */
  finalW: Matrix;
  /** Its spectral radius. */
  finalRadius: number;
  /** The length of the first step, `η ‖g̃‖` (`g̃` the gradient as used). */
  firstStep: number;
  /** Units whose state is zero at every step after training (dead ReLUs). */
  deadUnits: number;
  /** The smallest and the largest loss of the last 20 iterations: the run has settled when they agree. */
  lastLosses: { min: number; max: number };
  /**
   * The first iteration from which every loss is one of the two of
   * `lastLosses` (the run bounces between two points); −1 if it never does.
   */
  bouncingFrom: number;
  /** The far terms' share of `∂L/∂W` at the end (norm ratio, as {@link ClipResults} `exploding.farShare`). */
  finalFarShare: number;
}

/** The gradient at the start, clipped at one threshold. */
export interface ClipRow {
  /** The threshold `c`. */
  c: number;
  /** `‖g‖` after clipping by norm: `min(‖g‖, c)`. */
  normClippedNorm: number;
  /** The angle between `g` and its norm-clipped version, degrees. */
  normAngle: number;
  /** `‖g‖` after clipping by value. */
  valueClippedNorm: number;
  /** The angle between `g` and its value-clipped version, degrees. */
  valueAngle: number;
  /** How many of the gradient's entries clipping by value changed. */
  entriesClipped: number;
}

/** What {@link compute} returns. */
export interface ClipResults {
  /** The constants of the exercise, for the page. */
  settings: {
    lastStep: number;
    seed: number;
    far: number;
    clip: number;
    learningRate: number;
    iterations: number;
    /** The input weights of both networks. */
    U: Matrix;
  };
  /** The exploding network at the start. */
  exploding: {
    W: Matrix;
    /** `ρ(W)`: 1.1. */
    radius: number;
    /** Both eigenvalues of `W`, largest first: 1.1 and 0.4. */
    eigenvalues: number[];
    /** True when every pre-activation of the run is positive (`relu' = 1` throughout). */
    allActive: boolean;
    /** `‖∂h_T/∂h_0‖₂`, which is `‖W^T‖₂` here. */
    jacobianNorm: number;
    /** `‖W^T‖₂`, as rnn-2c computes it. */
    powerNorm: number;
    /** `‖∂h_T/∂h_{T−d}‖₂` for `d` = 1, 10, 20, 30. */
    jacobianRows: { distance: number; norm: number }[];
    /** The largest teacher state and the largest student state. */
    largestTarget: number;
    largestState: number;
    /** `L` at the start. */
    loss: number;
    /** `∂L/∂W`, `∂L/∂U`, `∂L/∂b` at the start. */
    gradient: { W: Matrix; U: Matrix; b: Vector };
    /** Their global norm `‖g‖`. */
    gradientNorm: number;
    /** The norm ratio `‖Σ_{t−k ≥ FAR} terms‖_F / ‖∂L/∂W‖_F` of the double sum for `W`. */
    farShare: number;
    /** The same after clipping by norm (scaling every term alike leaves it unchanged). */
    farShareClipped: number;
  };
  /** The gradient clipped at {@link CLIP}: both versions, to show. */
  clipped: {
    c: number;
    byNorm: { W: Matrix; U: Matrix; b: Vector };
    byValue: { W: Matrix; U: Matrix; b: Vector };
    normAngle: number;
    valueAngle: number;
    /** What value clipping at `c` tends to when `c` is far below every entry: the angle to the sign vector `sign(g)`. */
    signAngle: number;
  };
  /** The angles for each threshold of {@link CLIP_LEVELS}. */
  levels: ClipRow[];
  /** The number of entries of the gradient (`W`, `U`, `b`). */
  entries: number;
  /** The largest angle by norm over all thresholds: rounding. */
  largestNormAngle: number;
  /** The three training runs. */
  runs: RunSummary[];
  /** The teacher's `W`, its spectral radius (0.9) and both eigenvalues (0.9, 0.4). */
  teacher: { W: Matrix; radius: number; eigenvalues: number[] };
  /** The data of the chart `clip-training`. */
  training: TrainingRow[];
  /** What clipping cannot fix: a vanishing gradient. */
  vanishing: {
    /** A sigmoid network with the teacher's `W` on the same task. */
    activation: "sigmoid";
    /** `‖∂h_T/∂h_0‖₂`. */
    jacobianNorm: number;
    /** `‖g‖` of its gradient. */
    gradientNorm: number;
    /** The norm ratio of the far terms, as for the exploding network. */
    farShare: number;
    /** The same after clipping by norm at {@link CLIP}. */
    farShareClipped: number;
  };
}

/** The inputs, the targets and the starting parameters. */
export interface Setup {
  xs: Vector[];
  loss: Loss;
  start: RnnParams & { b: Vector };
}

/** Draw the inputs from {@link SEED} and run the teacher for the targets. */
export function setup(): Setup {
  const rng = seededRandom(SEED);
  const xs = Array.from({ length: LAST_STEP + 1 }, () => [rng.uniform()]);
  const teacher = rnnForward({ W: W_TEACHER, U: U_START }, xs, {
    activation: ACTIVATION,
  });
  return {
    xs,
    loss: { type: "mse", targets: teacher.hs },
    start: { W: W_EXPANDING, U: U_START, b: [0, 0] },
  };
}

/** `∂L/∂W, ∂L/∂U, ∂L/∂b` of the RNN as one set of gradients. */
export function gradient(
  params: RnnParams & { b: Vector },
  xs: Vector[],
  loss: Loss,
  options: RnnOptions = { activation: ACTIVATION },
): { loss: number; grads: { W: Matrix; U: Matrix; b: Vector } } {
  const { loss: value, grads } = rnnBptt(params, xs, loss, options);
  return { loss: value, grads: { W: grads.W, U: grads.U, b: grads.b } };
}

/**
 * The norm ratio of the far terms (`t − k ≥ FAR`) of the double sum for
 * `∂L/∂W`: how much of the gradient comes from far back.
 */
export function farShare(
  params: RnnParams,
  xs: Vector[],
  loss: Loss,
  options: RnnOptions,
): number {
  let far = zeros(2, 2);
  let all = zeros(2, 2);
  for (const term of bpttTerms(params, xs, loss, options)) {
    all = add(all, term.value);
    if (term.t - term.k >= FAR) far = add(far, term.value);
  }
  // A dead network has no gradient at all, and so no far part either.
  const total = frobeniusNorm(all);
  return total === 0 ? 0 : frobeniusNorm(far) / total;
}

/** Plain gradient descent with the given treatment of the gradient. */
export function train(
  method: Method,
  { xs, loss, start }: Setup,
): { losses: number[]; params: RnnParams & { b: Vector }; firstStep: number } {
  let params = structuredClone(start);
  const losses: number[] = [];
  let firstStep = 0;
  for (let iteration = 0; iteration <= ITERATIONS; iteration++) {
    const { loss: value, grads } = gradient(params, xs, loss);
    losses.push(value);
    if (iteration === ITERATIONS) break;
    const used = (method === "norm"
      ? clipByNorm(grads, CLIP)
      : method === "value"
      ? clipByValue(grads, CLIP)
      : grads) as typeof grads;
    if (iteration === 0) {
      firstStep = LEARNING_RATE * globalNorm(used);
    }
    params = {
      W: sub(
        params.W,
        used.W.map((row) =>
          row.map((g) => LEARNING_RATE * g)
        ),
      ),
      U: sub(params.U, used.U.map((row) => row.map((g) => LEARNING_RATE * g))),
      b: sub(params.b, used.b.map((g) => LEARNING_RATE * g)),
    };
  }
  return { losses, params, firstStep };
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): ClipResults {
  const task = setup();
  const { xs, loss, start } = task;
  const options = { activation: ACTIVATION } as const;

  // ## The gradient explodes
  //
  // Every pre-activation of the run is positive, so `∂h_T/∂h_0 = W^T`: its
  // norm is rnn-2c's `‖W³⁰‖`. The student's states grow with the powers of
  // `W` too, far beyond the teacher's, and the loss and its gradient are
  // large. Split the double sum of exercise rnn-1b for `∂L/∂W` into the
  // terms with `t − k < 10` and the far ones: the far terms carry a large part
  // of the gradient.
  const trace = rnnForward(start, xs, options);
  const at = gradient(start, xs, loss);
  const g: Gradients = at.grads;
  const T = LAST_STEP;
  const exploding = {
    W: start.W,
    radius: spectralRadius(start.W),
    eigenvalues: eigSymmetric2x2(start.W).values,
    allActive: trace.zs.every((z) => z.every((v) => v > 0)),
    jacobianNorm: spectralNorm(stateJacobian(start, trace, T, 0, ACTIVATION)),
    powerNorm: spectralNorm(matpow(start.W, T)),
    jacobianRows: [1, 10, 20, 30].map((distance) => ({
      distance,
      norm: spectralNorm(
        stateJacobian(start, trace, T, T - distance, ACTIVATION),
      ),
    })),
    largestTarget: Math.max(
      ...(loss as { targets: Vector[] }).targets.flat(),
    ),
    largestState: Math.max(...trace.hs.flat()),
    loss: at.loss,
    gradient: at.grads,
    gradientNorm: globalNorm(g),
    farShare: farShare(start, xs, loss, options),
    // Clipping by norm multiplies every term by the same factor `c/‖g‖`; the
    // share is a ratio of two norms of the same scaled sum.
    farShareClipped: farShareAfterScaling(start, xs, loss, options),
  };

  // ## Clipping by norm keeps the direction; clipping by value turns it
  //
  // By norm: `g̃ = g · min(1, c/‖g‖)`, a positive multiple of `g`, so the
  // angle is 0 at every threshold. By value: every entry is clamped into
  // `[−c, c]`. When `c` is below the smallest entry, all of them are clamped
  // and `g̃ = c · sign(g)`: the large entries lose far more than the small
  // ones, and the direction swings towards the sign vector.
  const signVector = {
    W: at.grads.W.map((row) => row.map(Math.sign)),
    U: at.grads.U.map((row) => row.map(Math.sign)),
    b: at.grads.b.map(Math.sign),
  };
  const levels = CLIP_LEVELS.map((c) => {
    const byNorm = clipByNorm(g, c);
    const byValue = clipByValue(g, c);
    return {
      c,
      normClippedNorm: globalNorm(byNorm),
      normAngle: angleBetween(g, byNorm),
      valueClippedNorm: globalNorm(byValue),
      valueAngle: angleBetween(g, byValue),
      entriesClipped: Object.values(g).flatMap((v) =>
        v.flat()
      ).filter((x) => Math.abs(x) > c).length,
    };
  });
  const byNorm = clipByNorm(g, CLIP) as ClipResults["clipped"]["byNorm"];
  const byValue = clipByValue(g, CLIP) as ClipResults["clipped"]["byValue"];
  const clipped = {
    c: CLIP,
    byNorm,
    byValue,
    normAngle: angleBetween(g, byNorm),
    valueAngle: angleBetween(g, byValue),
    signAngle: angleBetween(g, signVector),
  };

  // ## Training with and without clipping
  //
  // Plain gradient descent, step size `η = 0.01`, 300 steps, from the same
  // start, three ways. Without clipping the first step has length
  // `η ‖g‖`, hundreds of times the size of `W` itself: it throws `W` far into
  // negative values, every pre-activation turns negative, every ReLU is dead
  // and the gradient is zero from then on. The loss freezes at
  // `Σ_t ½‖h_t^{teacher}‖²`. Clipped by norm, every step has length at most
  // `η c`, in the gradient's own direction, and the student finds the
  // teacher's `W`. Clipped by value, the first steps follow the sign vector
  // and push `U` and `b` down as hard as `W`.
  const runs = (Object.keys(METHODS) as Method[]).map((method) => {
    const run = train(method, task);
    const final = rnnForward(run.params, xs, options);
    return {
      method,
      label: METHODS[method],
      losses: TABLE_ITERATIONS.map((iteration) => ({
        iteration,
        loss: run.losses[iteration],
      })),
      finalLoss: run.losses[ITERATIONS],
      finalW: run.params.W,
      finalRadius: spectralRadius(run.params.W),
      firstStep: run.firstStep,
      deadUnits: [0, 1].filter((u) => final.hs.every((h) => h[u] === 0))
        .length,
      lastLosses: {
        min: Math.min(...run.losses.slice(-20)),
        max: Math.max(...run.losses.slice(-20)),
      },
      bouncingFrom: bouncingFrom(run.losses.slice(-20), run.losses),
      finalFarShare: farShare(run.params, xs, loss, options),
      all: run.losses,
    };
  });
  const training = runs.flatMap((run) =>
    run.all.map((value, iteration) => ({
      iteration,
      method: run.label,
      loss: value,
    }))
  );

  // ## What clipping cannot fix
  //
  // Clipping only ever shortens a gradient, every term of the double sum by
  // the same factor. Where the gradient vanishes, as for a sigmoid network
  // (`σ' ≤ 1/4`, exercise b3-b) with the teacher's `W`, the far terms are
  // negligible, and after clipping they are exactly as negligible: the far
  // steps still contribute nothing. (Its gradient is longer than `c`, from the near terms, so
  // clipping shortens it, and the far terms with it.) Remedies for vanishing
  // change the network (the LSTM's and GRU's
  // gates, exercises rnn-3c and gru), not the gradient.
  const sigmoid = { activation: "sigmoid" } as const;
  const teacherStart = { W: W_TEACHER, U: U_START, b: [0, 0] };
  const vanishingGradient = gradient(teacherStart, xs, loss, sigmoid).grads;
  const sigmoidTrace = rnnForward(teacherStart, xs, sigmoid);
  const vanishing = {
    activation: "sigmoid" as const,
    jacobianNorm: spectralNorm(
      stateJacobian(teacherStart, sigmoidTrace, T, 0, "sigmoid"),
    ),
    gradientNorm: globalNorm(vanishingGradient),
    farShare: farShare(teacherStart, xs, loss, sigmoid),
    farShareClipped: farShareAfterScaling(teacherStart, xs, loss, sigmoid),
  };

  return {
    settings: {
      lastStep: LAST_STEP,
      seed: SEED,
      far: FAR,
      clip: CLIP,
      learningRate: LEARNING_RATE,
      iterations: ITERATIONS,
      U: U_START,
    },
    exploding,
    clipped,
    levels,
    entries: Object.values(g).flatMap((v) => v.flat()).length,
    largestNormAngle: Math.max(...levels.map((row) => row.normAngle)),
    runs: runs.map(({ all: _all, ...summary }) => summary),
    teacher: {
      W: W_TEACHER,
      radius: spectralRadius(W_TEACHER),
      eigenvalues: eigSymmetric2x2(W_TEACHER).values,
    },
    training,
    vanishing,
  };
}

/**
 * The first index from which `losses` takes only the two values of `tail`
 * (when the tail has exactly two), −1 otherwise.
 */
function bouncingFrom(tail: number[], losses: number[]): number {
  const values = [...new Set(tail)];
  if (values.length !== 2) return -1;
  let first = losses.length;
  while (first > 0 && values.includes(losses[first - 1])) first--;
  return first;
}

/**
 * The far share after clipping by norm at {@link CLIP}: the terms of the
 * double sum, each scaled by the factor `c/‖g‖` that clipping applies.
 */
function farShareAfterScaling(
  params: RnnParams,
  xs: Vector[],
  loss: Loss,
  options: RnnOptions,
): number {
  const g = gradient(params as RnnParams & { b: Vector }, xs, loss, options);
  const factor = Math.min(1, CLIP / globalNorm(g.grads));
  let far = zeros(2, 2);
  let all = zeros(2, 2);
  for (const term of bpttTerms(params, xs, loss, options)) {
    const scaled = term.value.map((row) => row.map((v) => v * factor));
    all = add(all, scaled);
    if (term.t - term.k >= FAR) far = add(far, scaled);
  }
  return frobeniusNorm(far) / frobeniusNorm(all);
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
