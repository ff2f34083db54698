/**
 * A gated recurrent unit (GRU; Cho et al. 2014) and its gradients.
 *
 * ```
 * z_t = σ(W_z h_{t−1} + U_z x_t + b_z)            update gate
 * r_t = σ(W_r h_{t−1} + U_r x_t + b_r)            reset gate
 * h̃_t = tanh(W_h (r_t ⊙ h_{t−1}) + U_h x_t + b_h)  candidate
 * h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t             new state
 * ```
 *
 * The update gate interpolates between the old state (`z = 1` keeps it) and
 * the candidate (`z = 0` replaces it), as the LSTM's forget gate does for
 * the cell state. (Some texts and libraries swap the roles, `h_t = (1 − z_t)
 * ⊙ h_{t−1} + z_t ⊙ h̃_t`; that is the same network with `z` read as `1 − z`.)
 * A gate can be held at a fixed value (`gates: { z: 1 }`), the GRU's version
 * of the constant error carousel.
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
  type RnnTrace,
} from "./rnn.ts";

/** The three blocks, in the order the equations list them. */
export const GRU_BLOCKS = ["z", "r", "h"] as const;
/** One of the blocks: update gate, reset gate, or candidate. */
export type GruBlock = typeof GRU_BLOCKS[number];

/** Parameters of the GRU; biases and the output layer are optional. */
export interface GruParams {
  Wz: Matrix;
  Uz: Matrix;
  bz?: Vector;
  Wr: Matrix;
  Ur: Matrix;
  br?: Vector;
  Wh: Matrix;
  Uh: Matrix;
  bh?: Vector;
  /** Output weights, `m × n`: `y_t = V h_t + c`. */
  V?: Matrix;
  /** Output bias, `m`. */
  c?: Vector;
}

/** Options of the forward pass. */
export interface GruOptions {
  /** `h_{−1}`, zeros by default. */
  hInit?: Vector;
  /** Gates held at fixed values instead of computed (a number for every unit, or a vector). */
  gates?: Partial<Record<"z" | "r", number | Vector>>;
}

/** One step of the forward pass. */
export interface GruStep {
  x: Vector;
  /** The state the step started from, `h_{t−1}`. */
  hPrev: Vector;
  z: Vector;
  r: Vector;
  /** The candidate `h̃_t`. */
  g: Vector;
  h: Vector;
  y: Vector;
}

/** Everything the forward pass computed. */
export interface GruTrace {
  steps: GruStep[];
  hInit: Vector;
  /** Outputs, for the loss (`h_t` without an output layer). */
  ys: Vector[];
}

/** `∂L/∂θ` for every parameter, and for the initial state. */
export type GruGradients = Required<Omit<GruParams, "V" | "c">> & {
  V?: Matrix;
  c?: Vector;
  hInit: Vector;
};

/** How {@link randomGruParams} draws the parameters. */
export interface RandomGruOptions {
  /** Standard deviation of the entries of every `W` and `U` (default 1). */
  scale?: number;
  /**
   * Constant biases by block (for example `{ z: 3 }` for an update-gate
   * bias of +3); a block listed here gets a bias vector, the others none.
   */
  biases?: Partial<Record<GruBlock, number>>;
}

/**
 * Random GRU parameters for `n` units and `d` inputs: normal entries, drawn
 * from `rng` in a fixed order (`W_z, U_z, W_r, U_r, W_h, U_h`), so a seed
 * fixes the network.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { randomGruParams } from "./gru.ts";
 * import { seededRandom } from "./random.ts";
 * const p = randomGruParams(seededRandom(1), 2, 3, { biases: { z: 3 } });
 * assertEquals([p.Wz.length, p.Uz[0].length], [2, 3]);
 * assertEquals([p.bz, p.br], [[3, 3], undefined]);
 * ```
 */
export function randomGruParams(
  rng: Random,
  n: number,
  d: number,
  options: RandomGruOptions = {},
): GruParams {
  const { scale = 1, biases = {} } = options;
  const params = {} as GruParams;
  for (const block of GRU_BLOCKS) {
    params[`W${block}`] = rng.matrix(n, n, scale);
    params[`U${block}`] = rng.matrix(n, d, scale);
  }
  for (const block of GRU_BLOCKS) {
    const constant = biases[block];
    if (constant !== undefined) {
      params[`b${block}`] = new Array<number>(n).fill(constant);
    }
  }
  return params;
}

/**
 * One step of the GRU from `hPrev` with input `x`.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { gruStep } from "./gru.ts";
 * const zero = [[0]];
 * const p = { Wz: zero, Uz: zero, Wr: zero, Ur: zero, Wh: zero, Uh: [[1]] };
 * // z = r = ½, h̃ = tanh(1): h = ½ · 0.4 + ½ tanh 1
 * const step = gruStep(p, [0.4], [1]);
 * assertAlmostEquals(step.h[0], 0.2 + 0.5 * Math.tanh(1), 1e-15);
 * ```
 */
