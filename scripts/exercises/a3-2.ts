/**
 * # Unrolling a recurrent network, and why it shares its parameters
 *
 * A recurrent network is one function applied again and again,
 * `h_t = F_θ(h_{t−1}, x_t)`. Write `h_t` as an explicit composition of `F_θ`
 * (the unrolled network), check that evaluating the composition gives the
 * same states as the loop, and explain why every step uses the same `θ`.
 *
 * @module
 */
import {
  add,
  type Matrix,
  matvec,
  maxAbs,
  rnnForward,
  seededRandom,
  sub,
  type Vector,
} from "../lib/mod.ts";

// ## The network
//
// We take the state update of the tanh network of exercise a3-1,
// `F_θ(h, x) = tanh(W h + U x + b)` with `θ = (W, U, b)`, and number the steps
// as the source solution does: `h_0` is the given initial state and
// `x_1, x_2, …` the inputs, so `h_1 = F_θ(h_0, x_1)`. Nothing below depends on
// the particular `F`: any function of the previous state and the current
// input unrolls the same way.

/** Input size `d`. */
export const INPUT_SIZE = 2;
/** State size `n`. */
export const HIDDEN_SIZE = 3;
/** Output size `c`, for the parameter counts of a network with an output layer. */
export const CLASSES = 4;
/** Number of steps unrolled. */
export const STEPS = 4;
/** The seed of every random number of this exercise. */
export const SEED = 1002;
/** The sequence lengths of the parameter-count table. */
export const COUNT_LENGTHS = [1, 2, 4, 10, 100, 1000];

/** One line of the unrolled network: `h_t` as a composition of `F_θ`. */
export interface UnrolledState {
  /** The step `t` (1 … T). */
  t: number;
  /** `h_t` written as nested applications of `F_θ`, in TeX. */
  expression: string;
  /** How many times `F_θ` is applied (equals `t`). */
  applications: number;
  /** The value of that composition. */
  value: Vector;
  /** `h_t` as the loop (`rnnForward`) computes it. */
  loop: Vector;
  /** `max_i |value_i − loop_i|`. */
  difference: number;
}

/** A TeX formula of an unrolled state and what it contains. */
export interface UnrolledFormula {
  /** The formula, in TeX. */
  tex: string;
  /** Number of applications of `F_θ` (occurrences of `F_\theta(`). */
  applications: number;
  /** Number of inputs `x_…` it mentions. */
  inputs: number;
}

/** One row of the parameter-count table. */
export interface ParameterCount {
  /** Sequence length `T`. */
  T: number;
  /** Parameters of the shared network: the same for every `T`. */
  shared: number;
  /** Parameters of an unrolled network with its own weights at every step. */
  unshared: number;
}

/** What {@link compute} returns. Step `t` is at index `t − 1`. */
export interface A32Results {
  /** `{ d, n, c, T }`. */
  sizes: { d: number; n: number; c: number; T: number };
  /** `θ`: `W` (`n × n`, scaled by 0.8), `U` (`n × d`), `b` (`n`). */
  params: { W: Matrix; U: Matrix; b: Vector };
  /** The initial state `h_0`. */
  h0: Vector;
  /** The inputs `x_1 … x_T`. */
  xs: Vector[];
  /** `h_1 … h_T` by explicit composition, beside the loop. */
  unrolled: UnrolledState[];
  /** The largest difference between composition and loop over all steps. */
  maxDifference: number;
  /** The third line of source solution 001's unrolling, as it writes it. */
  seedThirdLine: UnrolledFormula;
  /** The same line, correct: `h_t` with four applications of `F_θ`. */
  correctThirdLine: UnrolledFormula;
  /** Parameters in one step: recurrent part `n² + nd + n`, output part `cn + c`. */
  perStep: { recurrent: number; output: number; total: number };
  /** Shared vs unshared parameter counts for the lengths {@link COUNT_LENGTHS}. */
  parameterCounts: ParameterCount[];
}

/** Draw `θ`, `h_0` and the inputs. */
export function example(seed = SEED): {
  params: { W: Matrix; U: Matrix; b: Vector };
  h0: Vector;
  xs: Vector[];
} {
  const rng = seededRandom(seed);
  const params = {
    W: rng.matrix(HIDDEN_SIZE, HIDDEN_SIZE, 0.8),
    U: rng.matrix(HIDDEN_SIZE, INPUT_SIZE),
    b: rng.vector(HIDDEN_SIZE, 0.3),
  };
  const h0 = rng.vector(HIDDEN_SIZE, 0.5);
  const xs = Array.from({ length: STEPS }, () => rng.vector(INPUT_SIZE));
  return { params, h0, xs };
}

