/**
 * # Backpropagation through time for a tanh RNN with a softmax output
 *
 * The network reads `x_1, …, x_T` and keeps a state `h_t`:
 *
 * ```
 * v_t = W_sh x_t + W_hh h_{t−1} + b_h      h_t = tanh(v_t)
 * u_t = W_hz h_t + b_z                      z_t = softmax(u_t)
 * L   = Σ_t L_t = Σ_t −log z_{t, y_t}
 * ```
 *
 * with `y_t` the correct class at step `t`. Derive `∂L/∂W_hz` and `∂L/∂W_hh`,
 * and check both on a small example, beside the formulas of the source
 * solution (source solution 001) evaluated exactly as that solution writes them.
 *
 * @module
 */
import {
  add,
  frobeniusNorm,
  hadamard,
  lossGradientAtState,
  type Matrix,
  outer,
  outputGradient,
  relativeError,
  rnnBptt,
  rnnForward,
  type RnnParams,
  type RnnTrace,
  seededRandom,
  softmax,
  type Vector,
  zeros,
} from "../lib/mod.ts";

// ## Sizes and indexing
//
// The input has `d` entries, the state `n` and the output `c` (one per class).
// The state size `n` is a free design choice: nothing ties it to `d`. The source
// solution writes "x_t ∈ ℝᵈ, then h_t ∈ ℝᵈ", which only holds if one decides
// so; we take `n ≠ d` on purpose, so that `W_sh` is `n × d`, `W_hh` is `n × n`
// and `W_hz` is `c × n`, and a transposition in the wrong place would not even
// have the right shape.
//
// Steps are numbered `t = 1, …, T`; the state before the first input is
// `h_0 = 0`, a constant. In the arrays below step `t` sits at index `t − 1`.
// The core library's RNN (`scripts/lib/rnn.ts`) is exactly this network with
// `U = W_sh`, `W = W_hh`, `V = W_hz`, `b = b_h`, `c = b_z` and the activation
// `"tanh"`, and its `"softmax-ce"` loss is `L_t = −log z_{t, y_t}`.

/** Input size `d`. */
export const INPUT_SIZE = 2;
/** State size `n`, deliberately different from `d`. */
export const HIDDEN_SIZE = 3;
/** Number of classes `c`. */
export const CLASSES = 4;
/** Sequence length `T`. */
export const STEPS = 4;
/** The seed of every random number of this exercise. */
export const SEED = 1001;

/** The parameters, named as on the page. */
export interface A31Params {
  /** `W_sh`, input to state, `n × d`. */
  Wsh: Matrix;
  /** `W_hh`, state to state, `n × n`. */
  Whh: Matrix;
  /** `W_hz`, state to output, `c × n`. */
  Whz: Matrix;
  /** `b_h`, length `n`. */
  bh: Vector;
  /** `b_z`, length `c`. */
  bz: Vector;
}

/** One way of computing `∂L/∂W_hh`, with how far it is from the true gradient. */
export interface A31Variant {
  /** What the variant does. */
  name: string;
  /** `∂L/∂h_t` for `t = 1 … T` (index `t − 1`) as the variant computes it. */
  stateGradients: Vector[];
  /** The resulting `∂L/∂W_hh`, `n × n`. */
  gradWhh: Matrix;
  /** `max |variant − true| / max |true|` over the entries of `∂L/∂W_hh`. */
  relativeError: number;
}

