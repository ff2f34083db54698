/**
 * A long short-term memory network (the equations of the "RNN" problem set,
 * with optional biases and output layer) and its gradients.
 *
 * ```
 * f_t = σ(W_f h_{t−1} + U_f x_t + b_f)     forget gate
 * i_t = σ(W_i h_{t−1} + U_i x_t + b_i)     input gate
 * o_t = σ(W_o h_{t−1} + U_o x_t + b_o)     output gate
 * C̃_t = tanh(W_c h_{t−1} + U_c x_t + b_c)  candidate
 * C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t          cell state
 * h_t = o_t ⊙ tanh(C_t)                     hidden state
 * ```
 *
 * A gate can also be held at a fixed value (`gates: { f: 1, i: 0 }`), the
 * thought experiment of the constant error carousel.
 *
 * @module
 */
import { sigmoid } from "./activations.ts";
import {
  add,
  diag,
  hadamard,
  identity,
  matmul,
  type Matrix,
  matvec,
  outer,
  transpose,
  type Vector,
  zeros,
} from "./matrix.ts";
import type { Random } from "./random.ts";
import {
  type Loss,
  lossGradientAtState,
  outputGradient,
  rnnLoss,
} from "./rnn.ts";

/** The four blocks, in the order the equations list them. */
export const LSTM_BLOCKS = ["f", "i", "o", "c"] as const;
/** One of the blocks: forget, input, output gate, or candidate. */
export type LstmBlock = typeof LSTM_BLOCKS[number];

/** Parameters of the LSTM; biases and the output layer are optional. */
export interface LstmParams {
  Wf: Matrix;
  Uf: Matrix;
  bf?: Vector;
  Wi: Matrix;
  Ui: Matrix;
  bi?: Vector;
  Wo: Matrix;
  Uo: Matrix;
  bo?: Vector;
  Wc: Matrix;
  Uc: Matrix;
  bc?: Vector;
  /** Output weights, `m × n`: `y_t = V h_t + c`. */
  V?: Matrix;
  /** Output bias, `m`. */
  c?: Vector;
}

/** Options of the forward pass. */
export interface LstmOptions {
  /** `h_{−1}`, zeros by default. */
  hInit?: Vector;
  /** `C_{−1}`, zeros by default. */
  CInit?: Vector;
  /** Gates held at fixed values instead of computed (a number for every unit, or a vector). */
  gates?: Partial<Record<"f" | "i" | "o", number | Vector>>;
}

/** One step of the forward pass. */
export interface LstmStep {
  x: Vector;
  f: Vector;
  i: Vector;
  o: Vector;
  /** The candidate `C̃_t`. */
  g: Vector;
  C: Vector;
  /** `tanh(C_t)`. */
  tanhC: Vector;
  h: Vector;
  y: Vector;
}

/** Everything the forward pass computed. */
export interface LstmTrace {
  steps: LstmStep[];
  hInit: Vector;
  CInit: Vector;
  /** Outputs, for the loss (`h_t` without an output layer). */
  ys: Vector[];
}

/** `∂L/∂θ` for every parameter, and for the initial states. */
export type LstmGradients = Required<Omit<LstmParams, "V" | "c">> & {
  V?: Matrix;
  c?: Vector;
  hInit: Vector;
  CInit: Vector;
};

/** How {@link randomLstmParams} draws the parameters. */
export interface RandomLstmOptions {
  /** Standard deviation of the entries of every `W` and `U` (default 1). */
  scale?: number;
  /** Standard deviation of random biases; 0 (the default) draws none. */
  biasScale?: number;
  /**
   * Constant added to the bias of a block (for example `{ f: 3 }` for a
   * forget-gate bias of +3); a block listed here always gets a bias vector.
   */
  biases?: Partial<Record<LstmBlock, number>>;
}

/**
 * Random LSTM parameters for `n` units and `d` inputs: normal entries, drawn
 * from `rng` in a fixed order (`W_f, U_f, W_i, U_i, W_o, U_o, W_c, U_c`, then
 * the random biases in the same block order), so a seed fixes the network.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { randomLstmParams } from "./lstm.ts";
 * import { seededRandom } from "./random.ts";
 * const p = randomLstmParams(seededRandom(1), 2, 3, { biases: { f: 20 } });
 * assertEquals([p.Wf.length, p.Uf[0].length], [2, 3]);
 * assertEquals(p.bf, [20, 20]); // no random part: biasScale is 0
 * assertEquals(p.bi, undefined);
 * ```
 */
