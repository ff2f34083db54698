/**
 * # Audit of source solution 001: Assignment 3 (handwritten notes)
 *
 * Four questions: BPTT for a tanh RNN with a softmax output, unrolling and
 * parameter sharing, the cost of backpropagation in a deep network against
 * enumerating paths, and a linear autoencoder against PCA. The output-layer
 * gradient and the final formula for `∂L/∂W_hh` are right; the recursion that
 * feeds it drops a sum, and the autoencoder derivation solves a model with
 * biases that the question does not have.
 *
 * @module
 */
import {
  add,
  type Matrix,
  matvec,
  outer,
  rnnForward,
  type RnnParams,
  seededRandom,
  softmax,
  sub,
  transpose,
  type Vector,
  zeros,
} from "../lib/mod.ts";
import {
  type CorrectClaims,
  type Erratum,
  RELATIVE_ERROR,
  relativeDifference,
  SEED_FILES,
} from "./types.ts";

/** The test file of this module's errata and claims. */
export const TEST_FILE = "tests/audit/seed-001_test.ts";

// ## Question 1: the tanh RNN
//
// `h_t = tanh(W_sh x_t + W_hh h_{t−1} + b_h)`, `z_t = softmax(W_hz h_t + b_z)`,
// `L = Σ_t −log z_{t,y_t}`. In the library's names `W_hh = W`, `W_sh = U`,
// `b_h = b`, `W_hz = V`, `b_z = c`. The hidden size `n` is our choice; we take
// `n = 3` with `d = 2` inputs and `c = 4` classes, so that no shape can be
// confused with another.

/** The RNN of question 1 with its inputs and labels. */
export interface Question1Case {
  params: Required<RnnParams>;
  xs: Vector[];
  labels: number[];
}

/**
 * The case of question 1: `d = 2`, `n = 3`, `c = 4`, five steps, seeded.
 */
export function question1Case(): Question1Case {
  const rng = seededRandom(1101);
  const d = 2, n = 3, c = 4, steps = 5;
  const params = {
    W: rng.matrix(n, n, 0.8),
    U: rng.matrix(n, d),
    b: rng.vector(n, 0.3),
    V: rng.matrix(c, n),
    c: rng.vector(c, 0.3),
  };
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  const labels = xs.map(() => Math.floor(rng.uniform() * c));
  return { params, xs, labels };
}

/**
 * `∂L/∂W_hh` from the source's ② fed by a recursion for `∂L/∂h_t`: the source's
 * ① (`diagonalOnly`), which keeps only `W_hh,kk`, or the right one, which
 * sums over every unit `i` of `h_{t+1}`. Both start from the right boundary
 * `∂L/∂h_T = ∂L_T/∂h_T`.
 */
export function hiddenGradientRecursion(
  diagonalOnly: boolean,
  c: Question1Case = question1Case(),
): Matrix {
  const { params, xs, labels } = c;
  const n = params.W.length;
  const trace = rnnForward(params, xs, { activation: "tanh" });
  const hs = trace.hs;
  const T = xs.length - 1;
  // The output term Σ_l −(1/z_{t,y}) ∂z_{t,y}/∂u_{t,l} W_hz,lk = (W_hzᵀ (z_t − e_{y_t}))_k.
  const outputTerm = (t: number) => {
    const z = softmax(trace.ys[t]);
    z[labels[t]] -= 1;
    return matvec(transpose(params.V), z);
  };
  const dh: Vector[] = new Array(xs.length);
  dh[T] = outputTerm(T);
  for (let t = T - 1; t >= 0; t--) {
    const through = dh[t + 1].map((g, i) => g * (1 - hs[t + 1][i] ** 2));
    const fromFuture = diagonalOnly
      ? through.map((g, k) => g * params.W[k][k])
      : matvec(transpose(params.W), through);
    dh[t] = add(fromFuture, outputTerm(t));
  }
  // ② ∂L/∂W_hh,ij = Σ_t ∂L/∂h_{t,i} (1 − h_{t,i}²) h_{t−1,j}, with h_{−1} = 0.
  let grad = zeros(n, n);
  for (let t = 0; t <= T; t++) {
    const hPrev = t > 0 ? hs[t - 1] : trace.hInit;
    grad = add(
      grad,
      outer(dh[t].map((g, i) => g * (1 - hs[t][i] ** 2)), hPrev),
    );
  }
  return grad;
}