export function gruStep(
  params: GruParams,
  hPrev: Vector,
  x: Vector,
  options: Pick<GruOptions, "gates"> = {},
): GruStep {
  const n = hPrev.length;
  const fixed = (gate: "z" | "r"): Vector | undefined => {
    const value = options.gates?.[gate];
    if (value === undefined) return undefined;
    return typeof value === "number" ? new Array<number>(n).fill(value) : value;
  };
  const z = fixed("z") ?? preActivation(params, "z", hPrev, x).map(sigmoid);
  const r = fixed("r") ?? preActivation(params, "r", hPrev, x).map(sigmoid);
  const g = preActivation(params, "h", hadamard(r, hPrev), x).map(Math.tanh);
  const h = hPrev.map((hp, u) => z[u] * hp + (1 - z[u]) * g[u]);
  const y = params.V
    ? add(matvec(params.V, h), params.c ?? params.V.map(() => 0))
    : h;
  return { x, hPrev, z, r, g, h, y };
}

/**
 * Run the GRU over `xs = [x_0, …, x_T]`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { gruForward } from "./gru.ts";
 * const w = [[0.7]];
 * const p = { Wz: w, Uz: w, Wr: w, Ur: w, Wh: w, Uh: w };
 * // With z = 1 held fixed the state is copied: h_t = h_{−1}.
 * const { steps } = gruForward(p, [[1], [2]], { hInit: [0.3], gates: { z: 1 } });
 * assertEquals(steps.map((s) => s.h), [[0.3], [0.3]]);
 * ```
 */
export function gruForward(
  params: GruParams,
  xs: Vector[],
  options: GruOptions = {},
): GruTrace {
  const n = params.Wz.length;
  const hInit = options.hInit ?? new Array<number>(n).fill(0);
  const steps: GruStep[] = [];
  let h = hInit;
  for (const x of xs) {
    const step = gruStep(params, h, x, options);
    steps.push(step);
    h = step.h;
  }
  return { steps, hInit, ys: steps.map((s) => s.y) };
}

/**
 * The loss `L = Σ_t L_t` of a forward pass (the same losses as the RNN's).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { gruForward, gruLoss } from "./gru.ts";
 * const zero = [[0]];
 * const p = { Wz: zero, Uz: zero, Wr: zero, Ur: zero, Wh: zero, Uh: zero };
 * assertEquals(gruLoss(gruForward(p, [[1]]), { type: "mse", targets: [[1]] }), 0.5);
 * ```
 */
export function gruLoss(trace: GruTrace, loss: Loss): number {
  return rnnLoss({ ys: trace.ys } as RnnTrace, loss);
}

/**
 * The loss and its gradient with respect to every parameter and the initial
 * state, by backpropagation through time. With `δh_t` the gradient at
 * `h_t` (its own loss plus what comes back from step `t + 1`):
 *
 * ```
 * δa_z = δh_t ⊙ (h_{t−1} − h̃_t) ⊙ z_t(1 − z_t)
 * δa_h = δh_t ⊙ (1 − z_t) ⊙ (1 − h̃_t²)       δ(r ⊙ h) = W_hᵀ δa_h
 * δa_r = δ(r ⊙ h) ⊙ h_{t−1} ⊙ r_t(1 − r_t)
 * δh_{t−1} ⊇ δh_t ⊙ z_t + W_zᵀ δa_z + W_rᵀ δa_r + δ(r ⊙ h) ⊙ r_t
 * ```
 *
 * A fixed gate has no pre-activation, and no gradient through it.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { gruBackward } from "./gru.ts";
 * const zero = [[0]];
 * const p = { Wz: zero, Uz: zero, Wr: zero, Ur: zero, Wh: zero, Uh: [[1]] };
 * // One step from h = 0: h = ½ tanh(u x), L = ½ h², ∂L/∂u = h · ½ (1 − tanh² 1) at u = x = 1
 * const { grads } = gruBackward(p, [[1]], { type: "mse", targets: [[0]] });
 * const h = 0.5 * Math.tanh(1);
 * assertAlmostEquals(grads.Uh[0][0], h * 0.5 * (1 - Math.tanh(1) ** 2), 1e-15);
 * ```
 */