export function randomLstmParams(
  rng: Random,
  n: number,
  d: number,
  options: RandomLstmOptions = {},
): LstmParams {
  const { scale = 1, biasScale = 0, biases = {} } = options;
  const params = {} as LstmParams;
  for (const block of LSTM_BLOCKS) {
    params[`W${block}`] = rng.matrix(n, n, scale);
    params[`U${block}`] = rng.matrix(n, d, scale);
  }
  for (const block of LSTM_BLOCKS) {
    const random = biasScale > 0 ? rng.vector(n, biasScale) : undefined;
    const constant = biases[block];
    if (random === undefined && constant === undefined) continue;
    const base = random ?? new Array<number>(n).fill(0);
    params[`b${block}`] = base.map((b) => b + (constant ?? 0));
  }
  return params;
}

/**
 * Run the LSTM over `xs = [x_0, …, x_T]`.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { lstmForward } from "./lstm.ts";
 * const zero = [[0]];
 * const p = { Wf: zero, Uf: zero, Wi: zero, Ui: zero, Wo: zero, Uo: zero, Wc: zero, Uc: [[1]] };
 * const { steps } = lstmForward(p, [[1]]);
 * // f = i = o = ½, C̃ = tanh 1, C = ½ tanh 1, h = ½ tanh(C)
 * assertAlmostEquals(steps[0].h[0], 0.5 * Math.tanh(0.5 * Math.tanh(1)), 1e-15);
 * ```
 */
export function lstmForward(
  params: LstmParams,
  xs: Vector[],
  options: LstmOptions = {},
): LstmTrace {
  const n = params.Wf.length;
  const hInit = options.hInit ?? new Array<number>(n).fill(0);
  const CInit = options.CInit ?? new Array<number>(n).fill(0);
  const fixed = (gate: "f" | "i" | "o"): Vector | undefined => {
    const value = options.gates?.[gate];
    if (value === undefined) return undefined;
    return typeof value === "number" ? new Array<number>(n).fill(value) : value;
  };
  const steps: LstmStep[] = [];
  let h = hInit;
  let C = CInit;
  for (const x of xs) {
    const pre = (block: LstmBlock) => preActivation(params, block, h, x);
    const f = fixed("f") ?? pre("f").map(sigmoid);
    const i = fixed("i") ?? pre("i").map(sigmoid);
    const o = fixed("o") ?? pre("o").map(sigmoid);
    const g = pre("c").map(Math.tanh);
    C = add(hadamard(f, C), hadamard(i, g));
    const tanhC = C.map(Math.tanh);
    h = hadamard(o, tanhC);
    const y = params.V
      ? add(matvec(params.V, h), params.c ?? params.V.map(() => 0))
      : h;
    steps.push({ x, f, i, o, g, C, tanhC, h, y });
  }
  return { steps, hInit, CInit, ys: steps.map((s) => s.y) };
}

/**
 * The loss `L = Σ_t L_t` of a forward pass (the same losses as the RNN's).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { lstmForward, lstmLoss } from "./lstm.ts";
 * const zero = [[0]];
 * const p = { Wf: zero, Uf: zero, Wi: zero, Ui: zero, Wo: zero, Uo: zero, Wc: zero, Uc: zero };
 * assertEquals(lstmLoss(lstmForward(p, [[1]]), { type: "mse", targets: [[1]] }), 0.5);
 * ```
 */
export function lstmLoss(trace: LstmTrace, loss: Loss): number {
  return rnnLoss({ ys: trace.ys } as Parameters<typeof rnnLoss>[0], loss);
}

/**
 * The loss and its gradient with respect to every parameter and both initial
 * states, by backpropagation through time. The cell state carries its own
 * backward signal: `δC_{t−1} = δC_t ⊙ f_t`, plus what reaches `C_{t−1}`
 * through `h_{t−1}`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { lstmBackward } from "./lstm.ts";
 * const zero = [[0]];
 * const p = { Wf: zero, Uf: zero, Wi: zero, Ui: zero, Wo: zero, Uo: zero, Wc: zero, Uc: zero };
 * const { grads } = lstmBackward(p, [[1], [1]], { type: "mse", targets: [[0], [0]] });
 * assertEquals(grads.Uc, [[0]]); // C̃ = 0, C = 0, h = 0: nothing to learn at the origin
 * ```
 */