/** What {@link compute} returns. Step `t` (1 … T) is at array index `t − 1`. */
export interface A31Results {
  /** `{ d, n, c, T }`. */
  sizes: { d: number; n: number; c: number; T: number };
  /** The parameters (seeded normals; `W_hh` scaled by 0.8). */
  params: A31Params;
  /** The inputs `x_1 … x_T`, each of length `d`. */
  xs: Vector[];
  /** The classes `y_1 … y_T`, each in `0 … c − 1`. */
  labels: number[];
  /** The states `h_1 … h_T`. */
  hs: Vector[];
  /** The class probabilities `z_1 … z_T`. */
  zs: Vector[];
  /** The loss `L = Σ_t −log z_{t, y_t}`. */
  loss: number;
  /** The output errors `z_t − onehot(y_t) = ∂L_t/∂u_t`. */
  outputErrors: Vector[];
  /** `W_hzᵀ(z_t − onehot(y_t))`: what `L_t` alone sends to `h_t`. */
  directStateGradients: Vector[];
  /** `W_hhᵀ(δ_{t+1} ⊙ (1 − h²_{t+1}))`: what the later losses send to `h_t` (zero at `t = T`). */
  futureStateGradients: Vector[];
  /** `δ_t = ∂L/∂h_t`, the sum of the two. */
  deltas: Vector[];
  /** `‖δ_T‖`, the length of the last state gradient (the source says it is 0). */
  lastDeltaNorm: number;
  /** `∂L/∂W_hz = Σ_t (z_t − onehot(y_t)) h_tᵀ`, `c × n`. */
  gradWhz: Matrix;
  /** `∂L/∂W_hh = Σ_t (δ_t ⊙ (1 − h_t²)) h_{t−1}ᵀ`, `n × n`. */
  gradWhh: Matrix;
  /**
   * Relative error between the two formulas above and the core library's
   * `rnnBptt`, a consistency check (about `1e-16`).
   */
  coreAgreement: { gradWhz: number; gradWhh: number };
  /** Source solution 001's formula for `∂L/∂W_hz`, evaluated entry by entry as written. */
  seedGradWhz: Matrix;
  /** Its relative error against {@link A31Results.gradWhz}. */
  seedGradWhzRelativeError: number;
  /**
   * `∂L/∂W_hh` from source solution 001's recursion as written (diagonal term only, and
   * `∂L/∂h_T = 0`), then with one mistake fixed at a time, then both.
   */
  seedVariants: {
    asWritten: A31Variant;
    diagonalOnly: A31Variant;
    lastStepZeroOnly: A31Variant;
    bothFixed: A31Variant;
  };
  /**
   * With the off-diagonal entries of `W_hh` set to zero, the relative error of
   * the diagonal-only recursion (last step correct): it vanishes, so the
   * diagonal term is the whole story only for a diagonal `W_hh`.
   */
  diagonalWhhCheck: number;
}

// ## The example
//
// Seeded normal weights, `W_hh` a little smaller so that the states stay in
// the part of `tanh` where it bends but does not saturate.

/** Draw the parameters, inputs and labels of the example. */
export function example(seed = SEED): {
  params: A31Params;
  xs: Vector[];
  labels: number[];
} {
  const rng = seededRandom(seed);
  const params: A31Params = {
    Wsh: rng.matrix(HIDDEN_SIZE, INPUT_SIZE),
    Whh: rng.matrix(HIDDEN_SIZE, HIDDEN_SIZE, 0.8),
    Whz: rng.matrix(CLASSES, HIDDEN_SIZE),
    bh: rng.vector(HIDDEN_SIZE, 0.3),
    bz: rng.vector(CLASSES, 0.3),
  };
  const xs = Array.from({ length: STEPS }, () => rng.vector(INPUT_SIZE));
  const labels = Array.from(
    { length: STEPS },
    () => Math.floor(rng.uniform() * CLASSES),
  );
  return { params, xs, labels };
}

/** The page's parameters under the core library's names. */
export function toCore(p: A31Params): RnnParams {
  return { U: p.Wsh, W: p.Whh, V: p.Whz, b: p.bh, c: p.bz };
}

// ## The derivation
//
// **Output weights.** `L_t` depends on `W_hz` only through `u_t = W_hz h_t +
// b_z`. For softmax followed by `−log`, the chain rule through `z_t` collapses:
// `∂L_t/∂u_{t,i} = −(1/z_{t,y}) ∂z_{t,y}/∂u_{t,i}`, and
// `∂z_{t,y}/∂u_{t,i} = z_{t,y}(1[i = y] − z_{t,i})`, so
// `∂L_t/∂u_t = z_t − onehot(y_t)`. Since `∂u_{t,i}/∂W_hz,ij = h_{t,j}`,
//
// ```
// ∂L/∂W_hz = Σ_t (z_t − onehot(y_t)) h_tᵀ.
// ```
//
// **Recurrent weights.** `W_hh` acts at every step, and `h_t` influences the
// loss twice: directly through `z_t`, and through `h_{t+1}` (and from there
// everything later). Call `δ_t = ∂L/∂h_t`, the gradient of the *whole* loss.
// The two routes add:
//
// ```
// δ_t = W_hzᵀ (z_t − onehot(y_t)) + W_hhᵀ (δ_{t+1} ⊙ (1 − h²_{t+1})),   δ_{T+1} = 0,
// ```
//
// because `∂h_{t+1,i}/∂h_{t,k} = (1 − h²_{t+1,i}) W_hh,ik`: every entry `i`
// of the next state depends on entry `k` of this one, so the sum over `i`
// stays. Only the future route is empty at `t = T`; the direct one is not,
// so `δ_T = W_hzᵀ(z_T − onehot(y_T))`. Finally `W_hh,ij` enters `v_{t,i}`
// with the factor `h_{t−1,j}`, at every step:
//
// ```
// ∂L/∂W_hh = Σ_t (δ_t ⊙ (1 − h_t²)) h_{t−1}ᵀ.
// ```

