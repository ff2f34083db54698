/**
 * A vanilla recurrent network and backpropagation through time (BPTT).
 *
 * ```
 * z_t = W h_{t−1} + U x_t + b        h_t = act(z_t)        y_t = V h_t + c
 * ```
 *
 * for `t = 0 … T`, with `h_{−1}` the initial state (`hInit`, zeros unless
 * given). The losses are summed over the steps, `L = Σ_t L_t`.
 *
 * Two ways to get `∂L/∂W` are here, on purpose: {@link rnnBptt}, the usual
 * backward recursion, and {@link bpttTerms}, the double sum
 * `Σ_t Σ_k ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` term by term, as the exercises
 * write it.
 *
 * @module
 */
import { activation, type ActivationName, softmax } from "./activations.ts";
import {
  add,
  diag,
  hadamard,
  identity,
  matmul,
  type Matrix,
  matvec,
  outer,
  sub,
  transpose,
  type Vector,
  zeros,
} from "./matrix.ts";

/** Parameters of the RNN. `b`, and the output layer `V, c`, are optional. */
export interface RnnParams {
  /** Recurrent weights, `n × n`. */
  W: Matrix;
  /** Input weights, `n × d`. */
  U: Matrix;
  /** Hidden bias, `n`. */
  b?: Vector;
  /** Output weights, `m × n`. */
  V?: Matrix;
  /** Output bias, `m`. */
  c?: Vector;
}

/**
 * A loss summed over time steps. `steps`, when given, keeps only the losses
 * `L_t` of those steps (for example `[3]` for `L⁽³⁾` alone).
 */
export type Loss =
  /** `L_t = ½‖y_t − target_t‖²` (with `y_t = h_t` when there is no `V`). */
  | { type: "mse"; targets: Vector[]; steps?: number[] }
  /** `L_t = −log softmax(y_t)[label_t]`; needs the output layer. */
  | { type: "softmax-ce"; labels: number[]; steps?: number[] };

/** Options of the forward pass. */
export interface RnnOptions {
  /** The state before the first input, `h_{−1}`; zeros by default. */
  hInit?: Vector;
  /** `"sigmoid"` (default), `"tanh"` or `"relu"`. */
  activation?: ActivationName;
}

/** Everything the forward pass computed, kept for the backward pass. */
export interface RnnTrace {
  /** Pre-activations `z_t`. */
  zs: Vector[];
  /** States `h_t`. */
  hs: Vector[];
  /** Outputs `y_t` (`h_t` when there is no output layer). */
  ys: Vector[];
  /** The initial state `h_{−1}`. */
  hInit: Vector;
  /** The inputs. */
  xs: Vector[];
}

/** `∂L/∂θ` for every parameter given, and for the initial state. */
export interface RnnGradients {
  W: Matrix;
  U: Matrix;
  b: Vector;
  V?: Matrix;
  c?: Vector;
  hInit: Vector;
}

/**
 * Run the RNN over `xs = [x_0, …, x_T]`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rnnForward } from "./rnn.ts";
 * const { hs } = rnnForward({ W: [[0]], U: [[0]] }, [[1], [2]]);
 * assertEquals(hs, [[0.5], [0.5]]); // σ(0) = 1/2
 * ```
 */
export function rnnForward(
  params: RnnParams,
  xs: Vector[],
  options: RnnOptions = {},
): RnnTrace {
  const act = activation(options.activation ?? "sigmoid");
  const n = params.W.length;
  const hInit = options.hInit ?? new Array<number>(n).fill(0);
  const zs: Vector[] = [];
  const hs: Vector[] = [];
  const ys: Vector[] = [];
  let h = hInit;
  for (const x of xs) {
    let z = add(matvec(params.W, h), matvec(params.U, x));
    if (params.b) z = add(z, params.b);
    h = z.map(act.f);
    zs.push(z);
    hs.push(h);
    ys.push(
      params.V ? add(matvec(params.V, h), params.c ?? zeroLike(params.V)) : h,
    );
  }
  return { zs, hs, ys, hInit, xs };
}

/**
 * The loss `L = Σ_t L_t` of a forward pass.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rnnForward, rnnLoss } from "./rnn.ts";
 * const trace = rnnForward({ W: [[0]], U: [[0]] }, [[1]]);
 * assertEquals(rnnLoss(trace, { type: "mse", targets: [[1.5]] }), 0.5); // ½(0.5 − 1.5)²
 * ```
 */
