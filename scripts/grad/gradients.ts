/**
 * The numbers `deno task grad` prints: the loss and the gradient of every
 * parameter given, computed by the project's own backpropagation through time
 * (`rnnBptt` of `scripts/lib/rnn.ts`, `lstmBackward` of `scripts/lib/lstm.ts`,
 * `gruBackward` of `scripts/lib/gru.ts`),
 * and on request the terms of the BPTT double sum and a comparison with
 * central finite differences.
 *
 * @module
 */
import { finiteDifferenceGradient } from "../lib/gradcheck.ts";
import {
  gruBackward,
  gruForward,
  gruLoss,
  type GruParams,
} from "../lib/gru.ts";
import { lstmBackward, lstmForward, lstmLoss } from "../lib/lstm.ts";
import type { LstmParams } from "../lib/lstm.ts";
import { type Matrix, relativeError, type Vector } from "../lib/matrix.ts";
import {
  type BpttTerm,
  bpttTerms,
  rnnBptt,
  rnnForward,
  rnnLoss,
  type RnnParams,
} from "../lib/rnn.ts";
import {
  type GradProblem,
  GRU_PARAMETERS,
  InputError,
  LSTM_PARAMETERS,
  RNN_PARAMETERS,
} from "./validate.ts";

/** What to add to the loss and the gradients. */
export interface GradOptions {
  /** The terms of the BPTT double sum for `W` (RNN only). */
  terms?: boolean;
  /** The relative error of each gradient against finite differences (the reference). */
  check?: boolean;
}

/** The output of `deno task grad`. */
export interface GradOutput {
  /** `L = Σ_t L_t`. */
  loss: number;
  /**
   * `∂L/∂θ` for every parameter given, shaped like it, then `∂L/∂h0` (and
   * `∂L/∂C0` for the LSTM), given or not.
   */
  grads: Record<string, Vector | Matrix>;
  /** With `terms`: `∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` for `0 ≤ k ≤ t ≤ T`. */
  terms?: BpttTerm[];
  /**
   * With `check`: for each entry of `grads`, `max|BPTT − FD| / max(|BPTT|,
   * |FD|)` over its entries, FD the central finite difference with step
   * `1e-5`. Around `1e-9` or below when all is well; ReLU kinks within `1e-5` of a
   * pre-activation make it larger.
   */
  check?: Record<string, number>;
}

/**
 * Loss and gradients of a validated problem.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { computeGradients } from "./gradients.ts";
 * // One step, h = σ(u x) = σ(0) = ½, L = ½ h²: ∂L/∂u = h σ'(0) x = ½ · ¼ · 1
 * const out = computeGradients({
 *   model: "rnn",
 *   activation: "sigmoid",
 *   params: { W: [[0]], U: [[0]] },
 *   xs: [[1]],
 *   loss: { type: "mse", targets: [[0]] },
 * });
 * assertAlmostEquals((out.grads.U as number[][])[0][0], 0.125, 1e-15);
 * ```
 */
export function computeGradients(
  problem: GradProblem,
  options: GradOptions = {},
): GradOutput {
  const output = problem.model === "rnn"
    ? rnnGradients(problem, options)
    : problem.model === "lstm"
    ? lstmGradients(problem, options)
    : gruGradients(problem, options);
  requireFiniteOutput(output);
  return output;
}

function rnnGradients(
  problem: Extract<GradProblem, { model: "rnn" }>,
  options: GradOptions,
): GradOutput {
  const { params, xs, loss, activation } = problem;
  const settings = { activation, hInit: problem.h0 };
  const bptt = rnnBptt(params, xs, loss, settings);
  const grads: Record<string, Vector | Matrix> = {};
  for (const name of RNN_PARAMETERS) {
    if (params[name]) grads[name] = bptt.grads[name]!;
  }
  grads.h0 = bptt.grads.hInit;
  const output: GradOutput = { loss: bptt.loss, grads };
  if (options.terms) output.terms = bpttTerms(params, xs, loss, settings);
  if (options.check) {
    // The loss as a function of every parameter and of h0, by the forward
    // pass alone: finite differences never see the backward formulas.
    const point = { ...params, h0: bptt.trace.hInit } as Record<
      string,
      Vector | Matrix
    >;
    const fd = finiteDifferenceGradient((p) => {
      const { h0, ...rest } = p;
      const trace = rnnForward(rest as unknown as RnnParams, xs, {
        activation,
        hInit: h0 as Vector,
      });
      return rnnLoss(trace, loss);
    }, point);
    output.check = compare(grads, fd);
  }
  return output;
}