/**
 * `δ_t = ∂L/∂h_t` split into its two routes, using the core library: the
 * direct part is `lossGradientAtState`, and the future part is the gradient
 * of `L_{t+1} + … + L_T` with respect to the state those losses start from,
 * `h_t` (the `hInit` gradient of `rnnBptt` run on the rest of the sequence).
 */
export function stateGradients(
  params: RnnParams,
  trace: RnnTrace,
  labels: number[],
): { direct: Vector[]; future: Vector[]; deltas: Vector[] } {
  const T = trace.hs.length;
  const loss = { type: "softmax-ce" as const, labels };
  const direct = trace.hs.map((_, t) =>
    lossGradientAtState(params.V, trace.ys, loss, t)
  );
  const future = trace.hs.map((h, t) =>
    t === T - 1 ? h.map(() => 0) : rnnBptt(
      params,
      trace.xs.slice(t + 1),
      { type: "softmax-ce", labels: labels.slice(t + 1) },
      { activation: "tanh", hInit: h },
    ).grads.hInit
  );
  const deltas = direct.map((g, t) => add(g, future[t]));
  return { direct, future, deltas };
}

/** `∂L/∂W_hh = Σ_t (δ_t ⊙ (1 − h_t²)) h_{t−1}ᵀ` from given `δ_t`. */
export function gradWhhFromDeltas(trace: RnnTrace, deltas: Vector[]): Matrix {
  const n = trace.hInit.length;
  return deltas.reduce((sum, delta, t) => {
    const slope = trace.hs[t].map((h) => 1 - h * h);
    const hPrev = t > 0 ? trace.hs[t - 1] : trace.hInit;
    return add(sum, outer(hadamard(delta, slope), hPrev));
  }, zeros(n, n));
}

// ## The source solution's formulas, as written
//
// Source solution 001 works entry by entry. Its `∂L/∂W_hz` is
// `Σ_t −(h_{t,j}/z_{t,y_t}) ∂z_{t,y_t}/∂u_{t,i}` with the softmax derivative
// by cases; that is right, and equal to ours once the cases are multiplied out.
//
// Its recursion (its equation ①) is
//
// ```
// ∂L/∂h_{t,k} = ∂L/∂h_{t+1,k} (1 − h²_{t+1,k}) W_hh,kk
//             + Σ_l −(1/z_{t,y_t}) ∂z_{t,y_t}/∂u_{t,l} W_hz,lk,
// ```
//
// started from `∂L/∂h_T = 0`, and its equation ② is
// `∂L/∂W_hh,ij = Σ_t ∂L/∂h_{t,i} (1 − h²_{t,i}) h_{t−1,j}`. Two things go wrong
// in ①: the future term keeps only `i = k` of the sum over `i` (one line
// earlier it had written the general `∂h_{t+1,i}/∂h_{t,k}` correctly), and the
// start `∂L/∂h_T = 0` drops the direct term of the last step. We evaluate it
// literally, then fix one mistake at a time to see what each costs.

/** `∂z_{t,y}/∂u_{t,i}`, the softmax derivative by cases, as source solution 001 writes it. */
function softmaxSlope(z: Vector, y: number, i: number): number {
  return i === y ? z[y] * (1 - z[y]) : -z[y] * z[i];
}

/** Source solution 001's `∂L/∂W_hz,ij = Σ_t −(h_{t,j} / z_{t,y_t}) ∂z_{t,y_t}/∂u_{t,i}`. */
export function seedGradWhz(
  hs: Vector[],
  zs: Vector[],
  labels: number[],
): Matrix {
  const c = zs[0].length, n = hs[0].length;
  return Array.from(
    { length: c },
    (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let sum = 0;
        hs.forEach((h, t) => {
          const y = labels[t];
          sum += -(h[j] / zs[t][y]) * softmaxSlope(zs[t], y, i);
        });
        return sum;
      }),
  );
}

/**
 * Source solution 001's equations ① and ②, entry by entry. `keepOffDiagonal` restores
 * the sum over `i` in the future term; `lastStepZero` applies the source's start
 * `∂L/∂h_T = 0` (instead of keeping the last step's direct term).
 */