export function rnnLoss(trace: RnnTrace, loss: Loss): number {
  let total = 0;
  for (const t of lossSteps(loss, trace.ys.length)) {
    const y = trace.ys[t];
    if (loss.type === "mse") {
      total += 0.5 *
        y.reduce((s, yi, i) => s + (yi - loss.targets[t][i]) ** 2, 0);
    } else {
      total -= Math.log(softmax(y)[loss.labels[t]]);
    }
  }
  return total;
}

/**
 * `∂L_t/∂y_t` for one step: `y_t − target_t` for the squared error,
 * `softmax(y_t) − onehot(label_t)` for cross-entropy; zero for steps the loss
 * leaves out.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { outputGradient } from "./rnn.ts";
 * assertEquals(outputGradient([0, 0], { type: "softmax-ce", labels: [1] }, 0), [0.5, -0.5]);
 * ```
 */
export function outputGradient(y: Vector, loss: Loss, t: number): Vector {
  if (loss.steps && !loss.steps.includes(t)) return y.map(() => 0);
  if (loss.type === "mse") return sub(y, loss.targets[t]);
  const p = softmax(y);
  p[loss.labels[t]] -= 1;
  return p;
}

/**
 * `∂L_t/∂h_t`: the output gradient pulled back through `V` (or as it is when
 * there is no output layer).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { lossGradientAtState, rnnForward } from "./rnn.ts";
 * const params = { W: [[0]], U: [[0]], V: undefined };
 * const trace = rnnForward(params, [[1]]); // h_0 = σ(0) = 0.5
 * assertEquals(lossGradientAtState(params.V, trace.ys, { type: "mse", targets: [[0]] }, 0), [0.5]);
 * ```
 */
export function lossGradientAtState(
  V: Matrix | undefined,
  ys: Vector[],
  loss: Loss,
  t: number,
): Vector {
  const dy = outputGradient(ys[t], loss, t);
  return V ? matvec(transpose(V), dy) : dy;
}

/**
 * The loss and its gradient with respect to every parameter and the initial
 * state, by backpropagation through time:
 *
 * ```
 * δh_t = ∂L_t/∂h_t + Wᵀ δz_{t+1}        δz_t = δh_t ⊙ act'(z_t)
 * ∂L/∂W = Σ_t δz_t h_{t−1}ᵀ   ∂L/∂U = Σ_t δz_t x_tᵀ   ∂L/∂b = Σ_t δz_t
 * ```
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { rnnBptt } from "./rnn.ts";
 * // One step, h = σ(u x), L = ½h²: ∂L/∂u = h σ'(u x) x = 0.5 · 0.25 · 1
 * const { grads } = rnnBptt({ W: [[0]], U: [[0]] }, [[1]], { type: "mse", targets: [[0]] });
 * assertAlmostEquals(grads.U[0][0], 0.125, 1e-15);
 * ```
 */
export function rnnBptt(
  params: RnnParams,
  xs: Vector[],
  loss: Loss,
  options: RnnOptions = {},
): { loss: number; grads: RnnGradients; trace: RnnTrace } {
  const act = activation(options.activation ?? "sigmoid");
  const trace = rnnForward(params, xs, options);
  const n = params.W.length;
  const d = params.U[0]?.length ?? 0;
  const grads: RnnGradients = {
    W: zeros(n, n),
    U: zeros(n, d),
    b: new Array<number>(n).fill(0),
    hInit: new Array<number>(n).fill(0),
  };
  if (params.V) {
    grads.V = zeros(params.V.length, n);
    grads.c = new Array<number>(params.V.length).fill(0);
  }
  const WT = transpose(params.W);
  let fromFuture = new Array<number>(n).fill(0); // Wᵀ δz_{t+1}
  for (let t = xs.length - 1; t >= 0; t--) {
    if (params.V) {
      const dy = outputGradient(trace.ys[t], loss, t);
      grads.V = add(grads.V!, outer(dy, trace.hs[t]));
      grads.c = add(grads.c!, dy);
    }
    const dh = add(
      lossGradientAtState(params.V, trace.ys, loss, t),
      fromFuture,
    );
    const dz = hadamard(dh, trace.zs[t].map(act.df));
    const hPrev = t > 0 ? trace.hs[t - 1] : trace.hInit;
    grads.W = add(grads.W, outer(dz, hPrev));
    grads.U = add(grads.U, outer(dz, xs[t]));
    grads.b = add(grads.b, dz);
    fromFuture = matvec(WT, dz);
  }
  grads.hInit = fromFuture;
  return { loss: rnnLoss(trace, loss), grads, trace };
}