export function lstmBackward(
  params: LstmParams,
  xs: Vector[],
  loss: Loss,
  options: LstmOptions = {},
): { loss: number; grads: LstmGradients; trace: LstmTrace } {
  const trace = lstmForward(params, xs, options);
  const n = params.Wf.length;
  const d = params.Uf[0]?.length ?? 0;
  const grads = {} as LstmGradients;
  for (const block of LSTM_BLOCKS) {
    grads[`W${block}`] = zeros(n, n);
    grads[`U${block}`] = zeros(n, d);
    grads[`b${block}`] = new Array<number>(n).fill(0);
  }
  if (params.V) {
    grads.V = zeros(params.V.length, n);
    grads.c = new Array<number>(params.V.length).fill(0);
  }
  const transposed = Object.fromEntries(
    LSTM_BLOCKS.map((block) => [block, transpose(params[`W${block}`])]),
  ) as Record<LstmBlock, Matrix>;
  let dhNext = new Array<number>(n).fill(0);
  let dCNext = new Array<number>(n).fill(0);
  for (let t = xs.length - 1; t >= 0; t--) {
    const s = trace.steps[t];
    const hPrev = t > 0 ? trace.steps[t - 1].h : trace.hInit;
    const CPrev = t > 0 ? trace.steps[t - 1].C : trace.CInit;
    if (params.V) {
      const dy = outputGradient(s.y, loss, t);
      grads.V = add(grads.V!, outer(dy, s.h));
      grads.c = add(grads.c!, dy);
    }
    const dh = add(lossGradientAtState(params.V, trace.ys, loss, t), dhNext);
    const dC = add(
      dCNext,
      s.tanhC.map((th, j) => dh[j] * s.o[j] * (1 - th * th)),
    );
    // Gradients at the pre-activations; a fixed gate has none.
    const dPre: Record<LstmBlock, Vector | undefined> = {
      f: options.gates?.f === undefined
        ? s.f.map((f, j) => dC[j] * CPrev[j] * f * (1 - f))
        : undefined,
      i: options.gates?.i === undefined
        ? s.i.map((i, j) => dC[j] * s.g[j] * i * (1 - i))
        : undefined,
      o: options.gates?.o === undefined
        ? s.o.map((o, j) => dh[j] * s.tanhC[j] * o * (1 - o))
        : undefined,
      c: s.g.map((g, j) => dC[j] * s.i[j] * (1 - g * g)),
    };
    dhNext = new Array<number>(n).fill(0);
    for (const block of LSTM_BLOCKS) {
      const da = dPre[block];
      if (!da) continue;
      grads[`W${block}`] = add(grads[`W${block}`], outer(da, hPrev));
      grads[`U${block}`] = add(grads[`U${block}`], outer(da, s.x));
      grads[`b${block}`] = add(grads[`b${block}`], da);
      dhNext = add(dhNext, matvec(transposed[block], da));
    }
    dCNext = hadamard(dC, s.f);
  }
  grads.hInit = dhNext;
  grads.CInit = dCNext;
  return { loss: lstmLoss(trace, loss), grads, trace };
}

/**
 * The direct path of the cell state, `∏_{j=k+1}^{t} ∂⁺C_j/∂C_{j−1} =
 * diag(∏_j f_j)`: what the problem set calls `∂C_t/∂C_k` when it neglects the
 * dependence of the gates on `C` through `h`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { cellHighwayJacobian, lstmForward } from "./lstm.ts";
 * const zero = [[0]];
 * const p = { Wf: zero, Uf: zero, Wi: zero, Ui: zero, Wo: zero, Uo: zero, Wc: zero, Uc: zero };
 * const trace = lstmForward(p, [[0], [0], [0]]);
 * assertEquals(cellHighwayJacobian(trace, 2, 0), [[0.25]]); // f = ½ twice
 * ```
 */
export function cellHighwayJacobian(
  trace: LstmTrace,
  t: number,
  k: number,
): Matrix {
  const n = trace.CInit.length;
  const product = new Array<number>(n).fill(1);
  for (let j = k + 1; j <= t; j++) {
    trace.steps[j].f.forEach((f, u) => (product[u] *= f));
  }
  return diag(product);
}