// ## Unrolling, as a formula and as a value
//
// Substituting `h_{t−1} = F_θ(h_{t−2}, x_{t−1})` into `h_t = F_θ(h_{t−1}, x_t)`
// and repeating until `h_0` is reached gives
// `h_t = F_θ(F_θ(… F_θ(h_0, x_1) …, x_{t−1}), x_t)`: `t` applications of the
// same `F_θ`, the innermost one reading `x_1`, the outermost `x_t`. Each
// application takes exactly two arguments, a state and one input.
//
// The function below builds that formula in TeX by the same recursion, so the
// text on the page and the nesting of the code cannot drift apart. It also
// writes the formula relative to `t` (`h_{t−4}`, `x_{t−3}`, …), as the source
// solution does.

/** `F_θ` applied `depth` times, ending at step `end`, as TeX. */
export function unrolledTex(
  depth: number,
  end: number | "t",
): string {
  const braced = (s: string) => s.length > 1 ? `{${s}}` : s;
  const index = (k: number) =>
    braced(end === "t" ? (k === 0 ? "t" : `t-${k}`) : `${end - k}`);
  // innermost state, `depth` steps back
  let tex = `h_${index(depth)}`;
  for (let back = depth - 1; back >= 0; back--) {
    tex = `F_\\theta(${tex}, x_${index(back)})`;
  }
  return tex;
}

/** Count the applications of `F_θ` and the inputs in a TeX formula. */
export function describeFormula(tex: string): UnrolledFormula {
  return {
    tex,
    applications: tex.split("F_\\theta(").length - 1,
    inputs: tex.split("x_").length - 1,
  };
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): A32Results {
  const { params, h0, xs } = example();
  const [x1, x2, x3, x4] = xs;

  // One step of the network, written out. It performs the same floating-point
  // operations in the same order as the core library's loop, so the two must
  // agree to the last bit, not just to rounding.
  const F = (h: Vector, x: Vector): Vector =>
    add(add(matvec(params.W, h), matvec(params.U, x)), params.b).map(
      Math.tanh,
    );

  // The unrolled network for `T = 4`, spelled out as nested calls: this is the
  // formula `h_4 = F_θ(F_θ(F_θ(F_θ(h_0, x_1), x_2), x_3), x_4)` read as code.
  const nested = [
    F(h0, x1),
    F(F(h0, x1), x2),
    F(F(F(h0, x1), x2), x3),
    F(F(F(F(h0, x1), x2), x3), x4),
  ];

  // The loop: the core library's forward pass, which keeps one state and
  // overwrites it at every step.
  const loop = rnnForward(params, xs, { activation: "tanh", hInit: h0 }).hs;

  const unrolled = nested.map((value, i): UnrolledState => {
    const tex = unrolledTex(i + 1, i + 1);
    return {
      t: i + 1,
      expression: tex,
      applications: describeFormula(tex).applications,
      value,
      loop: loop[i],
      difference: maxAbs(sub(value, loop[i])),
    };
  });

  // ## The source solution's third line
  //
  // Source solution 001 writes the third substitution as
  // `F_θ(F_θ(F_θ(h_{t−4}, x_{t−3}), x_{t−2}), x_{t−1}, x_t)`: four inputs but
  // only three applications of `F_θ`, the outermost taking three arguments.
  // Going back four steps from `h_t` needs four applications.
  const seedThirdLine = describeFormula(
    "F_\\theta(F_\\theta(F_\\theta(h_{t-4}, x_{t-3}), x_{t-2}), x_{t-1}, x_t)",
  );
  const correctThirdLine = describeFormula(unrolledTex(4, "t"));

  // ## Why share the parameters
  //
  // Because the unrolled network applies the *same* `F_θ` at every step:
  //
  // - one set of weights describes the network for a sequence of any length,
  //   including lengths never seen in training; a network with separate
  //   weights per step has no weights at all for step `T + 1`;
  // - the number of parameters does not grow with `T`; with separate weights
  //   it grows linearly, `T` times the parameters of one step;
  // - what is learned about a pattern at one position applies at every
  //   position, and every step of every training sequence trains the same
  //   weights, so each weight sees far more data.
  //
  // One step has the recurrent part `W, U, b` (`n² + nd + n` numbers) and, in
  // a network that predicts at every step as in a3-1, the output part `V, c`
  // (`cn + c`). Shared, that is the whole model; unshared, every step has its
  // own copy.
  const n = HIDDEN_SIZE, d = INPUT_SIZE, c = CLASSES;
  const recurrent = n * n + n * d + n;
  const output = c * n + c;
  const perStep = { recurrent, output, total: recurrent + output };
  const parameterCounts = COUNT_LENGTHS.map((T) => ({
    T,
    shared: perStep.total,
    unshared: T * perStep.total,
  }));

  return {
    sizes: { d, n, c, T: STEPS },
    params,
    h0,
    xs,
    unrolled,
    maxDifference: Math.max(...unrolled.map((u) => u.difference)),
    seedThirdLine,
    correctThirdLine,
    perStep,
    parameterCounts,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