/**
 * `∂L/∂h_T` at the last step: the source says 0; it is `W_hzᵀ (z_T − e_{y_T})`.
 */
export function lastStepGradient(c: Question1Case = question1Case()): Vector {
  const trace = rnnForward(c.params, c.xs, { activation: "tanh" });
  const T = c.xs.length - 1;
  const z = softmax(trace.ys[T]);
  z[c.labels[T]] -= 1;
  return matvec(transpose(c.params.V), z);
}

// ## Question 2: unrolling
//
// `h_t = F(h_{t−1}, x_t)` unrolled four times is
// `F(F(F(F(h_{t−4}, x_{t−3}), x_{t−2}), x_{t−1}), x_t)`. The source's third line
// has three `F`s: read with two arguments each, it stops at `h_{t−1}`.

/**
 * `h_t` by the loop and the source's three-fold composition from `h_{t−4}`,
 * for `t = 4` (the RNN of question 1 as `F`).
 */
export function unrolling(c: Question1Case = question1Case()): {
  loop: Vector;
  seed: Vector;
  previous: Vector;
} {
  const { hs } = rnnForward(c.params, c.xs, { activation: "tanh" });
  const F = (h: Vector, x: Vector) =>
    rnnForward(c.params, [x], { activation: "tanh", hInit: h }).hs[0];
  const t = 4;
  const seed = F(F(F(hs[t - 4], c.xs[t - 3]), c.xs[t - 2]), c.xs[t - 1]);
  return { loop: hs[t], seed, previous: hs[t - 1] };
}

// ## Question 3: counting
//
// The architecture is not stated (the figure is missing). We read it as the
// source's own backpropagation count implies: `d` inputs, `L` hidden layers of
// `n` units, `c` outputs, no biases. The case: `d = 4`, `n = 3`, `L = 3`,
// `c = 2`.

/** The architecture of question 3. */
export interface DeepNet {
  /** Inputs. */
  d: number;
  /** Units per hidden layer. */
  n: number;
  /** Hidden layers. */
  L: number;
  /** Outputs. */
  c: number;
}

/** The case of question 3. */
export const DEEP_NET: DeepNet = { d: 4, n: 3, L: 3, c: 2 };

/**
 * The weight matrices of the network, input side first: `n × d`, then
 * `L − 1` of `n × n`, then `c × n`.
 */
export function layerShapes({ d, n, L, c }: DeepNet): [number, number][] {
  return [
    [n, d],
    ...Array.from({ length: L - 1 }, () => [n, n] as [number, number]),
    [c, n],
  ];
}

/**
 * The source's parameter count `cn + n²(L − 1) + cn`.
 */
export function seedParameterCount({ n, L, c }: DeepNet): number {
  return c * n + n * n * (L - 1) + c * n;
}

/**
 * The parameters, counted from the weight matrices.
 */
export function parameterCount(net: DeepNet): number {
  return layerShapes(net).reduce((s, [rows, cols]) => s + rows * cols, 0);
}

/**
 * One layer `y = tanh(W x)` backwards, counting multiplications: `δ = ∂J/∂y
 * ⊙ f'(Wx)` (n), `∂J/∂W = δ xᵀ` (mn), `∂J/∂x = Wᵀ δ` (mn).
 */
export function countedLayerBackward(W: Matrix, x: Vector, dJdy: Vector): {
  dJdx: Vector;
  dJdW: Matrix;
  deltaMultiplications: number;
  weightMultiplications: number;
  inputMultiplications: number;
} {
  let count = 0;
  const mul = (a: number, b: number) => {
    count++;
    return a * b;
  };
  const z = matvec(W, x);
  const delta = dJdy.map((g, k) => mul(g, 1 - Math.tanh(z[k]) ** 2));
  const deltaMultiplications = count;
  const dJdW = delta.map((dk) => x.map((xj) => mul(dk, xj)));
  const weightMultiplications = count - deltaMultiplications;
  const dJdx = x.map((_, i) =>
    delta.reduce((s, dk, k) => s + mul(W[k][i], dk), 0)
  );
  const inputMultiplications = count - deltaMultiplications -
    weightMultiplications;
  return {
    dJdx,
    dJdW,
    deltaMultiplications,
    weightMultiplications,
    inputMultiplications,
  };
}

/**
 * The layer of the `∂J/∂x` erratum: `m = 3` inputs, `n = 3` outputs, tanh,
 * `J = ½‖y − t‖²`.
 */