/**
 * The full Jacobian `∂C_t/∂C_k` (`k ≥ 0`, or `k = −1` for the initial cell
 * state): every path from `C_k` to `C_t`, including those through
 * `h_k = o_k ⊙ tanh(C_k)` into the later gates and candidates, and those
 * through the output gates `o_j`. The cell state alone is not the LSTM's
 * state (`h_j` depends on `C_{j−1}` through `o_j`, not only through `C_j`), so
 * the recursion carries the pair `(∂C_j/∂C_k, ∂h_j/∂C_k)` forward:
 *
 * ```
 * ∂C_j/∂C_k = diag(f_j) ∂C_{j−1}/∂C_k
 *           + [diag(C_{j−1} ⊙ f_j') W_f + diag(C̃_j ⊙ i_j') W_i + diag(i_j ⊙ C̃_j') W_c] ∂h_{j−1}/∂C_k
 * ∂h_j/∂C_k = diag(tanh C_j ⊙ o_j') W_o ∂h_{j−1}/∂C_k + diag(o_j ⊙ (1 − tanh² C_j)) ∂C_j/∂C_k
 * ```
 *
 * from `∂C_k/∂C_k = I`, `∂h_k/∂C_k = diag(o_k ⊙ (1 − tanh² C_k))` (a fixed
 * gate has derivative 0). For one step (`t = k + 1`) it is the one-step
 * Jacobian; for more, compare {@link cellStepProduct}.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { cellJacobian, lstmForward } from "./lstm.ts";
 * const w = [[0.7]];
 * const p = { Wf: w, Uf: w, Wi: w, Ui: w, Wo: w, Uo: w, Wc: w, Uc: w };
 * // The constant error carousel: f = 1, i = 0 fixed, so C_t = C_k exactly.
 * const trace = lstmForward(p, [[1], [2], [3], [4]], { gates: { f: 1, i: 0 }, CInit: [0.3] });
 * assertEquals(cellJacobian(p, trace, 3, 0, { gates: { f: 1, i: 0 } }), [[1]]);
 * ```
 */
export function cellJacobian(
  params: LstmParams,
  trace: LstmTrace,
  t: number,
  k: number,
  options: Pick<LstmOptions, "gates"> = {},
): Matrix {
  const n = trace.CInit.length;
  let dC = identity(n);
  // ∂h_k/∂C_k = diag(o_k ⊙ (1 − tanh²C_k)); before the first step h_{−1} is given.
  let dh = k >= 0
    ? diag(
      trace.steps[k].o.map((o, u) => o * (1 - trace.steps[k].tanhC[u] ** 2)),
    )
    : zeros(n, n);
  for (let j = k + 1; j <= t; j++) {
    const s = trace.steps[j];
    const CPrev = j > 0 ? trace.steps[j - 1].C : trace.CInit;
    // ∂(gate)/∂C_k = diag(gate') W_gate ∂h_{j−1}/∂C_k, zero for a fixed gate.
    const through = (block: LstmBlock, slope: Vector, isFixed: boolean) =>
      isFixed
        ? zeros(n, n)
        : matmul(diag(slope), matmul(params[`W${block}`], dh));
    const df = through(
      "f",
      s.f.map((f) => f * (1 - f)),
      options.gates?.f !== undefined,
    );
    const di = through(
      "i",
      s.i.map((i) => i * (1 - i)),
      options.gates?.i !== undefined,
    );
    const dO = through(
      "o",
      s.o.map((o) => o * (1 - o)),
      options.gates?.o !== undefined,
    );
    const dg = through("c", s.g.map((g) => 1 - g * g), false);
    dC = add(
      add(matmul(diag(s.f), dC), matmul(diag(CPrev), df)),
      add(matmul(diag(s.g), di), matmul(diag(s.i), dg)),
    );
    dh = add(
      matmul(diag(s.tanhC), dO),
      matmul(diag(s.o.map((o, u) => o * (1 - s.tanhC[u] ** 2))), dC),
    );
  }
  return dC;
}

/**
 * The product of one-step Jacobians `∏_{j=k+1}^{t} ∂C_j/∂C_{j−1}`, each the
 * full one-step Jacobian (every path from `C_{j−1}` to `C_j`, including those
 * through `h_{j−1}`). It is what the chain rule would give if `C` alone were
 * the LSTM's state; it is not: the product treats `h_j` as a function of
 * `C_j` only and so misses the paths through the output gates
 * (`C_{j−1} → h_{j−1} → o_j → h_j → gates of step j + 1`). It equals
 * {@link cellJacobian} exactly when those paths vanish: `o` held fixed,
 * `W_o = 0`, or all of `W_f, W_i, W_c` zero (or `f`, `i` fixed and `i = 0`).
 *
 * @example
 * ```ts
 * import { assert, assertAlmostEquals } from "@std/assert";
 * import { cellJacobian, cellStepProduct, lstmForward } from "./lstm.ts";
 * const w = [[0.9]];
 * const p = { Wf: w, Uf: w, Wi: w, Ui: w, Wo: w, Uo: w, Wc: w, Uc: w };
 * const trace = lstmForward(p, [[1], [-1], [0.5]], { CInit: [0.2] });
 * // One step: both are the one-step Jacobian.
 * assertAlmostEquals(cellStepProduct(p, trace, 1, 0)[0][0], cellJacobian(p, trace, 1, 0)[0][0], 1e-15);
 * // Two steps: the path through o_1 is missing from the product.
 * assert(Math.abs(cellStepProduct(p, trace, 2, 0)[0][0] - cellJacobian(p, trace, 2, 0)[0][0]) > 1e-3);
 * // With o held fixed there is no such path, and they agree.
 * const fixedO = lstmForward(p, [[1], [-1], [0.5]], { CInit: [0.2], gates: { o: 0.5 } });
 * const gates = { gates: { o: 0.5 } };
 * assertAlmostEquals(cellStepProduct(p, fixedO, 2, 0, gates)[0][0], cellJacobian(p, fixedO, 2, 0, gates)[0][0], 1e-15);
 * ```
 */