function lstmGradients(
  problem: Extract<GradProblem, { model: "lstm" }>,
  options: GradOptions,
): GradOutput {
  if (options.terms) {
    throw new InputError(
      "--terms",
      'model "rnn" (the double sum over (t, k) is written for the RNN\'s W)',
      'model "lstm"',
    );
  }
  const { params, xs, loss } = problem;
  const backward = lstmBackward(params, xs, loss, {
    hInit: problem.h0,
    CInit: problem.C0,
  });
  const grads: Record<string, Vector | Matrix> = {};
  for (const name of LSTM_PARAMETERS) {
    if (params[name]) grads[name] = backward.grads[name]!;
  }
  grads.h0 = backward.grads.hInit;
  grads.C0 = backward.grads.CInit;
  const output: GradOutput = { loss: backward.loss, grads };
  if (options.check) {
    const point = {
      ...params,
      h0: backward.trace.hInit,
      C0: backward.trace.CInit,
    } as Record<string, Vector | Matrix>;
    const fd = finiteDifferenceGradient((p) => {
      const { h0, C0, ...rest } = p;
      const trace = lstmForward(rest as unknown as LstmParams, xs, {
        hInit: h0 as Vector,
        CInit: C0 as Vector,
      });
      return lstmLoss(trace, loss);
    }, point);
    output.check = compare(grads, fd);
  }
  return output;
}

function gruGradients(
  problem: Extract<GradProblem, { model: "gru" }>,
  options: GradOptions,
): GradOutput {
  if (options.terms) {
    throw new InputError(
      "--terms",
      'model "rnn" (the double sum over (t, k) is written for the RNN\'s W)',
      'model "gru"',
    );
  }
  const { params, xs, loss } = problem;
  const backward = gruBackward(params, xs, loss, { hInit: problem.h0 });
  const grads: Record<string, Vector | Matrix> = {};
  for (const name of GRU_PARAMETERS) {
    if (params[name]) grads[name] = backward.grads[name]!;
  }
  grads.h0 = backward.grads.hInit;
  const output: GradOutput = { loss: backward.loss, grads };
  if (options.check) {
    const point = { ...params, h0: backward.trace.hInit } as Record<
      string,
      Vector | Matrix
    >;
    const fd = finiteDifferenceGradient((p) => {
      const { h0, ...rest } = p;
      const trace = gruForward(rest as unknown as GruParams, xs, {
        hInit: h0 as Vector,
      });
      return gruLoss(trace, loss);
    }, point);
    output.check = compare(grads, fd);
  }
  return output;
}

function compare(
  grads: Record<string, Vector | Matrix>,
  fd: Record<string, Vector | Matrix>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(grads).map((
      [name, g],
    ) => [name, relativeError(g, fd[name])]),
  );
}

/**
 * Finite inputs can still overflow (a weight of 1e300 makes a ReLU state
 * infinite); JSON cannot print the result, so say which number it was.
 */
function requireFiniteOutput(output: GradOutput): void {
  const finite = (x: Vector | Matrix | number): boolean =>
    typeof x === "number"
      ? Number.isFinite(x)
      : (x as (number | number[])[]).every(finite);
  const overflow = (path: string, value: Vector | Matrix | number) => {
    if (!finite(value)) {
      throw new InputError(
        path,
        "a finite result",
        "an overflow of double precision (the inputs are too large: scale them down)",
      );
    }
  };
  overflow("loss", output.loss);
  for (const [name, g] of Object.entries(output.grads)) {
    overflow(`grads.${name}`, g);
  }
  for (const [name, error] of Object.entries(output.check ?? {})) {
    overflow(`check.${name}`, error);
  }
  for (const term of output.terms ?? []) {
    overflow(`terms (t = ${term.t}, k = ${term.k})`, term.value);
  }
}