export function inputGradientCase(): { W: Matrix; x: Vector; target: Vector } {
  const rng = seededRandom(1102);
  return { W: rng.matrix(3, 3), x: rng.vector(3), target: rng.vector(3) };
}

/**
 * The layer whose backward pass is counted: `m = 8` inputs, `n = 6` outputs.
 */
export function countingCase(): { W: Matrix; x: Vector; dJdy: Vector } {
  const rng = seededRandom(1104);
  return { W: rng.matrix(6, 8), x: rng.vector(8), dJdy: rng.vector(6) };
}

/**
 * `∂J/∂x` by the source's formula `∂J/∂y_i f'((Wx)_i) W_ki`, read as the term
 * `k = i` of the sum, and by the sum `Σ_k ∂J/∂y_k f'((Wx)_k) W_ki`.
 */
export function inputGradient(): { seed: Vector; right: Vector } {
  const { W, x, target } = inputGradientCase();
  const z = matvec(W, x);
  const y = z.map(Math.tanh);
  const dJdy = sub(y, target);
  const delta = dJdy.map((g, k) => g * (1 - y[k] ** 2));
  return {
    seed: x.map((_, i) => delta[i] * W[i][i]),
    right: countedLayerBackward(W, x, dJdy).dJdx,
  };
}

/**
 * Every path from the units of hidden layer `i` to the outputs, enumerated
 * one by one (a depth-first walk over the layers).
 */
export function enumeratePaths(net: DeepNet, layer: number): number {
  // Layers layer … L have n units, layer L + 1 has c.
  const width = (l: number) => (l <= net.L ? net.n : net.c);
  const walk = (l: number): number => {
    if (l === net.L + 1) return 1;
    let paths = 0;
    for (let next = 0; next < width(l + 1); next++) paths += walk(l + 1);
    return paths;
  };
  let total = 0;
  for (let unit = 0; unit < width(layer); unit++) total += walk(layer);
  return total;
}

// ## Question 4: the linear autoencoder
//
// `x̃ = U₂ U₁ x` has no bias. The source's derivation adds `Σ_{i>k} b_i u_i` to
// the reconstruction, solves for `b_i = x̄ᵀ u_i`, and so works with centred
// data: it proves the result for `x̃ = U₂U₁x + b`. Without the bias the best
// `k`-dimensional subspace is spanned by the top eigenvectors of the second
// moment `R = (1/N) Σ x_n x_nᵀ`, not of the covariance `S`. Data with a large
// mean along one axis and a large spread along the other tell them apart.

/** The data of question 4: `N = 200` points in `ℝ²`, mean near `(3, 0)`. */
export function autoencoderData(): Vector[] {
  const rng = seededRandom(1103);
  return Array.from(
    { length: 200 },
    () => [3 + 0.3 * rng.normal(), rng.normal()],
  );
}

/**
 * The moments of the data: mean, covariance `S`, second moment `R`.
 */
export function moments(data: Vector[]): {
  mean: Vector;
  S: Matrix;
  R: Matrix;
} {
  const N = data.length;
  const d = data[0].length;
  const mean = data.reduce((s, x) => add(s, x), new Array<number>(d).fill(0))
    .map((v) => v / N);
  let S = zeros(d, d);
  let R = zeros(d, d);
  for (const x of data) {
    S = add(S, outer(sub(x, mean), sub(x, mean)));
    R = add(R, outer(x, x));
  }
  return {
    mean,
    S: S.map((row) => row.map((v) => v / N)),
    R: R.map((row) => row.map((v) => v / N)),
  };
}

/**
 * `J(u) = (1/N) Σ ‖x_n − u uᵀ x_n‖²`: the error of the bias-free autoencoder
 * whose one hidden unit spans the unit vector `u`.
 */
export function lineError(data: Vector[], u: Vector): number {
  let total = 0;
  for (const x of data) {
    const along = x.reduce((s, xi, i) => s + xi * u[i], 0);
    total += x.reduce((s, xi, i) => s + (xi - along * u[i]) ** 2, 0);
  }
  return total / data.length;
}

/** The unit eigenvector of the largest eigenvalue of a symmetric 2×2 matrix. */
function topEigenvector(m: Matrix): Vector {
  const [[a, b], [, c]] = m;
  const lambda = (a + c) / 2 + Math.hypot((a - c) / 2, b);
  const v = Math.abs(b) > 1e-300 ? [b, lambda - a] : a >= c ? [1, 0] : [0, 1];
  const length = Math.hypot(v[0], v[1]);
  return [v[0] / length, v[1] / length];
}