export function gruBackward(
  params: GruParams,
  xs: Vector[],
  loss: Loss,
  options: GruOptions = {},
): { loss: number; grads: GruGradients; trace: GruTrace } {
  const trace = gruForward(params, xs, options);
  const n = params.Wz.length;
  const d = params.Uz[0]?.length ?? 0;
  const grads = {} as GruGradients;
  for (const block of GRU_BLOCKS) {
    grads[`W${block}`] = zeros(n, n);
    grads[`U${block}`] = zeros(n, d);
    grads[`b${block}`] = new Array<number>(n).fill(0);
  }
  if (params.V) {
    grads.V = zeros(params.V.length, n);
    grads.c = new Array<number>(params.V.length).fill(0);
  }
  const transposed = Object.fromEntries(
    GRU_BLOCKS.map((block) => [block, transpose(params[`W${block}`])]),
  ) as Record<GruBlock, Matrix>;
  let dhNext = new Array<number>(n).fill(0);
  for (let t = xs.length - 1; t >= 0; t--) {
    const s = trace.steps[t];
    if (params.V) {
      const dy = outputGradient(s.y, loss, t);
      grads.V = add(grads.V!, outer(dy, s.h));
      grads.c = add(grads.c!, dy);
    }
    const dh = add(lossGradientAtState(params.V, trace.ys, loss, t), dhNext);
    const dCandidate = s.g.map((g, u) => dh[u] * (1 - s.z[u]) * (1 - g * g));
    const dResetState = matvec(transposed.h, dCandidate); // δ(r ⊙ h_{t−1})
    const dPre: Record<GruBlock, Vector | undefined> = {
      z: options.gates?.z === undefined
        ? s.z.map((z, u) => dh[u] * (s.hPrev[u] - s.g[u]) * z * (1 - z))
        : undefined,
      r: options.gates?.r === undefined
        ? s.r.map((r, u) => dResetState[u] * s.hPrev[u] * r * (1 - r))
        : undefined,
      h: dCandidate,
    };
    const inputs: Record<GruBlock, Vector> = {
      z: s.hPrev,
      r: s.hPrev,
      h: hadamard(s.r, s.hPrev),
    };
    dhNext = add(hadamard(dh, s.z), hadamard(dResetState, s.r));
    for (const block of GRU_BLOCKS) {
      const da = dPre[block];
      if (!da) continue;
      grads[`W${block}`] = add(grads[`W${block}`], outer(da, inputs[block]));
      grads[`U${block}`] = add(grads[`U${block}`], outer(da, s.x));
      grads[`b${block}`] = add(grads[`b${block}`], da);
      if (block !== "h") dhNext = add(dhNext, matvec(transposed[block], da));
    }
  }
  grads.hInit = dhNext;
  return { loss: gruLoss(trace, loss), grads, trace };
}

/**
 * The one-step Jacobian in closed form,
 *
 * ```
 * ∂h_j/∂h_{j−1} = diag(z_j)
 *   + diag((h_{j−1} − h̃_j) ⊙ z_j') W_z
 *   + diag((1 − z_j) ⊙ (1 − h̃_j²)) W_h [diag(r_j) + diag(h_{j−1} ⊙ r_j') W_r]
 * ```
 *
 * with `z' = z(1 − z)`, `r' = r(1 − r)`, and no slope for a fixed gate. With
 * `z_j = 1` held fixed it is exactly the identity.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { gruForward, gruStepJacobian } from "./gru.ts";
 * const w = [[0.7, -0.2], [0.4, 1.1]];
 * const p = { Wz: w, Uz: w, Wr: w, Ur: w, Wh: w, Uh: w };
 * const options = { hInit: [0.3, -0.5], gates: { z: 1 } };
 * const trace = gruForward(p, [[1, 2]], options);
 * assertEquals(gruStepJacobian(p, trace, 0, options), [[1, 0], [0, 1]]);
 * ```
 */
export function gruStepJacobian(
  params: GruParams,
  trace: GruTrace,
  j: number,
  options: Pick<GruOptions, "gates"> = {},
): Matrix {
  const s = trace.steps[j];
  const zSlope = options.gates?.z === undefined
    ? s.z.map((z) => z * (1 - z))
    : s.z.map(() => 0);
  const rSlope = options.gates?.r === undefined
    ? s.r.map((r) => r * (1 - r))
    : s.r.map(() => 0);
  const throughUpdate = matmul(
    diag(s.hPrev.map((hp, u) => (hp - s.g[u]) * zSlope[u])),
    params.Wz,
  );
  const throughReset = add(
    diag(s.r),
    matmul(diag(s.hPrev.map((hp, u) => hp * rSlope[u])), params.Wr),
  );
  const throughCandidate = matmul(
    diag(s.g.map((g, u) => (1 - s.z[u]) * (1 - g * g))),
    matmul(params.Wh, throughReset),
  );
  return add(add(diag(s.z), throughUpdate), throughCandidate);
}

/**
 * `∂h_t/∂h_k = ∏_{j=k+1}^{t} ∂h_j/∂h_{j−1}` (the identity when `k = t`), the
 * later factors on the left; `k = −1` means the initial state.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { gruForward, gruStateJacobian } from "./gru.ts";
 * const w = [[0.7]];
 * const p = { Wz: w, Uz: w, Wr: w, Ur: w, Wh: w, Uh: w };
 * const options = { gates: { z: 1 } };
 * const trace = gruForward(p, [[1], [2], [3]], options);
 * assertEquals(gruStateJacobian(p, trace, 2, -1, options), [[1]]); // the carousel
 * ```
 */
export function gruStateJacobian(
  params: GruParams,
  trace: GruTrace,
  t: number,
  k: number,
  options: Pick<GruOptions, "gates"> = {},
): Matrix {
  let product = identity(trace.hInit.length);
  for (let j = k + 1; j <= t; j++) {
    product = matmul(gruStepJacobian(params, trace, j, options), product);
  }
  return product;
}

function preActivation(
  params: GruParams,
  block: GruBlock,
  h: Vector,
  x: Vector,
): Vector {
  const z = add(matvec(params[`W${block}`], h), matvec(params[`U${block}`], x));
  const bias = params[`b${block}`];
  return bias ? add(z, bias) : z;
}