export function cellStepProduct(
  params: LstmParams,
  trace: LstmTrace,
  t: number,
  k: number,
  options: Pick<LstmOptions, "gates"> = {},
): Matrix {
  let product = identity(trace.CInit.length);
  for (let j = k + 1; j <= t; j++) {
    product = matmul(cellJacobian(params, trace, j, j - 1, options), product);
  }
  return product;
}

/** The paths from `C_{j−1}` to `C_j`, in the order of the terms of the one-step Jacobian. */
export const CELL_PATHS = ["direct", "f", "i", "c"] as const;
/** One path: the direct one through `f_j ⊙ C_{j−1}`, or the one through `h_{j−1}` into a block. */
export type CellPath = typeof CELL_PATHS[number];

/**
 * The one-step Jacobian `∂C_j/∂C_{j−1}` (`j ≥ 1`) split into its four paths:
 * the direct one, `diag(f_j)`, and the three through
 * `h_{j−1} = o_{j−1} ⊙ tanh(C_{j−1})` into the forget gate, the input gate
 * and the candidate of step `j`:
 *
 * ```
 * direct  diag(f_j)
 * f       diag(C_{j−1} ⊙ f_j′) W_f D
 * i       diag(C̃_j ⊙ i_j′) W_i D
 * c       diag(i_j ⊙ C̃_j′) W_c D,    D = ∂h_{j−1}/∂C_{j−1} = diag(o_{j−1} ⊙ (1 − tanh² C_{j−1}))
 * ```
 *
 * A gate held at a constant has no slope, so its path is zero. The four add
 * up to `cellJacobian(params, trace, j, j − 1)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { cellStepPaths, lstmForward } from "./lstm.ts";
 * const w = [[0.7]];
 * const p = { Wf: w, Uf: w, Wi: w, Ui: w, Wo: w, Uo: w, Wc: w, Uc: w };
 * const gates = { f: 1, i: 0 };
 * const trace = lstmForward(p, [[1], [2]], { gates, CInit: [0.3] });
 * // The carousel: the direct path is 1, every path through h is 0.
 * assertEquals(cellStepPaths(p, trace, 1, { gates }), { direct: [[1]], f: [[0]], i: [[0]], c: [[0]] });
 * ```
 */
export function cellStepPaths(
  params: LstmParams,
  trace: LstmTrace,
  j: number,
  options: Pick<LstmOptions, "gates"> = {},
): Record<CellPath, Matrix> {
  if (j < 1 || j >= trace.steps.length) {
    throw new RangeError(`step ${j} has no previous step in the trace`);
  }
  const s = trace.steps[j];
  const before = trace.steps[j - 1];
  const n = s.C.length;
  const D = diag(before.o.map((o, u) => o * (1 - before.tanhC[u] ** 2)));
  const through = (
    block: LstmBlock,
    weight: Vector,
    fixed: boolean,
  ): Matrix =>
    fixed ? zeros(n, n) : matmul(diag(weight), matmul(params[`W${block}`], D));
  return {
    direct: diag(s.f),
    f: through(
      "f",
      s.f.map((f, u) => before.C[u] * f * (1 - f)),
      options.gates?.f !== undefined,
    ),
    i: through(
      "i",
      s.i.map((i, u) => s.g[u] * i * (1 - i)),
      options.gates?.i !== undefined,
    ),
    c: through("c", s.g.map((g, u) => s.i[u] * (1 - g * g)), false),
  };
}

function preActivation(
  params: LstmParams,
  block: LstmBlock,
  h: Vector,
  x: Vector,
): Vector {
  const z = add(matvec(params[`W${block}`], h), matvec(params[`U${block}`], x));
  const bias = params[`b${block}`];
  return bias ? add(z, bias) : z;
}