/**
 * The bias-free autoencoder with one hidden unit on the data: its error on
 * the source's subspace (top eigenvector of `S`) and on the right one (top
 * eigenvector of `R`).
 */
export function autoencoderSubspace(): {
  seedDirection: Vector;
  rightDirection: Vector;
  seedError: number;
  rightError: number;
} {
  const data = autoencoderData();
  const { S, R } = moments(data);
  const seedDirection = topEigenvector(S);
  const rightDirection = topEigenvector(R);
  return {
    seedDirection,
    rightDirection,
    seedError: lineError(data, seedDirection),
    rightError: lineError(data, rightDirection),
  };
}

/**
 * The source's `S = (1/N) Σ (x_nᵀ − x̄ᵀ)(x_nᵀ − x̄ᵀ)ᵀ` is a `1 × 1` matrix, the
 * trace of the covariance. With it, `J = Σ_{i>k} u_iᵀ S u_i = (d − k) tr S`
 * for any orthonormal `u_i`; with the covariance matrix, the minimum is the
 * sum of the `d − k` smallest eigenvalues.
 */
export function covarianceAsWritten(): { asWritten: number; right: number } {
  const data = autoencoderData();
  const { mean, S } = moments(data);
  // (x_nᵀ − x̄ᵀ)(x_nᵀ − x̄ᵀ)ᵀ: a row times a column, a number.
  const scalar = data.reduce(
    (s, x) => s + sub(x, mean).reduce((a, v) => a + v * v, 0),
    0,
  ) / data.length;
  const [[a, b], [, c]] = S;
  const smallest = (a + c) / 2 - Math.hypot((a - c) / 2, b);
  return { asWritten: (2 - 1) * scalar, right: smallest };
}

/**
 * Two optimal autoencoders (with bias) whose codes differ: the PCA codes
 * `z = U_kᵀ (x − x̄)` and `A z` for an invertible `A`, decoded by `U_k` and
 * `U_k A⁻¹`. Here `k = 1` on the data above and `A = 2`.
 */
export function encoderFreedom(): {
  pcaCode: number;
  mixedCode: number;
  pcaError: number;
  mixedError: number;
} {
  const data = autoencoderData();
  const { mean, S } = moments(data);
  const u = topEigenvector(S);
  const A = 2;
  const reconstructError = (encode: (x: Vector) => number, scale: number) =>
    data.reduce((s, x) => {
      const code = encode(x);
      const back = mean.map((m, i) => m + u[i] * code / scale);
      return s + x.reduce((a, xi, i) => a + (xi - back[i]) ** 2, 0);
    }, 0) / data.length;
  const pca = (x: Vector) => sub(x, mean).reduce((s, v, i) => s + v * u[i], 0);
  const mixed = (x: Vector) => A * pca(x);
  return {
    pcaCode: pca(data[0]),
    mixedCode: mixed(data[0]),
    pcaError: reconstructError(pca, 1),
    mixedError: reconstructError(mixed, A),
  };
}

/**
 * The errata of source solution 001.
 */