export function seedRecursion(
  p: A31Params,
  hs: Vector[],
  zs: Vector[],
  labels: number[],
  options: { keepOffDiagonal: boolean; lastStepZero: boolean },
): { stateGradients: Vector[]; gradWhh: Matrix } {
  const T = hs.length, n = hs[0].length, c = zs[0].length;
  const dLdh: Vector[] = new Array(T);
  for (let t = T - 1; t >= 0; t--) {
    if (t === T - 1 && options.lastStepZero) {
      dLdh[t] = new Array<number>(n).fill(0);
      continue;
    }
    dLdh[t] = Array.from({ length: n }, (_, k) => {
      let future = 0;
      if (t < T - 1) {
        const next = hs[t + 1];
        if (options.keepOffDiagonal) {
          for (let i = 0; i < n; i++) {
            future += dLdh[t + 1][i] * (1 - next[i] ** 2) * p.Whh[i][k];
          }
        } else {
          future = dLdh[t + 1][k] * (1 - next[k] ** 2) * p.Whh[k][k];
        }
      }
      let output = 0;
      const y = labels[t];
      for (let l = 0; l < c; l++) {
        output += (-1 / zs[t][y]) * softmaxSlope(zs[t], y, l) * p.Whz[l][k];
      }
      return future + output;
    });
  }
  const gradWhh = Array.from(
    { length: n },
    (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let sum = 0;
        for (let t = 0; t < T; t++) {
          const hPrev = t > 0 ? hs[t - 1][j] : 0; // h_0 = 0
          sum += dLdh[t][i] * (1 - hs[t][i] ** 2) * hPrev;
        }
        return sum;
      }),
  );
  return { stateGradients: dLdh, gradWhh };
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): A31Results {
  const { params, xs, labels } = example();
  const core = toCore(params);
  const loss = { type: "softmax-ce" as const, labels };

  // The forward pass: states, class probabilities and the loss.
  const bptt = rnnBptt(core, xs, loss, { activation: "tanh" });
  const trace = bptt.trace;
  const zs = trace.ys.map(softmax);

  // The output errors `z_t − onehot(y_t)`, and `∂L/∂W_hz` as their sum of
  // outer products with the states.
  const outputErrors = trace.ys.map((u, t) => outputGradient(u, loss, t));
  const gradWhz = outputErrors.reduce(
    (sum, e, t) => add(sum, outer(e, trace.hs[t])),
    zeros(CLASSES, HIDDEN_SIZE),
  );

  // The state gradients `δ_t` by their two routes, and `∂L/∂W_hh` from them.
  const { direct, future, deltas } = stateGradients(core, trace, labels);
  const gradWhh = gradWhhFromDeltas(trace, deltas);

  // The same two gradients straight from the core library's BPTT: the
  // formulas above and `rnnBptt` must agree to rounding.
  const coreAgreement = {
    gradWhz: relativeError(gradWhz, bptt.grads.V!),
    gradWhh: relativeError(gradWhh, bptt.grads.W),
  };

  // Source solution 001's formulas, evaluated literally on the same numbers.
  const seedWhz = seedGradWhz(trace.hs, zs, labels);
  const variant = (
    name: string,
    keepOffDiagonal: boolean,
    lastStepZero: boolean,
  ): A31Variant => {
    const v = seedRecursion(params, trace.hs, zs, labels, {
      keepOffDiagonal,
      lastStepZero,
    });
    return { name, ...v, relativeError: relativeError(v.gradWhh, gradWhh) };
  };
  const seedVariants = {
    asWritten: variant(
      "source solution 001 as written: diagonal term only, ∂L/∂h_T = 0",
      false,
      true,
    ),
    diagonalOnly: variant(
      "diagonal term only (last step fixed)",
      false,
      false,
    ),
    lastStepZeroOnly: variant(
      "∂L/∂h_T = 0 only (sum over i restored)",
      true,
      true,
    ),
    bothFixed: variant("both mistakes fixed", true, false),
  };

  // When is the diagonal term enough? Exactly when `W_hh` is diagonal: then
  // `h_{t+1,i}` does not depend on `h_{t,k}` for `i ≠ k`. Zero the
  // off-diagonal entries, and the diagonal-only recursion is exact.
  const diagonalParams: A31Params = {
    ...params,
    Whh: params.Whh.map((row, i) => row.map((w, j) => i === j ? w : 0)),
  };
  const diagonalTrace = rnnForward(toCore(diagonalParams), xs, {
    activation: "tanh",
  });
  const diagonalSeed = seedRecursion(
    diagonalParams,
    diagonalTrace.hs,
    diagonalTrace.ys.map(softmax),
    labels,
    { keepOffDiagonal: false, lastStepZero: false },
  );
  const diagonalWhhCheck = relativeError(
    diagonalSeed.gradWhh,
    rnnBptt(toCore(diagonalParams), xs, loss, { activation: "tanh" }).grads.W,
  );

  return {
    sizes: { d: INPUT_SIZE, n: HIDDEN_SIZE, c: CLASSES, T: STEPS },
    params,
    xs,
    labels,
    hs: trace.hs,
    zs,
    loss: bptt.loss,
    outputErrors,
    directStateGradients: direct,
    futureStateGradients: future,
    deltas,
    lastDeltaNorm: frobeniusNorm(deltas[STEPS - 1]),
    gradWhz,
    gradWhh,
    coreAgreement,
    seedGradWhz: seedWhz,
    seedGradWhzRelativeError: relativeError(seedWhz, gradWhz),
    seedVariants,
    diagonalWhhCheck,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