/**
 * The one-step Jacobian `∂h_j/∂h_{j−1} = diag(act'(z_j)) W`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rnnForward, stepJacobian } from "./rnn.ts";
 * const params = { W: [[2]], U: [[0]] };
 * const trace = rnnForward(params, [[0]]);
 * assertEquals(stepJacobian(params, trace, 0), [[0.5]]); // σ'(0) · 2
 * ```
 */
export function stepJacobian(
  params: Pick<RnnParams, "W">,
  trace: RnnTrace,
  j: number,
  activationName: ActivationName = "sigmoid",
): Matrix {
  const act = activation(activationName);
  return matmul(diag(trace.zs[j].map(act.df)), params.W);
}

/**
 * `∂h_t/∂h_k = ∏_{j=k+1}^{t} diag(act'(z_j)) W` (the identity when `k = t`),
 * the later factors on the left. `k = −1` means the initial state.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rnnForward, stateJacobian } from "./rnn.ts";
 * const params = { W: [[2]], U: [[0]] };
 * const trace = rnnForward(params, [[0], [0]]);
 * assertEquals(stateJacobian(params, trace, 0, -1), [[0.5]]); // σ'(0) · 2
 * assertEquals(stateJacobian(params, trace, 1, 1), [[1]]); // ∂h_1/∂h_1 = I
 * ```
 */
export function stateJacobian(
  params: Pick<RnnParams, "W">,
  trace: RnnTrace,
  t: number,
  k: number,
  activationName: ActivationName = "sigmoid",
): Matrix {
  let product = identity(params.W.length);
  for (let j = k + 1; j <= t; j++) {
    product = matmul(stepJacobian(params, trace, j, activationName), product);
  }
  return product;
}

/** One term of the BPTT double sum. */
export interface BpttTerm {
  /** The loss `L_t` it belongs to. */
  t: number;
  /** The state `h_k` through which `W` acts directly. */
  k: number;
  /** `∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W`, shaped like `W`. */
  value: Matrix;
}

/**
 * The terms `∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` of
 * `∂L/∂W = Σ_{t=0}^{T} Σ_{k=0}^{t} …`, in the order `(t, k)` = (0, 0),
 * (1, 0), (1, 1), (2, 0), …. `∂⁺h_k/∂W` is the immediate derivative (`h_{k−1}`
 * held fixed), whose contraction with a row vector `g` is
 * `(g ⊙ act'(z_k)) h_{k−1}ᵀ`. Their sum is `rnnBptt(…).grads.W`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { bpttTerms } from "./rnn.ts";
 * const xs = [[1], [0], [1], [0]]; // T = 3
 * const terms = bpttTerms({ W: [[0.5]], U: [[1]] }, xs, { type: "mse", targets: [[0], [0], [0], [0]] });
 * assertEquals(terms.length, 10); // 1 + 2 + 3 + 4
 * ```
 */
export function bpttTerms(
  params: RnnParams,
  xs: Vector[],
  loss: Loss,
  options: RnnOptions = {},
): BpttTerm[] {
  const act = activation(options.activation ?? "sigmoid");
  const trace = rnnForward(params, xs, options);
  const WT = transpose(params.W);
  const terms: BpttTerm[] = [];
  for (let t = 0; t < xs.length; t++) {
    // g = ∂L_t/∂h_t · ∂h_t/∂h_k as a column vector, walked from k = t down to 0.
    let g = lossGradientAtState(params.V, trace.ys, loss, t);
    const row: BpttTerm[] = [];
    for (let k = t; k >= 0; k--) {
      const dz = hadamard(g, trace.zs[k].map(act.df));
      const hPrev = k > 0 ? trace.hs[k - 1] : trace.hInit;
      row.unshift({ t, k, value: outer(dz, hPrev) });
      g = matvec(WT, dz);
    }
    terms.push(...row);
  }
  return terms;
}

function lossSteps(loss: Loss, length: number): number[] {
  return loss.steps ?? Array.from({ length }, (_, t) => t);
}

function zeroLike(V: Matrix): Vector {
  return new Array<number>(V.length).fill(0);
}