export function errata(): Erratum[] {
  const base = {
    seed: SEED_FILES.s001,
    alsoIn: [] as string[],
    part: "solution" as const,
  };
  const q1 = question1Case();
  const n = q1.params.W.length;
  const d = q1.params.U[0].length;
  const diagonal = hiddenGradientRecursion(true, q1);
  const full = hiddenGradientRecursion(false, q1);
  const last = lastStepGradient(q1);
  const unroll = unrolling(q1);
  const net = DEEP_NET;
  const input = inputGradient();
  const wide = countingCase();
  const layerCounts = countedLayerBackward(wide.W, wide.x, wide.dJdy);
  const m = wide.x.length;
  const pathsLayer1 = enumeratePaths(net, 1);
  const hiddenWeightCost = 2 *
    layerShapes(net).slice(1, net.L).reduce((s, [r, c]) => s + r * c, 0);
  const subspace = autoencoderSubspace();
  const covariance = covarianceAsWritten();
  const freedom = encoderFreedom();
  const list: Erratum[] = [
    {
      ...base,
      id: "001-hidden-size",
      title: "The hidden size does not follow from the input size",
      location: "Question 1, first lines",
      says:
        "“Suppose $x_t \\in \\mathbb{R}^d$, $z_t \\in \\mathbb{R}^c$, then $h_t \\in \\mathbb{R}^d$. $W_{sh}, W_{hh} \\in \\mathbb{R}^{d \\times d}$”",
      right:
        "The hidden size $n$ is a free choice and follows from neither $d$ nor $c$: $h_t \\in \\mathbb{R}^n$, $W_{sh} \\in \\mathbb{R}^{n \\times d}$, $W_{hh} \\in \\mathbb{R}^{n \\times n}$, $W_{hz} \\in \\mathbb{R}^{c \\times n}$. The derivation goes through unchanged.",
      reading:
        "We read $h_t \\in \\mathbb{R}^d$ as an assumption, not a consequence, and checked the gradients on a network with $n \\neq d$.",
      case: "$d = 2$ inputs, $n = 3$ hidden units, $c = 4$ classes.",
      quantity: "shape of $W_{sh}$ (rows, columns)",
      seedValue: [d, d],
      correctValue: [q1.params.U.length, d],
      difference: Math.abs(q1.params.U.length - d),
      measure: "rows: $|n - d|$",
      severity: "imprecise",
      exercises: ["a3-1"],
      test: {
        file: TEST_FILE,
        name: "001-hidden-size: the hidden size need not equal the input size",
      },
    },
    {
      ...base,
      id: "001-recursion-diagonal",
      title: "The recursion for $\\partial L/\\partial h_t$ drops a sum",
      location: "Question 1, ①",
      says:
        "$\\frac{\\partial L}{\\partial h_{t,k}} = \\frac{\\partial L}{\\partial h_{t+1,k}} (1 - h_{t+1,k}^2) W_{hh,kk} + \\sum_l \\dots$",
      right:
        "Unit $k$ of $h_t$ feeds every unit $i$ of $h_{t+1}$: $\\frac{\\partial L}{\\partial h_{t,k}} = \\sum_i \\frac{\\partial L}{\\partial h_{t+1,i}} (1 - h_{t+1,i}^2) W_{hh,ik} + \\sum_l (z_{t,l} - [l = y_t]) W_{hz,lk}$; the source's previous line has the sum $\\sum_i$ and then keeps only $i = k$. (It also writes $\\partial h_{t+1,i}/\\partial v_{t,i}$ for $\\partial h_{t+1,i}/\\partial v_{t+1,i}$.)",
      reading:
        "To isolate this error, both recursions start from the right boundary $\\partial L/\\partial h_T = \\partial L_T/\\partial h_T$ (see 001-last-step-zero) and feed the source's ②, which is right.",
      case:
        "The tanh RNN of 001-hidden-size, five steps, softmax cross-entropy.",
      quantity: "$\\partial L/\\partial W_{hh}$ (3 × 3)",
      seedValue: diagonal,
      correctValue: full,
      difference: relativeDifference(diagonal, full),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["a3-1"],
      test: {
        file: TEST_FILE,
        name:
          "001-recursion-diagonal: keeping only the diagonal of Wₕₕ loses the coupling between units",
      },
    },
    {
      ...base,
      id: "001-last-step-zero",
      title: "$\\partial L/\\partial h_T$ is not zero",
      location: "Question 1, after ②",
      says:
        "“We'll obtain a recursive term which contains $\\frac{\\partial L}{\\partial h_{t,k}}$ and $\\frac{\\partial L}{\\partial h_T} = 0$, where $T$ is the last step”",
      right:
        "$\\frac{\\partial L}{\\partial h_T} = \\frac{\\partial L_T}{\\partial h_T} = W_{hz}^\\top (z_T - e_{y_T})$, not zero: it is where the recursion starts. What vanishes is the term from the future, $\\partial L/\\partial h_{T+1} = 0$.",
      reading: "",
      case: "The tanh RNN of 001-hidden-size, $T = 4$.",
      quantity: "$\\partial L/\\partial h_T$",
      seedValue: new Array<number>(n).fill(0),
      correctValue: last,
      difference: Math.hypot(...last),
      measure: "$\\|\\cdot\\|_2$ of the right value",
      severity: "wrong",
      exercises: ["a3-1"],
      test: {
        file: TEST_FILE,
        name: "001-last-step-zero: the gradient at the last state is not zero",
      },
    },
    {
      ...base,
      id: "001-unrolling-missing-f",
      title: "A missing $F_\\theta$ in the unrolling",
      location: "Question 2 ①, third line",
      says:
        "$F_\\theta(F_\\theta(F_\\theta(h_{t-4}, x_{t-3}), x_{t-2}), x_{t-1}, x_t)$",
      right:
        "$F_\\theta(F_\\theta(F_\\theta(F_\\theta(h_{t-4}, x_{t-3}), x_{t-2}), x_{t-1}), x_t)$: four applications from $h_{t-4}$; the lines before and after are right.",
      reading:
        "$F_\\theta$ takes two arguments, so the three $F$s are read as three steps (the stray $x_t$ dropped), which end at $h_{t-1}$.",
      case: "The tanh RNN of 001-hidden-size as $F_\\theta$, $t = 4$.",
      quantity: "$h_t$",
      seedValue: unroll.seed,
      correctValue: unroll.loop,
      difference: relativeDifference(unroll.seed, unroll.loop),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["a3-2"],
      test: {
        file: TEST_FILE,
        name: "001-unrolling-missing-f: three applications of F stop at hₜ₋₁",
      },
    },
    {
      ...base,
      id: "001-parameter-count",
      title: "The parameter count has $c$ where $d$ belongs",
      location: "Question 3 1)",
      says: "“the number of parameters: $cn + n^2(L-1) + cn$”",
      right:
        "$dn + n^2(L-1) + nc$: the first layer maps $d$ inputs to $n$ units (the source's own count of multiplications uses $2nd$ for it). With biases, add $nL + c$.",
      reading:
        "$d$ inputs, $L$ hidden layers of $n$ units, $c$ outputs, no biases (the figure is missing; this is what the source's later counts imply).",
      case: "$d = 4$, $n = 3$, $L = 3$, $c = 2$.",
      quantity: "number of weights",
      seedValue: seedParameterCount(net),
      correctValue: parameterCount(net),
      difference: Math.abs(parameterCount(net) - seedParameterCount(net)),
      measure: "weights",
      severity: "wrong",
      exercises: ["a3-3"],
      test: {
        file: TEST_FILE,
        name: "001-parameter-count: the first layer has dn weights, not cn",
      },
    },
    {
      ...base,
      id: "001-input-gradient-sum",
      title: "$\\partial J/\\partial x_i$ drops the sum over $k$",
      location: "Question 3 2), $\\partial J/\\partial x_i$",
      says:
        "$\\frac{\\partial J}{\\partial x_i} = \\sum_k \\dots = \\frac{\\partial J}{\\partial y_i} f'((Wx)_i) W_{ki}$",
      right:
        "$\\frac{\\partial J}{\\partial x_i} = \\sum_k \\frac{\\partial J}{\\partial y_k} f'((Wx)_k) W_{ki}$: every output $y_k$ depends on $x_i$, so the sum over $k$ stays (unlike for $\\partial J/\\partial W_{ij}$, where only $y_i$ depends on $W_{ij}$).",
      reading:
        "The printed right-hand side has a free $k$; we read it as the term $k = i$ of the sum, the only one its other indices name.",
      case:
        "One layer $y = \\tanh(Wx)$, $3 \\times 3$, $J = \\tfrac12\\|y - t\\|^2$, seeded.",
      quantity: "$\\partial J/\\partial x$",
      seedValue: input.seed,
      correctValue: input.right,
      difference: relativeDifference(input.seed, input.right),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["a3-3"],
      test: {
        file: TEST_FILE,
        name: "001-input-gradient-sum: dJ/dx_i needs the sum over k",
      },
    },
    {
      ...base,
      id: "001-input-gradient-count",
      title: "The cost of $\\partial J/\\partial x$",
      location: "Question 3 2)",
      says:
        "“for each $\\partial J/\\partial x_i$, we need 2 multiplications. Thus we need $2m$ multiplications for $\\partial J/\\partial x$”",
      right:
        "With $\\delta_k = \\frac{\\partial J}{\\partial y_k} f'((Wx)_k)$ formed once, $\\partial J/\\partial x = W^\\top \\delta$ takes $mn$ multiplications ($n$ per input), so the per-layer terms $2n$ of the source's total become $n^2$ (and $nc$ at the output).",
      reading:
        "Multiplications counted in an implementation that forms $\\delta$ once ($n$ multiplications, counted apart).",
      case: "One tanh layer with $m = 8$ inputs and $n = 6$ outputs.",
      quantity: "multiplications for $\\partial J/\\partial x$",
      seedValue: 2 * m,
      correctValue: layerCounts.inputMultiplications,
      difference: Math.abs(layerCounts.inputMultiplications - 2 * m),
      measure: "multiplications",
      severity: "wrong",
      exercises: ["a3-3"],
      test: {
        file: TEST_FILE,
        name:
          "001-input-gradient-count: the input gradient costs mn multiplications, not 2m",
      },
    },
    {
      ...base,
      id: "001-path-count-layer",
      title: "Paths of a layer counted for one unit",
      location: "Question 3 3), “Hidden $i+1 \\to$ Hidden $i$: for neurons”",
      says:
        "“we have $Cn^{(N-i-1)}$ paths” per unit, and the layer's term $(L-i+1)\\,C n^{L-i}$",
      right:
        "$C n^{L-i}$ paths leave each unit of hidden layer $i$ (with $N = L + 1$ the source's count per unit agrees), but the layer has $n$ units: $n \\cdot C n^{L-i} = C n^{L-i+1}$ paths, each costing its multiplications. The layer's term is the cost of one unit.",
      reading:
        "We compare the number of paths, which does not depend on how the multiplications along a path are counted; the source's term for the layer is (multiplications per path) × $C n^{L-i}$.",
      case: "$d = 4$, $n = 3$, $L = 3$, $c = 2$; hidden layer $i = 1$.",
      quantity: "paths from hidden layer 1 to the outputs",
      seedValue: net.c * net.n ** (net.L - 1),
      correctValue: pathsLayer1,
      difference: Math.abs(pathsLayer1 - net.c * net.n ** (net.L - 1)),
      measure: "paths",
      severity: "wrong",
      exercises: ["a3-3"],
      test: {
        file: TEST_FILE,
        name: "001-path-count-layer: a layer has n times the paths of one unit",
      },
    },
    {
      ...base,
      id: "001-path-total-hidden-weights",
      title: "The hidden weight matrices counted once",
      location: "Question 3 3), the total",
      says: "$2cn + cn + 2n^2 + 2dn + \\sum_{i=1}^{L-1} (L-i+1) C n^{L-i}$",
      right:
        "The $L - 1$ hidden-to-hidden weight matrices each cost $2n^2$ (as the line above the total and the source's backpropagation total say), so the total has $2n^2(L-1)$, not $2n^2$.",
      reading:
        "The source's own convention: two multiplications per weight gradient.",
      case: "$d = 4$, $n = 3$, $L = 3$, $c = 2$.",
      quantity: "multiplications for the hidden-to-hidden weight gradients",
      seedValue: 2 * net.n ** 2,
      correctValue: hiddenWeightCost,
      difference: Math.abs(hiddenWeightCost - 2 * net.n ** 2),
      measure: "multiplications",
      severity: "wrong",
      exercises: ["a3-3"],
      test: {
        file: TEST_FILE,
        name:
          "001-path-total-hidden-weights: the L − 1 hidden weight matrices each cost 2n²",
      },
    },
    {
      ...base,
      id: "001-autoencoder-bias",
      title: "A bias-free autoencoder solved with biases",
      location: "Question 4",
      says:
        "$\\tilde x = U_2 U_1 x$, then $\\tilde x_n = \\sum_{i=1}^k z_{ni} u_i + \\sum_{i=k+1}^d b_i u_i$ with $b_j = \\bar x^\\top u_j$, so the $u_i$ are the top eigenvectors of the covariance $S$",
      right:
        "The autoencoder of the question has no bias, but the derivation gives the reconstruction one ($\\sum_{i>k} b_i u_i$). That proves the result for $\\tilde x = U_2U_1x + b$. Without the bias the best subspace is spanned by the top $k$ eigenvectors of the second moment $R = \\frac1N\\sum_n x_n x_n^\\top$, and the error is the sum of the $d - k$ smallest eigenvalues of $R$; the two agree only for centred data.",
      reading:
        "The question as stated (no bias), on data whose mean is large along one axis and whose spread is large along the other.",
      case:
        "$N = 200$ points in $\\mathbb{R}^2$, mean near $(3, 0)$, standard deviations $0.3$ and $1$; $k = 1$.",
      quantity: "reconstruction error $J$ of the bias-free autoencoder",
      seedValue: subspace.seedError,
      correctValue: subspace.rightError,
      difference: subspace.seedError - subspace.rightError,
      measure: "source − right",
      severity: "wrong",
      exercises: ["a3-4"],
      test: {
        file: TEST_FILE,
        name:
          "001-autoencoder-bias: without a bias the best subspace comes from the second moment",
      },
      details: [
        {
          label: "source's direction (top of $S$)",
          value: subspace.seedDirection,
        },
        {
          label: "right direction (top of $R$)",
          value: subspace.rightDirection,
        },
      ],
    },
    {
      ...base,
      id: "001-covariance-scalar",
      title: "The covariance written as a number",
      location: "Question 4, definition of $S$",
      says:
        "$S = \\frac{1}{N} \\sum_{n=1}^N (x_n^\\top - \\bar x^\\top)(x_n^\\top - \\bar x^\\top)^\\top$",
      right:
        "$S = \\frac1N \\sum_n (x_n - \\bar x)(x_n - \\bar x)^\\top$, a $d \\times d$ matrix. As printed, a row times a column, it is a number, $\\operatorname{tr} S$, and $J = \\sum_{i>k} u_i^\\top S u_i$ would be $(d - k)\\operatorname{tr} S$ for every choice of the $u_i$.",
      reading: "The printed product taken literally.",
      case: "The data of 001-autoencoder-bias, $k = 1$.",
      quantity: "$J = \\sum_{i>k} u_i^\\top S u_i$ at the best $u_i$",
      seedValue: covariance.asWritten,
      correctValue: covariance.right,
      difference: covariance.asWritten - covariance.right,
      measure: "source − right",
      severity: "wrong",
      exercises: ["a3-4"],
      test: {
        file: TEST_FILE,
        name: "001-covariance-scalar: the printed S is a number, the trace",
      },
    },
    {
      ...base,
      id: "001-encoder-not-pca",
      title: "PCA's subspace, not necessarily PCA's encoder",
      location: "Question 4, conclusion",
      says:
        "“which means the encoder is the $k$-dimensional PCA projection of $x_n$”",
      right:
        "The optimum fixes the subspace, not the encoder: for any invertible $k \\times k$ matrix $A$, $(A U_1, U_2 A^{-1})$ reconstructs exactly as well, so the hidden units hold some invertible mixture of the principal components, as Baldi and Hornik showed (the exercise's page cites them).",
      reading:
        "With the bias of the source's derivation, so that the optimal subspace is PCA's.",
      case: "The data of 001-autoencoder-bias, $k = 1$, $A = 2$.",
      quantity: "the code of the first data point",
      seedValue: freedom.pcaCode,
      correctValue: freedom.mixedCode,
      difference: Math.abs(freedom.mixedCode - freedom.pcaCode),
      measure: "|difference| of the codes, at equal reconstruction error",
      severity: "imprecise",
      exercises: ["a3-4"],
      test: {
        file: TEST_FILE,
        name:
          "001-encoder-not-pca: an invertible mixture of the codes is just as good",
      },
      details: [
        { label: "error with PCA codes", value: freedom.pcaError },
        { label: "error with mixed codes", value: freedom.mixedError },
      ],
    },
  ];
  return list;
}

/**
 * What source solution 001 gets right, each claim checked in {@link TEST_FILE}.
 */
export function correct(): CorrectClaims {
  return {
    seed: SEED_FILES.s001,
    title:
      "Assignment 3 (handwritten notes): a tanh RNN with softmax output, deep networks, a linear autoencoder",
    claims: [
      "Question 1 ①: $\\partial L/\\partial W_{hz,ij} = \\sum_t -\\frac{h_{t,j}}{z_{t,y_t}} \\frac{\\partial z_{t,y_t}}{\\partial u_{t,i}}$ with the softmax derivative as given, that is $\\sum_t (z_{t,i} - [i = y_t])\\,h_{t,j}$.",
      "Question 1 ②: $\\partial L/\\partial W_{hh,ij} = \\sum_t \\frac{\\partial L}{\\partial h_{t,i}} (1 - h_{t,i}^2)\\,h_{t-1,j}$, given the right $\\partial L/\\partial h_t$.",
      "Question 2: $h_2 = F_\\theta(F_\\theta(h_0, x_1), x_2)$; shared parameters let one network read sequences of any length.",
      "Question 3 2): $\\partial J/\\partial W_{ij} = \\frac{\\partial J}{\\partial y_i} f'((Wx)_i)\\,x_j$.",
      "Question 4: with a bias (equivalently, centred data), the optimal codes are $z_{nj} = x_n^\\top u_j$, the optimal offsets $b_j = \\bar x^\\top u_j$, the error is $\\sum_{i>k} u_i^\\top S u_i$, minimal for the top $k$ eigenvectors of the covariance.",
    ],
  };
}
